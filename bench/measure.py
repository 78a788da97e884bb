"""Timings inside one process: the demand report, pages through the test client, and
confirmations through the real service (row lock, exclusion constraint, outbox)."""

from __future__ import annotations

import multiprocessing
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, insert, select

from bench import data
from bench.data import Calendar, Plan
from bench.load import BENCH_PASSWORD
from booking import clock, reports
from booking.extensions import db
from booking.models import OutboxMessage, RequestOption, TalkRequest, User
from booking.services import sessions

RUNS = 15
WARM_UP = 2


@dataclass(frozen=True)
class Timing:
    name: str
    runs_ms: list[float]
    goal: str
    met: bool | None

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def figure(self) -> str:
        low, high = min(self.runs_ms), max(self.runs_ms)
        return f"{self.median:.1f} ms (min {low:.1f}, max {high:.1f}, n={len(self.runs_ms)})"


def timed(action, runs: int = RUNS) -> list[float]:
    for _ in range(WARM_UP):
        action()
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    return found


def _within(name: str, runs: list[float], limit_ms: float, applies: bool) -> Timing:
    met = statistics.median(runs) <= limit_ms if applies else None
    return Timing(name, runs, f"<= {limit_ms:.0f} ms", met)


def demand_report(app: Flask, postgres: bool) -> Timing:
    with app.app_context():
        today, zone = clock.today(), clock.local_zone()
        filters = reports.Filters(*reports.school_year(today))

        def run():
            reports.demand_by_topic(filters, today, zone)
            db.session.rollback()

        return _within("Demand by topic, one school year", timed(run), 200, postgres)


def busiest(app: Flask) -> dict[str, str]:
    """The accounts whose pages hold the most: the busiest officer this week, the school with
    the most requests."""
    with app.app_context():
        today = clock.today()
        monday = today - timedelta(days=today.weekday())
        officer = db.session.execute(
            select(TalkRequest.officer_id)
            .where(TalkRequest.starts_at >= monday, TalkRequest.starts_at < monday + timedelta(7))
            .group_by(TalkRequest.officer_id)
            .order_by(func.count().desc(), TalkRequest.officer_id)
            .limit(1)
        ).scalar_one()
        school = db.session.execute(
            select(TalkRequest.school_id)
            .group_by(TalkRequest.school_id)
            .order_by(func.count().desc(), TalkRequest.school_id)
            .limit(1)
        ).scalar_one()
        emails = {
            "officer": db.session.get(User, officer).email,
            "teacher": db.session.execute(
                select(User.email).where(User.school_id == school, User.role == "teacher")
            ).scalar_one(),
            "coordinator": data.COORDINATOR_EMAIL,
        }
        db.session.rollback()
        return emails


PAGES = (  # the slowest last, so that its backlog under load does not weigh on the others
    ("Officer: Your calendar (week)", "officer", "/officer/calendar"),
    ("Teacher: Your requests", "teacher", "/teacher/requests"),
    ("Coordinator: All requests", "coordinator", "/coordinator/requests"),
    ("Officer: Requests inbox", "officer", "/officer/requests"),
)


def pages(app: Flask, postgres: bool, emails: dict[str, str]) -> list[Timing]:
    clients = {}
    for role, email in emails.items():
        client = app.test_client()
        response = client.post("/sign-in", data={"email": email, "password": BENCH_PASSWORD})
        assert response.status_code == 302, f"{role} could not sign in"
        clients[role] = client
    found = []
    for name, role, path in PAGES:

        def run(client=clients[role], path=path):
            response = client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code}"

        found.append(_within(name, timed(run, runs=9), 50, postgres))
    return found


def open_requests(app: Flask, plan: Plan, slots: list[tuple[int, int]]) -> list[tuple]:
    """Open requests, one per (officer number, working days after the generated data) slot,
    at a school in the officer's area with one option that day from 08:30 to 14:30.
    Returns (request id, officer id, reference) for each."""
    calendar = Calendar(plan)
    made = plan.now.replace(tzinfo=None)
    with app.app_context():
        latest = db.session.execute(select(func.max(TalkRequest.starts_at))).scalar_one()
        first = calendar.at_or_after(latest.date() if latest else plan.today) + 1
        next_id = db.session.execute(select(func.max(TalkRequest.id))).scalar_one() + 1
        talks, options, found = [], [], []
        for n, (officer_n, day_offset) in enumerate(slots):
            school, talk_id = officer_n % plan.areas + n * plan.areas, next_id + n
            school %= plan.schools
            talks.append(
                {"id": talk_id, "reference": data.reference(talk_id), "school_id": school + 1}
                | {"teacher_id": data.teacher_id(plan, school), "topic_id": 1}
                | {"age_group": "secondary", "year_group": "Year 9", "pupils": 30}
                | {"length_minutes": 60, "status": "requested"}
                | {"created_at": made, "updated_at": made}
            )
            options.append(
                {"request_id": talk_id, "position": 1, "day": calendar.days[first + day_offset]}
                | {"earliest_start": data.SLOTS[0], "latest_finish": data.SLOTS[-1]}
            )
            found.append((talk_id, data.officer_id(plan, officer_n), data.reference(talk_id)))
        db.session.execute(insert(TalkRequest), talks)
        db.session.execute(insert(RequestOption), options)
        db.session.commit()
    return found


_APP: Flask | None = None  # the app a forked confirmation worker inherits


def _confirm_share(share: list[tuple]) -> list[str]:
    """One worker process: confirm its share of the requests, one transaction each."""
    failures = []
    with _APP.app_context():
        db.engine.dispose(close=False)  # connections are not shared across a fork
        for talk_id, officer_id, _reference in share:
            talk = db.session.get(TalkRequest, talk_id)
            officer = db.session.get(User, officer_id)
            try:
                sessions.confirm(talk, officer, position=1, start=data.SLOTS[1])
                db.session.commit()
            except Exception as error:  # counted and reported with the figure
                db.session.rollback()
                failures.append(repr(error))
            db.session.expunge_all()
    return failures


def confirmations(app: Flask, plan: Plan, postgres: bool, count: int = 600, processes: int = 4):
    """Confirm `count` requests through sessions.confirm from `processes` worker processes at
    once, as several app server workers would (threads would share one interpreter)."""
    global _APP
    officers = min(plan.officers, 100)
    pairs = open_requests(app, plan, [(n % officers, n // officers) for n in range(count)])
    with app.app_context():
        outbox_before = db.session.execute(select(func.count(OutboxMessage.id))).scalar_one()
        db.engine.dispose()
    _APP = app
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        failures = [
            f
            for share in pool.map(_confirm_share, [pairs[n::processes] for n in range(processes)])
            for f in share
        ]
    elapsed = time.perf_counter() - started
    with app.app_context():
        confirmed = db.session.execute(
            select(func.count()).where(
                TalkRequest.id.in_([p[0] for p in pairs]), TalkRequest.status == "confirmed"
            )
        ).scalar_one()
        queued = db.session.execute(select(func.count(OutboxMessage.id))).scalar_one()
    rate = confirmed / elapsed
    note = f"{confirmed}/{count} confirmed by {processes} processes"
    note += f", {queued - outbox_before} e-mails queued"
    if failures:
        note += f"; first failure: {failures[0]}"
    return rate, note, (rate >= 200) if postgres else None
