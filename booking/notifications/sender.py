"""Delivering the outbox: by the mail worker (`flask mail-worker`) as soon as a message is
committed, and by `flask send-mail` for cron users. Web requests never talk to a mail server.

A message is claimed before it is sent: one conditional UPDATE moves its next attempt past a
lease, and only the sender whose UPDATE changed the row sends it. Several senders running at
once, on one machine or several, therefore never send the same message, on SQLite or
PostgreSQL, without holding a lock while they talk to the mail server. A failure leaves the
message queued with a growing delay; after the last try it is marked failed, for a coordinator
to see and retry.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from booking import clock
from booking.extensions import db
from booking.log_lines import get_logger
from booking.models import OutboxMessage
from booking.notifications.compose import compose
from booking.notifications.transport import MailServerUnavailable, SmtpTransport

logger = get_logger("booking.mail")

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last, the message fails.
RETRY_DELAYS_MINUTES = (1, 5, 30, 120, 480)
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1
CLAIM_LEASE = timedelta(minutes=10)
BATCH_SIZE = 200
# A message still queued this long after it was written needs a person to look at it.
STUCK_AFTER = timedelta(minutes=15)
# Where, with no MAIL_SERVER, e-mails are written to the log (development shows their text).
LOG_INSTEAD_OF_SENDING = ("development", "testing")


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    stopped_early: bool = False  # at the deadline
    server_unavailable: bool = False  # the mail server could not be reached


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after `attempts` failed attempts."""
    index = min(attempts, len(RETRY_DELAYS_MINUTES)) - 1
    return timedelta(minutes=RETRY_DELAYS_MINUTES[max(index, 0)])


def due_ids(now: datetime, limit: int = BATCH_SIZE) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def claim(message_id: int, now: datetime) -> bool:
    """Take the message for this sender; False when another sender already has it."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == "queued",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + CLAIM_LEASE, attempts=OutboxMessage.attempts + 1)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver(message_ids: list[int] | None = None, *, deadline: float | None = None) -> SendReport:
    """Send the given messages (or all that are due), each at most once across senders.

    `deadline` (a `time.monotonic()` value) ends the batch between two messages, so a slow
    mail server cannot keep a cron job running into the next one.
    """
    report = SendReport()
    now = clock.now_utc()
    ids = message_ids if message_ids is not None else due_ids(now)
    with SmtpTransport(current_app.config) as transport:
        for message_id in ids:
            if deadline is not None and time.monotonic() >= deadline:
                report.stopped_early = True
                break
            if not claim(message_id, now):
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                transmit(message, transport)
            except MailServerUnavailable as error:
                _failed(message, error, now, report)
                db.session.commit()
                report.server_unavailable = True  # the rest stay due, for the next round
                break
            except Exception as error:  # noqa: BLE001 - any transport failure is retried later
                _failed(message, error, now, report)
            else:
                message.status = "sent"
                message.sent_at = clock.now_utc()
                message.last_error = ""
                report.sent += 1
            db.session.commit()
    return report


def _failed(message: OutboxMessage, error: Exception, now: datetime, report: SendReport) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        report.failed += 1
        logger.error("Message %s failed after %s attempts", message.id, message.attempts)
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retrying += 1
        logger.warning(
            "Message %s not sent (attempt %s, %s); will retry",
            message.id,
            message.attempts,
            type(error).__name__,
        )


def transmit(message: OutboxMessage, transport: SmtpTransport) -> None:
    """Hand one message to the mail server, or to the log when none is configured."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        if config["ENVIRONMENT"] not in LOG_INSTEAD_OF_SENDING:
            # In production a missing mail server must not swallow mail: keep it queued.
            raise RuntimeError("No MAIL_SERVER is configured")
        logger.info(
            "E-mail to %s: %s (no MAIL_SERVER: not sent)", message.recipient, message.subject
        )
        if config["ENVIRONMENT"] == "development":
            for line in message.body_text.splitlines():  # one record a line: each is escaped
                logger.info("  %s", line)
        return
    transport.send(compose(message, config), config["MAIL_DEFAULT_SENDER"], [message.recipient])


def retry_failed(message_id: int) -> bool:
    """Put a failed or stuck message back in the queue for another round of attempts."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status == "sent":
        return False
    message.status = "queued"
    message.attempts = 0
    message.next_attempt_at = clock.now_utc()
    return True


def messages_needing_attention(now: datetime) -> list[OutboxMessage]:
    """Failed messages, and messages still queued long after they were written (no worker
    running, or a mail server that keeps refusing): both need a person to look."""
    query = (
        select(OutboxMessage)
        .where(
            or_(
                OutboxMessage.status == "failed",
                and_(
                    OutboxMessage.status == "queued",
                    OutboxMessage.created_at <= now - STUCK_AFTER,
                ),
            )
        )
        .order_by(OutboxMessage.created_at.desc())
    )
    return list(db.session.execute(query).scalars())
