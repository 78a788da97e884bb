"""What the accessibility statement says, from the force's configuration.

The sections follow GOV.UK's sample accessibility statement, as the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 expect: what people
can do, how accessible the service is, how to ask for another format and report a problem, the
enforcement procedure, the technical information (compliance status, content that is not
accessible and why), and when the statement was prepared and reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

COMPLIANCE = {
    "full": "fully compliant",
    "partial": "partially compliant",
    "not": "not compliant",
}


@dataclass(frozen=True)
class EnforcementBody:
    name: str
    url: str
    advice_name: str
    advice_url: str


ENFORCEMENT = {
    "EHRC": EnforcementBody(
        "Equality and Human Rights Commission (EHRC)",
        "https://www.equalityhumanrights.com/",
        "Equality Advisory and Support Service (EASS)",
        "https://www.equalityadvisoryservice.com/",
    ),
    "ECNI": EnforcementBody(
        "Equality Commission for Northern Ireland (ECNI)",
        "https://www.equalityni.org/Home",
        "Equality Commission for Northern Ireland (ECNI)",
        "https://www.equalityni.org/Home",
    ),
}


@dataclass(frozen=True)
class Statement:
    compliance: str  # "full", "partial" or "not"
    compliance_words: str
    known_issues: list[str]
    email: str
    reply_days: int
    enforcement: EnforcementBody
    prepared_on: str
    reviewed_on: str
    tested_on: str
    tested_by: str


def long_date(value: str) -> str:
    """ "2026-12-02" as "2 December 2026"; anything else as it was written."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


def statement(config: Mapping) -> Statement:
    compliance = config["ACCESSIBILITY_COMPLIANCE"].strip().lower()
    if compliance not in COMPLIANCE:
        compliance = "not"  # an unknown value never claims more than is known
    issues = [item.strip() for item in config["ACCESSIBILITY_KNOWN_ISSUES"].split("|")]
    body = config["ACCESSIBILITY_ENFORCEMENT_BODY"].strip().upper()
    return Statement(
        compliance=compliance,
        compliance_words=COMPLIANCE[compliance],
        known_issues=[item for item in issues if item],
        email=config["ACCESSIBILITY_CONTACT_EMAIL"] or config["CONTACT_EMAIL"],
        reply_days=int(config["ACCESSIBILITY_REPLY_DAYS"]),
        enforcement=ENFORCEMENT.get(body, ENFORCEMENT["EHRC"]),
        prepared_on=long_date(config["ACCESSIBILITY_PREPARED_ON"]),
        reviewed_on=long_date(config["ACCESSIBILITY_REVIEWED_ON"]),
        tested_on=long_date(config["ACCESSIBILITY_TESTED_ON"]),
        tested_by=config["ACCESSIBILITY_TESTED_BY"],
    )
