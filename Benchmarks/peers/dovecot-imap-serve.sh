# Sourced by dovecot.sh with --imap-serve, once its Dovecot listens: fills the IMAP workload's two mailboxes through
# LMTP, says "ready {json}" on stdout, then obeys "restart" and "stop" on stdin (see dovecot.sh's header). It uses
# dovecot.sh's variables and functions (timed_source, expect_letters, stop_dovecot, start_dovecot, say, seconds).

# The IMAP workload's mailboxes, filled through LMTP as any delivery; the letters carry a subject, as Maildriver's do.
for box in "fetch:$imap_fetch_letters" "select:$imap_select_letters"; do
  user=${box%%:*}@localhost
  count=${box#*:}
  say "$count letters of $small_bytes bytes to $user (LMTP, 4 sessions)"
  timed_source -s 4 -m "$count" -l "$small_bytes" -S benchmark -f sender@localhost -t "$user"
  expect_letters "$user" "$count"
  say "  $(seconds "$elapsed_ns") s"
done
ready() {
  echo "ready {\"version\": \"$version\", \"imapPort\": $imap_port, \"pid\": $dovecot_pid, \"fetchUser\": \"fetch@localhost\", \"fetchLetters\": $imap_fetch_letters, \"selectUser\": \"select@localhost\", \"selectLetters\": $imap_select_letters}"
}
ready
# "read" returns when a signal arrives, so Ctrl-C and SIGTERM still reach the cleanup at once.
while IFS= read -r command; do
  case "$command" in
    restart) say "restarting Dovecot"; stop_dovecot; start_dovecot; ready ;;
    stop) break ;;
    *) say "unknown command '$command' (restart or stop)" ;;
  esac
done
