"""The officer's requests inbox and request page, through the test client."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from booking.services import sessions
from tests.pages import error_summary, field_error, h1, page, text

MONDAY = date(2026, 3, 23)


def test_inbox_marks_each_option_fits_clashes_or_outside(make, sign_in, client):
    officer = make.officer(windows=[(0, time(9), time(12))])
    oakfield = make.school(name="Oakfield Primary", area="Chester")
    make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=make.teacher(oakfield))
    talk = make.talk_request(
        options=[
            (MONDAY, time(8), time(9, 30)),
            (MONDAY, time(10), time(11)),
            (date(2026, 3, 24), time(9), time(12)),
        ]
    )
    db.session.commit()
    sign_in(officer)
    body = text(client.get("/officer/requests"))
    assert talk.reference in body
    assert "clashes with your session at Oakfield Primary 10:00–11:00" in body
    assert "outside your windows" in body
    # 08:00-09:30 with 60 minutes: 08:30 is outside the 09:00 window; the officer cannot.
    assert body.count("fits, from") == 0


def test_inbox_filters_by_topic_area_and_status(make, sign_in, client):
    officer = make.officer()
    drugs, knives = make.topic(name="Drugs"), make.topic(name="Weapons and knife crime")
    crewe = make.teacher(make.school(area="Crewe"))
    chester = make.teacher(make.school(area="Chester"))
    first = make.talk_request(teacher=crewe, topic=drugs)
    second = make.talk_request(teacher=chester, topic=knives)
    db.session.commit()
    sign_in(officer)
    by_topic = text(client.get(f"/officer/requests?topic={drugs.id}"))
    assert first.reference in by_topic and second.reference not in by_topic
    by_area = text(client.get("/officer/requests?area=Chester"))
    assert second.reference in by_area and first.reference not in by_area
    by_status = text(client.get("/officer/requests?status=proposed"))
    assert "No open requests match these filters" in by_status


def test_confirm_from_the_request_page(make, sign_in, client):
    officer = make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    sign_in(officer)
    response = client.get(f"/officer/requests/{talk.reference}")
    assert h1(response) == f"Request {talk.reference}"
    assert "fits, from 09:00" in text(response)
    response = client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "10:00"},
        follow_redirects=True,
    )
    assert f"{talk.reference} confirmed: it is in your calendar" in text(response)
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "confirmed"
    calendar = text(client.get("/officer/calendar?week=2026-03-23"))
    assert "10:00–11:00" in calendar and talk.school.name in calendar


def test_confirm_shows_the_clash_next_to_start_time(make, sign_in, client):
    officer = make.officer()
    oakfield = make.school(name="Oakfield Primary")
    make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=make.teacher(oakfield))
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "10:30"},
    )
    assert response.status_code == 200
    message = "This time is no longer free: you have a session at Oakfield Primary 10:00–11:00"
    assert field_error(response, "confirm-start_time") == message
    assert error_summary(response) == [message]
    assert page(response).title.get_text().startswith("Error: ")


def test_confirm_with_a_bad_time_says_how_to_write_it(make, sign_in, client):
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "ten"},
    )
    assert "24-hour clock" in field_error(response, "confirm-start_time")


def test_propose_and_decline(make, sign_in, client):
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/propose",
        data={
            "propose-day_1": ["24", "3", "2026"],
            "propose-start_1": "10:00",
        },
        follow_redirects=True,
    )
    assert "Times proposed to the school" in text(response)
    assert "Tuesday 24 March 2026, 10:00 to 11:00" in text(response)
    response = client.post(f"/officer/requests/{talk.reference}/decline", data={})
    assert field_error(response, "decline-reason") == "Enter why you are declining the request"
    response = client.post(
        f"/officer/requests/{talk.reference}/decline",
        data={"decline-reason": "No officer free"},
        follow_redirects=True,
    )
    assert h1(response) == "Requests"
    assert f"{talk.reference} declined: the school has been told" in text(response)
    assert "Page not found" not in text(response)
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "declined"
    subjects = db.session.execute(select(OutboxMessage.subject)).scalars().all()
    assert f"{talk.reference}: request declined" in subjects


def test_another_officers_session_is_not_found_by_changing_the_url(make, sign_in, client):
    owner, other = make.officer(), make.officer()
    talk = make.confirmed(owner, datetime(2026, 3, 2, 10))
    db.session.commit()
    sign_in(other)
    assert client.get(f"/officer/requests/{talk.reference}").status_code == 404
    deliver = client.post(
        f"/officer/requests/{talk.reference}/deliver", data={"deliver-pupils_reached": "20"}
    )
    cancel = client.post(f"/officer/requests/{talk.reference}/cancel", data={"cancel-reason": "x"})
    assert (deliver.status_code, cancel.status_code) == (404, 404)
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "confirmed"


def test_deliver_own_session_on_its_day(make, sign_in, client, app):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 2, 8, 0))
    later = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    sign_in(officer)
    assert "You can mark the talk as delivered from Monday 23 March 2026" in text(
        client.get(f"/officer/requests/{later.reference}")
    )
    response = client.post(
        f"/officer/requests/{talk.reference}/deliver",
        data={"deliver-pupils_reached": "27"},
        follow_redirects=True,
    )
    assert f"{talk.reference} marked as delivered" in text(response)
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).pupils_reached == 27


def test_pupils_reached_is_at_least_one_and_can_be_corrected_after_delivery(make, sign_in, client):
    officer = make.officer(full_name="PC Tom Hughes")
    talk = make.confirmed(officer, datetime(2026, 3, 2, 8, 0))
    db.session.commit()
    sign_in(officer)
    none = client.post(
        f"/officer/requests/{talk.reference}/deliver", data={"deliver-pupils_reached": "0"}
    )
    assert field_error(none, "deliver-pupils_reached") == "Pupils reached must be between 1 and 400"
    client.post(
        f"/officer/requests/{talk.reference}/deliver", data={"deliver-pupils_reached": "27"}
    )
    shown = client.get(f"/officer/requests/{talk.reference}")
    assert page(shown).find(id="correct-pupils_reached")["value"] == "27"
    bad = client.post(
        f"/officer/requests/{talk.reference}/pupils-reached", data={"correct-pupils_reached": "0"}
    )
    assert field_error(bad, "correct-pupils_reached") == "Pupils reached must be between 1 and 400"
    response = client.post(
        f"/officer/requests/{talk.reference}/pupils-reached",
        data={"correct-pupils_reached": "29"},
        follow_redirects=True,
    )
    shown = text(response)
    assert f"{talk.reference}: pupils reached corrected" in shown
    assert "Pupils reached corrected PC Tom Hughes" in shown
    assert "From 27 to 29 pupils reached" in shown
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).pupils_reached == 29


def test_cancel_own_session_needs_a_reason(make, sign_in, client):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    sign_in(officer)
    response = client.post(f"/officer/requests/{talk.reference}/cancel", data={})
    assert field_error(response, "cancel-reason") == "Enter why you are cancelling the session"
    response = client.post(
        f"/officer/requests/{talk.reference}/cancel",
        data={"cancel-reason": "Called to court"},
        follow_redirects=True,
    )
    assert f"{talk.reference} cancelled: the school has been told" in text(response)


def test_teachers_cannot_use_officer_pages(make, sign_in, client):
    teacher = make.teacher()
    db.session.commit()
    sign_in(teacher)
    assert client.get("/officer/requests").status_code == 403


def test_inbox_shows_the_officers_own_areas_first_and_all_on_request(make, sign_in, client):
    officer = make.officer(areas=("Crewe",))
    crewe = make.talk_request(teacher=make.teacher(make.school(area="Crewe")))
    chester = make.talk_request(teacher=make.teacher(make.school(area="Chester")))
    db.session.commit()
    sign_in(officer)
    own = text(client.get("/officer/requests"))
    assert "in your areas (Crewe)" in own
    assert crewe.reference in own and chester.reference not in own
    everywhere = text(client.get("/officer/requests?area=all"))
    assert crewe.reference in everywhere and chester.reference in everywhere


def test_inbox_shows_25_requests_a_page(make, sign_in, client):
    officer = make.officer()
    teacher = make.teacher()
    topic = make.topic()
    references = [
        make.talk_request(
            teacher=teacher, topic=topic, options=[(date(2026, 3, 23 + i % 5), time(9), time(15))]
        ).reference
        for i in range(26)
    ]
    db.session.commit()
    sign_in(officer)
    first = client.get("/officer/requests")
    assert "26 open requests, page 1" in text(first)
    second = text(client.get("/officer/requests?page=2"))
    shown = [r for r in references if r in text(first)] + [r for r in references if r in second]
    assert sorted(shown) == sorted(references)


def test_the_officer_who_confirms_second_is_told_who_confirmed_first(make, sign_in, client):
    first, second = make.officer(full_name="PC Yasmin Cole"), make.officer()
    talk = make.talk_request(options=[(MONDAY, time(9), time(15))])
    db.session.commit()
    sign_in(second)
    client.get(f"/officer/requests/{talk.reference}")  # the page is open...
    sessions.confirm(talk, first, position=1, start=time(10))  # ...when the other confirms
    db.session.commit()
    response = client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "11:00"},
        follow_redirects=True,
    )
    assert h1(response) == "Requests"
    assert f"{talk.reference}: This request is already confirmed by PC Yasmin Cole" in text(
        response
    )


def test_every_proposed_time_that_does_not_fit_is_explained_at_once(make, sign_in, client):
    officer = make.officer()
    talk = make.talk_request()
    db.session.commit()
    sign_in(officer)
    response = client.post(
        f"/officer/requests/{talk.reference}/propose",
        data={
            # a Saturday; a time outside the officer's windows; a date with no start time
            "propose-day_1": ["28", "3", "2026"],
            "propose-start_1": "10:00",
            "propose-day_2": ["24", "3", "2026"],
            "propose-start_2": "07:30",
            "propose-day_3": ["25", "3", "2026"],
        },
    )
    assert field_error(response, "propose-day_1") == "Date 1 must be a weekday, Monday to Friday"
    assert "Talks take place from 08:00 to 17:00" in field_error(response, "propose-start_2")
    assert field_error(response, "propose-start_3") == "Enter a start time for date 3"
    assert len(error_summary(response)) == 3
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).status == "requested"
