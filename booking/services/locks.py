"""Row locks: the one place that knows how each database serialises a decision.

PostgreSQL locks the row itself (`SELECT … FOR UPDATE OF` the one table, so a query that
joins other tables for display never puts the lock on the nullable side of an outer join).
SQLite has no row locks: a write to the row takes the database's write lock, which every
other writer then waits for until this transaction ends.

Each function also re-reads the row under the lock, so a decision sees the latest status
and officer rather than the copy loaded when the page was opened.

A lock is taken once per transaction: asking again for a row already locked by the current
transaction (or by a transaction enclosing the current savepoint) costs no query, so a use
case and the steps it calls can each say what they need locked. A savepoint that is rolled
back forgets the locks taken inside it, as the database does.
"""

from __future__ import annotations

import weakref

from sqlalchemy import select, update
from sqlalchemy.orm import SessionTransaction, lazyload

from booking.extensions import db
from booking.models import TalkRequest, User


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _innermost() -> SessionTransaction | None:
    session = db.session()
    return session.get_nested_transaction() or session.get_transaction()


def _held() -> weakref.WeakKeyDictionary[SessionTransaction, set[tuple[str, int]]]:
    return db.session.info.setdefault("row_locks", weakref.WeakKeyDictionary())


def is_locked(kind: type, row_id: int) -> bool:
    """Whether the current transaction already holds the lock on this row."""
    key, transaction = (kind.__name__, row_id), _innermost()
    while transaction is not None:
        if key in _held().get(transaction, ()):
            return True
        transaction = transaction.parent
    return False


def _remember(kind: type, row_id: int) -> None:
    transaction = _innermost()
    if transaction is not None:
        _held().setdefault(transaction, set()).add((kind.__name__, row_id))


def lock_officer(officer_id: int) -> None:
    """Serialise bookings of one officer until the transaction ends."""
    if is_locked(User, officer_id):
        return
    _take_officer_lock(officer_id)
    _remember(User, officer_id)


def _take_officer_lock(officer_id: int) -> None:
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
    if is_locked(TalkRequest, talk.id):
        return
    _take_request_lock(talk)
    _remember(TalkRequest, talk.id)


def _take_request_lock(talk: TalkRequest) -> None:
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
