"""Row locks: the one place that knows how each database serialises a decision.

PostgreSQL locks the row itself (`SELECT … FOR UPDATE OF` the one table, so a query that
joins other tables for display never puts the lock on the nullable side of an outer join).
SQLite has no row locks: a write to the row takes the database's write lock, which every
other writer then waits for until this transaction ends.

Each function also re-reads the row under the lock, so a decision sees the latest status
and officer rather than the copy loaded when the page was opened.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import lazyload

from booking.extensions import db
from booking.models import TalkRequest, User


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def lock_officer(officer_id: int) -> None:
    """Serialise bookings of one officer until the transaction ends."""
    if _is_sqlite():
        db.session.execute(
            update(User)
            .where(User.id == officer_id)
            .values(calendar_token=User.calendar_token)
            .execution_options(synchronize_session=False)
        )
        return
    db.session.execute(select(User.id).where(User.id == officer_id).with_for_update(of=User))


def lock_request(talk: TalkRequest) -> None:
    """Lock the request's row until the transaction ends and re-read it."""
    if _is_sqlite():
        db.session.execute(
            update(TalkRequest)
            .where(TalkRequest.id == talk.id)
            .values(updated_at=TalkRequest.updated_at)
            .execution_options(synchronize_session=False)
        )
    db.session.execute(
        select(TalkRequest)
        .where(TalkRequest.id == talk.id)
        .options(lazyload("*"))
        .with_for_update(of=TalkRequest)
        .execution_options(populate_existing=True)
    ).scalar_one()
