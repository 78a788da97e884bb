"""Talking to the mail server: one SMTP connection with connect and read timeouts.

A mail server that accepts connections and never answers must cost a sender seconds, never
hang it: `smtplib` waits forever by default, so every socket operation here has a limit
(`MAIL_CONNECT_TIMEOUT`, `MAIL_TIMEOUT`). Only the mail worker and `send-mail` talk to the
server; web requests never do.
"""

from __future__ import annotations

import contextlib
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage


class MailServerUnavailable(Exception):
    """The mail server could not be reached or did not answer: the next message would fare
    no better, so a sender stops its batch and tries again later."""


class SmtpTransport:
    """Sends messages over one connection, opened when first needed and kept for a batch."""

    def __init__(self, config: Mapping) -> None:
        self._config = config
        self._connection: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def send(self, message: EmailMessage, sender: str, recipients: list[str]) -> None:
        try:
            connection = self._connection or self._connect()
        except (OSError, smtplib.SMTPException) as error:
            raise MailServerUnavailable(f"{type(error).__name__}: {error}") from error
        try:
            connection.send_message(message, from_addr=sender, to_addrs=recipients)
        except Exception:
            # The connection may be half-way through a command: never reuse it.
            self._drop()
            raise

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._drop()

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        connect_timeout = float(config["MAIL_CONNECT_TIMEOUT"])
        kind = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
        connection = kind(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=connect_timeout)
        try:
            # From here on every read and write has the (longer or shorter) read limit.
            if connection.sock is not None:
                connection.sock.settimeout(float(config["MAIL_TIMEOUT"]))
            if config.get("MAIL_USE_TLS"):
                connection.starttls()
            if config.get("MAIL_USERNAME"):
                connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        except Exception:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
        self._connection = None
