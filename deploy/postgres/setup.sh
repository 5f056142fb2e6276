#!/usr/bin/env bash
# Prepares this host's PostgreSQL for one Maildriver machine: a login role and the machine's own database
# (each machine keeps its own disk, as in the paper). The silo creates its tables itself at start (versioned
# migrations); this only makes the role and the database. Orleans's own tables are not made here either: they come
# from Orleans's scripts in deploy/postgres/orleans/ (taken unchanged from dotnet/orleans, MIT), which
# Maildriver.Clustering installs into a database at a silo's start when the silo keeps grain state there
# (AddMachineGrainStorage) or its membership (UsePostgresClustering), recording each script in
# maildriver_orleans_scripts. Do not run them by hand with psql: a database with Orleans's tables but no record of
# them stops the install with an error.
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
