"""Journeys that ended badly before: an officer's decline lands on their Requests page with its
banner; a primary school's teacher is offered only the primary age group; a closure that starts
on a weekend is refused next to its field; pupils reached is at least 1 and can be corrected; a
proposed time taken meanwhile is refused in the teacher's terms and no longer offered; a
coordinator sees a leaving officer's proposals, gives a session away, cancels the rest and closes
the account.
Dates come from the live server's clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from booking import demo
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import Proposal, TalkRequest, User
from tests import factories
from tests.browser.conftest import assert_no_axe_violations, demo_today, sign_in_as

pytestmark = pytest.mark.browser

OFFICER = "priya.shah@example.police.uk"
PRIMARY_TEACHER = demo.TEACHERS[0][1]  # Jo Evans, Oakfield Primary School
COORDINATOR = demo.COORDINATOR[1]


def test_an_officer_who_declines_lands_on_requests_with_the_banner(page):
    sign_in_as(page, OFFICER)
    page.get_by_role("link", name="Requests", exact=True).click()
    expect(page.locator("h1")).to_have_text("Requests")
    link = page.locator("tbody tr a").first
    reference = link.inner_text()
    link.click()
    expect(page.locator("h1")).to_have_text(f"Request {reference}")
    page.locator("#decline-reason").fill("No officer free that week")
    page.get_by_role("button", name="Decline request").click()
    expect(page.locator("h1")).to_have_text("Requests")
    expect(page.get_by_text(f"{reference} declined: the school has been told")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.locator("tbody").get_by_role("link", name=reference, exact=True)).to_have_count(0)
    assert_no_axe_violations(page)


def test_a_primary_school_teacher_is_offered_only_the_primary_age_group(page):
    sign_in_as(page, PRIMARY_TEACHER)
    page.get_by_role("link", name="Request a talk").first.click()
    expect(page.locator("h1")).to_have_text("Request a talk")
    group = page.get_by_role("group", name="Age group")
    expect(group.get_by_label("Primary (4 to 11)")).to_be_visible()
    expect(group.get_by_label("Secondary (11 to 16)")).to_have_count(0)
    assert_no_axe_violations(page)


def _fill_day(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_closure_on_a_weekend_is_refused_next_to_the_field(page, live_app):
    today = demo_today(live_app)
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    sign_in_as(page, COORDINATOR)
    page.goto("/coordinator/closures")
    expect(page.locator("h1")).to_contain_text("Closures")
    _fill_day(page, "First day", saturday)
    _fill_day(page, "Last day", saturday + timedelta(days=2))
    page.get_by_label("Reason").fill("Force training")
    page.get_by_role("button", name="Add closure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "First day must be a weekday, Monday to Friday"
    )
    expect(page.locator("#first_day-error, .govuk-error-message").first).to_contain_text(
        "First day must be a weekday"
    )
    expect(page.get_by_label("Reason")).to_have_value("Force training")  # nothing lost
    assert_no_axe_violations(page)


def _session_to_mark_delivered(live_app) -> tuple[str, str]:
    """A confirmed demo session whose day has passed, and its officer's e-mail address."""
    with live_app.app_context():
        talk = (
            db.session.execute(
                db.select(TalkRequest)
                .where(
                    TalkRequest.status == RequestStatus.CONFIRMED.value,
                    TalkRequest.starts_at < datetime.combine(demo_today(live_app), time()),
                )
                .order_by(TalkRequest.starts_at)
            )
            .scalars()
            .first()
        )
        assert talk is not None, "the demo has a session given and not yet marked delivered"
        found = talk.reference, talk.officer.email
        db.session.remove()
    return found


def test_pupils_reached_is_at_least_one_and_can_be_corrected(page, live_app):
    reference, officer_email = _session_to_mark_delivered(live_app)
    sign_in_as(page, officer_email)
    page.goto(f"/officer/requests/{reference}")
    expect(page.locator("h1")).to_have_text(f"Request {reference}")
    page.locator("#deliver-pupils_reached").fill("0")
    page.get_by_role("button", name="Mark as delivered").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Pupils reached must be between 1 and"
    )
    assert_no_axe_violations(page)
    page.locator("#deliver-pupils_reached").fill("27")
    page.get_by_role("button", name="Mark as delivered").click()
    expect(page.get_by_text(f"{reference} marked as delivered")).to_be_visible()
    reached = page.locator(".govuk-summary-list__row", has_text="Pupils reached")
    expect(reached).to_contain_text("27")

    page.locator("#correct-pupils_reached").fill("0")
    page.get_by_role("button", name="Correct pupils reached").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Pupils reached must be between 1 and"
    )
    page.locator("#correct-pupils_reached").fill("29")
    page.get_by_role("button", name="Correct pupils reached").click()
    expect(page.get_by_text(f"{reference}: pupils reached corrected")).to_be_visible()
    expect(reached).to_contain_text("29")
    assert_no_axe_violations(page)


