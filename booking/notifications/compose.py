"""An outbox row as the e-mail a mail program receives: plain text, HTML, and the calendar
entry when there is one.

A calendar entry travels the way calendar programs send invitations: as a third alternative
of the message (`text/calendar; method=REQUEST` or `CANCEL`), which Outlook, Google and Apple
show as an invitation with the entry already in the calendar, and again as an attached
`.ics` file for programs that only offer to open a file.

    multipart/mixed
      multipart/alternative
        text/plain
        text/html
        text/calendar; method=REQUEST
      application/ics (invite.ics)
"""

from __future__ import annotations

from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from booking.models import OutboxMessage
from booking.notifications.ics import mail_domain, method_of, organizer_name, sender_address


def one_line(text: str) -> str:
    """Header values never carry line breaks, whatever a user typed into a name."""
    return " ".join(text.split())


def from_address(config: Mapping) -> Address:
    """The service's sender address, with the unit's name as people see it in their inbox."""
    username, _, domain = sender_address(config).rpartition("@")
    return Address(display_name=one_line(organizer_name(config)), username=username, domain=domain)


def compose(message: OutboxMessage, config: Mapping) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = one_line(message.subject)
    email["From"] = from_address(config)
    email["To"] = message.recipient
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=mail_domain(config))
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    if message.ics:
        _add_calendar(email, message.ics)
    return email


def _add_calendar(email: EmailMessage, ics: str) -> None:
    method = method_of(ics) or "PUBLISH"
    email.add_alternative(ics, subtype="calendar", params={"method": method})
    email.add_attachment(
        ics.encode("utf-8"),
        maintype="application",
        subtype="ics",
        filename="invite.ics",
    )
