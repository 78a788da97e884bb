"""Every route declares who may use it, and each role blueprint keeps other roles out."""

from __future__ import annotations

import pytest

from booking.access import PUBLIC, SIGNED_IN
from booking.domain.vocabulary import Role
from booking.extensions import db
from tests.access import access_rule_for


def _endpoints(app):
    return sorted(e for e in app.view_functions if e != "static")


def test_every_route_declares_an_access_rule(app):
    undeclared = [e for e in _endpoints(app) if access_rule_for(app, e) is None]
    assert undeclared == [], f"routes without an access rule: {undeclared}"


def test_rules_are_known_values(app):
    for endpoint in _endpoints(app):
        rule = access_rule_for(app, endpoint)
        assert rule in (PUBLIC, SIGNED_IN) or set(rule) <= set(Role), (endpoint, rule)


def _plain_get_routes(app, blueprint: str):
    """GET routes of a blueprint that need no URL arguments."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(f"{blueprint}.")
        and "GET" in rule.methods
        and not rule.arguments
    )


@pytest.mark.parametrize("blueprint", ["teacher", "officer", "coordinator"])
def test_role_pages_send_anonymous_users_to_sign_in(app, client, blueprint):
    routes = _plain_get_routes(app, blueprint)
    assert routes
    for path in routes:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/sign-in" in response.headers["Location"], path


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("blueprint", ["teacher", "officer", "coordinator"])
def test_role_pages_refuse_other_roles(app, client, make, sign_in, role, blueprint):
    user = make.user(role) if role != Role.TEACHER else make.teacher()
    db.session.commit()
    sign_in(user)
    for path in _plain_get_routes(app, blueprint):
        response = client.get(path)
        expected = 200 if blueprint == role.value else 403
        assert response.status_code == expected, (path, role)
