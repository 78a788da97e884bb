"""After a talk: correcting the number of pupils it reached.

The figure feeds the demand report ("pupils reached"), so a mistyped one must be fixable; the
correction is an audit event of its own, so the history shows the old and the new figure.
"""

from __future__ import annotations

from booking.domain.errors import NotAllowed
from booking.domain.vocabulary import RequestStatus, Role
from booking.extensions import db
from booking.models import TalkRequest, User
from booking.services import audit
from booking.services.locks import lock_request
from booking.services.sessions import check_pupils_reached

CORRECTED = "pupils_corrected"


def correct_pupils_reached(
    talk: TalkRequest, actor: User, pupils_reached: int, *, ip_address: str = ""
) -> None:
    """The officer who gave the talk, or a coordinator, corrects the figure."""
    if actor.role == Role.OFFICER and talk.officer_id != actor.id:
        raise NotAllowed("This is another officer's session", "pupils_reached")
    if actor.role not in (Role.OFFICER, Role.COORDINATOR):
        raise NotAllowed("Only the officer or a coordinator can correct this", "pupils_reached")
    check_pupils_reached(pupils_reached)
    lock_request(talk)
    if talk.status != RequestStatus.DELIVERED:
        raise NotAllowed(
            "Pupils reached can be corrected once the talk is marked as delivered",
            "pupils_reached",
        )
    before = talk.pupils_reached
    if before == pupils_reached:
        return
    talk.pupils_reached = pupils_reached
    audit.record(
        CORRECTED,
        actor=actor,
        request=talk,
        detail=f"From {before} to {pupils_reached} pupils reached",
        ip_address=ip_address,
    )
    db.session.flush()
