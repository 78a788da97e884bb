"""Coordinators: e-mails the service could not send after every retry, or that have waited too
long, and sending them again."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from booking import clock
from booking.coordinator import bp
from booking.coordinator.forms import ActionForm
from booking.extensions import db
from booking.notifications import sender


@bp.route("/emails")
def failed_emails():
    return render_template(
        "coordinator/failed_emails.html",
        messages=sender.messages_needing_attention(clock.now_utc()),
        stuck_minutes=int(sender.STUCK_AFTER.total_seconds() // 60),
    )


@bp.route("/emails/<int:message_id>/retry", methods=["POST"])
def retry_email(message_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    if not sender.retry_failed(message_id):
        abort(404)
    db.session.commit()
    flash("The e-mail is queued again and will be sent in the next few minutes.", "success")
    return redirect(url_for("coordinator.failed_emails"))
