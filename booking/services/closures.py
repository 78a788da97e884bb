"""Force-wide closures: days with no talks, entered by coordinators, plus bank holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from booking.domain.calendar import ClosedDays, bank_holidays_between
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import Closure, RequestOption, TalkRequest, User
from booking.services import audit


@dataclass(frozen=True)
class ClosureEntry:
    first_day: date
    last_day: date
    reason: str
    bank_holiday: bool
    closure_id: int | None = None


def latest_last_day(first_day: date) -> date:
    """A closure lasts at most a year: it ends the day before the first day's date next year
    (28 February for a closure from 29 February)."""
    try:
        next_year = first_day.replace(year=first_day.year + 1)
    except ValueError:
        next_year = date(first_day.year + 1, 3, 1)
    return next_year - timedelta(days=1)


def add_closure(
    first_day: date, last_day: date, reason: str, *, actor: User, today: date
) -> Closure:
    """A closure is for days to come (the past cannot be closed any more), starts and ends on
    weekdays (weekends have no talks anyway, so a closure on one is a mistyped date), and lasts
    at most a year (a longer one is a mistyped year)."""
    if first_day < today:
        raise RuleBroken(f"First day must be today ({today:%d/%m/%Y}) or later", "first_day")
    if first_day.weekday() >= 5:
        raise RuleBroken("First day must be a weekday, Monday to Friday", "first_day")
    if last_day < first_day:
        raise RuleBroken("Last day must be the same as or after the first day", "last_day")
    if last_day.weekday() >= 5:
        raise RuleBroken("Last day must be a weekday, Monday to Friday", "last_day")
    latest = latest_last_day(first_day)
    if last_day > latest:
        raise RuleBroken(
            f"A closure can be at most a year long: end it by {latest:%d/%m/%Y}", "last_day"
        )
    reason = reason.strip()
    if not reason:
        raise RuleBroken("Enter a reason, like 'Force training day'", "reason")
    closure = Closure(first_day=first_day, last_day=last_day, reason=reason, created_by_id=actor.id)
    db.session.add(closure)
    db.session.flush()
    audit.record(
        "closure_added",
        actor=actor,
        detail=f"{first_day:%d/%m/%Y} to {last_day:%d/%m/%Y}: {reason}",
    )
    return closure


def remove_closure(closure: Closure, *, actor: User) -> None:
    audit.record(
        "closure_removed",
        actor=actor,
        detail=f"{closure.first_day:%d/%m/%Y} to {closure.last_day:%d/%m/%Y}: {closure.reason}",
    )
    db.session.delete(closure)
    db.session.flush()


def closed_days(first: date, last: date) -> ClosedDays:
    """The force's closures that touch the days from `first` to `last`, for the day rules
    (weekends and bank holidays are the rules' own knowledge)."""
    rows = db.session.execute(
        select(Closure.first_day, Closure.last_day, Closure.reason).where(
            Closure.last_day >= first, Closure.first_day <= last
        )
    ).all()
    return ClosedDays.of((row.first_day, row.last_day, row.reason) for row in rows)


def closures_between(first: date, last: date) -> list[ClosureEntry]:
    """Closures overlapping [first, last] and the bank holidays in it, earliest first."""
    rows = db.session.execute(
        select(Closure).where(Closure.last_day >= first, Closure.first_day <= last)
    ).scalars()
    entries = [ClosureEntry(row.first_day, row.last_day, row.reason, False, row.id) for row in rows]
    entries += [
        ClosureEntry(day, day, name, True) for day, name in bank_holidays_between(first, last)
    ]
    return sorted(entries, key=lambda entry: (entry.first_day, entry.last_day))


@dataclass(frozen=True)
class SessionOnClosedDay:
    talk: TalkRequest
    reason: str  # the closure's


def _covers(day) -> object:
    """SQL: a closure covers `day` (a column or expression of the day)."""
    return (Closure.first_day <= day) & (Closure.last_day >= day)


def sessions_on_closed_days(today: date) -> list[SessionOnClosedDay]:
    """Confirmed sessions from `today` on that a closure added after them now covers: nothing
    moves them by itself, so the coordinator sees them to cancel, earliest first."""
    day = func.date(TalkRequest.starts_at)  # sessions are local wall-clock times
    reason = (
        select(Closure.reason)
        .where(_covers(day))
        .order_by(Closure.first_day, Closure.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(TalkRequest, reason)
        .where(
            TalkRequest.status == RequestStatus.CONFIRMED.value,
            TalkRequest.starts_at >= datetime.combine(today, time(0)),
            exists().where(_covers(day)),
        )
        .options(joinedload(TalkRequest.school), joinedload(TalkRequest.officer))
        .order_by(TalkRequest.starts_at, TalkRequest.id)
    ).all()
    return [SessionOnClosedDay(talk, why) for talk, why in rows]


def requests_without_open_day(today: date) -> list[TalkRequest]:
    """Open requests whose options from `today` on all fall on closures (and at least one
    does): no officer can confirm them any more. Earliest option first."""
    closed = exists().where(_covers(RequestOption.day))
    coming = select(RequestOption.id).where(
        RequestOption.request_id == TalkRequest.id, RequestOption.day >= today
    )
    first_day = (
        select(func.min(RequestOption.day))
        .where(RequestOption.request_id == TalkRequest.id, RequestOption.day >= today)
        .scalar_subquery()
    )
    query = (
        select(TalkRequest)
        .where(
            TalkRequest.status.in_([s.value for s in RequestStatus if s.is_open]),
            exists(coming.where(closed)),
            ~exists(coming.where(~closed)),
        )
        .options(
            joinedload(TalkRequest.school),
            joinedload(TalkRequest.officer),
            selectinload(TalkRequest.options),
        )
        .order_by(first_day, TalkRequest.id)
    )
    return list(db.session.execute(query).scalars())
