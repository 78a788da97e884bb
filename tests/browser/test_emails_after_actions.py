"""What a browser does after an action that causes e-mails (the POST, its redirect, the next
page and its assets, over kept-alive connections, one action straight after another) loses
none of them: with a mail worker running, every message the actions queued reaches the mail
server within seconds and is marked sent."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from booking import demo
from booking.extensions import db
from booking.models import OutboxMessage
from tests.browser.conftest import sign_in_as
from tests.browser.teacher_form import choose_primary_topic, fill_first_choice, first_talk_day
from tests.smtp import subject

pytestmark = pytest.mark.browser

TEACHER = demo.TEACHERS[0][1]
REQUESTS = 10
# The worker is woken by the commit (PostgreSQL) or polls every second (SQLite): allow for a
# loaded machine, but far less than anything a person would call "sent".
DELIVERY_SECONDS = 10.0


def outbox(app, after_id: int) -> list:
    """Recipient, subject and status of every message written after `after_id`."""
    with app.app_context():
        rows = db.session.execute(
            db.select(OutboxMessage.recipient, OutboxMessage.subject, OutboxMessage.status)
            .where(OutboxMessage.id > after_id)
            .order_by(OutboxMessage.id)
        ).all()
        db.session.remove()
    return list(rows)


def last_outbox_id(app) -> int:
    with app.app_context():
        last = db.session.execute(db.select(db.func.max(OutboxMessage.id))).scalar()
        db.session.remove()
    return last or 0


def send_request(page, day, number: int) -> str:
    """Fill in and send the form as a teacher would; the reference the next page shows."""
    page.goto("/teacher/requests/new")
    choose_primary_topic(page)
    page.get_by_label("Primary (4 to 11)").check()
    page.get_by_label("Year group or class").fill(f"Class {number}")
    page.get_by_label("Number of pupils").fill("25")
    page.get_by_label("60 minutes").check()
    fill_first_choice(page, day)
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("h1")).to_have_text("Request sent")
    return page.locator(".govuk-panel__body strong").inner_text()


def wait_for_delivery(app, after_id: int, inbox, seconds: float) -> list:
    """The actions' outbox rows, once all are sent and the mail server has as many messages
    (or when `seconds` have passed)."""
    deadline = time.monotonic() + seconds
    while True:
        rows = outbox(app, after_id)
        delivered = all(row.status == "sent" for row in rows)
        if (delivered and len(inbox.messages) >= len(rows)) or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_every_email_of_ten_quick_requests_is_sent(page, live_app, mail_inbox):
    day = first_talk_day(live_app)
    before = last_outbox_id(live_app)
    sign_in_as(page, TEACHER)
    expect(page.locator("h1")).to_have_text("Your requests")

    references = [send_request(page, day, number) for number in range(1, REQUESTS + 1)]
    rows = wait_for_delivery(live_app, before, mail_inbox, DELIVERY_SECONDS)

    assert len(set(references)) == REQUESTS
    # Each request tells the teacher, and the coordinator and the officers of the area.
    for reference in references:
        about = [row for row in rows if row.subject.startswith(f"{reference}:")]
        assert TEACHER in {row.recipient for row in about}, reference
        assert len(about) >= 2, reference
    assert [tuple(row) for row in rows if row.status != "sent"] == []
    received = sorted((str(m["To"]), subject(m)) for m in list(mail_inbox.messages))
    assert received == sorted((row.recipient, row.subject) for row in rows)
