"""A person's browser, reduced to HTTP: cookies, CSRF tokens from the pages, redirects."""

from __future__ import annotations

import re

import requests
from bs4 import BeautifulSoup


class Browser:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()
        self.http.headers["X-Forwarded-Proto"] = "https"
        self._token = ""

    def get(self, path: str, expect: int | None = 200) -> requests.Response:
        response = self._send("GET", self._url(path))
        assert expect is None or response.status_code == expect, (
            path,
            response.status_code,
            response.text[:2000],
        )
        return response

    def post(
        self, path: str, data: dict | None = None, expect: int | None = 200
    ) -> requests.Response:
        """Submit a form as the page would, following the redirect to the next page."""
        if not self._token:
            self.get(path if path.endswith("/sign-in") else "/")
        response = self._send(
            "POST",
            self._url(path),
            data={"csrf_token": self._token, **(data or {})},
            # Over HTTPS, CSRF protection also wants the page the form came from.
            headers={"Referer": self._url(path).replace("http://", "https://", 1)},
        )
        assert expect is None or response.status_code == expect, (
            path,
            response.status_code,
            response.text[:2000],
        )
        return response

    def sign_in(self, email: str, password: str) -> requests.Response:
        self.get("/sign-in")
        return self.post("/sign-in", {"email": email, "password": password})

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        """One request and the redirects that follow it, as a browser makes them."""
        for _ in range(10):
            response = self.http.request(method, url, allow_redirects=False, timeout=30, **kwargs)
            self._remember_token(response)
            if not response.is_redirect:
                return response
            url = requests.compat.urljoin(url, response.headers["Location"])
            method, kwargs = "GET", {}
        raise AssertionError(f"too many redirects from {url}")

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def _remember_token(self, response: requests.Response) -> None:
        # The app marks cookies Secure (TLS ends at the proxy in production); this client
        # talks to loopback over plain HTTP, so it keeps sending them all the same.
        for cookie in self.http.cookies:
            cookie.secure = False
        if "text/html" not in response.headers.get("Content-Type", ""):
            return
        field = BeautifulSoup(response.text, "html.parser").find("input", {"name": "csrf_token"})
        if field is not None:
            self._token = field["value"]


def text_of(response: requests.Response) -> str:
    """The page's words as a person reads them, spaces collapsed."""
    soup = BeautifulSoup(response.text, "html.parser")
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()
