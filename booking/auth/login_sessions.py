"""Login sessions: who is signed in, kept on the server and bound to the cookie.

The cookie holds a random session token plus the time of the last request. The token must
match a live `UserSession` row, younger than the absolute limit; the last-seen time must be
within the idle limit. Signing in clears everything the cookie held before.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import login_user, logout_user
from sqlalchemy import update

from booking import clock
from booking.extensions import db
from booking.models import User, UserSession

TOKEN_KEY = "sid"  # noqa: S105 - a session key name, not a secret
SEEN_KEY = "seen"


def start_session(user: User) -> None:
    """Sign `user` in with a brand-new session; nothing from before survives."""
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token=token, user_id=user.id, created_at=clock.now_utc(), ip_address=client_ip()
        )
    )
    session.permanent = True
    session[TOKEN_KEY] = token
    session[SEEN_KEY] = clock.now_utc().timestamp()
    login_user(user)


def end_session() -> None:
    token = session.get(TOKEN_KEY)
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token == token, UserSession.ended_at.is_(None))
            .values(ended_at=clock.now_utc())
        )
    logout_user()
    session.clear()


def end_other_sessions(user: User) -> None:
    """End every session of `user` but the current one (after a password change)."""
    db.session.execute(
        update(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.ended_at.is_(None),
            UserSession.token != session.get(TOKEN_KEY, ""),
        )
        .values(ended_at=clock.now_utc())
    )


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only while the session is live."""
    token = session.get(TOKEN_KEY)
    seen = session.get(SEEN_KEY)
    if not token or seen is None or not user_id.isdigit():
        return None
    now = clock.now_utc()
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if now.timestamp() - float(seen) > idle.total_seconds():
        session.clear()
        return None
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"])
    row = db.session.execute(
        db.select(UserSession).where(
            UserSession.token == token,
            UserSession.user_id == int(user_id),
            UserSession.ended_at.is_(None),
            UserSession.created_at > now - absolute,
        )
    ).scalar_one_or_none()
    if row is None or not row.user.is_active:
        session.clear()
        return None
    session[SEEN_KEY] = now.timestamp()
    return row.user


def client_ip() -> str:
    return (request.remote_addr or "")[:45] if request else ""
