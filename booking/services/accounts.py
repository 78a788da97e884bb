"""Accounts: creating users, signing in, resetting passwords and changing e-mail addresses."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, update
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from booking import clock
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.models import School, User, UserSession
from booking.models.user import password_hash_method
from booking.notifications.outbox import queue_email
from booking.services import audit

RESET_SALT = "password-reset"


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when an e-mail is unknown, so a failed sign-in takes as long either way."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


MIN_PASSWORD_SCORE = 3  # zxcvbn's 0-4: 3 and up resists guessing online and offline alike


def check_password_rules(password: str, field: str = "password") -> None:
    """Long enough, and not common, breached or patterned: zxcvbn ships its lists of common
    passwords, names and words, so nothing is fetched to judge one."""
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if len(password) < minimum:
        raise RuleBroken(f"Password must be {minimum} characters or more", field)
    verdict = zxcvbn(password[:100])
    if verdict["score"] < MIN_PASSWORD_SCORE:
        why = verdict["feedback"]["warning"] or "It follows a pattern that is easy to guess."
        raise RuleBroken(
            f"Choose a password that is harder to guess. {why} Try three or four unrelated "
            "words with a number",
            field,
        )


def create_user(
    email: str,
    *,
    role: str,
    full_name: str,
    school: School | None = None,
    password: str | None = None,
    actor: User | None = None,
) -> User:
    """Create an active account (operations, seed data, coordinators adding staff)."""
    role = Role(role)
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise RuleBroken(f"A user with the email address {email} already exists", "email")
    if role == Role.TEACHER and school is None:
        raise RuleBroken("A teacher needs a school: give its URN", "school")
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=role.value,
        status=UserStatus.ACTIVE.value,
        school_id=school.id if school is not None else None,
    )
    if password:
        check_password_rules(password)
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("account_created", actor=actor, subject=user, to_status=user.status)
    return user


def authenticate(email: str, password: str, ip_address: str = "") -> User | None:
    """The user whose e-mail and password match, or None. An unknown e-mail, or an account
    with no password yet, does the same hashing work, so the answer takes as long."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(password_hash_method()), password)
        audit.record("sign_in_failed", actor=None, detail="unknown account", ip_address=ip_address)
        return None
    if not user.password_hash:
        check_password_hash(_dummy_hash(password_hash_method()), password)
        audit.record("sign_in_failed", actor=None, subject=user, ip_address=ip_address)
        return None
    if not user.check_password(password) or not user.is_active:
        audit.record("sign_in_failed", actor=None, subject=user, ip_address=ip_address)
        return None
    audit.record("sign_in", actor=user, subject=user, ip_address=ip_address)
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user: User) -> str:
    # Part of the current hash: once the password changes, the token no longer matches,
    # which makes every reset link single-use.
    return user.password_hash[-16:]


def make_password_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "p": _password_fingerprint(user)})


def user_for_password_token(token: str) -> User | None:
    """The user a reset link belongs to, while it is unused and not expired."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.is_active or data.get("p") != _password_fingerprint(user):
        return None
    return user


def request_password_reset(email: str, reset_url_for) -> None:
    """Queue a reset link when the account exists; say nothing either way.

    The same work happens for an unknown address (a token signed, the e-mail rendered) and the
    message is then dropped, so the answer takes as long either way.
    """
    user = find_user_by_email(email)
    known = user is not None and user.is_active
    stand_in = user if known else _stand_in(email)
    message = queue_email(
        stand_in.email,
        "password_reset",
        subject="Reset your password",
        user=stand_in,
        link=reset_url_for(make_password_token(stand_in)),
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60,
    )
    if not known:
        db.session.expunge(message)
        return
    audit.record("password_reset_requested", actor=None, subject=user)


def _stand_in(email: str) -> User:
    """An unsaved user to do the same work with when an address has no usable account."""
    return User(
        id=0,
        email=normalise_email(email),
        full_name="",
        password_hash=_dummy_hash(password_hash_method()),
    )


def set_password(user: User, password: str, *, actor: User | None) -> None:
    check_password_rules(password)
    user.set_password(password)
    audit.record("password_changed", actor=actor, subject=user)


def end_login_sessions(user: User) -> None:
    """Sign `user` out everywhere: after a password reset, or when the account is closed."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=clock.now_utc())
    )


