#!/usr/bin/env bash
# The maildriver CLI as deploy/local-cluster.sh publishes it (deploy/local/cli: self-contained, precompiled), publishing
# it first if missing; `dotnet run --project Client.Tui` would build on every call. Arguments pass through unchanged:
#   deploy/maildriver.sh --gateway 127.0.0.1:30001 --user alice --password alice-pw receive
# With MAILDRIVER_BIN_DIR, the maildriver.dll of that folder runs instead, through dotnet (as the tests run it).
# 'deploy/local-cluster.sh build' refreshes the CLI after a code change.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet="${DOTNET:-${DOTNET_HOST_PATH:-dotnet}}"

if [[ -n "${MAILDRIVER_BIN_DIR:-}" ]]; then
    exec "$dotnet" "$MAILDRIVER_BIN_DIR/maildriver.dll" "$@"
fi

if [[ ! -x "$here/local/cli/maildriver" ]]; then
    "$here/local-cluster.sh" build >&2
fi

exec "$here/local/cli/maildriver" "$@"
