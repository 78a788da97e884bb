"""Teachers creating their own accounts: the e-mail address is proven before the account exists.

Anyone can claim to teach at a school, so the account is made only from a signed link sent to
the address given, and it is active at once only when that address is on the school's own
e-mail domain and a coordinator has marked that domain as for staff only (pupils often have
addresses on their school's domain). Whenever a teacher's account becomes active, the school's
other active teachers are told, so a stranger's account is noticed by the people who would know.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.models import School, User
from booking.models.user import password_hash_method
from booking.notifications.outbox import queue_email
from booking.services import audit
from booking.services.accounts import check_password_rules, find_user_by_email, normalise_email

REGISTRATION_SALT = "confirm-email"


@dataclass(frozen=True)
class NewTeacher:
    full_name: str
    email: str
    school: School
    job_title: str
    telephone: str
    password: str


def start_registration(
    details: NewTeacher, confirm_url_for, *, sign_in_url: str, reset_url: str
) -> None:
    """Ask the owner of the e-mail address to confirm it before any account exists.

    Whether or not the address already has an account, the same work happens (one password
    hash, one e-mail queued) and the caller shows the same page: nobody learns from the answer
    or its timing which addresses have accounts. An unknown address gets a signed, time-limited
    link holding the registration (with the password's hash, never the password); a known one
    is told that someone tried to create an account with it.
    """
    email = normalise_email(details.email)
    check_password_rules(details.password)
    password_hash = generate_password_hash(details.password, method=password_hash_method())
    minutes = current_app.config["ACCOUNT_CONFIRM_MAX_AGE_SECONDS"] // 60
    existing = find_user_by_email(email)
    if existing is not None:
        queue_email(
            existing.email,
            "account_exists",
            subject="Someone tried to create an account with your e-mail address",
            user=existing,
            sign_in_url=sign_in_url,
            reset_url=reset_url,
        )
        return
    token = _registration_serializer().dumps(
        {
            "e": email,
            "n": details.full_name.strip(),
            "s": details.school.id,
            "j": details.job_title.strip(),
            "t": details.telephone.strip(),
            "h": password_hash,
        }
    )
    queue_email(
        email,
        "confirm_email",
        subject="Confirm your e-mail address to create your account",
        full_name=details.full_name.strip(),
        school=details.school,
        link=confirm_url_for(token),
        minutes=minutes,
    )


def _registration_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=REGISTRATION_SALT)


@dataclass(frozen=True)
class Registration:
    """A registration read back from a confirmation link."""

    email: str
    full_name: str
    school: School
    job_title: str
    telephone: str
    password_hash: str


def registration_for_token(token: str) -> Registration | None:
    """The registration a confirmation link carries, while it is unexpired and unused.

    Single use without any stored state: once the account exists, its e-mail is taken and the
    link stops working.
    """
    max_age = current_app.config["ACCOUNT_CONFIRM_MAX_AGE_SECONDS"]
    try:
        data = _registration_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        return None
    school = db.session.get(School, data.get("s")) if isinstance(data.get("s"), int) else None
    if school is None or find_user_by_email(data["e"]) is not None:
        return None
    return Registration(
        email=data["e"],
        full_name=str(data.get("n", "")),
        school=school,
        job_title=str(data.get("j", "")),
        telephone=str(data.get("t", "")),
        password_hash=str(data.get("h", "")),
    )


def register_teacher(registration: Registration, ip_address: str = "") -> User:
    """Create a teacher's account from a confirmed e-mail address: active at once when the
    school trusts the address (see `School.trusts_email`), otherwise pending until a
    coordinator approves it, since anyone can claim a school."""
    school = registration.school
    active = school.trusts_email(registration.email)
    status = UserStatus.ACTIVE if active else UserStatus.PENDING
    user = User(
        email=registration.email,
        full_name=registration.full_name,
        role=Role.TEACHER.value,
        status=status.value,
        school_id=school.id,
        job_title=registration.job_title,
        telephone=registration.telephone,
        password_hash=registration.password_hash,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "account_created",
        actor=user,
        subject=user,
        to_status=status.value,
        detail=f"Teacher at {school.name}, e-mail address confirmed",
        ip_address=ip_address,
    )
    if active:
        tell_colleagues(user)
    return user


def tell_colleagues(teacher: User) -> None:
    """E-mail every other active teacher of the school that a new account for it is active."""
    colleagues = db.session.execute(
        db.select(User)
        .where(
            User.school_id == teacher.school_id,
            User.role == Role.TEACHER.value,
            User.status == UserStatus.ACTIVE.value,
            User.id != teacher.id,
        )
        .order_by(User.id)
    ).scalars()
    for colleague in colleagues:
        queue_email(
            colleague.email,
            "new_colleague",
            subject=f"A new account for {teacher.school.name} is active",
            user=colleague,
            colleague=teacher,
        )


def approval_reason(teacher: User) -> str:
    """Why a pending teacher waits for a coordinator, for the coordinator's list."""
    if not teacher.school.accepts_email(teacher.email):
        return "E-mail address not on the school's domains"
    return "School's domains not marked as staff-only"
