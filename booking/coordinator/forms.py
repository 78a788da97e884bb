"""Coordinators' forms: report and list filters, assignment, topics, schools, users, closures."""

from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
)
from wtforms import RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from booking.domain.vocabulary import SESSION_LENGTHS, AgeGroup, Phase, RequestStatus, Role
from booking.forms import Form, GovDateField, choices, email_field, reason_field, submit, text_field


def required_day(message: str):
    """A day must be given; a day typed wrongly keeps its own message."""

    def check(form, field) -> None:
        if field.data is None:
            if field.process_errors:
                raise StopValidation()
            raise StopValidation(message)

    return check


class FilterForm(Form):
    """Filters are read from the address (GET), so a filtered page can be bookmarked. Every
    coordinator list can be narrowed to an area and an officer."""

    class Meta:
        csrf = False

    area = SelectField("Area", widget=GovSelect(), validators=[Optional()])
    officer = SelectField("Officer", widget=GovSelect(), validators=[Optional()])

    def __init__(self, *args, areas: list[str], officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = choices([("", "All areas")] + [(a, a) for a in areas])
        self.officer.choices = choices(
            [("", "All officers")] + [(o.id, o.full_name) for o in officers]
        )


def optional_date(label: str) -> GovDateField:
    return GovDateField(label, validators=[Optional()])


def _check_range(first, last, message: str) -> bool:
    if first.data and last.data and last.data < first.data:
        last.errors = [*last.errors, message]
        return False
    return True


class DemandFilterForm(FilterForm):
    first_day = GovDateField(
        "From",
        validators=[required_day("Enter the first day of the period")],
    )
    last_day = GovDateField(
        "To",
        validators=[required_day("Enter the last day of the period")],
    )
    age_group = SelectField("Age group", widget=GovSelect(), validators=[Optional()])
    apply = submit("Apply filters")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.age_group.choices = choices(
            [("", "All age groups")] + [(a.value, a.label) for a in AgeGroup]
        )

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and _check_range(
            self.first_day, self.last_day, "The last day must be the same as or after the first day"
        )


class RequestFilterForm(FilterForm):
    status = SelectField("Status", widget=GovSelect(), validators=[Optional()])
    topic = SelectField("Topic", widget=GovSelect(), validators=[Optional()])
    made_from = optional_date("Made from")
    made_to = optional_date("Made up to")
    apply = submit("Apply filters")

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices(
            [("", "All statuses")] + [(s.value, s.label) for s in RequestStatus]
        )
        self.topic.choices = choices([("", "All topics")] + [(t.id, t.name) for t in topics])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and _check_range(
            self.made_from, self.made_to, "'Made up to' must be the same as or after 'Made from'"
        )


class AssignForm(Form):
    officer = SelectField(
        "Officer",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Select the officer to assign the request to")],
    )
    assign = submit("Assign officer")


class GiveSessionForm(Form):
    """Cover: a session of an officer who is leaving, given to another officer."""

    officer = SelectField(
        "Give to",
        widget=GovSelect(),
        validators=[InputRequired(message="Select the officer who will give the talk")],
    )
    give = submit("Give to this officer")


class CancelSessionForm(Form):
    reason = reason_field(
        "Enter why you are cancelling the session", "The school sees this in the e-mail."
    )
    cancel = submit("Cancel session")


class DeclineForm(Form):
    reason = reason_field("Enter why you are declining the request")
    decline = submit("Decline request")


class CancelForm(Form):
    reason = reason_field("Enter why you are cancelling the request")
    cancel = submit("Cancel request")


class TopicForm(Form):
    name = text_field("Name", "Enter the topic's name", 120)
    description = TextAreaField(
        "Description",
        widget=GovTextArea(),
        validators=[Length(max=2000, message="Description must be 2000 characters or fewer")],
    )
    age_groups = SelectMultipleField(
        "Age groups",
        widget=GovCheckboxesInput(),
        choices=choices((a.value, a.label) for a in AgeGroup),
        validators=[InputRequired(message="Select at least one age group")],
    )
    default_length = SelectField(
        "Default length",
        widget=GovRadioInput(),
        choices=choices((n, f"{n} minutes") for n in SESSION_LENGTHS),
        validators=[InputRequired(message="Select a default length")],
    )
    save = submit("Save topic")


class SchoolForm(Form):
    urn = text_field("URN", "Enter the school's URN", 6)
    name = text_field("Name", "Enter the school's name", 200)
    phase = SelectField(
        "Phase",
        widget=GovSelect(),
        choices=choices((p.value, p.label) for p in Phase),
        validators=[InputRequired(message="Select the school's phase")],
    )
    address = TextAreaField(
        "Address",
        widget=GovTextArea(),
        validators=[Length(max=500, message="Address must be 500 characters or fewer")],
    )
    postcode = text_field("Postcode", "Enter the school's postcode", 10)
    # Choices from the list of areas (set by the view); the service says what to do when the
    # area is not on it.
    area = SelectField(
        "Area",
        widget=GovSelect(),
        validators=[InputRequired(message="Select the area (district) the school is in")],
        validate_choice=False,
    )
    email_domains = text_field("Email domains", None, 500)
    domains_staff_only = RadioField(
        "Are these e-mail domains for staff only?",
        widget=GovRadioInput(),
        choices=choices(
            [
                ("yes", "Yes, pupils do not have addresses on them"),
                ("no", "No, or not known"),
            ]
        ),
        coerce=lambda value: "yes" if value in (True, "yes") else "no",
        default="no",
    )
    save = submit("Save school")


class ImportForm(Form):
    file = FileField(
        "CSV file",
        widget=GovFileInput(),
        validators=[InputRequired(message="Select a CSV file")],
    )
    upload = submit("Import schools")


class StaffForm(Form):
    full_name = text_field("Full name", "Enter their full name", 120)
    email = email_field(missing="Enter their email address")
    role = SelectField(
        "Role",
        widget=GovRadioInput(),
        choices=choices((r.value, r.label) for r in (Role.OFFICER, Role.COORDINATOR)),
        validators=[InputRequired(message="Select officer or coordinator")],
    )
    create = submit("Create account")


class CoverForm(Form):
    areas = SelectMultipleField("Areas", widget=GovCheckboxesInput(), validators=[Optional()])
    topics = SelectMultipleField("Topics", widget=GovCheckboxesInput(), validators=[Optional()])
    save = submit("Save areas and topics")


class AreaForm(Form):
    name = text_field("Name", "Enter the area's name, like Crewe", 100)
    save = submit("Add area")


class RenameAreaForm(Form):
    name = text_field("New name", "Enter the area's new name", 100)
    save = submit("Rename area")


class ClosureForm(Form):
    first_day = GovDateField(
        "First day",
        validators=[required_day("Enter the first day")],
    )
    last_day = GovDateField(
        "Last day",
        validators=[required_day("Enter the last day")],
        description="A closure starts today or later, starts and ends on weekdays, and lasts "
        "at most a year",
    )
    reason = text_field("Reason", "Enter a reason, like 'Force training day'", 200)
    add = submit("Add closure")


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""
