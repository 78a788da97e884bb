"""Behind a load balancer: with PROXY_FIX_HOPS set, the client's address comes from the
X-Forwarded-For header the balancer adds, so the audit trail and rate limits see the person,
not the balancer. Without it, the header is ignored (a client could forge it). Links in
e-mails start with SERVER_BASE_URL, never with the address a request arrived on."""

from __future__ import annotations

import pytest

from booking.extensions import db
from booking.models import AuditEvent
from tests.conftest import RequestPerContextClient, make_app
from tests.factories import PASSWORD

BALANCER = "10.0.0.5"


@pytest.fixture
def proxied(app, database_url):
    """An app told that one proxy stands in front of it, on the test's database."""
    behind = make_app(database_url, PROXY_FIX_HOPS=1)
    behind.test_client_class = RequestPerContextClient
    with behind.app_context():
        yield behind
        db.session.remove()
        db.engine.dispose()


def _from(client_address: str) -> dict:
    return {
        "environ_base": {"REMOTE_ADDR": BALANCER},
        "headers": {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"},
    }


def _sign_in_addresses() -> list[str]:
    return list(
        db.session.execute(
            db.select(AuditEvent.ip_address).where(AuditEvent.action == "sign_in")
        ).scalars()
    )


def test_a_sign_in_through_the_balancer_records_the_clients_address(proxied, make):
    user = make.teacher()
    db.session.commit()
    client = proxied.test_client()
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD}, **_from("203.0.113.7")
    )
    assert response.status_code == 302
    assert _sign_in_addresses() == ["203.0.113.7"]


def test_without_proxy_fix_hops_a_forged_header_is_ignored(client, make):
    user = make.teacher()
    db.session.commit()
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD}, **_from("203.0.113.7")
    )
    assert response.status_code == 302
    assert _sign_in_addresses() == [BALANCER]


def test_rate_limits_count_each_client_behind_the_balancer(proxied):
    client = proxied.test_client()

    def attempt(number: int, address: str) -> int:
        data = {"email": f"u{number}@example.org", "password": "x" * 12}
        return client.post("/sign-in", data=data, **_from(address)).status_code

    statuses = [attempt(number, "203.0.113.7") for number in range(51)]
    assert statuses[:50] == [200] * 50 and statuses[50] == 429
    # Someone else behind the same balancer is not locked out by the first client.
    assert attempt(99, "198.51.100.23") == 200


def test_links_built_outside_a_request_start_with_the_configured_address(app):
    from booking.links import external_url

    app.config["SERVER_BASE_URL"] = "https://talks.example.police.uk/"
    assert external_url("auth.new_password", token="abc") == (
        "https://talks.example.police.uk/reset-password/abc"
    )
