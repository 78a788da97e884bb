"""Officers: the requests waiting for an officer."""

from __future__ import annotations

from flask import Blueprint, render_template

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role
from booking.services import listings

bp = Blueprint("officer", __name__)
restrict_blueprint(bp, Role.OFFICER)


@bp.route("/requests")
def requests():
    return render_template("officer/requests.html", talk_requests=listings.open_requests())
