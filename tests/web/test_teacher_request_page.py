"""Your requests and the request page: details, history, cancel, feedback, answering a proposed
time; and no request of another school, whatever the URL."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import AuditEvent, OutboxMessage, Proposal
from tests.pages import field_error, h1, page, text


@pytest.fixture
def teacher(make, sign_in):
    teacher = make.teacher(full_name="Jo Evans")
    db.session.commit()
    sign_in(teacher)
    return teacher


def session_in(make, teacher, status: str, starts=datetime(2026, 3, 17, 10)):
    officer = make.officer(full_name="PC Alex Morgan")
    talk = make.confirmed(officer, starts, teacher=teacher)
    talk.status = status
    db.session.commit()
    return talk


def test_your_requests_links_each_reference_newest_first(client, make, teacher):
    colleague = make.teacher(teacher.school)
    older = make.talk_request(teacher=colleague, created_at=datetime(2026, 2, 1, 9))
    newer = make.talk_request(teacher=teacher, created_at=datetime(2026, 2, 20, 9))
    make.talk_request()  # another school's
    db.session.commit()
    soup = page(client.get("/teacher/requests"))
    links = [(a.get_text(strip=True), a["href"]) for a in soup.select("tbody a")]
    assert links == [
        (newer.reference, f"/teacher/requests/{newer.id}"),
        (older.reference, f"/teacher/requests/{older.id}"),
    ]


def test_your_requests_shows_the_confirmed_time_and_officer(client, make, teacher):
    talk = session_in(make, teacher, "confirmed")
    body = text(client.get("/teacher/requests"))
    assert f"{talk.reference} " in body
    assert "Tue 17 Mar 2026, 10:00" in body
    assert "PC Alex Morgan" in body
    assert "Confirmed" in body


def test_the_request_page_shows_details_and_history(client, make, teacher):
    talk = make.talk_request(
        teacher=teacher, notes="Hall is upstairs", options=[(date(2026, 3, 23), time(9), time(11))]
    )
    db.session.add(
        AuditEvent(
            action="requested",
            request_id=talk.id,
            actor_id=teacher.id,
            to_status="requested",
            created_at=datetime(2026, 2, 27, 14, 5),
        )
    )
    db.session.commit()
    response = client.get(f"/teacher/requests/{talk.id}")
    assert h1(response) == f"Request {talk.reference}"
    body = text(response)
    for expected in (
        "Status Requested",
        "Year group or class Year 5",
        "Number of pupils 30",
        "Session length 60 minutes",
        "Monday 23 March 2026, between 09:00 and 11:00",
        "Notes for the officer Hall is upstairs",
        "Officer Not yet assigned",
        "27 Feb 2026, 14:05 Requested Jo Evans",
        "Cancel request",
    ):
        assert expected in body
    assert "Leave feedback" not in body


@pytest.mark.parametrize(
    "path",
    ["", "/sent", "/cancel", "/feedback"],
)
def test_another_schools_request_is_not_found(client, make, teacher, path):
    other = make.talk_request()
    db.session.commit()
    assert client.get(f"/teacher/requests/{other.id}{path}").status_code == 404
    assert client.get(f"/teacher/requests/{other.id + 100}{path}").status_code == 404


@pytest.mark.parametrize("action", ["cancel", "feedback", "accept", "reject"])
def test_another_schools_request_cannot_be_acted_on(client, make, teacher, action):
    other = make.talk_request(status="proposed")
    db.session.commit()
    response = client.post(f"/teacher/requests/{other.id}/{action}", data={"reason": "x"})
    assert response.status_code == 404
    db.session.refresh(other)
    assert other.status == "proposed"


def test_cancelling_needs_a_reason_then_cancels_and_tells_the_officer(client, make, teacher):
    talk = session_in(make, teacher, "confirmed")
    form = client.get(f"/teacher/requests/{talk.id}/cancel")
    assert h1(form) == "Cancel this request"
    empty = client.post(f"/teacher/requests/{talk.id}/cancel", data={"reason": " "})
    assert field_error(empty, "reason") == "Enter why you are cancelling the request"
    done = client.post(f"/teacher/requests/{talk.id}/cancel", data={"reason": "Sports day"})
    assert done.headers["Location"] == f"/teacher/requests/{talk.id}"
    after = client.get(done.headers["Location"])
    body = text(after)
    assert f"Request {talk.reference} has been cancelled." in body
    assert "Cancelled Jo Evans Sports day" in body
    assert "Cancel request" not in body
    db.session.refresh(talk)
    assert talk.status == RequestStatus.CANCELLED
    message = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.recipient == talk.officer.email)
    ).scalar_one()
    assert "Sports day" in message.body_text


def test_a_delivered_talk_cannot_be_cancelled(client, make, teacher):
    talk = session_in(make, teacher, "delivered", datetime(2026, 2, 17, 10))
    response = client.get(f"/teacher/requests/{talk.id}/cancel")
    assert response.headers["Location"] == f"/teacher/requests/{talk.id}"
    client.post(f"/teacher/requests/{talk.id}/cancel", data={"reason": "Too late"})
    db.session.refresh(talk)
    assert talk.status == RequestStatus.DELIVERED


def test_feedback_after_delivery_once(client, make, teacher):
    talk = session_in(make, teacher, "delivered", datetime(2026, 2, 17, 10))
    assert "Leave feedback" in text(client.get(f"/teacher/requests/{talk.id}"))
    form = client.get(f"/teacher/requests/{talk.id}/feedback")
    assert h1(form) == "Leave feedback"
    assert "Rating" in [legend.get_text(strip=True) for legend in page(form).find_all("legend")]
    missing = client.post(f"/teacher/requests/{talk.id}/feedback", data={"comments": "Good"})
    assert field_error(missing, "rating") == "Select a rating from 1 to 5"
    sent = client.post(
        f"/teacher/requests/{talk.id}/feedback", data={"rating": "4", "comments": "Very clear"}
    )
    body = text(client.get(sent.headers["Location"]))
    assert "Thank you: your feedback has been sent." in body
    assert "Rating 4 out of 5: Very clear" in body
    assert "Leave feedback" not in body
    again = client.get(f"/teacher/requests/{talk.id}/feedback")
    assert again.headers["Location"] == f"/teacher/requests/{talk.id}"


def test_no_feedback_before_delivery(client, make, teacher):
    talk = session_in(make, teacher, "confirmed")
    response = client.post(f"/teacher/requests/{talk.id}/feedback", data={"rating": "5"})
    assert response.headers["Location"] == f"/teacher/requests/{talk.id}"
    db.session.refresh(talk)
    assert talk.feedback is None


def _proposed(make, teacher, starts=datetime(2026, 3, 18, 10)):
    officer = make.officer(full_name="PC Priya Shah")
    talk = make.talk_request(teacher=teacher, status="proposed", officer_id=officer.id)
    talk.proposals.append(
        Proposal(
            officer_id=officer.id,
            position=1,
            starts_at=starts,
            ends_at=starts.replace(hour=starts.hour + 1),
        )
    )
    db.session.commit()
    return talk


def _accept_buttons(response) -> list[tuple[str, str]]:
    """Each Accept button's words (hidden ones included) and the proposal id its form carries."""
    found = []
    for form in page(response).find_all("form", action=lambda a: a and a.endswith("/accept")):
        proposal = form.find("input", attrs={"name": "accept-proposal"})
        found.append((" ".join(form.button.get_text(" ").split()), proposal["value"]))
    return found


