"""The force's areas (districts): a list coordinators keep. Schools and officers use its names,
and every area filter offers them, so one district has one spelling everywhere."""

from __future__ import annotations

from sqlalchemy import func, select

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import Area, OfficerArea, School, User
from booking.services import audit

MAX_AREA_LENGTH = 100


def all_areas() -> list[Area]:
    return list(db.session.execute(select(Area).order_by(func.lower(Area.name))).scalars())


def area_names() -> list[str]:
    return [area.name for area in all_areas()]


def unknown(names: set[str]) -> set[str]:
    """The names among `names` that are not on the list (exact spelling)."""
    known = set(db.session.execute(select(Area.name).where(Area.name.in_(names))).scalars())
    return names - known


def usage() -> dict[str, tuple[int, int]]:
    """Per area name: how many schools and officers use it."""
    schools = dict(
        db.session.execute(select(School.area, func.count()).group_by(School.area)).all()
    )
    officers = dict(
        db.session.execute(select(OfficerArea.area, func.count()).group_by(OfficerArea.area)).all()
    )
    return {name: (schools.get(name, 0), officers.get(name, 0)) for name in area_names()}


def _checked(name: str, keep: Area | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise RuleBroken("Enter the area's name, like Crewe", "name")
    if len(name) > MAX_AREA_LENGTH:
        raise RuleBroken(f"The name must be {MAX_AREA_LENGTH} characters or fewer", "name")
    same = db.session.execute(
        select(Area).where(func.lower(Area.name) == name.lower())
    ).scalar_one_or_none()
    if same is not None and same is not keep:
        raise RuleBroken(f"There is already an area called {same.name}", "name")
    return name


def add_area(name: str, *, actor: User | None) -> Area:
    area = Area(name=_checked(name))
    db.session.add(area)
    db.session.flush()
    audit.record("area_added", actor=actor, detail=area.name)
    return area


def rename_area(area: Area, name: str, *, actor: User) -> None:
    """The new name reaches every school and officer of the area: the database's foreign keys
    cascade the change in the same statement."""
    new = _checked(name, keep=area)
    old = area.name
    if new == old:
        return
    area.name = new
    db.session.flush()
    # Rows already loaded still hold the old name (an officer's area even as its key): forget
    # them, so they are read again from the database.
    for row in [*db.session.identity_map.values()]:
        if isinstance(row, OfficerArea):
            db.session.expunge(row)
    db.session.expire_all()
    audit.record("area_renamed", actor=actor, detail=f"{old} to {new}")
