"""An outbox row as the e-mail a mail program receives: plain text, HTML, and the calendar
entry when there is one."""

from __future__ import annotations

from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from booking.models import OutboxMessage


def one_line(text: str) -> str:
    """Header values never carry line breaks, whatever a user typed into a name."""
    return " ".join(text.split())


def compose(message: OutboxMessage, config: Mapping) -> EmailMessage:
    sender = config["MAIL_DEFAULT_SENDER"]
    email = EmailMessage()
    email["Subject"] = one_line(message.subject)
    email["From"] = sender
    email["To"] = message.recipient
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.ics:
        method = "CANCEL" if "METHOD:CANCEL" in message.ics else "REQUEST"
        email.add_attachment(
            message.ics.encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename="session.ics",
            params={"method": method, "charset": "utf-8"},
        )
    return email
