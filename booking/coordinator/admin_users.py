"""Coordinators: accounts. Staff accounts, approving teachers, deactivation, officers' cover."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking.coordinator import bp
from booking.coordinator.forms import ActionForm, CoverForm, StaffForm
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role, UserStatus
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.links import external_url
from booking.models import User
from booking.services import coordination, registration, topics, users

USER_ACTIONS = {
    "approve": (users.approve_teacher, "{name} approved and told by e-mail"),
    "reject": (users.reject_teacher, "{name}'s request for an account was rejected"),
    "deactivate": (users.deactivate, "{name} deactivated: they can no longer sign in"),
    "reactivate": (users.reactivate, "{name} reactivated"),
}


@bp.route("/users")
def user_list():
    role = request.args.get("role", "")
    status = request.args.get("status", "")
    role = role if role in {r.value for r in Role} else ""
    status = status if status in {s.value for s in UserStatus} else ""
    return render_template(
        "coordinator/users.html",
        users=users.list_users(role, status),
        pending=users.list_users(Role.TEACHER, UserStatus.PENDING),
        role=role,
        status=status,
        roles=list(Role),
        statuses=list(UserStatus),
        action_form=ActionForm(),
        approval_reason=registration.approval_reason,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = users.create_staff(
                form.email.data,
                form.full_name.data,
                form.role.data,
                actor=current_user,
                link_for=lambda token: external_url("auth.new_password", token=token),
            )
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash(
                f"Account created for {user.full_name}. We have e-mailed {user.email} "
                "a link to choose a password.",
                "success",
            )
            return redirect(url_for("coordinator.user_page", user_id=user.id))
    return render_template("coordinator/user_new.html", form=form)


def _cover_form(user: User) -> CoverForm:
    form = CoverForm(data={"areas": user.area_names, "topics": [str(t.id) for t in user.topics]})
    form.areas.choices = choices((area, area) for area in coordination.areas())
    form.topics.choices = choices((t.id, t.name) for t in topics.all_topics())
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_page(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _cover_form(user) if user.role == Role.OFFICER else None
    if form is not None and form.validate_on_submit():
        chosen = set(form.topics.data or [])
        users.set_officer_cover(
            user,
            form.areas.data or [],
            [t for t in topics.all_topics() if str(t.id) in chosen],
            actor=current_user,
        )
        db.session.commit()
        flash(f"Areas and topics of {user.full_name} saved", "success")
        return redirect(url_for("coordinator.user_page", user_id=user.id))
    return render_template(
        "coordinator/user.html",
        user=user,
        form=form,
        action_form=ActionForm(),
        approval_reason=registration.approval_reason,
    )


@bp.route(
    "/users/<int:user_id>/<any(approve, reject, deactivate, reactivate):action>", methods=["POST"]
)
def user_action(user_id: int, action: str):
    user = db.get_or_404(User, user_id)
    if ActionForm().validate_on_submit():
        change, message = USER_ACTIONS[action]
        try:
            change(user, actor=current_user)
        except RuleBroken as error:
            db.session.rollback()
            flash(error.message, "info")
            if action == "deactivate" and user.role == Role.OFFICER:
                return redirect(url_for("coordinator.officer_leaving", user_id=user.id))
        else:
            db.session.commit()
            flash(message.format(name=user.full_name), "success")
    return redirect(
        request.form.get("back") == "list"
        and url_for("coordinator.user_list")
        or url_for("coordinator.user_page", user_id=user.id)
    )
