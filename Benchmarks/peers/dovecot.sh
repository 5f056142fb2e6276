#!/usr/bin/env bash
# The reference Maildriver is compared with: Dovecot's LMTP delivery, driven by Postfix's smtp-source.
#
# Installs dovecot-core, dovecot-lmtpd and postfix (for smtp-source) from Debian's packages when they are missing,
# without letting the installation start a system service; runs its own Dovecot from a configuration in a scratch
# folder, listening on 127.0.0.1 only; runs the workloads; stops that Dovecot by its process id, even on failure;
# and prints the figures as one JSON object on stdout (progress goes to stderr).
#
# Workloads (each on the same fresh Dovecot, each timed by wall clock around smtp-source):
#   small:     N small letters to one user, one LMTP session, the connection kept open (-d);
#   small-4:   the same with 4 parallel sessions;
#   bulk:      a 100 KB letter to 1,000 users in one transaction (1,000 RCPT TO), three times: the median time,
#              and the bytes the mail folder grew by per letter (du, hard links counted once).
# Every workload first delivers one untimed letter (of the same size) to the same users, so that their mailboxes
# exist, as a registered Maildriver user's inbox does before it is measured.
#
# With --imap-serve (issue 17) it runs none of those: it also installs dovecot-imapd, opens IMAP beside LMTP on
# 127.0.0.1 (any password is accepted), delivers --imap-fetch-letters small letters to fetch@localhost and
# --imap-select-letters to select@localhost through LMTP (4 sessions, subject "benchmark"), prints one line
# "ready {json}" on stdout and then obeys lines on stdin: "restart" stops its Dovecot by pid and starts it again
# on the same mail (every process fresh, the index files and the kernel's page cache as they were) and answers
# "ready {json}" again; "stop" or the end of stdin ends the script. The benchmark's imap scenario times the IMAP
# commands itself, with the same client it times Maildriver with.
#
# Usage: Benchmarks/peers/dovecot.sh [--json FILE] [--port PORT] [--small-letters N] [--small-bytes N]
#                                    [--sessions N] [--bulk-recipients N] [--bulk-bytes N] [--bulk-repeats N]
#                                    [--no-install] [--keep]
#        Benchmarks/peers/dovecot.sh --imap-serve [--port PORT] [--imap-port PORT] [--imap-fetch-letters N]
#                                    [--imap-select-letters N] [--small-bytes N] [--no-install] [--keep]
set -euo pipefail

json_file=""
port=""
small_letters=1000
small_bytes=512
sessions=4
bulk_recipients=1000
bulk_bytes=102400
bulk_repeats=3
install=1
keep=0
imap_serve=0
imap_port=""
imap_fetch_letters=1000
imap_select_letters=10000

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

fail() {
  echo "dovecot.sh: $*" >&2
  exit 1
}

positive() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "$1 must be a positive whole number, not '$2'"
  echo "$2"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --json) json_file=${2:?--json needs a file}; shift 2 ;;
    --port) port=$(positive --port "${2:-}"); shift 2 ;;
    --small-letters) small_letters=$(positive --small-letters "${2:-}"); shift 2 ;;
    --small-bytes) small_bytes=$(positive --small-bytes "${2:-}"); shift 2 ;;
    --sessions) sessions=$(positive --sessions "${2:-}"); shift 2 ;;
    --bulk-recipients) bulk_recipients=$(positive --bulk-recipients "${2:-}"); shift 2 ;;
    --bulk-bytes) bulk_bytes=$(positive --bulk-bytes "${2:-}"); shift 2 ;;
    --bulk-repeats) bulk_repeats=$(positive --bulk-repeats "${2:-}"); shift 2 ;;
    --imap-serve) imap_serve=1; shift ;;
    --imap-port) imap_port=$(positive --imap-port "${2:-}"); shift 2 ;;
    --imap-fetch-letters) imap_fetch_letters=$(positive --imap-fetch-letters "${2:-}"); shift 2 ;;
    --imap-select-letters) imap_select_letters=$(positive --imap-select-letters "${2:-}"); shift 2 ;;
    --no-install) install=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "dovecot.sh: unknown argument '$1'" >&2; usage ;;
  esac
done

say() { echo "dovecot: $*" >&2; }

scratch=""
dovecot_pid=""
policy_created=0

