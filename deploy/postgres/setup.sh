#!/usr/bin/env bash
# Prepares this host's PostgreSQL for one Maildriver machine: a login role and the machine's own database
# (each machine keeps its own disk, as in the paper). The silo creates its tables itself at start (versioned
# migrations); this only makes the role and the database.
#
#   sudo deploy/postgres/setup.sh MD1 'a-strong-password'
#
# Then put the same password in cluster.json's storage.connectionString. The database keeps PostgreSQL's default
# synchronous_commit = on, which an acknowledged letter relies on: leave it on.
set -euo pipefail
machine="${1:?usage: setup.sh MACHINE PASSWORD}"
password="${2:?usage: setup.sh MACHINE PASSWORD}"
database="maildriver_${machine}"

psql_admin() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $*"; }

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'maildriver'\"")" != "1" ]; then
  psql_admin "-c \"CREATE ROLE maildriver LOGIN PASSWORD '${password//\'/\'\'}'\""
else
  psql_admin "-c \"ALTER ROLE maildriver PASSWORD '${password//\'/\'\'}'\""
fi

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname = '${database}'\"")" != "1" ]; then
  psql_admin "-c 'CREATE DATABASE \"${database}\" OWNER maildriver'"
fi

echo "PostgreSQL ready for ${machine}: role maildriver, database ${database}"
echo "synchronous_commit: $(psql_admin "-c 'SHOW synchronous_commit'")"
