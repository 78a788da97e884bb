"""When an officer can give a talk: the bookable-time and no-double-booking rules
(docs/rules.md) as pure functions.

A session fits when it lies on a working day, inside the service hours, inside one of the
officer's weekly windows, outside their time off, and keeps clear of their other sessions:
back to back is fine at the same school, but sessions at different schools need the whole
travel buffer between them so the officer can get from one to the other. The database holds
the same overlap rule as exclusion constraints; checking here first gives a message a person
can act on. Nothing here reads a clock: `now` is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from booking.domain.calendar import ClosedDays, ServiceHours, at, day_label
from booking.domain.errors import RuleBroken

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True)
class Window:
    weekday: int
    starts: time
    ends: time

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.starts:%H:%M}–{self.ends:%H:%M}"


@dataclass(frozen=True)
class Away:
    first_day: date
    last_day: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Booked:
    """One of the officer's sessions that holds their time, or (`held`) a time they proposed
    to a school: it stays theirs until the school answers or the proposal is withdrawn, so
    that accepting it can never find the officer booked elsewhere."""

    reference: str
    school_id: int
    school_name: str
    starts: datetime
    ends: datetime
    held: bool = False

    @property
    def label(self) -> str:
        return f"{self.school_name} {self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def what(self) -> str:
        """ "session at Oakfield 10:00–11:00" or "proposed time for SLO-… at Oakfield …"."""
        if self.held:
            return f"proposed time for {self.reference} at {self.label}"
        return f"session at {self.label}"


@dataclass(frozen=True)
class Diary:
    """Everything that decides whether an officer is free: loaded once, asked many times."""

    windows: tuple[Window, ...] = ()
    time_off: tuple[Away, ...] = ()
    sessions: tuple[Booked, ...] = ()
    closed: ClosedDays = field(default_factory=ClosedDays)
    hours: ServiceHours = field(default_factory=ServiceHours)
    buffer_minutes: int = 30

    def windows_on(self, weekday: int) -> list[tuple[time, time]]:
        """The day's windows, with windows that touch merged into one."""
        merged: list[tuple[time, time]] = []
        for window in sorted((w for w in self.windows if w.weekday == weekday), key=_window_key):
            if merged and window.starts <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], window.ends))
            else:
                merged.append((window.starts, window.ends))
        return merged

    def away_on(self, day: date) -> Away | None:
        return next((away for away in self.time_off if away.covers(day)), None)


def _window_key(window: Window) -> tuple[time, time]:
    return (window.starts, window.ends)


def clashing_session(
    diary: Diary, starts: datetime, ends: datetime, school_id: int
) -> tuple[Booked, bool] | None:
    """The first session the new one overlaps (True) or comes too close to (False)."""
    buffer = timedelta(minutes=diary.buffer_minutes)
    for booked in sorted(diary.sessions, key=lambda b: b.starts):
        if booked.starts < ends and starts < booked.ends:
            return booked, True
        gap = timedelta(0) if booked.school_id == school_id else buffer
        if booked.starts < ends + gap and starts < booked.ends + gap:
            return booked, False
    return None


def clash(diary: Diary, starts: datetime, ends: datetime, school_id: int) -> RuleBroken | None:
    found = clashing_session(diary, starts, ends, school_id)
    if found is None:
        return None
    booked, overlaps = found
    if overlaps and booked.held:
        return RuleBroken(
            f"This time is held by your {booked.what} until the school answers: choose "
            "another time, or withdraw that proposal on its request page first"
        )
    if overlaps:
        return RuleBroken(f"This time is no longer free: you have a {booked.what}")
    return RuleBroken(
        f"This time is too close to your {booked.what}: allow "
        f"{diary.buffer_minutes} minutes to travel between schools"
    )


def outside(diary: Diary, starts: datetime, ends: datetime) -> RuleBroken | None:
    """Why the officer cannot work at this time at all (bookable time), or None."""
    day = starts.date()
    why = diary.closed.why_closed(day)
    if why:
        return RuleBroken(f"{day_label(day)} is {why}: choose another day", "day")
    if ends.date() != day or not diary.hours.contains(starts.time(), ends.time()):
        return RuleBroken(f"Talks take place from {diary.hours.label}: choose a time inside them")
    away = diary.away_on(day)
    if away:
        reason = f" ({away.reason})" if away.reason else ""
        return RuleBroken(f"You are away on {day_label(day)}{reason}", "day")
    if not any(s <= starts.time() and ends.time() <= e for s, e in diary.windows_on(day.weekday())):
        return RuleBroken(
            f"The session is outside your availability windows ({windows_summary(diary, day)})"
        )
    return None


def windows_summary(diary: Diary, day: date) -> str:
    """The officer's windows on that weekday, e.g. "Friday: 09:00–12:00" or "Friday: none"."""
    windows = [f"{s:%H:%M}–{e:%H:%M}" for s, e in diary.windows_on(day.weekday())]
    return f"{WEEKDAYS[day.weekday()]}: {', '.join(windows) if windows else 'none'}"


