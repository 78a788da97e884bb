"""Who may use which route, declared once per blueprint (or per public view).

Every endpoint must carry an access rule; a test walks the URL map and fails on any route
without one, so a new page cannot be left open by accident.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user

from booking.log_lines import get_logger

security_log = get_logger("booking.security")

PUBLIC = "public"
SIGNED_IN = "signed-in"


def restrict_blueprint(blueprint: Blueprint, *roles: str) -> None:
    """Allow only active users with one of `roles` into every route of `blueprint`."""
    blueprint.access_rule = roles  # type: ignore[attr-defined]

    @blueprint.before_request
    def _check_role():
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if current_user.is_pending:
            return redirect(url_for("auth.pending"))
        if current_user.role not in roles:
            security_log.warning(
                "403 user=%s role=%s path=%s ip=%s",
                current_user.id,
                current_user.role,
                request.path,
                request.remote_addr,
            )
            abort(403)
        return None


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone, signed in or not."""
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def signed_in(view: Callable) -> Callable:
    """Mark a view as open to any signed-in user, pending teachers included."""
    from flask_login import login_required

    wrapped = login_required(view)
    wrapped.access_rule = SIGNED_IN  # type: ignore[attr-defined]
    return wrapped
