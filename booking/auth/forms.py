from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect
from wtforms import SelectField
from wtforms.validators import EqualTo, InputRequired

from booking.forms import Form, email_field, password_field, submit, text_field

MATCHES_PASSWORD = EqualTo("password", message="Passwords must match")


class SignInForm(Form):
    email = email_field()
    password = password_field()
    submit = submit("Sign in")


class CreateAccountForm(Form):
    full_name = text_field("Full name", "Enter your full name", 120)
    email = email_field()
    school = SelectField(
        "School",
        widget=GovSelect(),
        validators=[InputRequired(message="Select your school")],
        validate_choice=True,
    )
    job_title = text_field("Job title", "Enter your job title", 120)
    telephone = text_field(
        "Telephone number",
        "Enter a telephone number, like 01632 960 001",
        40,
        description="So the officer can reach you about the talk",
    )
    password = password_field(message="Enter a password")
    confirm_password = password_field(
        "Confirm password", "Enter the password again", MATCHES_PASSWORD
    )
    submit = submit("Create account")


class ConfirmAccountForm(Form):
    submit = submit("Create account")


class ResetRequestForm(Form):
    email = email_field()
    submit = submit("Send reset link")


class NewPasswordForm(Form):
    password = password_field("New password", message="Enter a new password")
    confirm_password = password_field(
        "Confirm new password", "Enter the password again", MATCHES_PASSWORD
    )
    submit = submit("Save password")


class ChangePasswordForm(Form):
    current_password = password_field("Current password", "Enter your current password")
    password = password_field("New password", "Enter a new password")
    confirm_password = password_field(
        "Confirm new password", "Enter the new password again", MATCHES_PASSWORD
    )
    submit = submit("Change password")


class ChangeEmailForm(Form):
    email = email_field("New email address")
    current_password = password_field("Current password", "Enter your current password")
    submit = submit("Change email address")


class ConfirmEmailChangeForm(Form):
    submit = submit("Change email address")