def test_one_click_on_accept_confirms_the_proposed_time(client, make, teacher):
    talk = _proposed(make, teacher)
    talk.proposals.append(
        Proposal(
            officer_id=talk.proposals[0].officer_id,
            position=2,
            starts_at=datetime(2026, 3, 19, 13),
            ends_at=datetime(2026, 3, 19, 14),
        )
    )
    db.session.commit()
    response = client.get(f"/teacher/requests/{talk.id}")
    assert "Wednesday 18 March 2026, 10:00 to 11:00" in text(response)
    buttons = _accept_buttons(response)
    assert [words for words, _ in buttons] == [
        "Accept proposed time : Wednesday 18 March 2026, 10:00 to 11:00",
        "Accept proposed time : Thursday 19 March 2026, 13:00 to 14:00",
    ]
    assert page(response).find("input", attrs={"type": "radio"}) is None
    accepted = client.post(
        f"/teacher/requests/{talk.id}/accept", data={"accept-proposal": buttons[1][1]}
    )
    assert accepted.status_code == 302
    db.session.refresh(talk)
    assert talk.status == RequestStatus.CONFIRMED
    assert talk.starts_at == datetime(2026, 3, 19, 13)
    assert "The talk is confirmed for Thursday 19 March 2026 at 13:00." in text(
        client.get(accepted.headers["Location"])
    )


