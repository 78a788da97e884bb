"""Every role's journey on the production set-up: gunicorn with two workers on two app
servers, PostgreSQL, the mail worker, Redis limits and an SMTP sink. Each step is what a
person's browser sends, and each e-mail the step causes must arrive."""

from __future__ import annotations

import re
import threading
import time
import uuid
from datetime import date, timedelta

import holidays
import pytest
from sqlalchemy import create_engine, text

from tests.production.client import Browser, text_of
from tests.production.conftest import PASSWORD, wait_for_mail

pytestmark = pytest.mark.production


def talk_day(weeks_ahead: int) -> date:
    """A Tuesday far enough ahead for the notice period, and not a bank holiday."""
    day = date.today() + timedelta(weeks=weeks_ahead)
    day += timedelta(days=(1 - day.weekday()) % 7)
    bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=[day.year])
    while day in bank_holidays:
        day += timedelta(weeks=1)
    return day


@pytest.fixture(scope="module")
def people(stack, tmp_path_factory):
    """A school, a coordinator, an officer who covers its area, and two of its teachers."""
    tag = uuid.uuid4().hex[:6]
    urn = str(int(tag, 16) % 900000 + 100000)
    csv = tmp_path_factory.mktemp("schools") / "schools.csv"
    csv.write_text(
        "urn,name,phase,address,postcode,area,email_domains\n"
        f"{urn},Brook Primary {tag},primary,1 Brook Lane,CW1 2AB,Crewe,brook{tag}.sch.uk\n"
    )
    stack.flask("add-areas", "Crewe")
    stack.flask("import-schools", str(csv))
    emails = {
        "coordinator": f"coordinator.{tag}@police.example",
        "officer": f"officer.{tag}@police.example",
        "teacher": f"teacher.{tag}@brook{tag}.sch.uk",
    }
    for role, email in emails.items():
        extra = ["--school", urn] if role == "teacher" else []
        stack.flask(
            "create-user", email, "--role", role, "--name", f"{role.title()} {tag}",
            "--password", PASSWORD, *extra,
        )  # fmt: skip
    [(officer_id,)] = stack.sql("SELECT id FROM users WHERE email = :e", e=emails["officer"])
    coordinator = Browser(stack.servers[0])
    coordinator.sign_in(emails["coordinator"], PASSWORD)
    [(topic_id,)] = stack.sql("SELECT id FROM topics WHERE slug = 'internet-safety'")
    coordinator.post(f"/coordinator/users/{officer_id}", {"areas": ["Crewe"]})
    officer = Browser(stack.servers[1])
    officer.sign_in(emails["officer"], PASSWORD)
    for weekday in range(5):
        officer.post(
            "/officer/availability/windows",
            {"window-weekday": str(weekday), "window-starts": "08:00", "window-ends": "17:00"},
        )
    teacher = Browser(stack.servers[0])
    teacher.sign_in(emails["teacher"], PASSWORD)
    return {
        "emails": emails,
        "urn": urn,
        "topic_id": topic_id,
        "officer_id": officer_id,
        "coordinator": coordinator,
        "officer": officer,
        "teacher": teacher,
    }


def request_talk(stack, people, weeks_ahead: int) -> tuple[int, str]:
    """The teacher asks for a talk; they, the area's officer and the coordinator are told."""
    day = talk_day(weeks_ahead)
    page = people["teacher"].post(
        "/teacher/requests/new",
        {
            "topic": str(people["topic_id"]),
            "age_group": "primary",
            "year_group": "Year 5",
            "pupils": "28",
            "length_minutes": "60",
            "first_day": [str(day.day), str(day.month), str(day.year)],
            "first_start": "09:00",
            "first_finish": "15:00",
            "notes": "",
            "submission_key": uuid.uuid4().hex,
        },
    )
    sent = re.search(r"/teacher/requests/(\d+)/sent", page.url)
    assert sent, text_of(page)[:1500]
    request_id = int(sent.group(1))
    reference = re.search(r"SLO-[0-9A-Z]{6}", text_of(page)).group(0)
    emails = people["emails"]
    wait_for_mail(stack, emails["teacher"], f"{reference}: we have your request")
    wait_for_mail(stack, emails["officer"], f"{reference}: new request")
    wait_for_mail(stack, emails["coordinator"], f"{reference}: new request")
    return request_id, reference


def propose(people, reference: str, weeks_ahead: int) -> None:
    day = talk_day(weeks_ahead)
    people["officer"].post(
        f"/officer/requests/{reference}/propose",
        {
            "propose-day_1": [str(day.day), str(day.month), str(day.year)],
            "propose-start_1": "10:00",
        },
    )


def test_confirmed_then_cancelled_by_the_teacher(stack, people):
    request_id, reference = request_talk(stack, people, weeks_ahead=4)
    page = people["officer"].post(
        f"/officer/requests/{reference}/confirm",
        {"confirm-option": "1", "confirm-start_time": "10:00"},
    )
    assert "Confirmed" in text_of(page)
    confirmation = wait_for_mail(stack, people["emails"]["teacher"], f"{reference}: talk confirmed")
    assert any(part.get_content_type() == "text/calendar" for part in confirmation.walk())
    page = people["teacher"].post(
        f"/teacher/requests/{request_id}/cancel", {"reason": "Sports day moved"}
    )
    assert "Cancelled" in text_of(page)
    wait_for_mail(stack, people["emails"]["officer"], f"{reference}: Brook Primary")


