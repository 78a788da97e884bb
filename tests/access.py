"""Reading the access rule each route declares (booking/access.py), for the tests that check
every route has one and keeps to it."""

from __future__ import annotations


def access_rule_for(app, endpoint: str):
    """The declared rule of an endpoint, or None when it has none."""
    view = app.view_functions[endpoint]
    rule = getattr(view, "access_rule", None)
    if rule is not None:
        return rule
    blueprint_name = endpoint.rpartition(".")[0]
    blueprint = app.blueprints.get(blueprint_name)
    return getattr(blueprint, "access_rule", None)
