"""One IMAP session with the standard library's imaplib, as a mail client would, recording every answer.

usage: imap_session.py PORT USER PASSWORD
The INBOX must hold at least two messages. The session: CAPABILITY, LOGIN, SELECT INBOX, FETCH 1:* of
UID FLAGS ENVELOPE RFC822.SIZE, UID FETCH of the last message's BODY.PEEK[], FETCH 1 FLAGS, FETCH 1 BODY[TEXT]
(which sets \\Seen), STORE 1 +FLAGS (\\Flagged), UID STORE of the last message +FLAGS (\\Deleted), EXPUNGE,
SEARCH ALL, FETCH 1:* (UID FLAGS), LOGOUT.
Prints {"steps": [{"command": ..., "typ": ..., "data": ...}, ...], "codes": {...}} as JSON. Octets are written as
Latin-1 text, one character per octet, so the caller gets the exact bytes back; a tuple (a literal) is a list.
"""
import imaplib
import json
import re
import sys

port, user, password = sys.argv[1:4]


def render(value):
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return [render(item) for item in value]
    return value


steps = []


def step(command, answer):
    typ, data = answer
    steps.append({"command": command, "typ": typ, "data": render(data)})
    return data


imap = imaplib.IMAP4("127.0.0.1", int(port), timeout=30)
step("CAPABILITY", imap.capability())
step("LOGIN", imap.login(user, password))
step("SELECT", imap.select("INBOX"))
# SELECT's untagged answers and response codes, as imaplib keeps them.
codes = {name: render(imap.response(name)[1]) for name in ("FLAGS", "PERMANENTFLAGS", "UIDVALIDITY", "UIDNEXT", "EXISTS", "RECENT")}

summaries = step("FETCH", imap.fetch("1:*", "(UID FLAGS ENVELOPE RFC822.SIZE)"))
last_uid = re.search(rb"UID (\d+)", summaries[-1]).group(1).decode()
step("UID FETCH BODY.PEEK[]", imap.uid("FETCH", last_uid, "(BODY.PEEK[])"))
step("FETCH FLAGS", imap.fetch("1", "(FLAGS)"))
step("FETCH BODY[TEXT]", imap.fetch("1", "(BODY[TEXT])"))
step("STORE", imap.store("1", "+FLAGS", "(\\Flagged)"))
step("UID STORE", imap.uid("STORE", last_uid, "+FLAGS", "(\\Deleted)"))
step("EXPUNGE", imap.expunge())
step("SEARCH", imap.search(None, "ALL"))
step("FETCH AFTER", imap.fetch("1:*", "(UID FLAGS)"))
step("LOGOUT", imap.logout())

print(json.dumps({"steps": steps, "codes": codes, "lastUid": last_uid}))
