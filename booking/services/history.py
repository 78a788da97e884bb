"""A request's history: who did what to it, when and why, as every role's request page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from booking import clock
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import AuditEvent, TalkRequest

# What some audit actions read as; life cycle actions use the label of the status they led to.
_EVENT_WORDS = {
    "requested": "Requested",
    "feedback": "Left feedback",
    "assigned": "Assigned",
    "pupils_corrected": "Pupils reached corrected",
    "withdraw": "Proposed times withdrawn",
    "reassigned": "Given to another officer",
}


@dataclass(frozen=True)
class HistoryEntry:
    what: str
    who: str
    when: datetime
    why: str


def request_history(talk: TalkRequest) -> list[HistoryEntry]:
    """Who did what to the request, and when and why, oldest first."""
    events = db.session.execute(
        select(AuditEvent)
        .where(AuditEvent.request_id == talk.id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).scalars()
    return [
        HistoryEntry(
            what=_describe(event),
            who=event.actor.full_name if event.actor else "The service",
            when=clock.to_local(event.created_at),
            why=event.detail,
        )
        for event in events
    ]


def _describe(event: AuditEvent) -> str:
    if event.action in _EVENT_WORDS:
        return _EVENT_WORDS[event.action]
    if event.to_status:
        return RequestStatus(event.to_status).label
    return event.action.replace("_", " ").capitalize()
