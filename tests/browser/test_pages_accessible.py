"""Public pages and a signed-in page pass axe-core with zero violations; sign-in works by
keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from booking import demo
from tests.browser.conftest import assert_no_axe_violations, sign_in_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sign-in",
        "/create-account",
        "/reset-password",
        "/accessibility",
        "/privacy",
        "/topics/internet-safety",
    ],
)
def test_public_page_has_no_axe_violations(page, path):
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)


def test_home_lists_the_ten_topics_and_the_contact_numbers(page):
    page.goto("/")
    expect(page.locator("table").first.locator("tbody tr")).to_have_count(10)
    expect(page.get_by_text("01606 364565 / 101 / 999 in an emergency")).to_be_visible()


@pytest.mark.parametrize(
    "email,heading",
    [
        (demo.TEACHERS[0][1], "Your requests"),
        (demo.OFFICERS[0][1], "Requests"),
        (demo.COORDINATOR[1], "All requests"),
        (demo.PENDING_TEACHER[1], "Your account is waiting for approval"),
    ],
)
def test_each_demo_role_signs_in_to_an_accessible_page(page, email, heading):
    sign_in_as(page, email)
    expect(page.locator("h1")).to_have_text(heading)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in")


def test_failed_sign_in_shows_the_error_summary_accessibly(page):
    sign_in_as(page, demo.TEACHERS[0][1], "not-the-password")
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)


def test_sign_in_with_the_keyboard_alone(page):
    page.goto("/sign-in")
    # Tab from the top of the page to the e-mail field, as a keyboard user would.
    page.keyboard.press("Tab")
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "email":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(demo.TEACHERS[0][1])
    page.keyboard.press("Tab")
    page.keyboard.type(demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Your requests")
