"""Calendar entries (.ics) for sessions: for the officer's subscription feed and for e-mails.

Each request keeps one UID for its whole life and a SEQUENCE that goes up on every change, so
calendar programs update or remove the entry they already have instead of adding another.
Times are written as Europe/London wall-clock times with the VTIMEZONE they need.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from booking.domain.vocabulary import RequestStatus
from booking.models import TalkRequest

PRODUCT_ID = "-//School talk booking//Sessions//EN"


@lru_cache(maxsize=8)
def _timezone(tzid: str) -> Timezone:
    """A VTIMEZONE takes milliseconds to build from the zone's transitions, and a zone does not
    change while the app runs: build it once (it is only read afterwards)."""
    return Timezone.from_tzid(tzid)


def uid_for(talk: TalkRequest) -> str:
    return f"{talk.reference.lower()}@school-talk-booking"


def session_event(talk: TalkRequest, zone: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid_for(talk))
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
    return event


def calendar_text(
    talks: Iterable[TalkRequest],
    *,
    zone_name: str,
    stamp: datetime,
    name: str,
    method: str | None = None,
) -> str:
    """An iCalendar document holding one event per session.

    `method` is "REQUEST" or "CANCEL" for e-mail invitations and None for the feed.
    """
    zone = ZoneInfo(zone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if method:
        calendar.add("method", method)
    aware_stamp = stamp.replace(tzinfo=ZoneInfo("UTC"))
    for talk in talks:
        calendar.add_component(session_event(talk, zone, aware_stamp))
    for position, tzid in enumerate(sorted(calendar.get_missing_tzids())):
        calendar.subcomponents.insert(position, _timezone(tzid))
    return calendar.to_ical().decode("utf-8")
