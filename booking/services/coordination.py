"""Coordinators' work on requests: finding them and assigning them to an officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select

from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import School, TalkRequest, User
from booking.notifications.outbox import queue_email
from booking.services import audit
from booking.services.listings import Page, paginate


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    topic_id: int | None = None
    area: str = ""
    officer_id: int | None = None
    made_from: date | None = None
    made_to: date | None = None


def _local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(UTC).replace(tzinfo=None)


def _apply(query: Select, filters: RequestFilters, zone: ZoneInfo) -> Select:
    if filters.status:
        query = query.where(TalkRequest.status == filters.status)
    if filters.topic_id:
        query = query.where(TalkRequest.topic_id == filters.topic_id)
    if filters.area:
        query = query.where(
            TalkRequest.school_id.in_(select(School.id).where(School.area == filters.area))
        )
    if filters.officer_id:
        query = query.where(TalkRequest.officer_id == filters.officer_id)
    if filters.made_from:
        query = query.where(TalkRequest.created_at >= _local_midnight_utc(filters.made_from, zone))
    if filters.made_to:
        end = _local_midnight_utc(filters.made_to + timedelta(days=1), zone)
        query = query.where(TalkRequest.created_at < end)
    return query


def find_requests(filters: RequestFilters, page: int, zone: ZoneInfo) -> Page:
    """Requests matching the filters, newest first, a page at a time."""
    query = _apply(select(TalkRequest), filters, zone).order_by(
        TalkRequest.created_at.desc(), TalkRequest.id.desc()
    )
    return paginate(query, page)


def active_officers() -> list[User]:
    return list(
        db.session.execute(
            select(User)
            .where(User.role == Role.OFFICER.value, User.status == UserStatus.ACTIVE.value)
            .order_by(func.lower(User.full_name))
        ).scalars()
    )


def areas() -> list[str]:
    return list(db.session.execute(select(School.area).distinct().order_by(School.area)).scalars())


def assign(talk: TalkRequest, officer: User, *, actor: User, ip_address: str = "") -> None:
    """Give an open request to an officer, who is told by e-mail; the request stays open
    for that officer to confirm, propose or decline."""
    if not RequestStatus(talk.status).is_open:
        raise RuleBroken(
            f"{talk.reference} is {RequestStatus(talk.status).label.lower()}: "
            "only a request waiting for an officer can be assigned",
            "officer",
        )
    if officer.role != Role.OFFICER or officer.status != UserStatus.ACTIVE:
        raise RuleBroken("Select an active officer", "officer")
    previous = talk.officer
    talk.officer_id = officer.id
    detail = f"Assigned to {officer.full_name}"
    if previous is not None and previous.id != officer.id:
        detail += f" (was {previous.full_name})"
    audit.record(
        "assigned",
        actor=actor,
        request=talk,
        subject=officer,
        detail=detail,
        ip_address=ip_address,
    )
    queue_email(
        officer.email,
        "request_assigned",
        subject=f"{talk.reference}: request assigned to you",
        request=talk,
        talk=talk,
        officer=officer,
        coordinator=actor,
    )
