"""Coordinators: every request."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from booking.access import restrict_blueprint
from booking.domain.vocabulary import Role
from booking.services import listings

bp = Blueprint("coordinator", __name__)
restrict_blueprint(bp, Role.COORDINATOR)


@bp.route("/requests")
def requests():
    page = request.args.get("page", 1, type=int)
    return render_template("coordinator/requests.html", page=listings.all_requests(page))
