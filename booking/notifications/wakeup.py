"""Waking the mail worker when e-mails are committed.

On PostgreSQL the transaction that writes an outbox row also sends `NOTIFY`, which the server
delivers to listening workers only if and when the transaction commits; a rolled-back change
wakes nobody. SQLite has no notifications: its workers poll. Either way the outbox table is
the truth, so a worker that missed a notification finds the message on its next poll.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from booking.models import OutboxMessage

CHANNEL = "booking_outbox"


@event.listens_for(Session, "after_flush")
def _notify_workers(session: Session, _context) -> None:
    if not any(isinstance(obj, OutboxMessage) for obj in session.new):
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # PostgreSQL folds identical notifications of one transaction into one.
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")
