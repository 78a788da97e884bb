"""What every page shares: security headers, error pages, and the template context."""

from __future__ import annotations

import secrets

from flask import Flask, abort, current_app, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from booking import cleaning, static_files
from booking.domain.calendar import day_label
from booking.domain.vocabulary import Role
from booking.forms import error_summary

# Navigation per role: (label, endpoint). Pending teachers see none of it.
NAVIGATION: dict[str, list[tuple[str, str]]] = {
    Role.TEACHER: [
        ("Your requests", "teacher.requests"),
        ("Request a talk", "teacher.new_request"),
    ],
    Role.OFFICER: [
        ("Requests", "officer.requests"),
        ("Your calendar", "officer.calendar"),
        ("Your availability", "officer.availability_page"),
    ],
    Role.COORDINATOR: [
        ("All requests", "coordinator.requests"),
        ("Demand by topic", "coordinator.demand"),
        ("Topics", "coordinator.topic_list"),
        ("Schools", "coordinator.school_list"),
        ("Users", "coordinator.user_list"),
        ("Closures", "coordinator.closure_list"),
        ("E-mails not sent", "coordinator.failed_emails"),
    ],
}

ERROR_PAGES = {
    400: (
        "Sorry, there is a problem with the page",
        "The form may have expired. Go back, reload the page and try again.",
    ),
    403: ("You do not have access to this page", "If you think you should, contact the {unit}."),
    404: (
        "Page not found",
        "If you typed the web address, check it is correct. If you "
        "pasted the web address, check you copied the entire address.",
    ),
    405: ("Sorry, that did not work", "Go back and use the buttons on the page."),
    413: ("The file or form is too large", "Send a smaller file or shorter text."),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you entered has been saved unless the service told you so.",
    ),
}


class RowId(IntegerConverter):
    """An id in a URL: too large for the database's integer column is simply not found."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowId
    static_files.init_app(app)
    app.before_request(_make_nonce)
    app.before_request(_refuse_control_characters)
    app.after_request(_security_headers)
    app.context_processor(_template_context)
    app.add_template_filter(day_label, "long_date")
    app.add_template_global(error_summary)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DataError, _bad_data)
    app.register_error_handler(Exception, _server_error)


def _make_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _refuse_control_characters():
    """No page of the service has a control character (a NUL byte, a line break) in its
    path, so such a path is not found; a query parameter holding one is dropped, as if it had
    not been sent. Neither reaches a view, a query or a log. Form fields are checked by their
    forms, which say so on the field."""
    if cleaning.has_control_characters(request.path):
        abort(404)
    pairs = list(request.args.items(multi=True))
    kept = [(k, v) for k, v in pairs if not any(map(cleaning.has_control_characters, (k, v)))]
    if len(kept) < len(pairs):
        request.args = ImmutableMultiDict(kept)


def _security_headers(response):
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure or _app_config("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # What a signed-in person sees (pages, downloads) stays out of shared and back-button
    # caches; static files are the same for everyone and keep their own long lifetimes (and
    # are served without loading the user).
    if not static_files.is_static_request() and current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    response.headers.pop("Server", None)
    return response


def _app_config(name: str):
    return current_app.config.get(name)


def _template_context() -> dict:
    config = current_app.config
    navigation = []
    # E-mails are rendered by commands too, outside any request and without a user.
    if current_user and current_user.is_authenticated and not current_user.is_pending:
        navigation = NAVIGATION.get(current_user.role, [])
    return {
        "config_force_name": config["FORCE_NAME"],
        "service_name": config["SERVICE_NAME"],
        "contact": {
            "unit": config["UNIT_NAME"],
            "telephone": config["CONTACT_TELEPHONE"],
            "non_emergency": config["CONTACT_NON_EMERGENCY"],
            "emergency": config["CONTACT_EMERGENCY"],
            "email": config["CONTACT_EMAIL"],
            "days": config["SERVICE_DAYS"],
            "hours": f"{config['SERVICE_START']} to {config['SERVICE_END']}",
        },
        "role_navigation": navigation,
        "csp_nonce": g.get("csp_nonce", ""),
    }


def render_error(code: int):
    title, body = ERROR_PAGES.get(code) or ERROR_PAGES[400 if code < 500 else 500]
    body = body.format(unit=current_app.config["UNIT_NAME"])
    return render_template("errors/error.html", title=title, body=body, code=code), code


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if error.code == 429:
        return _too_many_requests()
    return render_error(error.code)


def _too_many_requests():
    from booking.auth.limits import minutes_until_reset

    minutes = minutes_until_reset()
    current_app.logger.warning("Rate limit hit on %s from %s", request.path, request.remote_addr)
    response = render_template("errors/too_many.html", minutes=minutes)
    return response, 429, {"Retry-After": str(minutes * 60)}


def _csrf_error(error: CSRFError):
    return render_error(400)


def _bad_data(error: DataError):
    """A value the database cannot hold (a NUL byte on PostgreSQL): bad input, not a fault."""
    from booking.extensions import db

    db.session.rollback()
    return render_error(400)


def _server_error(error: Exception):
    from booking.extensions import db

    db.session.rollback()
    current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
    return render_error(500)
