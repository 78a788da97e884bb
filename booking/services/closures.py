"""Force-wide closures: days with no talks, entered by coordinators, plus bank holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from booking.domain.calendar import ClosedDays, bank_holidays_between
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import Closure, User
from booking.services import audit


@dataclass(frozen=True)
class ClosureEntry:
    first_day: date
    last_day: date
    reason: str
    bank_holiday: bool
    closure_id: int | None = None


def add_closure(first_day: date, last_day: date, reason: str, *, actor: User) -> Closure:
    if last_day < first_day:
        raise RuleBroken("Last day must be the same as or after the first day", "last_day")
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
