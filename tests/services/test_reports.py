"""Demand by topic: every number of a scenario either side of 1 September, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking import reports
from booking.domain.calendar import ClosedDays, busy_span
from booking.extensions import db
from booking.models import Closure, Feedback

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 2)  # the tests' frozen Monday
SCHOOL_YEAR = reports.Filters(date(2025, 9, 1), date(2026, 8, 31))
COLUMNS = (
    "requested",
    "waiting",
    "confirmed",
    "delivered",
    "declined",
    "cancelled",
    "pupils_reached",
    "waiting_too_long",
)


def _numbers(figures: reports.Figures) -> tuple[int, ...]:
    return tuple(getattr(figures, name) for name in COLUMNS) + (figures.unmet,)


def _request(
    make,
    teacher,
    topic,
    made: str,
    status: str = "requested",
    officer=None,
    reached=None,
    age_group="primary",
    starts=None,
):
    values = dict(
        status=status,
        age_group=age_group,
        created_at=datetime.fromisoformat(made),
    )
    if officer is not None:
        values["officer_id"] = officer.id
    if starts is not None:
        ends = starts + timedelta(minutes=60)
        busy_from, busy_until = busy_span(starts, ends, 30)
        values.update(starts_at=starts, ends_at=ends, busy_from=busy_from, busy_until=busy_until)
    if reached is not None:
        values["pupils_reached"] = reached
    return make.talk_request(teacher=teacher, topic=topic, **values)


@pytest.fixture
def scenario(make):
    """Four topics (one retired, one never asked for), two areas, two officers, requests
    in every status, made either side of 1 September 2025."""
    bullying = make.topic(name="Bullying", slug="bullying")
    drugs = make.topic(name="Drugs", slug="drugs")
    weapons = make.topic(name="Weapons", slug="weapons", active=False)
    make.topic(name="Zebra crossings", slug="zebra")
    crewe = make.teacher(make.school(area="Crewe"))
    chester = make.teacher(make.school(area="Chester", phase="secondary"))
    ann = make.officer(full_name="Ann Officer")
    bob = make.officer(full_name="Bob Officer")
    _request(make, crewe, bullying, "2025-08-28 10:00")  # last school year
    _request(make, crewe, bullying, "2025-09-01 10:00")  # waiting for months
    _request(make, crewe, bullying, "2026-02-27 10:00", "proposed")  # 1 working day
    _request(
        make,
        chester,
        bullying,
        "2025-10-06 10:00",
        "delivered",
        ann,
        28,
        "secondary",
        datetime(2025, 11, 3, 10),
    )
    _request(make, crewe, bullying, "2025-11-10 10:00", "declined")
    _request(
        make,
        chester,
        drugs,
        "2026-01-15 10:00",
        "confirmed",
        bob,
        None,
        "secondary",
        datetime(2026, 3, 20, 10),
    )
    _request(
        make,
        chester,
        drugs,
        "2026-01-20 10:00",
        "delivered",
        ann,
        60,
        "secondary",
        datetime(2026, 2, 10, 10),
    )
    _request(make, crewe, drugs, "2025-09-15 10:00", "cancelled")
    _request(
        make,
        crewe,
        weapons,
        "2025-12-01 10:00",
        "delivered",
        bob,
        25,
        "primary",
        datetime(2026, 1, 12, 10),
    )
    _request(make, crewe, drugs, "2026-02-20 10:00")  # 6 working days: too long
    _request(make, crewe, drugs, "2026-02-23 10:00")  # 5 working days: not yet
    db.session.flush()
    return {"ann": ann, "bob": bob}


def _table(demand: reports.Demand) -> dict[str, tuple]:
    return {row.name: (row.active, *_numbers(row.figures)) for row in demand.rows}


def test_demand_for_the_school_year_counts_every_status(scenario):
    demand = reports.demand_by_topic(SCHOOL_YEAR, TODAY, LONDON)
    assert _table(demand) == {
        "Bullying": (True, 4, 2, 0, 1, 1, 0, 28, 1, 2),
        "Drugs": (True, 5, 2, 1, 1, 0, 1, 60, 1, 1),
        "Weapons": (False, 1, 0, 0, 1, 0, 0, 25, 0, 0),
        "Zebra crossings": (True, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    }
    assert _numbers(demand.totals) == (10, 4, 1, 3, 1, 1, 113, 2, 3)


def test_demand_of_the_previous_school_year(scenario):
    demand = reports.demand_by_topic(
        reports.Filters(date(2024, 9, 1), date(2025, 8, 31)), TODAY, LONDON
    )
    assert _table(demand)["Bullying"] == (True, 1, 1, 0, 0, 0, 0, 0, 1, 1)
    assert _numbers(demand.totals) == (1, 1, 0, 0, 0, 0, 0, 1, 1)


@pytest.mark.parametrize(
    "overrides,bullying,drugs",
    [
        ({"area": "Chester"}, (1, 0, 0, 1, 0, 0, 28, 0, 0), (2, 0, 1, 1, 0, 0, 60, 0, 0)),
        ({"age_group": "primary"}, (3, 2, 0, 0, 1, 0, 0, 1, 2), (3, 2, 0, 0, 0, 1, 0, 1, 1)),
        ({"officer": "ann"}, (1, 0, 0, 1, 0, 0, 28, 0, 0), (1, 0, 0, 1, 0, 0, 60, 0, 0)),
        ({"officer": "bob"}, (0,) * 9, (1, 0, 1, 0, 0, 0, 0, 0, 0)),
    ],
)
def test_demand_filters(scenario, overrides, bullying, drugs):
    if "officer" in overrides:
        overrides = {"officer_id": scenario[overrides["officer"]].id}
    filters = reports.Filters(SCHOOL_YEAR.first_day, SCHOOL_YEAR.last_day, **overrides)
    table = _table(reports.demand_by_topic(filters, TODAY, LONDON))
    assert table["Bullying"][1:] == bullying
    assert table["Drugs"][1:] == drugs


def test_demand_csv_has_exactly_the_table(scenario):
    demand = reports.demand_by_topic(SCHOOL_YEAR, TODAY, LONDON)
    assert reports.demand_csv(demand).split("\r\n") == [
        "\ufeffTopic,Retired,Requested,Waiting,Confirmed,Delivered,Declined,Cancelled,"
        "Pupils reached,Waiting more than 5 working days,Unmet demand",
        "Bullying,,4,2,0,1,1,0,28,1,2",
        "Drugs,,5,2,1,1,0,1,60,1,1",
        "Weapons,yes,1,0,0,1,0,0,25,0,0",
        "Zebra crossings,,0,0,0,0,0,0,0,0,0",
        "Total,,10,4,1,3,1,1,113,2,3",
        "",
    ]


def test_demand_by_month_shows_the_trend_with_empty_months(scenario):
    months = reports.demand_by_month(SCHOOL_YEAR, TODAY, LONDON)
    assert [(m.label, _numbers(m.figures)) for m in months] == [
        ("September 2025", (2, 1, 0, 0, 0, 1, 0, 1, 1)),
        ("October 2025", (1, 0, 0, 1, 0, 0, 28, 0, 0)),
        ("November 2025", (1, 0, 0, 0, 1, 0, 0, 0, 1)),
        ("December 2025", (1, 0, 0, 1, 0, 0, 25, 0, 0)),
        ("January 2026", (2, 0, 1, 1, 0, 0, 60, 0, 0)),
        ("February 2026", (3, 3, 0, 0, 0, 0, 0, 1, 1)),
        ("March 2026", (0,) * 9),
        ("April 2026", (0,) * 9),
        ("May 2026", (0,) * 9),
        ("June 2026", (0,) * 9),
        ("July 2026", (0,) * 9),
        ("August 2026", (0,) * 9),
    ]


def test_a_closure_pushes_back_when_a_request_waits_too_long(scenario, make):
    db.session.add(Closure(first_day=date(2026, 2, 24), last_day=date(2026, 2, 24), reason="T"))
    db.session.flush()
    demand = reports.demand_by_topic(SCHOOL_YEAR, TODAY, LONDON)
    # The request of Friday 20 February has now waited 5 working days, not 6.
    assert _table(demand)["Drugs"][-2:] == (0, 0)


@pytest.mark.parametrize(
    "today,made_before",
    [
        (date(2026, 3, 2), date(2026, 2, 23)),  # Monday: made by Sunday 22nd is 6 days
        (date(2026, 3, 7), date(2026, 2, 27)),  # Saturday: made by Thursday 26th
        (date(2026, 4, 7), date(2026, 3, 27)),  # Good Friday and Easter Monday skipped
        (date(2026, 6, 15), date(2026, 6, 8)),  # summer time: local midnight is 23:00 UTC
    ],
)
def test_waiting_too_long_starts_after_five_working_days(today, made_before):
    moment = reports.overdue_made_before(today, ClosedDays(), LONDON)
    expected = datetime.combine(made_before, datetime.min.time(), LONDON)
    assert moment == expected.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


class CountingClosedDays(ClosedDays):
    """Closed days that count how many days the rules were asked about."""

    def is_working_day(self, day: date) -> bool:
        self.asked.append(day)
        return super().is_working_day(day)


def test_waiting_too_long_after_a_ten_year_closure_looks_at_each_day_once():
    closed = CountingClosedDays.of([(date(2016, 1, 4), date(2026, 2, 27), "Long closure")])
    object.__setattr__(closed, "asked", [])
    moment = reports.overdue_made_before(date(2026, 3, 9), closed, LONDON)
    # Made by Sunday 1 March: six working days, Mon 2 to Mon 9; the long closure has none.
    expected = datetime.combine(date(2026, 3, 2), datetime.min.time(), LONDON)
    assert moment == expected.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    assert len(closed.asked) == len(set(closed.asked))


@pytest.mark.parametrize(
    "today,first",
    [
        (date(2026, 3, 2), date(2025, 9, 1)),
        (date(2026, 9, 1), date(2026, 9, 1)),
        (date(2026, 8, 31), date(2025, 9, 1)),
    ],
)
def test_school_year_runs_from_1_september(today, first):
    assert reports.school_year(today) == (first, date(first.year + 1, 8, 31))


def test_feedback_per_topic_and_officer(scenario, make):
    delivered = (
        db.session.execute(
            db.select(reports.TalkRequest)
            .where(reports.TalkRequest.status == "delivered")
            .order_by(reports.TalkRequest.created_at)
        )
        .scalars()
        .all()
    )
    for talk, rating, comments in zip(delivered, (5, 4, 2), ("Great", "", "Too long"), strict=True):
        db.session.add(
            Feedback(
                request_id=talk.id, teacher_id=talk.teacher_id, rating=rating, comments=comments
            )
        )
    db.session.flush()
    report = reports.feedback_report(SCHOOL_YEAR, LONDON)
    assert [(s.label, s.forms, s.average) for s in report.by_topic] == [
        ("Bullying", 1, 5.0),
        ("Drugs", 1, 2.0),
        ("Weapons", 1, 4.0),
    ]
    assert [(s.label, s.forms, s.average) for s in report.by_officer] == [
        ("Ann Officer", 2, 3.5),
        ("Bob Officer", 1, 4.0),
    ]
    assert sorted((c.topic, c.rating, c.comments) for c in report.comments) == [
        ("Bullying", 5, "Great"),
        ("Drugs", 2, "Too long"),
    ]
