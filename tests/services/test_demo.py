"""The demo data tells a story that could have happened: nothing made or done after today,
sessions that keep the officers' rules, and something left to try on every role's pages.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

import pytest
from sqlalchemy import select

from booking import demo
from booking.domain.calendar import ClosedDays
from booking.extensions import db
from booking.models import AuditEvent, AvailabilityWindow, School, TalkRequest

# the pinned Monday, and the Tuesday after Easter Monday (bank holidays on both sides)
TODAYS = [date(2026, 3, 2), date(2026, 4, 7)]


@pytest.fixture(params=TODAYS, ids=str)
def today(request, make):
    make.topic(name="Bullying", slug="bullying")
    make.topic(name="Drugs", slug="drugs", for_primary=False)
    make.topic(name="Internet safety", slug="internet-safety")
    db.session.flush()
    demo.seed(request.param)
    db.session.commit()
    return request.param


def _talks() -> list[TalkRequest]:
    return list(db.session.execute(select(TalkRequest).order_by(TalkRequest.id)).scalars())


def _sessions() -> list[TalkRequest]:
    return [t for t in _talks() if t.status in ("confirmed", "delivered")]


def test_no_request_was_made_after_today(today):
    made = [t.created_at.date() for t in _talks()]
    assert made and max(made) < today


def test_every_session_lies_inside_its_officers_windows_on_a_working_day(today):
    closed = ClosedDays()
    windows = defaultdict(list)
    for window in db.session.execute(select(AvailabilityWindow)).scalars():
        windows[window.officer_id].append(window)
    for talk in _sessions():
        day = talk.starts_at.date()
        assert closed.is_working_day(day), (talk.reference, day)
        assert any(
            w.weekday == day.weekday()
            and w.starts_at <= talk.starts_at.time()
            and talk.ends_at.time() <= w.ends_at
            for w in windows[talk.officer_id]
        ), (talk.reference, talk.starts_at)


def test_no_officer_has_two_sessions_that_overlap(today):
    by_officer = defaultdict(list)
    for talk in _sessions():
        by_officer[talk.officer_id].append(talk)
    for talks in by_officer.values():
        for one, other in combinations(talks, 2):
            apart = one.busy_until <= other.busy_from or other.busy_until <= one.busy_from
            assert apart, (one.reference, one.starts_at, other.reference, other.starts_at)


def test_each_history_is_in_time_order_and_nothing_happened_after_today(today):
    events = defaultdict(list)
    for event in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars():
        events[event.request_id].append(event)
    for talk in _talks():
        history = events[talk.id]
        times = [e.created_at for e in history]
        assert times == sorted(times), talk.reference
        assert history[0].to_status == "requested" and times[0] == talk.created_at
        assert max(times).date() < today, talk.reference
        if talk.status == "delivered":
            assert times[-2] < talk.starts_at < talk.ends_at  # confirmed before the talk
            assert times[-1] > times[-2]


def test_some_talks_are_left_for_the_teacher_and_the_officer_to_finish(today):
    delivered = [t for t in _talks() if t.status == "delivered"]
    assert [t for t in delivered if t.feedback is None], "a talk waiting for feedback"
    assert [t for t in delivered if t.feedback is not None], "a talk with feedback"
    past_sessions = [t for t in _talks() if t.status == "confirmed" and t.starts_at.date() < today]
    assert past_sessions, "a session given and not yet marked as delivered"


def test_proposed_requests_look_like_real_ones(today):
    proposed = [t for t in _talks() if t.status == "proposed"]
    assert proposed
    for talk in proposed:
        assert talk.officer_id is None  # as sessions.propose leaves it
        assert talk.proposals and talk.proposals[0].created_at.date() < today


def test_each_school_has_a_street_address(today):
    for school in db.session.execute(select(School)).scalars():
        assert school.name not in school.address
        assert school.address.endswith(f", {school.area}")
        assert school.address.split()[0].isdigit()


def test_the_demo_books_nothing_in_the_school_holidays(make):
    """Seeded in December, the demo's talks stay in term time: none on 29 or 31 December."""
    make.topic(name="Bullying", slug="bullying")
    today = date(2026, 12, 14)
    demo.seed(today)
    db.session.commit()
    holidays = demo.term_time_calendar(today)
    days = [option.day for talk in _talks() for option in talk.options]
    days += [talk.starts_at.date() for talk in _talks() if talk.starts_at]
    days += [p.starts_at.date() for talk in _talks() for p in talk.proposals]
    assert days
    assert [day for day in days if holidays.closure_reason(day)] == []
    assert not {date(2026, 12, 29), date(2026, 12, 31)} & set(days)
