from __future__ import annotations

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from booking.domain.vocabulary import SESSION_LENGTHS, AgeGroup
from booking.models.base import Base, in_values


class Topic(Base):
    """A PSHE topic officers give talks on. Retired topics keep their history."""

    __tablename__ = "topics"
    __table_args__ = (
        CheckConstraint("for_primary OR for_secondary", name="suits_an_age_group"),
        CheckConstraint(
            in_values("default_length", SESSION_LENGTHS).replace("'", ""), name="length_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    for_primary: Mapped[bool] = mapped_column(default=True)
    for_secondary: Mapped[bool] = mapped_column(default=True)
    default_length: Mapped[int] = mapped_column(default=60)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def age_groups(self) -> list[AgeGroup]:
        groups = []
        if self.for_primary:
            groups.append(AgeGroup.PRIMARY)
        if self.for_secondary:
            groups.append(AgeGroup.SECONDARY)
        return groups

    def suits(self, age_group: str) -> bool:
        return age_group in self.age_groups

    @property
    def age_groups_label(self) -> str:
        return " and ".join(group.label for group in self.age_groups)

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"
