"""Static files (stylesheet, script, images) with their content's hash in the URL.

A URL that names the content can be cached for a year without asking again (`immutable`):
a new release has new content, hence a new URL, and pages link to it at once. The hash of
each file is computed once per process, the first time a page links to it. Files linked
without a hash (the fonts and images the stylesheet names) are cached for a day. Static files
are the same for everyone, so they are never `no-store`, whoever is signed in.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request, url_for

HASH_PARAMETER = "v"
HASHED_CACHE = "public, max-age=31536000, immutable"
UNHASHED_CACHE = "public, max-age=86400"
# A hash this process does not know (a page from the release before): fetch, then revalidate.
OTHER_HASH_CACHE = "no-cache"


@lru_cache(maxsize=512)
def content_hash(folder: str, filename: str) -> str | None:
    """The first 16 hex digits of the file's SHA-256; None when there is no such file."""
    path = Path(folder, filename)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def static_url(filename: str) -> str:
    """The address of a static file, carrying the hash of its content."""
    digest = content_hash(current_app.static_folder, filename)
    if digest is None:
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, **{HASH_PARAMETER: digest})


def is_static_request() -> bool:
    return request.endpoint == "static"


def cache_static(response):
    """Cache-Control for a static file, by whether its URL names this content."""
    if not is_static_request() or response.status_code not in (200, 304):
        return response
    asked = request.args.get(HASH_PARAMETER)
    if asked is None:
        response.headers["Cache-Control"] = UNHASHED_CACHE
    elif asked == content_hash(current_app.static_folder, request.view_args["filename"]):
        response.headers["Cache-Control"] = HASHED_CACHE
    else:
        response.headers["Cache-Control"] = OTHER_HASH_CACHE
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(static_url)
    app.after_request(cache_static)
