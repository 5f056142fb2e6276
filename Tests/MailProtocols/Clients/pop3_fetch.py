"""Reads a maildrop with the standard library's poplib, as a mail client would, and parses every message.

usage: pop3_fetch.py PORT USER PASSWORD [--stls] [--delete]
Prints {"stat": [n, octets], "list": [[n, octets]...], "uidl": [[n, uid]...], "messages": [...]} as JSON; each
message has its headers, its text body, the octets RETR sent, and the header TOP 0 gave. --delete deletes every
message before QUIT.
"""
import email.policy
import json
import poplib
import ssl
import sys
from email.parser import BytesParser

port, user, password = sys.argv[1:4]
flags = sys.argv[4:]

pop = poplib.POP3("127.0.0.1", int(port), timeout=30)
capabilities = sorted(pop.capa().keys())
if "--stls" in flags:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    pop.stls(context)
pop.user(user)
pop.pass_(password)

stat = pop.stat()
listing = [line.decode().split() for line in pop.list()[1]]
uidl = [line.decode().split() for line in pop.uidl()[1]]
messages = []
for number, _ in listing:
    top_lines = pop.top(int(number), 0)[1]
    response, lines, octets = pop.retr(int(number))
    raw = b"\r\n".join(lines) + b"\r\n"
    parsed = BytesParser(policy=email.policy.default).parsebytes(raw)

    # Messages are served as their senders wrote them, and the standard library's structured headers raise on some
    # malformed ones (a Message-ID of junk, as the fuzz test sends): such a header is reported as its raw text.
    def header(name):
        try:
            value = parsed[name]
            return None if value is None else str(value)
        except Exception:
            return next((str(v) for k, v in parsed.raw_items() if k.lower() == name.lower()), None)

    body = parsed.get_body(preferencelist=("plain",))
    messages.append({
        "number": int(number),
        "response": response.decode(),
        "octets": len(raw),
        "from": str(header("From")),
        "to": str(header("To")),
        "subject": str(header("Subject")),
        "date": str(header("Date")),
        "messageId": str(header("Message-ID")),
        "mimeVersion": str(header("MIME-Version")),
        "contentType": parsed.get_content_type(),
        "charset": parsed.get_content_charset(),
        "body": body.get_content().replace("\r\n", "\n") if body is not None else None,
        "defects": [type(d).__name__ for d in parsed.defects],
        "topHeaderLines": len(top_lines),
    })
    if "--delete" in flags:
        pop.dele(int(number))

quit_response = pop.quit().decode()
print(json.dumps({
    "capabilities": capabilities,
    "stat": list(stat),
    "list": [[int(n), int(o)] for n, o in listing],
    "uidl": [[int(n), u] for n, u in uidl],
    "messages": messages,
    "quit": quit_response,
}))
