"""Submits one message with the standard library's smtplib, as a mail client would.

usage: smtp_send.py PORT USER PASSWORD FROM TO[,TO...] SUBJECT BODY [--starttls] [--attachment] [--message-id ID]
Prints {"refused": {...}, "messageId": "..."} as JSON.
"""
import json
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import make_msgid, formatdate

port, user, password, sender, to, subject, body = sys.argv[1:8]
flags = sys.argv[8:]

message = EmailMessage()
message["From"] = sender
message["To"] = to
message["Subject"] = subject
message["Date"] = formatdate()
message["Message-ID"] = flags[flags.index("--message-id") + 1] if "--message-id" in flags else make_msgid(domain="client.example")
message.set_content(body)
if "--attachment" in flags:
    message.add_attachment(b"%PDF-1.4 not really", maintype="application", subtype="pdf", filename="minutes.pdf")

with smtplib.SMTP("127.0.0.1", int(port), timeout=30) as smtp:
    smtp.ehlo("python.client.example")
    if "--starttls" in flags:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        smtp.starttls(context=context)
        smtp.ehlo("python.client.example")
    smtp.login(user, password)
    refused = smtp.send_message(message, to_addrs=to.split(","))

print(json.dumps({"refused": {k: [v[0], v[1].decode()] for k, v in refused.items()}, "messageId": message["Message-ID"]}))
