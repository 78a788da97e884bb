"""Filling in the teacher's "Request a talk" form, as the journeys here do."""

from __future__ import annotations

from datetime import date

from booking import clock
from booking.domain.options import earliest_day, latest_day
from booking.services.request_talk import closed_days, option_rules


def first_talk_day(app) -> date:
    """The first day the rules accept, counted from the live server's today."""
    with app.test_request_context():
        today = clock.today()
        rules = option_rules()
        return earliest_day(today, closed_days(today, latest_day(today, rules)), rules)


def choose_primary_topic(page) -> None:
    options = page.locator("#topic option").all_text_contents()
    page.get_by_label("Topic").select_option(
        label=next(o for o in options if "primary" in o and "Internet" in o)
    )


def fill_first_choice(page, day: date) -> None:
    choice = page.get_by_role("group", name="First choice")
    choice.get_by_label("Day").fill(str(day.day))
    choice.get_by_label("Month").fill(str(day.month))
    choice.get_by_label("Year").fill(str(day.year))
    choice.get_by_label("Earliest start").fill("09:00")
    choice.get_by_label("Latest finish").fill("12:00")
