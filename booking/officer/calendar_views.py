"""Your calendar: a week at a time, a list of upcoming sessions, and the subscription link.

The .ics feed itself lives on a blueprint of its own (booking/calendar_feed/): calendar
programs fetch it without signing in, so it is reached by its secret token alone.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking import cleaning, clock
from booking.domain.availability import Window
from booking.domain.calendar import ServiceHours, bank_holidays_between
from booking.extensions import db
from booking.links import external_url
from booking.officer import bp
from booking.officer.forms import JumpForm
from booking.services import availability
from booking.services.closures import closed_days


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def current_week() -> date:
    """The Monday of the working week to show: at the weekend, the week ahead."""
    today = clock.today()
    return week_start(today + timedelta(days=2 if today.weekday() >= 5 else 0))


def _week_from_args() -> tuple[date, JumpForm]:
    if "day" in request.args:
        form = JumpForm(request.args)
        if form.validate():
            return week_start(form.day.data), form
        return current_week(), form
    form = JumpForm(formdata=None)
    asked = cleaning.iso_day(request.args.get("week"))
    return (week_start(asked) if asked else current_week()), form


@bp.route("/calendar")
def calendar():
    monday, form = _week_from_args()
    friday = monday + timedelta(days=4)
    windows = availability.windows_of(current_user.id)
    closed = closed_days(monday, friday)
    holidays = dict(bank_holidays_between(monday, friday))
    time_off = availability.time_off_of(current_user.id, from_day=monday)
    sessions = availability.sessions_of(current_user.id, monday, friday)
    held = availability.proposals_of(current_user.id, monday, friday)
    hours = availability.service_hours()
    days = []
    for offset in range(5):
        day = monday + timedelta(days=offset)
        entry = {
            "day": day,
            "holiday": holidays.get(day),
            "closure": closed.closure_reason(day),
            "away": next((t for t in time_off if t.first_day <= day <= t.last_day), None),
            "windows": [
                Window(w.weekday, w.starts_at, w.ends_at)
                for w in windows
                if w.weekday == day.weekday()
            ],
            "sessions": [s for s in sessions if s.starts_at.date() == day],
            "held": [p for p in held if p.starts_at.date() == day],
        }
        entry["timeline"] = _timeline(hours, entry)
        days.append(entry)
    return render_template(
        "officer/calendar.html",
        days=days,
        monday=monday,
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
        this_week=current_week(),
        jump=form,
        form=form if form.errors else None,
    )


def _timeline(hours: ServiceHours, entry: dict) -> dict:
    """Bars for a day's picture: positions in percent of the service hours."""
    opens = hours.opens.hour * 60 + hours.opens.minute
    span = hours.closes.hour * 60 + hours.closes.minute - opens

    def bar(starts: time, ends: time) -> dict:
        x = (starts.hour * 60 + starts.minute - opens) * 100 / span
        width = (ends.hour * 60 + ends.minute - starts.hour * 60 - starts.minute) * 100 / span
        return {"x": round(max(x, 0), 2), "width": round(max(width, 0), 2)}

    closed = bool(entry["holiday"] or entry["closure"] or entry["away"])
    return {
        "closed": closed,
        "windows": [] if closed else [bar(w.starts, w.ends) for w in entry["windows"]],
        "sessions": [bar(s.starts_at.time(), s.ends_at.time()) for s in entry["sessions"]],
        "held": [bar(p.starts_at.time(), p.ends_at.time()) for p in entry["held"]],
        "ticks": [round(m * 100 / span, 2) for m in range(60, span, 60)],
    }


@bp.route("/calendar/upcoming")
def upcoming():
    today = clock.today()
    sessions = [
        s
        for s in availability.sessions_of(current_user.id, today, today + timedelta(days=366))
        if s.status == "confirmed"
    ]
    feed_url = None
    if current_user.calendar_token:
        feed_url = external_url("officer_feed.feed", token=current_user.calendar_token)
    held = availability.proposals_of(current_user.id, today, today + timedelta(days=366))
    return render_template("officer/upcoming.html", sessions=sessions, held=held, feed_url=feed_url)


@bp.post("/calendar/subscription")
def replace_token():
    """A new secret link; the old one stops working at once."""
    had_one = availability.replace_calendar_token(current_user)
    db.session.commit()
    flash(
        "New subscription link created: the old link no longer works"
        if had_one
        else "Subscription link created",
        "success",
    )
    return redirect(url_for("officer.upcoming"))
