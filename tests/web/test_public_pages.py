"""What anyone sees: the home page, topic pages, error pages, and the headers on every page."""

from __future__ import annotations

import pytest

from booking.extensions import db
from tests.pages import h1, page, text


@pytest.fixture
def ten_topics(make):
    names = ["Alcohol", "Bullying", "Driver awareness"]
    return [
        make.topic(name=name, slug=name.lower().replace(" ", "-"), for_primary=name == "Bullying")
        for name in names
    ]


def test_home_explains_the_service_with_topics_hours_and_contacts(client, ten_topics):
    response = client.get("/")
    assert response.status_code == 200
    content = text(response)
    assert h1(response) == "Book a police school talk"
    assert "Bullying Primary (4 to 11) and Secondary (11 to 16)" in content
    assert "Alcohol Secondary (11 to 16)" in content
    assert "01606 364565 / 101 / 999 in an emergency" in content
    assert "Monday to Friday, 08:00 to 17:00" in content
    links = {a.get_text(strip=True) for a in page(response).find_all("a")}
    assert {"Sign in", "Create an account", "Accessibility statement"} <= links


def test_home_hides_retired_topics(client, make):
    make.topic(name="Old topic", slug="old-topic", active=False)
    make.topic(name="Bullying", slug="bullying")
    content = text(client.get("/"))
    assert "Bullying" in content and "Old topic" not in content
    assert client.get("/topics/old-topic").status_code == 404


def test_contact_details_come_from_configuration(app, client, make):
    app.config.update(FORCE_NAME="Northshire Police", CONTACT_TELEPHONE="01234 567890")
    content = text(client.get("/"))
    assert "Northshire Police" in content and "01234 567890 / 101" in content
    assert "Cheshire" not in content


def test_topic_page(client, ten_topics):
    response = client.get("/topics/driver-awareness")
    assert h1(response) == "Driver awareness"
    assert "Secondary (11 to 16)" in text(response)


def test_unknown_page_is_a_404_in_the_service_look(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert h1(response) == "Page not found"
    assert "01606 364565" in text(response)


def test_server_error_page_says_nothing_was_lost(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    boom.access_rule = "public"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert h1(response) == "Sorry, there is a problem with the service"


@pytest.mark.parametrize("path", ["/", "/sign-in", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in headers


def test_the_only_inline_script_carries_the_page_nonce(client):
    response = client.get("/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    inline = [s for s in page(response).find_all("script") if not s.get("src")]
    assert inline and all(s.get("nonce") == nonce for s in inline)


def test_signed_in_pages_are_not_cached(client, make, sign_in):
    user = make.coordinator()
    db.session.commit()
    sign_in(user)
    assert client.get("/coordinator/requests").headers["Cache-Control"] == "no-store"


def test_header_names_the_force_without_the_crown(client):
    soup = page(client.get("/"))
    header = soup.find("header")
    assert "Cheshire Constabulary" in header.get_text()
    assert header.find("svg") is None