def _book_over_the_first_proposed_time(live_app, teacher_email: str) -> str:
    """Meanwhile, the proposing officer is booked at another school at the teacher's first
    proposed time; returns that officer's name."""
    with live_app.app_context():
        proposal = (
            db.session.execute(
                db.select(Proposal)
                .join(TalkRequest, TalkRequest.id == Proposal.request_id)
                .join(User, User.id == TalkRequest.teacher_id)
                .where(
                    User.email == teacher_email,
                    TalkRequest.status == RequestStatus.PROPOSED.value,
                )
                .order_by(Proposal.starts_at)
            )
            .scalars()
            .first()
        )
        assert proposal is not None, "the demo teacher has a proposed time to answer"
        factories.confirmed(
            proposal.officer,
            proposal.starts_at,
            minutes=int((proposal.ends_at - proposal.starts_at).total_seconds() // 60),
            buffer=live_app.config["TRAVEL_BUFFER_MINUTES"],
        )
        name = proposal.officer.full_name
        db.session.commit()
        db.session.remove()
    return name


def test_a_proposed_time_taken_meanwhile_is_refused_in_the_teachers_terms(page, live_app):
    sign_in_as(page, PRIMARY_TEACHER)
    row = page.locator("tbody tr", has_text="Proposed by").first
    expect(row).to_be_visible()
    row.get_by_role("link").first.click()
    accept = page.get_by_role("button", name="Accept proposed time")
    offered = accept.count()
    assert offered >= 1
    officer_name = _book_over_the_first_proposed_time(live_app, PRIMARY_TEACHER)

    accept.first.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"This time has gone: {officer_name} is no longer free then")
    expect(summary).not_to_contain_text("you have a session")
    expect(page.get_by_role("button", name="Accept proposed time")).to_have_count(offered - 1)
    assert_no_axe_violations(page)
    page.reload()
    expect(page.get_by_text("This time has gone").first).to_be_visible()
    expect(page.get_by_role("button", name="Accept proposed time")).to_have_count(offered - 1)


def _officer_with_an_open_proposal(live_app) -> tuple[int, str, list[str]]:
    """The officer of a demo proposal still open: id, name and the references they proposed."""
    with live_app.app_context():
        proposal = (
            db.session.execute(
                db.select(Proposal)
                .join(TalkRequest, TalkRequest.id == Proposal.request_id)
                .where(TalkRequest.status == RequestStatus.PROPOSED.value)
                .order_by(Proposal.id)
            )
            .scalars()
            .first()
        )
        assert proposal is not None, "the demo has an open proposal"
        officer = proposal.officer
        references = sorted(
            {
                p.request.reference
                for p in db.session.execute(
                    db.select(Proposal).where(Proposal.officer_id == officer.id)
                ).scalars()
                if p.request.status == RequestStatus.PROPOSED.value
            }
        )
        found = officer.id, officer.full_name, references
        db.session.remove()
    return found


def test_a_coordinator_gives_away_or_cancels_each_session_then_closes_the_account(page, live_app):
    officer_id, name, proposed = _officer_with_an_open_proposal(live_app)
    sign_in_as(page, COORDINATOR)
    page.goto(f"/coordinator/users/{officer_id}")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.locator("h1")).to_have_text(f"Deactivate {name}")
    proposals = page.locator("h2:has-text('Open proposals') + p + ul")
    for reference in proposed:
        expect(proposals.get_by_role("link", name=reference)).to_be_visible()
    assert_no_axe_violations(page)

    cards = page.locator(".govuk-summary-card")
    given = False
    while cards.count():
        card = cards.first
        reference = card.locator("a").first.inner_text()
        if not given:
            select = card.get_by_label("Give to")
            for choice in select.locator("option").all()[1:]:
                select.select_option(value=choice.get_attribute("value"))
                with page.expect_navigation():  # given (redirect) or refused (the page again)
                    card.get_by_role("button", name="Give to this officer").click()
                if page.get_by_text(f"{reference} given to").count():
                    given = True
                    break
                card = page.locator(f"#session-{reference}")
                select = card.get_by_label("Give to")
            if given:
                continue
        card.get_by_label("Reason").fill("The officer is leaving the service")
        card.get_by_role("button", name="Cancel session").click()
        expect(page.get_by_text(f"{reference} cancelled: the school")).to_be_visible()
    assert given, "one session could be given to another officer"

    expect(page.get_by_text("No sessions to come.")).to_be_visible()
    page.get_by_role("button", name="Deactivate account").click()
    expect(page.get_by_text(f"{name} deactivated: they can no longer sign in")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/coordinator/requests/{proposed[0]}")  # the proposal was withdrawn
    expect(page.locator("h1 + p .govuk-tag, main .govuk-tag").first).to_have_text("Requested")
