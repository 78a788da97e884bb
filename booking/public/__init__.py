"""Pages for everyone: the service, its topics, accessibility and privacy."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from booking.public import routes  # noqa: E402,F401 - views registering on `bp`
