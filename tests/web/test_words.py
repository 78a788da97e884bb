"""The words on pages and in e-mails that a walkthrough found wrong (issue 14), as people read
them."""

from __future__ import annotations

from datetime import datetime

from booking.extensions import db
from booking.models import OutboxMessage, Proposal
from tests.pages import field_error, page, text


def test_the_account_e_mail_says_an_officer_and_a_coordinator(client, make, sign_in):
    sign_in(make.coordinator())
    for name, email, role in [
        ("Olly", "olly@police.example", "officer"),
        ("Cass", "cass@police.example", "coordinator"),
    ]:
        client.post(
            "/coordinator/users/new", data={"full_name": name, "email": email, "role": role}
        )
    bodies = db.session.execute(db.select(OutboxMessage.body_text)).scalars().all()
    assert any("made you an officer account" in body for body in bodies)
    assert any("made you a coordinator account" in body for body in bodies)
    assert not any("a officer" in body for body in bodies)


def test_a_missing_email_on_someone_elses_account_asks_for_their_address(client, make, sign_in):
    sign_in(make.coordinator())
    response = client.post(
        "/coordinator/users/new", data={"full_name": "Olly", "email": "", "role": "officer"}
    )
    assert field_error(response, "email") == "Enter their email address"


def test_latest_finish_hint_gives_a_finishing_time(client, make, sign_in):
    sign_in(make.teacher())
    soup = page(client.get("/teacher/requests/new"))
    assert soup.find(id="first_finish-hint").get_text(strip=True) == "For example, 11:30"
    assert soup.find(id="first_start-hint").get_text(strip=True) == "For example, 09:30"


def _proposed(make, times):
    officer = make.officer(full_name="PC Priya Shah")
    teacher = make.teacher()
    talk = make.talk_request(teacher=teacher, status="proposed")
    for position, starts in enumerate(times, start=1):
        talk.proposals.append(
            Proposal(
                officer_id=officer.id,
                position=position,
                starts_at=starts,
                ends_at=starts.replace(hour=starts.hour + 1),
            )
        )
    db.session.commit()
    return talk, teacher, officer


def test_one_proposed_time_is_asked_about_as_this_time(client, make, sign_in):
    talk, teacher, _ = _proposed(make, [datetime(2026, 3, 18, 10)])
    sign_in(teacher)
    shown = text(client.get(f"/teacher/requests/{talk.id}"))
    assert "Why does this time not suit you? (optional)" in shown
    assert "none of these times" not in shown


def test_two_proposed_times_are_asked_about_as_these_times(client, make, sign_in):
    talk, teacher, _ = _proposed(make, [datetime(2026, 3, 18, 10), datetime(2026, 3, 19, 10)])
    sign_in(teacher)
    assert "Why do none of these times suit you? (optional)" in text(
        client.get(f"/teacher/requests/{talk.id}")
    )


def test_history_shows_the_proposed_times(client, make, sign_in):
    officer = make.officer(full_name="PC Priya Shah")
    talk = make.talk_request()
    db.session.commit()
    sign_in(officer)
    client.post(
        f"/officer/requests/{talk.reference}/propose",
        data={
            "propose-day_1": ["24", "3", "2026"],
            "propose-start_1": "10:00",
            "propose-day_2": ["25", "3", "2026"],
            "propose-start_2": "13:30",
        },
    )
    shown = text(client.get(f"/officer/requests/{talk.reference}"))
    assert "New time proposed PC Priya Shah" in shown
    assert "Tuesday 24 March 2026, 10:00 to 11:00; Wednesday 25 March 2026, 13:30 to 14:30" in shown


def test_a_declined_request_does_not_wait_for_an_officer(client, make, sign_in):
    teacher = make.teacher()
    talk = make.talk_request(teacher=teacher, status="declined")
    db.session.commit()
    sign_in(teacher)
    shown = text(client.get(f"/teacher/requests/{talk.id}"))
    assert "Officer None: the request was declined" in shown
    assert "Not yet assigned" not in shown
