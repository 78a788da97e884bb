"""An officer's weekly windows and time off, and the diary the session rules read.

The diary for a date range is loaded with one query per kind of row, however many options
or days are then checked against it.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from booking.domain.availability import (
    Away,
    Booked,
    Diary,
    Fit,
    Window,
    option_fit,
    session_problem,
    window_problem,
)
from booking.domain.calendar import ServiceHours
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import AvailabilityWindow, Proposal, TalkRequest, TimeOff, User
from booking.services import audit
from booking.services.closures import closed_days

HOLDING = [s.value for s in RequestStatus if s.holds_session]


def service_hours() -> ServiceHours:
    config = current_app.config
    return ServiceHours.parse(config["SERVICE_START"], config["SERVICE_END"])


def windows_of(officer_id: int) -> list[AvailabilityWindow]:
    query = (
        select(AvailabilityWindow)
        .where(AvailabilityWindow.officer_id == officer_id)
        .order_by(AvailabilityWindow.weekday, AvailabilityWindow.starts_at)
    )
    return list(db.session.execute(query).scalars())


def time_off_of(officer_id: int, from_day: date | None = None) -> list[TimeOff]:
    query = select(TimeOff).where(TimeOff.officer_id == officer_id)
    if from_day is not None:
        query = query.where(TimeOff.last_day >= from_day)
    return list(db.session.execute(query.order_by(TimeOff.first_day)).scalars())


def sessions_of(officer_id: int, first: date, last: date) -> list[TalkRequest]:
    """The officer's sessions (confirmed or delivered) between two days, earliest first."""
    query = (
        select(TalkRequest)
        .options(joinedload(TalkRequest.school), joinedload(TalkRequest.topic))
        .where(
            TalkRequest.officer_id == officer_id,
            TalkRequest.status.in_(HOLDING),
            TalkRequest.starts_at < datetime.combine(last + timedelta(days=1), time()),
            TalkRequest.ends_at > datetime.combine(first, time()),
        )
        .order_by(TalkRequest.starts_at)
    )
    return list(db.session.execute(query).scalars())


def proposals_of(officer_id: int, first: date, last: date) -> list[Proposal]:
    """The times the officer proposed that the school has not answered yet, earliest first."""
    query = (
        select(Proposal)
        .join(TalkRequest, TalkRequest.id == Proposal.request_id)
        .options(joinedload(Proposal.request).joinedload(TalkRequest.school))
        .where(
            Proposal.officer_id == officer_id,
            TalkRequest.status == RequestStatus.PROPOSED.value,
            Proposal.starts_at < datetime.combine(last + timedelta(days=1), time()),
            Proposal.ends_at > datetime.combine(first, time()),
        )
        .order_by(Proposal.starts_at)
    )
    return list(db.session.execute(query).scalars())


def _held(proposal: Proposal) -> Booked:
    talk = proposal.request
    return Booked(
        talk.reference, talk.school_id, talk.school.name, proposal.starts_at, proposal.ends_at, True
    )


def diary_for(officer_id: int, first: date, last: date, exclude_id: int | None = None) -> Diary:
    """What decides whether the officer is free between `first` and `last` (days included):
    their sessions and the times they proposed hold their time (but not those of request
    `exclude_id`, the one being decided)."""
    sessions = [s for s in sessions_of(officer_id, first, last) if s.id != exclude_id]
    held = [p for p in proposals_of(officer_id, first, last) if p.request_id != exclude_id]
    return Diary(
        windows=tuple(Window(w.weekday, w.starts_at, w.ends_at) for w in windows_of(officer_id)),
        time_off=tuple(
            Away(t.first_day, t.last_day, t.reason)
            for t in time_off_of(officer_id)
            if t.first_day <= last and t.last_day >= first
        ),
        sessions=tuple(
            Booked(s.reference, s.school_id, s.school.name, s.starts_at, s.ends_at)
            for s in sessions
        )
        + tuple(_held(p) for p in held),
        closed=closed_days(first, last),
        hours=service_hours(),
        buffer_minutes=current_app.config["TRAVEL_BUFFER_MINUTES"],
    )


