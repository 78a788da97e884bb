"""Pages make as many queries with a thousand requests as with ten: lists are loaded with their
details in a fixed number of queries, never one query per row.

The data comes from the benchmark's bulk generator (bench/), so building a thousand requests
with their options and history takes a fraction of a second.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event
from werkzeug.security import generate_password_hash

from bench import data
from bench.data import Plan
from bench.load import fill
from booking.extensions import db
from booking.models import Topic, User
from tests import factories
from tests.conftest import DEFAULT_NOW, empty_tables

PAGES = [
    ("teacher", "/teacher/requests"),
    ("officer", "/officer/requests"),
    ("officer", "/officer/calendar"),
    ("officer", "/officer/calendar/upcoming"),
    ("coordinator", "/coordinator/requests"),
    ("coordinator", "/coordinator/demand"),
]


def _build(requests: int) -> Plan:
    """Fresh tables holding `requests` generated requests at three schools of one area, plus
    an open request and a session this week, so that no list is ever empty."""
    empty_tables()
    for n in range(10):
        factories.topic(for_primary=n % 3 != 2, for_secondary=n % 3 != 0)
    db.session.commit()
    hashed = generate_password_hash(factories.PASSWORD, method="pbkdf2:sha256:1000")
    plan = Plan(
        requests=requests,
        schools=3,
        officers=2,
        areas=1,
        years=1,
        now=DEFAULT_NOW,
        password_hash=hashed,
    )
    fill(plan, progress=lambda _line: None)
    teacher = db.session.get(User, data.teacher_id(plan, 0))
    officer = db.session.get(User, data.officer_id(plan, 0))
    topic = db.session.get(Topic, 1)
    factories.talk_request(teacher=teacher, topic=topic)
    factories.confirmed(
        officer, datetime(2026, 3, 3, 16, 0), minutes=30, teacher=teacher, topic=topic
    )
    db.session.commit()
    return plan


EMAILS = {
    "teacher": data.teacher_email(0),
    "officer": data.officer_email(0),
    "coordinator": data.COORDINATOR_EMAIL,
}


@contextmanager
def counting():
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _queries(client, role: str, path: str) -> int:
    response = client.post("/sign-in", data={"email": EMAILS[role], "password": factories.PASSWORD})
    assert response.status_code == 302
    client.get(path)  # the first visit may load what later visits have cached
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_a_page_makes_the_same_number_of_queries_at_10_and_at_1000_requests(client, role, path):
    _build(10)
    few = _queries(client, role, path)
    _build(1000)
    many = _queries(client, role, path)
    assert many == few, f"{path}: {few} queries with 10 requests, {many} with 1,000"


def test_the_thousand_requests_fill_every_list(client):
    """The comparison means something only when the big lists are long."""
    _build(1000)
    client.post("/sign-in", data={"email": EMAILS["teacher"], "password": factories.PASSWORD})
    page = client.get("/teacher/requests").get_data(as_text=True)
    assert page.count("SLO-") > 200
