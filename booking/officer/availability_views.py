"""Your availability: weekly windows and time off, and the sessions they no longer cover."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking import clock
from booking.domain.availability import Window
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.forms import apply_rule_error
from booking.models import AvailabilityWindow, TimeOff
from booking.officer import bp
from booking.officer.forms import ChangeWindowForm, TimeOffForm, WindowForm
from booking.officer.forms import clock as clock_value
from booking.services import availability


def _page(window_form=None, time_off_form=None, failed=None):
    windows = availability.windows_of(current_user.id)
    return render_template(
        "officer/availability.html",
        windows=[(w, Window(w.weekday, w.starts_at, w.ends_at).label) for w in windows],
        time_off=availability.time_off_of(current_user.id, from_day=clock.today()),
        outside=availability.sessions_outside_availability(current_user.id, clock.now_local()),
        window_form=window_form or WindowForm(prefix="window", formdata=None),
        time_off_form=time_off_form or TimeOffForm(prefix="off", formdata=None),
        form=failed,
    )


@bp.route("/availability")
def availability_page():
    return _page()


def _done(message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("officer.availability_page"))


@bp.post("/availability/windows")
def add_window():
    form = WindowForm(prefix="window")
    if form.validate_on_submit():
        try:
            window = availability.add_window(
                current_user,
                int(form.weekday.data),
                clock_value(form.starts),
                clock_value(form.ends),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            label = Window(window.weekday, window.starts_at, window.ends_at).label
            return _done(f"Window added: {label}")
    return _page(window_form=form, failed=form)


def _own_window(window_id: int) -> AvailabilityWindow:
    window = db.session.get(AvailabilityWindow, window_id)
    if window is None or window.officer_id != current_user.id:
        abort(404)
    return window


@bp.route("/availability/windows/<int:window_id>", methods=["GET", "POST"])
def change_window(window_id: int):
    window = _own_window(window_id)
    label = Window(window.weekday, window.starts_at, window.ends_at).label
    if request.method == "GET":
        form = ChangeWindowForm(
            formdata=None, starts=f"{window.starts_at:%H:%M}", ends=f"{window.ends_at:%H:%M}"
        )
    else:
        form = ChangeWindowForm()
        if form.validate_on_submit():
            try:
                availability.change_window(
                    current_user, window, clock_value(form.starts), clock_value(form.ends)
                )
            except RuleBroken as error:
                db.session.rollback()
                window = _own_window(window_id)
                apply_rule_error(form, error)
            else:
                new = Window(window.weekday, window.starts_at, window.ends_at).label
                return _done(f"Window changed to {new}")
    return render_template("officer/change_window.html", form=form, window=window, label=label)


@bp.post("/availability/windows/<int:window_id>/remove")
def remove_window(window_id: int):
    window = _own_window(window_id)
    label = Window(window.weekday, window.starts_at, window.ends_at).label
    availability.remove_window(current_user, window)
    return _done(f"Window removed: {label}")


@bp.post("/availability/time-off")
def add_time_off():
    form = TimeOffForm(prefix="off")
    if form.validate_on_submit():
        try:
            row = availability.add_time_off(
                current_user,
                form.first_day.data,
                form.last_day.data,
                form.reason.data or "",
                today=clock.today(),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            return _done(f"Time off added: {row.first_day:%-d %B %Y} to {row.last_day:%-d %B %Y}")
    return _page(time_off_form=form, failed=form)


@bp.post("/availability/time-off/<int:time_off_id>/remove")
def remove_time_off(time_off_id: int):
    row = db.session.get(TimeOff, time_off_id)
    if row is None or row.officer_id != current_user.id:
        abort(404)
    availability.remove_time_off(current_user, row)
    return _done("Time off removed")
