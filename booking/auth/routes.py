"""Sign in, sign out, create an account, reset a password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from booking.access import public, signed_in
from booking.auth import sessions
from booking.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmAccountForm,
    CreateAccountForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
)
from booking.auth.limits import guarded
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.models import School
from booking.services import accounts
from booking.services import registration as registrations

bp = Blueprint("auth", __name__)

HOME_BY_ROLE = {
    Role.TEACHER: "teacher.requests",
    Role.OFFICER: "officer.requests",
    Role.COORDINATOR: "coordinator.requests",
}
SIGN_IN_FAILED = "Enter a correct email address and password"


def home_for(user) -> str:
    if user.is_pending:
        return url_for("auth.pending")
    return url_for(HOME_BY_ROLE[user.role])


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@guarded(per_account=10, per_address=50)
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data, sessions.client_ip())
        if user is not None:
            sessions.start_session(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
        db.session.commit()  # keep the record of the failed attempt
        form.email.errors = [*form.email.errors, SIGN_IN_FAILED]
        form.password.errors = [*form.password.errors, SIGN_IN_FAILED]
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    if current_user.is_authenticated:
        sessions.end_session()
        db.session.commit()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/create-account", methods=["GET", "POST"])
@public
@guarded(per_account=5, per_address=20)
def create_account():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = CreateAccountForm()
    schools = accounts.school_choices()
    form.school.choices = choices(
        [("", "Select your school")] + [(s.id, f"{s.name} ({s.postcode})") for s in schools]
    )
    if form.validate_on_submit():
        details = registrations.NewTeacher(
            full_name=form.full_name.data,
            email=form.email.data,
            school=db.session.get(School, int(form.school.data)),
            job_title=form.job_title.data,
            telephone=form.telephone.data,
            password=form.password.data,
        )
        try:
            registrations.start_registration(
                details,
                lambda token: url_for("auth.confirm_account", token=token, _external=True),
                sign_in_url=url_for("auth.sign_in", _external=True),
                reset_url=url_for("auth.reset_password", _external=True),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            return render_template(
                "auth/confirm_sent.html",
                email=accounts.normalise_email(form.email.data),
                hours=current_app.config["ACCOUNT_CONFIRM_MAX_AGE_SECONDS"] // 3600,
            )
    return render_template("auth/create_account.html", form=form)


@bp.route("/create-account/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_account(token: str):
    """A GET only shows the page: mail scanners that open links must not create accounts."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    registration = registrations.registration_for_token(token)
    if registration is None:
        return render_template("auth/confirm_invalid.html"), 404
    form = ConfirmAccountForm()
    if form.validate_on_submit():
        try:
            user = registrations.register_teacher(registration, sessions.client_ip())
        except IntegrityError:  # the same link followed twice at once: the first one won
            db.session.rollback()
            return render_template("auth/confirm_invalid.html"), 404
        sessions.start_session(user)
        db.session.commit()
        return redirect(home_for(user))
    return render_template("auth/confirm_account.html", form=form, registration=registration)


@bp.route("/account-pending")
@signed_in
def pending():
    if not current_user.is_pending:
        return redirect(home_for(current_user))
    return render_template("auth/pending.html")


@bp.route("/reset-password", methods=["GET", "POST"])
@public
@guarded(per_account=5, per_address=20)
def reset_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            form.email.data,
            lambda token: url_for("auth.new_password", token=token, _external=True),
        )
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/reset_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def new_password(token: str):
    user = accounts.user_for_password_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data, actor=user)
        except RuleBroken as error:
            apply_rule_error(form, error)
        else:
            sessions.end_all_sessions(user)
            db.session.commit()
            flash("Your password has been saved. Sign in with your new password.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/new_password.html", form=form)


@bp.route("/account")
@signed_in
def account():
    return render_template("auth/account.html")


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.check_current_password(current_user, form.current_password.data)
            accounts.set_password(current_user, form.password.data, actor=current_user)
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            sessions.end_other_sessions(current_user)
            db.session.commit()
            flash(
                "Your password has been changed. You have been signed out everywhere else.",
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@signed_in
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.change_email(
                current_user,
                form.email.data,
                form.current_password.data,
                ip_address=sessions.client_ip(),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            flash("Your email address has been changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_email.html", form=form)
