"""Queue e-mails as rows in the same transaction as the change that causes them."""

from __future__ import annotations

from flask import current_app, render_template

from booking import clock
from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest


def queue_email(
    recipient: str,
    template: str,
    *,
    subject: str,
    request: TalkRequest | None = None,
    ics: str | None = None,
    dedupe_key: str | None = None,
    **context,
) -> OutboxMessage:
    """Render `emails/<template>.txt` and `.html` and queue them for `recipient`."""
    context.setdefault("subject", subject)  # the title of the HTML document
    context.setdefault("service_name", current_app.config["SERVICE_NAME"])
    context.setdefault("force_name", current_app.config["FORCE_NAME"])
    context.setdefault("base_url", current_app.config["SERVER_BASE_URL"].rstrip("/"))
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body_text=render_template(f"emails/{template}.txt", **context),
        body_html=render_template(f"emails/{template}.html", **context),
        request_id=request.id if request is not None else None,
        ics=ics,
        dedupe_key=dedupe_key,
        created_at=clock.now_utc(),
        next_attempt_at=clock.now_utc(),
    )
    db.session.add(message)
    return message
