"""Every role's main pages on phones, 320 and 390 pixels wide: nothing makes the page scroll
sideways (wide tables scroll inside their own region), and the page does not jump as it loads
(the layout shift of the first second, as Lighthouse measures it, stays at 0.05 or below)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from booking import demo
from tests.browser.conftest import sign_in_as

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)
MAX_LAYOUT_SHIFT = 0.05
SCRIPT_DELAY_SECONDS = 0.4
PAGES = {
    None: ["/", "/sign-in", "/create-account", "/accessibility", "/topics/internet-safety"],
    demo.TEACHERS[0][1]: ["/teacher/requests", "/teacher/requests/new", "first request"],
    demo.OFFICERS[0][1]: [
        "/officer/requests",
        "first request",
        "/officer/calendar",
        "/officer/calendar/upcoming",
        "/officer/availability",
    ],
    demo.COORDINATOR[1]: [
        "/coordinator/requests",
        "first request",
        "/coordinator/demand",
        "/coordinator/demand/by-month",
        "/coordinator/feedback",
        "/coordinator/topics",
        "/coordinator/schools",
        "/coordinator/users",
        "/coordinator/closures",
        "/coordinator/emails",
        "/account",
    ],
}

# Sums the layout shifts not caused by input, from the very start of the page's life.
LAYOUT_SHIFT_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


def _slow_script(route) -> None:
    """The script arrives after the first paint, as on a phone's connection (and in
    Lighthouse): whatever it changes in the layout then shows as a shift."""
    time.sleep(SCRIPT_DELAY_SECONDS)
    route.continue_()


def _first_request(page) -> str:
    """The first request linked from the role's list (a request's page)."""
    link = page.locator("main a[href*='/requests/']").first
    return link.get_attribute("href")


def _measure(page, path: str) -> tuple[int, float]:
    page.goto(path, wait_until="load")
    page.wait_for_timeout(1000)
    return page.evaluate("[document.documentElement.scrollWidth, window.__layoutShift]")


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_fit_a_phone_and_do_not_jump(browser, base_url, width):
    problems = []
    for email, paths in PAGES.items():
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": 740}, is_mobile=True
        )
        context.add_init_script(LAYOUT_SHIFT_OBSERVER)
        context.route("**/govuk-frontend.min.js*", _slow_script)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if email:
            sign_in_as(page, email)
        for path in paths:
            if path == "first request":
                page.goto(paths[0])
                path = _first_request(page)
            scroll_width, shift = _measure(page, path)
            if scroll_width > width:
                problems.append(f"{path}: {scroll_width} px wide at {width} px")
            if shift > MAX_LAYOUT_SHIFT:
                problems.append(f"{path}: layout shift {shift:.3f} at {width} px")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_collapsed_menu_opens_on_a_phone(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 740})
    page = context.new_page()
    sign_in_as(page, demo.COORDINATOR[1])
    demand = page.get_by_role("link", name="Demand by topic")
    expect(demand).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(demand).to_be_visible()
    demand.click()
    expect(page.locator("h1")).to_have_text("Demand by topic")
    context.close()


def test_a_wide_table_scrolls_in_its_own_labelled_region_by_keyboard(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 320, "height": 740})
    page = context.new_page()
    sign_in_as(page, demo.COORDINATOR[1])
    page.goto("/coordinator/demand")
    region = page.get_by_role("region", name="Demand by topic")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(region).to_be_focused()
    assert region.evaluate("e => e.scrollWidth > e.clientWidth && e.scrollLeft > 0")
    context.close()
