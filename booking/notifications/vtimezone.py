"""The VTIMEZONE block of a calendar file, written as yearly rules.

Calendar programs differ in how well they read a time zone given as long lists of dates
(comma-separated RDATE values): some place winter sessions an hour early. Every program reads
yearly rules ("the last Sunday of March at 01:00") the same way, so the zone's current rules
are written like that, starting in the first year they held. A zone whose changes follow no
such rule gets one RDATE line per change instead.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# The rules are checked against the zone's own data from FIRST_YEAR to LAST_YEAR.
FIRST_YEAR = 1970
LAST_YEAR = 2037
DAY_NAMES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One change of offset: the wall-clock time it happens at (in the offset before it)."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta

    @property
    def daylight(self) -> bool:
        return self.offset_to > self.offset_from


@dataclass(frozen=True)
class YearlyRule:
    month: int
    weekday: int  # 0 = Monday
    week: int  # 1..4, or -1 for the last one in the month
    at: tuple[int, int]  # hour, minute (wall clock before the change)

    @classmethod
    def of(cls, change: Change) -> YearlyRule:
        day = change.local.day
        days_in_month = calendar.monthrange(change.local.year, change.local.month)[1]
        week = -1 if day + 7 > days_in_month else (day - 1) // 7 + 1
        return cls(change.local.month, change.local.weekday(), week, _clock(change.local))

    def day_in(self, year: int) -> date:
        days_in_month = calendar.monthrange(year, self.month)[1]
        if self.week == -1:
            last = date(year, self.month, days_in_month)
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, self.month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (self.week - 1))

    def rrule(self) -> dict:
        return {
            "freq": "yearly",
            "bymonth": self.month,
            "byday": f"{self.week}{DAY_NAMES[self.weekday]}",
        }


def _clock(moment: datetime) -> tuple[int, int]:
    return moment.hour, moment.minute


def _offset(zone: ZoneInfo, timestamp: int) -> timedelta | None:
    return datetime.fromtimestamp(timestamp, UTC).astimezone(zone).utcoffset()


def changes_in(zone: ZoneInfo, year: int) -> list[Change]:
    """The zone's changes of offset in `year`, found day by day and then to the minute."""
    found = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(hours=12 * step) for step in range(2 * 367)]
    moments = [m for m in moments if m.year == year] + [datetime(year + 1, 1, 1, tzinfo=UTC)]
    for before, after in zip(moments, moments[1:], strict=False):
        offset_before, offset_after = (
            before.astimezone(zone).utcoffset(),
            after.astimezone(zone).utcoffset(),
        )
        if offset_before == offset_after:
            continue
        low, high = int(before.timestamp()), int(after.timestamp())
        while high - low > 1:
            middle = (low + high) // 2
            if _offset(zone, middle) == offset_before:
                low = middle
            else:
                high = middle
        changed = datetime.fromtimestamp(high, UTC)
        local = (changed + offset_before).replace(tzinfo=None)
        found.append(Change(local, offset_before, offset_after))
    return found


def _rule_holds(zone: ZoneInfo, rules: dict[bool, YearlyRule], year: int) -> bool:
    changes = changes_in(zone, year)
    if len(changes) != len(rules):
        return False
    for change in changes:
        rule = rules.get(change.daylight)
        if (
            rule is None
            or rule != YearlyRule.of(change)
            or rule.day_in(year) != change.local.date()
        ):
            return False
    return True


def _observance(kind, local: datetime, offset_from: timedelta, offset_to: timedelta, name: str):
    part = kind()
    part.add("dtstart", local)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    part.add("tzname", name)
    return part


def _names(zone: ZoneInfo, moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).astimezone(zone).tzname() or ""


def _with_rules(zone: ZoneInfo, tzid: str, reference_year: int) -> Timezone | None:
    changes = changes_in(zone, reference_year)
    if len(changes) != 2 or changes[0].daylight == changes[1].daylight:
        return None
    rules = {change.daylight: YearlyRule.of(change) for change in changes}
    if not all(_rule_holds(zone, rules, year) for year in range(reference_year, LAST_YEAR + 1)):
        return None
    first = reference_year
    while first > FIRST_YEAR and _rule_holds(zone, rules, first - 1):
        first -= 1
    timezone = Timezone()
    timezone.add("tzid", tzid)
    for change in changes_in(zone, first):
        kind = TimezoneDaylight if change.daylight else TimezoneStandard
        name = _names(zone, change.local - change.offset_from + timedelta(hours=1))
        part = _observance(kind, change.local, change.offset_from, change.offset_to, name)
        part.add("rrule", rules[change.daylight].rrule())
        timezone.add_component(part)
    return timezone


def _with_dates(zone: ZoneInfo, tzid: str) -> Timezone:
    """One observance per kind of change, each change on an RDATE line of its own."""
    timezone = Timezone()
    timezone.add("tzid", tzid)
    changes = [c for year in range(FIRST_YEAR, LAST_YEAR + 1) for c in changes_in(zone, year)]
    if not changes:
        offset = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset()
        name = _names(zone, datetime(FIRST_YEAR, 1, 1))
        timezone.add_component(
            _observance(TimezoneStandard, datetime(FIRST_YEAR, 1, 1), offset, offset, name)
        )
        return timezone
    groups: dict[tuple, list[Change]] = {}
    for change in changes:
        groups.setdefault((change.daylight, change.offset_from, change.offset_to), []).append(
            change
        )
    for (daylight, offset_from, offset_to), group in groups.items():
        kind = TimezoneDaylight if daylight else TimezoneStandard
        name = _names(zone, group[0].local - offset_from + timedelta(hours=1))
        part = _observance(kind, group[0].local, offset_from, offset_to, name)
        for change in group[1:]:
            part.add("rdate", change.local)
        timezone.add_component(part)
    return timezone


@lru_cache(maxsize=8)
def vtimezone(tzid: str, reference_year: int) -> Timezone:
    """The VTIMEZONE for `tzid` with the rules in force in `reference_year` (built once per
    zone and year: a few milliseconds of work, and only read afterwards)."""
    zone = ZoneInfo(tzid)
    return _with_rules(zone, tzid, reference_year) or _with_dates(zone, tzid)
