"""The teacher's preferred options and the topic they ask for: the bookable-options and
topic-for-the-age-group rules (docs/rules.md).

An option is a date with an earliest start and a latest finish. Officers can only confirm a
session inside it, so an option that breaks the calendar or the service hours, or that cannot
hold the session at all, is refused when the teacher sends it rather than weeks later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from booking.domain.calendar import ClosedDays, ServiceHours, add_months, day_label
from booking.domain.errors import RuleBroken, RulesBroken

CHOICES = ("first", "second", "third")


@dataclass(frozen=True)
class OptionRules:
    """The settings the bookable-options rule depends on (from configuration)."""

    hours: ServiceHours = ServiceHours()
    min_notice_working_days: int = 10
    horizon_months: int = 6


@dataclass(frozen=True)
class Option:
    """One preferred option as the teacher gave it. `choice` is "first", "second" or "third"."""

    choice: str
    day: date
    earliest_start: time
    latest_finish: time

    def field(self, part: str) -> str:
        """The form field a problem with `part` ("day", "start", "finish") belongs on."""
        return f"{self.choice}_{part}"

    @property
    def name(self) -> str:
        return f"{self.choice} choice"


class OptionsRejected(RulesBroken):
    """One or more options break the rules; `problems` holds each, with its field."""


def earliest_day(today: date, closed: ClosedDays, rules: OptionRules) -> date:
    """The first day a talk can be asked for: the minimum notice, counted in working days."""
    return closed.add_working_days(today, rules.min_notice_working_days)


def latest_day(today: date, rules: OptionRules) -> date:
    return add_months(today, rules.horizon_months)


def day_problem(
    option: Option, today: date, closed: ClosedDays, rules: OptionRules
) -> RuleBroken | None:
    """What is wrong with the option's date, if anything."""
    return date_problem(
        option.day, option.name.capitalize(), option.field("day"), today, closed, rules
    )


def date_problem(
    day: date, label: str, field: str, today: date, closed: ClosedDays, rules: OptionRules
) -> RuleBroken | None:
    """The date rules every date a talk may take place on obeys: the teacher's options and
    the times officers propose alike. `label` names the date in the message ("First choice")."""
    why = closed.why_closed(day)
    if why == "a weekend":
        return RuleBroken(f"{label} must be a weekday, Monday to Friday", field)
    if why:
        return RuleBroken(f"{label} is {why}: choose another day", field)
    first = earliest_day(today, closed, rules)
    if day < first:
        return RuleBroken(
            f"{label} must be at least {rules.min_notice_working_days} working days from "
            f"today: the earliest date is {day_label(first)}",
            field,
        )
    last = latest_day(today, rules)
    if day > last:
        return RuleBroken(
            f"{label} must be within {rules.horizon_months} months: the latest date is "
            f"{day_label(last)}",
            field,
        )
    return None


def _minutes_between(start: time, finish: time) -> int:
    anchor = date(2000, 1, 3)
    delta: timedelta = datetime.combine(anchor, finish) - datetime.combine(anchor, start)
    return int(delta.total_seconds() // 60)


def time_problems(option: Option, length_minutes: int, hours: ServiceHours) -> list[RuleBroken]:
    """What is wrong with the option's times: outside the service hours, or too short."""
    problems = []
    between = f"between {hours.opens:%H:%M} and {hours.closes:%H:%M}"
    if option.earliest_start < hours.opens or option.earliest_start >= hours.closes:
        problems.append(
            RuleBroken(
                f"Earliest start must be {between}, when officers give talks",
                option.field("start"),
            )
        )
    finish_field = option.field("finish")
    if option.latest_finish > hours.closes or option.latest_finish <= hours.opens:
        problems.append(
            RuleBroken(
                f"Latest finish must be {between}, when officers give talks",
                finish_field,
            )
        )
    elif option.latest_finish <= option.earliest_start:
        problems.append(RuleBroken("Latest finish must be after the earliest start", finish_field))
    elif _minutes_between(option.earliest_start, option.latest_finish) < length_minutes:
        problems.append(
            RuleBroken(
                f"Latest finish must be at least {length_minutes} minutes after the earliest "
                "start, to fit the session, or choose a shorter session",
                finish_field,
            )
        )
    return problems


def duplicate_problems(options: Sequence[Option]) -> list[RuleBroken]:
    """Two choices with the same date and times give the officer nothing more to choose from."""
    problems = []
    seen: dict[tuple[date, time, time], Option] = {}
    for option in options:
        key = (option.day, option.earliest_start, option.latest_finish)
        if key in seen:
            problems.append(
                RuleBroken(
                    f"{option.name.capitalize()} is the same as your {seen[key].name}: "
                    "change it or leave it empty",
                    option.field("day"),
                )
            )
        else:
            seen[key] = option
    return problems


def option_problems(
    options: Sequence[Option],
    *,
    length_minutes: int,
    today: date,
    closed: ClosedDays,
    rules: OptionRules,
) -> list[RuleBroken]:
    """Every broken rule among the options, at most one per field."""
    if not options:
        return [RuleBroken("Enter the date of your first choice", "first_day")]
    problems: list[RuleBroken] = []
    for option in options:
        problem = day_problem(option, today, closed, rules)
        if problem:
            problems.append(problem)
        problems += time_problems(option, length_minutes, rules.hours)
    taken = {p.field for p in problems}
    problems += [p for p in duplicate_problems(options) if p.field not in taken]
    return problems


def check_topic(topic_name: str, active: bool, suits: bool, age_group_label: str) -> None:
    """Topic for the age group: a topic is offered only to the age groups it suits, and a
    retired topic to none."""
    if not active:
        raise RuleBroken(f"{topic_name} is no longer offered: choose another topic", "topic")
    if not suits:
        raise RuleBroken(
            f"{topic_name} is not offered to {age_group_label.lower()} classes: choose another "
            "topic or age group",
            "topic",
        )
