"""Schools: the CSV format shared by import and export.

Import is all-or-nothing: one bad row rejects the whole file, and every row's problems are
listed so the file can be fixed in one go. Re-importing updates schools by URN.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import func

from booking import csv_files
from booking.domain.errors import RuleBroken
from booking.domain.vocabulary import Phase
from booking.extensions import db
from booking.models import School
from booking.services.areas import unknown as unknown_areas

CSV_COLUMNS = ("urn", "name", "phase", "address", "postcode", "area", "email_domains")
# May be added to an import: yes or no (blank is no). A file without it leaves every school's
# mark as it is, so an exported file (which has only CSV_COLUMNS) imports back unchanged.
STAFF_ONLY_COLUMN = "domains_staff_only"
STAFF_ONLY_VALUES = {"yes": True, "no": False, "": False}
# The longest each text may be: its column's size, so the database is never the one to refuse.
MAX_LENGTHS = {"name": 200, "address": 500, "area": 100, "email_domains": 500}
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
PHASES = {p.value for p in Phase}


@dataclass
class SchoolRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    staff_only: bool | None = None  # None: the file does not say


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalise_postcode(postcode: str) -> str:
    compact = re.sub(r"\s+", "", postcode.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def _check_row(values: dict[str, str]) -> list[str]:
    problems = []
    if not re.fullmatch(r"\d{6}", values["urn"]):
        problems.append("urn must be 6 digits")
    if not values["name"]:
        problems.append("name is missing")
    problems += [
        f"{column} must be {limit} characters or fewer"
        for column, limit in MAX_LENGTHS.items()
        if len(values[column]) > limit
    ]
    if values["phase"] not in PHASES:
        problems.append(f"phase must be one of {', '.join(sorted(PHASES))}")
    if not POSTCODE.match(values["postcode"]):
        problems.append("postcode is not a UK postcode, like CW1 2AB")
    if not values["area"]:
        problems.append("area is missing")
    bad_domains = [d for d in values["email_domains"].split() if not DOMAIN.match(d)]
    if bad_domains:
        problems.append(f"email_domains has an invalid domain: {' '.join(bad_domains)}")
    return problems


def parse_csv(text: str) -> tuple[list[SchoolRow], list[str]]:
    """Rows with their problems, and problems with the file as a whole."""
    reader = csv.DictReader(io.StringIO(csv_files.without_bom(text)))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        return [], [
            f"The header row must be {','.join(CSV_COLUMNS)} (missing: {', '.join(missing)})"
        ]
    reader.fieldnames = header
    rows: list[SchoolRow] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {c: csv_files.restore((raw.get(c) or "").strip()) for c in CSV_COLUMNS}
        values["phase"] = values["phase"].lower()
        values["postcode"] = normalise_postcode(values["postcode"])
        values["email_domains"] = " ".join(values["email_domains"].lower().split())
        row = SchoolRow(line, values, _check_row(values))
        if STAFF_ONLY_COLUMN in header:
            mark = (raw.get(STAFF_ONLY_COLUMN) or "").strip().lower()
            if mark in STAFF_ONLY_VALUES:
                row.staff_only = STAFF_ONLY_VALUES[mark]
            else:
                row.problems.append(f"{STAFF_ONLY_COLUMN} must be yes or no")
        if values["urn"] in seen:
            row.problems.append(f"urn {values['urn']} is also on row {seen[values['urn']]}")
        seen.setdefault(values["urn"], line)
        rows.append(row)
    if not rows:
        return [], ["The file has no schools in it"]
    return rows, []


def _check_areas(rows: list[SchoolRow]) -> None:
    """An area must be on the list coordinators keep: a typo ("Chestr") is a problem of its
    row, never a new area."""
    missing = unknown_areas({row.values["area"] for row in rows if row.values["area"]})
    for row in rows:
        if row.values["area"] in missing:
            row.problems.append(
                f"area {row.values['area']} is not on the list of areas: correct it, or add "
                "the area on the Areas page first"
            )


def import_csv(text: str) -> ImportResult:
    """Create or update every school in the file, or none when any row is wrong."""
    rows, file_problems = parse_csv(text)
    _check_areas(rows)
    result = ImportResult(problems=file_problems)
    result.problems += [
        f"Row {row.line}: {'; '.join(row.problems)}" for row in rows if row.problems
    ]
    if not result.ok:
        return result
    existing = {
        school.urn: school
        for school in db.session.execute(
            db.select(School).where(School.urn.in_([row.values["urn"] for row in rows]))
        ).scalars()
    }
    for row in rows:
        school = existing.get(row.values["urn"])  # every row is right: add or update it
        if school is None:
            school = School(**row.values, domains_staff_only=bool(row.staff_only))
            db.session.add(school)
            result.created += 1
        else:
            for name, value in row.values.items():
                setattr(school, name, value)
            if row.staff_only is not None:
                school.domains_staff_only = row.staff_only
            result.updated += 1
    db.session.flush()
    return result


def export_csv() -> str:
    schools = db.session.execute(db.select(School).order_by(School.urn)).scalars()
    return csv_files.write(
        [CSV_COLUMNS, *([getattr(school, column) for column in CSV_COLUMNS] for school in schools)]
    )


# Coordinators' forms: the same checks as the CSV, with messages for a person at a form.
FORM_MESSAGES = {
    "urn": "Enter the school's URN: 6 digits, like 123456",
    "name": "Enter the school's name (200 characters or fewer)",
    "address": "Enter the school's address in 500 characters or fewer",
    "phase": "Select the school's phase",
    "postcode": "Enter a UK postcode, like CW1 2AB",
    "area": "Select the area (district) the school is in",
    "email_domains": "Enter e-mail domains like school.example.sch.uk, separated by spaces "
    "(500 characters or fewer)",
}
SEARCH_PAGE_SIZE = 50


def _clean(values: dict[str, str]) -> dict[str, str]:
    cleaned = {c: (values.get(c) or "").strip() for c in CSV_COLUMNS}
    cleaned["phase"] = cleaned["phase"].lower()
    cleaned["postcode"] = normalise_postcode(cleaned["postcode"])
    cleaned["email_domains"] = " ".join(cleaned["email_domains"].lower().split())
    return cleaned


def save_school(
    values: dict[str, str], school: School | None = None, *, staff_only: bool = False
) -> School:
    """Add a school, or change one; raises RuleBroken on the first wrong field.
    `staff_only`: the coordinator knows only staff have addresses on the school's domains."""
    values = _clean(values)
    for problem in _check_row(values):
        column = problem.split(" ", 1)[0]
        raise RuleBroken(FORM_MESSAGES.get(column, problem), column)
    if unknown_areas({values["area"]}):
        raise RuleBroken(
            "Select an area from the list (add a new one on the Areas page first)", "area"
        )
    clash = db.session.execute(
        db.select(School).where(School.urn == values["urn"])
    ).scalar_one_or_none()
    if clash is not None and clash is not school:
        raise RuleBroken(f"URN {values['urn']} is already used by {clash.name}", "urn")
    if school is None:
        school = School()
        db.session.add(school)
    for name, value in values.items():
        setattr(school, name, value)
    school.domains_staff_only = staff_only
    db.session.flush()
    return school


@dataclass
class SchoolPage:
    items: list[School]
    total: int


def search_schools(text: str = "") -> SchoolPage:
    """Schools whose name, URN or postcode contains `text` (postcode spaces ignored)."""
    query = db.select(School)
    text = text.strip()
    if text:
        pattern = f"%{text.lower()}%"
        compact = "%" + re.sub(r"\s+", "", text.upper()) + "%"
        query = query.where(
            func.lower(School.name).like(pattern)
            | School.urn.like(f"%{text}%")
            | func.replace(School.postcode, " ", "").like(compact)
        )
    total = db.session.execute(
        query.with_only_columns(func.count(School.id)).order_by(None)
    ).scalar_one()
    items = db.session.execute(
        query.order_by(func.lower(School.name)).limit(SEARCH_PAGE_SIZE)
    ).scalars()
    return SchoolPage(list(items), total)
