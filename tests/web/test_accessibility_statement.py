"""The accessibility statement has every section of GOV.UK's sample statement, filled from the
force's configuration: contact, compliance, known issues, enforcement body and dates."""

from __future__ import annotations

import pytest

from tests.pages import page, text

WCAG = "the Web Content Accessibility Guidelines version 2.2 AA standard"
SECTIONS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Contacting us by phone",
    "Technical information about this service's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "Content that is not within the scope of the accessibility regulations",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_every_section_of_the_sample_statement_is_there(client):
    headings = [
        h.get_text(" ", strip=True)
        for h in page(client.get("/accessibility")).find_all(["h2", "h3"])
    ]
    assert [h for h in SECTIONS if h in headings] == SECTIONS


def test_the_statement_is_filled_from_configuration(app, client):
    app.config.update(
        ACCESSIBILITY_COMPLIANCE="partial",
        ACCESSIBILITY_KNOWN_ISSUES="The chart has no text alternative | PDF plans are not tagged",
        ACCESSIBILITY_CONTACT_EMAIL="access@example.police.uk",
        ACCESSIBILITY_REPLY_DAYS=7,
        ACCESSIBILITY_PREPARED_ON="2026-09-01",
        ACCESSIBILITY_REVIEWED_ON="2026-11-30",
        ACCESSIBILITY_TESTED_ON="2026-11-28",
        ACCESSIBILITY_TESTED_BY="the Digital Accessibility Centre",
    )
    words = text(client.get("/accessibility"))
    assert (
        f"This service is partially compliant with {WCAG}, due to the non-compliances listed below"
        in words
    )
    assert "The chart has no text alternative." in words
    assert "PDF plans are not tagged." in words
    assert "access@example.police.uk" in words
    assert "within 7 working days" in words
    assert (
        "This statement was prepared on 1 September 2026. It was last reviewed on 30 November 2026."
        in words
    )
    assert (
        "tested on 28 November 2026. The test was carried out by the Digital Accessibility Centre"
        in words
    )
    assert "Equality and Human Rights Commission (EHRC)" in words
    assert "01606 364565" in words


@pytest.mark.parametrize(
    "body,named",
    [
        ("EHRC", "Equality Advisory and Support Service (EASS)"),
        ("ECNI", "Equality Commission for Northern Ireland (ECNI)"),
    ],
)
def test_the_enforcement_body_follows_where_the_force_is(app, client, body, named):
    app.config["ACCESSIBILITY_ENFORCEMENT_BODY"] = body
    assert named in text(client.get("/accessibility"))


def test_a_fully_compliant_service_with_no_known_issues_says_so(app, client):
    app.config.update(ACCESSIBILITY_COMPLIANCE="full", ACCESSIBILITY_KNOWN_ISSUES="")
    words = text(client.get("/accessibility"))
    assert f"This service is fully compliant with {WCAG}." in words
    assert "We do not know of any content that fails the accessibility regulations." in words


def test_an_unknown_compliance_value_never_claims_compliance(app, client):
    app.config["ACCESSIBILITY_COMPLIANCE"] = "mostly"
    assert "This service is not compliant" in text(client.get("/accessibility"))
