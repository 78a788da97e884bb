"""Coordinators' pages: assigning, accounts, topics, schools and closures, through the client."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest

from booking.extensions import db
from booking.models import Closure, OutboxMessage, School, TalkRequest, Topic
from tests.pages import error_summary, field_error, h1, page, text


@pytest.fixture
def boss(make, sign_in):
    user = make.coordinator(full_name="Cora Ordinator")
    db.session.commit()
    sign_in(user)
    return user


def test_assign_officer_from_the_request_page(client, make, boss):
    officer = make.officer(full_name="Pat Officer", areas=("Crewe",))
    make.officer(full_name="Gone Officer", status="deactivated")
    talk = make.talk_request()
    db.session.commit()
    listing = text(client.get("/coordinator/requests"))
    assert f"Assign officer to {talk.reference}" in listing
    form_page = page(client.get(f"/coordinator/requests/{talk.reference}"))
    labels = [
        label.get_text(strip=True) for label in form_page.select("#assign-officer + form label")
    ]
    assert labels == ["Pat Officer (Crewe)"]  # active officers only
    response = client.post(
        f"/coordinator/requests/{talk.reference}", data={"officer": str(officer.id)}
    )
    assert response.status_code == 302
    after = text(client.get(response.location))
    assert f"{talk.reference} assigned to Pat Officer" in after
    assert "Assigned Cora Ordinator Assigned to Pat Officer" in after
    assert db.session.execute(db.select(OutboxMessage.recipient)).scalar_one() == officer.email


def test_assigning_without_choosing_says_what_to_do(client, make, boss):
    make.officer()
    talk = make.talk_request()
    db.session.commit()
    response = client.post(f"/coordinator/requests/{talk.reference}", data={})
    assert error_summary(response) == ["Select the officer to assign the request to"]


def _outbox() -> dict[str, str]:
    rows = db.session.execute(db.select(OutboxMessage.recipient, OutboxMessage.subject))
    return dict(rows.all())


def test_decline_an_open_request_from_its_page(client, make, boss):
    officer = make.officer(full_name="Pat Officer")
    talk = make.talk_request(officer_id=officer.id)
    db.session.commit()
    shown = page(client.get(f"/coordinator/requests/{talk.reference}"))
    headings = [h.get_text(strip=True) for h in shown.find_all("h2")]
    assert "Decline request" in headings and "Cancel request" in headings
    response = client.post(
        f"/coordinator/requests/{talk.reference}/decline",
        data={"decline-reason": "No officer is free this term"},
    )
    assert response.location.endswith(f"/coordinator/requests/{talk.reference}")
    after = text(client.get(response.location))
    assert f"{talk.reference} declined: the school and Pat Officer have been told" in after
    assert "Declined Cora Ordinator No officer is free this term" in after
    assert "Decline request" not in after and "Cancel request" not in after
    assert _outbox() == {
        talk.teacher.email: f"{talk.reference}: request declined",
        officer.email: f"{talk.reference}: request declined by the Communities Unit",
    }


def test_cancel_a_confirmed_session_from_its_page(client, make, boss):
    officer = make.officer(full_name="Pat Officer")
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    shown = text(client.get(f"/coordinator/requests/{talk.reference}"))
    assert "Cancel request" in shown and "Decline request" not in shown
    response = client.post(
        f"/coordinator/requests/{talk.reference}/cancel",
        data={"cancel-reason": "Force closure that day"},
    )
    after = text(client.get(response.location))
    assert f"{talk.reference} cancelled: the school and Pat Officer have been told" in after
    assert "Cancelled Cora Ordinator Force closure that day" in after
    assert _outbox() == {
        talk.teacher.email: f"{talk.reference}: talk on 23 March cancelled",
        officer.email: f"{talk.reference}: talk on 23 March cancelled by the Communities Unit",
    }


@pytest.mark.parametrize(
    "action,message",
    [
        ("decline", "Enter why you are declining the request"),
        ("cancel", "Enter why you are cancelling the request"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_needed_to_decline_or_cancel(client, make, boss, action, message, reason):
    talk = make.talk_request()
    db.session.commit()
    response = client.post(
        f"/coordinator/requests/{talk.reference}/{action}", data={f"{action}-reason": reason}
    )
    assert response.status_code == 200
    assert field_error(response, f"{action}-reason") == message
    assert error_summary(response) == [message]
    assert page(response).title.get_text(strip=True).startswith("Error: ")
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "requested"
    assert _outbox() == {}


def test_a_request_closed_meanwhile_is_left_alone(client, make, boss):
    talk = make.talk_request()
    talk.status = "cancelled"
    db.session.commit()
    response = client.post(
        f"/coordinator/requests/{talk.reference}/decline", data={"decline-reason": "No officer"}
    )
    shown = text(client.get(response.location))
    assert f"{talk.reference} is cancelled: it cannot be declined" in shown
    assert _outbox() == {}


def test_requests_filters_narrow_the_list(client, make, boss):
    crewe = make.teacher(make.school(area="Crewe"))
    chester = make.teacher(make.school(area="Chester"))
    mine = make.talk_request(teacher=chester)
    make.talk_request(teacher=crewe)
    db.session.commit()
    response = client.get("/coordinator/requests?area=Chester&status=requested")
    assert "1 request matches the filters" in text(response)
    assert mine.reference in text(response)


def test_the_pending_list_says_why_each_teacher_needs_approval(client, make, boss):
    school = make.school(email_domains="oak.sch.uk")
    make.teacher(school=school, full_name="On Domain", email="on@oak.sch.uk", status="pending")
    make.teacher(school=school, full_name="Off Domain", email="off@mail.example", status="pending")
    db.session.commit()
    listing = text(client.get("/coordinator/users"))
    assert "on@oak.sch.uk Oak" not in listing
    assert re.search(r"On Domain .*? School's domains not marked as staff-only", listing)
    assert re.search(r"Off Domain .*? E-mail address not on the school's domains", listing)


def test_a_coordinator_marks_a_schools_domains_as_staff_only(client, make, boss):
    school = make.school(urn="700006", email_domains="oak.sch.uk")
    db.session.commit()
    form = {"urn": "700006", "name": "Oak Primary", "phase": "primary", "postcode": "CW1 2AB"}
    form |= {"area": "Crewe", "email_domains": "oak.sch.uk", "domains_staff_only": "yes"}
    assert client.post(f"/coordinator/schools/{school.id}", data=form).status_code == 302
    db.session.expire_all()
    assert school.domains_staff_only is True
    page = client.get(f"/coordinator/schools/{school.id}").data.decode()
    assert re.search(r'value="yes"[^>]*checked', page)


def test_approve_a_pending_teacher(client, make, boss):
    teacher = make.teacher(full_name="Tess Pending", status="pending")
    db.session.commit()
    assert "Tess Pending" in text(client.get("/coordinator/users"))
    response = client.post(f"/coordinator/users/{teacher.id}/approve", data={"back": "list"})
    assert response.location.endswith("/coordinator/users")
    assert "Tess Pending approved and told by e-mail" in text(client.get(response.location))
    assert "No teachers are waiting for approval" in text(client.get("/coordinator/users"))


def test_create_an_officer(client, boss):
    response = client.post(
        "/coordinator/users/new",
        data={"full_name": "Olly Officer", "email": "olly@police.example", "role": "officer"},
    )
    assert response.status_code == 302
    shown = text(client.get(response.location))
    assert "We have e-mailed olly@police.example a link to choose a password" in shown
    assert "/reset-password/" in db.session.execute(db.select(OutboxMessage.body_text)).scalar()


def test_create_user_form_errors_are_next_to_fields(client, make, boss):
    existing = make.officer(email="taken@police.example")
    db.session.commit()
    response = client.post(
        "/coordinator/users/new",
        data={"full_name": "Twin", "email": existing.email, "role": "officer"},
    )
    assert "already exists" in field_error(response, "email")


def test_a_deactivated_user_is_signed_out(app, make, boss, client):
    officer = make.officer()
    db.session.commit()
    other = app.test_client()
    other.post("/sign-in", data={"email": officer.email, "password": "correct-horse-battery"})
    assert other.get("/officer/requests").status_code == 200
    client.post(f"/coordinator/users/{officer.id}/deactivate")
    assert other.get("/officer/requests").status_code == 302
    response = other.post(
        "/sign-in", data={"email": officer.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 200  # refused: the sign-in page again


def test_officer_areas_and_topics_are_saved(client, make, boss):
    officer = make.officer(areas=("Crewe",))
    topic = make.topic(name="Knife crime")
    make.school(area="Warrington")
    db.session.commit()
    response = client.post(
        f"/coordinator/users/{officer.id}", data={"areas": ["Warrington"], "topics": [topic.id]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert officer.area_names == ["Warrington"] and [t.name for t in officer.topics] == [
        "Knife crime"
    ]


def test_add_retire_and_restore_a_topic(client, boss):
    response = client.post(
        "/coordinator/topics/new",
        data={
            "name": "Road safety",
            "description": "Roads",
            "age_groups": ["primary"],
            "default_length": "45",
        },
    )
    assert "Topic Road safety added" in text(client.get(response.location))
    topic = db.session.execute(db.select(Topic)).scalar_one()
    client.post(f"/coordinator/topics/{topic.id}/retire")
    assert "Road safety Primary (4 to 11) 45 minutes Retired" in text(
        client.get("/coordinator/topics")
    )
    client.post(f"/coordinator/topics/{topic.id}/restore")
    db.session.expire_all()
    assert topic.active


def test_topic_needs_an_age_group(client, boss):
    response = client.post(
        "/coordinator/topics/new", data={"name": "Road safety", "default_length": "45"}
    )
    assert error_summary(response) == ["Select at least one age group"]


def _upload(client, content: str):
    return client.post(
        "/coordinator/schools/import",
        data={"file": (io.BytesIO(content.encode("utf-8")), "schools.csv")},
        content_type="multipart/form-data",
    )


HEADER = "urn,name,phase,address,postcode,area,email_domains\n"


def test_import_schools_good_file_then_bad_file(client, make, boss):
    make.area("Crewe")
    response = _upload(client, HEADER + "700001,Alder Primary,primary,,CW1 2AB,Crewe,\n")
    assert "Schools imported: 1 added, 0 updated" in text(client.get(response.location))
    bad = _upload(
        client,
        HEADER + "700001,Alder Academy,primary,,CW1 2AB,Crewe,\n12,Bad,primary,,CW1 2AB,Crewe,\n",
    )
    soup = page(bad)
    problems = [li.get_text(strip=True) for li in soup.select("#import-problems li")]
    assert problems == ["Row 3: urn must be 6 digits"]
    assert error_summary(bad) == ["The file has problems: no schools were imported"]
    assert db.session.execute(db.select(School.name)).scalar_one() == "Alder Primary"


def test_import_accepts_a_file_saved_with_a_byte_order_mark(client, make, boss):
    make.area("Crewe")
    response = _upload(
        client, "\ufeff" + HEADER + "700001,Alder Primary,primary,,CW1 2AB,Crewe,\r\n"
    )
    assert "Schools imported: 1 added, 0 updated" in text(client.get(response.location))
    assert db.session.execute(db.select(School.urn)).scalar_one() == "700001"


def test_school_export_is_a_spreadsheet_safe_csv(client, make, boss):
    make.school(urn="700007", name="=1+1 Primary", address="", email_domains="")
    db.session.commit()
    export = client.get("/coordinator/schools.csv")
    assert export.data.startswith(b"\xef\xbb\xbfurn,name,phase,")
    assert b"\r\n700007,'=1+1 Primary,primary,,CW1 2AB,Crewe,\r\n" in export.data


def test_import_refuses_a_file_that_is_not_utf8(client, boss):
    response = client.post(
        "/coordinator/schools/import",
        data={"file": (io.BytesIO("urn,name\n1,Caf\xe9".encode("latin-1")), "s.csv")},
        content_type="multipart/form-data",
    )
    assert error_summary(response) == ["The file must be a CSV saved as UTF-8"]


def test_search_and_edit_a_school(client, make, boss):
    school = make.school(name="Oak Primary", urn="700005", postcode="CW1 2AB")
    db.session.commit()
    assert "Oak Primary" in text(client.get("/coordinator/schools?q=700005"))
    response = client.post(
        f"/coordinator/schools/{school.id}",
        data={
            "urn": "700005",
            "name": "Oak Academy",
            "phase": "primary",
            "postcode": "cw12ab",
            "area": "Crewe",
            "email_domains": "",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (school.name, school.postcode) == ("Oak Academy", "CW1 2AB")
    export = client.get("/coordinator/schools.csv")
    assert "700005,Oak Academy,primary" in export.data.decode()


def test_add_and_remove_a_closure(client, boss):
    response = client.post(
        "/coordinator/closures",
        data={
            "first_day": ["14", "4", "2026"],
            "last_day": ["15", "4", "2026"],
            "reason": "Force training",
        },
    )
    assert response.status_code == 302
    listing = text(client.get("/coordinator/closures"))
    assert "Tue 14 Apr 2026 to Wed 15 Apr 2026 Force training Closure" in listing
    assert "Fri 3 Apr 2026 Good Friday Bank holiday" in listing
    closure = db.session.execute(db.select(Closure)).scalar_one()
    client.post(f"/coordinator/closures/{closure.id}/remove")
    assert db.session.execute(db.select(Closure)).first() is None


def test_closures_page_lists_sessions_and_requests_a_closure_left_without_a_day(client, make, boss):
    officer = make.officer(full_name="Pat Officer")
    school = make.school(name="Oakfield Primary")
    session = make.confirmed(
        officer, datetime(2026, 4, 14, 10), teacher=make.teacher(school), minutes=45
    )
    stuck = make.talk_request(
        make.teacher(school), options=[(date(2026, 4, 15), time(9), time(15))]
    )
    make.talk_request(options=[(date(2026, 4, 16), time(9), time(15))])  # an open day
    db.session.commit()
    before = text(client.get("/coordinator/closures"))
    assert "No confirmed session from today on falls on a closed day" in before
    assert "Every open request still has an option on an open day" in before
    client.post(
        "/coordinator/closures",
        data={
            "first_day": ["14", "4", "2026"],
            "last_day": ["15", "4", "2026"],
            "reason": "Force training",
        },
    )
    shown = page(client.get("/coordinator/closures"))
    sessions, requests = (
        shown.select("#sessions-on-closed-days + p + table tbody tr"),
        shown.select("#requests-with-no-open-day-left + p + table tbody tr"),
    )
    assert [" ".join(row.get_text(" ").split()) for row in sessions] == [
        f"{session.reference} Oakfield Primary Pat Officer Tue 14 Apr 2026, 10:00 to 10:45 "
        "Force training"
    ]
    assert [" ".join(row.get_text(" ").split()) for row in requests] == [
        f"{stuck.reference} Oakfield Primary Not assigned Wed 15 Apr 2026"
    ]
    link = sessions[0].find("a")["href"]
    assert link == f"/coordinator/requests/{session.reference}"
    assert "Cancel request" in text(client.get(link))


def test_closure_last_day_before_first(client, boss):
    response = client.post(
        "/coordinator/closures",
        data={
            "first_day": ["15", "4", "2026"],
            "last_day": ["14", "4", "2026"],
            "reason": "Training",
        },
    )
    assert "Last day must be the same as or after the first day" in field_error(
        response, "last_day"
    )


@pytest.mark.parametrize("role", ["teacher", "officer"])
@pytest.mark.parametrize(
    "path",
    [
        "/coordinator/topics",
        "/coordinator/schools",
        "/coordinator/users",
        "/coordinator/closures",
        "/coordinator/schools.csv",
        "/coordinator/users/new",
    ],
)
def test_only_coordinators_manage(client, make, sign_in, role, path):
    user = getattr(make, role)()
    db.session.commit()
    sign_in(user)
    assert client.get(path).status_code == 403


def test_pages_have_their_headings(client, boss):
    for path, heading in [
        ("/coordinator/topics", "Topics"),
        ("/coordinator/schools", "Schools"),
        ("/coordinator/users", "Users"),
        ("/coordinator/closures", "Closures"),
        ("/coordinator/schools/import", "Import schools"),
        ("/coordinator/users/new", "Create an officer or coordinator"),
        ("/coordinator/feedback", "Feedback"),
    ]:
        assert h1(client.get(path)) == heading


def test_a_closure_in_the_past_or_on_a_weekend_is_refused_next_to_its_field(client, boss):
    past = client.post(
        "/coordinator/closures",
        data={"first_day": ["27", "2", "2026"], "last_day": ["3", "3", "2026"], "reason": "Inset"},
    )
    assert field_error(past, "first_day") == "First day must be today (02/03/2026) or later"
    weekend = client.post(
        "/coordinator/closures",
        data={"first_day": ["9", "3", "2026"], "last_day": ["14", "3", "2026"], "reason": "Inset"},
    )
    assert field_error(weekend, "last_day") == "Last day must be a weekday, Monday to Friday"
    assert db.session.execute(db.select(Closure)).first() is None