# Everything this script started or created, undone on any exit: a running smtp-source and our Dovecot (by their
# pids, then any child of Dovecot still alive), the temporary policy-rc.d, the scratch folder.
# Stops our Dovecot by its pid (then any child of it still alive); also what --imap-serve's "restart" does first.
stop_dovecot() {
  if [ -n "$dovecot_pid" ] && kill -0 "$dovecot_pid" 2>/dev/null; then
    local children
    children=$(pgrep -P "$dovecot_pid" || true)
    kill -TERM "$dovecot_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$dovecot_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$dovecot_pid" 2>/dev/null || true
    for child in $children; do
      kill -KILL "$child" 2>/dev/null || true
    done
    wait "$dovecot_pid" 2>/dev/null || true
  fi
  dovecot_pid=""
}

cleanup() {
  local status=$?
  if [ -n "$source_pid" ]; then
    kill -TERM "$source_pid" 2>/dev/null || true
    wait "$source_pid" 2>/dev/null || true
  fi
  stop_dovecot
  if [ "$policy_created" = 1 ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  if [ -n "$scratch" ]; then
    if [ "$keep" = 1 ]; then
      say "kept $scratch"
    else
      rm -rf "$scratch"
    fi
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

smtp_source=$(command -v smtp-source || echo /usr/sbin/smtp-source)
dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)

packages="dovecot-core dovecot-lmtpd postfix"
[ "$imap_serve" = 0 ] || packages="$packages dovecot-imapd"
installed() {
  [ -x "$smtp_source" ] && [ -x "$dovecot_bin" ] && [ -x /usr/lib/dovecot/lmtp ] \
    && { [ "$imap_serve" = 0 ] || [ -x /usr/lib/dovecot/imap ]; }
}

if ! installed; then
  [ "$install" = 1 ] || fail "dovecot, its lmtp or imap server, or smtp-source is missing and --no-install was given"
  [ "$(id -u)" = 0 ] || fail "$packages are not all installed; run as root to install them, or install them first"
  command -v apt-get >/dev/null || fail "no apt-get: install $packages (postfix for smtp-source) by hand"
  # Installing must not start a system service: invoke-rc.d asks policy-rc.d, and 101 means "not now". Use the
  # machine's own policy when it has one (container images usually do), else a temporary one removed on exit.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_created=1
  fi
  # Postfix is wanted for smtp-source only: "No configuration" leaves it without a main.cf, so it cannot run.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  say "installing $packages from the Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # the list is meant to split into package names
  apt-get install -y -qq --no-install-recommends $packages >/dev/null
  # On a machine run by systemd the units are enabled by the packages: leave no system service behind.
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    systemctl disable --now dovecot.service postfix.service >/dev/null 2>&1 || true
  fi
  if [ "$policy_created" = 1 ]; then
    rm -f /usr/sbin/policy-rc.d
    policy_created=0
  fi
  smtp_source=$(command -v smtp-source || echo /usr/sbin/smtp-source)
  dovecot_bin=$(command -v dovecot || echo /usr/sbin/dovecot)
  installed || fail "the packages installed, but dovecot, /usr/lib/dovecot/lmtp (or imap) or smtp-source is still missing"
fi

version=$("$dovecot_bin" --version | cut -d' ' -f1)

if [ -z "$port" ]; then
  # A port nobody listens on; Dovecot failing to bind is reported below should another process take it first.
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      port=$candidate
      break
    fi
  done
  [ -n "$port" ] || fail "found no free port on 127.0.0.1"
fi
if [ "$imap_serve" = 1 ] && [ -z "$imap_port" ]; then
  # The same search, for IMAP's port (beside LMTP's, which it must not be).
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if [ "$candidate" != "$port" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      imap_port=$candidate
      break
    fi
  done
  [ -n "$imap_port" ] || fail "found no free port on 127.0.0.1 for IMAP"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dovecot-peer.XXXXXX")
mkdir -p "$scratch/run" "$scratch/state" "$scratch/mail"
# Dovecot delivers no mail as root (its LMTP refuses uid 0): as root, its own processes run as its unprivileged
# users and the mail belongs to nobody; otherwise everything runs as whoever runs this.
if [ "$(id -u)" = 0 ]; then
  id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1 || fail "the dovecot and dovenull users are missing (reinstall dovecot-core)"
  internal_user=dovecot
  login_user=dovenull
  mail_user=nobody
  mail_group=$(id -gn nobody)
  chown "$mail_user:$mail_group" "$scratch/mail"
else
  internal_user=$(id -un)
  login_user=$internal_user
  mail_user=$internal_user
  mail_group=$(id -gn)
fi
mail_uid=$(id -u "$mail_user")
chmod 755 "$scratch" "$scratch/run"

# Only this file is read (no /etc/dovecot includes). Defaults otherwise, as a Debian install has them: Maildir,
# mail_fsync = optimized (a delivery is on disk before LMTP says 250), hard links between the copies of a letter
# that one LMTP transaction delivers to several users.
protocols=lmtp
[ "$imap_serve" = 0 ] || protocols="lmtp imap"
cat > "$scratch/dovecot.conf" <<EOF
instance_name = maildriver-peer-$$
base_dir = $scratch/run
state_dir = $scratch/state
log_path = $scratch/dovecot.log
protocols = $protocols
listen = 127.0.0.1
ssl = no
default_internal_user = $internal_user
default_login_user = $login_user
first_valid_uid = $mail_uid
mail_location = maildir:~/Maildir
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=$mail_user gid=$mail_group home=$scratch/mail/%u allow_all_users=yes
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $port
  }
}
EOF
if [ "$imap_serve" = 1 ]; then
  # LOGIN in the clear on loopback, as Maildriver's port allows without a "tls" section; imaps stays closed.
  cat >> "$scratch/dovecot.conf" <<EOF
