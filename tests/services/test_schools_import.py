"""Schools CSV: a good file, a file with bad rows (nothing imported), a re-import, export,
and the coordinators' add/edit/search."""

from __future__ import annotations

import pytest

from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import School
from booking.services import schools

pytestmark = pytest.mark.usefixtures("app", "areas")


@pytest.fixture
def areas(make):
    """The areas the files below use are on the list; others ("Chestr") are not."""
    for name in ("Crewe", "Chester", "Warrington"):
        make.area(name)


HEADER = "urn,name,phase,address,postcode,area,email_domains"
GOOD = "\n".join(
    [
        HEADER,
        '700001,Alder Primary,primary,"1 Alder Road, Crewe",cw1 2ab,Crewe,alder.sch.uk',
        "700002,Birch High,secondary,2 Birch Road,CH1 4AB,Chester,",
    ]
)


def _schools() -> list[tuple[str, str, str, str]]:
    rows = db.session.execute(db.select(School).order_by(School.urn)).scalars()
    return [(s.urn, s.name, s.postcode, s.area) for s in rows]


def test_a_good_file_is_imported():
    result = schools.import_csv("\ufeff" + GOOD)
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    assert _schools() == [
        ("700001", "Alder Primary", "CW1 2AB", "Crewe"),
        ("700002", "Birch High", "CH1 4AB", "Chester"),
    ]


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem():
    text = "\n".join(
        [
            HEADER,
            "700001,Alder Primary,primary,,CW1 2AB,Crewe,",
            "70001,,nursery,,NOTAPOSTCODE,,bad_domain",
            "700001,Alder Again,primary,,CW1 2AB,Crewe,",
        ]
    )
    result = schools.import_csv(text)
    assert not result.ok
    assert result.problems == [
        "Row 3: urn must be 6 digits; name is missing; phase must be one of all-through, "
        "primary, secondary, special; postcode is not a UK postcode, like CW1 2AB; "
        "area is missing; email_domains has an invalid domain: bad_domain",
        "Row 4: urn 700001 is also on row 2",
    ]
    assert _schools() == []


def test_over_long_cells_are_problems_of_their_rows_not_of_the_database():
    text = "\n".join(
        [
            HEADER,
            f"700001,{'N' * 201},primary,{'a' * 501},CW1 2AB,{'C' * 101},",
            f"700002,Birch High,secondary,,CH1 4AB,Chester,{('b' * 60 + '.sch.uk ') * 8}",
        ]
    )
    result = schools.import_csv(text)
    assert result.problems == [
        "Row 2: name must be 200 characters or fewer; address must be 500 characters or "
        "fewer; area must be 100 characters or fewer; area "
        + "C" * 101
        + " is not on the list of areas: correct it, or add the area on the Areas page first",
        "Row 3: email_domains must be 500 characters or fewer",
    ]
    assert _schools() == []


def _staff_only() -> dict[str, bool]:
    rows = db.session.execute(db.select(School.urn, School.domains_staff_only)).all()
    return dict(sorted(rows))


def test_staff_only_domains_are_marked_by_an_optional_column_and_kept_when_it_is_absent():
    marked = "\n".join(
        [
            HEADER + ",domains_staff_only",
            "700001,Alder Primary,primary,,CW1 2AB,Crewe,alder.sch.uk,Yes",
            "700002,Birch High,secondary,,CH1 4AB,Chester,birch.sch.uk,",
        ]
    )
    assert schools.import_csv(marked).ok
    assert _staff_only() == {"700001": True, "700002": False}
    assert schools.import_csv(GOOD).ok  # no column: marks stay as they are
    assert _staff_only() == {"700001": True, "700002": False}
    assert schools.export_csv().splitlines()[0] == "\ufeff" + HEADER


def test_a_staff_only_mark_must_be_yes_or_no():
    text = HEADER + ",domains_staff_only\n700001,Alder Primary,primary,,CW1 2AB,Crewe,,maybe"
    assert schools.import_csv(text).problems == ["Row 2: domains_staff_only must be yes or no"]


def test_a_wrong_header_is_refused():
    result = schools.import_csv("urn,name\n700001,Alder")
    assert result.problems == [
        "The header row must be urn,name,phase,address,postcode,area,email_domains "
        "(missing: phase, address, postcode, area, email_domains)"
    ]


