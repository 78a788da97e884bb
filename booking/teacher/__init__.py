"""Teachers: requesting a talk and following their school's requests to delivery.

Every route of the blueprint is for active teachers only, declared once here.
"""

from flask import Blueprint

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role

bp = Blueprint("teacher", __name__)
restrict_blueprint(bp, Role.TEACHER)

from booking.teacher import routes  # noqa: E402,F401 - views registering on `bp`
