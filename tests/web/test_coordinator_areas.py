"""Areas as a list coordinators keep: add, rename (reaching every school and officer), pick
from it on a school and an officer, and refuse an area not on it."""

from __future__ import annotations

import io

import pytest

from booking.extensions import db
from booking.models import AuditEvent, School, User
from tests.pages import field_error, page, text


@pytest.fixture
def boss(make, sign_in):
    user = make.coordinator(full_name="Cora Ordinator")
    db.session.commit()
    sign_in(user)
    return user


def test_add_an_area_then_rename_it_everywhere(client, make, boss):
    school = make.school(name="Oak Primary", area="Chester")
    officer = make.officer(areas=("Chester",))
    db.session.commit()
    response = client.post("/coordinator/areas", data={"name": "  Warrington "})
    assert "Area added: Warrington" in text(client.get(response.location))
    twice = client.post("/coordinator/areas", data={"name": "warrington"})
    assert field_error(twice, "name") == "There is already an area called Warrington"
    listing = page(client.get("/coordinator/areas"))
    row = listing.find("td", string="Chester").find_parent("tr")
    assert [td.get_text(strip=True) for td in row.find_all("td")][:3] == ["Chester", "1", "1"]
    rename = listing.find("a", href=lambda h: h and h.startswith("/coordinator/areas/"))
    response = client.post(rename["href"], data={"name": "Chester West"})
    assert "Area renamed from Chester to Chester West" in text(client.get(response.location))
    db.session.expire_all()
    assert db.session.get(School, school.id).area == "Chester West"
    assert db.session.get(User, officer.id).area_names == ["Chester West"]
    assert "Chester West" in text(client.get("/coordinator/requests"))  # the area filter
    actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert {"area_added", "area_renamed"} <= set(actions)


def test_a_school_picks_its_area_from_the_list(client, make, boss):
    make.area("Crewe")
    make.area("Chester")
    db.session.commit()
    form = page(client.get("/coordinator/schools/new"))
    options = [o.get_text(strip=True) for o in form.find("select", id="area").find_all("option")]
    assert options == ["Select an area", "Chester", "Crewe"]
    data = {
        "urn": "700009",
        "name": "Elm Primary",
        "phase": "primary",
        "postcode": "CW1 2AB",
        "email_domains": "",
    }
    refused = client.post("/coordinator/schools/new", data={**data, "area": "Chestr"})
    assert field_error(refused, "area") == (
        "Select an area from the list (add a new one on the Areas page first)"
    )
    saved = client.post("/coordinator/schools/new", data={**data, "area": "Crewe"})
    assert saved.status_code == 302
    assert db.session.execute(db.select(School.area)).scalar_one() == "Crewe"


def test_the_import_lists_every_row_whose_area_is_not_on_the_list(client, make, boss):
    make.area("Crewe")
    db.session.commit()
    content = (
        "urn,name,phase,address,postcode,area,email_domains\n"
        "700001,Alder Primary,primary,,CW1 2AB,Crewe,\n"
        "700002,Birch Primary,primary,,CW1 2AB,Chestr,\n"
    )
    response = client.post(
        "/coordinator/schools/import",
        data={"file": (io.BytesIO(content.encode()), "schools.csv")},
        content_type="multipart/form-data",
    )
    problems = [li.get_text(strip=True) for li in page(response).select("#import-problems li")]
    assert problems == [
        "Row 3: area Chestr is not on the list of areas: correct it, or add the area on the "
        "Areas page first"
    ]
    assert db.session.execute(db.select(School)).first() is None
    assert "Chestr" not in text(client.get("/coordinator/requests"))


def test_an_officers_areas_are_chosen_from_the_list(client, make, boss):
    officer = make.officer(areas=("Crewe",))
    make.area("Chester")
    db.session.commit()
    soup = page(client.get(f"/coordinator/users/{officer.id}"))
    boxes = [b["value"] for b in soup.find_all("input", attrs={"name": "areas"})]
    assert boxes == ["Chester", "Crewe"]
