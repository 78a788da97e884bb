"""Officers: the requests inbox, a request's actions, availability and the week calendar.

Every route of the blueprint is for active officers only, declared once here. The calendar
feed, fetched without signing in, is a blueprint of its own (booking/calendar_feed/).
"""

from flask import Blueprint

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role

bp = Blueprint("officer", __name__)
restrict_blueprint(bp, Role.OFFICER)

from booking.officer import (  # noqa: E402,F401 - views registering on `bp`
    availability_views,
    calendar_views,
    routes,
    session_views,
)
