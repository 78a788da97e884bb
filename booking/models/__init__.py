"""The data model, one module per aggregate. Importing this package registers every table."""

from booking.models.audit import AuditEvent
from booking.models.availability import AvailabilityWindow, Closure, TimeOff
from booking.models.outbox import OutboxMessage
from booking.models.request import Feedback, Proposal, RequestOption, TalkRequest
from booking.models.school import Area, School
from booking.models.topic import Topic
from booking.models.user import OfficerArea, User, UserSession

__all__ = [
    "Area",
    "AuditEvent",
    "AvailabilityWindow",
    "Closure",
    "Feedback",
    "OfficerArea",
    "OutboxMessage",
    "Proposal",
    "RequestOption",
    "School",
    "TalkRequest",
    "TimeOff",
    "Topic",
    "User",
    "UserSession",
]
