"""Reminders two working days before a session, to the teacher and the officer.

Each reminder carries a dedupe key naming the request and its start time, so running the
command any number of times queues it once; a session moved to another time gets a new one.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from booking.notifications.outbox import queue_email
from booking.services.closures import closed_days

WORKING_DAYS_AHEAD = 2


def reminder_key(talk: TalkRequest, person_id: int) -> str:
    return f"reminder:{talk.id}:{talk.starts_at:%Y%m%dT%H%M}:{person_id}"


def queue_due(today: date) -> int:
    """Queue the reminders of sessions up to two working days ahead; returns how many."""
    calendar = closed_days(today, today + timedelta(days=31))
    last_day = calendar.add_working_days(today, WORKING_DAYS_AHEAD)
    talks = (
        db.session.execute(
            select(TalkRequest)
            .where(
                TalkRequest.status == RequestStatus.CONFIRMED.value,
                TalkRequest.starts_at > datetime.combine(today, time.max),
                TalkRequest.starts_at <= datetime.combine(last_day, time.max),
            )
            .options(
                joinedload(TalkRequest.teacher),
                joinedload(TalkRequest.officer),
                joinedload(TalkRequest.school),
                joinedload(TalkRequest.topic),
            )
        )
        .scalars()
        .all()
    )
    wanted = {
        reminder_key(talk, person.id): (talk, person)
        for talk in talks
        for person in (talk.teacher, talk.officer)
    }
    if not wanted:
        return 0
    queued_before = set(
        db.session.execute(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(list(wanted)))
        ).scalars()
    )
    count = 0
    for key, (talk, person) in wanted.items():
        if key in queued_before:
            continue
        queue_email(
            person.email,
            "reminder",
            subject=f"{talk.reference}: reminder, talk on {talk.starts_at:%A} "
            f"{talk.starts_at.day} {talk.starts_at:%B} at {talk.starts_at:%H:%M}",
            request=talk,
            dedupe_key=key,
            talk=talk,
            person=person,
        )
        count += 1
    return count
