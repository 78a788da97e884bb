"""Coordinators: force-wide days with no talks. Bank holidays are listed alongside, and so are
the sessions and requests a closure left without a day, for the coordinator to cancel."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from booking import clock
from booking.coordinator import bp
from booking.coordinator.forms import ActionForm, ClosureForm
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.forms import apply_rule_error
from booking.models import Closure
from booking.services import closures

SHOWN_DAYS = 400


@bp.route("/closures", methods=["GET", "POST"])
def closure_list():
    form = ClosureForm()
    if form.validate_on_submit():
        try:
            closure = closures.add_closure(
                form.first_day.data,
                form.last_day.data,
                form.reason.data,
                actor=current_user,
                today=clock.today(),
            )
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Closure added: {closure.reason}", "success")
            return redirect(url_for("coordinator.closure_list"))
    first = clock.today().replace(day=1) - timedelta(days=31)
    return render_template(
        "coordinator/closures.html",
        form=form,
        entries=closures.closures_between(first, first + timedelta(days=SHOWN_DAYS)),
        first=first.replace(day=1),
        action_form=ActionForm(),
        today=clock.today(),
        sessions_on_closed_days=closures.sessions_on_closed_days(clock.today()),
        requests_without_open_day=closures.requests_without_open_day(clock.today()),
    )


@bp.route("/closures/<int:closure_id>/remove", methods=["POST"])
def closure_remove(closure_id: int):
    closure = db.get_or_404(Closure, closure_id)
    if ActionForm().validate_on_submit():
        closures.remove_closure(closure, actor=current_user)
        db.session.commit()
        flash(f"Closure removed: {closure.reason}", "success")
    return redirect(url_for("coordinator.closure_list"))
