"""Teachers: request a talk, follow their school's requests, cancel, answer proposals, feedback.

Every view that takes a request id loads it through `_load`, which only finds requests of the
teacher's own school: any other id is a 404, whatever the URL.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking import clock
from booking.auth.login_sessions import client_ip
from booking.domain.calendar import day_label
from booking.domain.errors import RuleBroken
from booking.domain.options import OptionsRejected, earliest_day, latest_day
from booking.domain.vocabulary import AgeGroup, Phase
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import Proposal, TalkRequest, Topic
from booking.services import listings, sessions, teacher_requests, topics
from booking.services import proposals as proposal_service
from booking.services.closures import closed_days
from booking.services.history import request_history
from booking.services.request_talk import NewRequest, option_rules, request_talk
from booking.teacher import bp
from booking.teacher.forms import (
    AcceptProposalForm,
    CancelForm,
    FeedbackForm,
    RejectProposalForm,
    RequestTalkForm,
)


def _load(request_id: int) -> TalkRequest:
    talk = teacher_requests.request_for_teacher(request_id, current_user)
    if talk is None:
        abort(404)
    return talk


@bp.route("/requests")
def requests():
    return render_template(
        "teacher/requests.html",
        talk_requests=listings.school_requests(current_user.school_id),
        proposers=listings.proposers(current_user.school_id),
    )


def _topic_label(topic: Topic) -> str:
    return f"{topic.name} ({' and '.join(group.value for group in topic.age_groups)})"


def _prepare(form: RequestTalkForm, offered: list[Topic], groups: tuple[AgeGroup, ...]) -> None:
    """Fill the topic list and the age groups the school's phase has; on a first visit,
    preselect a topic (from ?topic=) and its length, and the only age group if there is one."""
    form.topic.choices = choices(
        [("", "Select a topic")] + [(t.id, _topic_label(t)) for t in offered]
    )
    form.age_group.choices = choices((group.value, group.label) for group in groups)
    if request.method == "GET" and len(groups) == 1:
        form.age_group.data = groups[0].value
    if request.method == "GET":
        chosen = next((t for t in offered if t.slug == request.args.get("topic")), None)
        if chosen is not None:
            form.topic.data = str(chosen.id)
            form.length_minutes.data = str(chosen.default_length)
            if len(chosen.age_groups) == 1:
                form.age_group.data = chosen.age_groups[0].value


def _details(form: RequestTalkForm, offered: list[Topic]) -> NewRequest:
    topic_id = int(form.topic.data) if form.topic.data.isdigit() else 0
    topic = next((t for t in offered if t.id == topic_id), None)
    length = form.length_minutes.data or (str(topic.default_length) if topic else "60")
    return NewRequest(
        topic_id=topic_id,
        age_group=form.age_group.data,
        year_group=form.year_group.data,
        pupils=int(form.pupils.data),
        length_minutes=int(length),
        notes=form.notes.data or "",
        options=form.options(),
        submission_key=form.submission_key.data,
    )


@bp.route("/requests/new", methods=["GET", "POST"])
def new_request():
    form = RequestTalkForm()
    groups = Phase(current_user.school.phase).age_groups
    offered = topics.active_topics()
    _prepare(form, offered, groups)
    if form.validate_on_submit():
        try:
            result = request_talk(
                _details(form, offered), current_user, today=clock.today(), ip_address=client_ip()
            )
        except OptionsRejected as error:
            db.session.rollback()
            for problem in error.problems:
                apply_rule_error(form, problem)
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            return redirect(url_for("teacher.request_sent", request_id=result.talk.id))
    today = clock.today()
    rules = option_rules()
    first = earliest_day(today, closed_days(today, latest_day(today, rules)), rules)
    return render_template(
        "teacher/new_request.html",
        form=form,
        rules=rules,
        earliest=first,
        latest=latest_day(today, rules),
    )


@bp.route("/requests/<int:request_id>/sent")
def request_sent(request_id: int):
    return render_template("teacher/request_sent.html", talk=_load(request_id))


@bp.route("/requests/<int:request_id>")
def request_page(request_id: int):
    talk = _load(request_id)
    return _render_request(talk)


def _render_request(talk: TalkRequest, accept_form=None, reject_form=None, status: int = 200):
    accept_form = accept_form or AcceptProposalForm(prefix="accept")
    reject_form = reject_form or RejectProposalForm(prefix="reject")
    proposals = teacher_requests.open_proposals(talk)
    if len(proposals) == 1:
        reject_form.rejection_reason.label.text = "Why does this time not suit you? (optional)"
    return render_template(
        "teacher/request.html",
        talk=talk,
        history=request_history(talk),
        proposals=proposals,
        offered=proposal_service.offered(talk, clock.now_local()),
        accept_form=accept_form,
        reject_form=reject_form,
        form=accept_form if accept_form.errors else reject_form,
        can_cancel=teacher_requests.can_cancel(talk),
        can_leave_feedback=teacher_requests.can_leave_feedback(talk),
    ), status


@bp.route("/requests/<int:request_id>/cancel", methods=["GET", "POST"])
def cancel(request_id: int):
    talk = _load(request_id)
    if not teacher_requests.can_cancel(talk):
        flash(
            f"Request {talk.reference} is {talk.status_enum.label.lower()}: it cannot be "
            "cancelled now."
        )
        return redirect(url_for("teacher.request_page", request_id=talk.id))
    form = CancelForm()
    if form.validate_on_submit():
        try:
            teacher_requests.cancel(
                talk, current_user, reason=form.reason.data, ip_address=client_ip()
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Request {talk.reference} has been cancelled.", "success")
            return redirect(url_for("teacher.request_page", request_id=talk.id))
    return render_template("teacher/cancel.html", talk=talk, form=form)


@bp.route("/requests/<int:request_id>/feedback", methods=["GET", "POST"])
def feedback(request_id: int):
    talk = _load(request_id)
    if not teacher_requests.can_leave_feedback(talk):
        flash("Feedback can be left once, after the talk has been delivered.")
        return redirect(url_for("teacher.request_page", request_id=talk.id))
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            teacher_requests.leave_feedback(
                talk,
                current_user,
                rating=int(form.rating.data),
                comments=form.comments.data or "",
                ip_address=client_ip(),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash("Thank you: your feedback has been sent.", "success")
            return redirect(url_for("teacher.request_page", request_id=talk.id))
    return render_template("teacher/feedback.html", talk=talk, form=form)


@bp.route("/requests/<int:request_id>/accept", methods=["POST"])
def accept(request_id: int):
    talk = _load(request_id)
    form = AcceptProposalForm(prefix="accept")
    if form.validate_on_submit():
        proposal = _open_proposal(talk, form.proposal.data)
        if proposal is None:
            form.proposal.errors = ["This time is no longer proposed: choose one shown below"]
            return _render_request(talk, accept_form=form, status=400)
        try:
            sessions.accept_proposal(talk, proposal, current_user, ip_address=client_ip())
        except RuleBroken as error:
            db.session.rollback()
            talk = _load(request_id)
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(
                f"The talk is confirmed for {day_label(talk.starts_at.date())} "
                f"at {talk.starts_at:%H:%M}.",
                "success",
            )
            return redirect(url_for("teacher.request_page", request_id=talk.id))
    return _render_request(talk, accept_form=form, status=400)


def _open_proposal(talk: TalkRequest, proposal_id: str) -> Proposal | None:
    """The proposal the button carried, if it is still one of this request's open proposals."""
    return next(
        (p for p in teacher_requests.open_proposals(talk) if str(p.id) == proposal_id.strip()),
        None,
    )


@bp.route("/requests/<int:request_id>/reject", methods=["POST"])
def reject(request_id: int):
    talk = _load(request_id)
    form = RejectProposalForm(prefix="reject")
    if form.validate_on_submit():
        try:
            sessions.reject_proposal(
                talk,
                current_user,
                reason=form.rejection_reason.data or "",
                ip_address=client_ip(),
            )
        except RuleBroken as error:
            db.session.rollback()
            talk = _load(request_id)
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(
                "You rejected the proposed times. The request waits for an officer again.",
                "success",
            )
            return redirect(url_for("teacher.request_page", request_id=talk.id))
    return _render_request(talk, reject_form=form, status=400)
