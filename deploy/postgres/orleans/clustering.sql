-- Maildriver: the PostgreSQL schema for Orleans's ADO.NET clustering provider (Microsoft.Orleans.Clustering.AdoNet
-- 10.4.2, invariant "Npgsql"), written for Maildriver. It is not Orleans's PostgreSQL-Clustering.sql: it keeps the
-- interface that provider reads (the OrleansQuery table, the query keys below, their parameter names and result
-- columns), with tables and statements of its own.
--
-- Idempotent: run it on every start, or by hand: psql -v ON_ERROR_STOP=1 -d DATABASE -f clustering.sql
--
-- The provider's contract, as this script keeps it:
-- * InsertMembershipKey and UpdateMembershipKey compare-and-swap the cluster's version (@Version, the version the
--   silo read) in the same statement as the row's insert or update: both happen, or neither. Each returns one row,
--   one column, true on success. Every change of a row moves the version on, so the version check also guards the
--   row (this provider hands out no row ETags of its own).
-- * MembershipReadRowKey and MembershipReadAllKey return at least one row: the version, with the members' columns
--   null when there are none (a null StartTime means "no member").
-- * UpdateIAmAlivetimeKey writes only IAmAliveTime.
-- * Times are timestamptz: Orleans passes UTC DateTime values.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

CREATE TABLE IF NOT EXISTS maildriver_cluster_version
(
    cluster_id varchar(150) NOT NULL PRIMARY KEY,
    version    integer      NOT NULL DEFAULT 0,
    changed_at timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS maildriver_cluster_members
(
    cluster_id      varchar(150)  NOT NULL REFERENCES maildriver_cluster_version (cluster_id) ON DELETE CASCADE,
    address         varchar(45)   NOT NULL,
    port            integer       NOT NULL,
    generation      integer       NOT NULL,
    silo_name       varchar(150)  NOT NULL,
    host_name       varchar(150)  NOT NULL,
    status          integer       NOT NULL,
    proxy_port      integer       NULL,
    suspect_times   varchar(8000) NULL,
    start_time      timestamptz   NOT NULL,
    i_am_alive_time timestamptz   NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO maildriver_cluster_version (cluster_id) VALUES (@DeploymentId)
        ON CONFLICT (cluster_id) DO NOTHING
        RETURNING 1)
    SELECT count(*) > 0 FROM created;
'),
(
    -- The version row is locked first (FOR UPDATE waits for any other writer and then sees its result), so the
    -- version check, the insert and the version bump act on one state of the cluster.
    'InsertMembershipKey', '
    WITH current_version AS (
        SELECT version FROM maildriver_cluster_version
        WHERE cluster_id = @DeploymentId
        FOR UPDATE),
    inserted AS (
        INSERT INTO maildriver_cluster_members (cluster_id, address, port, generation, silo_name, host_name, status,
                                                proxy_port, start_time, i_am_alive_time)
        SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
               @ProxyPort, @StartTime, @IAmAliveTime
        FROM current_version
        WHERE current_version.version = @Version
        ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
        RETURNING 1),
    bumped AS (
        UPDATE maildriver_cluster_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND EXISTS (SELECT 1 FROM inserted)
        RETURNING 1)
    SELECT count(*) > 0 FROM bumped;
'),
(
    'UpdateMembershipKey', '
    WITH current_version AS (
        SELECT version FROM maildriver_cluster_version
        WHERE cluster_id = @DeploymentId
        FOR UPDATE),
    updated AS (
        UPDATE maildriver_cluster_members AS m
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM current_version
        WHERE current_version.version = @Version
          AND m.cluster_id = @DeploymentId AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1),
    bumped AS (
        UPDATE maildriver_cluster_version SET version = version + 1, changed_at = now()
        WHERE cluster_id = @DeploymentId AND EXISTS (SELECT 1 FROM updated)
        RETURNING 1)
    SELECT count(*) > 0 FROM bumped;
'),
(
    'UpdateIAmAlivetimeKey', '
    UPDATE maildriver_cluster_members SET i_am_alive_time = @IAmAliveTime
    WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),
(
    'MembershipReadRowKey', '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
    FROM maildriver_cluster_version AS v
    LEFT JOIN maildriver_cluster_members AS m
           ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.cluster_id = @DeploymentId;
'),
(
    'MembershipReadAllKey', '
    SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
    FROM maildriver_cluster_version AS v
    LEFT JOIN maildriver_cluster_members AS m ON m.cluster_id = v.cluster_id
    WHERE v.cluster_id = @DeploymentId;
'),
(
    -- The members go with their version row (ON DELETE CASCADE).
    'DeleteMembershipTableEntriesKey', '
    DELETE FROM maildriver_cluster_version WHERE cluster_id = @DeploymentId;
'),
(
    -- Rows that are not Active (3) and have shown no sign of life (start or I-am-alive) since @IAmAliveTime.
    'CleanupDefunctSiloEntriesKey', '
    DELETE FROM maildriver_cluster_members
    WHERE cluster_id = @DeploymentId AND status <> 3 AND greatest(start_time, i_am_alive_time) < @IAmAliveTime;
'),
(
    -- Clients: the gateways of the silos that are Active (@Status) and have a gateway port.
    'GatewaysQueryKey', '
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM maildriver_cluster_members
    WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
