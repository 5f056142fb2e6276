-- The cluster's recent events (deaths, rebirths, takeovers, appointments) as a Master or Lieutenant recorded them.
-- Every machine keeps a copy of every event it heard of, so the events outlive the machine that recorded them and a
-- change of Master; the dashboard merges the machines' copies by id. Only the newest few hundred are kept.
-- Not part of a snapshot: it is for watching, not mail.
CREATE TABLE cluster_events (
    id          TEXT NOT NULL PRIMARY KEY,
    time_us     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    epoch       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    count       INTEGER NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX cluster_events_by_time ON cluster_events (time_us);
