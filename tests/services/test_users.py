"""Coordinators' management of accounts."""

from __future__ import annotations

from datetime import datetime

import pytest

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import OutboxMessage, UserSession
from booking.services import accounts, users


def _mail() -> list[OutboxMessage]:
    return list(db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def test_a_new_officer_chooses_a_password_through_an_emailed_link(make):
    boss = make.coordinator()
    officer = users.create_staff(
        "New.Officer@Police.example",
        "New Officer",
        "officer",
        actor=boss,
        link_for=lambda token: f"https://booking.example/reset-password/{token}",
    )
    assert (officer.email, officer.role, officer.status) == (
        "new.officer@police.example",
        "officer",
        "active",
    )
    assert officer.password_hash == ""  # nobody can sign in until they choose one
    [mail] = _mail()
    token = mail.body_text.split("/reset-password/")[1].split()[0]
    assert accounts.user_for_password_token(token) is officer
    assert mail.recipient == officer.email and "choose a password" in mail.subject


@pytest.mark.parametrize(
    "role,name,message",
    [("teacher", "A Person", "Select officer or coordinator"), ("officer", " ", "Enter their")],
)
def test_staff_accounts_need_a_staff_role_and_a_name(make, role, name, message):
    with pytest.raises(RuleBroken, match=message):
        users.create_staff("x@police.example", name, role, actor=make.coordinator(), link_for=str)


def test_a_duplicate_email_is_refused(make):
    existing = make.officer()
    with pytest.raises(RuleBroken, match="already exists"):
        users.create_staff(
            existing.email.upper(), "Twin", "officer", actor=make.coordinator(), link_for=str
        )


def test_approving_a_pending_teacher_emails_them(make):
    teacher = make.teacher(status="pending")
    users.approve_teacher(teacher, actor=make.coordinator())
    assert teacher.status == "active"
    [mail] = _mail()
    assert mail.recipient == teacher.email and "approved" in mail.subject


def test_approving_a_teacher_tells_the_schools_active_teachers(make):
    school = make.school()
    colleague = make.teacher(school=school)
    teacher = make.teacher(school=school, status="pending")
    users.approve_teacher(teacher, actor=make.coordinator())
    told = [mail for mail in _mail() if mail.recipient == colleague.email]
    assert [mail.subject for mail in told] == [f"A new account for {school.name} is active"]
    assert teacher.full_name in told[0].body_text


def test_rejecting_a_pending_teacher_deactivates_them(make):
    teacher = make.teacher(status="pending")
    users.reject_teacher(teacher, actor=make.coordinator())
    assert teacher.status == "deactivated" and not teacher.is_active


def test_only_pending_teachers_can_be_approved(make):
    with pytest.raises(RuleBroken, match="not a teacher waiting for approval"):
        users.approve_teacher(make.teacher(), actor=make.coordinator())


def test_deactivating_ends_every_session_and_reactivating_restores(make):
    boss = make.coordinator()
    officer = make.officer()
    db.session.add(UserSession(token="t1", user_id=officer.id, created_at=datetime(2026, 3, 2)))
    db.session.flush()
    users.deactivate(officer, actor=boss)
    session_row = db.session.execute(db.select(UserSession)).scalar_one()
    assert officer.status == "deactivated" and session_row.ended_at is not None
    with pytest.raises(RuleBroken, match="already deactivated"):
        users.deactivate(officer, actor=boss)
    users.reactivate(officer, actor=boss)
    assert officer.status == "active"


def test_a_coordinator_cannot_deactivate_themselves(make):
    boss = make.coordinator()
    with pytest.raises(RuleBroken, match="your own account"):
        users.deactivate(boss, actor=boss)


def test_officer_areas_and_topics(make):
    officer = make.officer(areas=("Crewe", "Chester"))
    drugs, knives = make.topic(name="Drugs"), make.topic(name="Knives")
    make.area("Warrington")
    with pytest.raises(RuleBroken, match="Not on the list of areas: Chestr"):
        users.set_officer_cover(officer, ["Chestr"], [], actor=make.coordinator())
    users.set_officer_cover(
        officer, ["Chester", "Warrington", ""], [knives, drugs], actor=make.coordinator()
    )
    db.session.expire(officer)
    assert officer.area_names == ["Chester", "Warrington"]
    assert [t.name for t in officer.topics] == ["Drugs", "Knives"]


def test_list_users_by_role_and_status(make):
    make.officer(full_name="B Officer")
    make.officer(full_name="A Officer", status="deactivated")
    make.teacher(full_name="T Teacher", status="pending")
    assert [u.full_name for u in users.list_users("officer")] == ["A Officer", "B Officer"]
    assert [u.full_name for u in users.list_users("", "pending")] == ["T Teacher"]


def test_closing_an_officers_account_needs_their_sessions_gone_and_frees_their_requests(make):
    from booking.models import Proposal, TalkRequest

    boss = make.coordinator()
    officer = make.officer(full_name="PC Tom Hughes")
    session = make.confirmed(officer, datetime(2026, 3, 24, 10))
    assigned = make.talk_request(officer_id=officer.id)
    proposed = make.talk_request(status="proposed")
    proposed.proposals.append(
        Proposal(
            officer_id=officer.id,
            position=1,
            starts_at=datetime(2026, 3, 26, 10),
            ends_at=datetime(2026, 3, 26, 11),
        )
    )
    db.session.flush()
    with pytest.raises(RuleBroken, match="PC Tom Hughes still has 1 session to come"):
        users.deactivate(officer, actor=boss)
    assert officer.status == "active"
    session.status = "cancelled"
    users.deactivate(officer, actor=boss)
    assert officer.status == "deactivated"
    assert db.session.get(TalkRequest, assigned.id).officer_id is None
    assert (proposed.status, proposed.proposals) == ("requested", [])
