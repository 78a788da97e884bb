"""What must never break is enforced by the database itself, not only by Python."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from booking.extensions import db
from booking.models import AvailabilityWindow, User


def _refused(statement: str, **params) -> None:
    with pytest.raises(IntegrityError):
        db.session.execute(text(statement), params)
        db.session.flush()
    db.session.rollback()


def test_request_reference_is_unique(make):
    first = make.talk_request()
    with pytest.raises(IntegrityError):
        make.talk_request(reference=first.reference)
    db.session.rollback()


def test_status_must_be_a_known_value(make):
    talk = make.talk_request()
    db.session.commit()
    _refused("UPDATE talk_requests SET status = 'approved' WHERE id = :id", id=talk.id)


def test_confirmed_request_needs_an_officer_and_a_time(make):
    talk = make.talk_request()
    db.session.commit()
    _refused("UPDATE talk_requests SET status = 'confirmed' WHERE id = :id", id=talk.id)


def test_session_must_end_after_it_starts(make):
    officer = make.officer()
    talk = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    _refused("UPDATE talk_requests SET ends_at = starts_at WHERE id = :id", id=talk.id)


def test_email_is_unique_whatever_its_case(make):
    make.user(email="jo@example.org")
    db.session.commit()
    with pytest.raises(IntegrityError):
        make.user(email="Jo@Example.org")
    db.session.rollback()
    with pytest.raises(IntegrityError):
        db.session.add(User(email="jo@example.org", full_name="Other", role="coordinator"))
        db.session.flush()
    db.session.rollback()


def test_teacher_needs_a_school(make):
    with pytest.raises(IntegrityError):
        db.session.add(User(email="t@example.org", full_name="T", role="teacher"))
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("weekday", [5, 6, -1])
def test_windows_are_on_weekdays_only(make, weekday):
    officer = make.officer(windows=[])
    with pytest.raises(IntegrityError):
        db.session.add(
            AvailabilityWindow(
                officer_id=officer.id, weekday=weekday, starts_at=time(9), ends_at=time(10)
            )
        )
        db.session.flush()
    db.session.rollback()


def test_pupils_between_1_and_400(make):
    with pytest.raises(IntegrityError):
        make.talk_request(pupils=401)
    db.session.rollback()


# The exclusion constraints exist on PostgreSQL only (SQLite serialises writers instead).
postgresql_only = pytest.mark.parametrize("backend", ["postgresql"])


def _insert_confirmed(
    officer_id, school_id, teacher_id, topic_id, starts, ends, busy_from, busy_until
):
    db.session.execute(
        text(
            "INSERT INTO talk_requests (reference, school_id, teacher_id, topic_id, age_group, "
            "year_group, pupils, length_minutes, notes, status, officer_id, starts_at, ends_at, "
            "busy_from, busy_until, calendar_sequence, created_at, updated_at) VALUES "
            "(:ref, :school, :teacher, :topic, 'primary', 'Year 5', 30, 60, '', 'confirmed', "
            ":officer, :starts, :ends, :busy_from, :busy_until, 0, now(), now())"
        ),
        dict(
            ref="SLO-RAWSQL",
            school=school_id,
            teacher=teacher_id,
            topic=topic_id,
            officer=officer_id,
            starts=starts,
            ends=ends,
            busy_from=busy_from,
            busy_until=busy_until,
        ),
    )
    db.session.flush()


@postgresql_only
def test_postgresql_refuses_a_raw_overlapping_session(make):
    officer = make.officer()
    existing = make.confirmed(officer, datetime(2026, 3, 23, 10))
    db.session.commit()
    with pytest.raises(IntegrityError, match="ex_talk_requests_officer_sessions_overlap"):
        _insert_confirmed(
            officer.id,
            existing.school_id,
            existing.teacher_id,
            existing.topic_id,
            datetime(2026, 3, 23, 10, 30),
            datetime(2026, 3, 23, 11, 30),
            datetime(2026, 3, 23, 10, 30),
            datetime(2026, 3, 23, 11, 30),
        )
    db.session.rollback()


@postgresql_only
def test_postgresql_refuses_a_raw_session_inside_the_travel_buffer(make):
    officer = make.officer()
    existing = make.confirmed(officer, datetime(2026, 3, 23, 10))  # busy 09:45-11:15
    other = make.teacher()
    db.session.commit()
    with pytest.raises(IntegrityError, match="ex_talk_requests_officer_travel_buffer"):
        _insert_confirmed(
            officer.id,
            other.school_id,
            other.id,
            existing.topic_id,
            datetime(2026, 3, 23, 11, 10),
            datetime(2026, 3, 23, 12, 10),
            datetime(2026, 3, 23, 10, 55),
            datetime(2026, 3, 23, 12, 25),
        )
    db.session.rollback()


def test_back_to_back_sessions_at_one_school_are_allowed(make):
    officer = make.officer()
    first = make.confirmed(officer, datetime(2026, 3, 23, 9))
    teacher = db.session.get(User, first.teacher_id)
    make.confirmed(officer, datetime(2026, 3, 23, 10), teacher=teacher)
    db.session.commit()
