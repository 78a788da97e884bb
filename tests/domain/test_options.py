"""The bookable-options and topic-for-the-age-group rules (docs/rules.md) as truth tables: no
database, `today` and the settings are inputs."""

from __future__ import annotations

from datetime import date, time

import pytest

from booking.domain.calendar import ClosedDays, ServiceHours
from booking.domain.errors import RuleBroken
from booking.domain.options import (
    Option,
    OptionRules,
    OptionsRejected,
    check_topic,
    earliest_day,
    option_problems,
)

MONDAY_2_MARCH = date(2026, 3, 2)
RULES = OptionRules(ServiceHours(time(8), time(17)), min_notice_working_days=10, horizon_months=6)
NO_CLOSURES = ClosedDays()


def problems(day, start="09:00", finish="15:00", *, today=MONDAY_2_MARCH, length=60, closed=None):
    option = Option("first", day, time.fromisoformat(start), time.fromisoformat(finish))
    found = option_problems(
        [option], length_minutes=length, today=today, closed=closed or NO_CLOSURES, rules=RULES
    )
    return {p.field: p.message for p in found}


@pytest.mark.parametrize(
    "today,day,accepted,why",
    [
        # Minimum notice: 10 working days after Monday 2 March 2026 is Monday 16 March.
        (MONDAY_2_MARCH, date(2026, 3, 13), False, "at least 10 working days"),
        (MONDAY_2_MARCH, date(2026, 3, 16), True, ""),
        (MONDAY_2_MARCH, date(2026, 3, 2), False, "at least 10 working days"),
        (MONDAY_2_MARCH, date(2026, 2, 27), False, "at least 10 working days"),
        # A Friday: the weekend does not count, the next Monday is the first working day.
        (date(2026, 3, 6), date(2026, 3, 19), False, "the earliest date is Friday 20 March 2026"),
        (date(2026, 3, 6), date(2026, 3, 20), True, ""),
        # Good Friday and Easter Monday are not working days either.
        (date(2026, 3, 23), date(2026, 4, 7), False, "the earliest date is Wednesday 8 April"),
        (date(2026, 3, 23), date(2026, 4, 8), True, ""),
        # Weekends.
        (MONDAY_2_MARCH, date(2026, 3, 21), False, "must be a weekday"),
        (MONDAY_2_MARCH, date(2026, 3, 22), False, "must be a weekday"),
        # Bank holidays of England and Wales.
        (MONDAY_2_MARCH, date(2026, 4, 3), False, "a bank holiday (Good Friday)"),
        (MONDAY_2_MARCH, date(2026, 4, 6), False, "a bank holiday (Easter Monday)"),
        (MONDAY_2_MARCH, date(2026, 4, 7), True, ""),
        (MONDAY_2_MARCH, date(2026, 5, 4), False, "a bank holiday"),
        (MONDAY_2_MARCH, date(2026, 5, 25), False, "a bank holiday (Spring Bank Holiday)"),
        (MONDAY_2_MARCH, date(2026, 5, 26), True, ""),
        (date(2026, 11, 2), date(2026, 12, 25), False, "a bank holiday (Christmas Day)"),
        (date(2026, 11, 2), date(2026, 12, 28), False, "Boxing Day (observed)"),
        (date(2026, 11, 2), date(2026, 12, 24), True, ""),
        # Either side of the clocks going forward (29 March) and back (25 October).
        (MONDAY_2_MARCH, date(2026, 3, 27), True, ""),
        (MONDAY_2_MARCH, date(2026, 3, 30), True, ""),
        (date(2026, 9, 1), date(2026, 10, 23), True, ""),
        (date(2026, 9, 1), date(2026, 10, 26), True, ""),
        # The horizon: six months ahead, 2 September 2026, is the last day.
        (MONDAY_2_MARCH, date(2026, 9, 2), True, ""),
        (MONDAY_2_MARCH, date(2026, 9, 3), False, "the latest date is Wednesday 2 September 2026"),
    ],
)
def test_the_date_of_an_option(today, day, accepted, why):
    found = problems(day, today=today)
    if accepted:
        assert found == {}
    else:
        assert list(found) == ["first_day"]
        assert why in found["first_day"]


def test_a_closure_is_not_a_working_day_and_says_why():
    closed = ClosedDays.of([(date(2026, 3, 23), date(2026, 3, 24), "Force training day")])
    found = problems(date(2026, 3, 24), closed=closed)
    assert found == {
        "first_day": "First choice is a day with no talks (Force training day): choose another day"
    }


def test_a_closure_counts_against_the_notice():
    closed = ClosedDays.of([(date(2026, 3, 10), date(2026, 3, 10), "Training")])
    assert earliest_day(MONDAY_2_MARCH, closed, RULES) == date(2026, 3, 17)
    assert "the earliest date is Tuesday 17 March 2026" in problems(
        date(2026, 3, 16), closed=closed
    ).get("first_day", "")


