"""Pieces every form uses: GOV.UK-styled fields and putting a broken rule onto its field."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovPasswordInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import Field
from wtforms.validators import Email, InputRequired, Length

from booking import cleaning
from booking.domain.errors import RuleBroken


class Form(FlaskForm):
    """Every form of the service. Before any other check, each field typed into is refused if
    it holds control characters (see `booking.cleaning`), with a message on the field; so no
    such character reaches a service, a log line or the database."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if _holds_control_characters(field):
                field.errors = [
                    f"{_label(field)} must not contain control characters: "
                    "remove them and try again",
                    *[e for e in field.errors if not isinstance(e, dict)],
                ]
                valid = False
        return valid


def _label(field: Field) -> str:
    return getattr(field, "called", None) or field.label.text


def _holds_control_characters(field: Field) -> bool:
    multiline = isinstance(field, TextAreaField)
    return any(
        isinstance(value, str) and cleaning.has_control_characters(value, multiline=multiline)
        for value in (field.raw_data or [])
    )


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    return [SelectChoice(value=str(value), label=label) for value, label in pairs]


def email_field(
    label: str = "Email address", missing: str = "Enter your email address"
) -> StringField:
    """`missing` says whose address it is: "your" on one's own forms, "their" on others'."""
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=missing),
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


MAX_REASON_LENGTH = 500


def reason_field(required: str, description: str | None = None) -> TextAreaField:
    """Why a request is declined or cancelled: the people told by e-mail read it."""
    return TextAreaField(
        "Reason",
        widget=GovTextArea(),
        validators=[
            InputRequired(message=required),
            Length(
                max=MAX_REASON_LENGTH,
                message=f"Reason must be {MAX_REASON_LENGTH} characters or fewer",
            ),
        ],
        description=description,
    )


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


def apply_rule_error(form: FlaskForm, error: RuleBroken) -> None:
    """Show each broken rule next to its field (the first field when none is named)."""
    for problem in getattr(error, "problems", [error]):
        field = getattr(form, problem.field, None) if problem.field else None
        if field is None:
            field = next(iter(form))
        field.errors = [*field.errors, problem.message]


class GovDateField(DateField):
    """A GOV.UK date input (Day, Month, Year).

    All three boxes empty is no date: the field's validators say whether one is needed. A
    missing part, or a date that does not exist, gets a message naming the field (`called`,
    the label by default) and showing what to type.
    """

    def __init__(self, label: str, validators=None, *, called: str | None = None, **kwargs):
        super().__init__(label, validators, widget=GovDateInput(), format="%d %m %Y", **kwargs)
        self.called = called or label

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            self.raw_data = None  # not sent at all: keep the default
            return
        # The widget shows back exactly three boxes, whatever was (or was not) sent.
        parts = ([value.strip() for value in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            return
        if not all(parts):
            raise ValueError(f"{self.called} must include a day, month and year")
        numbers = [cleaning.whole_number(part, max_digits=4) for part in parts]
        try:
            day, month, year = numbers
            if year is None or year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except (TypeError, ValueError):
            raise ValueError(f"{self.called} must be a real date, like 27 3 2026") from None
        if not cleaning.year_in_range(year):
            self.data = None
            raise ValueError(
                f"{self.called} must be between {cleaning.EARLIEST_YEAR} and {cleaning.LATEST_YEAR}"
            )


def error_summary(form: FlaskForm) -> dict:
    """The error summary's parameters, each link pointing at something that takes focus: a
    date input's first box rather than the group around the three."""
    params = wtforms_errors(form)
    dates = {f"#{field.id}" for field in form if isinstance(field, GovDateField)}
    for item in params["errorList"]:
        if item.get("href") in dates:
            item["href"] += "-day"
    return params
