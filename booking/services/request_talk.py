"""A teacher asks for a talk: check the rules, create the request, tell the people who act on it.

A double-click or a resubmitted form carries the same submission key as the first post, so it
finds the request the first post made instead of making a second one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from booking import clock
from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.options import (
    Option,
    OptionRules,
    OptionsRejected,
    check_topic,
    latest_day,
    option_problems,
)
from booking.domain.references import new_reference
from booking.domain.vocabulary import AgeGroup, Phase, RequestStatus, Role, UserStatus
from booking.extensions import db
from booking.models import OfficerArea, RequestOption, TalkRequest, Topic, User
from booking.notifications.outbox import queue_email
from booking.services import audit
from booking.services.availability import service_hours
from booking.services.closures import closed_days

REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class NewRequest:
    topic_id: int
    age_group: str
    year_group: str
    pupils: int
    length_minutes: int
    notes: str
    options: Sequence[Option]
    submission_key: str


@dataclass(frozen=True)
class Submitted:
    talk: TalkRequest
    created: bool


def option_rules() -> OptionRules:
    config = current_app.config
    return OptionRules(
        hours=service_hours(),
        min_notice_working_days=config["MIN_NOTICE_WORKING_DAYS"],
        horizon_months=config["HORIZON_MONTHS"],
    )


def find_submission(key: str) -> TalkRequest | None:
    return db.session.execute(
        select(TalkRequest).where(TalkRequest.submission_key == key)
    ).scalar_one_or_none()


def check_request(details: NewRequest, teacher: User, today: date) -> Topic:
    """Every rule a new request must meet; the topic it asks for when all are met.

    A teacher fixes the whole form in one round, so a topic that does not suit the class is
    reported together with every problem in the chosen dates (one OptionsRejected for all).
    """
    if teacher.role != Role.TEACHER or teacher.status != UserStatus.ACTIVE:
        raise NotAllowed("Only a teacher with an active account can request a talk")
    topic = db.session.get(Topic, details.topic_id)
    problems = [problem] if (problem := _topic_problem(topic, details.age_group)) else []
    problems += [problem] if (problem := _phase_problem(teacher, details.age_group)) else []
    rules = option_rules()
    problems += option_problems(
        details.options,
        length_minutes=details.length_minutes,
        today=today,
        closed=closed_days(today, latest_day(today, rules)),
        rules=rules,
    )
    if problems:
        raise OptionsRejected(problems)
    return topic


def _phase_problem(teacher: User, age_group_value: str) -> RuleBroken | None:
    """A primary school has no secondary classes and the other way round (DESIGN.md: phase)."""
    school = teacher.school
    offered = Phase(school.phase).age_groups
    if AgeGroup(age_group_value) in offered:
        return None
    return RuleBroken(
        f"{school.name} is a {Phase(school.phase).label.lower()} school: choose {offered[0].label}",
        "age_group",
    )


def _topic_problem(topic: Topic | None, age_group_value: str) -> RuleBroken | None:
    if topic is None:
        return RuleBroken("Select a topic", "topic")
    age_group = AgeGroup(age_group_value)
    try:
        check_topic(topic.name, topic.active, topic.suits(age_group), age_group.label)
    except RuleBroken as error:
        return error
    return None


def request_talk(
    details: NewRequest, teacher: User, *, today: date, ip_address: str = ""
) -> Submitted:
    """Create the request, or find the one this same form already created."""
    earlier = find_submission(details.submission_key)
    if earlier is not None:
        return _resubmitted(earlier, teacher)
    topic = check_request(details, teacher, today)
    for _ in range(REFERENCE_ATTEMPTS):
        talk = _build(details, teacher)
        try:
            with db.session.begin_nested():
                db.session.add(talk)
        except IntegrityError:
            earlier = find_submission(details.submission_key)
            if earlier is not None:
                return _resubmitted(earlier, teacher)
            continue  # the reference was taken: try another one
        _record_and_notify(talk, teacher, topic, ip_address)
        return Submitted(talk, created=True)
    raise RuntimeError("Could not find a free request reference")


def _resubmitted(earlier: TalkRequest, teacher: User) -> Submitted:
    if earlier.teacher_id != teacher.id:
        raise NotAllowed("This form was already used. Start a new request", "topic")
    return Submitted(earlier, created=False)


def _build(details: NewRequest, teacher: User) -> TalkRequest:
    talk = TalkRequest(
        reference=_free_reference(),
        submission_key=details.submission_key,
        school_id=teacher.school_id,
        teacher_id=teacher.id,
        topic_id=details.topic_id,
        age_group=AgeGroup(details.age_group).value,
        year_group=details.year_group.strip(),
        pupils=details.pupils,
        length_minutes=details.length_minutes,
        notes=details.notes.strip(),
        status=RequestStatus.REQUESTED.value,
        created_at=clock.now_utc(),
    )
    for position, option in enumerate(details.options, start=1):
        talk.options.append(
            RequestOption(
                position=position,
                day=option.day,
                earliest_start=option.earliest_start,
                latest_finish=option.latest_finish,
            )
        )
    return talk


def _free_reference() -> str:
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        taken = db.session.execute(
            select(TalkRequest.id).where(TalkRequest.reference == reference)
        ).first()
        if taken is None:
            return reference
    raise RuntimeError("Could not find a free request reference")


def _record_and_notify(talk: TalkRequest, teacher: User, topic: Topic, ip_address: str) -> None:
    audit.record(
        "requested",
        actor=teacher,
        request=talk,
        to_status=RequestStatus.REQUESTED.value,
        ip_address=ip_address,
    )
    school = teacher.school
    queue_email(
        teacher.email,
        "request_received",
        subject=f"{talk.reference}: we have your request for a talk on {topic.name}",
        request=talk,
        talk=talk,
        topic=topic,
        school=school,
        teacher=teacher,
    )
    for person in _people_to_tell(school.area):
        queue_email(
            person.email,
            "new_request",
            subject=f"{talk.reference}: new request from {school.name} for a talk on {topic.name}",
            request=talk,
            talk=talk,
            topic=topic,
            school=school,
            teacher=teacher,
            person=person,
        )


def _people_to_tell(area: str) -> list[User]:
    """The coordinators, and the officers who cover the school's area."""
    covers_area = select(OfficerArea.officer_id).where(OfficerArea.area == area).scalar_subquery()
    query = (
        select(User)
        .where(User.status == UserStatus.ACTIVE.value)
        .where(
            (User.role == Role.COORDINATOR.value)
            | ((User.role == Role.OFFICER.value) & User.id.in_(covers_area))
        )
        .order_by(User.id)
    )
    return list(db.session.execute(query).scalars())
