#!/usr/bin/env bash
# Runs every Maildriver test. Needs only the .NET 10 SDK; the PostgreSQL, browser and tmux tests also use the
# Debian packages .ci/run installs (postgresql, chromium, tmux) and skip with a clear message without them.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Maildriver.sln -c Debug -nologo -v quiet
exec dotnet test Maildriver.sln -c Debug --no-build -nologo --logger "console;verbosity=normal" "$@"
