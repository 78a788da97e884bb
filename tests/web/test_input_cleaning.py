"""The inputs an outside audit sent, answered with a message on the field or a 404, never a
500, and nothing written (on both databases: PostgreSQL refuses a NUL byte, SQLite stores it)."""

from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest, User
from tests.pages import h1, new_account_form, text


def _rows(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(
    ("field", "label"),
    [("full_name", "Full name"), ("job_title", "Job title"), ("telephone", "Telephone number")],
)
def test_a_nul_byte_in_a_new_account_is_refused_on_its_field(client, make, field, label):
    school = make.school(email_domains="oakfield.sch.uk")
    db.session.commit()
    data = new_account_form(school, "jo.evans@oakfield.sch.uk", **{field: "Jo\x00Evans"})
    response = client.post("/create-account", data=data)
    assert response.status_code == 200
    assert f"{label} must not contain control characters" in text(response)
    assert _rows(OutboxMessage) == 0
    assert _rows(User) == 0


@pytest.mark.parametrize("path", ["/topics/a%00b", "/topics/a%0Ab"])
def test_a_control_character_in_a_path_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_byte_in_a_calendar_feed_address_is_not_found(client, make):
    officer = make.officer()
    db.session.commit()
    assert client.get(f"/calendar-feed/{officer.calendar_token}%00.ics").status_code == 404


@pytest.mark.parametrize("query", ["week=9999-12-27", "week=0001-01-01", "week=2026-13-01"])
def test_a_far_week_in_the_calendar_shows_this_week(client, make, sign_in, query):
    sign_in(make.officer())
    response = client.get(f"/officer/calendar?{query}")
    assert response.status_code == 200
    assert h1(response) == "Your calendar"


def test_a_far_day_to_jump_to_gets_the_fields_message(client, make, sign_in):
    sign_in(make.officer())
    response = client.get("/officer/calendar?day=31&day=12&day=9999")
    assert response.status_code == 200
    assert "must be between 2000 and 2100" in text(response)


def test_a_query_parameter_with_a_nul_byte_is_ignored(client, make, sign_in):
    sign_in(make.coordinator())
    response = client.get("/coordinator/users?role=officer%00&status=active")
    assert response.status_code == 200


def test_a_far_last_day_on_the_demand_report_gets_the_fields_message(client, make, sign_in):
    sign_in(make.coordinator())
    query = "first_day=1&first_day=9&first_day=2026&last_day=31&last_day=12&last_day=9999"
    response = client.get(f"/coordinator/demand?{query}")
    assert response.status_code == 200
    assert "must be between 2000 and 2100" in text(response)


@pytest.mark.parametrize("pupils", ["²", "٣٠", "9" * 5000])
def test_odd_digits_as_the_number_of_pupils_get_the_fields_message(client, make, sign_in, pupils):
    teacher = make.teacher(make.school(name="Oakfield Primary School", area="Chester"))
    make.topic(name="Internet safety", slug="internet-safety", default_length=45)
    db.session.commit()
    sign_in(teacher)
    response = client.post("/teacher/requests/new", data={"pupils": pupils})
    assert response.status_code == 200
    assert "Number of pupils must be a whole number, like 30" in text(response)
    assert _rows(TalkRequest) == 0


@pytest.mark.parametrize("topic", ["²", "9" * 5000, "1%00"])
def test_odd_topic_ids_in_the_coordinators_filters_are_ignored(client, make, sign_in, topic):
    sign_in(make.coordinator())
    assert client.get(f"/coordinator/requests?topic={topic}").status_code == 200


@pytest.mark.parametrize("topic", ["²", "٣", "9" * 5000])
def test_odd_topic_ids_in_the_officers_filters_are_ignored(client, make, sign_in, topic):
    sign_in(make.officer())
    assert client.get(f"/officer/requests?topic={topic}").status_code == 200
