-- Grain state records, one per (grain, state name); see AdoNetGrainStorage.
-- etag counts writes and never goes back: clearing a state keeps the row with payload NULL, so an activation
-- still holding an old ETag cannot overwrite a record that was cleared and written again since.
CREATE TABLE grain_state (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    etag       INTEGER NOT NULL,
    payload    TEXT    NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
);
