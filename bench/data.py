"""National-scale data for the benchmark, made as plain rows (no ORM objects) so that it can
be written with COPY or executemany in seconds rather than hours.

The shape follows a real service: requests made steadily over five school years, each with
one to three preferred days at least ten working days ahead; past requests mostly delivered,
future ones mostly confirmed or still waiting. Sessions never break the database rules: an
officer has at most four fixed slots a day, 30 minutes apart, so neither the overlap nor the
travel-buffer exclusion constraint can fire. Values are strings in the formats both SQLite
(through SQLAlchemy) and PostgreSQL read, so the same rows feed either database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from booking.domain.calendar import bank_holidays_between
from booking.domain.references import ALPHABET, LENGTH, PREFIX

# A Wednesday near the end of the summer term: five school years of history lie behind it.
NOW = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/London")
SLOTS = (time(8, 30), time(10, 30), time(12, 30), time(14, 30))  # 90-minute talks fit, 30 apart
HALF_BUFFER = timedelta(minutes=15)
LENGTHS = (30, 45, 60, 60, 60, 90)
PAST_MIX = (("delivered", 76), ("declined", 12), ("cancelled", 10), ("confirmed", 2))
FUTURE_MIX = (
    ("confirmed", 55),
    ("requested", 25),
    ("proposed", 5),
    ("declined", 7),
    ("cancelled", 8),
)
COMMENTS = ("", "", "Pupils were engaged throughout.", "Very clear, thank you.", "Too short.")


@dataclass(frozen=True)
class Plan:
    requests: int = 1_000_000
    schools: int = 24_000
    officers: int = 500
    areas: int = 320
    years: int = 5
    now: datetime = NOW
    seed: int = 2026
    password_hash: str = ""

    @property
    def first_day(self) -> date:
        today = self.today
        start_year = today.year if today.month >= 9 else today.year - 1
        return date(start_year - self.years + 1, 9, 1)

    @property
    def today(self) -> date:
        return self.now.astimezone(ZONE).date()


def coordinator_id() -> int:
    return 1


def officer_id(plan: Plan, n: int) -> int:
    return 2 + n


def teacher_id(plan: Plan, school: int) -> int:
    return 2 + plan.officers + school


def officer_email(n: int) -> str:
    return f"officer{n}@bench.example.police.uk"


def teacher_email(school: int) -> str:
    return f"teacher@school{school + 1}.example.sch.uk"


COORDINATOR_EMAIL = "coordinator@bench.example.police.uk"


def reference(request_id: int) -> str:
    """A distinct reference for every id: a bijection onto the reference alphabet."""
    base = len(ALPHABET)
    value = (request_id * 7919 + 12345) % base**LENGTH
    letters = []
    for _ in range(LENGTH):
        value, digit = divmod(value, base)
        letters.append(ALPHABET[digit])
    return PREFIX + "".join(letters)


def _dt(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="microseconds")


def _t(moment: time) -> str:
    return moment.isoformat(timespec="microseconds")


def _pick(rng: random.Random, mix) -> str:
    roll = rng.randrange(100)
    for status, weight in mix:
        if roll < weight:
            return status
        roll -= weight
    return mix[-1][0]


class Calendar:
    """The working days of the period (weekdays, no bank holidays, no closures)."""

    def __init__(self, plan: Plan):
        last = plan.today + timedelta(days=400)
        holidays = {day for day, _name in bank_holidays_between(plan.first_day, last)}
        self.closures = [self._first_weekday(date(y, 9, 2)) for y in self._years(plan)]
        closed = holidays | set(self.closures)
        self.days: list[date] = []
        day = plan.first_day
        while day <= last:
            if day.weekday() < 5 and day not in closed:
                self.days.append(day)
            day += timedelta(days=1)
        self.index = {day: i for i, day in enumerate(self.days)}

    @staticmethod
    def _years(plan: Plan) -> range:
        return range(plan.first_day.year, plan.today.year + 1)

    @staticmethod
    def _first_weekday(day: date) -> date:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def at_or_after(self, day: date) -> int:
        while day not in self.index:
            day += timedelta(days=1)
        return self.index[day]


def static_tables(plan: Plan, calendar: Calendar, topic_ids: list[int]) -> dict:
    """Schools, users, officers' areas, topics and windows, closures and time off."""
    created = _dt(datetime.combine(plan.first_day, time(8)))
    schools, users = [], []
    users.append(
        (coordinator_id(), COORDINATOR_EMAIL, "Casey Coordinator", "coordinator", "active")
        + (None, "Communities Unit coordinator", "", plan.password_hash, None, created)
    )
    for n in range(plan.officers):
        users.append(
            (officer_id(plan, n), officer_email(n), f"Officer {n + 1:03d}", "officer", "active")
            + (None, "Schools Liaison Officer", "", plan.password_hash, None, created)
        )
    for s in range(plan.schools):
        urn = f"{100000 + s}"
        phase = ("primary",) * 7 + ("secondary", "secondary", "all-through")
        schools.append(
            (s + 1, urn, f"School {urn}", phase[s % 10], f"{s + 1} School Lane")
            + (f"BX{s % 98 + 1} {s % 9}AA", area_name(s % plan.areas))
            + (f"school{s + 1}.example.sch.uk",)
        )
        users.append(
            (teacher_id(plan, s), teacher_email(s), f"Teacher {urn}", "teacher", "active")
            + (s + 1, "Teacher", "", plan.password_hash, None, created)
        )
    officers = [officer_id(plan, n) for n in range(plan.officers)]
    return {
        "areas": (("name",), [(area_name(n),) for n in range(plan.areas)]),
        "schools": (SCHOOL_COLUMNS, schools),
        "users": (USER_COLUMNS, users),
        "officer_areas": (
            ("officer_id", "area"),
            [(o, area_name(n % plan.areas)) for n, o in enumerate(officers)],
        ),
        "officer_topics": (
            ("officer_id", "topic_id"),
            [(o, t) for o in officers for t in topic_ids],
        ),
        "availability_windows": (
            ("officer_id", "weekday", "starts_at", "ends_at"),
            [(o, d, _t(time(8, 30)), _t(time(16, 30))) for o in officers for d in range(5)],
        ),
        "time_off": (
            ("officer_id", "first_day", "last_day", "reason"),
            [
                (o, f"{plan.today.year}-08-03", f"{plan.today.year}-08-14", "Leave")
                for o in officers
            ],
        ),
        "closures": (
            ("first_day", "last_day", "reason", "created_by_id", "created_at"),
            [
                (d.isoformat(), d.isoformat(), "Force training day", 1, created)
                for d in calendar.closures
            ],
        ),
    }


