"""The life cycle as a truth table: every status x action x role."""

from __future__ import annotations

import itertools

import pytest

from booking.domain.errors import NotAllowed
from booking.domain.lifecycle import TRANSITIONS, Action, allowed_actions, can, next_status
from booking.domain.vocabulary import RequestStatus as S
from booking.domain.vocabulary import Role

EXPECTED = {
    # (status, action): (next status, roles allowed)
    (S.REQUESTED, Action.CONFIRM): (S.CONFIRMED, {Role.OFFICER}),
    (S.PROPOSED, Action.CONFIRM): (S.CONFIRMED, {Role.OFFICER}),
    (S.REQUESTED, Action.PROPOSE): (S.PROPOSED, {Role.OFFICER}),
    (S.PROPOSED, Action.PROPOSE): (S.PROPOSED, {Role.OFFICER}),
    (S.PROPOSED, Action.ACCEPT): (S.CONFIRMED, {Role.TEACHER}),
    (S.PROPOSED, Action.REJECT): (S.REQUESTED, {Role.TEACHER}),
    (S.REQUESTED, Action.DECLINE): (S.DECLINED, {Role.OFFICER, Role.COORDINATOR}),
    (S.PROPOSED, Action.DECLINE): (S.DECLINED, {Role.OFFICER, Role.COORDINATOR}),
    (S.REQUESTED, Action.CANCEL): (S.CANCELLED, set(Role)),
    (S.PROPOSED, Action.CANCEL): (S.CANCELLED, set(Role)),
    (S.CONFIRMED, Action.CANCEL): (S.CANCELLED, set(Role)),
    (S.CONFIRMED, Action.DELIVER): (S.DELIVERED, {Role.OFFICER, Role.COORDINATOR}),
    (S.PROPOSED, Action.WITHDRAW): (S.REQUESTED, {Role.OFFICER, Role.COORDINATOR}),
}


@pytest.mark.parametrize("status,action,role", list(itertools.product(S, Action, Role)), ids=str)
def test_truth_table(status, action, role):
    expected = EXPECTED.get((status, action))
    if expected is not None and role in expected[1]:
        assert can(status, action, role)
        assert next_status(status, action, role) == expected[0]
    else:
        assert not can(status, action, role)
        with pytest.raises(NotAllowed) as raised:
            next_status(status, action, role)
        assert raised.value.message  # always a sentence a person can act on


def test_table_has_no_transition_the_test_does_not_know():
    assert set(TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("status", [S.DELIVERED, S.DECLINED, S.CANCELLED])
def test_finished_requests_allow_nothing(status):
    for role in Role:
        assert allowed_actions(status, role) == []


def test_message_says_why():
    with pytest.raises(NotAllowed, match="already confirmed"):
        next_status(S.CONFIRMED, Action.CONFIRM, Role.OFFICER)
    with pytest.raises(NotAllowed, match="only teachers"):
        next_status(S.PROPOSED, Action.ACCEPT, Role.OFFICER)
