"""Calendar entries sent by e-mail are invitations calendar programs act on (RFC 5546): read by
two independent parsers, they put the session at the right instant, keep one UID per request
with a rising SEQUENCE, name the service as organizer and both people as attendees, and a
cancellation reaches everyone who has the entry, the person who cancelled included."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from booking import clock
from booking.domain.options import Option
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest
from booking.notifications import sender
from booking.notifications.compose import compose
from booking.notifications.ics import mail_domain
from booking.notifications.session_mail import session_ics
from booking.services import sessions, teacher_requests
from booking.services.request_talk import NewRequest, request_talk
from tests.calendar.parsers import ical_js, vobject_events

MONDAY = date(2026, 3, 23)
SENDER = "school-talks@example.police.uk"  # the default MAIL_DEFAULT_SENDER


@pytest.fixture
def people(make):
    school = make.school(name="Oakfield Primary", area="Crewe")
    return {
        "teacher": make.teacher(school=school, full_name="Jo Evans"),
        "officer": make.officer(areas=("Crewe",), full_name="PC Alex Morgan"),
        "topic": make.topic(name="Internet safety"),
    }


def _request(people) -> TalkRequest:
    details = NewRequest(
        topic_id=people["topic"].id,
        age_group="primary",
        year_group="Year 5",
        pupils=30,
        length_minutes=60,
        notes="",
        options=[Option("first", MONDAY, time(9), time(12))],
        submission_key="form-1",
    )
    return request_talk(details, people["teacher"], today=clock.today()).talk


def _calendar_files(tmp_path, talk: TalkRequest) -> list[tuple[OutboxMessage, object]]:
    db.session.flush()
    rows = (
        db.session.execute(
            db.select(OutboxMessage)
            .where(OutboxMessage.request_id == talk.id, OutboxMessage.ics.is_not(None))
            .order_by(OutboxMessage.id)
        )
        .scalars()
        .all()
    )
    files = []
    for row in rows:
        path = tmp_path / f"message-{row.id}.ics"
        path.write_text(row.ics, encoding="utf-8")
        files.append((row, path))
    return files


def test_10_00_in_january_is_10_00z_and_on_30_march_09_00z(app, make, tmp_path):
    officer = make.officer()
    winter = make.confirmed(officer, datetime(2027, 1, 13, 10))
    summer = make.confirmed(officer, datetime(2027, 3, 30, 10))
    paths = []
    for name, talk in (("winter", winter), ("summer", summer)):
        for method in ("REQUEST", "CANCEL"):
            path = tmp_path / f"{name}-{method}.ics"
            path.write_text(session_ics(talk, method), encoding="utf-8")
            paths.append(path)
    expected = ["2027-01-13T10:00:00.000Z"] * 2 + ["2027-03-30T09:00:00.000Z"] * 2
    by_ical_js = [read["events"][0]["start_utc"] for read in ical_js(paths)]
    by_vobject = [vobject_events(path)["events"][0]["start_utc"] for path in paths]
    assert by_ical_js == expected
    assert by_vobject == expected
    assert [read["method"] for read in ical_js(paths)] == ["REQUEST", "CANCEL"] * 2


def test_a_session_s_invitations_and_its_cancellation(app, people, tmp_path):
    teacher, officer = people["teacher"], people["officer"]
    talk = _request(people)
    sessions.confirm(talk, officer, position=1, start=time(10))
    sessions.cancel(talk, officer, "Called to court")
    files = _calendar_files(tmp_path, talk)
    sent_to = [(row.recipient, vobject_events(path)["method"]) for row, path in files]
    assert sorted(sent_to) == sorted(
        [
            (teacher.email, "REQUEST"),
            (officer.email, "REQUEST"),
            (officer.email, "CANCEL"),  # the officer who cancelled has it in their calendar too
            (teacher.email, "CANCEL"),
        ]
    )
    read = ical_js([path for _, path in files])
    events = [calendar["events"][0] for calendar in read]
    assert {e["uid"] for e in events} == {f"{talk.reference.lower()}@example.police.uk"}
    requests = [e for c, e in zip(read, events, strict=True) if c["method"] == "REQUEST"]
    cancels = [e for c, e in zip(read, events, strict=True) if c["method"] == "CANCEL"]
    assert max(e["sequence"] for e in requests) < min(e["sequence"] for e in cancels)
    assert {e["start_utc"] for e in events} == {"2026-03-23T10:00:00.000Z"}
    assert {e["status"] for e in cancels} == {"CANCELLED"}
    for event in events:
        assert event["organizer"] == f"mailto:{SENDER}"
        assert event["organizer_cn"] == "Cheshire Constabulary Communities Unit"
        assert sorted(a["address"] for a in event["attendees"]) == sorted(
            [f"mailto:{teacher.email}", f"mailto:{officer.email}"]
        )
        assert {a["rsvp"] for a in event["attendees"]} == {"FALSE"}
    for _, path in files:
        assert vobject_events(path)["events"][0]["organizer"] == f"mailto:{SENDER}"


def test_the_teacher_who_cancels_gets_the_cancellation_for_their_calendar(app, people, tmp_path):
    talk = _request(people)
    sessions.confirm(talk, people["officer"], position=1, start=time(9, 30))
    teacher_requests.cancel(talk, people["teacher"], reason="School closed for snow")
    cancels = [
        row.recipient
        for row, path in _calendar_files(tmp_path, talk)
        if vobject_events(path)["method"] == "CANCEL"
    ]
    assert sorted(cancels) == sorted([people["teacher"].email, people["officer"].email])


def test_the_mail_carries_the_invitation_as_outlook_sends_it(app, smtp, people):
    talk = _request(people)
    sessions.confirm(talk, people["officer"], position=1, start=time(10))
    db.session.commit()
    smtp.inbox.messages.clear()
    sender.deliver()
    confirmation = next(
        m
        for m in smtp.inbox.messages
        if "confirmed" in str(m["Subject"]) and m["To"] == people["teacher"].email
    )
    assert confirmation.get_content_type() == "multipart/mixed"
    alternative = next(p for p in confirmation.iter_parts())
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in calendar_part.get_content()
    [attachment] = list(confirmation.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert b"BEGIN:VCALENDAR" in attachment.get_content()
    assert confirmation["Message-ID"].endswith("@example.police.uk>")
    assert (
        confirmation["From"].addresses[0].display_name == "Cheshire Constabulary Communities Unit"
    )
    assert confirmation["From"].addresses[0].addr_spec == SENDER


def test_from_message_id_and_uids_use_the_sender_s_own_domain_whatever_its_form():
    config = {
        "MAIL_DEFAULT_SENDER": "Talks <school-talks@cheshire.police.uk>",
        "FORCE_NAME": "Cheshire Constabulary",
        "UNIT_NAME": "Communities Unit",
    }
    row = OutboxMessage(recipient="jo@school.example", subject="Hello", body_text="Hello")
    email = compose(row, config)
    assert str(email["From"]) == (
        "Cheshire Constabulary Communities Unit <school-talks@cheshire.police.uk>"
    )
    assert email["Message-ID"].endswith("@cheshire.police.uk>")
    assert mail_domain(config) == "cheshire.police.uk"
