"""CSV files the service writes and reads, in one shape.

Written: UTF-8 with a byte order mark (so spreadsheets read accents right), CRLF line ends
(RFC 4180), and any cell that a spreadsheet would take as a formula (beginning with `=`, `+`,
`-`, `@`, a tab or a carriage return) prefixed with a single quote (OWASP, "CSV Injection").
Read: with or without the byte order mark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs: formula-like text gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write(rows: Iterable[Iterable[object]]) -> str:
    """The text of a CSV file with these rows: BOM first, CRLF line ends, formulas defused."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()


def without_bom(text: str) -> str:
    """The text of an uploaded CSV file, whether or not it starts with a byte order mark."""
    return text.removeprefix(BOM)


def restore(value: str) -> str:
    """A cell as it was before `neutralise`, so an exported file imports unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
