"""Teachers: their school's requests."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role
from booking.services import listings

bp = Blueprint("teacher", __name__)
restrict_blueprint(bp, Role.TEACHER)


@bp.route("/requests")
def requests():
    return render_template(
        "teacher/requests.html", talk_requests=listings.school_requests(current_user.school_id)
    )