def test_accepting_a_time_that_is_not_proposed_says_so(client, make, teacher):
    talk = _proposed(make, teacher)
    other = _proposed(make, make.teacher())
    response = client.post(
        f"/teacher/requests/{talk.id}/accept",
        data={"accept-proposal": str(other.proposals[0].id)},
    )
    assert response.status_code == 400
    assert field_error(response, "accept-proposal") == (
        "This time is no longer proposed: choose one shown below"
    )
    db.session.refresh(talk)
    db.session.refresh(other)
    assert (talk.status, other.status) == ("proposed", "proposed")


def test_while_a_time_is_proposed_the_teacher_sees_who_proposed_it(client, make, teacher):
    talk = _proposed(make, teacher)
    talk.officer_id = None  # as after a real proposal: nobody is assigned yet
    db.session.commit()
    assert "Officer Proposed by PC Priya Shah" in text(client.get(f"/teacher/requests/{talk.id}"))
    row = page(client.get("/teacher/requests")).find("a", string=talk.reference).find_parent("tr")
    assert "Proposed by PC Priya Shah" in row.get_text(" ")


def test_rejecting_the_proposed_times_puts_the_request_back(client, make, teacher):
    talk = _proposed(make, teacher)
    response = client.post(
        f"/teacher/requests/{talk.id}/reject", data={"reject-rejection_reason": "Exams that week"}
    )
    assert response.status_code == 302
    db.session.refresh(talk)
    assert talk.status == RequestStatus.REQUESTED
    assert "Exams that week" in text(client.get(f"/teacher/requests/{talk.id}"))


def test_a_proposed_time_taken_meanwhile_is_no_longer_offered(client, make, teacher):
    """The officer was booked elsewhere meanwhile: the teacher reads that the time has gone and
    what to do, in their terms (never another school's name), and it has no Accept button."""
    talk = _proposed(make, teacher)
    talk.proposals.append(
        Proposal(
            officer_id=talk.proposals[0].officer_id,
            position=2,
            starts_at=datetime(2026, 3, 19, 13),
            ends_at=datetime(2026, 3, 19, 14),
        )
    )
    officer = talk.proposals[0].officer
    elsewhere = make.teacher(make.school(name="Oakfield Primary School"))
    make.confirmed(officer, datetime(2026, 3, 18, 10, 30), teacher=elsewhere)
    db.session.commit()
    taken_id = str(talk.proposals[0].id)
    response = client.get(f"/teacher/requests/{talk.id}")
    shown = text(response)
    assert "No longer available This time has gone: PC Priya Shah is no longer free then" in shown
    assert "Oakfield" not in shown
    assert [proposal for _, proposal in _accept_buttons(response)] == [str(talk.proposals[1].id)]
    refused = client.post(f"/teacher/requests/{talk.id}/accept", data={"accept-proposal": taken_id})
    assert field_error(refused, "accept-proposal") == (
        "This time has gone: PC Priya Shah is no longer free then. Choose another proposed time "
        "below, or reject them to have the request looked at again"
    )
    assert "Oakfield" not in text(refused)
    db.session.refresh(talk)
    assert talk.status == "proposed"


def test_a_proposal_of_an_officer_who_has_left_cannot_be_accepted(client, make, teacher):
    talk = _proposed(make, teacher)
    talk.proposals[0].officer.status = "deactivated"
    db.session.commit()
    response = client.get(f"/teacher/requests/{talk.id}")
    assert "PC Priya Shah no longer gives talks for the service" in text(response)
    assert _accept_buttons(response) == []
    refused = client.post(
        f"/teacher/requests/{talk.id}/accept", data={"accept-proposal": str(talk.proposals[0].id)}
    )
    assert "no longer gives talks for the service" in field_error(refused, "accept-proposal")
    db.session.refresh(talk)
    assert talk.status == "proposed"
