"""An officer leaves: the coordinator sees their sessions to come, open proposals and areas,
gives each session to another officer (re-checked against that officer's diary) or cancels
it, and only then closes the account, which withdraws the open proposals."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from icalendar import Calendar
from sqlalchemy import select

from booking.extensions import db
from booking.models import OutboxMessage, Proposal, TalkRequest, User
from tests.pages import error_summary, field_error, h1, page, text


@pytest.fixture
def boss(make, sign_in):
    user = make.coordinator(full_name="Cora Ordinator")
    db.session.commit()
    sign_in(user)
    return user


def _mails(talk) -> dict[str, OutboxMessage]:
    rows = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.request_id == talk.id).order_by(OutboxMessage.id)
    ).scalars()
    return {row.recipient: row for row in rows}


def _event(ics: str):
    calendar = Calendar.from_ical(ics)
    (event,) = [c for c in calendar.walk("VEVENT")]
    return str(calendar["METHOD"]), str(event["UID"]), int(event["SEQUENCE"])


def test_an_officer_leaves_after_their_sessions_are_given_away_or_cancelled(client, make, boss):
    tom = make.officer(full_name="PC Tom Hughes", areas=("Chester",))
    amy = make.officer(full_name="PC Amy Shaw", areas=("Crewe",))
    oak = make.teacher(make.school(name="Oakfield Primary School", area="Chester"))
    first = make.confirmed(tom, datetime(2026, 3, 24, 10), teacher=oak)
    second = make.confirmed(tom, datetime(2026, 3, 25, 10), teacher=oak)
    busy = make.confirmed(amy, datetime(2026, 3, 25, 10, 30))  # Amy cannot take `second`
    waiting = make.talk_request(status="proposed")
    waiting.proposals.append(
        Proposal(
            officer_id=tom.id,
            position=1,
            starts_at=datetime(2026, 3, 26, 10),
            ends_at=datetime(2026, 3, 26, 11),
        )
    )
    db.session.commit()
    sequence_before = first.calendar_sequence

    user_page = page(client.get(f"/coordinator/users/{tom.id}"))
    leaving_url = user_page.find("a", string="Deactivate")["href"]
    review = client.get(leaving_url)
    assert h1(review) == "Deactivate PC Tom Hughes"
    shown = text(review)
    assert first.reference in shown and second.reference in shown
    assert waiting.reference in shown  # the open proposal
    assert "Chester: no other officer covers it" in shown
    assert "Deactivate account" not in shown

    closed_too_soon = client.post(f"/coordinator/users/{tom.id}/deactivate")
    assert closed_too_soon.location.endswith(leaving_url)
    assert "PC Tom Hughes still has 2 sessions to come" in text(client.get(leaving_url))
    db.session.expire_all()
    assert db.session.get(User, tom.id).status == "active"

    refused = client.post(
        leaving_url,
        data={
            "session": second.reference,
            "what": "give",
            f"{second.reference}-give-officer": amy.id,
        },
    )
    assert refused.status_code == 400
    message = field_error(refused, f"{second.reference}-give-officer")
    assert message.startswith("PC Amy Shaw cannot take it: ")
    assert "PC Amy Shaw has a session at" in message
    assert error_summary(refused) == [message]

    given = client.post(
        leaving_url,
        data={
            "session": first.reference,
            "what": "give",
            f"{first.reference}-give-officer": amy.id,
        },
    )
    assert given.status_code == 302
    assert (
        f"{first.reference} given to PC Amy Shaw: the school, PC Amy Shaw and PC Tom Hughes "
        "have been told"
    ) in text(client.get(given.location))
    db.session.expire_all()
    moved = db.session.get(TalkRequest, first.id)
    assert (moved.officer_id, moved.status) == (amy.id, "confirmed")
    mails = _mails(moved)
    school_update = _event(mails[oak.email].ics)
    assert school_update[0] == "REQUEST" and school_update[2] > sequence_before
    assert _event(mails[amy.email].ics) == school_update  # the same entry: moved, not copied
    assert _event(mails[tom.email].ics)[:2] == ("CANCEL", school_update[1])
    assert "will now be given by PC Amy Shaw" in mails[oak.email].body_text
    assert "Given to another officer" in text(
        client.get(f"/coordinator/requests/{first.reference}")
    )

    cancelled = client.post(
        leaving_url,
        data={
            "session": second.reference,
            "what": "cancel",
            f"{second.reference}-cancel-reason": "PC Hughes has left; no cover that day",
        },
    )
    assert cancelled.status_code == 302
    review = text(client.get(leaving_url))
    assert "No sessions to come." in review and "Deactivate account" in review

    done = client.post(f"/coordinator/users/{tom.id}/deactivate")
    assert "PC Tom Hughes deactivated" in text(client.get(done.location))
    db.session.expire_all()
    assert db.session.get(User, tom.id).status == "deactivated"
    assert db.session.get(TalkRequest, second.id).status == "cancelled"
    withdrawn = db.session.get(TalkRequest, waiting.id)
    assert (withdrawn.status, withdrawn.proposals) == ("requested", [])
    assert "proposed times withdrawn" in _mails(withdrawn)[withdrawn.teacher.email].subject
    assert db.session.get(TalkRequest, busy.id).officer_id == amy.id


def test_a_coordinator_can_give_a_session_only_to_a_free_officer_in_their_windows(
    client, make, boss
):
    tom = make.officer(full_name="PC Tom Hughes")
    mornings = make.officer(full_name="PC Ann Early", windows=[(1, time(8), time(9, 30))])
    talk = make.confirmed(tom, datetime(2026, 3, 24, 10))
    db.session.commit()
    refused = client.post(
        f"/coordinator/users/{tom.id}/leaving",
        data={
            "session": talk.reference,
            "what": "give",
            f"{talk.reference}-give-officer": mornings.id,
        },
    )
    assert "PC Ann Early cannot take it: The session is outside their availability windows" in (
        field_error(refused, f"{talk.reference}-give-officer")
    )
    db.session.expire_all()
    assert db.session.get(TalkRequest, talk.id).officer_id == tom.id
