"""E-mail links take people to the page where they act: the teacher to their request, the
officer to the request in their inbox. In HTML e-mails every address is a link, never bare text.
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from booking import clock
from booking.domain.options import Option
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from booking.services import coordination, sessions, teacher_requests
from booking.services.request_talk import NewRequest, request_talk

MONDAY = date(2026, 3, 23)  # three weeks after the pinned today, Monday 2 March 2026
BASE = "https://talks.example.police.uk"
EMAILS = Path(__file__).parents[2] / "booking" / "templates" / "emails"


@pytest.fixture
def people(app, make):
    app.config["SERVER_BASE_URL"] = BASE + "/"
    school = make.school(name="Oakfield Primary", area="Crewe")
    return {
        "teacher": make.teacher(school=school),
        "officer": make.officer(areas=("Crewe",)),
        "coordinator": make.coordinator(),
        "topic": make.topic(name="Internet safety"),
    }


def _request(people, key: str) -> TalkRequest:
    details = NewRequest(
        topic_id=people["topic"].id,
        age_group="primary",
        year_group="Year 5",
        pupils=30,
        length_minutes=60,
        notes="",
        options=[Option("first", MONDAY, time(9), time(12))],
        submission_key=key,
    )
    return request_talk(details, people["teacher"], today=clock.today()).talk


def _mail(recipient: str, subject_part: str) -> OutboxMessage:
    [message] = [
        m
        for m in db.session.execute(select(OutboxMessage)).scalars()
        if m.recipient == recipient and subject_part in m.subject
    ]
    return message


def _links(message: OutboxMessage) -> list[str]:
    return [a["href"] for a in BeautifulSoup(message.body_html, "html.parser").find_all("a")]


def _bare_addresses(html: str) -> list[str]:
    """Web addresses in the text people read outside any link."""
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.find_all("a"):
        link.decompose()
    return re.findall(r"https?://\S+", soup.get_text(" "))


def test_each_e_mail_links_to_the_page_where_its_reader_acts(people):
    teacher, officer, coordinator = people["teacher"], people["officer"], people["coordinator"]
    talk = _request(people, "form-1")
    officer_page = f"{BASE}/officer/requests/{talk.reference}"
    teacher_page = f"{BASE}/teacher/requests/{talk.id}"

    new_request = _mail(officer.email, "new request")
    assert officer_page in _links(new_request)
    assert officer_page in new_request.body_text
    assert f"{BASE}/coordinator/requests/{talk.reference}" in _links(
        _mail(coordinator.email, "new request")
    )

    sessions.propose(talk, officer, [(1, MONDAY, time(13))])
    proposed = _mail(teacher.email, "proposed another time")
    assert teacher_page in _links(proposed)
    assert teacher_page in proposed.body_text

    sessions.accept_proposal(talk, talk.proposals[0], teacher)
    confirmed = _mail(teacher.email, "talk confirmed")
    assert teacher_page in _links(confirmed)
    assert teacher_page in confirmed.body_text
    assert officer_page in _links(_mail(officer.email, "accepted"))


def test_no_html_e_mail_of_a_journey_shows_a_bare_address(people):
    teacher, officer, coordinator = people["teacher"], people["officer"], people["coordinator"]
    first = _request(people, "form-1")
    sessions.propose(first, officer, [(1, MONDAY, time(13))])
    sessions.reject_proposal(first, teacher, reason="Assembly that afternoon")
    sessions.confirm(first, officer, position=1, start=time(10))
    sessions.cancel(first, officer, "Called to court")
    second = _request(people, "form-2")
    sessions.decline(second, officer, "No officer is free that week")
    third = _request(people, "form-3")
    coordination.assign(third, officer, actor=coordinator)
    coordination.cancel(third, coordinator, "The school closed")
    fourth = _request(people, "form-4")
    sessions.confirm(fourth, officer, position=1, start=time(11))
    teacher_requests.cancel(fourth, teacher, reason="Sports day")
    db.session.flush()

    messages = list(db.session.execute(select(OutboxMessage)).scalars())
    assert len({m.subject.split(": ", 1)[1] for m in messages}) >= 8  # many kinds of e-mail
    for message in messages:
        assert _bare_addresses(message.body_html) == [], message.subject
        assert all(link.startswith(BASE + "/") for link in _links(message)), message.subject


@pytest.mark.parametrize("path", sorted(EMAILS.glob("*.html")), ids=lambda p: p.name)
def test_no_html_e_mail_template_shows_an_address_outside_a_link(path):
    """Templates no journey above renders (account e-mails) are checked in their source."""
    soup = BeautifulSoup(path.read_text(), "html.parser")
    for link in soup.find_all("a"):
        link.decompose()
    text = soup.get_text(" ")
    assert not re.search(r"\{\{\s*(base_url|link|\w+_url)\b", text), path.name
    assert "http" not in text, path.name
