"""Coordinators' management of accounts: staff accounts, teacher approval, deactivation,
and the areas and topics an officer covers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.models import OfficerArea, Topic, User
from booking.notifications.outbox import queue_email
from booking.services import accounts, audit, leaving, registration
from booking.services.areas import unknown as unknown_areas

STAFF_ROLES = (Role.OFFICER, Role.COORDINATOR)


def list_users(role: str = "", status: str = "") -> list[User]:
    query = (
        select(User)
        .options(joinedload(User.school), selectinload(User.areas))
        .order_by(User.role, func.lower(User.full_name))
    )
    if role:
        query = query.where(User.role == role)
    if status:
        query = query.where(User.status == status)
    return list(db.session.execute(query).scalars())


def create_staff(
    email: str, full_name: str, role: str, *, actor: User, link_for: Callable[[str], str]
) -> User:
    """An officer or coordinator account with no password: the e-mailed link sets it."""
    if role not in STAFF_ROLES:
        raise RuleBroken("Select officer or coordinator", "role")
    if not full_name.strip():
        raise RuleBroken("Enter their full name", "full_name")
    user = accounts.create_user(email, role=role, full_name=full_name, actor=actor)
    queue_email(
        user.email,
        "set_password",
        subject=f"Your {current_app.config['SERVICE_NAME']} account: choose a password",
        user=user,
        link=link_for(accounts.make_password_token(user)),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60,
        role_label=Role(role).label.lower(),
        role_article="an" if Role(role).label.lower()[0] in "aeiou" else "a",
    )
    return user


def approve_teacher(teacher: User, *, actor: User) -> None:
    _require_pending_teacher(teacher)
    accounts.set_status(teacher, UserStatus.ACTIVE, actor=actor)
    queue_email(
        teacher.email,
        "account_approved",
        subject=f"Your {current_app.config['SERVICE_NAME']} account is approved",
        user=teacher,
    )
    registration.tell_colleagues(teacher)


def reject_teacher(teacher: User, *, actor: User) -> None:
    """A pending teacher who is not who they claim: the account is closed, kept for the record."""
    _require_pending_teacher(teacher)
    accounts.set_status(teacher, UserStatus.DEACTIVATED, actor=actor)
    accounts.end_login_sessions(teacher)


def _require_pending_teacher(user: User) -> None:
    if user.role != Role.TEACHER or user.status != UserStatus.PENDING:
        raise RuleBroken(f"{user.full_name} is not a teacher waiting for approval")


def deactivate(user: User, *, actor: User) -> None:
    """The user can no longer sign in and every session they have ends; history stays."""
    if user.id == actor.id:
        raise RuleBroken("You cannot deactivate your own account")
    if user.status == UserStatus.DEACTIVATED:
        raise RuleBroken(f"{user.full_name} is already deactivated")
    if user.role == Role.OFFICER:
        leaving.release(user, actor=actor)
    accounts.set_status(user, UserStatus.DEACTIVATED, actor=actor)
    accounts.end_login_sessions(user)


def reactivate(user: User, *, actor: User) -> None:
    if user.status != UserStatus.DEACTIVATED:
        raise RuleBroken(f"{user.full_name} is not deactivated")
    accounts.set_status(user, UserStatus.ACTIVE, actor=actor)


def set_officer_cover(
    officer: User, areas: Iterable[str], topics: Iterable[Topic], *, actor: User
) -> None:
    """The areas an officer covers and the topics they give talks on."""
    if officer.role != Role.OFFICER:
        raise RuleBroken("Only officers cover areas and topics")
    wanted = sorted({area.strip() for area in areas if area.strip()})
    if missing := unknown_areas(set(wanted)):
        raise RuleBroken(f"Not on the list of areas: {', '.join(sorted(missing))}", "areas")
    # Keep the rows that stay: deleting and re-adding one key in a flush would clash.
    kept = [row for row in officer.areas if row.area in wanted]
    have = {row.area for row in kept}
    officer.areas = kept + [OfficerArea(area=area) for area in wanted if area not in have]
    officer.topics = sorted(set(topics), key=lambda topic: topic.name)
    db.session.flush()
    audit.record(
        "officer_cover_changed",
        actor=actor,
        subject=officer,
        detail=f"Areas: {', '.join(wanted) or 'none'}; topics: "
        f"{', '.join(t.name for t in officer.topics) or 'none'}",
    )
