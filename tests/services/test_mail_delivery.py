"""The outbox over real SMTP: sent by the mail worker soon after the commit, never by a web
request, kept when the server is down or silent, retried by `send-mail`, and never sent twice
when two senders run at once."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import UTC, timedelta

import pytest

from booking import clock
from booking.extensions import db
from booking.models import OutboxMessage
from booking.notifications import sender
from booking.notifications.worker import MailWorker
from tests.conftest import DEFAULT_NOW
from tests.smtp import SilentSmtpServer


def _queue(n: int, subject: str = "Test message") -> list[int]:
    messages = [
        OutboxMessage(
            recipient=f"person{i}@example.org",
            subject=f"{subject} {i}",
            body_text="Hi",
            next_attempt_at=DEFAULT_NOW.replace(tzinfo=None),
        )
        for i in range(n)
    ]
    db.session.add_all(messages)
    db.session.commit()
    return [m.id for m in messages]


def _rows():
    db.session.expire_all()
    return db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


@contextmanager
def running_worker(app, poll_seconds: float):
    stop = threading.Event()
    thread = threading.Thread(
        target=MailWorker(app, poll_seconds=poll_seconds, stop=stop).run, daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the mail worker did not stop"


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_the_web_request_only_queues_the_message(app, client, make):
    """Pages never talk to the mail server, so a slow or hung one cannot slow them down."""
    silent = SilentSmtpServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.port)
    teacher = make.teacher()
    db.session.commit()
    try:
        response = client.post("/reset-password", data={"email": teacher.email})
    finally:
        silent.close()
    assert response.status_code == 200
    assert [(m.status, m.attempts) for m in _rows()] == [("queued", 0)]


def test_the_mail_worker_sends_a_committed_message_within_seconds(app, backend, client, make, smtp):
    """On PostgreSQL the commit's NOTIFY wakes the worker (its poll here is far longer than the
    wait); on SQLite its poll finds the message."""
    teacher = make.teacher()
    db.session.commit()
    with running_worker(app, poll_seconds=60 if backend == "postgresql" else 0.5):
        time.sleep(0.3)  # the worker is listening and has found nothing to send
        client.post("/reset-password", data={"email": teacher.email})
        assert _wait_for(lambda: smtp.inbox.subjects() == ["Reset your password"])
    assert smtp.inbox.messages[0]["To"] == teacher.email
    assert [(m.status, m.attempts) for m in _rows()] == [("sent", 1)]


def test_a_silent_mail_server_delays_mail_and_never_blocks_the_sender(app):
    """Connect and read timeouts: a server that accepts and never answers costs seconds."""
    silent = SilentSmtpServer()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=silent.port, MAIL_CONNECT_TIMEOUT=0.5, MAIL_TIMEOUT=0.5
    )
    _queue(2)
    try:
        report = sender.deliver()
    finally:
        silent.close()
    # One timeout is enough to know: the second message waits for the next round untried.
    assert (report.sent, report.retrying, report.server_unavailable) == (0, 1, True)
    first, second = _rows()
    assert (first.status, first.attempts) == ("queued", 1)
    assert "timed out" in first.last_error.lower()
    assert (second.status, second.attempts) == ("queued", 0)


def test_send_mail_stops_at_its_time_limit(app, smtp):
    _queue(3)
    report = sender.deliver(deadline=time.monotonic())
    assert report.stopped_early and report.sent == 0
    assert {m.status for m in _rows()} == {"queued"}
    output = app.test_cli_runner().invoke(args=["send-mail", "--time-limit", "30"]).output
    assert "Sent 3" in output


def test_mail_server_down_keeps_the_message_and_send_mail_delivers_it_once(app, client, make, smtp):
    teacher = make.teacher()
    db.session.commit()
    smtp.stop()
    response = client.post("/reset-password", data={"email": teacher.email})
    assert response.status_code == 200  # the user's action succeeded
    assert sender.deliver().retrying == 1  # the worker's attempt
    [row] = _rows()
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.last_error
    smtp.start()
    runner = app.test_cli_runner()
    assert "Sent 0" in runner.invoke(args=["send-mail"]).output  # not due yet: it waits
    app.config["FROZEN_NOW"] = DEFAULT_NOW + timedelta(minutes=2)
    assert "Sent 1" in runner.invoke(args=["send-mail"]).output
    assert "Sent 0" in runner.invoke(args=["send-mail"]).output
    assert smtp.inbox.subjects() == ["Reset your password"]
    assert [(m.status, m.attempts) for m in _rows()] == [("sent", 2)]


def test_two_senders_at_once_deliver_each_of_30_messages_once(app, smtp):
    ids = _queue(30)
    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            with app.app_context():
                barrier.wait()
                sender.deliver()
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(smtp.inbox.subjects()) == sorted(f"Test message {i}" for i in range(30))
    assert {m.status for m in _rows()} == {"sent"} and len(ids) == 30


def _exhaust_retries(app, message_id: int) -> list[timedelta]:
    """Let every attempt fail, moving the clock to each retry; the delays waited."""
    delays = []
    for _ in range(sender.MAX_ATTEMPTS):
        sender.deliver()
        row = db.session.get(OutboxMessage, message_id)
        if row.status != "queued":
            break
        delays.append(row.next_attempt_at - clock.now_utc())
        app.config["FROZEN_NOW"] = row.next_attempt_at.replace(tzinfo=UTC)
    return delays


def test_retries_grow_then_the_message_fails_and_can_be_retried(app, smtp):
    smtp.stop()
    [message_id] = _queue(1)
    delays = _exhaust_retries(app, message_id)
    row = _rows()[0]
    assert row.status == "failed" and row.attempts == sender.MAX_ATTEMPTS
    assert delays == sorted(delays) and delays[0] < delays[-1]
    assert sender.messages_needing_attention(clock.now_utc()) == [row]
    smtp.start()
    assert sender.retry_failed(message_id)
    db.session.commit()
    assert sender.deliver().sent == 1
    assert smtp.inbox.subjects() == ["Test message 0"]


def test_a_line_break_in_a_subject_cannot_reach_the_headers(app, smtp):
    db.session.add(
        OutboxMessage(
            recipient="jo@example.org",
            subject="Hello\r\nBcc: evil@example.org",
            body_text="x",
            next_attempt_at=DEFAULT_NOW.replace(tzinfo=None),
        )
    )
    db.session.commit()
    sender.deliver()
    [message] = smtp.inbox.messages
    assert message["Bcc"] is None
    assert message["Subject"] == "Hello Bcc: evil@example.org"


def test_without_a_mail_server_messages_go_to_the_log(app, caplog):
    app.config["MAIL_SERVER"] = ""
    _queue(1, subject="Logged")
    with caplog.at_level("INFO", logger="booking.mail"):
        assert sender.deliver().sent == 1
    assert "Logged 0" in caplog.text


def test_coordinator_sees_failed_emails_and_sends_one_again(app, client, make, sign_in, smtp):
    smtp.stop()
    [message_id] = _queue(1, subject="Talk confirmed")
    _exhaust_retries(app, message_id)
    coordinator = make.coordinator()
    db.session.commit()
    sign_in(coordinator)
    listing = client.get("/coordinator/emails").get_data(as_text=True)
    assert "Talk confirmed 0" in listing and "person0@example.org" in listing
    smtp.start()
    response = client.post(f"/coordinator/emails/{message_id}/retry", follow_redirects=True)
    assert "queued again" in response.get_data(as_text=True)
    assert "Talk confirmed 0" not in client.get("/coordinator/emails").get_data(as_text=True)
    assert sender.deliver().sent == 1
    assert smtp.inbox.subjects() == ["Talk confirmed 0"]


def test_in_production_without_a_mail_server_messages_stay_queued(app):
    app.config.update(MAIL_SERVER="", ENVIRONMENT="production")
    [message_id] = _queue(1)
    report = sender.deliver()
    assert (report.sent, report.retrying) == (0, 1)
    row = db.session.get(OutboxMessage, message_id)
    assert (row.status, row.attempts) == ("queued", 1)
    assert "No MAIL_SERVER" in row.last_error


def test_coordinators_also_see_messages_waiting_more_than_15_minutes(app, client, make, sign_in):
    """No worker running, or a server that keeps refusing: a person needs to know."""
    now = clock.now_utc()
    for minutes, subject in ((16, "Waiting long"), (5, "Just written")):
        db.session.add(
            OutboxMessage(
                recipient="jo@example.org",
                subject=subject,
                body_text="x",
                created_at=now - timedelta(minutes=minutes),
                next_attempt_at=now,
            )
        )
    coordinator = make.coordinator()
    db.session.commit()
    sign_in(coordinator)
    listing = client.get("/coordinator/emails").get_data(as_text=True)
    assert "Waiting long" in listing and "Still waiting, 0 tries so far" in listing
    assert "Just written" not in listing
    [waiting] = [m for m in _rows() if m.subject == "Waiting long"]
    response = client.post(f"/coordinator/emails/{waiting.id}/retry", follow_redirects=True)
    assert "queued again" in response.get_data(as_text=True)


# PostgreSQL only: SQLite is a file in the worker's own process, with no connection to lose.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_mail_worker_carries_on_after_the_database_drops_its_connections(
    app, database_url, client, make, smtp
):
    from sqlalchemy import create_engine, text

    email = make.teacher().email
    db.session.commit()
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with running_worker(app, poll_seconds=0.5):
        time.sleep(0.5)  # listening, with a pooled connection of its own
        with admin.connect() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        assert killed >= 1
        db.session.remove()  # the test's own connection went too
        client.post("/reset-password", data={"email": email})
        assert _wait_for(lambda: smtp.inbox.subjects() == ["Reset your password"], seconds=15)
    admin.dispose()
