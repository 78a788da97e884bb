"""The mail worker: a long-running process that sends what the outbox holds.

Web workers only write outbox rows; this process (`flask --app booking mail-worker`) sends
them. On PostgreSQL it listens for the `NOTIFY` each committing transaction sends, so a
message leaves within moments of the commit; it also polls, which is all it does on SQLite,
so a missed notification costs at most one poll interval. Any number of workers may run, on
one machine or several: each message is claimed in the database before it is sent.

A database that goes away (a restart, a failover) does not end the worker: it waits, with a
growing pause, and carries on when the database is back.
"""

from __future__ import annotations

import contextlib
import threading
import time

import psycopg
from flask import Flask
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from booking import clock
from booking.extensions import db
from booking.log_lines import get_logger
from booking.notifications import sender
from booking.notifications.wakeup import CHANNEL

logger = get_logger("booking.mail")

MAX_BACKOFF_SECONDS = 30.0
STOP_CHECK_SECONDS = 1.0


class Listener:
    """A connection of its own that LISTENs on the outbox channel (PostgreSQL only)."""

    def __init__(self, url: URL) -> None:
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._connection = psycopg.connect(conninfo, autocommit=True)
        try:
            self._connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            self._connection.close()
            raise

    def wait(self, seconds: float) -> bool:
        """True when a notification arrives within `seconds`."""
        return any(True for _ in self._connection.notifies(timeout=seconds, stop_after=1))

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self._connection.close()


class MailWorker:
    def __init__(self, app: Flask, *, poll_seconds: float, stop: threading.Event | None = None):
        self.app = app
        self.poll_seconds = poll_seconds
        self.stop = stop or threading.Event()
        self._listener: Listener | None = None

    def run(self) -> None:
        logger.info("Mail worker started (polling every %.1f s)", self.poll_seconds)
        backoff = 1.0
        while not self.stop.is_set():
            try:
                # Listen before looking, so a message committed in between still wakes us.
                self._listen()
                more = self._send_due()
                if not more:
                    self._wait()
                backoff = 1.0
            except (DBAPIError, psycopg.Error) as error:
                logger.warning(
                    "Mail worker: database unavailable (%s); trying again in %.0f s",
                    type(error).__name__,
                    backoff,
                )
                self._reset()
                self.stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        self._close_listener()
        logger.info("Mail worker stopped")

    def _send_due(self) -> bool:
        """Send one batch; True when the batch was full and more may be due at once."""
        with self.app.app_context():
            try:
                ids = sender.due_ids(clock.now_utc())
                if ids:
                    report = sender.deliver(ids)
                    logger.info(
                        "Mail worker: sent %s, will retry %s, failed %s",
                        report.sent,
                        report.retrying,
                        report.failed,
                    )
                return len(ids) >= sender.BATCH_SIZE
            finally:
                db.session.remove()

    def _listen(self) -> None:
        if self._listener is not None:
            return
        with self.app.app_context():
            url = db.engine.url
        if url.get_backend_name() == "postgresql":
            self._listener = Listener(url)

    def _wait(self) -> None:
        if self._listener is None:
            self.stop.wait(self.poll_seconds)
            return
        # In short slices, so that a stop request is heard within a second.
        deadline = time.monotonic() + self.poll_seconds
        while not self.stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
            if self._listener.wait(min(remaining, STOP_CHECK_SECONDS)):
                return

    def _reset(self) -> None:
        """Start again with new connections. The pool itself notices a dropped connection and
        replaces every connection older than the failure, so it is not disposed here: that
        would orphan connections other threads of the process still hold."""
        self._close_listener()
        with self.app.app_context():
            db.session.remove()

    def _close_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None


def send_for_a_while(time_limit: float) -> sender.SendReport:
    """What `flask send-mail` does: send what is due, and stop by `time_limit` seconds."""
    return sender.deliver(deadline=time.monotonic() + time_limit)
