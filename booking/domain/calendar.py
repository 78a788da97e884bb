"""Days and hours: weekdays, bank holidays, closures, working days and service hours.

Bank holidays of England and Wales come from the `holidays` package, so nobody keeps a list
by hand. Everything here takes the dates it needs as arguments; nothing reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays_for(year: int) -> dict[date, str]:
    # England and Wales share their bank holidays; subdivision "ENG" gives exactly those.
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holiday_name(day: date) -> str | None:
    return _bank_holidays_for(day.year).get(day)


def bank_holidays_between(first: date, last: date) -> list[tuple[date, str]]:
    found = []
    for year in range(first.year, last.year + 1):
        found += [(d, n) for d, n in _bank_holidays_for(year).items() if first <= d <= last]
    return sorted(found)


def day_label(day: date) -> str:
    """A date as people write it in letters: "Monday 23 March 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


@dataclass(frozen=True)
class ClosedDays:
    """Force-wide closures (first and last day included), on top of weekends and bank holidays."""

    ranges: tuple[tuple[date, date, str], ...] = ()

    @classmethod
    def of(cls, ranges: Iterable[tuple[date, date, str]]) -> ClosedDays:
        return cls(tuple(ranges))

    def closure_reason(self, day: date) -> str | None:
        for first, last, reason in self.ranges:
            if first <= day <= last:
                return reason
        return None

    def why_closed(self, day: date) -> str | None:
        """Why no talks can happen on `day`, or None when it is a working day."""
        if not is_weekday(day):
            return "a weekend"
        holiday = bank_holiday_name(day)
        if holiday:
            return f"a bank holiday ({holiday})"
        reason = self.closure_reason(day)
        if reason:
            return f"a day with no talks ({reason})"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.why_closed(day) is None

    def add_working_days(self, start: date, count: int) -> date:
        """The working day `count` working days after `start` (not counting `start`)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day


@dataclass(frozen=True)
class ServiceHours:
    """When talks can happen: Monday to Friday between `opens` and `closes`."""

    opens: time = time(8, 0)
    closes: time = time(17, 0)

    @classmethod
    def parse(cls, opens: str, closes: str) -> ServiceHours:
        return cls(parse_clock(opens), parse_clock(closes))

    def contains(self, start: time, end: time) -> bool:
        return self.opens <= start and end <= self.closes and start < end

    @property
    def label(self) -> str:
        return f"{self.opens:%H:%M} to {self.closes:%H:%M}"


def parse_clock(text: str) -> time:
    """A 24-hour HH:MM time. Raises ValueError with a message a person can act on."""
    cleaned = text.strip().replace(".", ":")
    try:
        hours, minutes = cleaned.split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError("Enter a time in the 24-hour clock, like 09:30 or 14:00") from None


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def busy_span(starts: datetime, ends: datetime, buffer_minutes: int) -> tuple[datetime, datetime]:
    """The time a session blocks for sessions at other schools: half the travel buffer each
    side, so two sessions at different schools end up at least the whole buffer apart."""
    half = timedelta(minutes=buffer_minutes / 2)
    return starts - half, ends + half