def area_name(n: int) -> str:
    return f"District {n + 1:03d}"


SCHOOL_COLUMNS = ("id", "urn", "name", "phase", "address", "postcode", "area", "email_domains")
USER_COLUMNS = (
    "id",
    "email",
    "full_name",
    "role",
    "status",
    "school_id",
    "job_title",
    "telephone",
    "password_hash",
    "calendar_token",
    "created_at",
)
REQUEST_COLUMNS = (
    "id",
    "reference",
    "school_id",
    "teacher_id",
    "topic_id",
    "age_group",
    "year_group",
    "pupils",
    "length_minutes",
    "notes",
    "status",
    "officer_id",
    "starts_at",
    "ends_at",
    "busy_from",
    "busy_until",
    "pupils_reached",
    "calendar_sequence",
    "created_at",
    "updated_at",
)
OPTION_COLUMNS = ("request_id", "position", "day", "earliest_start", "latest_finish")
AUDIT_COLUMNS = (
    "action",
    "request_id",
    "subject_user_id",
    "actor_id",
    "from_status",
    "to_status",
    "detail",
    "ip_address",
    "created_at",
)
FEEDBACK_COLUMNS = ("request_id", "teacher_id", "rating", "comments", "created_at")
PROPOSAL_COLUMNS = ("request_id", "officer_id", "position", "starts_at", "ends_at", "created_at")
