"""Officers: their own sessions after confirmation: mark as delivered, correct the pupils
reached, cancel. Another officer's session is a 404 (see `load_own_session`)."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from booking import clock
from booking.models import TalkRequest
from booking.officer import bp
from booking.officer.forms import CancelForm, CorrectPupilsForm, DeliverForm
from booking.officer.routes import act, load_request
from booking.services import delivery, sessions


def load_own_session(reference: str) -> TalkRequest:
    talk = load_request(reference)
    if talk.officer_id != current_user.id:
        abort(404)
    return talk


@bp.post("/requests/<reference>/deliver")
def deliver(reference: str):
    talk = load_own_session(reference)
    form = DeliverForm(prefix="deliver")

    def action():
        sessions.deliver(
            talk,
            current_user,
            form.pupils_reached.data,
            today=clock.today(),
            ip_address=request.remote_addr or "",
        )

    return act(talk, "deliver", form, action, f"{talk.reference} marked as delivered")


@bp.post("/requests/<reference>/pupils-reached")
def correct_pupils(reference: str):
    talk = load_own_session(reference)
    form = CorrectPupilsForm(prefix="correct")

    def action():
        delivery.correct_pupils_reached(
            talk, current_user, form.pupils_reached.data, ip_address=request.remote_addr or ""
        )

    return act(talk, "correct", form, action, f"{talk.reference}: pupils reached corrected")


@bp.post("/requests/<reference>/cancel")
def cancel(reference: str):
    talk = load_own_session(reference)
    form = CancelForm(prefix="cancel")

    def action():
        sessions.cancel(talk, current_user, form.reason.data, ip_address=request.remote_addr or "")

    return act(
        talk, "cancel", form, action, f"{talk.reference} cancelled: the school has been told"
    )
