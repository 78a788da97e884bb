"""No double booking under concurrent use, on SQLite and on PostgreSQL.

Each thread works like a web request: its own app context, its own database session, one
commit. The rows the threads read are committed first so every connection sees them.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest, User
from booking.services import sessions

MONDAY = date(2026, 3, 23)
THREADS = 20


def run_at_once(app, jobs):
    """Run each job in its own thread and app context, all starting together.

    Returns (confirmed, refusal messages, unexpected errors).
    """
    barrier = threading.Barrier(len(jobs))
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()

    def worker(job):
        with app.test_request_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                result = ("confirmed", "")
            except RuleBroken as error:
                db.session.rollback()
                result = ("refused", error.message)
            except Exception as error:  # noqa: BLE001 - counted and reported below
                db.session.rollback()
                result = ("error", repr(error))
            finally:
                db.session.remove()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    confirmed = [m for kind, m in outcomes if kind == "confirmed"]
    refused = [m for kind, m in outcomes if kind == "refused"]
    errors = [m for kind, m in outcomes if kind == "error"]
    return confirmed, refused, errors


def confirm_job(request_id: int, officer_id: int, start: time):
    def job():
        talk = db.session.get(TalkRequest, request_id)
        officer = db.session.get(User, officer_id)
        sessions.confirm(talk, officer, position=1, start=start)

    return job


def overlapping_pairs(officer_id: int) -> int:
    rows = db.session.execute(
        select(TalkRequest.starts_at, TalkRequest.ends_at).where(
            TalkRequest.officer_id == officer_id, TalkRequest.status == "confirmed"
        )
    ).all()
    return sum(1 for i, a in enumerate(rows) for b in rows[i + 1 :] if a[0] < b[1] and b[0] < a[1])


def test_20_threads_confirming_overlapping_times_give_1_confirmed_19_refused_0_errors(
    app, make, backend
):
    officer = make.officer()
    school = make.school()
    requests = [
        make.talk_request(teacher=make.teacher(school), options=[(MONDAY, time(9), time(15))])
        for _ in range(THREADS)
    ]
    db.session.commit()
    ids, officer_id = [r.id for r in requests], officer.id
    jobs = [
        confirm_job(
            request_id, officer_id, (datetime(2026, 1, 1, 10) + timedelta(minutes=n)).time()
        )
        for n, request_id in enumerate(ids)
    ]

    confirmed, refused, errors = run_at_once(app, jobs)

    overlaps = overlapping_pairs(officer_id)
    print(
        f"{backend}: {len(confirmed)} confirmed, {len(refused)} refused, {len(errors)} errors, "
        f"{overlaps} overlapping rows"
    )
    assert errors == []
    assert len(confirmed) == 1
    assert len(refused) == THREADS - 1
    assert all(m.startswith("This time is no longer free: you have a session at") for m in refused)
    assert overlaps == 0


def test_the_same_request_confirmed_by_2_officers_at_once_gives_1_confirmation_1_set_of_mails(
    app, make, backend
):
    first, second = make.officer(full_name="PC One"), make.officer(full_name="PC Two")
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    talk_id = talk.id
    jobs = [confirm_job(talk_id, first.id, time(10)), confirm_job(talk_id, second.id, time(11))]

    confirmed, refused, errors = run_at_once(app, jobs)

    assert errors == []
    assert len(confirmed) == 1
    (message,) = refused
    db.session.expire_all()
    winner = db.session.get(TalkRequest, talk_id).officer.full_name
    assert message == f"This request is already confirmed by {winner}"
    mails = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.request_id == talk_id)
    ).scalars()
    assert len(list(mails)) == 2  # one to the teacher, one to the winning officer


# PostgreSQL only: SQLite has no exclusion constraints (its write lock serialises bookings).
@pytest.mark.parametrize("backend", ["postgresql"])
def test_exclusion_constraint_violation_becomes_the_clash_message(app, make, backend):
    """Bypass the Python check: the database refuses, and the officer sees a clear message."""
    officer = make.officer()
    school = make.school(name="Oakfield Primary")
    make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=make.teacher(school))
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    with app.test_request_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(sessions, "session_problem", lambda *args, **kwargs: None)
        with pytest.raises(RuleBroken) as caught:
            sessions.confirm(talk, officer, position=1, start=time(10, 30))
    assert caught.value.message == (
        "This time is no longer free: you have a session at Oakfield Primary 10:00–11:00"
    )
