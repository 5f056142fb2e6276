-- Issue 17: a letter's body is its RFC 5322 message, bytes rather than text (its charsets are its own). SQLite's
-- columns keep their declared type: a TEXT column stores a BLOB as it is. The old texts become their UTF-8 bytes
-- here, and MimeBodiesMigration (Grains/Storage/MimeBodies) then turns each into its message.
UPDATE letters SET body = CAST(body AS BLOB);
UPDATE protoletters SET body = CAST(body AS BLOB);
UPDATE master_letters SET body = CAST(body AS BLOB);
