"""The teacher's forms: request a talk, cancel it, answer a proposal, leave feedback."""

from __future__ import annotations

import secrets

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, ValidationError
from wtforms.validators import InputRequired, Length

from booking import cleaning
from booking.domain.calendar import parse_clock
from booking.domain.options import CHOICES, Option
from booking.domain.vocabulary import MAX_NOTES_LENGTH, MAX_PUPILS, SESSION_LENGTHS, AgeGroup
from booking.forms import Form, GovDateField, choices, submit, text_field
from booking.services.teacher_requests import MAX_COMMENTS_LENGTH, MAX_REASON_LENGTH


def clock_field(label: str, example: str) -> StringField:
    return StringField(label, widget=GovTextInput(), description=f"For example, {example}")


def _check_clock(field: StringField) -> None:
    try:
        parse_clock(field.data)
    except ValueError:
        raise ValidationError(
            f"{field.label.text} must be a time in the 24-hour clock, like 09:30 or 14:00"
        ) from None


def _pupils(form: FlaskForm, field: StringField) -> None:
    number = cleaning.whole_number(field.data)
    if number is None:
        raise ValidationError("Number of pupils must be a whole number, like 30")
    if not 1 <= number <= MAX_PUPILS:
        raise ValidationError(f"Number of pupils must be between 1 and {MAX_PUPILS}")


def _age_group(form: FlaskForm, field: RadioField) -> None:
    if field.data not in {group.value for group in AgeGroup}:
        raise ValidationError("Select the age group of the class")


def _session_length(form: FlaskForm, field: RadioField) -> None:
    """Left empty, the topic's usual length is used; otherwise one of the lengths offered."""
    if field.data and field.data not in {str(minutes) for minutes in SESSION_LENGTHS}:
        raise ValidationError("Select a session length of 30, 45, 60 or 90 minutes")


class RequestTalkForm(Form):
    topic = SelectField(
        "Topic", widget=GovSelect(), validators=[InputRequired(message="Select a topic")]
    )
    # The choices follow the school's phase (set by the view); an age group the school does
    # not have is refused by the service with a message saying why, not "Not a valid choice".
    age_group = RadioField(
        "Age group",
        widget=GovRadioInput(),
        choices=choices((group.value, group.label) for group in AgeGroup),
        validators=[InputRequired(message="Select the age group of the class"), _age_group],
        validate_choice=False,
    )
    year_group = text_field(
        "Year group or class",
        "Enter the year group or class, like Year 5 or 9B",
        60,
    )
    pupils = StringField(
        "Number of pupils",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the number of pupils"), _pupils],
        description=f"Between 1 and {MAX_PUPILS}",
    )
    length_minutes = RadioField(
        "Session length",
        widget=GovRadioInput(),
        choices=choices((minutes, f"{minutes} minutes") for minutes in SESSION_LENGTHS),
        validators=[_session_length],
        validate_choice=False,
    )
    first_day = GovDateField("Date", called="The date of your first choice")
    first_start = clock_field("Earliest start", "09:30")
    first_finish = clock_field("Latest finish", "11:30")
    second_day = GovDateField("Date", called="The date of your second choice")
    second_start = clock_field("Earliest start", "09:30")
    second_finish = clock_field("Latest finish", "11:30")
    third_day = GovDateField("Date", called="The date of your third choice")
    third_start = clock_field("Earliest start", "09:30")
    third_finish = clock_field("Latest finish", "11:30")
    notes = StringField(
        "Notes for the officer",
        widget=GovCharacterCount(),
        validators=[
            Length(
                max=MAX_NOTES_LENGTH,
                message=f"Notes must be {MAX_NOTES_LENGTH:,} characters or fewer",
            )
        ],
        description="Optional. For example, what the class has covered, or access to the room",
    )
    submission_key = HiddenField(default=lambda: secrets.token_urlsafe(24))
    submit = submit("Send request")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for choice in CHOICES:
            valid = self._check_choice(choice) and valid
        if not (self.submission_key.data or "").strip() or len(self.submission_key.data) > 64:
            self.submission_key.data = secrets.token_urlsafe(24)
        return valid

    def _check_choice(self, choice: str) -> bool:
        """A choice is all there (date and both times) or, after the first, not there at all."""
        day, start, finish = (getattr(self, f"{choice}_{part}") for part in CHOICE_PARTS)
        if day.errors:
            return False
        start.data, finish.data = (start.data or "").strip(), (finish.data or "").strip()
        given = [day.data is not None, bool(start.data), bool(finish.data)]
        if not any(given) and choice != "first":
            return True
        valid = True
        if day.data is None:
            day.errors.append(f"Enter the date of your {choice} choice")
            valid = False
        for field, label in ((start, "earliest start"), (finish, "latest finish")):
            if not field.data:
                field.errors.append(f"Enter the {label} of your {choice} choice, like 09:30")
                valid = False
                continue
            try:
                _check_clock(field)
            except ValidationError as error:
                field.errors.append(str(error))
                valid = False
        return valid

    def options(self) -> list[Option]:
        """The choices given, in order; only call after validate() succeeded."""
        found = []
        for choice in CHOICES:
            day, start, finish = (getattr(self, f"{choice}_{part}") for part in CHOICE_PARTS)
            if day.data is not None:
                found.append(
                    Option(choice, day.data, parse_clock(start.data), parse_clock(finish.data))
                )
        return found


CHOICE_PARTS = ("day", "start", "finish")


class CancelForm(Form):
    reason = StringField(
        "Why are you cancelling?",
        widget=GovCharacterCount(),
        validators=[
            InputRequired(message="Enter why you are cancelling the request"),
            Length(
                max=MAX_REASON_LENGTH,
                message=f"Reason must be {MAX_REASON_LENGTH} characters or fewer",
            ),
        ],
        description="The officer and the Communities Unit will see this",
    )
    submit = submit("Cancel request")


class FeedbackForm(Form):
    rating = RadioField(
        "Rating",
        widget=GovRadioInput(),
        choices=choices(
            [
                (5, "5 – excellent"),
                (4, "4 – good"),
                (3, "3 – satisfactory"),
                (2, "2 – poor"),
                (1, "1 – very poor"),
            ]
        ),
        validators=[InputRequired(message="Select a rating from 1 to 5")],
    )
    comments = StringField(
        "Comments",
        widget=GovCharacterCount(),
        validators=[
            Length(
                max=MAX_COMMENTS_LENGTH,
                message=f"Comments must be {MAX_COMMENTS_LENGTH:,} characters or fewer",
            )
        ],
        description="Optional. What worked well, and what could be better",
    )
    submit = submit("Send feedback")


class AcceptProposalForm(Form):
    """One per proposed time: its button carries the proposal's id, so one click accepts it."""

    proposal = HiddenField(validators=[InputRequired(message="Choose a proposed time to accept")])


class RejectProposalForm(Form):
    rejection_reason = text_field(
        "Why do none of these times suit you? (optional)", None, MAX_REASON_LENGTH
    )
    submit = submit("Reject proposed times")