def session_problem(
    diary: Diary, starts: datetime, ends: datetime, school_id: int, *, now: datetime
) -> RuleBroken | None:
    """Why a session cannot be booked for the officer (bookable time, no double booking), or
    None when it fits."""
    if starts <= now:
        return RuleBroken("Choose a time in the future", "day")
    return outside(diary, starts, ends) or clash(diary, starts, ends, school_id)


def check_within_option(
    start: time, length_minutes: int, earliest: time, latest: time, field_name: str
) -> None:
    """The session must lie inside the time range the teacher gave for the option."""
    ends = (at(date.min, start) + timedelta(minutes=length_minutes)).time()
    last_start = (at(date.min, latest) - timedelta(minutes=length_minutes)).time()
    if start < earliest or ends > latest or ends <= start:
        raise RuleBroken(
            f"Start between {earliest:%H:%M} and {last_start:%H:%M}, so the "
            f"{length_minutes}-minute talk ends by {latest:%H:%M}",
            field_name,
        )


@dataclass(frozen=True)
class Fit:
    """How one of the teacher's options suits the officer: 'fits', 'clashes' or 'outside'."""

    kind: str
    label: str
    start: time | None = None


def option_fit(
    diary: Diary,
    day: date,
    earliest: time,
    latest: time,
    length_minutes: int,
    school_id: int,
    *,
    now: datetime,
) -> Fit:
    """The earliest start inside the option that fits, or why none does.

    A free start, if any, is the option's earliest start, a window's start, or the moment a
    session (plus the travel buffer) ends: trying those candidates is enough.
    """
    length = timedelta(minutes=length_minutes)
    clashes: list[Booked] = []
    first_other: RuleBroken | None = None
    for candidate in _candidates(diary, day, earliest, school_id):
        starts = at(day, candidate)
        if starts + length > at(day, latest) or candidate < earliest:
            continue
        problem = session_problem(diary, starts, starts + length, school_id, now=now)
        if problem is None:
            return Fit("fits", f"fits, from {candidate:%H:%M}", candidate)
        found = clashing_session(diary, starts, starts + length, school_id)
        if found and outside(diary, starts, starts + length) is None:
            for booked in (found[0], *_sessions_within(diary, day, earliest, latest)):
                if booked not in clashes:
                    clashes.append(booked)
        else:
            first_other = first_other or problem
    if clashes:
        return Fit("clashes", f"clashes with your {_named(clashes)}")
    if first_other is None or "availability windows" in first_other.message:
        return Fit("outside", f"outside your windows ({windows_summary(diary, day)})")
    return Fit("outside", f"outside your windows: {first_other.message}")


def _sessions_within(diary: Diary, day: date, earliest: time, latest: time) -> list[Booked]:
    """The officer's sessions that overlap the option's time range, earliest first."""
    opens, closes = at(day, earliest), at(day, latest)
    return sorted(
        (b for b in diary.sessions if b.starts < closes and opens < b.ends), key=lambda b: b.starts
    )


def _named(clashes: list[Booked]) -> str:
    """ "session at A 10:00–11:00" or "sessions at A 10:00–11:00 and B 13:00–14:00"."""
    ordered = sorted(clashes, key=lambda b: b.starts)
    if any(b.held for b in ordered):
        named = [b.what for b in ordered]
    else:
        named = [b.label for b in ordered]
        named[0] = ("sessions at " if len(named) > 1 else "session at ") + named[0]
    if len(named) == 1:
        return named[0]
    return f"{', '.join(named[:-1])} and {named[-1]}"


def _candidates(diary: Diary, day: date, earliest: time, school_id: int) -> list[time]:
    found = {earliest, *(s for s, _ in diary.windows_on(day.weekday()))}
    buffer = timedelta(minutes=diary.buffer_minutes)
    for booked in diary.sessions:
        if booked.ends.date() == day:
            gap = timedelta(0) if booked.school_id == school_id else buffer
            found.add((booked.ends + gap).time())
    return sorted(found)


def window_problem(hours: ServiceHours, new: Window, others: Iterable[Window]) -> RuleBroken | None:
    """A window lies on a weekday, inside the service hours, and overlaps none of the others."""
    if not 0 <= new.weekday <= 4:
        return RuleBroken("Choose a day from Monday to Friday", "weekday")
    if new.ends <= new.starts:
        return RuleBroken("The end of the window must be after its start", "ends")
    if not hours.contains(new.starts, new.ends):
        return RuleBroken(f"Windows must be within the service hours, {hours.label}", "starts")
    for other in others:
        if other.weekday == new.weekday and other.starts < new.ends and new.starts < other.ends:
            return RuleBroken(f"This window overlaps your window {other.label}", "starts")
    return None
