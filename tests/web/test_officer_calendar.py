"""Your availability, your calendar and the .ics subscription feed, through the test client."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from icalendar import Calendar
from sqlalchemy import select

from booking.extensions import db
from booking.models import AvailabilityWindow, Closure, TalkRequest, TimeOff, User
from booking.services import proposals, sessions
from tests.calendar.parsers import ical_js, vobject_events
from tests.pages import field_error, h1, text


def test_add_change_and_remove_a_window(make, sign_in, client):
    officer = make.officer(windows=[])
    db.session.commit()
    sign_in(officer)
    assert h1(client.get("/officer/availability")) == "Your availability"
    response = client.post(
        "/officer/availability/windows",
        data={"window-weekday": "1", "window-starts": "09:00", "window-ends": "12:30"},
        follow_redirects=True,
    )
    assert "Window added: Tuesday 09:00–12:30" in text(response)
    window = db.session.execute(select(AvailabilityWindow)).scalar_one()
    response = client.post(
        f"/officer/availability/windows/{window.id}",
        data={"starts": "09:30", "ends": "13:00"},
        follow_redirects=True,
    )
    assert "Window changed to Tuesday 09:30–13:00" in text(response)
    response = client.post(
        f"/officer/availability/windows/{window.id}/remove", follow_redirects=True
    )
    assert "Window removed: Tuesday 09:30–13:00" in text(response)
    assert db.session.execute(select(AvailabilityWindow)).first() is None


def test_window_errors_are_shown_next_to_the_field(make, sign_in, client):
    officer = make.officer(windows=[(1, time(9), time(12, 30))])
    db.session.commit()
    sign_in(officer)
    overlapping = client.post(
        "/officer/availability/windows",
        data={"window-weekday": "1", "window-starts": "12:00", "window-ends": "15:00"},
    )
    assert field_error(overlapping, "window-starts") == (
        "This window overlaps your window Tuesday 09:00–12:30"
    )
    early = client.post(
        "/officer/availability/windows",
        data={"window-weekday": "2", "window-starts": "07:30", "window-ends": "10:00"},
    )
    assert "within the service hours, 08:00 to 17:00" in field_error(early, "window-starts")
    blank = client.post("/officer/availability/windows", data={"window-weekday": "2"})
    assert field_error(blank, "window-ends") == "Enter when the window ends, like 12:30"


def test_another_officers_window_cannot_be_changed(make, sign_in, client):
    owner, other = make.officer(), make.officer()
    window = (
        db.session.execute(
            select(AvailabilityWindow).where(AvailabilityWindow.officer_id == owner.id)
        )
        .scalars()
        .first()
    )
    db.session.commit()
    sign_in(other)
    assert client.post(f"/officer/availability/windows/{window.id}/remove").status_code == 404


def test_sessions_no_longer_covered_are_listed_not_dropped(make, sign_in, client):
    officer = make.officer(windows=[(0, time(9), time(12))])
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    window = db.session.execute(select(AvailabilityWindow)).scalar_one()
    sign_in(officer)
    client.post(f"/officer/availability/windows/{window.id}/remove", follow_redirects=True)
    response = client.post(
        "/officer/availability/time-off",
        data={
            "off-first_day": ["6", "4", "2026"],
            "off-last_day": ["10", "4", "2026"],
            "off-reason": "Leave",
        },
        follow_redirects=True,
    )
    body = text(response)
    assert "Time off added: 6 April 2026 to 10 April 2026" in body
    assert "1 confirmed session is no longer inside your availability" in body
    assert talk.reference in body and "outside your availability windows" in body


def test_time_off_last_day_before_first_day(make, sign_in, client):
    officer = make.officer()
    db.session.commit()
    sign_in(officer)
    response = client.post(
        "/officer/availability/time-off",
        data={"off-first_day": ["10", "4", "2026"], "off-last_day": ["6", "4", "2026"]},
    )
    assert field_error(response, "off-last_day") == (
        "The last day must be the same as or after the first day"
    )
    response = client.post(
        "/officer/availability/time-off",
        data={"off-first_day": ["31", "2", "2026"], "off-last_day": ["6", "4", "2026"]},
    )
    assert field_error(response, "off-first_day") == "First day must be a real date, like 27 3 2026"


def test_week_view_shows_sessions_windows_time_off_closures_and_bank_holidays(
    make, sign_in, client
):
    officer = make.officer()
    school = make.school(name="Oakfield Primary")
    topic = make.topic(name="Internet safety")
    make.confirmed(officer, datetime(2026, 3, 31, 13), teacher=make.teacher(school), topic=topic)
    db.session.add(
        Closure(first_day=date(2026, 4, 1), last_day=date(2026, 4, 1), reason="Training day")
    )
    db.session.add(
        TimeOff(
            officer_id=officer.id,
            first_day=date(2026, 4, 2),
            last_day=date(2026, 4, 2),
            reason="Court",
        )
    )
    db.session.commit()
    sign_in(officer)
    body = text(client.get("/officer/calendar?week=2026-03-30"))
    assert "Week of Monday 30 March 2026" in body
    assert "13:00–14:00 Oakfield Primary" in body and "Internet safety, 60 minutes" in body
    assert "No talks: Training day" in body
    assert "Time off: Court" in body
    assert "Bank holiday: Good Friday" in body
    assert "09:00–16:00" in body
    jumped = text(client.get("/officer/calendar?day=15&day=4&day=2026"))
    assert "Week of Monday 13 April 2026" in jumped
    nxt = text(client.get("/officer/calendar?week=2026-03-30"))
    assert "Next week" in nxt and "Previous week" in nxt


def test_upcoming_list_and_feed_with_a_replaceable_token(make, sign_in, client, app):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    sign_in(officer)
    assert talk.reference in text(client.get("/officer/calendar/upcoming"))
    client.post("/officer/calendar/subscription", follow_redirects=True)
    token = db.session.get(User, officer.id).calendar_token
    feed_client = app.test_client()  # no session cookie: calendar programs do not sign in
    response = feed_client.get(f"/calendar-feed/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["uid"]) == f"{talk.reference.lower()}@example.police.uk"
    assert "DTSTART;TZID=Europe/London:20260323T100000" in response.get_data(as_text=True)
    response = client.post("/officer/calendar/subscription", follow_redirects=True)
    assert "the old link no longer works" in text(response)
    assert feed_client.get(f"/calendar-feed/{token}.ics").status_code == 404
    db.session.expire_all()
    new = db.session.get(User, officer.id).calendar_token
    assert feed_client.get(f"/calendar-feed/{new}.ics").status_code == 200


def test_at_the_weekend_the_calendar_opens_on_the_week_ahead(app, make, sign_in, client):
    officer = make.officer()
    db.session.commit()
    for now, shown in [
        (datetime(2026, 3, 7, 10, tzinfo=UTC), "Week of Monday 9 March 2026"),  # a Saturday
        (datetime(2026, 3, 6, 10, tzinfo=UTC), "Week of Monday 2 March 2026"),  # a Friday
    ]:
        app.config["FROZEN_NOW"] = now
        sign_in(officer)
        assert shown in text(client.get("/officer/calendar"))


def _feed_events(feed_client, token: str, tmp_path, name: str) -> tuple[list[dict], list[dict]]:
    """The feed's events as ical.js and as vobject read them, sorted by start."""
    response = feed_client.get(f"/calendar-feed/{token}.ics")
    assert response.status_code == 200
    path = tmp_path / f"{name}.ics"
    path.write_bytes(response.data)
    by_ical_js = sorted(ical_js([path])[0]["events"], key=lambda e: e["start_utc"])
    by_vobject = sorted(vobject_events(path)["events"], key=lambda e: e["start_utc"])
    return by_ical_js, by_vobject


