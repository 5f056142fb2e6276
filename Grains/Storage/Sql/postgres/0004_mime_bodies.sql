-- Issue 17: a letter's body is its RFC 5322 message, bytes rather than text (its charsets are its own). The old
-- texts become their UTF-8 bytes here, and MimeBodiesMigration (Grains/Storage/MimeBodies) then turns each into its
-- message, in the same transaction.
ALTER TABLE letters ALTER COLUMN body TYPE bytea USING convert_to(body, 'UTF8');
ALTER TABLE protoletters ALTER COLUMN body TYPE bytea USING convert_to(body, 'UTF8');
ALTER TABLE master_letters ALTER COLUMN body TYPE bytea USING convert_to(body, 'UTF8');
