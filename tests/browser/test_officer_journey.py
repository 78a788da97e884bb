"""A demo officer sets a window, confirms a request that fits, and finds the session in the
week calendar and in the .ics feed; every page on the way has 0 axe violations."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, sign_in_as

pytestmark = pytest.mark.browser

OFFICER = "priya.shah@example.police.uk"  # demo windows on Monday, Wednesday and Thursday


def add_window(page, day: str, start: str, end: str) -> None:
    page.get_by_role("combobox", name="Day").select_option(label=day)
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Add window").click()
    expect(page.get_by_text(f"Window added: {day} {start}–{end}")).to_be_visible()


def test_officer_sets_a_window_confirms_a_request_and_sees_it_in_the_calendar(page):
    sign_in_as(page, OFFICER)

    page.get_by_role("link", name="Your availability").click()
    expect(page.locator("h1")).to_have_text("Your availability")
    assert_no_axe_violations(page)
    add_window(page, "Tuesday", "09:00", "15:00")
    add_window(page, "Friday", "09:00", "15:00")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Requests", exact=True).click()
    expect(page.locator("h1")).to_have_text("Requests")
    assert_no_axe_violations(page)
    row = page.locator("tbody tr").filter(has_text="fits, from").first
    reference = row.locator("a").first.inner_text()
    row.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(f"Request {reference}")
    assert_no_axe_violations(page)

    option = page.get_by_label(re.compile(r"fits, from \d\d:\d\d")).first
    label = page.locator(f"label[for='{option.get_attribute('id')}']").inner_text()
    start = re.search(r"fits, from (\d\d:\d\d)", label).group(1)
    day = datetime.strptime(label.split(",")[0], "%A %d %B %Y").date()
    option.check()
    page.get_by_label("Start time", exact=True).fill(start)
    page.get_by_role("button", name="Confirm session").click()
    expect(page.get_by_text(f"{reference} confirmed: it is in your calendar")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Your calendar").click()
    expect(page.locator("h1")).to_have_text("Your calendar")  # loaded before axe reads it
    assert_no_axe_violations(page)
    page.get_by_label("Day", exact=True).fill(str(day.day))
    page.get_by_label("Month", exact=True).fill(str(day.month))
    page.get_by_label("Year", exact=True).fill(str(day.year))
    page.get_by_role("button", name="Show week").click()
    session = page.get_by_role("link", name=re.compile(rf"^{start}–"))
    expect(session).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Upcoming sessions as a list").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    page.get_by_role("button", name="Create a subscription link").click()
    expect(page.get_by_text("Subscription link created")).to_be_visible()
    assert_no_axe_violations(page)
    feed_url = page.get_by_role("link", name=re.compile(r"calendar-feed.+[.]ics$")).inner_text()
    feed = page.context.request.get(feed_url)
    assert feed.ok
    assert f"Reference {reference}" in feed.text().replace("\r\n ", "")
    assert "TZID=Europe/London" in feed.text()
