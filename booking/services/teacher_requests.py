"""What a teacher does with their school's requests after sending them: follow, cancel, and leave
feedback. Every function takes the teacher, so no request of another school is ever touched."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.lifecycle import Action, can
from booking.domain.vocabulary import RequestStatus, Role
from booking.extensions import db
from booking.models import Feedback, Proposal, TalkRequest, User
from booking.notifications.outbox import queue_email
from booking.notifications.session_mail import mail_cancellation_copy, session_ics
from booking.services import audit, transitions
from booking.services.locks import lock_request

MAX_REASON_LENGTH = 500
MAX_COMMENTS_LENGTH = 2000
FEEDBACK_ACTION = "feedback"


def request_for_teacher(request_id: int, teacher: User) -> TalkRequest | None:
    """The request, when it belongs to the teacher's school; None for anyone else's."""
    query = (
        select(TalkRequest)
        .where(TalkRequest.id == request_id, TalkRequest.school_id == teacher.school_id)
        .options(
            joinedload(TalkRequest.topic),
            joinedload(TalkRequest.officer),
            joinedload(TalkRequest.teacher),
            selectinload(TalkRequest.options),
            selectinload(TalkRequest.proposals),
        )
    )
    return db.session.execute(query).unique().scalar_one_or_none()


def _check_school(talk: TalkRequest, teacher: User) -> None:
    if talk.school_id != teacher.school_id:
        raise NotAllowed("You can only act on your own school's requests")


def cancel(talk: TalkRequest, teacher: User, *, reason: str, ip_address: str = "") -> None:
    """Cancel a request that has not been delivered, and tell the officer who had it."""
    _check_school(talk, teacher)
    reason = reason.strip()
    if not reason:
        raise RuleBroken("Enter why you are cancelling the request", "reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise RuleBroken(f"Reason must be {MAX_REASON_LENGTH} characters or fewer", "reason")
    lock_request(talk)
    had_session = talk.status_enum.holds_session
    # Everyone who acted on it: the assigned or confirming officer, and those who proposed times.
    officers = {o.id: o for o in [talk.officer, *(p.officer for p in talk.proposals)] if o}
    transitions.move(talk, Action.CANCEL, teacher, reason=reason, ip_address=ip_address)
    for officer in officers.values():
        # A confirmed session is in the officer's calendar: the .ics removes it.
        queue_email(
            officer.email,
            "request_cancelled",
            subject=f"{talk.reference}: {talk.school.name} cancelled the talk on {talk.topic.name}",
            request=talk,
            ics=session_ics(talk, "CANCEL") if had_session else None,
            talk=talk,
            officer=officer,
            teacher=teacher,
            reason=reason,
        )
    if had_session:
        mail_cancellation_copy(talk, teacher)


def can_cancel(talk: TalkRequest) -> bool:
    return can(talk.status, Action.CANCEL, Role.TEACHER)


def can_leave_feedback(talk: TalkRequest) -> bool:
    return talk.status_enum == RequestStatus.DELIVERED and talk.feedback is None


def leave_feedback(
    talk: TalkRequest, teacher: User, *, rating: int, comments: str = "", ip_address: str = ""
) -> Feedback:
    """Feedback on a delivered talk, once per request."""
    _check_school(talk, teacher)
    if talk.status_enum != RequestStatus.DELIVERED:
        raise NotAllowed("You can leave feedback once the talk has been delivered", "rating")
    if talk.feedback is not None:
        raise NotAllowed("Feedback has already been left for this talk", "rating")
    if rating not in range(1, 6):
        raise RuleBroken("Select a rating from 1 to 5", "rating")
    comments = comments.strip()
    if len(comments) > MAX_COMMENTS_LENGTH:
        raise RuleBroken(f"Comments must be {MAX_COMMENTS_LENGTH} characters or fewer", "comments")
    feedback = Feedback(request_id=talk.id, teacher_id=teacher.id, rating=rating, comments=comments)
    talk.feedback = feedback
    db.session.flush()
    audit.record(
        FEEDBACK_ACTION,
        actor=teacher,
        request=talk,
        detail=f"Rating {rating} out of 5",
        ip_address=ip_address,
    )
    return feedback


def open_proposals(talk: TalkRequest) -> list[Proposal]:
    """The times an officer proposed, while the teacher can still accept one."""
    if talk.status_enum != RequestStatus.PROPOSED:
        return []
    return list(talk.proposals)
