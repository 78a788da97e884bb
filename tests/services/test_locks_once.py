"""Each step of a use case takes each row lock once, and reads the officer's diary once, on
both databases: a confirmation costs one lock on the officer, one on the request."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import event

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import TalkRequest
from booking.services import availability, proposals, sessions
from booking.services.locks import is_locked, lock_request

MONDAY = date(2026, 3, 23)

# PostgreSQL: SELECT … FOR UPDATE OF <table>; SQLite: the UPDATE that takes the write lock.
LOCKS = (
    re.compile(r"FOR UPDATE OF (\w+)"),
    re.compile(r"^UPDATE (users) SET calendar_token=users\.calendar_token"),
    re.compile(r"^UPDATE (talk_requests) SET updated_at=talk_requests\.updated_at"),
)


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@contextmanager
def counting(monkeypatch):
    """Count the locks taken (by table) and the diaries read while the block runs."""
    counts = {"users": 0, "talk_requests": 0, "diaries": 0}

    def seen(conn, cursor, statement, parameters, context, executemany):
        for pattern in LOCKS:
            found = pattern.search(statement.strip())
            if found:
                counts[found.group(1)] += 1

    real = availability.diary_for

    def diary_for(*args, **kwargs):
        counts["diaries"] += 1
        return real(*args, **kwargs)

    for module in (sessions, proposals):
        monkeypatch.setattr(module, "diary_for", diary_for)
    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_confirming_locks_the_officer_and_the_request_once_and_reads_the_diary_once(
    make, monkeypatch
):
    officer = make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    with counting(monkeypatch) as counts:
        sessions.confirm(talk, officer, position=1, start=time(10))
    assert talk.status == "confirmed"
    assert counts == {"users": 1, "talk_requests": 1, "diaries": 1}


def test_a_refused_confirmation_reads_the_diary_once(make, monkeypatch):
    officer = make.officer()
    make.confirmed(officer, datetime(2026, 3, 23, 10))
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    with counting(monkeypatch) as counts, pytest.raises(RuleBroken, match="no longer free"):
        sessions.confirm(talk, officer, position=1, start=time(10, 30))
    assert counts["diaries"] == 1


def test_accepting_a_proposed_time_locks_each_row_once_and_reads_the_diary_once(
    make, monkeypatch, app
):
    app.config["FROZEN_NOW"] = datetime(2026, 3, 2, 9, tzinfo=UTC)
    officer = make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    sessions.propose(talk, officer, [(1, date(2026, 3, 24), time(10))])
    db.session.commit()
    with counting(monkeypatch) as counts:
        sessions.accept_proposal(talk, talk.proposals[0], talk.teacher)
    assert talk.status == "confirmed"
    assert talk.starts_at == datetime(2026, 3, 24, 10)
    assert counts == {"users": 1, "talk_requests": 1, "diaries": 1}


def test_a_lock_is_taken_again_after_the_savepoint_that_took_it_is_rolled_back(make):
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    savepoint = db.session.begin_nested()
    lock_request(talk)
    assert is_locked(TalkRequest, talk.id)
    savepoint.rollback()
    assert not is_locked(TalkRequest, talk.id)
    lock_request(talk)
    assert is_locked(TalkRequest, talk.id)
    db.session.commit()
    assert not is_locked(TalkRequest, talk.id)
