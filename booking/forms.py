"""Pieces every form uses: GOV.UK-styled fields and putting a broken rule onto its field."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from booking.domain.errors import RuleBroken


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


def email_field(label: str = "Email address") -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                message="Enter an email address in the correct format, like name@example.com",
                check_deliverability=False,
            ),
        ],
    )


def password_field(
    label: str = "Password", message: str = "Enter your password", *extra_validators
) -> PasswordField:
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=message),
            Length(max=200, message="Password must be 200 characters or fewer"),
            *extra_validators,
        ],
    )


def text_field(label: str, required: str | None, max_length: int, **kwargs) -> StringField:
    validators = [
        Length(max=max_length, message=f"{label} must be {max_length} characters or fewer")
    ]
    if required:
        validators.insert(0, InputRequired(message=required))
    return StringField(label, widget=GovTextInput(), validators=validators, **kwargs)


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


def apply_rule_error(form: FlaskForm, error: RuleBroken) -> None:
    """Show a broken rule next to its field (the first field when none is named)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        field = next(iter(form))
    field.errors = [*field.errors, error.message]
