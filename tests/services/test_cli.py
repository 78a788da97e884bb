"""The operations commands: seed-demo, create-user, import-schools, export-schools."""

from __future__ import annotations

from collections import Counter

from booking import demo
from booking.extensions import db
from booking.models import School, TalkRequest, User

GOOD_CSV = (
    "urn,name,phase,address,postcode,area,email_domains\n"
    "123456,Oakfield Primary,primary,1 Oak Lane,ch1 4ab,Chester,oakfield.sch.uk\n"
    "234567,Deva High,secondary,2 Deva Road,CH4 7JN,Chester,\n"
)


def _topics(make):
    make.topic(name="Bullying", slug="bullying")
    make.topic(name="Drugs", slug="drugs", for_primary=False)
    db.session.commit()


def test_seed_demo_adds_every_status_and_the_accounts(app, make):
    _topics(make)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert demo.DEMO_PASSWORD in result.output
    assert demo.COORDINATOR[1] in result.output
    statuses = Counter(db.session.execute(db.select(TalkRequest.status)).scalars())
    assert set(statuses) == {
        "requested",
        "proposed",
        "confirmed",
        "delivered",
        "declined",
        "cancelled",
    }
    schools = db.session.execute(db.select(School)).scalars().all()
    assert len(schools) == 20 and len({s.area for s in schools}) == 3
    roles = Counter(db.session.execute(db.select(User.role)).scalars())
    assert roles == {"officer": 3, "coordinator": 1, "teacher": 4}


def test_seed_demo_if_empty_keeps_existing_data(app, make):
    _topics(make)
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    count = db.session.execute(db.select(db.func.count(TalkRequest.id))).scalar_one()
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "already has data" in result.output
    assert db.session.execute(db.select(db.func.count(TalkRequest.id))).scalar_one() == count


def test_create_user_makes_an_active_account_that_can_sign_in(app, client, make):
    school = make.school(urn="123456")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "Jo@Example.org",
            "--role",
            "teacher",
            "--name",
            "Jo Evans",
            "--school",
            "123456",
            "--password",
            "long-enough-password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User)).scalar_one()
    assert (user.email, user.status, user.school_id) == ("jo@example.org", "active", school.id)
    response = client.post(
        "/sign-in", data={"email": "jo@example.org", "password": "long-enough-password"}
    )
    assert response.status_code == 302


def test_create_user_explains_a_missing_school(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "jo@example.org",
            "--role",
            "teacher",
            "--name",
            "Jo",
            "--school",
            "999999",
        ]
    )
    assert result.exit_code != 0
    assert "No school has the URN 999999" in result.output


def test_import_schools_then_export_gives_the_same_format(app, tmp_path):
    path = tmp_path / "schools.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import-schools", str(path)])
    assert refused.exit_code == 1
    assert "area Chester is not on the list of areas" in refused.output
    added = runner.invoke(args=["add-areas", "Chester", "Crewe", "chester"])
    assert added.output.splitlines() == [
        "Added: Chester",
        "Added: Crewe",
        "Already on the list: chester",
    ]
    result = runner.invoke(args=["import-schools", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated" in result.output
    exported = runner.invoke(args=["export-schools"]).output
    assert exported.splitlines()[0] == "\ufeffurn,name,phase,address,postcode,area,email_domains"
    assert "123456,Oakfield Primary,primary,1 Oak Lane,CH1 4AB,Chester,oakfield.sch.uk" in exported
    path.write_text(GOOD_CSV.replace("Deva High", "Deva High School"), encoding="utf-8")
    assert "0 added, 2 updated" in runner.invoke(args=["import-schools", str(path)]).output


def test_import_schools_with_bad_rows_imports_nothing_and_lists_every_problem(app, tmp_path):
    app.test_cli_runner().invoke(args=["add-areas", "Chester"])
    path = tmp_path / "schools.csv"
    path.write_text(
        GOOD_CSV + "12345,,college,,NOT A POSTCODE,,bad_domain\n123456,Again,primary,,CH1 1AA,X,\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["import-schools", str(path)])
    assert result.exit_code == 1
    assert "No schools were imported" in result.output
    assert "Row 4: urn must be 6 digits; name is missing; phase must be one of" in result.output
    assert "postcode is not a UK postcode" in result.output
    assert "email_domains has an invalid domain: bad_domain" in result.output
    assert "Row 5: urn 123456 is also on row 2" in result.output
    assert db.session.execute(db.select(School)).first() is None
