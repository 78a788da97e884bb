"""Truth tables for the bookable-time and no-double-booking rules (docs/rules.md): when a
session fits an officer's diary."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from booking.domain.availability import (
    Away,
    Booked,
    Diary,
    Window,
    check_within_option,
    option_fit,
    session_problem,
    window_problem,
)
from booking.domain.calendar import ClosedDays, ServiceHours
from booking.domain.errors import RuleBroken

NOW = datetime(2026, 3, 2, 9, 0)
MONDAY = date(2026, 3, 23)
OAKFIELD, HOOLE = 1, 2
ALL_DAY = tuple(Window(d, time(8), time(17)) for d in range(5))
SESSION = Booked(
    "SLO-AAAAAA", OAKFIELD, "Oakfield Primary", datetime(2026, 3, 23, 10), datetime(2026, 3, 23, 11)
)


def diary(**overrides) -> Diary:
    values = dict(windows=ALL_DAY, sessions=(SESSION,), buffer_minutes=30)
    values.update(overrides)
    return Diary(**values)


def t(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm)


@pytest.mark.parametrize(
    ("label", "starts", "ends", "school", "expected"),
    [
        ("[09:00,10:00) same school, back to back", t(MONDAY, 9), t(MONDAY, 10), OAKFIELD, None),
        ("[11:00,12:00) same school, back to back", t(MONDAY, 11), t(MONDAY, 12), OAKFIELD, None),
        ("09:59-10:30 overlaps", t(MONDAY, 9, 59), t(MONDAY, 10, 30), OAKFIELD, "no longer free"),
        ("09:00-10:00 other school, no buffer", t(MONDAY, 9), t(MONDAY, 10), HOOLE, "too close"),
        ("11:00-12:00 other school, 0 min gap", t(MONDAY, 11), t(MONDAY, 12), HOOLE, "too close"),
        (
            "11:29-12:00 other school, 29 min gap",
            t(MONDAY, 11, 29),
            t(MONDAY, 12),
            HOOLE,
            "too close",
        ),
        ("11:30-12:30 other school, 30 min gap", t(MONDAY, 11, 30), t(MONDAY, 12, 30), HOOLE, None),
        ("08:30-09:30 other school, 30 min gap", t(MONDAY, 8, 30), t(MONDAY, 9, 30), HOOLE, None),
        ("07:59 start", t(MONDAY, 7, 59), t(MONDAY, 8, 59), OAKFIELD, "from 08:00 to 17:00"),
        ("17:01 end", t(MONDAY, 16, 1), t(MONDAY, 17, 1), OAKFIELD, "from 08:00 to 17:00"),
        ("16:00-17:00 fits", t(MONDAY, 16), t(MONDAY, 17), OAKFIELD, None),
        ("Saturday", t(date(2026, 3, 28), 10), t(date(2026, 3, 28), 11), OAKFIELD, "a weekend"),
        (
            "Good Friday",
            t(date(2026, 4, 3), 10),
            t(date(2026, 4, 3), 11),
            OAKFIELD,
            "bank holiday (Good Friday)",
        ),
        ("in the past", t(date(2026, 3, 2), 8), t(date(2026, 3, 2), 9), OAKFIELD, "in the future"),
    ],
)
def test_session_rules(label, starts, ends, school, expected):
    problem = session_problem(diary(), starts, ends, school, now=NOW)
    if expected is None:
        assert problem is None, f"{label}: {problem.message}"
    else:
        assert problem is not None and expected in problem.message, label


def test_overlap_message_names_the_school_and_times():
    problem = session_problem(diary(), t(MONDAY, 10, 30), t(MONDAY, 11, 30), OAKFIELD, now=NOW)
    assert problem.message == (
        "This time is no longer free: you have a session at Oakfield Primary 10:00–11:00"
    )


@pytest.mark.parametrize(
    ("windows", "time_off", "closed", "expected"),
    [
        ((Window(0, time(9), time(12)),), (), (), None),
        ((Window(0, time(9), time(10)), Window(0, time(10), time(12))), (), (), None),
        ((Window(1, time(9), time(12)),), (), (), "outside your availability windows"),
        ((Window(0, time(13), time(16)),), (), (), "(Monday: 13:00–16:00)"),
        (
            ALL_DAY,
            (Away(MONDAY, MONDAY, "Court"),),
            (),
            "You are away on Monday 23 March 2026 (Court)",
        ),
        (
            ALL_DAY,
            (),
            ((MONDAY, MONDAY, "Staff training"),),
            "a day with no talks (Staff training)",
        ),
    ],
)
def test_windows_time_off_and_closures(windows, time_off, closed, expected):
    d = diary(windows=windows, time_off=time_off, closed=ClosedDays.of(closed), sessions=())
    problem = session_problem(d, t(MONDAY, 10), t(MONDAY, 11), OAKFIELD, now=NOW)
    assert (problem.message if problem else None) == expected or expected in problem.message


@pytest.mark.parametrize(
    ("earliest", "latest", "school", "kind", "label"),
    [
        (time(9), time(15), OAKFIELD, "fits", "fits, from 09:00"),
        (time(9, 30), time(12), OAKFIELD, "fits", "fits, from 11:00"),
        (
            time(9, 30),
            time(11, 30),
            HOOLE,
            "clashes",
            "clashes with your session at Oakfield Primary 10:00–11:00",
        ),
        (time(11), time(13), HOOLE, "fits", "fits, from 11:30"),
    ],
)
def test_option_fit(earliest, latest, school, kind, label):
    fit = option_fit(diary(), MONDAY, earliest, latest, 60, school, now=NOW)
    assert (fit.kind, fit.label) == (kind, label)


def test_option_fit_names_every_clash_not_only_the_first():
    later = Booked(
        "SLO-BBBBBB", HOOLE, "Hoole Park", datetime(2026, 3, 23, 11, 30), datetime(2026, 3, 23, 12)
    )
    fit = option_fit(
        diary(sessions=(later, SESSION)), MONDAY, time(9, 30), time(12), 60, OAKFIELD, now=NOW
    )
    assert (fit.kind, fit.label) == (
        "clashes",
        "clashes with your sessions at Oakfield Primary 10:00–11:00 and Hoole Park 11:30–12:00",
    )


def test_option_outside_the_windows():
    d = diary(windows=(Window(1, time(9), time(12)),))
    fit = option_fit(d, MONDAY, time(9), time(15), 60, OAKFIELD, now=NOW)
    assert fit.kind == "outside"
    assert fit.label.startswith("outside your windows")


@pytest.mark.parametrize(
    ("start", "ok"),
    [(time(9), True), (time(14), True), (time(8, 59), False), (time(14, 1), False)],
)
def test_start_within_the_teachers_option(start, ok):
    if ok:
        check_within_option(start, 60, time(9), time(15), "start_time")
    else:
        with pytest.raises(RuleBroken, match="Start between 09:00 and 14:00"):
            check_within_option(start, 60, time(9), time(15), "start_time")


HOURS = ServiceHours()
TUESDAY_MORNING = Window(1, time(9), time(12, 30))


@pytest.mark.parametrize(
    ("new", "field", "message"),
    [
        (Window(1, time(13), time(15)), None, None),
        (Window(2, time(9), time(12)), None, None),
        (Window(1, time(12, 30), time(15)), None, None),
        (Window(1, time(12), time(15)), "starts", "overlaps your window Tuesday 09:00–12:30"),
        (Window(1, time(7, 30), time(9)), "starts", "within the service hours"),
        (Window(1, time(16), time(17, 30)), "starts", "within the service hours"),
        (Window(1, time(15), time(14)), "ends", "after its start"),
        (Window(5, time(9), time(12)), "weekday", "Monday to Friday"),
    ],
)
def test_window_rules(new, field, message):
    problem = window_problem(HOURS, new, [TUESDAY_MORNING])
    if message is None:
        assert problem is None
    else:
        assert problem.field == field and message in problem.message
