"""Topics: the ones offered to teachers, and the coordinators' management of all of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func

from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import SESSION_LENGTHS
from booking.extensions import db
from booking.models import Topic, User
from booking.services import audit


def active_topics() -> list[Topic]:
    return list(
        db.session.execute(db.select(Topic).where(Topic.active).order_by(Topic.name)).scalars()
    )


def find_active(slug: str) -> Topic | None:
    return db.session.execute(
        db.select(Topic).where(Topic.slug == slug, Topic.active)
    ).scalar_one_or_none()


def all_topics() -> list[Topic]:
    """Every topic, retired ones included, active first."""
    return list(
        db.session.execute(db.select(Topic).order_by(Topic.active.desc(), Topic.name)).scalars()
    )


@dataclass(frozen=True)
class TopicDetails:
    name: str
    description: str
    for_primary: bool
    for_secondary: bool
    default_length: int


def slug_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _check(details: TopicDetails, topic: Topic | None) -> None:
    name = details.name.strip()
    if not name:
        raise RuleBroken("Enter the topic's name", "name")
    if not slug_for(name):
        raise RuleBroken("The name must contain letters or numbers", "name")
    if not (details.for_primary or details.for_secondary):
        raise RuleBroken("Select at least one age group", "age_groups")
    if details.default_length not in SESSION_LENGTHS:
        raise RuleBroken("Select a default length", "default_length")
    clash = db.session.execute(
        db.select(Topic).where(
            (func.lower(Topic.name) == name.lower()) | (Topic.slug == slug_for(name))
        )
    ).scalar_one_or_none()
    if clash is not None and clash is not topic:
        raise RuleBroken(f"There is already a topic called {clash.name}", "name")


def create_topic(details: TopicDetails, *, actor: User) -> Topic:
    _check(details, None)
    topic = Topic(slug=slug_for(details.name.strip()), active=True)
    _apply(topic, details)
    db.session.add(topic)
    db.session.flush()
    audit.record("topic_added", actor=actor, detail=topic.name)
    return topic


def update_topic(topic: Topic, details: TopicDetails, *, actor: User) -> None:
    """Change a topic. Its slug (its address) stays, so links already sent keep working."""
    _check(details, topic)
    _apply(topic, details)
    db.session.flush()
    audit.record("topic_changed", actor=actor, detail=topic.name)


def _apply(topic: Topic, details: TopicDetails) -> None:
    topic.name = details.name.strip()
    topic.description = details.description.strip()
    topic.for_primary = details.for_primary
    topic.for_secondary = details.for_secondary
    topic.default_length = details.default_length


def set_active(topic: Topic, active: bool, *, actor: User) -> None:
    """Retire a topic (no new requests, history kept) or restore it."""
    topic.active = active
    audit.record("topic_restored" if active else "topic_retired", actor=actor, detail=topic.name)