def add_window(officer: User, weekday: int, starts: time, ends: time) -> AvailabilityWindow:
    others = [Window(w.weekday, w.starts_at, w.ends_at) for w in windows_of(officer.id)]
    problem = window_problem(service_hours(), Window(weekday, starts, ends), others)
    if problem:
        raise problem
    window = AvailabilityWindow(
        officer_id=officer.id, weekday=weekday, starts_at=starts, ends_at=ends
    )
    db.session.add(window)
    audit.record(
        "window_added", actor=officer, subject=officer, detail=Window(weekday, starts, ends).label
    )
    db.session.flush()
    return window


def change_window(officer: User, window: AvailabilityWindow, starts: time, ends: time) -> None:
    others = [
        Window(w.weekday, w.starts_at, w.ends_at)
        for w in windows_of(officer.id)
        if w.id != window.id
    ]
    problem = window_problem(service_hours(), Window(window.weekday, starts, ends), others)
    if problem:
        raise problem
    window.starts_at, window.ends_at = starts, ends
    audit.record(
        "window_changed",
        actor=officer,
        subject=officer,
        detail=Window(window.weekday, starts, ends).label,
    )
    db.session.flush()


def remove_window(officer: User, window: AvailabilityWindow) -> None:
    audit.record(
        "window_removed",
        actor=officer,
        subject=officer,
        detail=Window(window.weekday, window.starts_at, window.ends_at).label,
    )
    db.session.delete(window)
    db.session.flush()


def add_time_off(officer: User, first: date, last: date, reason: str, *, today: date) -> TimeOff:
    if last < first:
        raise RuleBroken("The last day must be the same as or after the first day", "last_day")
    if last < today:
        raise RuleBroken("Time off must end today or later", "last_day")
    row = TimeOff(officer_id=officer.id, first_day=first, last_day=last, reason=reason.strip())
    db.session.add(row)
    audit.record("time_off_added", actor=officer, subject=officer, detail=f"{first} to {last}")
    db.session.flush()
    return row


def remove_time_off(officer: User, row: TimeOff) -> None:
    audit.record(
        "time_off_removed",
        actor=officer,
        subject=officer,
        detail=f"{row.first_day} to {row.last_day}",
    )
    db.session.delete(row)
    db.session.flush()


def sessions_outside_availability(officer_id: int, now: datetime) -> list[tuple[TalkRequest, str]]:
    """Upcoming confirmed sessions that the officer's windows or time off no longer cover.

    Changing availability never cancels a session silently: the officer sees these and
    decides what to do with each.
    """
    today = now.date()
    upcoming = [
        s
        for s in sessions_of(officer_id, today, today + timedelta(days=400))
        if s.status == RequestStatus.CONFIRMED and s.starts_at > now
    ]
    if not upcoming:
        return []
    diary = diary_for(officer_id, today, upcoming[-1].starts_at.date())
    found = []
    for session in upcoming:
        free = Diary(
            diary.windows, diary.time_off, (), diary.closed, diary.hours, diary.buffer_minutes
        )
        problem = session_problem(
            free, session.starts_at, session.ends_at, session.school_id, now=now
        )
        if problem:
            found.append((session, problem.message))
    return found


def option_fits(officer_id: int, talks: list[TalkRequest], now: datetime) -> dict[int, Fit]:
    """How each option of `talks` suits the officer, keyed by option id.

    One diary covers every option's day, so the cost is a handful of queries however many
    requests the list holds. A request's own proposed times do not stand in its way.
    """
    days = [option.day for talk in talks for option in talk.options]
    if not days:
        return {}
    diary = diary_for(officer_id, min(days), max(days))
    fits = {}
    for talk in talks:
        own = replace(
            diary, sessions=tuple(b for b in diary.sessions if b.reference != talk.reference)
        )
        for option in talk.options:
            fits[option.id] = option_fit(
                own,
                option.day,
                option.earliest_start,
                option.latest_finish,
                talk.length_minutes,
                talk.school_id,
                now=now,
            )
    return fits


def replace_calendar_token(officer: User) -> bool:
    """A new secret for the officer's calendar feed; the old link stops working at once.
    True when there was an old one."""
    had_one = officer.calendar_token is not None
    officer.calendar_token = secrets.token_urlsafe(32)
    audit.record("calendar_link_replaced", actor=officer, subject=officer)
    return had_one