disable_plaintext_auth = no
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
fi

# Starts our Dovecot in the foreground as our child; ready when LMTP's port (and IMAP's, when open) accepts a
# connection. A Dovecot that exits (bad configuration, port taken) is an error.
start_dovecot() {
  "$dovecot_bin" -F -c "$scratch/dovecot.conf" 2>>"$scratch/dovecot.log" &
  dovecot_pid=$!
  local wanted=("$port")
  [ "$imap_serve" = 0 ] || wanted+=("$imap_port")
  for p in "${wanted[@]}"; do
    for _ in $(seq 1 300); do
      kill -0 "$dovecot_pid" 2>/dev/null || fail "Dovecot exited at start: $(tail -n 5 "$scratch/dovecot.log")"
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
        break
      fi
      sleep 0.05
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || fail "Dovecot did not listen on 127.0.0.1:$p within 15 s"
  done
}

say "Dovecot $version on 127.0.0.1:$port${imap_port:+ (IMAP on $imap_port)} in $scratch"
start_dovecot

now_ns() { date +%s%N; }

# smtp-source OPTIONS…: sets elapsed_ns to its wall time; -L speaks LMTP, -d keeps each session's connection. It
# runs in the background and is waited for, so that a signal to this script is handled at once (bash runs traps
# only between foreground commands), and the cleanup stops it too.
source_pid=""
elapsed_ns=0
timed_source() {
  local start end
  start=$(now_ns)
  "$smtp_source" -L -d "$@" "127.0.0.1:$port" >&2 &
  source_pid=$!
  wait "$source_pid" || fail "smtp-source $* failed; Dovecot's log: $(tail -n 5 "$scratch/dovecot.log")"
  source_pid=""
  end=$(now_ns)
  elapsed_ns=$((end - start))
}

# Letters in one user's Maildir (the user is the whole address) (new/ and cur/).
letters_of() {
  local dir="$scratch/mail/$1/Maildir"
  { find "$dir/new" "$dir/cur" -type f 2>/dev/null || true; } | wc -l
}

expect_letters() {
  local got
  got=$(letters_of "$1")
  [ "$got" = "$2" ] || fail "$1 has $got letters, expected $2 (Dovecot's log: $(tail -n 5 "$scratch/dovecot.log"))"
}

per_second() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.1f", n / (ns / 1e9) }'; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.4f", ns / 1e9 }'; }

# Small letters to one user, in one session and then in several: sets elapsed_ns.
timed_small() {
  local to=$1 count=$2 parallel=$3
  timed_source -s "$parallel" -m 1 -l "$small_bytes" -f sender@localhost -t "$to"
  expect_letters "$to" 1
  timed_source -s "$parallel" -m "$count" -l "$small_bytes" -f sender@localhost -t "$to"
  expect_letters "$to" $((count + 1))
}

