"""A real SMTP server on loopback for the e-mail tests (aiosmtpd)."""

from __future__ import annotations

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller


def free_port() -> int:
    # aiosmtpd cannot bind port 0 itself, so ask the system for a free port first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def subjects(self) -> list[str]:
        return [subject(m) for m in self.messages]


class SmtpServer:
    """Start, stop and start again on the same port, as a mail server that goes down does."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class SilentSmtpServer:
    """A mail server that accepts connections and never says a word, as a hung relay does."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]

    def start(self) -> None:
        """Already listening; here to stand in for an SmtpServer."""

    def stop(self) -> None:
        self._socket.close()

    close = stop


def subject(message: EmailMessage) -> str:
    """The subject as a mail program shows it (a long one is folded onto a new header line)."""
    return " ".join(str(message["Subject"]).split())
