#!/usr/bin/env bash
# Runs the kill -9 torture test (Tests/Processes/Torture/TortureTests.cs) alone, for as long as you like:
#
#   deploy/torture.sh                        2 minutes of chaos with a fresh seed
#   deploy/torture.sh --minutes 30           a long run
#   deploy/torture.sh --seed 12345           replay the crash schedule of a failed run (its message names the seed)
#   deploy/torture.sh --keep                 keep the cluster folder (silo logs, torture.log, data) afterwards
#
# Three real Maildriver.Silo processes on 127.0.0.1 take steady mail and admin traffic (users and lists added and
# deleted) while one machine at a time (Master and Lieutenant included) is killed with SIGKILL and restarted; then
# every mailbox (letters, read flags), user and list on every machine is audited against what clients were told.
# A seed fixes the kill schedule and the traffic's choices, not the timing, so a replay is close to, not exactly,
# the original run. The test's own timeline (kills, restarts, status changes) is printed as it goes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
minutes=""
seed=""

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while (($# > 0)); do
    case "$1" in
        --minutes) [[ $# -ge 2 ]] || usage; minutes="$2"; shift 2 ;;
        --seed) [[ $# -ge 2 ]] || usage; seed="$2"; shift 2 ;;
        --keep) export MAILDRIVER_KEEP_TEST_FOLDERS=1; shift ;;
        -h|--help) usage ;;
        *) echo "torture: unknown argument '$1'" >&2; usage ;;
    esac
done

if [[ -n "$minutes" && ! "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "torture: --minutes wants a positive number, not '$minutes'" >&2
    exit 2
fi

if [[ -n "$seed" && ! "$seed" =~ ^-?[0-9]+$ ]]; then
    echo "torture: --seed wants an integer, not '$seed'" >&2
    exit 2
fi

# The test reads these; unset ones mean "2 minutes" and "a fresh seed".
if [[ -n "$minutes" ]]; then export MAILDRIVER_TORTURE_MINUTES="$minutes"; else unset MAILDRIVER_TORTURE_MINUTES; fi
if [[ -n "$seed" ]]; then export MAILDRIVER_TORTURE_SEED="$seed"; else unset MAILDRIVER_TORTURE_SEED; fi

cd "$root"
echo "torture: ${minutes:-2} minute(s) of chaos, seed ${seed:-fresh (printed by the test)}" >&2
output="$(mktemp "${TMPDIR:-/tmp}/maildriver-torture.XXXXXX")"
trap 'rm -f "$output"' EXIT
set +e
dotnet test Tests/Tests.csproj -nologo \
    --filter "FullyQualifiedName~Maildriver.Tests.Processes.Torture.TortureTests" \
    --logger "console;verbosity=detailed" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e

# The test prints "torture: seed N (...)" first thing, whether the seed was given or fresh.
ran_seed="$(grep -oE 'torture: seed -?[0-9]+' "$output" | head -n 1 | grep -oE -- '-?[0-9]+$' || true)"
echo >&2
if ((status == 0)); then
    echo "torture: passed (seed ${ran_seed:-?})." >&2
else
    echo "torture: FAILED (exit $status, seed ${ran_seed:-?})." >&2
fi
if [[ -n "$ran_seed" ]]; then
    echo "torture: to replay: deploy/torture.sh --seed $ran_seed --minutes ${minutes:-2} --keep" >&2
fi
exit "$status"
