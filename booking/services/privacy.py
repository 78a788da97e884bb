"""Retention and subject access (UK GDPR).

Requests older than the retention period keep what demand figures need (topic, age group,
school and so area, dates, statuses, pupil numbers) and lose what concerns people: notes,
year group, feedback comments, audit details and addresses, e-mails sent about them.
Deactivated accounts older than the period become "Former user": rows that point at them
(a request's teacher) stay valid, but nothing identifies the person any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select, update

from booking.domain.vocabulary import UserStatus
from booking.extensions import db
from booking.models import (
    AuditEvent,
    AvailabilityWindow,
    Feedback,
    OutboxMessage,
    TalkRequest,
    TimeOff,
    User,
    UserSession,
)

FORMER_USER = "Former user"


def retention_cutoff(today: date, school_years: int) -> datetime:
    """The start of the school year `school_years` before the current one (1 September)."""
    current_start = today.year if today.month >= 9 else today.year - 1
    return datetime(current_start - school_years, 9, 1)


@dataclass
class PurgeReport:
    requests: int = 0
    users: int = 0
    messages: int = 0
    sessions: int = 0


def purge(today: date, school_years: int) -> PurgeReport:
    """Anonymise what is older than the retention period. Safe to run again: it only blanks."""
    cutoff = retention_cutoff(today, school_years)
    report = PurgeReport()
    old = select(TalkRequest.id).where(
        func.coalesce(TalkRequest.starts_at, TalkRequest.created_at) < cutoff
    )
    report.requests = db.session.execute(
        update(TalkRequest)
        .where(TalkRequest.id.in_(old), or_(TalkRequest.notes != "", TalkRequest.year_group != ""))
        .values(notes="", year_group="")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(Feedback)
        .where(Feedback.request_id.in_(old))
        .values(comments="")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(AuditEvent)
        .where(or_(AuditEvent.request_id.in_(old), AuditEvent.created_at < cutoff))
        .values(detail="", ip_address="")
        .execution_options(synchronize_session=False)
    )
    report.messages = db.session.execute(
        delete(OutboxMessage)
        .where(or_(OutboxMessage.request_id.in_(old), OutboxMessage.created_at < cutoff))
        .execution_options(synchronize_session=False)
    ).rowcount
    report.sessions = db.session.execute(
        delete(UserSession)
        .where(UserSession.created_at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
    report.users = _anonymise_former_users(cutoff)
    db.session.flush()
    return report


def _last_activity(user: User) -> datetime:
    latest = db.session.execute(
        select(func.max(AuditEvent.created_at)).where(
            or_(AuditEvent.actor_id == user.id, AuditEvent.subject_user_id == user.id)
        )
    ).scalar_one()
    return max(filter(None, [latest, user.created_at]))


def _anonymise_former_users(cutoff: datetime) -> int:
    count = 0
    deactivated = db.session.execute(
        select(User).where(
            User.status == UserStatus.DEACTIVATED.value, User.full_name != FORMER_USER
        )
    ).scalars()
    for user in deactivated:
        if _last_activity(user) >= cutoff:
            continue
        user.full_name = FORMER_USER
        user.email = f"deleted-{user.id}@invalid"
        user.password_hash = ""
        user.job_title = ""
        user.telephone = ""
        user.calendar_token = None
        user.areas.clear()
        user.topics.clear()
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        count += 1
    return count


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_user(user: User) -> dict:
    """Everything the service holds about `user`, for a subject access request."""
    requests = db.session.execute(
        select(TalkRequest)
        .where(or_(TalkRequest.teacher_id == user.id, TalkRequest.officer_id == user.id))
        .order_by(TalkRequest.created_at)
    ).scalars()
    events = db.session.execute(
        select(AuditEvent)
        .where(or_(AuditEvent.actor_id == user.id, AuditEvent.subject_user_id == user.id))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).scalars()
    sessions = db.session.execute(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at)
    ).scalars()
    messages = db.session.execute(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == user.email)
        .order_by(OutboxMessage.created_at)
    ).scalars()
    return {
        "account": _account(user),
        "requests": [_request(talk, user) for talk in requests],
        "feedback": _feedback(user),
        "availability": _availability(user),
        "activity": [
            {
                "action": e.action,
                "at": _when(e.created_at),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "detail": e.detail,
                "ip_address": e.ip_address,
                "by_this_person": e.actor_id == user.id,
            }
            for e in events
        ],
        "sign_ins": [
            {"at": _when(s.created_at), "ended_at": _when(s.ended_at), "ip_address": s.ip_address}
            for s in sessions
        ],
        "emails": [
            {"subject": m.subject, "queued_at": _when(m.created_at), "status": m.status}
            for m in messages
        ],
    }


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "status": user.status,
        "school": user.school.name if user.school else None,
        "job_title": user.job_title,
        "telephone": user.telephone,
        "areas": user.area_names,
        "topics": [t.name for t in user.topics],
        "has_calendar_link": user.calendar_token is not None,
        "created_at": _when(user.created_at),
    }


def _request(talk: TalkRequest, user: User) -> dict:
    return {
        "reference": talk.reference,
        "as": "teacher" if talk.teacher_id == user.id else "officer",
        "school": talk.school.name,
        "topic": talk.topic.name,
        "status": talk.status,
        "age_group": talk.age_group,
        "year_group": talk.year_group,
        "pupils": talk.pupils,
        "notes": talk.notes,
        "starts_at": _when(talk.starts_at),
        "created_at": _when(talk.created_at),
    }


def _feedback(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Feedback, TalkRequest.reference)
        .join(TalkRequest, TalkRequest.id == Feedback.request_id)
        .where(Feedback.teacher_id == user.id)
    ).all()
    return [
        {
            "request": reference,
            "rating": feedback.rating,
            "comments": feedback.comments,
            "created_at": _when(feedback.created_at),
        }
        for feedback, reference in rows
    ]


def _availability(user: User) -> dict:
    windows = db.session.execute(
        select(AvailabilityWindow).where(AvailabilityWindow.officer_id == user.id)
    ).scalars()
    time_off = db.session.execute(select(TimeOff).where(TimeOff.officer_id == user.id)).scalars()
    return {
        "windows": [
            {"weekday": w.weekday, "from": w.starts_at.isoformat(), "to": w.ends_at.isoformat()}
            for w in windows
        ],
        "time_off": [
            {
                "first_day": t.first_day.isoformat(),
                "last_day": t.last_day.isoformat(),
                "reason": t.reason,
            }
            for t in time_off
        ],
    }
