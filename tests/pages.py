"""Reading pages in tests the way a user (or a screen reader) would."""

from __future__ import annotations

from collections import Counter

from bs4 import BeautifulSoup


def page(response) -> BeautifulSoup:
    """Parse a page and check what every page must have: a title, one h1, unique ids."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.title and soup.title.get_text(strip=True), "page has no title"
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    return soup


def h1(response) -> str:
    return page(response).h1.get_text(" ", strip=True)


def text(response) -> str:
    return " ".join(page(response).get_text(" ").split())


def field_error(response, field_id: str) -> str:
    """The error message shown next to a field (GOV.UK puts it in the field's form group)."""
    soup = page(response)
    field = soup.find(id=field_id)
    assert field is not None, f"no field with id {field_id}"
    group = field.find_parent(class_="govuk-form-group")
    message = group.find(class_="govuk-error-message") if group else None
    assert message is not None, f"no error message next to {field_id}"
    return " ".join(message.get_text(" ").replace("Error:", "").split())


FOCUSABLE = {"input", "select", "textarea", "button"}


def error_summary(response) -> list[str]:
    """The error summary's messages; each must link to a field that can take focus."""
    soup = page(response)
    summary = soup.find(class_="govuk-error-summary")
    if summary is None:
        return []
    for link in summary.find_all("a"):
        target = soup.find(id=link["href"].removeprefix("#"))
        assert target is not None, f"{link['href']} links to nothing"
        assert target.name in FOCUSABLE, f"{link['href']} links to a <{target.name}>, not a field"
    return [a.get_text(strip=True) for a in summary.find_all("a")]


def new_account_form(school, email: str, **overrides) -> dict:
    """What a teacher types into "Create an account", with `overrides` on top."""
    return {
        "full_name": "Jo Evans",
        "email": email,
        "school": str(school.id),
        "job_title": "Year 6 teacher",
        "telephone": "01632 960001",
        "password": "a-long-enough-password",
        "confirm_password": "a-long-enough-password",
        **overrides,
    }
