from __future__ import annotations

from booking.extensions import db
from booking.models import Topic


def active_topics() -> list[Topic]:
    return list(
        db.session.execute(db.select(Topic).where(Topic.active).order_by(Topic.name)).scalars()
    )


def find_active(slug: str) -> Topic | None:
    return db.session.execute(
        db.select(Topic).where(Topic.slug == slug, Topic.active)
    ).scalar_one_or_none()
