"""Calendar entries (.ics) for sessions: for the officer's subscription feed and for e-mails.

E-mailed entries are invitations in the sense of RFC 5546 (iTIP): `METHOD:REQUEST` adds or
updates the entry, `METHOD:CANCEL` removes it, and both name the service as ORGANIZER and the
teacher and the officer as ATTENDEEs, which is what makes calendar programs treat them as
invitations rather than files to import. Each request keeps one UID for its whole life (on the
force's own mail domain) and a SEQUENCE that goes up on every change, so calendar programs
update or remove the entry they already have instead of adding another. Times are the force's
wall-clock times with a VTIMEZONE of yearly rules (see vtimezone.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from booking.domain.vocabulary import RequestStatus
from booking.models import Proposal, TalkRequest, User
from booking.notifications.vtimezone import vtimezone

PRODUCT_ID = "-//School talk booking//Sessions//EN"
METHODS = ("REQUEST", "CANCEL")


def sender_address(config: Mapping) -> str:
    """The service's sender address alone (MAIL_DEFAULT_SENDER may carry a display name)."""
    return parseaddr(config["MAIL_DEFAULT_SENDER"])[1] or config["MAIL_DEFAULT_SENDER"]


def mail_domain(config: Mapping) -> str:
    """The force's own domain: the one its service sends e-mail from."""
    return sender_address(config).rpartition("@")[2].strip().lower() or "localhost"


def organizer_name(config: Mapping) -> str:
    """Who the calendar entry and the e-mail come from, as people read it."""
    return f"{config['FORCE_NAME']} {config['UNIT_NAME']}"


@dataclass(frozen=True)
class CalendarSettings:
    zone_name: str
    sender: str
    organizer: str
    domain: str

    @classmethod
    def from_config(cls, config: Mapping) -> CalendarSettings:
        return cls(
            zone_name=config["TIMEZONE"],
            sender=sender_address(config),
            organizer=organizer_name(config),
            domain=mail_domain(config),
        )


def uid_for(talk: TalkRequest, domain: str) -> str:
    return f"{talk.reference.lower()}@{domain}"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(" ".join(name.split()))
    for key, value in params.items():
        address.params[key.replace("_", "-")] = vText(value)
    return address


def _add_people(event: Event, talk: TalkRequest, settings: CalendarSettings) -> None:
    event.add("organizer", _address(settings.sender, settings.organizer))
    people: list[User] = [person for person in (talk.teacher, talk.officer) if person is not None]
    for person in people:
        event.add(
            "attendee",
            _address(
                person.email,
                person.full_name,
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="ACCEPTED",
                rsvp="FALSE",
            ),
        )


def session_event(
    talk: TalkRequest, settings: CalendarSettings, stamp: datetime, *, invitation: bool
) -> Event:
    zone = ZoneInfo(settings.zone_name)
    event = Event()
    event.add("uid", uid_for(talk, settings.domain))
    event.add("dtstamp", stamp)
    event.add("sequence", talk.calendar_sequence)
    event.add("dtstart", talk.starts_at.replace(tzinfo=zone))
    event.add("dtend", talk.ends_at.replace(tzinfo=zone))
    event.add("summary", f"{talk.topic.name} talk at {talk.school.name}")
    event.add("location", f"{talk.school.name}, {talk.school.address}, {talk.school.postcode}")
    event.add(
        "description",
        f"Reference {talk.reference}. {talk.age_group_enum.label}, {talk.year_group}, "
        f"{talk.pupils} pupils, {talk.length_minutes} minutes.",
    )
    cancelled = talk.status == RequestStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if invitation:
        _add_people(event, talk, settings)
    return event


def proposal_uid(proposal: Proposal, domain: str) -> str:
    """One UID per proposed time, apart from the request's own (the session's) UID."""
    return f"{proposal.request.reference.lower()}-proposed-{proposal.id}@{domain}"


def proposal_event(proposal: Proposal, settings: CalendarSettings, stamp: datetime) -> Event:
    """A time the officer proposed and the school has not answered: tentative in the
    officer's own calendar, so that it shows as held but not yet a session."""
    zone = ZoneInfo(settings.zone_name)
    talk = proposal.request
    event = Event()
    event.add("uid", proposal_uid(proposal, settings.domain))
    event.add("dtstamp", stamp)
    event.add("dtstart", proposal.starts_at.replace(tzinfo=zone))
    event.add("dtend", proposal.ends_at.replace(tzinfo=zone))
    event.add("summary", f"Proposed time (not yet accepted): {talk.school.name}")
    event.add("location", f"{talk.school.name}, {talk.school.address}, {talk.school.postcode}")
    event.add(
        "description",
        f"Reference {talk.reference}. You proposed this time for a {talk.topic.name} talk; "
        "the school has not answered yet.",
    )
    event.add("status", "TENTATIVE")
    event.add("transp", "OPAQUE")
    return event


def calendar_text(
    talks: Iterable[TalkRequest],
    *,
    settings: CalendarSettings,
    stamp: datetime,
    name: str,
    method: str | None = None,
    proposals: Iterable[Proposal] = (),
) -> str:
    """An iCalendar document holding one event per session, and one tentative event per
    open proposed time in `proposals` (the officer's feed only).

    `method` is "REQUEST" or "CANCEL" for e-mail invitations and None for the feed.
    """
    if method is not None and method not in METHODS:
        raise ValueError(f"Unknown calendar method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    aware_stamp = stamp.replace(tzinfo=ZoneInfo("UTC"))
    events = [
        session_event(talk, settings, aware_stamp, invitation=method is not None) for talk in talks
    ]
    events += [proposal_event(proposal, settings, aware_stamp) for proposal in proposals]
    if events:
        calendar.add_component(vtimezone(settings.zone_name, stamp.year))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def method_of(text: str) -> str | None:
    """The METHOD of a calendar document ("REQUEST", "CANCEL"), read as a calendar program
    reads it; None for a document without one."""
    method = Calendar.from_ical(text).get("method")
    return str(method).upper() if method else None
