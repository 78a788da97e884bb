"""The production check: the README's deployment, started on this machine and used over HTTP.

Needs the PostgreSQL server (TEST_DATABASE_URL) and Redis (TEST_REDIS_URL, by default
redis://127.0.0.1:6379/0). Without them these tests are skipped, unless REQUIRE_POSTGRES=1
(CI) makes that a failure. `make prod-check` runs them alone.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

import pytest

from tests.conftest import postgres_server_url, skip_or_fail
from tests.production.stack import Stack

PASSWORD = "Harbour-Kettle-Violet-29"


def redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@contextmanager
def running_stack(tmp_path_factory, app_servers: int = 2, **options):
    server = postgres_server_url()
    if server is None:
        skip_or_fail("REQUIRE_POSTGRES", "the production check needs TEST_DATABASE_URL")
    if not _redis_reachable(redis_url()):
        skip_or_fail("REQUIRE_POSTGRES", f"the production check needs Redis at {redis_url()}")
    stack = Stack(
        server.replace("+psycopg", ""),
        redis_url(),
        tmp_path_factory.mktemp("production"),
        **options,
    )
    try:
        stack.start(app_servers=app_servers)
        yield stack
    except Exception:
        print(stack.logs())
        raise
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """Two app servers of two gunicorn workers each, one database, one mail worker."""
    with running_stack(tmp_path_factory) as stack:
        yield stack


def make_user(stack, role: str, email: str, *extra: str) -> None:
    stack.flask(
        "create-user", email, "--role", role, "--name", email.split("@")[0].title(),
        "--password", PASSWORD, *extra,
    )  # fmt: skip


def wait_for_mail(stack, recipient: str, words: str, seconds: float = 15.0):
    """The message to `recipient` whose subject has `words`, once the sink has it."""
    from tests.smtp import subject

    deadline = time.monotonic() + seconds
    while True:
        for message in list(stack.smtp.inbox.messages):
            if message["To"] == recipient and words in subject(message):
                return message
        if time.monotonic() > deadline:
            received = [(m["To"], subject(m)) for m in stack.smtp.inbox.messages]
            raise AssertionError(f"no e-mail to {recipient} about {words!r}; got {received}")
        time.sleep(0.1)
