"""The officer's calendar feed (.ics), fetched by calendar programs without signing in: its
own blueprint, because the officer blueprint lets only signed-in officers in."""

from flask import Blueprint

bp = Blueprint("officer_feed", __name__)

from booking.calendar_feed import routes  # noqa: E402,F401 - views registering on `bp`
