"""The audit trail: who did what, when, from where and why.

Every event is a row (shown as a request's history) and a line in the `booking.audit` log.
The log line carries ids, never free text: reasons and notes may concern children, so they
stay in the database only.
"""

from __future__ import annotations

from flask import has_request_context, request

from booking import clock
from booking.extensions import db
from booking.log_lines import get_logger
from booking.models import AuditEvent, TalkRequest, User

logger = get_logger("booking.audit")


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
    ip_address = ip_address or _client_address()
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        request_id=request.id if request is not None else None,
        subject_user_id=subject.id if subject is not None else None,
        from_status=from_status,
        to_status=to_status,
        detail=detail,
        ip_address=ip_address,
        created_at=clock.now_utc(),
    )
    db.session.add(event)
    logger.info(
        "%s actor=%s subject=%s request=%s from=%s to=%s ip=%s",
        action,
        event.actor_id,
        event.subject_user_id,
        request.reference if request is not None else None,
        from_status,
        to_status,
        ip_address,
    )
    return event


def _client_address() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""
