"""Demand pages as a coordinator sees them: table, chart, CSV and month view agree."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import event

from booking.extensions import db
from tests.pages import error_summary, h1, page, text
from tests.services.test_reports import scenario  # noqa: F401 - the shared scenario


@pytest.fixture
def coordinator(make, sign_in):
    user = make.coordinator(full_name="Cora Ordinator")
    db.session.commit()
    sign_in(user)
    return user


def _rows(soup, table_id: str) -> list[list[str]]:
    table = soup.find(id=table_id)
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.find_all("tr")
    ]


def test_demand_table_shows_every_number_of_the_school_year(client, scenario, coordinator):  # noqa: F811
    db.session.commit()
    response = client.get("/coordinator/demand")
    assert h1(response) == "Demand by topic"
    rows = _rows(page(response), "demand-table")
    assert rows[1:] == [
        ["Bullying", "4", "2", "0", "1", "1", "0", "28", "1", "2"],
        ["Drugs", "5", "2", "1", "1", "0", "1", "60", "1", "1"],
        ["Weapons Retired", "1", "0", "0", "1", "0", "0", "25", "0", "0"],
        ["Zebra crossings", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["Total", "10", "4", "1", "3", "1", "1", "113", "2", "3"],
    ]
    assert "requests made 1 September 2025 to 31 August 2026" in text(response)


def test_chart_has_a_text_alternative_and_no_style_attributes(client, scenario, coordinator):  # noqa: F811
    db.session.commit()
    soup = page(client.get("/coordinator/demand"))
    chart = soup.find("svg")
    assert chart["role"] == "img"
    assert "Drugs: 5 requested, 1 delivered, 1 confirmed, 2 waiting" in chart.desc.get_text()
    assert soup.find(style=True) is None
    drugs = [float(r["width"]) for r in chart.find_all("rect") if "Drugs:" in str(r.title)]
    assert len(drugs) == 4  # delivered, confirmed, waiting, cancelled: no empty bars
    assert sum(drugs) == pytest.approx(560.0, abs=0.5)  # the largest topic fills the scale


def test_csv_download_has_the_table_numbers_with_filters(client, scenario, coordinator):  # noqa: F811
    db.session.commit()
    query = "first_day=1&first_day=9&first_day=2025&last_day=31&last_day=8&last_day=2026"
    page_rows = _rows(page(client.get(f"/coordinator/demand?{query}&area=Chester")), "demand-table")
    response = client.get(f"/coordinator/demand.csv?{query}&area=Chester")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbfTopic,Retired,")  # UTF-8 BOM, then the header
    assert response.data.count(b"\r\n") == 6
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Topic", "Retired", "Requested"]
    assert rows[1:] == [
        ["Bullying", "", "1", "0", "0", "1", "0", "0", "28", "0", "0"],
        ["Drugs", "", "2", "0", "1", "1", "0", "0", "60", "0", "0"],
        ["Weapons", "yes", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["Zebra crossings", "", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["Total", "", "3", "0", "1", "2", "0", "0", "88", "0", "0"],
    ]
    assert [[r[0].replace(" Retired", "")] + r[1:] for r in page_rows[1:]] == [
        [r[0]] + r[2:] for r in rows[1:]
    ]


def test_month_view_shows_the_trend(client, scenario, coordinator):  # noqa: F811
    db.session.commit()
    response = client.get("/coordinator/demand/by-month")
    assert h1(response) == "Demand by month"
    rows = _rows(page(response), "month-table")
    assert rows[1] == ["September 2025", "2", "1", "0", "0", "0", "1", "0", "1", "1"]
    assert rows[5] == ["January 2026", "2", "0", "1", "1", "0", "0", "60", "0", "0"]
    assert rows[6] == ["February 2026", "3", "3", "0", "0", "0", "0", "0", "1", "1"]
    assert len(rows) == 13 and rows[12][0] == "August 2026"


@pytest.mark.parametrize(
    "query,message",
    [
        (
            "first_day=31&first_day=3&first_day=2026&last_day=1&last_day=3&last_day=2026",
            "The last day must be the same as or after the first day",
        ),
        (
            "first_day=&first_day=&first_day=&last_day=1&last_day=3&last_day=2026",
            "Enter the first day of the period",
        ),
        (
            "first_day=40&first_day=2&first_day=2026&last_day=1&last_day=3&last_day=2026",
            "From must be a real date, like 27 3 2026",
        ),
    ],
)
def test_bad_filters_are_explained_next_to_the_field(client, coordinator, query, message):
    response = client.get(f"/coordinator/demand?{query}")
    assert response.status_code == 200
    assert message in error_summary(response)
    assert page(response).title.get_text().startswith("Error: ")
    assert client.get(f"/coordinator/demand.csv?{query}").status_code == 302


def _count_queries(client, path: str) -> int:
    statements = []

    def _count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)
    return len(statements)


def _add_requests(make, teacher, topic, count: int) -> None:
    for _ in range(count):
        make.talk_request(teacher=teacher, topic=topic)
    db.session.commit()


@pytest.mark.parametrize(
    "path",
    [
        "/coordinator/demand",
        "/coordinator/demand/by-month",
        "/coordinator/feedback",
        "/coordinator/requests",
        "/coordinator/demand.csv",
    ],
)
def test_query_count_does_not_grow_with_requests(client, make, coordinator, path):
    teacher, topic = make.teacher(), make.topic()
    _add_requests(make, teacher, topic, 10)
    client.get(path)  # warm up: the first request after signing in loads more
    few = _count_queries(client, path)
    _add_requests(make, teacher, topic, 990)
    assert _count_queries(client, path) == few


@pytest.mark.parametrize("role", ["teacher", "officer"])
@pytest.mark.parametrize(
    "path",
    [
        "/coordinator/demand",
        "/coordinator/demand.csv",
        "/coordinator/requests",
        "/coordinator/feedback",
        "/coordinator/demand/by-month",
    ],
)
def test_only_coordinators_see_reports(client, make, sign_in, role, path):
    user = getattr(make, role)()
    db.session.commit()
    sign_in(user)
    assert client.get(path).status_code == 403