def test_re_importing_updates_by_urn():
    schools.import_csv(GOOD)
    again = (
        HEADER
        + "\n700002,Birch Academy,secondary,,CH1 4AB,Chester,\n"
        + ("700003,Cedar Primary,primary,,WA1 2NN,Warrington,")
    )
    result = schools.import_csv(again)
    assert (result.created, result.updated) == (1, 1)
    assert [row[:2] for row in _schools()] == [
        ("700001", "Alder Primary"),
        ("700002", "Birch Academy"),
        ("700003", "Cedar Primary"),
    ]


def test_export_gives_back_the_import_format():
    schools.import_csv(GOOD)
    exported = schools.export_csv()
    assert exported.split("\r\n") == [
        "\ufeff" + HEADER,
        '700001,Alder Primary,primary,"1 Alder Road, Crewe",CW1 2AB,Crewe,alder.sch.uk',
        "700002,Birch High,secondary,2 Birch Road,CH1 4AB,Chester,",
        "",
    ]
    db.session.execute(db.delete(School))
    assert schools.import_csv(exported).created == 2


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["without BOM", "with BOM"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_file_imports_with_or_without_a_byte_order_mark(bom, line_end):
    result = schools.import_csv(bom + GOOD.replace("\n", line_end))
    assert (result.ok, result.created, result.problems) == (True, 2, [])
    assert _schools()[0] == ("700001", "Alder Primary", "CW1 2AB", "Crewe")


def test_export_defuses_cells_a_spreadsheet_would_run_and_imports_them_back(make):
    names = ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\tTab", "Safe"]
    for number, name in enumerate(names):
        make.school(urn=f"70010{number}", name=name, address="\rcmd" if number == 0 else "")
    exported = schools.export_csv()
    assert exported.startswith("\ufeffurn,")
    cells = [line.split(",")[1] for line in exported.removeprefix("\ufeff").split("\r\n")[1:-1]]
    assert cells == [
        '"\'=HYPERLINK(""http://evil.example"")"',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "Safe",
    ]
    assert ',"\'\rcmd",' in exported
    db.session.execute(db.delete(School))
    result = schools.import_csv(exported)
    assert result.problems == []
    assert [name for _, name, _, _ in _schools()] == names


def _form(**overrides) -> dict[str, str]:
    values = dict(
        urn="700009",
        name="Elm Primary",
        phase="primary",
        address="",
        postcode="cw2 6ej",
        area="Crewe",
        email_domains="Elm.sch.uk",
    )
    values.update(overrides)
    return values


def test_a_school_is_added_and_edited():
    school = schools.save_school(_form())
    assert (school.postcode, school.email_domains) == ("CW2 6EJ", "elm.sch.uk")
    schools.save_school(_form(name="Elm Academy"), school)
    assert school.name == "Elm Academy"


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"urn": "12345"}, "urn", "Enter the school's URN: 6 digits, like 123456"),
        ({"postcode": "nowhere"}, "postcode", "Enter a UK postcode, like CW1 2AB"),
        ({"email_domains": "not a domain"}, "email_domains", "Enter e-mail domains like"),
        ({"urn": "700001"}, "urn", "URN 700001 is already used by Alder Primary"),
    ],
)
def test_a_bad_school_is_refused_on_its_field(overrides, field, message):
    schools.import_csv(GOOD)
    with pytest.raises(RuleBroken) as error:
        schools.save_school(_form(**overrides))
    assert error.value.field == field and error.value.message.startswith(message)


@pytest.mark.parametrize(
    "search,found",
    [
        ("alder", ["Alder Primary"]),
        ("700002", ["Birch High"]),
        ("ch14ab", ["Birch High"]),
        ("CW1 2AB", ["Alder Primary"]),
        ("", ["Alder Primary", "Birch High"]),
        ("zzz", []),
    ],
)
def test_schools_are_found_by_name_urn_or_postcode(search, found):
    schools.import_csv(GOOD)
    result = schools.search_schools(search)
    assert [s.name for s in result.items] == found and result.total == len(found)


def test_an_area_not_on_the_list_rejects_the_file_and_every_such_row_is_listed():
    text = "\n".join(
        [
            HEADER,
            "700001,Alder Primary,primary,,CW1 2AB,Crewe,",
            "700002,Birch High,secondary,,CH1 4AB,Chestr,",
            "700003,Cedar Primary,primary,,CH1 4AB,Nantwich,",
        ]
    )
    result = schools.import_csv(text)
    assert result.problems == [
        "Row 3: area Chestr is not on the list of areas: correct it, or add the area on the "
        "Areas page first",
        "Row 4: area Nantwich is not on the list of areas: correct it, or add the area on the "
        "Areas page first",
    ]
    assert (result.created, _schools()) == (0, [])
