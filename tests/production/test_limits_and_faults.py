"""What only production shows: limits shared by every worker of every app server, a mail
server that never answers, and database connections that die."""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import pytest

from tests.production.client import Browser, text_of
from tests.production.conftest import PASSWORD, make_user, running_stack
from tests.smtp import SilentSmtpServer

pytestmark = pytest.mark.production

SIGN_IN_LIMIT = 10  # failed sign-ins per account in 15 minutes
MAIL_TIMEOUT = 10  # seconds, the default


def test_failed_sign_ins_are_counted_across_servers_and_workers(stack):
    email = f"limits.{uuid.uuid4().hex[:6]}@police.example"
    make_user(stack, "officer", email)
    answers = []
    for attempt in range(SIGN_IN_LIMIT + 1):
        # A new connection each time, to each server in turn: any of the four workers.
        browser = Browser(stack.servers[attempt % 2])
        browser.get("/sign-in")
        answers.append(browser.post("/sign-in", {"email": email, "password": "wrong"}, expect=None))
    assert [r.status_code for r in answers] == [200] * SIGN_IN_LIMIT + [429]
    # The right password through the other server is refused too, until the window ends.
    browser = Browser(stack.servers[1])
    browser.get("/sign-in")
    response = browser.post("/sign-in", {"email": email, "password": PASSWORD}, expect=None)
    assert response.status_code == 429


def test_pages_answer_while_the_mail_server_never_does(tmp_path_factory):
    """Ten password resets wait on a silent mail server; the site does not."""
    silent = SilentSmtpServer()
    with running_stack(
        tmp_path_factory, app_servers=1, smtp=silent, MAIL_TIMEOUT=str(MAIL_TIMEOUT)
    ) as stack:
        emails = [f"reset{i}.{uuid.uuid4().hex[:4]}@police.example" for i in range(10)]
        for email in emails:
            make_user(stack, "officer", email)
        resets, home_pages = [], []

        def reset(email: str) -> None:
            browser = Browser(stack.servers[0])
            browser.get("/reset-password")
            resets.append(browser.post("/reset-password", {"email": email}).status_code)

        threads = [threading.Thread(target=reset, args=(email,)) for email in emails]
        for thread in threads:
            thread.start()
        visitor = Browser(stack.servers[0])
        while any(thread.is_alive() for thread in threads) or len(home_pages) < 5:
            started = time.monotonic()
            visitor.get("/")
            home_pages.append(time.monotonic() - started)
        for thread in threads:
            thread.join()
        assert resets == [200] * 10
        # Pages never wait for the mail server: typically well under a second, and never
        # anywhere near the mail timeout a page would wait if it talked to the server.
        assert statistics.median(home_pages) < 1.0, home_pages
        assert max(home_pages) < MAIL_TIMEOUT / 2, home_pages
        # The worker tries, gives up on the silent server after its timeout, and keeps them.
        deadline = time.monotonic() + 3 * MAIL_TIMEOUT
        while time.monotonic() < deadline:
            tried = stack.sql(
                "SELECT count(*) FROM outbox_messages WHERE status = 'queued' AND attempts > 0"
            )[0][0]
            if tried:
                break
            time.sleep(0.5)
        assert tried, stack.logs()
        [(sent,)] = stack.sql("SELECT count(*) FROM outbox_messages WHERE status = 'sent'")
        assert sent == 0


def test_database_connections_killed_between_requests_cost_nothing(stack):
    browser = Browser(stack.servers[0])
    coordinator_email = f"coordinator.kill.{uuid.uuid4().hex[:6]}@police.example"
    make_user(stack, "coordinator", coordinator_email)
    browser.sign_in(coordinator_email, PASSWORD)
    assert "All requests" in text_of(browser.get("/coordinator/requests"))
    [(killed,)] = stack.sql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    assert killed >= 1  # the app servers' and the worker's pooled connections
    for _ in range(6):  # every worker of both servers meets its dead connection
        for server in stack.servers:
            browser.base_url = server
            assert "All requests" in text_of(browser.get("/coordinator/requests"))
