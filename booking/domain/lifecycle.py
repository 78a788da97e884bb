"""The request life cycle: which action moves a request from which status to which, and who
may take it. Every transition in the service is checked here and nowhere else.

    requested --confirm--> confirmed --deliver--> delivered
        |  '--propose--> proposed --accept--> confirmed
        |                    '--reject or withdraw--> requested
        |--decline--> declined
        '--cancel--> cancelled          confirmed --cancel--> cancelled
"""

from __future__ import annotations

from enum import StrEnum

from booking.domain.errors import NotAllowed
from booking.domain.vocabulary import RequestStatus, Role

R = RequestStatus


class Action(StrEnum):
    CONFIRM = "confirm"
    PROPOSE = "propose"
    ACCEPT = "accept"
    REJECT = "reject"
    DECLINE = "decline"
    CANCEL = "cancel"
    DELIVER = "deliver"
    WITHDRAW = "withdraw"

    @property
    def past_tense(self) -> str:
        return {
            "confirm": "confirmed",
            "propose": "proposed another time",
            "accept": "accepted the proposed time",
            "reject": "rejected the proposed time",
            "decline": "declined",
            "cancel": "cancelled",
            "deliver": "marked as delivered",
            "withdraw": "withdrawn",
        }[self.value]


TRANSITIONS: dict[tuple[RequestStatus, Action], RequestStatus] = {
    (R.REQUESTED, Action.CONFIRM): R.CONFIRMED,
    (R.PROPOSED, Action.CONFIRM): R.CONFIRMED,
    (R.REQUESTED, Action.PROPOSE): R.PROPOSED,
    (R.PROPOSED, Action.PROPOSE): R.PROPOSED,
    (R.PROPOSED, Action.ACCEPT): R.CONFIRMED,
    (R.PROPOSED, Action.REJECT): R.REQUESTED,
    (R.REQUESTED, Action.DECLINE): R.DECLINED,
    (R.PROPOSED, Action.DECLINE): R.DECLINED,
    (R.REQUESTED, Action.CANCEL): R.CANCELLED,
    (R.PROPOSED, Action.CANCEL): R.CANCELLED,
    (R.CONFIRMED, Action.CANCEL): R.CANCELLED,
    (R.CONFIRMED, Action.DELIVER): R.DELIVERED,
    (R.PROPOSED, Action.WITHDRAW): R.REQUESTED,
}

# Who may take each action (object-level checks, such as "their own school", are the
# services' job; this is the role-level rule).
ACTORS: dict[Action, frozenset[Role]] = {
    Action.CONFIRM: frozenset({Role.OFFICER}),
    Action.PROPOSE: frozenset({Role.OFFICER}),
    Action.ACCEPT: frozenset({Role.TEACHER}),
    Action.REJECT: frozenset({Role.TEACHER}),
    Action.DECLINE: frozenset({Role.OFFICER, Role.COORDINATOR}),
    Action.CANCEL: frozenset({Role.TEACHER, Role.OFFICER, Role.COORDINATOR}),
    Action.DELIVER: frozenset({Role.OFFICER, Role.COORDINATOR}),
    Action.WITHDRAW: frozenset({Role.OFFICER, Role.COORDINATOR}),
}

_STATE_MESSAGES = {
    R.CONFIRMED: "This request is already confirmed",
    R.DELIVERED: "This talk has already been delivered",
    R.DECLINED: "This request was declined",
    R.CANCELLED: "This request was cancelled",
}


def can(status: RequestStatus | str, action: Action, role: Role | str) -> bool:
    return (RequestStatus(status), action) in TRANSITIONS and Role(role) in ACTORS[action]


def next_status(status: RequestStatus | str, action: Action, role: Role | str) -> RequestStatus:
    """The status after `action`, or NotAllowed saying why it cannot be taken now."""
    status = RequestStatus(status)
    if Role(role) not in ACTORS[action]:
        raise NotAllowed(f"A {Role(role).value} cannot do this: only {_who(action)} can")
    after = TRANSITIONS.get((status, action))
    if after is None:
        reason = _STATE_MESSAGES.get(status, f"This request is {status.label.lower()}")
        raise NotAllowed(f"{reason}, so it cannot be {action.past_tense} now")
    return after


def allowed_actions(status: RequestStatus | str, role: Role | str) -> list[Action]:
    return [action for action in Action if can(status, action, role)]


def _who(action: Action) -> str:
    return " or ".join(sorted(f"{r.value}s" for r in ACTORS[action]))
