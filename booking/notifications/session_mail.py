"""The e-mails a session's changes cause, queued in the same transaction as the change.

Subjects name the reference and what happened, so a teacher can sort them at a glance.
Confirmations and cancellations carry the calendar entry (.ics) with the request's UID.
"""

from __future__ import annotations

from flask import current_app

from booking import clock
from booking.models import TalkRequest, User
from booking.notifications.ics import CalendarSettings, calendar_text
from booking.notifications.outbox import queue_email


def _day(talk: TalkRequest) -> str:
    return f"{talk.starts_at.day} {talk.starts_at:%B}"


def session_ics(talk: TalkRequest, method: str) -> str:
    return calendar_text(
        [talk],
        settings=CalendarSettings.from_config(current_app.config),
        stamp=clock.now_utc(),
        name=current_app.config["SERVICE_NAME"],
        method=method,
    )


def mail_confirmed(talk: TalkRequest, *, officer_too: bool = True) -> None:
    """The teacher (and the officer, when they confirmed it themselves) get the entry."""
    subject = f"{talk.reference}: talk confirmed for {_day(talk)}"
    ics = session_ics(talk, "REQUEST")
    recipients = [talk.teacher] + ([talk.officer] if officer_too and talk.officer else [])
    for person in recipients:
        queue_email(
            person.email,
            "session_confirmed",
            subject=subject,
            request=talk,
            ics=ics,
            talk=talk,
            person=person,
        )


def mail_proposed(talk: TalkRequest, officer: User) -> None:
    queue_email(
        talk.teacher.email,
        "time_proposed",
        subject=f"{talk.reference}: {officer.full_name} proposed another time",
        request=talk,
        talk=talk,
        officer=officer,
        person=talk.teacher,
    )


def mail_declined(talk: TalkRequest, reason: str) -> None:
    queue_email(
        talk.teacher.email,
        "request_declined",
        subject=f"{talk.reference}: request declined",
        request=talk,
        talk=talk,
        reason=reason,
        person=talk.teacher,
    )


def mail_cancellation_copy(talk: TalkRequest, person: User) -> None:
    """Whoever cancels a session has it in their own calendar too: the CANCEL removes it."""
    queue_email(
        person.email,
        "cancellation_copy",
        subject=f"{talk.reference}: you cancelled the talk on {_day(talk)}",
        request=talk,
        ics=session_ics(talk, "CANCEL"),
        talk=talk,
        person=person,
    )


def mail_cancelled(talk: TalkRequest, officer: User, reason: str) -> None:
    """The teacher is told; the officer who cancelled their own session gets their copy.
    (`officer` is whoever cancelled: the session's officer or a coordinator.)"""
    if talk.officer_id == officer.id:
        mail_cancellation_copy(talk, officer)
    queue_email(
        talk.teacher.email,
        "session_cancelled",
        subject=f"{talk.reference}: talk on {_day(talk)} cancelled",
        request=talk,
        ics=session_ics(talk, "CANCEL"),
        talk=talk,
        officer=officer,
        reason=reason,
        person=talk.teacher,
    )


def mail_proposal_answer(
    talk: TalkRequest, officer: User, *, accepted: bool, reason: str = ""
) -> None:
    if accepted:
        template = "proposal_accepted"
        subject = f"{talk.reference}: proposed time accepted, talk confirmed for {_day(talk)}"
        ics = session_ics(talk, "REQUEST")
    else:
        template = "proposal_rejected"
        subject = f"{talk.reference}: proposed times rejected by the school"
        ics = None
    queue_email(
        officer.email,
        template,
        subject=subject,
        request=talk,
        ics=ics,
        talk=talk,
        officer=officer,
        reason=reason,
        person=officer,
    )
