"""The Request a talk form: its labels, each validation message next to its field, the
confirmation page, and one request per form however often it is sent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from booking.domain.vocabulary import UserStatus
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from tests.pages import error_summary, field_error, h1, page, text

NEW = "/teacher/requests/new"


@pytest.fixture
def teacher(make, sign_in):
    teacher = make.teacher(make.school(name="Oakfield Primary School", area="Chester"))
    db.session.commit()
    sign_in(teacher)
    return teacher


@pytest.fixture
def topic(make):
    topic = make.topic(name="Internet safety", slug="internet-safety", default_length=45)
    db.session.commit()
    return topic


def form_data(chosen, **overrides) -> dict:
    data = {
        "topic": str(chosen.id),
        "age_group": "primary",
        "year_group": "Year 5",
        "pupils": "30",
        "length_minutes": "60",
        "first_day": ["17", "3", "2026"],
        "first_start": "09:00",
        "first_finish": "12:00",
        "second_day": ["", "", ""],
        "second_start": "",
        "second_finish": "",
        "notes": "",
        "submission_key": "form-key-1",
    }
    data.update(overrides)
    return data


def requests_made() -> int:
    return db.session.execute(select(func.count(TalkRequest.id))).scalar_one()


def test_the_form_has_the_labels_teachers_and_tests_rely_on(client, teacher, topic, make):
    make.topic(name="Retired topic", active=False)
    db.session.commit()
    response = client.get(NEW)
    assert response.status_code == 200
    soup = page(response)
    assert h1(response) == "Request a talk"
    labels = [label.get_text(strip=True) for label in soup.find_all("label")]
    legends = [legend.get_text(" ", strip=True) for legend in soup.find_all("legend")]
    for label in ("Topic", "Year group or class", "Number of pupils", "Notes for the officer"):
        assert label in labels
    assert labels.count("Earliest start") == 3
    assert labels.count("Latest finish") == 3
    assert labels.count("Day") == labels.count("Month") == labels.count("Year") == 3
    for legend in ("Age group", "Session length", "First choice", "Second choice (optional)"):
        assert legend in legends
    assert "Third choice (optional)" in legends
    topics = [o.get_text(strip=True) for o in soup.find(id="topic").find_all("option")]
    assert topics == ["Select a topic", "Internet safety (primary and secondary)"]
    assert soup.find("button", string=lambda s: s and s.strip() == "Send request")
    assert soup.find("input", attrs={"name": "submission_key", "type": "hidden"})["value"]
    assert "from Monday 16 March 2026" in text(response)


def test_a_topic_link_preselects_the_topic_and_its_usual_length(client, teacher, topic):
    soup = page(client.get(f"{NEW}?topic=internet-safety"))
    assert soup.find(id="topic").find("option", selected=True)["value"] == str(topic.id)
    assert soup.find("input", attrs={"name": "length_minutes", "checked": True})["value"] == "45"


def test_sending_the_form_shows_the_reference_and_what_happens_next(client, teacher, topic):
    response = client.post(NEW, data=form_data(topic))
    assert response.status_code == 302
    talk = db.session.execute(select(TalkRequest)).scalar_one()
    assert response.headers["Location"] == f"/teacher/requests/{talk.id}/sent"
    confirmation = client.get(response.headers["Location"])
    assert talk.reference in text(confirmation)
    assert "What happens next" in text(confirmation)
    assert talk.teacher_id == teacher.id
    recipients = db.session.execute(select(OutboxMessage.recipient)).scalars().all()
    assert recipients == [teacher.email]


def test_a_double_click_makes_one_request(client, teacher, topic):
    first = client.post(NEW, data=form_data(topic))
    second = client.post(NEW, data=form_data(topic))
    assert first.headers["Location"] == second.headers["Location"]
    assert requests_made() == 1


def test_an_empty_session_length_takes_the_topics_usual_length(client, teacher, topic):
    client.post(NEW, data=form_data(topic, length_minutes=""))
    assert db.session.execute(select(TalkRequest.length_minutes)).scalar_one() == 45


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"topic": ""}, "topic", "Select a topic"),
        ({"age_group": ""}, "age_group", "Select the age group of the class"),
        ({"year_group": ""}, "year_group", "Enter the year group or class, like Year 5 or 9B"),
        ({"year_group": "x" * 61}, "year_group", "Year group or class must be 60 characters"),
        ({"pupils": ""}, "pupils", "Enter the number of pupils"),
        ({"pupils": "thirty"}, "pupils", "Number of pupils must be a whole number, like 30"),
        ({"pupils": "0"}, "pupils", "Number of pupils must be between 1 and 400"),
        ({"pupils": "401"}, "pupils", "Number of pupils must be between 1 and 400"),
        ({"length_minutes": "50"}, "length_minutes", "Select a session length of 30, 45, 60"),
        ({"first_day": ["", "", ""]}, "first_day", "Enter the date of your first choice"),
        (
            {"first_day": ["17", "", "2026"]},
            "first_day",
            "The date of your first choice must include a day, month and year",
        ),
        (
            {"first_day": ["30", "2", "2026"]},
            "first_day",
            "The date of your first choice must be a real date",
        ),
        ({"first_start": ""}, "first_start", "Enter the earliest start of your first choice"),
        ({"first_start": "9am"}, "first_start", "Earliest start must be a time in the 24-hour"),
        ({"first_finish": ""}, "first_finish", "Enter the latest finish of your first choice"),
        (
            {"second_start": "10:00"},
            "second_day",
            "Enter the date of your second choice",
        ),
        (
            {"second_day": ["18", "3", "2026"]},
            "second_start",
            "Enter the earliest start of your second choice",
        ),
        ({"notes": "x" * 2001}, "notes", "Notes must be 2,000 characters or fewer"),
    ],
)
def test_each_missing_or_malformed_answer_is_shown_next_to_its_field(
    client, teacher, topic, overrides, field, message
):
    response = client.post(NEW, data=form_data(topic, **overrides))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert any(message in item for item in error_summary(response))
    assert page(response).title.get_text().startswith("Error: ")
    assert requests_made() == 0


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"first_day": ["14", "3", "2026"]}, "first_day", "must be a weekday"),
        ({"first_day": ["6", "4", "2026"]}, "first_day", "a bank holiday (Easter Monday)"),
        (
            {"first_day": ["13", "3", "2026"]},
            "first_day",
            "at least 10 working days from today: the earliest date is Monday 16 March 2026",
        ),
        ({"first_day": ["3", "9", "2026"]}, "first_day", "the latest date is Wednesday 2 Sept"),
        ({"first_start": "07:30"}, "first_start", "Earliest start must be between 08:00 and 17:00"),
        ({"first_finish": "17:30"}, "first_finish", "Latest finish must be between 08:00"),
        ({"first_finish": "08:30"}, "first_finish", "Latest finish must be after the earliest"),
        ({"first_finish": "09:45"}, "first_finish", "at least 60 minutes after the earliest start"),
        (
            {"second_day": ["17", "3", "2026"], "second_start": "09:00", "second_finish": "12:00"},
            "second_day",
            "Second choice is the same as your first choice",
        ),
    ],
)
def test_each_broken_rule_is_shown_next_to_its_field(
    client, teacher, topic, overrides, field, message
):
    response = client.post(NEW, data=form_data(topic, **overrides))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert requests_made() == 0


def test_a_topic_that_does_not_suit_the_age_group_is_refused(client, teacher, make):
    topic = make.topic(name="Weapons and knife crime", for_primary=False)
    db.session.commit()
    response = client.post(NEW, data=form_data(topic))
    assert field_error(response, "topic") == (
        "Weapons and knife crime is not offered to primary (4 to 11) classes: "
        "choose another topic or age group"
    )
    assert requests_made() == 0


def test_a_pending_teacher_cannot_request(client, make, sign_in, topic):
    teacher = make.teacher(status=UserStatus.PENDING.value)
    db.session.commit()
    sign_in(teacher)
    response = client.post(NEW, data=form_data(topic))
    assert response.headers["Location"] == "/account-pending"
    assert requests_made() == 0


@pytest.mark.parametrize("role", ["officer", "coordinator"])
def test_other_roles_cannot_request(client, make, sign_in, topic, role):
    user = getattr(make, role)()
    db.session.commit()
    sign_in(user)
    assert client.post(NEW, data=form_data(topic)).status_code == 403
    assert requests_made() == 0


def test_a_topic_that_does_not_suit_and_a_bad_date_are_shown_together(client, teacher, make):
    secondary_only = make.topic(name="Driver awareness", for_primary=False)
    db.session.commit()
    response = client.post(
        NEW, data=form_data(secondary_only, first_day=["14", "3", "2026"], age_group="primary")
    )
    assert "is not offered to primary" in field_error(response, "topic")
    assert "must be a weekday" in field_error(response, "first_day")
    assert len(error_summary(response)) == 2
    assert requests_made() == 0


@pytest.mark.parametrize(
    "phase,offered",
    [
        ("primary", ["Primary (4 to 11)"]),
        ("secondary", ["Secondary (11 to 16)"]),
        ("all-through", ["Primary (4 to 11)", "Secondary (11 to 16)"]),
        ("special", ["Primary (4 to 11)", "Secondary (11 to 16)"]),
    ],
)
def test_the_age_groups_offered_follow_the_schools_phase(client, make, sign_in, phase, offered):
    teacher = make.teacher(make.school(phase=phase))
    db.session.commit()
    sign_in(teacher)
    soup = page(client.get(NEW))
    radios = soup.find_all("input", attrs={"name": "age_group"})
    labels = [soup.find("label", attrs={"for": r["id"]}).get_text(strip=True) for r in radios]
    assert labels == offered
    assert [r.has_attr("checked") for r in radios] == [len(offered) == 1] * len(offered)


def test_a_primary_school_cannot_ask_for_a_secondary_class(client, teacher, topic):
    response = client.post(NEW, data=form_data(topic, age_group="secondary"))
    assert field_error(response, "age_group") == (
        "Oakfield Primary School is a primary school: choose Primary (4 to 11)"
    )
    assert requests_made() == 0