@pytest.mark.parametrize(
    "start,finish,length,fields,why",
    [
        ("08:00", "17:00", 90, set(), ""),
        ("08:00", "09:00", 60, set(), ""),
        ("16:00", "17:00", 60, set(), ""),
        ("07:59", "12:00", 60, {"first_start"}, "Earliest start must be between 08:00 and 17:00"),
        ("17:00", "17:00", 30, {"first_start", "first_finish"}, "must be"),
        ("09:00", "17:01", 60, {"first_finish"}, "Latest finish must be between"),
        ("09:00", "08:00", 60, {"first_finish"}, "Latest finish must be between"),
        ("12:00", "11:00", 30, {"first_finish"}, "Latest finish must be after the earliest start"),
        ("12:00", "12:00", 30, {"first_finish"}, "Latest finish must be after the earliest start"),
        ("09:00", "09:59", 60, {"first_finish"}, "at least 60 minutes after the earliest start"),
        ("09:00", "10:00", 60, set(), ""),
        ("09:00", "10:00", 90, {"first_finish"}, "at least 90 minutes"),
        ("16:15", "17:00", 45, set(), ""),
        ("16:30", "17:00", 45, {"first_finish"}, "at least 45 minutes"),
        ("07:00", "18:00", 60, {"first_start", "first_finish"}, "between"),
    ],
)
def test_the_times_of_an_option(start, finish, length, fields, why):
    found = problems(date(2026, 3, 17), start, finish, length=length)
    assert set(found) == fields
    assert all(why in message for message in found.values())


def test_the_service_hours_come_from_the_settings():
    rules = OptionRules(ServiceHours(time(9), time(15)), 10, 6)
    option = Option("second", date(2026, 3, 17), time(8, 30), time(15, 30))
    found = option_problems(
        [option], length_minutes=60, today=MONDAY_2_MARCH, closed=NO_CLOSURES, rules=rules
    )
    assert {p.field: p.message for p in found} == {
        "second_start": "Earliest start must be between 09:00 and 15:00, when officers give talks",
        "second_finish": "Latest finish must be between 09:00 and 15:00, when officers give talks",
    }


def _option(choice, day, start="09:00", finish="12:00"):
    return Option(choice, day, time.fromisoformat(start), time.fromisoformat(finish))


@pytest.mark.parametrize(
    "options,fields",
    [
        ([_option("first", date(2026, 3, 17)), _option("second", date(2026, 3, 18))], set()),
        (
            [_option("first", date(2026, 3, 17)), _option("second", date(2026, 3, 17))],
            {"second_day"},
        ),
        (
            [
                _option("first", date(2026, 3, 17)),
                _option("second", date(2026, 3, 17), "13:00", "16:00"),
            ],
            set(),
        ),
        (
            [
                _option("first", date(2026, 3, 17)),
                _option("second", date(2026, 3, 18)),
                _option("third", date(2026, 3, 17)),
            ],
            {"third_day"},
        ),
    ],
)
def test_two_choices_may_not_be_the_same(options, fields):
    found = option_problems(
        options, length_minutes=60, today=MONDAY_2_MARCH, closed=NO_CLOSURES, rules=RULES
    )
    assert {p.field for p in found} == fields
    assert all("is the same as your first choice" in p.message for p in found)


def check_options(options, *, length_minutes, today, closed, rules) -> None:
    """What the request service does with the problems: one OptionsRejected for them all."""
    problems = option_problems(
        options, length_minutes=length_minutes, today=today, closed=closed, rules=rules
    )
    if problems:
        raise OptionsRejected(problems)


def test_every_broken_rule_is_reported_on_its_own_field():
    options = [
        _option("first", date(2026, 3, 7)),
        _option("second", date(2026, 3, 17), "07:00", "17:30"),
        _option("third", date(2026, 3, 18)),
    ]
    with pytest.raises(OptionsRejected) as caught:
        check_options(
            options, length_minutes=60, today=MONDAY_2_MARCH, closed=NO_CLOSURES, rules=RULES
        )
    assert [p.field for p in caught.value.problems] == [
        "first_day",
        "second_start",
        "second_finish",
    ]
    assert caught.value.field == "first_day"


def test_no_options_asks_for_the_first_choice():
    found = option_problems(
        [], length_minutes=60, today=MONDAY_2_MARCH, closed=NO_CLOSURES, rules=RULES
    )
    assert [(p.field, p.message) for p in found] == [
        ("first_day", "Enter the date of your first choice")
    ]


@pytest.mark.parametrize(
    "active,suits,message",
    [
        (True, True, None),
        (True, False, "Drugs is not offered to primary (4 to 11) classes"),
        (False, True, "Drugs is no longer offered: choose another topic"),
        (False, False, "Drugs is no longer offered: choose another topic"),
    ],
)
def test_a_topic_is_offered_to_the_age_groups_it_suits(active, suits, message):
    if message is None:
        check_topic("Drugs", active, suits, "Primary (4 to 11)")
        return
    with pytest.raises(RuleBroken) as caught:
        check_topic("Drugs", active, suits, "Primary (4 to 11)")
    assert caught.value.field == "topic"
    assert message in caught.value.message
