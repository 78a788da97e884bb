"""A demo teacher requests a talk, finds it in Your requests and cancels it, in headless
chromium, with no axe violations on any page visited; and the form works by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from booking import demo
from tests.browser.conftest import assert_no_axe_violations, sign_in_as
from tests.browser.teacher_form import choose_primary_topic, fill_first_choice, first_talk_day

pytestmark = pytest.mark.browser

TEACHER = demo.TEACHERS[0][1]  # Jo Evans, Oakfield Primary School


@pytest.fixture
def talk_day(live_app):
    """The first day the rules accept, counted from the live server's today."""
    return first_talk_day(live_app)


def test_request_a_talk_see_it_and_cancel_it(page, talk_day):
    sign_in_as(page, TEACHER)
    expect(page.locator("h1")).to_have_text("Your requests")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Request a talk").first.click()
    expect(page.locator("h1")).to_have_text("Request a talk")
    assert_no_axe_violations(page)

    choose_primary_topic(page)
    page.get_by_label("Primary (4 to 11)").check()
    page.get_by_label("Year group or class").fill("Year 6")
    page.get_by_label("Number of pupils").fill("28")
    page.get_by_label("60 minutes").check()
    saturday = talk_day + timedelta(days=(5 - talk_day.weekday()) % 7 or 7)
    fill_first_choice(page, saturday)
    page.get_by_label("Notes for the officer").fill("The hall has a projector.")
    page.get_by_role("button", name="Send request").click()

    # A broken rule: the message is in the summary and next to the date.
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("First choice must be a weekday, Monday to Friday")
    expect(page.locator("#first_day-error")).to_contain_text("must be a weekday")
    assert_no_axe_violations(page)

    fill_first_choice(page, talk_day)
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("h1")).to_have_text("Request sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("SLO-")
    expect(page.get_by_text("What happens next")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Your requests").first.click()
    row = page.locator("tbody tr", has_text=reference)
    expect(row).to_contain_text("Requested")
    expect(row).to_contain_text("Not yet assigned")
    row.get_by_role("link", name=reference).click()
    expect(page.locator("h1")).to_have_text(f"Request {reference}")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Cancel request").click()
    expect(page.locator("h1")).to_have_text("Cancel this request")
    assert_no_axe_violations(page)
    page.get_by_label("Why are you cancelling?").fill("The class trip moved to that day.")
    page.get_by_role("button", name="Cancel request").click()

    expect(page.locator("h1")).to_have_text(f"Request {reference}")
    expect(page.get_by_text(f"Request {reference} has been cancelled.")).to_be_visible()
    expect(page.locator("table")).to_contain_text("The class trip moved to that day.")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Your requests").first.click()
    expect(page.locator("tbody tr", has_text=reference)).to_contain_text("Cancelled")


def test_the_request_form_with_the_keyboard_alone(page, talk_day):
    sign_in_as(page, TEACHER)
    page.goto("/teacher/requests/new")
    answers = {
        "year_group": "Year 5",
        "pupils": "30",
        "first_day-day": str(talk_day.day),
        "first_day-month": str(talk_day.month),
        "first_day-year": str(talk_day.year),
        "first_start": "13:00",
        "first_finish": "15:00",
    }
    done: set[str] = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if focused in done:
            continue
        if focused == "topic":
            while "primary" not in page.evaluate("document.activeElement.selectedOptions[0].text"):
                page.keyboard.press("ArrowDown")
        elif focused in ("age_group", "length_minutes"):
            page.keyboard.press("Space")  # the first radio: Primary, 30 minutes
        elif focused in answers:
            page.keyboard.type(answers[focused])
        elif focused == "submit":
            page.keyboard.press("Enter")
            break
        done.add(focused)
    expect(page.locator("h1")).to_have_text("Request sent")
    assert {"topic", "age_group", "length_minutes", *answers} <= done


def test_one_click_accepts_a_proposed_time(page):
    """The demo teacher's request with a proposed time: one press of Accept confirms it."""
    sign_in_as(page, TEACHER)
    row = page.locator("tbody tr", has_text="Proposed by").first
    expect(row).to_be_visible()
    row.get_by_role("link").first.click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Proposed by PC")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Accept proposed time").first.click()
    expect(page.get_by_text("The talk is confirmed for")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Confirmed")
    assert_no_axe_violations(page)
