"""Every page of every role, error pages and failed forms included, passes the W3C Nu HTML
checker with no error.

The pages are found as a person finds them: signed in as each demo account, following every
link from the role's navigation, then sending each form back empty and with nonsense in its
fields. All of them go to the checker in one batch (one Java process).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urlencode, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from flask import render_template, url_for
from flask_migrate import upgrade
from sqlalchemy import select

from booking import clock, demo
from booking.extensions import db
from booking.models import TalkRequest, User
from booking.web import NAVIGATION, render_error
from tests.conftest import make_app
from tests.validators import nu_errors

# Who crawls: (role, demo account). Two teachers and two officers, so that the pages of every
# state (a talk waiting for feedback, a session waiting to be marked delivered) are reached.
ACCOUNTS = {
    "visitor": ("visitor", None),
    "pending teacher": ("pending", demo.PENDING_TEACHER[1]),
    "teacher": ("teacher", demo.TEACHERS[0][1]),
    "second teacher": ("teacher", demo.TEACHERS[1][1]),
    "officer": ("officer", demo.OFFICERS[0][1]),
    "second officer": ("officer", demo.OFFICERS[1][1]),
    "coordinator": ("coordinator", demo.COORDINATOR[1]),
}
# Addresses a crawl must not follow: they sign out, or are not pages.
NOT_PAGES = re.compile(r"^/(static/|sign-out|calendar-feed/)|\.(csv|ics)(\?|$)")
# Pages of one shape (a request, a user, page 7 of a list) are checked a few at a time.
SAME_SHAPE = 3
MAX_PAGES_PER_ROLE = 250


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("validity") / "booking.sqlite3"
    app = make_app(f"sqlite:///{path}", RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        demo.seed(app.config["FROZEN_NOW"].date())
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def _shape(address: str) -> str:
    parsed = urlparse(address)
    path = re.sub(r"/(\d+|SLO-[A-Z0-9]+|[0-9a-f-]{20,})(?=/|$)", "/*", parsed.path)
    keys = sorted({pair.split("=")[0] for pair in parsed.query.split("&") if pair})
    return path + ("?" + ",".join(keys) if keys else "")


def _is_html(response) -> bool:
    return response.mimetype == "text/html"


def _links(html: str, here: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for link in soup.find_all("a", href=True):
        address = urljoin(here, link["href"])
        parsed = urlparse(address)
        if parsed.netloc not in ("", "localhost") or not parsed.path.startswith("/"):
            continue
        local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if not NOT_PAGES.search(local):
            found.append(local)
    return found


def _forms(html: str, here: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(method, action, [(field name, kind, value)]) for each form with a field to fill."""
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for form in soup.find_all("form"):
        action = urlparse(urljoin(here, form.get("action") or here))
        fields = []
        for field in form.find_all(["input", "select", "textarea"]):
            name = field.get("name")
            if not name:
                continue
            kind = field.get("type", field.name) if field.name == "input" else field.name
            fields.append((name, kind, field.get("value", "")))
        visible = [f for f in fields if f[1] not in ("hidden", "submit", "button")]
        if visible and not NOT_PAGES.search(action.path):
            method = (form.get("method") or "get").lower()
            forms.append((method, action.path, fields))
    return forms


def _filled(fields, nonsense: bool) -> dict[str, str]:
    data = {}
    for name, kind, value in fields:
        if kind == "hidden":
            data[name] = value
        elif kind in ("text", "textarea", "email", "password", "tel", "number", "search"):
            data[name] = "x" if nonsense else ""
        elif kind == "file":
            continue
        else:
            data[name] = ""
    return data


