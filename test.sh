#!/usr/bin/env bash
# Runs every Maildriver test. Needs only the .NET 10 SDK; some tests also use the Debian packages .ci/run installs
# (postgresql, chromium, tmux, openssl, curl, python3): without tmux, chromium, openssl, curl or python3 those tests
# fail with a message saying what is missing; without a PostgreSQL server its tests are skipped with a message.
#
# The storage, protocol and recovery suites run twice: on SQLite (the default), then on PostgreSQL when a server answers
# on 127.0.0.1:5432 (user postgres, password postgres; MAILDRIVER_TEST_PG_SERVER overrides the connection).
set -uo pipefail
cd "$(dirname "$0")"
dotnet build Maildriver.sln -c Debug -nologo -v quiet || exit 1

status=0
# -m:1: one test project at a time. Clustering.Tests starts real Orleans silos with 1 s probe timeouts; beside the
# main suite's real-time failure detection on two cores, the two would starve each other.
dotnet test Maildriver.sln -c Debug --no-build -nologo -m:1 --logger "console;verbosity=normal" "$@" || status=1

if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "== The storage, protocol and recovery suites again, on PostgreSQL =="
  MAILDRIVER_TEST_STORAGE=postgres dotnet test Tests/Tests.csproj -c Debug --no-build -nologo --logger "console;verbosity=normal" \
    --filter "(FullyQualifiedName~Grains.Storage|FullyQualifiedName~Grains.Protocol|FullyQualifiedName~Grains.Recovery)&FullyQualifiedName!~StorageFault" || status=1
else
  echo "== PostgreSQL is not reachable on 127.0.0.1:5432: the storage, protocol and recovery suites ran on SQLite only =="
fi

exit $status
