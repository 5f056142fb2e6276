-- Maildriver: this is Orleans's own script, unchanged after the last line of this note.
-- Taken from https://github.com/dotnet/orleans, commit e558829b0b0f696e98c222438106e643fb53928f (main, 2026-08-22),
-- file src/AdoNet/Shared/Sqlite-Main.sql (git blob d1ff212448c42c251f0b835d2ac12177c69794f6).
-- Copyright (c) .NET Foundation. MIT licence: see LICENSE beside this file (Orleans's LICENSE, unchanged).
-- Maildriver.Clustering embeds this file and installs it once per database through OrleansSqlScripts, which records
-- its SHA-256 in maildriver_orleans_scripts and refuses a database where a different text was installed under this
-- name. Do not edit it: a new version of Orleans's schema comes as a new script with a name of its own.
-- ---- end of Maildriver's note ----
/*
Implementation notes:

1) The general idea is that data is read and written through Orleans specific queries.
   Orleans operates on column names and types when reading and on parameter names and types when writing.

2) The implementations *must* preserve input and output names and types. Orleans uses these parameters to reads query results by name and type.
   Vendor and deployment specific tuning is allowed and contributions are encouraged as long as the interface contract
   is maintained.

3) The implementation across vendor specific scripts *should* preserve the constraint names. This simplifies troubleshooting
   by virtue of uniform naming across concrete implementations.

5) ETag for Orleans is an opaque column that represents a unique version. The type of its actual implementation
   is not important as long as it represents a unique version. In this implementation we use integers for versioning

6) For the sake of being explicit and removing ambiguity, Orleans expects some queries to return either TRUE as >0 value

   or FALSE as =0 value. That is, affected rows or such does not matter. If an error is raised or an exception is thrown
   the query *must* ensure the entire transaction is rolled back and may either return FALSE or propagate the exception.
   Orleans handles exception as a failure and will retry.

7) The implementation follows the Extended Orleans membership protocol. For more information, see at:
        https://learn.microsoft.com/dotnet/orleans/implementation/cluster-management
        https://github.com/dotnet/orleans/blob/main/src/Orleans.Core/SystemTargetInterfaces/IMembershipTable.cs
*/

-- These settings improves throughput of the database by reducing locking by better separating readers from writers.
-- SQL Server 2012 and newer can refer to itself as CURRENT. Older ones need a workaround.
CREATE TABLE OrleansQuery
(
    QueryKey  TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL
);