def test_a_proposed_time_accepted_by_the_teacher(stack, people):
    request_id, reference = request_talk(stack, people, weeks_ahead=5)
    propose(people, reference, weeks_ahead=6)
    wait_for_mail(stack, people["emails"]["teacher"], f"{reference}: Officer")
    [(proposal_id,)] = stack.sql(
        "SELECT p.id FROM proposals p JOIN talk_requests r ON r.id = p.request_id "
        "WHERE r.reference = :ref",
        ref=reference,
    )
    page = people["teacher"].post(
        f"/teacher/requests/{request_id}/accept", {"accept-proposal": str(proposal_id)}
    )
    assert "Confirmed" in text_of(page)
    wait_for_mail(stack, people["emails"]["officer"], f"{reference}: proposed time accepted")


def test_proposed_times_rejected_by_the_teacher(stack, people):
    request_id, reference = request_talk(stack, people, weeks_ahead=7)
    propose(people, reference, weeks_ahead=8)
    page = people["teacher"].post(
        f"/teacher/requests/{request_id}/reject", {"reject-rejection_reason": "Exams that week"}
    )
    assert "Requested" in text_of(page)
    wait_for_mail(stack, people["emails"]["officer"], f"{reference}: proposed times rejected")


def test_declined_by_the_officer(stack, people):
    _, reference = request_talk(stack, people, weeks_ahead=9)
    people["officer"].post(
        f"/officer/requests/{reference}/decline",
        {"decline-reason": "No officer free that week"},
        expect=None,
    )
    wait_for_mail(stack, people["emails"]["teacher"], f"{reference}: request declined")


def test_assigned_then_cancelled_by_the_coordinator(stack, people):
    _, reference = request_talk(stack, people, weeks_ahead=10)
    coordinator = people["coordinator"]
    coordinator.post(f"/coordinator/requests/{reference}", {"officer": str(people["officer_id"])})
    wait_for_mail(stack, people["emails"]["officer"], f"{reference}: request assigned to you")
    coordinator.post(
        f"/coordinator/requests/{reference}/cancel", {"cancel-reason": "The school has closed"}
    )
    wait_for_mail(stack, people["emails"]["teacher"], f"{reference}: request cancelled")


def test_a_new_teacher_confirms_by_email_and_is_approved(stack, people):
    tag = uuid.uuid4().hex[:6]
    email = f"new.teacher.{tag}@example.com"
    visitor = Browser(stack.servers[1])
    visitor.get("/create-account")
    [(school_id,)] = stack.sql("SELECT id FROM schools WHERE urn = :u", u=people["urn"])
    page = visitor.post(
        "/create-account",
        {
            "full_name": f"New Teacher {tag}",
            "email": email,
            "school": str(school_id),
            "job_title": "Head of PSHE",
            "telephone": "01606 000000",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert "Check your e-mail" in text_of(page) or "Check your email" in text_of(page)
    message = wait_for_mail(stack, email, "Confirm your e-mail address")
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/create-account/confirm/\S+", body).group(0)
    assert link.startswith(stack.servers[0]), "e-mail links use SERVER_BASE_URL"
    visitor.get(link)
    visitor.post(link)
    [(user_id,)] = stack.sql("SELECT id FROM users WHERE email = :e", e=email)
    people["coordinator"].post(f"/coordinator/users/{user_id}/approve")
    wait_for_mail(stack, email, "account is approved")


def test_a_connection_lost_mid_confirmation_saves_nothing(stack, people):
    """The app server's database connection dies while a confirmation is half-written (status
    and history changed, e-mails not yet written): the officer gets the error page, nothing of
    it stays, and the next try succeeds."""
    _, reference = request_talk(stack, people, weeks_ahead=11)
    holder = create_engine(stack.database_url.replace("postgresql://", "postgresql+psycopg://"))
    results = []
    with holder.connect() as connection:
        transaction = connection.begin()
        # Writing an e-mail waits behind this lock, after the status and history are written.
        connection.execute(text("LOCK TABLE outbox_messages IN EXCLUSIVE MODE"))
        confirm = threading.Thread(
            target=lambda: results.append(
                people["officer"].post(
                    f"/officer/requests/{reference}/confirm",
                    {"confirm-option": "1", "confirm-start_time": "10:00"},
                    expect=None,
                )
            )
        )
        confirm.start()
        waiting = _wait_for_backend_waiting_on(stack, "INSERT INTO outbox_messages")
        stack.sql("SELECT pg_terminate_backend(:pid)", pid=waiting)
        confirm.join(timeout=30)
        transaction.rollback()
    holder.dispose()
    [response] = results
    assert response.status_code == 500
    assert "Nothing you entered has been saved" in text_of(response)
    [(status,)] = stack.sql("SELECT status FROM talk_requests WHERE reference = :r", r=reference)
    assert status == "requested"
    [(events,)] = stack.sql(
        "SELECT count(*) FROM audit_events a JOIN talk_requests r ON r.id = a.request_id "
        "WHERE r.reference = :r AND a.action = 'confirm'",
        r=reference,
    )
    assert events == 0
    page = people["officer"].post(
        f"/officer/requests/{reference}/confirm",
        {"confirm-option": "1", "confirm-start_time": "10:00"},
    )
    assert "Confirmed" in text_of(page)


def _wait_for_backend_waiting_on(stack, statement: str, seconds: float = 20) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = stack.sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE :q",
            q=statement + "%",
        )
        if rows:
            return rows[0][0]
        time.sleep(0.1)
    raise AssertionError(f"no app server got as far as {statement!r}")
