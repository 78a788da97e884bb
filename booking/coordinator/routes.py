"""Coordinators: every request, with filters; assigning, declining and cancelling requests.

The other coordinator pages live in the modules imported at the bottom; they all hang off
this one blueprint, so the role check is declared once.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from booking import cleaning, clock
from booking.auth.login_sessions import client_ip
from booking.coordinator import bp
from booking.coordinator.forms import AssignForm, CancelForm, DeclineForm, RequestFilterForm
from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.lifecycle import Action, can
from booking.domain.vocabulary import Role
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import TalkRequest, User
from booking.services import coordination, topics
from booking.services.history import request_history


def _id(value: str | None) -> int | None:
    return cleaning.whole_number(value)


@bp.route("/requests")
def requests():
    form = RequestFilterForm(
        formdata=request.args or None,
        topics=topics.all_topics(),
        areas=coordination.areas(),
        officers=coordination.all_officers(),
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
        filters, cleaning.whole_number(request.args.get("page")) or 1, clock.local_zone()
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
    pairs = [(k, v) for k, v in args.items(multi=True) if k != drop and k != "apply"]
    return "&" + urlencode(pairs) if pairs else ""


def _load(reference: str) -> TalkRequest:
    return db.one_or_404(select(TalkRequest).where(TalkRequest.reference == reference))


def _render(talk: TalkRequest, *, form=None, **failed):
    """The request page; `failed` holds the one form whose errors are shown, by name."""
    officers = coordination.active_officers()
    forms = {
        "assign": _assign_form(officers, formdata=None),
        "decline": DeclineForm(prefix="decline", formdata=None),
        "cancel": CancelForm(prefix="cancel", formdata=None),
        **failed,
    }
    return render_template(
        "coordinator/request.html",
        talk=talk,
        form=form,
        forms=forms,
        history=request_history(talk),
        can_assign=talk.status_enum.is_open and bool(officers),
        can_decline=can(talk.status, Action.DECLINE, Role.COORDINATOR),
        can_cancel=can(talk.status, Action.CANCEL, Role.COORDINATOR),
    )


def _assign_form(officers: list[User], **kwargs) -> AssignForm:
    form = AssignForm(**kwargs)
    form.officer.choices = choices(
        (o.id, f"{o.full_name} ({', '.join(o.area_names) or 'no areas'})") for o in officers
    )
    return form


def _back(talk: TalkRequest):
    return redirect(url_for("coordinator.request_page", reference=talk.reference))


@bp.route("/requests/<reference>", methods=["GET", "POST"])
def request_page(reference: str):
    talk = _load(reference)
    if request.method == "GET":
        return _render(talk)
    officers = coordination.active_officers()
    form = _assign_form(officers)
    if not talk.status_enum.is_open:
        flash(f"{talk.reference} is no longer waiting for an officer", "info")
        return _back(talk)
    if form.validate_on_submit():
        officer = next(o for o in officers if str(o.id) == form.officer.data)
        try:
            coordination.assign(talk, officer, actor=current_user, ip_address=client_ip())
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{talk.reference} assigned to {officer.full_name}", "success")
            return _back(talk)
    return _render(talk, form=form, assign=form)


def _close_request(talk: TalkRequest, name: str, action: Action, form, service, done: str):
    """Decline or cancel: the form's errors next to Reason, or commit and go back to the page.
    A request whose status moved on meanwhile is not acted on; the page says why."""
    if not can(talk.status, action, Role.COORDINATOR):
        flash(f"{talk.reference} is {talk.status_enum.label.lower()}: it cannot be {done}", "info")
        return _back(talk)
    if form.validate_on_submit():
        try:
            officers = service(talk, current_user, form.reason.data, ip_address=client_ip())
        except NotAllowed as error:
            db.session.rollback()
            flash(f"{talk.reference}: {error.message}", "info")
            return _back(talk)
        except RuleBroken as error:
            db.session.rollback()
            talk = _load(talk.reference)
            apply_rule_error(form, error)
        else:
            db.session.commit()
            names = ["the school", *(o.full_name for o in officers)]
            told = " and ".join([", ".join(names[:-1]), names[-1]]) if officers else names[0]
            verb = "have" if officers else "has"
            flash(f"{talk.reference} {done}: {told} {verb} been told", "success")
            return _back(talk)
    return _render(talk, form=form, **{name: form})


@bp.post("/requests/<reference>/decline")
def request_decline(reference: str):
    talk = _load(reference)
    form = DeclineForm(prefix="decline")
    return _close_request(talk, "decline", Action.DECLINE, form, coordination.decline, "declined")


@bp.post("/requests/<reference>/cancel")
def request_cancel(reference: str):
    talk = _load(reference)
    form = CancelForm(prefix="cancel")
    return _close_request(talk, "cancel", Action.CANCEL, form, coordination.cancel, "cancelled")