def test_open_proposed_times_are_tentative_in_the_feed_until_answered(
    make, sign_in, client, app, tmp_path
):
    officer = make.officer()
    school = make.school(name="Oakfield Primary School", area="Crewe")
    teacher = make.teacher(school=school)
    talk = make.talk_request(teacher=teacher)
    db.session.commit()
    sessions.propose(
        talk, officer, [(1, date(2026, 3, 23), time(13)), (2, date(2026, 3, 30), time(10))]
    )
    db.session.commit()
    sign_in(officer)
    client.post("/officer/calendar/subscription", follow_redirects=True)
    token = db.session.get(User, officer.id).calendar_token
    feed_client = app.test_client()

    for events in _feed_events(feed_client, token, tmp_path, "proposed"):
        # 13:00 on 23 March is 13:00Z (winter); 10:00 on 30 March is 09:00Z (summer time)
        assert [(e["start_utc"], e["end_utc"]) for e in events] == [
            ("2026-03-23T13:00:00.000Z", "2026-03-23T14:00:00.000Z"),
            ("2026-03-30T09:00:00.000Z", "2026-03-30T10:00:00.000Z"),
        ]
        assert [e["status"] for e in events] == ["TENTATIVE", "TENTATIVE"]
        assert all("Proposed time" in e["summary"] for e in events)
        assert all("Oakfield Primary School" in e["summary"] for e in events)
        uids = [e["uid"] for e in events]
        assert len(set(uids)) == 2 and talk.reference.lower() not in [u.split("@")[0] for u in uids]
    again, _ = _feed_events(feed_client, token, tmp_path, "again")
    assert [e["uid"] for e in again] == uids  # stable: calendar programs update, not duplicate

    talk = db.session.get(TalkRequest, talk.id)
    sessions.accept_proposal(talk, talk.proposals[1], teacher)
    db.session.commit()
    for events in _feed_events(feed_client, token, tmp_path, "accepted"):
        assert [(e["start_utc"], e["status"]) for e in events] == [
            ("2026-03-30T09:00:00.000Z", "CONFIRMED")
        ]
        assert events[0]["uid"] == f"{talk.reference.lower()}@example.police.uk"


def test_a_withdrawn_proposal_leaves_the_feed(make, sign_in, client, app, tmp_path):
    officer = make.officer()
    teacher = make.teacher(school=make.school(area="Crewe"))
    talk = make.talk_request(teacher=teacher)
    db.session.commit()
    sessions.propose(talk, officer, [(1, date(2026, 3, 23), time(13))])
    db.session.commit()
    sign_in(officer)
    client.post("/officer/calendar/subscription", follow_redirects=True)
    token = db.session.get(User, officer.id).calendar_token
    feed_client = app.test_client()
    by_ical_js, _ = _feed_events(feed_client, token, tmp_path, "before")
    assert [e["status"] for e in by_ical_js] == ["TENTATIVE"]

    talk = db.session.get(TalkRequest, talk.id)
    proposals.withdraw(talk, db.session.get(User, officer.id), "Called to court")
    db.session.commit()
    for events in _feed_events(feed_client, token, tmp_path, "after"):
        assert events == []
