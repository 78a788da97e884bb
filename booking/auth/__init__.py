"""Signing in and out, creating an account, passwords and e-mail addresses (open to all)."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from booking.auth import routes  # noqa: E402,F401 - views registering on `bp`
