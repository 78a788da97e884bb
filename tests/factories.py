"""Builders: small functions that make a valid row with sensible defaults.

Each takes keyword overrides, adds the row to the session and flushes, so the caller gets
ids. They do not commit: a test commits when it needs the row visible to another connection.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from booking.domain.calendar import busy_span
from booking.domain.references import new_reference
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import (
    Area,
    AvailabilityWindow,
    OfficerArea,
    RequestOption,
    School,
    TalkRequest,
    Topic,
    User,
)

PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts only
_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def area(name: str) -> Area:
    """The area called `name`, added to the list if it is not there yet."""
    row = db.session.execute(db.select(Area).where(Area.name == name)).scalar_one_or_none()
    if row is None:
        row = Area(name=name)
        db.session.add(row)
        db.session.flush()
    return row


def school(**overrides) -> School:
    n = _next()
    values = dict(
        urn=f"{100000 + n:06d}",
        name=f"School {n} Primary",
        phase="primary",
        address=f"{n} School Lane",
        postcode="CW1 2AB",
        area="Crewe",
        email_domains=f"school{n}.example.sch.uk",
    )
    values.update(overrides)
    area(values["area"])
    row = School(**values)
    db.session.add(row)
    db.session.flush()
    return row


new_school = school


def topic(**overrides) -> Topic:
    n = _next()
    values = dict(
        slug=f"topic-{n}",
        name=f"Topic {n}",
        description="A talk.",
        for_primary=True,
        for_secondary=True,
        default_length=60,
        active=True,
    )
    values.update(overrides)
    row = Topic(**values)
    db.session.add(row)
    db.session.flush()
    return row


new_topic = topic


def user(role: str = Role.TEACHER, **overrides) -> User:
    n = _next()
    values = dict(
        email=f"user{n}@example.org",
        full_name=f"User {n}",
        role=Role(role).value,
        status=UserStatus.ACTIVE.value,
    )
    password = overrides.pop("password", PASSWORD)
    values.update(overrides)
    if values["role"] == Role.TEACHER and "school_id" not in values and "school" not in values:
        values["school"] = school()
    row = User(**values)
    row.set_password(password)
    db.session.add(row)
    db.session.flush()
    return row


def teacher(school: School | None = None, **overrides) -> User:
    school = school or new_school()
    domain = school.domain_list[0] if school.domain_list else "example.org"
    overrides.setdefault("email", f"teacher{_next()}@{domain}")
    return user(Role.TEACHER, school=school, **overrides)


new_teacher = teacher


def officer(areas: tuple[str, ...] = ("Crewe",), windows=None, **overrides) -> User:
    """An officer covering `areas`, with windows Monday to Friday 09:00-16:00 by default."""
    row = user(Role.OFFICER, **overrides)
    for name in areas:
        area(name)
        row.areas.append(OfficerArea(area=name))
    for weekday, start, end in (
        windows if windows is not None else [(d, time(9), time(16)) for d in range(5)]
    ):
        db.session.add(
            AvailabilityWindow(officer_id=row.id, weekday=weekday, starts_at=start, ends_at=end)
        )
    db.session.flush()
    return row


def coordinator(**overrides) -> User:
    return user(Role.COORDINATOR, **overrides)


def talk_request(
    teacher: User | None = None,
    topic: Topic | None = None,
    options: list[tuple[date, time, time]] | None = None,
    **overrides,
) -> TalkRequest:
    """A request in status requested, with one option three weeks after 2 March 2026."""
    teacher = teacher or new_teacher()
    topic = topic or new_topic()
    values = dict(
        reference=new_reference(),
        school_id=teacher.school_id,
        teacher_id=teacher.id,
        topic_id=topic.id,
        age_group="primary",
        year_group="Year 5",
        pupils=30,
        length_minutes=60,
        notes="",
        status=RequestStatus.REQUESTED.value,
    )
    values.update(overrides)
    row = TalkRequest(**values)
    for position, (day, start, finish) in enumerate(
        options or [(date(2026, 3, 23), time(9), time(15))], start=1
    ):
        row.options.append(
            RequestOption(position=position, day=day, earliest_start=start, latest_finish=finish)
        )
    db.session.add(row)
    db.session.flush()
    return row


def confirmed(
    officer: User, starts: datetime, minutes: int = 60, buffer: int = 30, **overrides
) -> TalkRequest:
    """A confirmed session of `officer` starting at `starts`."""
    ends = starts + timedelta(minutes=minutes)
    busy_from, busy_until = busy_span(starts, ends, buffer)
    return talk_request(
        status=RequestStatus.CONFIRMED.value,
        officer_id=officer.id,
        starts_at=starts,
        ends_at=ends,
        busy_from=busy_from,
        busy_until=busy_until,
        length_minutes=minutes,
        **overrides,
    )