if [ "$imap_serve" = 1 ]; then
  # shellcheck source=dovecot-imap-serve.sh
  . "$(dirname "$0")/dovecot-imap-serve.sh"
  exit 0
fi

say "$small_letters letters of $small_bytes bytes to one user, 1 session"
timed_small single@localhost "$small_letters" 1
small_ns=$elapsed_ns
say "  $(seconds "$small_ns") s, $(per_second "$small_letters" "$small_ns") letters/s"
say "$small_letters letters of $small_bytes bytes to one user, $sessions sessions"
timed_small parallel@localhost "$small_letters" "$sessions"
parallel_ns=$elapsed_ns
say "  $(seconds "$parallel_ns") s, $(per_second "$small_letters" "$parallel_ns") letters/s"

# smtp-source -r N numbers the recipients by prepending to the address: bulk@localhost, 2bulk@localhost, …
say "$bulk_repeats letters of $bulk_bytes bytes, each to $bulk_recipients users in one transaction"
bulk_files() { find "$scratch/mail" -path '*bulk@localhost/Maildir/new/*' -type f -size +$((bulk_bytes / 1024 - 1))k | wc -l; }
timed_source -m 1 -r "$bulk_recipients" -l "$bulk_bytes" -f sender@localhost -t bulk@localhost
bulk_dirs=$(find "$scratch/mail" -mindepth 1 -maxdepth 1 -name '*bulk@localhost' | wc -l)
[ "$bulk_dirs" = "$bulk_recipients" ] || fail "the untimed bulk letter reached $bulk_dirs of $bulk_recipients mailboxes"
# du counts a hard-linked file once per invocation: measure the whole mail folder, before and after.
before_apparent=$(du -s --apparent-size --block-size=1 "$scratch/mail" | cut -f1)
before_allocated=$(du -s --block-size=1 "$scratch/mail" | cut -f1)
bulk_times=()
for i in $(seq 1 "$bulk_repeats"); do
  timed_source -m 1 -r "$bulk_recipients" -l "$bulk_bytes" -f sender@localhost -t bulk@localhost
  ns=$elapsed_ns
  delivered=$(bulk_files)
  [ "$delivered" = $(((i + 1) * bulk_recipients)) ] || fail "after bulk letter $i the mailboxes hold $delivered of its size, expected $(((i + 1) * bulk_recipients))"
  bulk_times+=("$ns")
  say "  letter $i: $(seconds "$ns") s"
done
after_apparent=$(du -s --apparent-size --block-size=1 "$scratch/mail" | cut -f1)
after_allocated=$(du -s --block-size=1 "$scratch/mail" | cut -f1)
# The median of the timed letters: one neighbour's burst on a shared machine moves one letter, not the figure.
bulk_ns=$(printf '%s\n' "${bulk_times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
bulk_seconds_all=$(printf '%s\n' "${bulk_times[@]}" | awk '{ printf "%s%.4f", (NR > 1 ? ", " : ""), $1 / 1e9 }')
per_letter_apparent=$(((after_apparent - before_apparent) / bulk_repeats))
per_letter_allocated=$(((after_allocated - before_allocated) / bulk_repeats))
links=$(find "$scratch/mail/bulk@localhost/Maildir/new" -type f -size +$((bulk_bytes / 1024 - 1))k -printf '%n\n' | head -n 1)
say "  median $(seconds "$bulk_ns") s; the mail folder grew by $per_letter_apparent bytes per letter ($per_letter_allocated allocated); a letter's file has $links links"

result=$(cat <<EOF
{
  "smallPerSecond": $(per_second "$small_letters" "$small_ns"),
  "smallPerSecond4Sessions": $(per_second "$small_letters" "$parallel_ns"),
  "bulk1000Seconds": $(seconds "$bulk_ns"),
  "bulkSecondsEach": [$bulk_seconds_all],
  "bulkBytes": $per_letter_apparent,
  "bulkBytesAllocated": $per_letter_allocated,
  "bulkLetterLinks": ${links:-0},
  "version": "$version",
  "smallLetters": $small_letters,
  "smallBytes": $small_bytes,
  "sessions": $sessions,
  "bulkRecipients": $bulk_recipients,
  "bulkLetterBytes": $bulk_bytes,
  "bulkRepeats": $bulk_repeats
}
EOF
)
if [ -n "$json_file" ]; then
  echo "$result" > "$json_file"
fi
echo "$result"
