"""Fuzzing: whatever is typed into any form, query string or URL, the answer is never a 500,
and a form the service refuses leaves every stored row as it was.

The forms are found the way a browser finds them: by reading every page each kind of user can
reach and collecting each form's action and field names. Hypothesis then fills them with text
of every kind (empty, huge, control characters, markup, numbers out of range, malformed dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from booking.extensions import db, limiter
from booking.models import Closure
from booking.models.base import Base
from tests.factories import PASSWORD

TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999",
    "2026-02-30",
    "31 2 2026",
    "25:61",
    "09:00",
    "<script>alert(1)</script>",
    "'; DROP TABLE users; --",
    "\x00",
    "\r\nBcc: victim@example.org",
    "../../etc/passwd",
    "%00%0d%0a",
    "x" * 5000,
    "🙂" * 50,
    "²",
    "٣٠",
    "9" * 5000,
    "9999",
    "0001",
    "9999-12-27",
    "0001-01-01",
    "31 12 9999",
    "\ud800",
    "tab\tand\nnewline",
]
VALUES = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec=None), max_size=40),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day} {d.month} {d.year}"),
)


@dataclass(frozen=True)
class Form:
    action: str
    method: str
    names: tuple[str, ...]


def forms_on(client, paths: list[str]) -> list[Form]:
    found = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for form in soup.find_all("form"):
            names = sorted(
                {
                    field["name"]
                    for field in form.find_all(["input", "select", "textarea", "button"])
                    if field.get("name") and field["name"] != "csrf_token"
                }
            )
            method = (form.get("method") or "get").upper()
            if form.get("action") == "/sign-out":
                continue  # would end the fuzzing's own session
            found.add(Form(form.get("action") or path, method, tuple(names)))
    return sorted(found, key=lambda f: (f.action, f.method))


def world(make) -> dict:
    school = make.school(area="Crewe")
    teacher = make.teacher(school)
    officer = make.officer()
    topic = make.topic()
    open_request = make.talk_request(teacher, topic)
    delivered = make.confirmed(officer, datetime(2026, 2, 23, 10), teacher=teacher, topic=topic)
    delivered.status = "delivered"
    session = make.confirmed(officer, datetime(2026, 3, 24, 10), teacher=teacher, topic=topic)
    db.session.add(Closure(first_day=date(2026, 5, 1), last_day=date(2026, 5, 1), reason="x"))
    db.session.commit()
    return dict(
        school=school,
        teacher=teacher,
        officer=officer,
        coordinator=make.coordinator(),
        topic=topic,
        open=open_request,
        delivered=delivered,
        session=session,
    )


def pages(role: str, w: dict) -> list[str]:
    if role == "anonymous":
        return ["/sign-in", "/create-account", "/reset-password"]
    if role == "teacher":
        return [
            "/teacher/requests",
            "/teacher/requests/new",
            f"/teacher/requests/{w['open'].id}",
            f"/teacher/requests/{w['open'].id}/cancel",
            f"/teacher/requests/{w['delivered'].id}/feedback",
            "/account/password",
            "/account/email",
        ]
    if role == "officer":
        return [
            "/officer/requests",
            f"/officer/requests/{w['open'].reference}",
            f"/officer/requests/{w['session'].reference}",
            "/officer/availability",
            "/officer/calendar",
            "/officer/calendar/upcoming",
        ]
    return [
        "/coordinator/requests",
        f"/coordinator/requests/{w['open'].reference}",
        "/coordinator/demand",
        "/coordinator/topics/new",
        f"/coordinator/topics/{w['topic'].id}",
        "/coordinator/schools/new",
        f"/coordinator/schools/{w['school'].id}",
        "/coordinator/schools/import",
        "/coordinator/users/new",
        f"/coordinator/users/{w['teacher'].id}",
        "/coordinator/closures",
    ]


def _signed_in(client, make, role: str) -> tuple[dict, list[Form]]:
    w = world(make)
    if role != "anonymous":
        client.post("/sign-in", data={"email": w[role].email, "password": PASSWORD})
    return w, forms_on(client, pages(role, w))


def stored_rows() -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused request left them all as they were."""
    db.session.expire_all()
    return {
        name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for name, table in Base.metadata.tables.items()
    }


def refused(response) -> bool:
    """A POST the service turned down: the form shown again with its messages, or an error
    page. A redirect is the answer to a change made (or to a form no longer offered)."""
    return response.status_code == 200 or 400 <= response.status_code < 500


@pytest.mark.parametrize("role", ["anonymous", "teacher", "officer", "coordinator"])
def test_no_form_input_gives_a_server_error(client, make, role):
    w, forms = _signed_in(client, make, role)
    assert forms

    @given(form=st.sampled_from(forms), data=st.data())
    def send(form, data):
        limiter.reset()
        values = {name: data.draw(VALUES, label=name) for name in form.names}
        # A lone surrogate travels as the bytes a careless client would send for it.
        encoded = urlencode(values, errors="surrogatepass")
        if form.method == "GET":
            response = client.get(f"{form.action}?{encoded}")
        else:
            before = stored_rows()
            response = client.post(
                form.action, data=encoded, content_type="application/x-www-form-urlencoded"
            )
            if refused(response):
                assert stored_rows() == before, ("a refused request wrote", form.action, values)
        assert response.status_code < 500, (form.action, values)
        if role != "anonymous" and response.status_code == 302:
            assert "/sign-in" not in response.headers["Location"], "the fuzzing signed itself out"

    send()


ROUTES_WITH_ARGUMENTS = {
    "teacher": ["/teacher/requests/{}", "/teacher/requests/{}/feedback"],
    "officer": ["/officer/requests/{}", "/officer/availability/windows/{}"],
    "coordinator": ["/coordinator/requests/{}", "/coordinator/users/{}", "/coordinator/topics/{}"],
    "anonymous": ["/topics/{}", "/reset-password/{}", "/calendar-feed/{}.ics"],
}
PATH_VALUES = st.one_of(
    st.sampled_from(
        ["0", "-1", "99999999999999999999", "SLO-AAAAAA", "%00", "..", "a" * 300, "a\x00b", "²"]
    ),
    st.integers(min_value=0).map(str),
    st.text(min_size=1, max_size=60),
)


@pytest.mark.parametrize("role", ["anonymous", "teacher", "officer", "coordinator"])
def test_no_url_gives_a_server_error(client, make, role):
    _signed_in(client, make, role)

    @given(pattern=st.sampled_from(ROUTES_WITH_ARGUMENTS[role]), value=PATH_VALUES)
    def visit(pattern, value):
        response = client.get(pattern.format(quote(value, safe="", errors="surrogatepass")))
        assert response.status_code < 500, (pattern, value)

    visit()
