"""Coordinators: an officer leaves. Their sessions to come are shown, each given to another
officer or cancelled, with their open proposals and areas, before the account closes."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from booking import cleaning, clock
from booking.auth.login_sessions import client_ip
from booking.coordinator import bp
from booking.coordinator.forms import ActionForm, CancelSessionForm, GiveSessionForm
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import TalkRequest, User
from booking.services import coordination, leaving


def _give_form(talk: TalkRequest, officer: User, **kwargs) -> GiveSessionForm:
    form = GiveSessionForm(prefix=f"{talk.reference}-give", **kwargs)
    others = [o for o in coordination.active_officers() if o.id != officer.id]
    form.officer.choices = choices(
        [("", "Select an officer")]
        + [(o.id, f"{o.full_name} ({', '.join(o.area_names) or 'no areas'})") for o in others]
    )
    return form


def _page(officer: User, failed: tuple[str, object] | None = None, status: int = 200):
    sessions = leaving.live_sessions(officer, clock.now_local())
    forms = {
        talk.reference: {
            "give": _give_form(talk, officer, formdata=None),
            "cancel": CancelSessionForm(prefix=f"{talk.reference}-cancel", formdata=None),
        }
        for talk in sessions
    }
    form = None
    if failed is not None:
        reference, form = failed
        kind = "give" if isinstance(form, GiveSessionForm) else "cancel"
        if reference in forms:
            forms[reference][kind] = form
    return render_template(
        "coordinator/leaving.html",
        officer=officer,
        sessions=sessions,
        forms=forms,
        form=form,
        proposed=leaving.proposed_requests(officer),
        assigned=leaving.assigned_requests(officer),
        coverage=leaving.area_cover(officer),
        action_form=ActionForm(),
    ), status


@bp.route("/users/<int:user_id>/leaving", methods=["GET", "POST"])
def officer_leaving(user_id: int):
    user = db.get_or_404(User, user_id)
    if user.role != Role.OFFICER or user.status == UserStatus.DEACTIVATED:
        return redirect(url_for("coordinator.user_page", user_id=user.id))
    if request.method == "GET":
        return _page(user)
    reference = request.form.get("session", "")
    # Loaded plainly (no eager joins), so that the services can lock its row.
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.reference == reference)
    ).scalar_one_or_none()
    if talk is None or talk not in leaving.live_sessions(user, clock.now_local()):
        flash(
            f"{reference or 'This session'} is no longer one of {user.full_name}'s sessions", "info"
        )
        return redirect(url_for("coordinator.officer_leaving", user_id=user.id))
    if request.form.get("what") == "cancel":
        return _cancel(user, talk)
    return _give(user, talk)


def _give(officer: User, talk: TalkRequest):
    form = _give_form(talk, officer)
    if form.validate_on_submit():
        officer_id = cleaning.whole_number(form.officer.data)
        chosen = db.session.get(User, officer_id) if officer_id is not None else None
        try:
            if chosen is None:
                raise RuleBroken("Select the officer who will give the talk", "officer")
            leaving.reassign(talk, chosen, actor=current_user, ip_address=client_ip())
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(
                f"{talk.reference} given to {chosen.full_name}: the school, {chosen.full_name} "
                f"and {officer.full_name} have been told",
                "success",
            )
            return redirect(url_for("coordinator.officer_leaving", user_id=officer.id))
    return _page(db.session.get(User, officer.id), (talk.reference, form), 400)


def _cancel(officer: User, talk: TalkRequest):
    form = CancelSessionForm(prefix=f"{talk.reference}-cancel")
    if form.validate_on_submit():
        try:
            coordination.cancel(talk, current_user, form.reason.data, ip_address=client_ip())
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(
                f"{talk.reference} cancelled: the school and {officer.full_name} have been told",
                "success",
            )
            return redirect(url_for("coordinator.officer_leaving", user_id=officer.id))
    return _page(db.session.get(User, officer.id), (talk.reference, form), 400)
