"""The words of the service, as fixed sets of values shared by code, schema and pages."""

from enum import StrEnum


class Role(StrEnum):
    TEACHER = "teacher"
    OFFICER = "officer"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class UserStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"

    @property
    def label(self) -> str:
        return {"pending": "Awaiting approval"}.get(self.value, self.value.capitalize())


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"proposed": "New time proposed"}.get(self.value, self.value.capitalize())

    @property
    def tag_colour(self) -> str:
        """GOV.UK tag modifier for this status."""
        return {
            "requested": "blue",
            "proposed": "yellow",
            "confirmed": "green",
            "delivered": "grey",
            "declined": "red",
            "cancelled": "orange",
        }[self.value]

    @property
    def is_open(self) -> bool:
        """An open request still waits for an officer."""
        return self in (RequestStatus.REQUESTED, RequestStatus.PROPOSED)

    @property
    def holds_session(self) -> bool:
        """A request in this status occupies the officer's time."""
        return self in (RequestStatus.CONFIRMED, RequestStatus.DELIVERED)


class AgeGroup(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"

    @property
    def label(self) -> str:
        return {"primary": "Primary (4 to 11)", "secondary": "Secondary (11 to 16)"}[self.value]


class Phase(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    ALL_THROUGH = "all-through"
    SPECIAL = "special"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def age_groups(self) -> tuple[AgeGroup, ...]:
        """The classes a school of this phase has: all-through and special schools have both."""
        return {
            "primary": (AgeGroup.PRIMARY,),
            "secondary": (AgeGroup.SECONDARY,),
        }.get(self.value, (AgeGroup.PRIMARY, AgeGroup.SECONDARY))


SESSION_LENGTHS = (30, 45, 60, 90)
MAX_PUPILS = 400
MAX_NOTES_LENGTH = 2000
MAX_OPTIONS = 3
