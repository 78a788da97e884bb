"""Officers: the requests inbox and a request's page with its actions.

Officers see open requests and their own sessions, nothing else: any other request is a 404,
so changing the reference in the address reveals nothing.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from booking import cleaning, clock
from booking.domain.calendar import day_label
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import TalkRequest
from booking.officer import bp
from booking.officer.forms import (
    CancelForm,
    ConfirmForm,
    CorrectPupilsForm,
    DeclineForm,
    DeliverForm,
    ProposeForm,
    WithdrawForm,
)
from booking.officer.forms import (
    clock as clock_value,
)
from booking.services import (
    availability,
    coordination,
    listings,
    proposals,
    sessions,
    topics,
)
from booking.services.history import request_history

OPEN_STATUSES = [s for s in RequestStatus if s.is_open]


ALL_AREAS = "all"


@bp.route("/requests")
def requests():
    """Open requests, the officer's own areas first unless they ask for all or another."""
    chosen = {name: request.args.get(name, "") for name in ("topic", "area", "status")}
    own_areas = tuple(current_user.area_names)
    if chosen["area"] == ALL_AREAS:
        areas: tuple[str, ...] = ()
    elif chosen["area"]:
        areas = (chosen["area"],)
    else:
        areas = own_areas
    topic_id = cleaning.whole_number(chosen["topic"])
    page = listings.open_requests(
        listings.OpenFilters(topic_id=topic_id, areas=areas, status=chosen["status"]),
        cleaning.whole_number(request.args.get("page")) or 1,
    )
    query = {k: v for k, v in chosen.items() if v}
    return render_template(
        "officer/requests.html",
        page=page,
        fits=availability.option_fits(current_user.id, page.items, clock.now_local()),
        topics=topics.all_topics(),
        areas=coordination.areas(),
        own_areas=own_areas,
        all_areas=ALL_AREAS,
        statuses=OPEN_STATUSES,
        chosen=chosen,
        page_url=lambda number: url_for("officer.requests", page=number, **query),
    )


def find_request(reference: str) -> TalkRequest | None:
    """An open request or one of the officer's own sessions; None for anything else."""
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.reference == reference.upper())
    ).scalar_one_or_none()
    if talk is None or not (talk.status_enum.is_open or talk.officer_id == current_user.id):
        return None
    return talk


def load_request(reference: str) -> TalkRequest:
    talk = find_request(reference)
    if talk is None:
        abort(404)
    return talk


def _confirm_form(talk: TalkRequest, fits: dict | None, **kwargs) -> ConfirmForm:
    """The teacher's options to choose from; each says how it fits the officer's diary when
    the page shows it (`fits`), not when a submitted form is only being validated."""
    form = ConfirmForm(prefix="confirm", **kwargs)
    form.option.choices = choices(
        (
            o.position,
            f"{day_label(o.day)}, {o.earliest_start:%H:%M} to {o.latest_finish:%H:%M}"
            + (f" ({fits[o.id].label})" if fits else ""),
        )
        for o in talk.options
    )
    return form


def _render(talk: TalkRequest, failed=None):
    fits = availability.option_fits(current_user.id, [talk], clock.now_local())
    forms = {
        "confirm": _confirm_form(talk, fits, formdata=None),
        "propose": ProposeForm(prefix="propose", formdata=None),
        "decline": DeclineForm(prefix="decline", formdata=None),
        "deliver": DeliverForm(prefix="deliver", formdata=None),
        "cancel": CancelForm(prefix="cancel", formdata=None),
        "withdraw": WithdrawForm(prefix="withdraw", formdata=None),
        "correct": CorrectPupilsForm(
            prefix="correct", formdata=None, data={"pupils_reached": talk.pupils_reached}
        ),
    }
    if failed is not None:
        if failed[0] == "confirm":
            failed[1].option.choices = forms["confirm"].option.choices
        forms[failed[0]] = failed[1]
    page = render_template(
        "officer/request.html",
        talk=talk,
        fits=fits,
        forms=forms,
        form=failed[1] if failed else None,
        history=request_history(talk),
        own=talk.officer_id == current_user.id,
        proposed_by_me=any(p.officer_id == current_user.id for p in talk.proposals),
        can_deliver=sessions.is_past_its_day(talk, clock.today()),
    )
    return page


@bp.route("/requests/<reference>")
def request_page(reference: str):
    return _render(load_request(reference))


def _no_longer_open(reference: str):
    """Acting on a request someone else has just taken: say who, back in the inbox."""
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.reference == reference.upper())
    ).scalar_one_or_none()
    if talk is None:
        abort(404)
    if talk.status_enum.holds_session and talk.officer is not None:
        message = f"This request is already confirmed by {talk.officer.full_name}"
    else:
        message = f"This request is {talk.status_enum.label.lower()}: it is no longer open"
    flash(f"{talk.reference}: {message}", "error")
    return redirect(url_for("officer.requests"))


def act(talk: TalkRequest, name: str, form, action, success: str, *, done: str = ""):
    """Validate, call the service, commit and redirect (to `done`, or back to the request);
    or show the form's errors."""
    if form.validate_on_submit():
        try:
            action()
        except RuleBroken as error:
            db.session.rollback()
            reloaded = find_request(talk.reference)
            if reloaded is None:
                return _no_longer_open(talk.reference)
            talk = reloaded
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(success, "success")
            return redirect(done or url_for("officer.request_page", reference=talk.reference))
    return _render(talk, (name, form))


@bp.post("/requests/<reference>/confirm")
def confirm(reference: str):
    talk = find_request(reference)
    if talk is None:
        return _no_longer_open(reference)
    form = _confirm_form(talk, None)

    def action():
        sessions.confirm(
            talk,
            current_user,
            position=int(form.option.data),
            start=clock_value(form.start_time),
            ip_address=request.remote_addr or "",
        )

    return act(talk, "confirm", form, action, f"{talk.reference} confirmed: it is in your calendar")


@bp.post("/requests/<reference>/propose")
def propose(reference: str):
    talk = find_request(reference)
    if talk is None:
        return _no_longer_open(reference)
    form = ProposeForm(prefix="propose")

    def action():
        times = [
            (n, getattr(form, f"day_{n}").data, clock_value(getattr(form, f"start_{n}")))
            for n in (1, 2, 3)
            if getattr(form, f"day_{n}").data
        ]
        sessions.propose(talk, current_user, times, ip_address=request.remote_addr or "")

    return act(talk, "propose", form, action, f"Times proposed to the school for {talk.reference}")


@bp.post("/requests/<reference>/decline")
def decline(reference: str):
    talk = load_request(reference)
    form = DeclineForm(prefix="decline")

    def action():
        sessions.decline(talk, current_user, form.reason.data, ip_address=request.remote_addr or "")

    # A declined request is no longer open, nor the officer's: it leaves their pages.
    return act(
        talk,
        "decline",
        form,
        action,
        f"{talk.reference} declined: the school has been told",
        done=url_for("officer.requests"),
    )


@bp.post("/requests/<reference>/withdraw")
def withdraw(reference: str):
    talk = load_request(reference)
    form = WithdrawForm(prefix="withdraw")

    def action():
        proposals.withdraw(
            talk, current_user, form.reason.data.strip(), ip_address=request.remote_addr or ""
        )

    return act(
        talk,
        "withdraw",
        form,
        action,
        f"Proposed times for {talk.reference} withdrawn: the school has been told",
    )
