"""Why browsers lost e-mails, and that they no longer do.

A browser keeps its connection open after a form's redirect and sends its next request down
it at once. The development server then reads that connection until the client closes it
before it closes the response — so work hung on the response's close (how e-mails used to be
sent) waited for, or was lost with, the connection. Now a mail worker sends what the outbox
holds, whatever the web server does with its connections. This test talks to a real server
the way a browser does: a POST, the next request on the same connection, and a client that
keeps the connection open without reading.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlencode

from werkzeug.serving import make_server

from booking.extensions import db
from booking.models import OutboxMessage
from tests.services.test_mail_delivery import running_worker


def _post(connection: socket.socket, host: str, path: str, form: dict) -> bytes:
    body = urlencode(form)
    connection.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{body}"
        ).encode()
    )
    return connection.recv(65536)


def test_every_email_is_sent_while_a_browser_keeps_its_connection_open(app, make, smtp):
    teachers = [make.teacher() for _ in range(3)]
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_port}"
    connections = []
    try:
        with running_worker(app, poll_seconds=0.5):
            for teacher in teachers:
                connection = socket.create_connection(("127.0.0.1", server.server_port))
                connections.append(connection)
                answer = _post(connection, host, "/reset-password", {"email": teacher.email})
                assert answer.startswith(b"HTTP/1.1 200")
                # The next request at once on the same connection; then never read again.
                connection.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            deadline = time.monotonic() + 5
            while len(smtp.inbox.messages) < len(teachers) and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        for connection in connections:
            connection.close()
        server.shutdown()
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(t.email for t in teachers)
    db.session.expire_all()
    statuses = db.session.execute(db.select(OutboxMessage.status)).scalars().all()
    assert statuses == ["sent"] * len(teachers)
