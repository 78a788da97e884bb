from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from booking.domain.vocabulary import Phase
from booking.models.base import Base, in_values


class Area(Base):
    """An area (district) of the force. The list is kept by coordinators: a school's area and
    an officer's areas are names from it (foreign keys), so a typo in an import can never
    become a new area, and renaming one renames it everywhere (ON UPDATE CASCADE)."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    def __repr__(self) -> str:
        return f"<Area {self.name}>"


AREA_NAME = "areas.name"


class School(Base):
    """A school in England, known by its 6-digit URN."""

    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint(in_values("phase", [p.value for p in Phase]), name="phase_valid"),
        CheckConstraint("length(urn) = 6", name="urn_six_digits"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    urn: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), index=True)
    area: Mapped[str] = mapped_column(
        String(100), ForeignKey(AREA_NAME, onupdate="CASCADE"), index=True
    )
    email_domains: Mapped[str] = mapped_column(String(500), default="")
    # Pupils often have addresses on their school's domain: only a coordinator who knows the
    # domains are for staff alone makes an address on them enough to approve a teacher.
    domains_staff_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def domain_list(self) -> list[str]:
        return self.email_domains.split()

    def accepts_email(self, email: str) -> bool:
        """True when an address belongs to one of the school's own e-mail domains."""
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in {d.lower() for d in self.domain_list}

    def trusts_email(self, email: str) -> bool:
        """True when an address is enough to make a teacher's account active at once: it is
        on the school's domains and a coordinator has marked them as for staff only."""
        return self.domains_staff_only and self.accepts_email(email)

    def __repr__(self) -> str:
        return f"<School {self.urn} {self.name}>"
