"""Links that leave the site: e-mails and anything else read away from the request.

They are built from `SERVER_BASE_URL`, never from the request's Host header or scheme: behind a
load balancer those name an internal address, and a forged Host would put an attacker's site
into a password reset e-mail.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint`, inside or outside a request."""
    base = current_app.config["SERVER_BASE_URL"].rstrip("/")
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return base + path