class Crawl:
    def __init__(self, app, account: str):
        self.app = app
        self.role, self.email = ACCOUNTS[account]
        self.client = app.test_client()
        self.pages: dict[str, str] = {}
        self.forms: dict[str, tuple] = {}
        self.shapes: Counter = Counter()

    def sign_in(self) -> None:
        self.client = self.app.test_client()  # a fresh session: a failed form may end one
        if self.email:
            response = self.client.post(
                "/sign-in", data={"email": self.email, "password": demo.DEMO_PASSWORD}
            )
            assert response.status_code == 302, f"{self.role} could not sign in"

    def pages_from(self, starts: list[str]) -> None:
        queue = deque(starts)
        chosen = set(starts)  # pages picked for what they show: checked whatever their shape
        while queue and len(self.pages) < MAX_PAGES_PER_ROLE:
            address = queue.popleft()
            shape = _shape(address)
            if address in self.pages:
                continue
            if self.shapes[shape] >= SAME_SHAPE and address not in chosen:
                continue
            response = self.client.get(address)
            if response.status_code in (301, 302, 303) or not _is_html(response):
                continue
            self.shapes[shape] += 1
            html = response.get_data(as_text=True)
            self.pages[address] = html
            queue.extend(_links(html, address))
            for method, action, fields in _forms(html, address):
                key = f"{method} {_shape(action)} {sorted(n for n, _, _ in fields)}"
                self.forms.setdefault(key, (method, action, fields))

    def failed_forms(self) -> dict[str, str]:
        """Each form sent back empty, then with nonsense in its text fields."""
        found = {}
        for method, action, fields in self.forms.values():
            for nonsense in (False, True):
                data = _filled(fields, nonsense)
                self.sign_in()
                if method == "get":
                    response = self.client.get(f"{action}?{urlencode(data)}")
                else:
                    response = self.client.post(action, data=data)
                if _is_html(response) and response.status_code not in (301, 302, 303):
                    label = f"{method.upper()} {action} ({'nonsense' if nonsense else 'empty'})"
                    found[label] = response.get_data(as_text=True)
        return found


def _one_request_per_status(role: str, email: str) -> list[str]:
    """A request page of each status the role can see, so every state's page is checked."""
    user = db.session.execute(select(User).where(User.email == email)).scalar_one()
    query = select(TalkRequest).order_by(TalkRequest.id)
    if role == "teacher":
        query = query.where(TalkRequest.school_id == user.school_id)
    elif role == "officer":
        query = query.where(TalkRequest.officer_id == user.id)
    now = clock.now_local().replace(tzinfo=None)
    first = {}
    for talk in db.session.execute(query).scalars():
        past = talk.starts_at is not None and talk.starts_at < now
        first.setdefault((talk.status, talk.feedback is None, past), talk)
    if role == "teacher":
        pages = [f"/teacher/requests/{t.id}" for t in first.values()]
        return pages + [f"/teacher/requests/{t.id}/feedback" for t in first.values()]
    return [f"/{role}/requests/{t.reference}" for t in first.values()]


def _starts(app, role: str, email: str | None) -> list[str]:
    starts = ["/", "/account", "/accessibility", "/privacy"]
    if role == "visitor":
        starts += ["/sign-in", "/create-account", "/reset-password"]
    with app.test_request_context():
        if role in NAVIGATION:
            starts += _one_request_per_status(role, email)
            starts += [url_for(endpoint) for _, endpoint in NAVIGATION[role]]
        db.session.remove()
    return starts


def _error_pages(app) -> dict[str, str]:
    client = app.test_client()
    pages = {
        "404": client.get("/no-such-page"),
        "405": client.get("/sign-out"),
        "403 or sign-in": client.get("/coordinator/requests", follow_redirects=True),
    }
    found = {name: r.get_data(as_text=True) for name, r in pages.items()}
    for code in (400, 403, 413, 500):
        with app.test_request_context("/"):
            html, _ = render_error(code)
            found[f"error page {code}"] = html
    with app.test_request_context("/"):
        found["429"] = render_template("errors/too_many.html", minutes=5)
    return found


def test_every_page_passes_the_nu_html_checker(demo_app):
    documents: dict[str, str] = {}
    for account in ACCOUNTS:
        crawl = Crawl(demo_app, account)
        crawl.sign_in()
        crawl.pages_from(_starts(demo_app, crawl.role, crawl.email))
        documents.update({f"{account} GET {a}": html for a, html in crawl.pages.items()})
        failed = crawl.failed_forms()
        documents.update({f"{account} {label}": html for label, html in failed.items()})
    documents.update(_error_pages(demo_app))
    print(f"\nNu HTML checker: {len(documents)} pages")
    assert len(documents) > 100, "the crawl found too few pages"
    errors = nu_errors(documents)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
