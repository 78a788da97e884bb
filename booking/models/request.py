from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.domain.vocabulary import (
    MAX_PUPILS,
    SESSION_LENGTHS,
    AgeGroup,
    RequestStatus,
)
from booking.models.base import Base, in_values, utcnow
from booking.models.school import School
from booking.models.topic import Topic
from booking.models.user import User

HOLDS_SESSION = in_values("status", [s.value for s in RequestStatus if s.holds_session])


class TalkRequest(Base):
    """A school's request for one talk on one topic: the booking.

    Session times are wall-clock times in the force's time zone (Europe/London): a talk at
    09:30 is at 09:30 whatever the clocks did. `busy_from`/`busy_until` widen the session by
    half the travel buffer each side, so that the database itself can refuse two sessions of
    one officer at different schools closer than the buffer.
    """

    __tablename__ = "talk_requests"
    __table_args__ = (
        CheckConstraint(in_values("status", [s.value for s in RequestStatus]), name="status_valid"),
        CheckConstraint(
            in_values("age_group", [a.value for a in AgeGroup]), name="age_group_valid"
        ),
        CheckConstraint(f"pupils BETWEEN 1 AND {MAX_PUPILS}", name="pupils_in_range"),
        CheckConstraint(
            in_values("length_minutes", SESSION_LENGTHS).replace("'", ""), name="length_valid"
        ),
        CheckConstraint(
            f"NOT ({HOLDS_SESSION}) OR (officer_id IS NOT NULL AND starts_at IS NOT NULL "
            "AND ends_at IS NOT NULL AND busy_from IS NOT NULL AND busy_until IS NOT NULL)",
            name="session_has_officer_and_time",
        ),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("busy_from <= starts_at AND busy_until >= ends_at", name="busy_covers"),
        CheckConstraint("pupils_reached IS NULL OR pupils_reached >= 1", name="reached_positive"),
        ExcludeConstraint(
            (literal_column("officer_id"), "="),
            (func.tsrange(literal_column("starts_at"), literal_column("ends_at")), "&&"),
            using="gist",
            where=HOLDS_SESSION,
            name="ex_talk_requests_officer_sessions_overlap",
        ).ddl_if(dialect="postgresql"),
        ExcludeConstraint(
            (literal_column("officer_id"), "="),
            (literal_column("school_id"), "<>"),
            (func.tsrange(literal_column("busy_from"), literal_column("busy_until")), "&&"),
            using="gist",
            where=HOLDS_SESSION,
            name="ex_talk_requests_officer_travel_buffer",
        ).ddl_if(dialect="postgresql"),
        Index("ix_talk_requests_officer_starts", "officer_id", "starts_at"),
        Index("ix_talk_requests_status_created", "status", "created_at"),
        Index("ix_talk_requests_school_created", "school_id", "created_at"),
        # Newest-first lists read it backwards; the demand report reads a period's figures
        # from the index alone (PostgreSQL index-only scan), never the table.
        Index(
            "ix_talk_requests_created_report",
            "created_at",
            "id",
            "topic_id",
            "status",
            "pupils_reached",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    age_group: Mapped[str] = mapped_column(String(20))
    year_group: Mapped[str] = mapped_column(String(60))
    pupils: Mapped[int]
    length_minutes: Mapped[int]
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.REQUESTED.value)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    busy_from: Mapped[datetime | None]
    busy_until: Mapped[datetime | None]
    pupils_reached: Mapped[int | None]
    calendar_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship()
    teacher: Mapped[User] = relationship(foreign_keys=[teacher_id])
    officer: Mapped[User | None] = relationship(foreign_keys=[officer_id])
    topic: Mapped[Topic] = relationship()
    options: Mapped[list[RequestOption]] = relationship(
        cascade="all, delete-orphan", order_by="RequestOption.position"
    )
    proposals: Mapped[list[Proposal]] = relationship(
        cascade="all, delete-orphan", order_by="Proposal.position", back_populates="request"
    )
    feedback: Mapped[Feedback | None] = relationship(cascade="all, delete-orphan")

    @property
    def status_enum(self) -> RequestStatus:
        return RequestStatus(self.status)

    @property
    def age_group_enum(self) -> AgeGroup:
        return AgeGroup(self.age_group)

    def __repr__(self) -> str:
        return f"<TalkRequest {self.reference} {self.status}>"


class RequestOption(Base):
    """One of the teacher's up to three preferred options: a date and a time range."""

    __tablename__ = "request_options"
    __table_args__ = (
        UniqueConstraint("request_id", "position", name="uq_request_options_position"),
        CheckConstraint("position BETWEEN 1 AND 3", name="position_valid"),
        CheckConstraint("latest_finish > earliest_start", name="finish_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talk_requests.id", ondelete="CASCADE"))
    position: Mapped[int]
    day: Mapped[date] = mapped_column(index=True)
    earliest_start: Mapped[time]
    latest_finish: Mapped[time]


class Proposal(Base):
    """A time an officer proposed instead of the teacher's options."""

    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("request_id", "position", name="uq_proposals_position"),
        CheckConstraint("position BETWEEN 1 AND 3", name="position_valid"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talk_requests.id", ondelete="CASCADE"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    position: Mapped[int]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User] = relationship()
    request: Mapped[TalkRequest] = relationship(back_populates="proposals")


class Feedback(Base):
    """A teacher's feedback on a delivered talk; one per request."""

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("talk_requests.id", ondelete="CASCADE"), unique=True
    )
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
