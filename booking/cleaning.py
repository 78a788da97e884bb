"""What any text from outside must be before it reaches a service: the one place that says
which characters, numbers and dates the service accepts from a form, a query string or a URL.

Pure functions, no Flask: the base form class (`booking.forms.Form`), the date field and the
request hook in `booking.web` ask them.
"""

from __future__ import annotations

import unicodedata
from datetime import date

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
MAX_DIGITS = 9  # a whole number from outside: far more than any count the service keeps
DIGITS = frozenset("0123456789")
LINE_BREAKS = frozenset("\t\n\r")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a control character (NUL included) or half of a surrogate
    pair; tabs and line breaks are allowed in text written over several lines."""
    for char in text:
        if multiline and char in LINE_BREAKS:
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


def whole_number(text: str | None, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The number written in plain decimal digits 0-9, or None: no signs, no other scripts'
    digits (which `str.isdigit` accepts), no superscripts, no more than `max_digits`."""
    text = (text or "").strip()
    if not text or len(text) > max_digits or not DIGITS.issuperset(text):
        return None
    return int(text)


def year_in_range(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def iso_day(text: str | None) -> date | None:
    """A YYYY-MM-DD date within the years the service works with, or None."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if year_in_range(day.year) else None
