"""The demo coordinator's pages pass axe-core with zero violations; the coordinator sees the
demand figures, downloads the same figures as CSV, assigns a request and approves a teacher."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from playwright.sync_api import expect

from booking import demo
from booking.domain.vocabulary import UserStatus
from booking.extensions import db
from booking.models import Closure, School, TalkRequest, User
from tests.browser.conftest import assert_no_axe_violations, sign_in_as

pytestmark = pytest.mark.browser

COORDINATOR = demo.COORDINATOR[1]


@pytest.fixture
def signed_in_state(browser, base_url, fresh_demo, tmp_path):
    """Sign the coordinator in to the test's fresh demo, and start the test's page signed in."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in_as(page, COORDINATOR)
    expect(page.locator("h1")).to_have_text("All requests")
    path = tmp_path / "state.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


@pytest.fixture
def browser_context_args(browser_context_args, signed_in_state):
    return {**browser_context_args, "storage_state": signed_in_state}


@pytest.fixture
def ids(live_app, fresh_demo):
    """Rows of the demo data to visit: an open request, an officer, a school and a topic."""
    with live_app.app_context():
        talk = (
            db.session.execute(db.select(TalkRequest).where(TalkRequest.status == "requested"))
            .scalars()
            .first()
        )
        officer = (
            db.session.execute(
                db.select(User).where(User.role == "officer", User.status == "active")
            )
            .scalars()
            .first()
        )
        school = db.session.execute(db.select(School)).scalars().first()
        result = {"reference": talk.reference, "officer": officer.id, "school": school.id}
        db.session.remove()
        return result


PAGES = [
    ("/coordinator/requests", "All requests"),
    ("/coordinator/requests/{reference}", "Request {reference}"),
    ("/coordinator/demand", "Demand by topic"),
    ("/coordinator/demand/by-month", "Demand by month"),
    ("/coordinator/feedback", "Feedback"),
    ("/coordinator/topics", "Topics"),
    ("/coordinator/topics/new", "Add a topic"),
    ("/coordinator/schools", "Schools"),
    ("/coordinator/schools/new", "Add a school"),
    ("/coordinator/schools/{school}", None),
    ("/coordinator/schools/import", "Import schools"),
    ("/coordinator/users", "Users"),
    ("/coordinator/users/new", "Create an officer or coordinator"),
    ("/coordinator/users/{officer}", None),
    ("/coordinator/closures", "Closures"),
    ("/coordinator/areas", "Areas"),
    ("/coordinator/users/{officer}/leaving", None),
]


@pytest.mark.parametrize("path,heading", PAGES)
def test_coordinator_page_has_no_axe_violations(page, ids, path, heading):
    page.goto(path.format(**ids))
    expect(page.locator("h1")).to_have_count(1)
    if heading:
        expect(page.locator("h1")).to_have_text(heading.format(**ids))
    assert_no_axe_violations(page)


def test_page_with_filter_errors_has_no_axe_violations(page):
    page.goto("/coordinator/demand")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("group", name="From").get_by_label("Day").fill("40")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    assert_no_axe_violations(page)


def test_demand_table_and_csv_agree(page):
    page.goto("/coordinator/demand")
    rows = page.locator("#demand-table tbody tr, #demand-table tfoot tr")
    table = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()
    ]
    assert table[-1][0] == "Total" and int(table[-1][1]) > 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as downloaded:
        content = downloaded.read()
    csv_rows = list(csv.reader(io.StringIO(content)))[1:]
    assert [[r[0]] + r[2:] for r in csv_rows] == [
        [r[0].replace("\nRetired", "").replace(" Retired", "")] + r[1:] for r in table
    ]


def test_coordinator_assigns_a_request(page, ids):
    page.goto(f"/coordinator/requests/{ids['reference']}")
    page.get_by_role("group", name="Officer").get_by_role("radio").first.check()
    page.get_by_role("button", name="Assign officer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{ids['reference']} assigned to"
    )
    expect(page.get_by_role("cell", name="Assigned", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_coordinator_approves_a_pending_teacher(page, live_app):
    with live_app.app_context():
        school = db.session.execute(db.select(School)).scalars().first()
        waiting = User(
            email="new.teacher@example.com",
            full_name="Nia Waiting",
            role="teacher",
            status=UserStatus.PENDING.value,
            school_id=school.id,
        )
        db.session.add(waiting)
        db.session.commit()
        db.session.remove()
    page.goto("/coordinator/users")
    page.get_by_role("button", name="Approve Nia Waiting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Nia Waiting approved and told by e-mail"
    )
    assert_no_axe_violations(page)


def test_declining_without_a_reason_shows_the_error_accessibly(page, ids):
    page.goto(f"/coordinator/requests/{ids['reference']}")
    page.get_by_role("button", name="Decline request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why you are declining the request"
    )
    assert page.title().startswith(f"Error: Request {ids['reference']}")
    assert_no_axe_violations(page)


def test_a_session_on_a_new_closure_is_listed_accessibly(page, live_app):
    with live_app.app_context():
        session = (
            db.session.execute(
                db.select(TalkRequest)
                .where(TalkRequest.status == "confirmed", TalkRequest.starts_at >= datetime.now())
                .order_by(TalkRequest.starts_at)
            )
            .scalars()
            .first()
        )
        assert session is not None, "the demo data has a session to come"
        reference, day = session.reference, session.starts_at.date()
        closure = Closure(first_day=day, last_day=day, reason="Force training")
        db.session.add(closure)
        db.session.commit()
        closure_id = closure.id
        db.session.remove()
    try:
        page.goto("/coordinator/closures")
        listed = page.locator("#sessions-on-closed-days + p + table")
        expect(listed.get_by_role("link", name=reference)).to_be_visible()
        assert_no_axe_violations(page)
    finally:
        with live_app.app_context():
            db.session.delete(db.session.get(Closure, closure_id))
            db.session.commit()
            db.session.remove()
