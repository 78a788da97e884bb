"""Forms of the officer pages. Several forms share the request page, so each has a prefix
(the field ids stay unique)."""

from __future__ import annotations

from datetime import time

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from booking.domain.availability import WEEKDAYS
from booking.domain.calendar import parse_clock
from booking.domain.vocabulary import MAX_OPTIONS, MAX_PUPILS
from booking.forms import Form, GovDateField, choices, reason_field, submit, text_field


def clock_field(label: str, required: str | None = None) -> StringField:
    def valid_clock(_form, field):
        if field.data and field.data.strip():
            try:
                parse_clock(field.data)
            except ValueError as error:
                raise ValidationError(str(error)) from None

    validators = [InputRequired(message=required)] if required else [Optional()]
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            *validators,
            Length(max=5, message=f"{label}: enter a time like 09:30"),
            valid_clock,
        ],
        description="Use the 24-hour clock, for example 09:30 or 14:00",
    )


def clock(field) -> time | None:
    return parse_clock(field.data) if field.data and field.data.strip() else None


class ConfirmForm(Form):
    option = RadioField(
        "Which of the teacher's options?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose one of the teacher's options")],
    )
    start_time = clock_field("Start time", "Enter a start time, like 09:30")
    submit = submit("Confirm session")


class ProposeForm(Form):
    submit = submit("Propose times")


def _add_proposal_fields() -> None:
    for n in range(1, MAX_OPTIONS + 1):
        setattr(
            ProposeForm,
            f"day_{n}",
            GovDateField(
                f"Date {n}" if n == 1 else f"Date {n} (optional)",
                validators=[Optional()] if n > 1 else [InputRequired(message="Enter a date")],
                description="For example, 27 3 2026",
            ),
        )
        setattr(
            ProposeForm,
            f"start_{n}",
            clock_field(f"Start time {n}", "Enter a start time, like 09:30" if n == 1 else None),
        )


_add_proposal_fields()


class DeclineForm(Form):
    reason = reason_field(
        "Enter why you are declining the request",
        "The teacher sees this in the e-mail telling them.",
    )
    submit = submit("Decline request")


class WithdrawForm(Form):
    reason = reason_field(
        "Enter why you are withdrawing the proposed times",
        "The teacher sees this in the e-mail telling them.",
    )
    submit = submit("Withdraw proposed times")


class CancelForm(Form):
    reason = reason_field(
        "Enter why you are cancelling the session",
        "The teacher sees this in the e-mail telling them.",
    )
    submit = submit("Cancel session")


class DeliverForm(Form):
    pupils_reached = IntegerField(
        "Pupils reached",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many pupils the talk reached, like 28"),
            NumberRange(
                1, MAX_PUPILS, message=f"Pupils reached must be between 1 and {MAX_PUPILS}"
            ),
        ],
    )
    submit = submit("Mark as delivered")


class CorrectPupilsForm(Form):
    pupils_reached = IntegerField(
        "Pupils reached",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many pupils the talk reached, like 28"),
            NumberRange(
                1, MAX_PUPILS, message=f"Pupils reached must be between 1 and {MAX_PUPILS}"
            ),
        ],
    )
    submit = submit("Correct pupils reached")


class WindowForm(Form):
    weekday = SelectField(
        "Day",
        widget=GovSelect(),
        choices=choices(enumerate(WEEKDAYS)),
        validators=[InputRequired(message="Choose a day")],
    )
    starts = clock_field("From", "Enter when the window starts, like 09:00")
    ends = clock_field("To", "Enter when the window ends, like 12:30")
    submit = submit("Add window")


class ChangeWindowForm(Form):
    starts = clock_field("From", "Enter when the window starts, like 09:00")
    ends = clock_field("To", "Enter when the window ends, like 12:30")
    submit = submit("Save window")


class TimeOffForm(Form):
    first_day = GovDateField(
        "First day",
        validators=[InputRequired(message="Enter the first day")],
        description="For example, 6 4 2026",
    )
    last_day = GovDateField(
        "Last day",
        validators=[InputRequired(message="Enter the last day")],
        description="For example, 10 4 2026",
    )
    reason = text_field("Reason", None, 200)
    submit = submit("Add time off")


class JumpForm(Form):
    class Meta:
        csrf = False

    day = GovDateField(
        "Go to the week of",
        validators=[InputRequired(message="Enter a date")],
        description="For example, 23 3 2026",
    )
    submit = submit("Show week")
