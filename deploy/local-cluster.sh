#!/usr/bin/env bash
# Runs a Maildriver cluster on this computer: one background Maildriver.Silo process per machine of a cluster.json.
#
#   deploy/local-cluster.sh up            build, start every machine that is not running, wait for the gateways
#   deploy/local-cluster.sh status        pid and liveness per machine, and the gateway list (exit 1 if one is down)
#   deploy/local-cluster.sh down          SIGTERM to every machine, then wait for them to exit
#   deploy/local-cluster.sh kill MD2      kill -9 one machine (to try crash recovery)
#   deploy/local-cluster.sh start MD2     start one machine again on its data directory
#   deploy/local-cluster.sh logs MD2 [--no-follow]   the end of its log (followed unless --no-follow)
#   deploy/local-cluster.sh build         build the silo and the CLI (up does this itself)
#   deploy/local-cluster.sh gateways      the gateway list, host:port,… (deploy/maildriver.sh uses it when none is given)
#
# Environment:
#   MAILDRIVER_CLUSTER_CONFIG   the cluster.json (default deploy/local/cluster.json; data dirs are relative to it)
#   MAILDRIVER_RUN_DIR          pid files and logs (default deploy/local/run)
#   MAILDRIVER_BIN_DIR          a folder with Maildriver.Silo.dll and maildriver.dll already built: no build step
#                               (the build step puts the silo in deploy/local/bin and the CLI in deploy/local/cli)
#   MAILDRIVER_ADMIN_PASSWORD   the first admin's password when the cluster starts with no users (default "admin")
#   DOTNET                      the dotnet host (default: $DOTNET_HOST_PATH, else dotnet on the PATH)
#
# Only bash, grep, sed and ps are needed besides .NET. Machines are found in cluster.json by their flat
# { "name": …, "host": …, "gatewayPort": … } objects, which is the shape the configuration loader accepts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
config="${MAILDRIVER_CLUSTER_CONFIG:-$here/local/cluster.json}"
run_dir="${MAILDRIVER_RUN_DIR:-$here/local/run}"
bin_dir="${MAILDRIVER_BIN_DIR:-$here/local/bin}"
cli_dir="$here/local/cli"
dotnet="${DOTNET:-${DOTNET_HOST_PATH:-dotnet}}"
admin_password="${MAILDRIVER_ADMIN_PASSWORD:-admin}"
export MAILDRIVER_ADMIN_PASSWORD="$admin_password"
ready_seconds=60

die() { echo "local-cluster: $*" >&2; exit 1; }

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# --- cluster.json -------------------------------------------------------------------------------------------------

[[ -f "$config" ]] || die "no cluster configuration at $config (set MAILDRIVER_CLUSTER_CONFIG)"
config="$(cd "$(dirname "$config")" && pwd)/$(basename "$config")"

