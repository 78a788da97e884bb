from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from booking.domain.vocabulary import Role, UserStatus
from booking.models.base import Base, in_values, utcnow
from booking.models.school import AREA_NAME, School
from booking.models.topic import Topic


def password_hash_method() -> str:
    """scrypt in real use; tests may choose a cheaper method to stay fast."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return "scrypt"


officer_topics = Table(
    "officer_topics",
    Base.metadata,
    Column("officer_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Base):
    """A teacher, officer or coordinator. E-mail addresses are stored lower-case."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(in_values("role", [r.value for r in Role]), name="role_valid"),
        CheckConstraint(in_values("status", [s.value for s in UserStatus]), name="status_valid"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("role <> 'teacher' OR school_id IS NOT NULL", name="teacher_has_school"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), default=UserStatus.ACTIVE.value)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    job_title: Mapped[str] = mapped_column(String(120), default="")
    telephone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(256), default="")
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School | None] = relationship()
    areas: Mapped[list[OfficerArea]] = relationship(
        cascade="all, delete-orphan", order_by="OfficerArea.area"
    )
    topics: Mapped[list[Topic]] = relationship(secondary=officer_topics, order_by="Topic.name")

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot sign in; pending teachers can, to see they wait."""
        return self.status != UserStatus.DEACTIVATED

    @property
    def is_pending(self) -> bool:
        return self.status == UserStatus.PENDING

    @property
    def area_names(self) -> list[str]:
        return [a.area for a in self.areas]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class OfficerArea(Base):
    """An area (district) an officer covers; officers of an area hear of its new requests."""

    __tablename__ = "officer_areas"

    officer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(
        String(100), ForeignKey(AREA_NAME, onupdate="CASCADE"), primary_key=True, index=True
    )


class UserSession(Base):
    """A signed-in session. Its token lives in the cookie; ending the row ends the session.

    Kept on the server so that signing out, or changing the password, makes an old cookie
    useless even if someone copied it.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ip_address: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()
