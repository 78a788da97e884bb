"""Reminders go once, two working days ahead; calendar files keep local times across the
clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from booking.extensions import db
from booking.models import OutboxMessage
from booking.notifications.ics import CalendarSettings, calendar_text


def _reminders():
    db.session.expire_all()
    return (
        db.session.execute(db.select(OutboxMessage).where(OutboxMessage.dedupe_key.is_not(None)))
        .scalars()
        .all()
    )


def test_reminder_is_queued_once_two_working_days_before(app, make):
    officer = make.officer()
    # Today is Monday 2 March 2026: Wednesday 4 March is two working days ahead.
    due = make.confirmed(officer, datetime(2026, 3, 4, 10))
    make.confirmed(officer, datetime(2026, 3, 5, 10))  # Thursday: too early to remind
    db.session.commit()
    runner = app.test_cli_runner()
    assert "Queued 2 reminders" in runner.invoke(args=["send-reminders"]).output
    assert "Queued 0 reminders" in runner.invoke(args=["send-reminders"]).output
    reminders = _reminders()
    assert sorted(m.recipient for m in reminders) == sorted([due.teacher.email, officer.email])
    assert all(
        m.subject.startswith(f"{due.reference}: reminder, talk on Wednesday 4 March")
        for m in reminders
    )


def test_reminder_counts_working_days_over_a_weekend(app, make):
    # Thursday 5 March: two working days ahead is Monday 9 March.
    app.config["FROZEN_NOW"] = datetime(2026, 3, 5, 9, tzinfo=UTC)
    officer = make.officer()
    make.confirmed(officer, datetime(2026, 3, 9, 9, 30))
    db.session.commit()
    assert "Queued 2" in app.test_cli_runner().invoke(args=["send-reminders"]).output


def test_a_moved_session_gets_a_new_reminder(app, make):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 4, 10))
    db.session.commit()
    runner = app.test_cli_runner()
    runner.invoke(args=["send-reminders"])
    talk.starts_at += timedelta(hours=2)
    talk.ends_at += timedelta(hours=2)
    talk.busy_from += timedelta(hours=2)
    talk.busy_until += timedelta(hours=2)
    db.session.commit()
    assert "Queued 2" in runner.invoke(args=["send-reminders"]).output


@pytest.mark.parametrize(
    "monday,utc_hour",
    [
        (datetime(2026, 3, 23, 9, 30), 9),  # last Monday before the clocks go forward (GMT)
        (datetime(2026, 3, 30, 9, 30), 8),  # first Monday after they go forward (BST)
        (datetime(2026, 10, 19, 9, 30), 8),  # last Monday before they go back (BST)
        (datetime(2026, 10, 26, 9, 30), 9),  # first Monday after they go back (GMT)
    ],
)
def test_calendar_file_keeps_0930_at_0930_across_clock_changes(app, make, monday, utc_hour):
    talk = make.confirmed(make.officer(), monday)
    text = calendar_text(
        [talk],
        settings=CalendarSettings.from_config(app.config),
        stamp=datetime(2026, 3, 2, 9),
        name="Talks",
        method="REQUEST",
    )
    assert "DTSTART;TZID=Europe/London:" + monday.strftime("%Y%m%dT093000") in text
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/London" in text
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30)
    assert start.astimezone(UTC).hour == utc_hour
    assert str(event["uid"]) == f"{talk.reference.lower()}@example.police.uk"
