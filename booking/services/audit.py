from __future__ import annotations

from booking.extensions import db
from booking.models import AuditEvent, TalkRequest, User


def record(
    action: str,
    *,
    actor: User | None,
    request: TalkRequest | None = None,
    subject: User | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    detail: str = "",
    ip_address: str = "",
) -> AuditEvent:
    """Add an audit event to the current transaction."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        request_id=request.id if request is not None else None,
        subject_user_id=subject.id if subject is not None else None,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
        ip_address=ip_address,
    )
    db.session.add(event)
    return event
