#!/usr/bin/env bash
# The maildriver CLI, built once and run from its dll (`dotnet run --project Client.Tui` builds on every call).
# Arguments pass through unchanged, e.g.:
#   deploy/maildriver.sh --gateway 127.0.0.1:30001 --user alice --password alice-pw receive
# Uses the build of deploy/local-cluster.sh (deploy/local/bin, or MAILDRIVER_BIN_DIR), building it if missing;
# 'deploy/local-cluster.sh build' refreshes it after a code change.
# Given neither --gateway nor MAILDRIVER_GATEWAYS, it passes the local cluster's gateways (local-cluster.sh gateways),
# so that `deploy/local-cluster.sh up && deploy/maildriver.sh --user admin --password admin` opens the reader logged in.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${MAILDRIVER_BIN_DIR:-$here/local/bin}"
dotnet="${DOTNET:-${DOTNET_HOST_PATH:-dotnet}}"

if [[ ! -f "$bin_dir/maildriver.dll" ]]; then
    "$here/local-cluster.sh" build >&2
fi

given_gateway=false
for arg in "$@"; do
    [[ "$arg" == --gateway || "$arg" == --gateway=* ]] && given_gateway=true
done
if [[ -z "${MAILDRIVER_GATEWAYS:-}" ]] && ! $given_gateway; then
    if local_gateways="$("$here/local-cluster.sh" gateways 2>/dev/null)" && [[ -n "$local_gateways" ]]; then
        export MAILDRIVER_GATEWAYS="$local_gateways"
    fi
fi

exec "$dotnet" "$bin_dir/maildriver.dll" "$@"