def set_status(user: User, status: str, *, actor: User) -> None:
    previous = user.status
    user.status = UserStatus(status).value
    audit.record(
        "account_status_changed",
        actor=actor,
        subject=user,
        from_status=previous,
        to_status=user.status,
    )


def school_choices() -> list[School]:
    return list(db.session.execute(db.select(School).order_by(func.lower(School.name))).scalars())


def check_current_password(user: User, password: str) -> None:
    """Changing what protects an account needs its current password."""
    if not user.check_password(password):
        raise RuleBroken("Your current password is not right: enter it again", "current_password")


EMAIL_CHANGE_SALT = "change-email"


def request_email_change(
    user: User,
    new_email: str,
    current_password: str,
    *,
    confirm_url_for,
    sign_in_url: str,
    reset_url: str,
    ip_address: str = "",
) -> str:
    """Ask the owner of `new_email` to prove it before the account's address changes.

    After the current password is checked the caller shows the same page whatever happened,
    so nobody learns which addresses have accounts. A free address gets a signed, time-limited
    link; an address with an account is told someone tried to move an account onto it; the
    current address always hears that a change was asked for. Returns the new address.
    """
    check_current_password(user, current_password)
    email = normalise_email(new_email)
    if email == user.email:
        raise RuleBroken("This is already your email address", "email")
    hours = current_app.config["EMAIL_CHANGE_MAX_AGE_SECONDS"] // 3600
    token = _email_change_serializer().dumps(
        {"u": user.id, "e": email, "f": _email_change_fingerprint(user)}
    )
    existing = find_user_by_email(email)
    if existing is not None:
        queue_email(
            existing.email,
            "email_change_taken",
            subject="Someone tried to move an account to your e-mail address",
            user=existing,
            sign_in_url=sign_in_url,
            reset_url=reset_url,
        )
    else:
        queue_email(
            email,
            "email_change_confirm",
            subject="Confirm your new e-mail address",
            user=user,
            new_email=email,
            link=confirm_url_for(token),
            hours=hours,
        )
    queue_email(
        user.email,
        "email_change_requested",
        subject="A change of your e-mail address was asked for",
        user=user,
        new_email=email,
        hours=hours,
        reset_url=reset_url,
    )
    audit.record("email_change_requested", actor=user, subject=user, ip_address=ip_address)
    return email


def _email_change_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_CHANGE_SALT)


def _email_change_fingerprint(user: User) -> str:
    # Once the address changes the link no longer matches, so each link works once; a new
    # password (say after a reset by an owner who did not ask for the change) ends it too.
    return hashlib.sha256(f"{user.email}\0{user.password_hash}".encode()).hexdigest()[:16]


def email_change_for_token(user: User, token: str) -> str | None:
    """The new address a change link carries for `user`, while it is unexpired, unused and
    the address is still free; None otherwise."""
    max_age = current_app.config["EMAIL_CHANGE_MAX_AGE_SECONDS"]
    try:
        data = _email_change_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        return None
    if data.get("u") != user.id or data.get("f") != _email_change_fingerprint(user):
        return None
    if find_user_by_email(data["e"]) is not None:
        return None
    return data["e"]


def change_email(user: User, new_email: str, *, ip_address: str = "") -> None:
    """Move `user` to an address they proved they own (see `email_change_for_token`)."""
    previous = user.email
    user.email = normalise_email(new_email)
    db.session.flush()
    audit.record(
        "email_changed", actor=user, subject=user, detail=f"was {previous}", ip_address=ip_address
    )
