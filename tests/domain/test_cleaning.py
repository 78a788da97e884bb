"""What the service accepts from outside: characters, whole numbers and dates (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from booking import cleaning


@pytest.mark.parametrize(
    ("text", "multiline", "refused"),
    [
        ("Jo Evans", False, False),
        ("Zoë’s class 🙂", False, False),
        ("a\x00b", False, True),
        ("a\x00b", True, True),
        ("line one\nline two", False, True),
        ("line one\r\nline two\tend", True, False),
        ("bell\x07", True, True),
        ("del\x7f", False, True),
        ("\x85next line", True, True),
        ("half \ud800 pair", False, True),
    ],
)
def test_control_characters_are_refused_except_line_breaks_in_long_text(text, multiline, refused):
    assert cleaning.has_control_characters(text, multiline=multiline) is refused


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("30", 30),
        (" 7 ", 7),
        ("007", 7),
        ("²", None),
        ("٣٠", None),
        ("3²", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        ("9" * 9, 999_999_999),
        ("9" * 10, None),
        ("9" * 5000, None),
    ],
)
def test_whole_numbers_are_plain_decimal_digits_of_bounded_length(text, number):
    assert cleaning.whole_number(text) == number


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-23", date(2026, 3, 23)),
        ("2000-01-01", date(2000, 1, 1)),
        ("2100-12-31", date(2100, 12, 31)),
        ("1999-12-31", None),
        ("9999-12-27", None),
        ("0001-01-01", None),
        ("2026-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_from_a_query_are_within_the_years_the_service_works_with(text, day):
    assert cleaning.iso_day(text) == day
