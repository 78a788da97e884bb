"""Sign in, sign out, create an account, reset a password."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from booking.access import public, signed_in
from booking.auth import bp, login_sessions
from booking.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ConfirmAccountForm,
    ConfirmEmailChangeForm,
    CreateAccountForm,
    NewPasswordForm,
    ResetRequestForm,
    SignInForm,
)
from booking.auth.limits import failed_sign_in, guarded, signed_in_account
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Role
from booking.extensions import db
from booking.forms import apply_rule_error, choices
from booking.links import external_url
from booking.models import School
from booking.services import accounts
from booking.services import registration as registrations

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
    """Only a path to one of this site's pages is followed after sign-in.

    Browsers drop tabs and newlines from a Location and read a backslash as a slash, so a
    slash, a tab and a slash (or a slash and a backslash) would lead to another site: any
    control, space or backslash refuses the target, as does anything with a scheme or a host,
    or a path that no page of ours answers to a GET.
    """
    if not target or "\\" in target:
        return None
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in target):
        return None
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//"):
        return None
    try:
        current_app.url_map.bind("").match(unquote(parts.path), method="GET")
    except HTTPException:  # NotFound, MethodNotAllowed, or a redirect to another path
        return None
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@guarded(per_account=10, per_address=50, counts=failed_sign_in)
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = accounts.authenticate(
            form.email.data, form.password.data, login_sessions.client_ip()
        )
        if user is not None:
            login_sessions.start_session(user)
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
        login_sessions.end_session()
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
                lambda token: external_url("auth.confirm_account", token=token),
                sign_in_url=external_url("auth.sign_in"),
                reset_url=external_url("auth.reset_password"),
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
            user = registrations.register_teacher(registration, login_sessions.client_ip())
        except IntegrityError:  # the same link followed twice at once: the first one won
            db.session.rollback()
            return render_template("auth/confirm_invalid.html"), 404
        login_sessions.start_session(user)
        db.session.commit()
        return redirect(home_for(user))
    return render_template("auth/confirm_account.html", form=form, registration=registration)


@bp.route("/account-pending")
@signed_in
def pending():
    if not current_user.is_pending:
        return redirect(home_for(current_user))
    return render_template(
        "auth/pending.html",
        on_school_domain=current_user.school.accepts_email(current_user.email),
    )


@bp.route("/reset-password", methods=["GET", "POST"])
@public
@guarded(per_account=5, per_address=20)
def reset_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(
            form.email.data,
            lambda token: external_url("auth.new_password", token=token),
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
            accounts.end_login_sessions(user)
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
@guarded(per_account=5, per_address=20, account=signed_in_account)
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
            login_sessions.end_other_sessions(current_user)
            db.session.commit()
            flash(
                "Your password has been changed. You have been signed out everywhere else.",
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@signed_in
@guarded(per_account=5, per_address=20, account=signed_in_account)
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            email = accounts.request_email_change(
                current_user,
                form.email.data,
                form.current_password.data,
                confirm_url_for=lambda token: external_url(
                    "auth.confirm_email_change", token=token
                ),
                sign_in_url=external_url("auth.sign_in"),
                reset_url=external_url("auth.reset_password"),
                ip_address=login_sessions.client_ip(),
            )
        except RuleBroken as error:
            db.session.rollback()
            apply_rule_error(form, error)
        else:
            db.session.commit()
            return render_template(
                "auth/email_change_sent.html",
                email=email,
                hours=current_app.config["EMAIL_CHANGE_MAX_AGE_SECONDS"] // 3600,
            )
    return render_template("auth/change_email.html", form=form)


EMAIL_LINK_INVALID = (
    "That link to change your email address has expired, has been used already, or belongs "
    "to another account. Change your email address again to get a new link."
)


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@signed_in
def confirm_email_change(token: str):
    """A GET only shows the page: mail scanners that open links must not change anything.
    Someone signed out is sent to sign in first and brought back here."""
    new_email = accounts.email_change_for_token(current_user, token)
    if new_email is None:
        flash(EMAIL_LINK_INVALID, "info")
        return redirect(url_for("auth.account"))
    form = ConfirmEmailChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_email(current_user, new_email, ip_address=login_sessions.client_ip())
        except IntegrityError:  # taken a moment ago, or the same link followed twice at once
            db.session.rollback()
            flash(EMAIL_LINK_INVALID, "info")
            return redirect(url_for("auth.account"))
        db.session.commit()
        flash(f"Your email address has been changed to {new_email}.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/confirm_email_change.html", form=form, email=new_email)
