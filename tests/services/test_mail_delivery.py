"""The outbox over real SMTP: sent after commit, kept when the server is down, retried by
`send-mail`, and never sent twice when two senders run at once."""

from __future__ import annotations

import threading
from datetime import UTC, timedelta

import pytest

from booking import clock
from booking.extensions import db
from booking.models import OutboxMessage
from booking.notifications import sender
from tests.conftest import DEFAULT_NOW
from tests.smtp import SmtpServer


@pytest.fixture
def smtp(app):
    server = SmtpServer()
    server.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=server.port,
        MAIL_SUPPRESS_SEND=False,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
    )
    app.extensions["mail"].server = "127.0.0.1"
    app.extensions["mail"].port = server.port
    app.extensions["mail"].suppress = False
    yield server
    server.stop()


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


def test_a_queued_message_is_sent_after_the_commit(app, client, make, smtp):
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    teacher = make.teacher()
    db.session.commit()
    client.post("/reset-password", data={"email": teacher.email}).close()
    assert smtp.inbox.subjects() == ["Reset your password"]
    assert smtp.inbox.messages[0]["To"] == teacher.email
    assert [(m.status, m.attempts) for m in _rows()] == [("sent", 1)]


def test_mail_server_down_keeps_the_message_and_send_mail_delivers_it_once(app, client, make, smtp):
    app.config["MAIL_SEND_AFTER_COMMIT"] = True
    teacher = make.teacher()
    db.session.commit()
    smtp.stop()
    response = client.post("/reset-password", data={"email": teacher.email})
    response.close()  # the server closes the response once sent; sending happens then
    assert response.status_code == 200  # the user's action succeeded
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
    assert sender.failed_messages() == [row]
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
