"""Demo data: schools in three areas, officers with windows, and requests in every status.

Dates are laid out around `today`, so the demo always shows a live term: sessions delivered in
the past weeks, sessions confirmed for the weeks ahead, and requests still waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.easter import easter
from flask import current_app

from booking.clock import local_zone
from booking.domain.calendar import ClosedDays, at, busy_span
from booking.domain.references import new_reference
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import (
    Area,
    AuditEvent,
    AvailabilityWindow,
    Feedback,
    OfficerArea,
    Proposal,
    RequestOption,
    School,
    TalkRequest,
    Topic,
    User,
)
from booking.services import accounts

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - demo accounts only, refused in production

AREAS = ("Chester", "Crewe", "Warrington")
SCHOOLS = [
    # urn, name, phase, area, postcode, domain
    (
        "911001",
        "Oakfield Primary School",
        "primary",
        "Chester",
        "CH1 4AB",
        "oakfield.example.sch.uk",
    ),
    (
        "911002",
        "Hoole Park Primary School",
        "primary",
        "Chester",
        "CH2 3DE",
        "hoolepark.example.sch.uk",
    ),
    (
        "911003",
        "Upton Heath Academy",
        "secondary",
        "Chester",
        "CH2 1HT",
        "uptonheath.example.sch.uk",
    ),
    (
        "911004",
        "Blacon Brook Primary",
        "primary",
        "Chester",
        "CH1 5QP",
        "blaconbrook.example.sch.uk",
    ),
    ("911005", "Deva High School", "secondary", "Chester", "CH4 7JN", "devahigh.example.sch.uk"),
    (
        "911006",
        "St Werburgh's Church Primary",
        "primary",
        "Chester",
        "CH1 2HU",
        "stwerburghs.example.sch.uk",
    ),
    (
        "911007",
        "Riverside Special School",
        "special",
        "Chester",
        "CH3 5AL",
        "riverside.example.sch.uk",
    ),
    (
        "912001",
        "Crewe Green Primary School",
        "primary",
        "Crewe",
        "CW1 5UB",
        "crewegreen.example.sch.uk",
    ),
    (
        "912002",
        "Nantwich Road Academy",
        "secondary",
        "Crewe",
        "CW2 6EJ",
        "nantwichroad.example.sch.uk",
    ),
    (
        "912003",
        "Wistaston Meadows Primary",
        "primary",
        "Crewe",
        "CW2 8QA",
        "wistaston.example.sch.uk",
    ),
    (
        "912004",
        "Leighton Vale High School",
        "secondary",
        "Crewe",
        "CW1 4QN",
        "leightonvale.example.sch.uk",
    ),
    (
        "912005",
        "Shavington Fields Primary",
        "primary",
        "Crewe",
        "CW2 5BP",
        "shavington.example.sch.uk",
    ),
    (
        "912006",
        "Crewe All Saints School",
        "all-through",
        "Crewe",
        "CW1 3LA",
        "allsaints.example.sch.uk",
    ),
    (
        "913001",
        "Warrington Bridge Primary",
        "primary",
        "Warrington",
        "WA1 2NN",
        "bridge.example.sch.uk",
    ),
    (
        "913002",
        "Latchford Heights High School",
        "secondary",
        "Warrington",
        "WA4 1HS",
        "latchford.example.sch.uk",
    ),
    (
        "913003",
        "Great Sankey Green Primary",
        "primary",
        "Warrington",
        "WA5 3AA",
        "sankeygreen.example.sch.uk",
    ),
    (
        "913004",
        "Orford Park Academy",
        "secondary",
        "Warrington",
        "WA2 9PL",
        "orfordpark.example.sch.uk",
    ),
    (
        "913005",
        "Padgate Meadow Primary",
        "primary",
        "Warrington",
        "WA2 0QE",
        "padgate.example.sch.uk",
    ),
    (
        "913006",
        "Birchwood Lakes Primary",
        "primary",
        "Warrington",
        "WA3 7PF",
        "birchwood.example.sch.uk",
    ),
    (
        "913007",
        "Penketh Riverside High",
        "secondary",
        "Warrington",
        "WA5 2BY",
        "penketh.example.sch.uk",
    ),
]

# urn: street address (the town is the school's area)
STREETS = {
    "911001": "14 Oakfield Road",
    "911002": "12 Hoole Road",
    "911003": "3 Heath Lane",
    "911004": "40 Blacon Avenue",
    "911005": "2 Deva Way",
    "911006": "7 Northgate Street",
    "911007": "5 Riverside Walk",
    "912001": "1 Crewe Green Road",
    "912002": "88 Nantwich Road",
    "912003": "22 Wistaston Road",
    "912004": "9 Minshull New Road",
    "912005": "31 Newcastle Road",
    "912006": "16 Ruskin Road",
    "913001": "2 Bridge Street",
    "913002": "55 Knutsford Road",
    "913003": "18 Liverpool Road",
    "913004": "60 Orford Lane",
    "913005": "11 Station Road",
    "913006": "4 Admirals Road",
    "913007": "27 Warrington Road",
}

# name, e-mail, area, windows as (weekday, from, to)
OFFICERS = [
    (
        "PC Alex Morgan",
        "alex.morgan@example.police.uk",
        "Chester",
        [(d, time(9), time(15)) for d in range(5)],
    ),
    (
        "PC Priya Shah",
        "priya.shah@example.police.uk",
        "Crewe",
        [(d, time(8, 30), time(16, 30)) for d in (0, 2, 3)],
    ),
    (
        "PC Tom Hughes",
        "tom.hughes@example.police.uk",
        "Warrington",
        [(d, time(9), time(12, 30)) for d in range(1, 5)]
        + [(d, time(13, 30), time(16)) for d in range(1, 5)],
    ),
]
COORDINATOR = ("Sam Carter", "sam.carter@example.police.uk")
TEACHERS = [
    ("Jo Evans", "jo.evans@oakfield.example.sch.uk", "911001", "Year 6 teacher"),
    ("Ravi Patel", "ravi.patel@nantwichroad.example.sch.uk", "912002", "Head of PSHE"),
    ("Emma Clarke", "emma.clarke@bridge.example.sch.uk", "913001", "Deputy head"),
]
PENDING_TEACHER = ("Chris Lee", "chris.lee.teacher@example.com", "911003", "Supply teacher")


@dataclass(frozen=True)
class DemoAccount:
    role: str
    name: str
    email: str
    note: str = ""


def is_empty() -> bool:
    return db.session.execute(db.select(User.id).limit(1)).first() is None


def seed(today: date) -> list[DemoAccount]:
    """Add the demo to an empty database (topics come from the migration)."""
    topics = list(db.session.execute(db.select(Topic).order_by(Topic.name)).scalars())
    if not topics:
        raise RuntimeError("No topics: run `flask --app booking db upgrade` first")
    schools = _schools()
    officers = _officers()
    coordinator = accounts.create_user(
        COORDINATOR[1], role=Role.COORDINATOR, full_name=COORDINATOR[0], password=DEMO_PASSWORD
    )
    teachers = [
        accounts.create_user(
            email, role=Role.TEACHER, full_name=name, school=schools[urn], password=DEMO_PASSWORD
        )
        for name, email, urn, _ in TEACHERS
    ]
    for teacher, (_, _, _, title) in zip(teachers, TEACHERS, strict=True):
        teacher.job_title = title
    pending = accounts.create_user(
        PENDING_TEACHER[1],
        role=Role.TEACHER,
        full_name=PENDING_TEACHER[0],
        school=schools[PENDING_TEACHER[2]],
        password=DEMO_PASSWORD,
    )
    pending.status = UserStatus.PENDING.value
    _requests(today, topics, teachers, officers)
    db.session.flush()
    return (
        [DemoAccount("coordinator", coordinator.full_name, coordinator.email)]
        + [DemoAccount("officer", o.full_name, o.email, o.area_names[0]) for o in officers]
        + [DemoAccount("teacher", t.full_name, t.email, t.school.name) for t in teachers]
        + [DemoAccount("teacher", pending.full_name, pending.email, "awaiting approval")]
    )


def _schools() -> dict[str, School]:
    db.session.add_all(Area(name=name) for name in AREAS)
    db.session.flush()
    schools = {}
    for urn, name, phase, area, postcode, domain in SCHOOLS:
        school = School(
            urn=urn,
            name=name,
            phase=phase,
            area=area,
            postcode=postcode,
            address=f"{STREETS[urn]}, {area}",
            email_domains=domain,
            domains_staff_only=True,
        )
        db.session.add(school)
        schools[urn] = school
    db.session.flush()
    return schools


def _officers() -> list[User]:
    officers = []
    for name, email, area, windows in OFFICERS:
        officer = accounts.create_user(
            email, role=Role.OFFICER, full_name=name, password=DEMO_PASSWORD
        )
        officer.areas.append(OfficerArea(area=area))
        for weekday, start, end in windows:
            db.session.add(
                AvailabilityWindow(
                    officer_id=officer.id, weekday=weekday, starts_at=start, ends_at=end
                )
            )
        officers.append(officer)
    db.session.flush()
    return officers


# (status, working days from today: negative is the past; pupils)
PLAN = [
    (RequestStatus.DELIVERED, -30, 28),
    (RequestStatus.DELIVERED, -24, 60),
    (RequestStatus.DELIVERED, -18, 30),
    (RequestStatus.DELIVERED, -12, 90),
    (RequestStatus.DELIVERED, -6, 25),
    (RequestStatus.DELIVERED, -3, 120),
    (RequestStatus.CONFIRMED, 4, 30),
    (RequestStatus.CONFIRMED, 8, 28),
    (RequestStatus.CONFIRMED, 13, 150),
    (RequestStatus.CONFIRMED, 17, 32),
    (RequestStatus.REQUESTED, 14, 30),
    (RequestStatus.REQUESTED, 16, 27),
    (RequestStatus.REQUESTED, 21, 180),
    (RequestStatus.REQUESTED, 25, 29),
    (RequestStatus.PROPOSED, 15, 31),
    (RequestStatus.PROPOSED, 19, 60),
    (RequestStatus.DECLINED, 12, 24),
    (RequestStatus.CANCELLED, 11, 30),
    (RequestStatus.CANCELLED, -9, 26),
    # given a few days ago and not yet marked as delivered: "Mark as delivered" has work to do
    (RequestStatus.CONFIRMED, -2, 27),
]
# Talks delivered this recently have no feedback yet, so "Leave feedback" can be tried.
FEEDBACK_AFTER_WORKING_DAYS = 10
MADE_BEFORE_FIRST_OPTION = timedelta(days=28)
MADE_AT_LEAST_WORKING_DAYS_AGO = 3
ANSWERED_AFTER = timedelta(days=2, hours=4)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=-day.weekday() % 7)


def school_holidays(year: int) -> list[tuple[date, date, str]]:
    """The usual school holidays of England around `year`, near enough for the demo: schools
    take no talks then, so a demo that books one would look wrong. Each force's real term dates
    differ a little from year to year; the demo only has to stay clear of them."""
    good_friday = easter(year) - timedelta(days=2)
    may_bank_holiday = _monday_on_or_after(date(year, 5, 25))
    october = _monday_on_or_after(date(year, 10, 23))
    february = _monday_on_or_after(date(year, 2, 12))
    return [
        (date(year - 1, 12, 19), date(year, 1, 4), "Christmas holidays"),
        (february, february + timedelta(days=4), "February half term"),
        (good_friday - timedelta(days=7), good_friday + timedelta(days=10), "Easter holidays"),
        (may_bank_holiday, may_bank_holiday + timedelta(days=4), "May half term"),
        (date(year, 7, 22), date(year, 9, 2), "Summer holidays"),
        (october, october + timedelta(days=4), "October half term"),
        (date(year, 12, 19), date(year + 1, 1, 4), "Christmas holidays"),
    ]


def term_time_calendar(today: date) -> ClosedDays:
    """Weekends, bank holidays and the school holidays of the years around `today`."""
    return ClosedDays.of(
        entry for year in range(today.year - 1, today.year + 2) for entry in school_holidays(year)
    )


def _requests(today: date, topics: list[Topic], teachers: list[User], officers: list[User]) -> None:
    calendar = term_time_calendar(today)
    latest_made = _working_days_before(calendar, today, MADE_AT_LEAST_WORKING_DAYS_AGO)
    for index, (status, offset, pupils) in enumerate(PLAN):
        teacher = teachers[index % len(teachers)]
        officer = officers[index % len(officers)]
        topic = topics[index % len(topics)]
        age_group = "secondary" if teacher.school.phase == "secondary" else "primary"
        if not topic.suits(age_group):
            topic = next(t for t in topics if t.suits(age_group))
        day = _working_day(calendar, today, offset, officer)
        start = time(9, 30) if index % 2 else time(13, 30)
        if officer.email.startswith("tom") and start == time(13, 30):
            start = time(14, 0)
        made = min(day - MADE_BEFORE_FIRST_OPTION, latest_made)
        talk = TalkRequest(
            reference=new_reference(),
            school_id=teacher.school_id,
            teacher_id=teacher.id,
            topic_id=topic.id,
            age_group=age_group,
            year_group="Year 6" if age_group == "primary" else "Year 9",
            pupils=pupils,
            length_minutes=60,
            notes="The class has talked about this topic in PSHE this term."
            if index % 3 == 0
            else "",
            status=RequestStatus.REQUESTED.value,
            created_at=datetime.combine(made, time(10)),
        )
        talk.options.append(
            RequestOption(position=1, day=day, earliest_start=time(9), latest_finish=time(15))
        )
        talk.options.append(
            RequestOption(
                position=2,
                day=_working_day(calendar, today, offset + 2, officer),
                earliest_start=time(9),
                latest_finish=time(12),
            )
        )
        db.session.add(talk)
        db.session.flush()
        _history(talk, teacher, None, RequestStatus.REQUESTED, "", talk.created_at)
        answered = min(talk.created_at + ANSWERED_AFTER, datetime.combine(today, time()))
        feedback = offset <= -FEEDBACK_AFTER_WORKING_DAYS
        _advance(talk, status, officer, at(day, start), pupils, answered, feedback=feedback)


def _working_days_before(calendar: ClosedDays, today: date, count: int) -> date:
    day = today
    while count > 0:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


def _working_day(calendar: ClosedDays, today: date, offset: int, officer: User) -> date:
    """A working day about `offset` working days from today on which the officer has a window."""
    window_days = {
        w.weekday
        for w in db.session.execute(
            db.select(AvailabilityWindow).where(AvailabilityWindow.officer_id == officer.id)
        ).scalars()
    }
    step = 1 if offset >= 0 else -1
    day, moved = today, 0
    while (
        moved < abs(offset) or day.weekday() not in window_days or not calendar.is_working_day(day)
    ):
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            moved += 1
    return day


def _advance(
    talk: TalkRequest,
    status: RequestStatus,
    officer: User,
    starts: datetime,
    pupils: int,
    answered: datetime,
    *,
    feedback: bool,
) -> None:
    """Take the request to `status` as people would have: answered a few days after it was
    made, delivered when the session ended."""
    if status == RequestStatus.REQUESTED:
        return
    if status == RequestStatus.DECLINED:
        _set_status(talk, status, officer, "No officer is free on these dates.", answered)
        return
    if status == RequestStatus.CANCELLED:
        _set_status(talk, status, talk.teacher, "The class trip moved to that day.", answered)
        return
    if status == RequestStatus.PROPOSED:
        # as sessions.propose leaves it: the request stays unassigned until the school answers
        talk.proposals.append(
            Proposal(
                officer_id=officer.id,
                position=1,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=talk.length_minutes),
                created_at=answered,
            )
        )
        _set_status(talk, status, officer, "Proposed another time.", answered)
        return
    ends = starts + timedelta(minutes=talk.length_minutes)
    talk.officer_id = officer.id
    talk.starts_at, talk.ends_at = starts, ends
    talk.busy_from, talk.busy_until = busy_span(
        starts, ends, current_app.config["TRAVEL_BUFFER_MINUTES"]
    )
    _set_status(talk, RequestStatus.CONFIRMED, officer, "", answered)
    if status == RequestStatus.DELIVERED:
        talk.pupils_reached = pupils
        given = _as_stored(ends)
        _set_status(talk, status, officer, "", given)
        if feedback:
            db.session.add(
                Feedback(
                    request_id=talk.id,
                    teacher_id=talk.teacher_id,
                    rating=5,
                    comments="Clear, engaging and pitched right for the class.",
                    created_at=given + timedelta(days=1),
                )
            )


def _as_stored(local: datetime) -> datetime:
    """A wall-clock time in the force's zone as the naive UTC the history stores."""
    return local.replace(tzinfo=local_zone()).astimezone(UTC).replace(tzinfo=None)


def _set_status(
    talk: TalkRequest, status: RequestStatus, actor: User, reason: str, when: datetime
) -> None:
    previous = RequestStatus(talk.status)
    talk.status = status.value
    _history(talk, actor, previous, status, reason, when)


def _history(
    talk: TalkRequest,
    actor: User,
    previous: RequestStatus | None,
    status: RequestStatus,
    reason: str,
    when: datetime,
) -> None:
    db.session.add(
        AuditEvent(
            action=status.value,
            request_id=talk.id,
            actor_id=actor.id,
            from_status=previous.value if previous else None,
            to_status=status.value,
            detail=reason,
            created_at=when,
        )
    )
