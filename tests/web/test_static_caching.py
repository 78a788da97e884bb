"""Static files are linked by addresses that carry a hash of their content and are cached for
a year; what a signed-in person sees is never stored, but the stylesheet and script they load
are cached like anyone else's."""

from __future__ import annotations

import re

from booking.extensions import db
from booking.static_files import content_hash
from tests.pages import page

HASHED = re.compile(r"^/static/(?P<name>[\w./-]+)\?v=(?P<hash>[0-9a-f]{16})$")


def _linked_assets(response) -> dict[str, str]:
    """Stylesheet, icon and script addresses a page links to, by file name."""
    soup = page(response)
    addresses = [link["href"] for link in soup.find_all("link", href=True)]
    for script in soup.find_all("script"):
        addresses += re.findall(r'from "([^"]+)"', script.string or "")
        if script.get("src"):
            addresses.append(script["src"])
    found = {}
    for address in addresses:
        match = HASHED.match(address)
        assert match, f"{address} has no content hash"
        found[match["name"]] = address
    return found


def test_pages_link_stylesheet_and_script_by_their_content_hash(client, app):
    assets = _linked_assets(client.get("/"))
    assert {"app.css", "govuk/govuk-frontend.min.js"} <= set(assets)
    for name, address in assets.items():
        assert address.endswith("?v=" + content_hash(app.static_folder, name))


def test_hashed_files_are_cached_for_a_year_even_for_signed_in_users(client, make, sign_in):
    user = make.coordinator()
    db.session.commit()
    sign_in(user)
    pages = client.get("/coordinator/requests")
    assert pages.headers["Cache-Control"] == "no-store"
    for address in _linked_assets(pages).values():
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        response.close()


def test_files_without_a_hash_or_with_another_release_s_hash_are_revalidated(client):
    unhashed = client.get("/static/govuk/assets/images/favicon.ico")
    assert unhashed.headers["Cache-Control"] == "public, max-age=86400"
    stale = client.get("/static/app.css?v=0000000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"
    for response in (unhashed, stale):
        assert "no-store" not in response.headers["Cache-Control"]
        response.close()


def test_a_missing_file_is_a_404_without_long_caching(client):
    response = client.get("/static/no-such-file.css?v=0000000000000000")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_the_hash_follows_the_content_and_is_computed_once(tmp_path):
    (tmp_path / "a.css").write_text("body { color: black }")
    (tmp_path / "b.css").write_text("body { color: white }")
    first = content_hash(str(tmp_path), "a.css")
    assert first != content_hash(str(tmp_path), "b.css")
    (tmp_path / "a.css").write_text("changed after start-up")
    assert content_hash(str(tmp_path), "a.css") == first  # read once per process
    assert content_hash(str(tmp_path), "missing.css") is None
