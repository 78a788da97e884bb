"""Send the e-mails a web request queued, once its transaction has committed.

The messages are rows already, so a mail server that is down never stops a booking: what
cannot be sent now stays queued for `flask --app booking send-mail`. Sending happens when the
response has gone, so the user does not wait for the mail server either.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from booking.models import OutboxMessage

logger = logging.getLogger("booking.mail")
PENDING = "outbox_new_ids"


def init_app(app: Flask) -> None:
    app.after_request(_send_after_response)


@event.listens_for(Session, "after_flush")
def _remember_new_messages(session: Session, _context) -> None:
    new = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if new:
        session.info.setdefault(PENDING, []).extend(new)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    ids = session.info.pop(PENDING, None)
    if ids and has_request_context():
        g.setdefault("outbox_committed", []).extend(ids)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)


def _send_after_response(response):
    ids = g.pop("outbox_committed", None)
    if ids and current_app.config.get("MAIL_SEND_AFTER_COMMIT"):
        app = current_app._get_current_object()
        response.call_on_close(lambda: _deliver(app, ids))
    return response


def _deliver(app: Flask, ids: list[int]) -> None:
    from booking.notifications.sender import deliver

    with app.app_context():
        try:
            deliver(ids)
        except Exception:
            logger.exception("Sending after commit failed; send-mail will retry")
