"""Coordinators: every request, demand reports, and the topics, schools, users, closures
and undelivered e-mails they look after.

Every route of the blueprint is for active coordinators only, declared once here.
"""

from flask import Blueprint

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role

bp = Blueprint("coordinator", __name__)
restrict_blueprint(bp, Role.COORDINATOR)

from booking.coordinator import (  # noqa: E402,F401 - views registering on `bp`
    admin_areas,
    admin_closures,
    admin_leaving,
    admin_messages,
    admin_schools,
    admin_topics,
    admin_users,
    report_views,
    routes,
)
