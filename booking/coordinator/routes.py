"""Coordinators: every request, with filters, and assigning open requests to officers.

The other coordinator pages live in the modules imported at the bottom; they all hang off
this one blueprint, so the role check is declared once.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from booking import clock
from booking.access import restrict_blueprint
from booking.auth.sessions import client_ip
from booking.coordinator.forms import AssignForm, RequestFilterForm
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import TalkRequest, User
from booking.services import coordination, topics
from booking.services.history import request_history

bp = Blueprint("coordinator", __name__)
restrict_blueprint(bp, Role.COORDINATOR)


def all_officers() -> list[User]:
    """Officers for filters, deactivated ones included: their history still counts."""
    query = select(User).where(User.role == Role.OFFICER.value).order_by(User.full_name)
    return list(db.session.execute(query).scalars())


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@bp.route("/requests")
def requests():
    form = RequestFilterForm(
        formdata=request.args or None,
        topics=topics.all_topics(),
        areas=coordination.areas(),
        officers=all_officers(),
    )
    filters = coordination.RequestFilters()
    if request.args and form.validate():
        filters = coordination.RequestFilters(
            status=form.status.data or "",
            topic_id=_id(form.topic.data),
            area=form.area.data or "",
            officer_id=_id(form.officer.data),
            made_from=form.made_from.data,
            made_to=form.made_to.data,
        )
    page = coordination.find_requests(
        filters, request.args.get("page", 1, type=int), clock.local_zone()
    )
    args = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    return render_template(
        "coordinator/requests.html",
        page=page,
        form=form,
        filtered=bool(args),
        page_url=lambda number: (
            url_for("coordinator.requests", page=number) + _query(request.args, "page")
        ),
    )


def _query(args, drop: str) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in args.items(multi=True) if k != drop and k != "apply"]
    return "&" + urlencode(pairs) if pairs else ""


@bp.route("/requests/<reference>", methods=["GET", "POST"])
def request_page(reference: str):
    talk = db.one_or_404(select(TalkRequest).where(TalkRequest.reference == reference))
    form = AssignForm()
    officers = coordination.active_officers()
    form.officer.choices = choices(
        (o.id, f"{o.full_name} ({', '.join(o.area_names) or 'no areas'})") for o in officers
    )
    if talk.status_enum.is_open and form.validate_on_submit():
        officer = next(o for o in officers if str(o.id) == form.officer.data)
        try:
            coordination.assign(talk, officer, actor=current_user, ip_address=client_ip())
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{talk.reference} assigned to {officer.full_name}", "success")
            return redirect(url_for("coordinator.request_page", reference=talk.reference))
    elif request.method == "POST" and not talk.status_enum.is_open:
        flash(f"{talk.reference} is no longer waiting for an officer", "info")
        return redirect(url_for("coordinator.request_page", reference=talk.reference))
    return render_template(
        "coordinator/request.html",
        talk=talk,
        form=form,
        history=request_history(talk),
        can_assign=talk.status_enum.is_open and bool(officers),
    )


from booking.coordinator import (  # noqa: E402,F401 - views registering on `bp`
    admin_closures,
    admin_messages,
    admin_schools,
    admin_topics,
    admin_users,
    report_views,
)
