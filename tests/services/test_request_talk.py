"""Sending a request: the rules, the reference, the audit trail, the e-mails, and one request per
form however often it is sent. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy import func, select

from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.options import Option, OptionsRejected
from booking.domain.references import ALPHABET, LENGTH, PREFIX
from booking.domain.vocabulary import UserStatus
from booking.extensions import db
from booking.models import AuditEvent, Closure, OutboxMessage, TalkRequest, User
from booking.services.request_talk import NewRequest, request_talk

TODAY = date(2026, 3, 2)


def looks_like_reference(text: str) -> bool:
    body = text.removeprefix(PREFIX)
    return text.startswith(PREFIX) and len(body) == LENGTH and all(c in ALPHABET for c in body)


@pytest.fixture(autouse=True)
def web_request(app):
    """Services run inside a web request, where e-mails are rendered with the page context."""
    with app.test_request_context():
        yield


def details(topic, key="key-1", **overrides) -> NewRequest:
    values = dict(
        topic_id=topic.id,
        age_group="primary",
        year_group="Year 5",
        pupils=30,
        length_minutes=60,
        notes="  The class has covered online safety.  ",
        options=[
            Option("first", date(2026, 3, 17), time(9), time(12)),
            Option("second", date(2026, 3, 19), time(13), time(15)),
        ],
        submission_key=key,
    )
    values.update(overrides)
    return NewRequest(**values)


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_request_is_created_with_a_reference_history_and_emails(make):
    school = make.school(area="Crewe")
    teacher = make.teacher(school)
    topic = make.topic(name="Internet safety")
    coordinator = make.coordinator()
    local = make.officer(areas=("Crewe",))
    make.officer(areas=("Chester",))
    make.officer(areas=("Crewe",), status=UserStatus.DEACTIVATED.value)

    result = request_talk(details(topic), teacher, today=TODAY, ip_address="10.0.0.1")

    talk = result.talk
    assert result.created
    assert looks_like_reference(talk.reference)
    assert (talk.status, talk.school_id, talk.teacher_id) == ("requested", school.id, teacher.id)
    assert talk.notes == "The class has covered online safety."
    assert [(o.position, o.day, o.earliest_start) for o in talk.options] == [
        (1, date(2026, 3, 17), time(9)),
        (2, date(2026, 3, 19), time(13)),
    ]
    event = db.session.execute(select(AuditEvent).where(AuditEvent.request_id == talk.id)).one()[0]
    assert (event.action, event.actor_id, event.to_status, event.ip_address) == (
        "requested",
        teacher.id,
        "requested",
        "10.0.0.1",
    )
    mail = {m.recipient: m for m in db.session.execute(select(OutboxMessage)).scalars()}
    assert set(mail) == {teacher.email, coordinator.email, local.email}
    assert mail[teacher.email].subject.startswith(f"{talk.reference}: we have your request")
    assert "What happens next" in mail[teacher.email].body_text
    assert f"{talk.reference}: new request from {school.name}" in mail[local.email].subject
    assert "The class has covered online safety." in mail[local.email].body_text
    assert all(m.request_id == talk.id for m in mail.values())


def test_the_same_form_sent_twice_makes_one_request(make):
    teacher = make.teacher()
    topic = make.topic()
    first = request_talk(details(topic, key="double-click"), teacher, today=TODAY)
    db.session.commit()
    again = request_talk(details(topic, key="double-click"), teacher, today=TODAY)
    db.session.commit()

    assert again.talk.id == first.talk.id
    assert not again.created
    assert count(TalkRequest) == 1
    assert count(OutboxMessage) == 1  # only the teacher's "request received"


def test_a_new_form_makes_a_new_request(make):
    teacher = make.teacher()
    topic = make.topic()
    one = request_talk(details(topic, key="form-1"), teacher, today=TODAY)
    two = request_talk(details(topic, key="form-2"), teacher, today=TODAY)
    assert one.talk.reference != two.talk.reference
    assert count(TalkRequest) == 2


def test_another_teachers_submission_key_is_refused(make):
    topic = make.topic()
    request_talk(details(topic, key="shared"), make.teacher(), today=TODAY)
    with pytest.raises(NotAllowed):
        request_talk(details(topic, key="shared"), make.teacher(), today=TODAY)


@pytest.mark.parametrize(
    "topic_values,age_group,message",
    [
        (dict(for_primary=False), "primary", "is not offered to primary (4 to 11) classes"),
        (dict(for_secondary=False), "secondary", "is not offered to secondary (11 to 16) classes"),
        (dict(active=False), "primary", "is no longer offered"),
    ],
)
def test_the_topic_must_be_offered_to_the_age_group(make, topic_values, age_group, message):
    topic = make.topic(**topic_values)
    with pytest.raises(RuleBroken) as caught:
        request_talk(details(topic, age_group=age_group), make.teacher(), today=TODAY)
    assert caught.value.field == "topic"
    assert message in caught.value.message
    assert count(TalkRequest) == 0


def test_a_topic_that_does_not_suit_is_reported_with_every_date_problem(make):
    """The teacher fixes the whole form in one round, not the topic first and the dates next."""
    topic = make.topic(name="Driver awareness", for_primary=False)
    options = [
        Option("first", date(2026, 3, 14), time(9), time(12)),
        Option("second", date(2026, 4, 6), time(9), time(12)),
    ]
    with pytest.raises(OptionsRejected) as caught:
        request_talk(details(topic, options=options), make.teacher(), today=TODAY)
    assert {p.field: p.message for p in caught.value.problems} == {
        "topic": "Driver awareness is not offered to primary (4 to 11) classes: choose another "
        "topic or age group",
        "first_day": "First choice must be a weekday, Monday to Friday",
        "second_day": "Second choice is a bank holiday (Easter Monday): choose another day",
    }
    assert count(TalkRequest) == 0


def test_broken_options_are_all_reported_and_nothing_is_saved(make):
    options = [
        Option("first", date(2026, 3, 14), time(9), time(12)),
        Option("second", date(2026, 4, 6), time(9), time(12)),
    ]
    with pytest.raises(OptionsRejected) as caught:
        request_talk(details(make.topic(), options=options), make.teacher(), today=TODAY)
    assert {p.field: p.message for p in caught.value.problems} == {
        "first_day": "First choice must be a weekday, Monday to Friday",
        "second_day": "Second choice is a bank holiday (Easter Monday): choose another day",
    }
    assert count(TalkRequest) == 0
    assert count(OutboxMessage) == 0


def test_a_closure_entered_by_a_coordinator_is_refused(make):
    db.session.add(Closure(first_day=date(2026, 3, 17), last_day=date(2026, 3, 18), reason="Inset"))
    with pytest.raises(OptionsRejected) as caught:
        request_talk(details(make.topic()), make.teacher(), today=TODAY)
    assert caught.value.problems[0].message == (
        "First choice is a day with no talks (Inset): choose another day"
    )


@pytest.mark.parametrize("status", [UserStatus.PENDING, UserStatus.DEACTIVATED])
def test_only_an_active_teacher_can_request(make, status):
    teacher = make.teacher(status=status.value)
    with pytest.raises(NotAllowed):
        request_talk(details(make.topic()), teacher, today=TODAY)
    assert count(TalkRequest) == 0


def test_an_officer_cannot_request(make):
    with pytest.raises(NotAllowed):
        request_talk(details(make.topic()), make.officer(), today=TODAY)


# PostgreSQL only: two truly concurrent transactions; SQLite serialises writers, so the race
# cannot happen there.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_posts_of_one_form_at_the_same_moment_make_one_request(app, make):
    teacher_id, topic = make.teacher().id, make.topic()
    form = details(topic, key="same-moment")
    db.session.commit()
    start = threading.Barrier(2)
    results: list[tuple[int, bool]] = []

    def post() -> None:
        with app.app_context(), app.test_request_context():
            teacher = db.session.get(User, teacher_id)
            start.wait()
            result = request_talk(form, teacher, today=TODAY)
            db.session.commit()
            results.append((result.talk.id, result.created))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 2
    assert len({talk_id for talk_id, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, True]
    assert count(TalkRequest) == 1


@pytest.mark.parametrize(
    "phase,age_group,accepted",
    [
        ("primary", "primary", True),
        ("primary", "secondary", False),
        ("secondary", "primary", False),
        ("secondary", "secondary", True),
        ("all-through", "primary", True),
        ("all-through", "secondary", True),
        ("special", "primary", True),
        ("special", "secondary", True),
    ],
)
def test_the_age_group_must_be_one_the_schools_phase_has(make, phase, age_group, accepted):
    school = make.school(name="Oakfield School", phase=phase)
    teacher = make.teacher(school)
    topic = make.topic()
    if accepted:
        request_talk(details(topic, age_group=age_group), teacher, today=TODAY)
        assert count(TalkRequest) == 1
        return
    with pytest.raises(RuleBroken) as caught:
        request_talk(details(topic, age_group=age_group), teacher, today=TODAY)
    assert caught.value.field == "age_group"
    other = "Secondary (11 to 16)" if phase == "secondary" else "Primary (4 to 11)"
    assert caught.value.message == f"Oakfield School is a {phase} school: choose {other}"
    assert count(TalkRequest) == 0
