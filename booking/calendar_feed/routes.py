"""The officer's calendar feed (.ics), fetched by calendar programs without signing in.

The secret token in the address is the only key: an unknown or replaced token, or an
account that is no longer an active officer, gets a 404 that says nothing more.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, current_app
from sqlalchemy import select

from booking import clock
from booking.access import public
from booking.calendar_feed import bp
from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.models import User
from booking.notifications.ics import CalendarSettings, calendar_text
from booking.services import availability

PAST_DAYS = 90
FUTURE_DAYS = 366


@bp.route("/calendar-feed/<token>.ics")
@public
def feed(token: str):
    officer = db.session.execute(
        select(User).where(
            User.calendar_token == token,
            User.role == Role.OFFICER.value,
            User.status == UserStatus.ACTIVE.value,
        )
    ).scalar_one_or_none()
    if officer is None or len(token) < 20:
        abort(404)
    today = clock.today()
    first, last = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    sessions = availability.sessions_of(officer.id, first, last)
    proposed = availability.proposals_of(officer.id, today, last)
    body = calendar_text(
        sessions,
        proposals=proposed,
        settings=CalendarSettings.from_config(current_app.config),
        stamp=clock.now_utc(),
        name=f"School talks: {officer.full_name}",
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="school-talks.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
