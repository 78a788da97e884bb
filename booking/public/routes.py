"""Pages for everyone: what the service is, the topics, the accessibility statement and the
privacy notice."""

from __future__ import annotations

from flask import abort, current_app, render_template

from booking.access import public
from booking.public import bp
from booking.public.accessibility import statement as accessibility_statement
from booking.services import topics


@bp.route("/")
@public
def home():
    return render_template("public/home.html", topics=topics.active_topics())


@bp.route("/topics/<slug>")
@public
def topic(slug: str):
    found = topics.find_active(slug)
    if found is None:
        abort(404)
    return render_template("public/topic.html", topic=found)


@bp.route("/accessibility")
@public
def accessibility():
    return render_template(
        "public/accessibility.html", statement=accessibility_statement(current_app.config)
    )


@bp.route("/privacy")
@public
def privacy():
    return render_template(
        "public/privacy.html", retention_years=current_app.config["RETENTION_SCHOOL_YEARS"]
    )
