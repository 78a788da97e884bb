"""Moving a request through its life cycle: the one place a request's status changes."""

from __future__ import annotations

from booking.domain.lifecycle import Action, next_status
from booking.domain.vocabulary import RequestStatus
from booking.models import TalkRequest, User
from booking.services import audit
from booking.services.locks import lock_request


def move(
    talk: TalkRequest, action: Action, actor: User, *, reason: str = "", ip_address: str = ""
) -> RequestStatus:
    """Check `action` against the life cycle, change the status and record who, when and why.

    Calendar entries already sent for the session carry a SEQUENCE; it goes up on every change
    so calendar programs replace the old entry rather than keep both.
    """
    lock_request(talk)
    before = RequestStatus(talk.status)
    after = next_status(before, action, actor.role)
    talk.status = after.value
    talk.calendar_sequence += 1
    audit.record(
        action.value,
        actor=actor,
        request=talk,
        from_status=before.value,
        to_status=after.value,
        detail=reason,
        ip_address=ip_address,
    )
    return after
