#!/usr/bin/env bash
# The maildriver CLI as deploy/local-cluster.sh publishes it (deploy/local/cli: self-contained, precompiled), publishing
# it first if missing; `dotnet run --project Client.Tui` would build on every call. Arguments pass through unchanged:
#   deploy/maildriver.sh --gateway 127.0.0.1:30001 --user alice --password alice-pw receive
# With MAILDRIVER_BIN_DIR, the maildriver.dll of that folder runs instead, through dotnet (as the tests run it).
# 'deploy/local-cluster.sh build' refreshes the CLI after a code change.
# Given neither --gateway nor MAILDRIVER_GATEWAYS, it passes the local cluster's gateways (local-cluster.sh gateways),
# so that `deploy/local-cluster.sh up && deploy/maildriver.sh --user admin --password admin` opens the reader logged in.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet="${DOTNET:-${DOTNET_HOST_PATH:-dotnet}}"

given_gateway=false
for arg in "$@"; do
    [[ "$arg" == --gateway || "$arg" == --gateway=* ]] && given_gateway=true
done
if [[ -z "${MAILDRIVER_GATEWAYS:-}" ]] && ! $given_gateway; then
    if local_gateways="$("$here/local-cluster.sh" gateways 2>/dev/null)" && [[ -n "$local_gateways" ]]; then
        export MAILDRIVER_GATEWAYS="$local_gateways"
    fi
fi

if [[ -n "${MAILDRIVER_BIN_DIR:-}" ]]; then
    exec "$dotnet" "$MAILDRIVER_BIN_DIR/maildriver.dll" "$@"
fi

if [[ ! -x "$here/local/cli/maildriver" ]]; then
    "$here/local-cluster.sh" build >&2
fi

exec "$here/local/cli/maildriver" "$@"