# One line per machine: "name host gatewayPort", in the file's order.
machine_table() {
    tr -d '\n\r' <"$config" | grep -o '{[^{}]*"name"[^{}]*}' | while read -r object; do
        local name host port
        name="$(sed -nE 's/.*"name"[[:space:]]*:[[:space:]]*"([^"]*)".*/\1/p' <<<"$object")"
        host="$(sed -nE 's/.*"host"[[:space:]]*:[[:space:]]*"([^"]*)".*/\1/p' <<<"$object")"
        port="$(sed -nE 's/.*"gatewayPort"[[:space:]]*:[[:space:]]*([0-9]+).*/\1/p' <<<"$object")"
        if [[ -n "$name" && -n "$host" && -n "$port" ]]; then echo "$name $host $port"; fi
    done
}

machines=()
while IFS= read -r line; do machines+=("$line"); done < <(machine_table)
((${#machines[@]} > 0)) || die "found no machines (name, host, gatewayPort) in $config"

machine_names() { for m in "${machines[@]}"; do echo "${m%% *}"; done; }

gateway_of() {
    local m name host port
    for m in "${machines[@]}"; do
        read -r name host port <<<"$m"
        [[ "$name" == "$1" ]] && { echo "$host:$port"; return 0; }
    done
    die "no machine named '$1' in $config (machines: $(machine_names | tr '\n' ' '))"
}

gateways() {
    local list="" name
    for name in $(machine_names); do list+="${list:+,}$(gateway_of "$name")"; done
    echo "$list"
}

# --- processes ----------------------------------------------------------------------------------------------------

pid_file() { echo "$run_dir/$1.pid"; }
log_file() { echo "$run_dir/$1.log"; }

# Whether pid $1 is machine $2's silo. A pid that now belongs to another program does not count, and neither does
# a zombie nobody reaped yet (its command line is gone): nothing is ever signalled unless it is this machine's silo.
is_silo() {
    local args
    args="$(ps -p "$1" -o args= 2>/dev/null || true)"
    [[ "$args" == *Maildriver.Silo* && "$args" == *"--machine $2"* ]]
}

# The pid of the running machine, or nothing.
running_pid() {
    local file pid
    file="$(pid_file "$1")"
    [[ -f "$file" ]] || return 0
    pid="$(<"$file")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && is_silo "$pid" "$1"; then
        echo "$pid"
    fi
}

build() {
    if [[ -n "${MAILDRIVER_BIN_DIR:-}" ]]; then
        [[ -f "$bin_dir/Maildriver.Silo.dll" && -f "$bin_dir/maildriver.dll" ]] \
            || die "MAILDRIVER_BIN_DIR=$bin_dir has no Maildriver.Silo.dll and maildriver.dll"
        return 0
    fi

    echo "Building the silo into $bin_dir ..."
    "$dotnet" build "$root/Silo/Silo.csproj" -c Release -o "$bin_dir" -nologo -v quiet >/dev/null \
        || die "building Silo failed (run: dotnet build Silo -c Release)"
    # Published for this computer's runtime, self-contained, as one composite ReadyToRun image of the CLI, Orleans's
    # client and the part of .NET they use (Client.Tui/ReadyToRunComposite.targets): a command starts precompiled,
    # 0.28 s of CPU for a send where the build output takes 0.6 s. It takes a minute or two to publish, once.
    local rid
    rid="$("$dotnet" --info | sed -n 's/^ *RID: *//p' | head -n 1)"
    [[ -n "$rid" ]] || die "cannot tell this computer's runtime identifier from '$dotnet --info'"
    echo "Publishing the CLI into $cli_dir (a minute or two the first time) ..."
    "$dotnet" publish "$root/Client.Tui/Client.Tui.csproj" -c Release -r "$rid" --self-contained true -p:PublishReadyToRunComposite=true \
        -o "$cli_dir" -nologo -v quiet >/dev/null \
        || die "publishing Client.Tui failed (run: dotnet publish Client.Tui -c Release -r $rid --self-contained true -p:PublishReadyToRunComposite=true)"
}

is_built() {
    if [[ -n "${MAILDRIVER_BIN_DIR:-}" ]]; then
        [[ -f "$bin_dir/Maildriver.Silo.dll" && -f "$bin_dir/maildriver.dll" ]]
    else
        [[ -f "$bin_dir/Maildriver.Silo.dll" && -x "$cli_dir/maildriver" ]]
    fi
}

ensure_built() {
    is_built || build
}

# The maildriver CLI: the published one, or the given folder's build run with dotnet.
cli() {
    if [[ -n "${MAILDRIVER_BIN_DIR:-}" ]]; then
        "$dotnet" "$bin_dir/maildriver.dll" "$@"
    else
        "$cli_dir/maildriver" "$@"
    fi
}

start_machine() {
    local name="$1" pid
    pid="$(running_pid "$name")"
    if [[ -n "$pid" ]]; then
        echo "$name is already running (pid $pid)"
        return 0
    fi

    mkdir -p "$run_dir"
    echo "===== local-cluster: starting $name at $(date -u +%FT%TZ) =====" >>"$(log_file "$name")"
    # nohup and a log file: the machine outlives this script and the terminal it was started from.
    nohup "$dotnet" "$bin_dir/Maildriver.Silo.dll" --config "$config" --machine "$name" \
        </dev/null >>"$(log_file "$name")" 2>&1 &
    echo $! >"$(pid_file "$name")"
    echo "$name started (pid $!), log $(log_file "$name")"
}

listening() {
    local host="${1%:*}" port="${1##*:}"
    if command -v timeout >/dev/null; then
        timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
    else
        bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
    fi
}

# Waits until the machine's gateway accepts TCP connections; fails at once if the process dies.
wait_for_gateway() {
    local name="$1" gateway deadline
    gateway="$(gateway_of "$name")"
    deadline=$((SECONDS + ready_seconds))
    until listening "$gateway"; do
        if [[ -z "$(running_pid "$name")" ]]; then
            echo "local-cluster: $name exited before its gateway $gateway opened; the end of its log:" >&2
            tail -n 30 "$(log_file "$name")" >&2 || true
            return 1
        fi
        ((SECONDS < deadline)) || { echo "local-cluster: $name's gateway $gateway did not open within ${ready_seconds}s" >&2; return 1; }
        sleep 0.2
    done
}

# Waits until the gateway answers a logged-in request as admin. A refusal that lasts means the cluster's data
# predates this admin password (it only applies to a cluster with no users): warn, but the cluster is up.
wait_for_login() {
    local name="$1" gateway deadline code=0
    gateway="$(gateway_of "$name")"
    deadline=$((SECONDS + ready_seconds))
    while true; do
        code=0
        MAILDRIVER_PASSWORD="$admin_password" cli --gateway "$gateway" --user admin poll \
            >/dev/null 2>&1 || code=$?
        [[ $code -eq 0 ]] && return 0
        if ((SECONDS >= deadline)); then
            echo "local-cluster: warning: admin cannot log in at $name ($gateway), exit code $code; was the cluster first started with another MAILDRIVER_ADMIN_PASSWORD?" >&2
            return 0
        fi
        sleep 0.5
    done
}

stop_machine() {
    local name="$1" pid deadline
    pid="$(running_pid "$name")"
    if [[ -z "$pid" ]]; then
        echo "$name is not running"
        rm -f "$(pid_file "$name")"
        return 0
    fi

    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    while is_silo "$pid" "$name"; do
        if ((SECONDS >= deadline)); then
            echo "local-cluster: $name (pid $pid) ignored SIGTERM for 30s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
    done
    rm -f "$(pid_file "$name")"
    echo "$name stopped (pid $pid)"
}

# --- commands -----------------------------------------------------------------------------------------------------

cmd_up() {
    local name already=0
    for name in $(machine_names); do
        if [[ -n "$(running_pid "$name")" ]]; then already=$((already + 1)); fi
    done
    if ((already == ${#machines[@]})); then
        echo "The cluster is already up."
        cmd_status
        return 0
    fi

    build
    for name in $(machine_names); do start_machine "$name"; done
    echo "Waiting for the gateways ..."
    for name in $(machine_names); do wait_for_gateway "$name" || return 1; done
    for name in $(machine_names); do wait_for_login "$name"; done

    cat <<EOF
The cluster is up: $(gateways)
The first admin is 'admin' with password '$admin_password' (MAILDRIVER_ADMIN_PASSWORD; it only counts the first time a cluster starts).

  export MAILDRIVER_GATEWAYS=$(gateways)
  export MAILDRIVER_USER=admin MAILDRIVER_PASSWORD=$admin_password
  $here/maildriver.sh admin add-user alice --password alice-pw
  echo 'Hello!' | $here/maildriver.sh send --to alice --subject Hi
  $here/maildriver.sh --user alice --password alice-pw receive

  $0 status | kill MD2 | start MD2 | logs MD2 | down
EOF
}

cmd_status() {
    local name pid all_up=0
    printf '%-6s %-8s %-22s %s\n' MACHINE PID GATEWAY STATE
    for name in $(machine_names); do
        pid="$(running_pid "$name")"
        if [[ -n "$pid" ]]; then
            printf '%-6s %-8s %-22s %s\n' "$name" "$pid" "$(gateway_of "$name")" running
        else
            printf '%-6s %-8s %-22s %s\n' "$name" - "$(gateway_of "$name")" "not running"
            all_up=1
        fi
    done
    echo "MAILDRIVER_GATEWAYS=$(gateways)"
    echo "config $config, logs and pid files in $run_dir"
    return $all_up
}

cmd_down() {
    local name
    for name in $(machine_names); do stop_machine "$name"; done
}

cmd_kill() {
    local name="$1" pid
    gateway_of "$name" >/dev/null
    pid="$(running_pid "$name")"
    [[ -n "$pid" ]] || die "$name is not running"
    kill -KILL "$pid"
    while is_silo "$pid" "$name"; do sleep 0.05; done
    rm -f "$(pid_file "$name")"
    echo "$name killed (kill -9 $pid); '$0 start $name' brings it back on its data directory"
}

cmd_start() {
    local name="$1"
    gateway_of "$name" >/dev/null
    ensure_built
    start_machine "$name"
    wait_for_gateway "$name"
    wait_for_login "$name"
    echo "$name is up at $(gateway_of "$name")"
}

cmd_logs() {
    local name="$1" follow="${2:-}"
    gateway_of "$name" >/dev/null
    [[ -f "$(log_file "$name")" ]] || die "no log for $name yet ($(log_file "$name"))"
    if [[ "$follow" == "--no-follow" ]]; then
        tail -n 100 "$(log_file "$name")"
    else
        exec tail -n 100 -F "$(log_file "$name")"
    fi
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    build) build ;;
    gateways) gateways ;;
    kill) [[ $# -eq 2 ]] || usage; cmd_kill "$2" ;;
    start) [[ $# -eq 2 ]] || usage; cmd_start "$2" ;;
    logs) [[ $# -ge 2 && $# -le 3 ]] || usage; cmd_logs "$2" "${3:-}" ;;
    *) usage ;;
esac
