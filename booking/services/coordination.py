"""Coordinators' work on requests: finding them, assigning them to an officer, and declining or
cancelling them on behalf of the Communities Unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Select, func, select

from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.lifecycle import Action
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import School, TalkRequest, User
from booking.notifications.outbox import queue_email
from booking.notifications.session_mail import mail_cancelled, mail_declined, session_ics
from booking.services import audit, transitions
from booking.services.areas import area_names
from booking.services.listings import Page, paginate
from booking.services.locks import lock_request

MAX_REASON_LENGTH = 500


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


def all_officers() -> list[User]:
    """Officers for filters, deactivated ones included: their history still counts."""
    query = select(User).where(User.role == Role.OFFICER.value).order_by(User.full_name)
    return list(db.session.execute(query).scalars())


def areas() -> list[str]:
    """Every area filter offers the list coordinators keep (services/areas.py)."""
    return area_names()


def assign(talk: TalkRequest, officer: User, *, actor: User, ip_address: str = "") -> None:
    """Give an open request to an officer, who is told by e-mail; the request stays open
    for that officer to confirm, propose or decline. The status is read again under a lock:
    a request confirmed meanwhile is not handed to someone else."""
    lock_request(talk)
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


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RuleBroken(message, "reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise RuleBroken(f"Reason must be {MAX_REASON_LENGTH} characters or fewer", "reason")
    return reason


def _officers_concerned(talk: TalkRequest) -> list[User]:
    """The officer the request was assigned to or confirmed by, and every officer whose
    proposed times the teacher still has: each may be planning around it."""
    people = {p.officer.id: p.officer for p in talk.proposals}
    if talk.officer is not None:
        people[talk.officer.id] = talk.officer
    return sorted(people.values(), key=lambda person: person.id)


def _end(
    talk: TalkRequest, action: Action, coordinator: User, reason: str, ip: str
) -> tuple[list[User], RequestStatus]:
    """Lock the request, re-read its status and move it. Returns the officers to tell (read
    first: the proposals go with the move) and the status it had."""
    lock_request(talk)
    officers, before = _officers_concerned(talk), talk.status_enum
    try:
        transitions.move(talk, action, coordinator, reason=reason, ip_address=ip)
    except NotAllowed as error:
        raise NotAllowed(error.message, "reason") from None
    talk.proposals.clear()
    return officers, before


def _tell_officers(
    talk: TalkRequest, officers: list[User], verb: str, reason: str, ics: str | None
) -> None:
    unit = current_app.config["UNIT_NAME"]
    what = f"talk on {talk.starts_at.day} {talk.starts_at:%B}" if ics else "request"
    for officer in officers:
        queue_email(
            officer.email,
            "coordinator_officer_notice",
            subject=f"{talk.reference}: {what} {verb} by the {unit}",
            request=talk,
            ics=ics,
            talk=talk,
            officer=officer,
            unit=unit,
            verb=verb,
            reason=reason,
            had_session=ics is not None,
        )


def decline(
    talk: TalkRequest, coordinator: User, reason: str, *, ip_address: str = ""
) -> list[User]:
    """The Communities Unit turns down an open request, say one no officer can take. The
    teacher and the officers concerned are told why; returns those officers."""
    reason = _reason(reason, "Enter why you are declining the request")
    officers, _ = _end(talk, Action.DECLINE, coordinator, reason, ip_address)
    mail_declined(talk, reason)
    _tell_officers(talk, officers, "declined", reason, None)
    db.session.flush()
    return officers


def cancel(
    talk: TalkRequest, coordinator: User, reason: str, *, ip_address: str = ""
) -> list[User]:
    """The Communities Unit cancels a request or a confirmed session, say one on a day the
    force has since closed. A confirmed session leaves both calendars through a calendar
    cancellation (.ics); returns the officers told."""
    reason = _reason(reason, "Enter why you are cancelling the request")
    officers, before = _end(talk, Action.CANCEL, coordinator, reason, ip_address)
    if before == RequestStatus.CONFIRMED:
        mail_cancelled(talk, coordinator, reason)
        ics = session_ics(talk, "CANCEL")
    else:
        ics = None
        queue_email(
            talk.teacher.email,
            "coordinator_request_cancelled",
            subject=f"{talk.reference}: request cancelled by the {current_app.config['UNIT_NAME']}",
            request=talk,
            talk=talk,
            person=talk.teacher,
            unit=current_app.config["UNIT_NAME"],
            reason=reason,
        )
    _tell_officers(talk, officers, "cancelled", reason, ics)
    db.session.flush()
    return officers
