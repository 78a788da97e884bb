"""Retention: `flask purge` anonymises what is older than six school years and keeps the demand
figures; `flask export-user` writes everything held about a person."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from booking import reports
from booking.extensions import db
from booking.models import AuditEvent, Feedback, OutboxMessage, TalkRequest, User, UserSession
from booking.services import audit, privacy

OLD = datetime(2019, 6, 10, 10)  # before 1 September 2019: more than 6 school years ago
RECENT = datetime(2025, 6, 10, 10)


@pytest.mark.parametrize(
    "today,cutoff",
    [
        (date(2026, 3, 2), datetime(2019, 9, 1)),
        (date(2026, 8, 31), datetime(2019, 9, 1)),
        (date(2026, 9, 1), datetime(2020, 9, 1)),
    ],
)
def test_the_cutoff_is_the_start_of_a_school_year(today, cutoff):
    assert privacy.retention_cutoff(today, 6) == cutoff


def _world(make):
    officer = make.officer()
    gone = make.teacher(full_name="Alex Gone", job_title="Head", telephone="01632 960002")
    gone.status = "deactivated"
    gone.created_at = datetime(2018, 1, 1)
    old = make.confirmed(officer, OLD, teacher=gone, notes="Pupil A is in care")
    old.status = "delivered"
    old.created_at = OLD
    db.session.add(Feedback(request_id=old.id, teacher_id=gone.id, rating=5, comments="Jo cried"))
    db.session.add(
        AuditEvent(
            action="x", request_id=old.id, detail="Pupil A", created_at=OLD, ip_address="10.0.0.1"
        )
    )
    db.session.add(
        OutboxMessage(
            recipient=gone.email,
            subject="Old",
            body_text="Dear Alex",
            request_id=old.id,
            created_at=OLD,
            next_attempt_at=OLD,
        )
    )
    db.session.add(UserSession(token="old-token", user_id=gone.id, created_at=OLD))
    recent = make.talk_request(notes="Recent note", year_group="Year 4")
    db.session.flush()
    return officer, gone, old, recent


def _demand() -> list:
    filters = reports.Filters(first_day=date(2018, 9, 1), last_day=date(2027, 8, 31))
    demand = reports.demand_by_topic(filters, date(2026, 3, 2), ZoneInfo("Europe/London"))
    return [(row.name, row.figures) for row in demand.rows] + [demand.totals]


def test_purge_blanks_old_personal_data_and_keeps_the_figures(app, make):
    officer, gone, old, recent = _world(make)
    db.session.commit()
    figures = _demand()
    report = privacy.purge(date(2026, 3, 2), 6)
    db.session.commit()
    db.session.expire_all()
    old, recent, gone = (
        db.session.get(TalkRequest, old.id),
        db.session.get(TalkRequest, recent.id),
        db.session.get(User, gone.id),
    )
    assert (old.notes, old.year_group) == ("", "")
    assert (old.status, old.pupils, old.topic_id, old.school_id, old.teacher_id) == (
        "delivered",
        30,
        old.topic_id,
        old.school_id,
        gone.id,
    )
    assert old.feedback.comments == "" and old.feedback.rating == 5
    assert (recent.notes, recent.year_group) == ("Recent note", "Year 4")
    assert (gone.full_name, gone.email, gone.password_hash, gone.telephone) == (
        "Former user",
        f"deleted-{gone.id}@invalid",
        "",
        "",
    )
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "x")).scalar_one()
    assert (event.detail, event.ip_address) == ("", "")
    assert db.session.execute(db.select(OutboxMessage)).first() is None
    assert db.session.execute(db.select(UserSession)).first() is None
    assert db.session.get(User, officer.id).full_name != "Former user"
    assert (report.requests, report.users, report.messages, report.sessions) == (1, 1, 1, 1)
    assert _demand() == figures
    again = privacy.purge(date(2026, 3, 2), 6)
    assert (again.requests, again.users) == (0, 0)


def test_a_recently_deactivated_account_is_kept(app, make):
    user = make.officer()
    user.status = "deactivated"
    user.created_at = datetime(2015, 1, 1)
    audit.record("account_status_changed", actor=None, subject=user, to_status="deactivated")
    db.session.commit()
    assert privacy.purge(date(2026, 3, 2), 6).users == 0
    assert db.session.get(User, user.id).full_name != "Former user"


def test_purge_and_export_user_commands(app, make):
    officer, gone, old, recent = _world(make)
    teacher = recent.teacher
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-user", teacher.email.upper()])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["account"]["email"] == teacher.email
    assert data["requests"][0]["reference"] == recent.reference
    assert data["requests"][0]["notes"] == "Recent note"
    assert "password" not in result.output.lower()
    officer_data = json.loads(runner.invoke(args=["export-user", officer.email]).output)
    assert {r["as"] for r in officer_data["requests"]} == {"officer"}
    assert len(officer_data["availability"]["windows"]) == 5
    assert runner.invoke(args=["export-user", "nobody@example.org"]).exit_code == 1
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Anonymised before 01 September 2019 (6 school years): 1 requests, 1 former users" in (
        result.output
    )


def test_the_privacy_notice_is_linked_beside_the_accessibility_statement(app, client):
    from tests.pages import h1, page

    home = page(client.get("/"))
    footer_links = [a.get_text(strip=True) for a in home.select("footer a")]
    position = footer_links.index("Accessibility statement")
    assert footer_links[position + 1] == "Privacy notice"
    response = client.get("/privacy")
    assert h1(response) == "Privacy notice"
    assert "Requests are kept for 6 school years" in response.get_data(as_text=True)
