"""An officer leaves the service: their sessions are given to other officers (cover) or
cancelled first, then the account closes, taking back their open proposals.

Giving a session to another officer books it in that officer's diary through the same checks
as a confirmation (windows, time off, closures, other sessions and proposed times), under the
same officer lock. Its calendar entry keeps its UID with a raised SEQUENCE, so calendars move
the entry rather than add a second one: the school and the new officer get the updated entry,
the old officer a cancellation for their copy.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from booking import clock
from booking.domain.availability import session_problem
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import OfficerArea, Proposal, TalkRequest, User
from booking.notifications.outbox import queue_email
from booking.notifications.session_mail import session_ics
from booking.services import audit, proposals
from booking.services.availability import diary_for
from booking.services.locks import lock_officer, lock_request

WITHDRAWN_REASON = "{name} no longer gives talks for the service"


def live_sessions(officer: User, now: datetime) -> list[TalkRequest]:
    """The officer's confirmed sessions still to come, earliest first."""
    query = (
        select(TalkRequest)
        .options(joinedload(TalkRequest.school), joinedload(TalkRequest.topic))
        .where(
            TalkRequest.officer_id == officer.id,
            TalkRequest.status == RequestStatus.CONFIRMED.value,
            TalkRequest.starts_at > now,
        )
        .order_by(TalkRequest.starts_at)
    )
    return list(db.session.execute(query).scalars())


def proposed_requests(officer: User) -> list[TalkRequest]:
    """Requests the school has not answered yet that hold times this officer proposed."""
    mine = select(Proposal.request_id).where(Proposal.officer_id == officer.id)
    query = (
        select(TalkRequest)
        .where(TalkRequest.status == RequestStatus.PROPOSED.value, TalkRequest.id.in_(mine))
        .order_by(TalkRequest.id)
    )
    return list(db.session.execute(query).scalars())


def assigned_requests(officer: User) -> list[TalkRequest]:
    """Open requests a coordinator gave to this officer to look at."""
    query = (
        select(TalkRequest)
        .where(
            TalkRequest.officer_id == officer.id,
            TalkRequest.status.in_([s.value for s in RequestStatus if s.is_open]),
        )
        .order_by(TalkRequest.id)
    )
    return list(db.session.execute(query).scalars())


def area_cover(officer: User) -> list[tuple[str, list[str]]]:
    """Each of the officer's areas with the other active officers who cover it."""
    found = []
    for area in officer.area_names:
        others = db.session.execute(
            select(User.full_name)
            .join(OfficerArea, OfficerArea.officer_id == User.id)
            .where(
                OfficerArea.area == area,
                User.id != officer.id,
                User.status == UserStatus.ACTIVE.value,
            )
            .order_by(User.full_name)
        ).scalars()
        found.append((area, list(others)))
    return found


def _for_coordinator(message: str, name: str) -> str:
    """A diary message is written to the officer ("you have a session"); say it of them."""
    return (
        message.replace("you have", f"{name} has")
        .replace("You are", f"{name} is")
        .replace("your ", "their ")
        .replace(": choose another time, or withdraw that proposal on its request page first", "")
    )


def reassign(talk: TalkRequest, officer: User, *, actor: User, ip_address: str = "") -> User:
    """Give a confirmed session to `officer` (cover). Returns the officer who had it."""
    if officer.role != Role.OFFICER or officer.status != UserStatus.ACTIVE:
        raise RuleBroken("Select an active officer", "officer")
    lock_officer(officer.id)
    lock_request(talk)
    if talk.status != RequestStatus.CONFIRMED or talk.starts_at <= clock.now_local():
        raise RuleBroken(f"{talk.reference} is no longer a session to come", "officer")
    previous = talk.officer
    if previous.id == officer.id:
        raise RuleBroken(f"{officer.full_name} already has this session", "officer")
    day = talk.starts_at.date()
    diary = diary_for(officer.id, day, day, exclude_id=talk.id)
    problem = session_problem(
        diary, talk.starts_at, talk.ends_at, talk.school_id, now=clock.now_local()
    )
    if problem:
        why = _for_coordinator(problem.message, officer.full_name)
        raise RuleBroken(f"{officer.full_name} cannot take it: {why}", "officer")
    try:
        with db.session.begin_nested():
            talk.officer_id = officer.id
            talk.calendar_sequence += 1
            db.session.flush()
    except IntegrityError as error:
        if "ex_talk_requests" not in str(error.orig):
            raise
        raise RuleBroken(
            f"{officer.full_name} cannot take it: they have another session then", "officer"
        ) from None
    db.session.refresh(talk, ["officer"])
    audit.record(
        "reassigned",
        actor=actor,
        request=talk,
        subject=officer,
        detail=f"From {previous.full_name} to {officer.full_name}",
        ip_address=ip_address,
    )
    _tell_reassigned(talk, previous, officer)
    db.session.flush()
    return previous


def _tell_reassigned(talk: TalkRequest, previous: User, officer: User) -> None:
    unit = current_app.config["UNIT_NAME"]
    day = f"{talk.starts_at.day} {talk.starts_at:%B}"
    update, cancel = session_ics(talk, "REQUEST"), session_ics(talk, "CANCEL")
    for person, audience, ics in (
        (talk.teacher, "school", update),
        (officer, "new", update),
        (previous, "old", cancel),
    ):
        queue_email(
            person.email,
            "session_reassigned",
            subject=f"{talk.reference}: talk on {day} now with {officer.full_name}",
            request=talk,
            ics=ics,
            talk=talk,
            person=person,
            audience=audience,
            officer=officer,
            previous=previous,
            unit=unit,
        )


def release(officer: User, *, actor: User) -> None:
    """Before an officer's account closes: no session of theirs may be left to come; their
    proposed times are withdrawn (the schools told) and requests assigned to them go back to
    waiting for an officer."""
    lock_officer(officer.id)
    left = live_sessions(officer, clock.now_local())
    if left:
        count = f"{len(left)} session" + ("s" if len(left) > 1 else "")
        raise RuleBroken(
            f"{officer.full_name} still has {count} to come: give each to another officer "
            "or cancel it first"
        )
    reason = WITHDRAWN_REASON.format(name=officer.full_name)
    for talk in proposed_requests(officer):
        proposals.withdraw(talk, actor, reason)
    for talk in assigned_requests(officer):
        lock_request(talk)
        talk.officer_id = None
        audit.record("unassigned", actor=actor, request=talk, subject=officer, detail=reason)
    db.session.flush()
