"""Every value in a log line is escaped, so input can never start a line of its own.

A path, an address or a name may carry CR, LF or other control characters (`/x%0Aforged`);
written as they are, they would forge a second log line. The service's loggers come from
`get_logger`, which adds a filter that escapes each argument of a record before any handler
formats it: control characters and backslashes become Python-style escapes (`\\n`, `\\x1b`).
"""

from __future__ import annotations

import logging
import unicodedata

# Numbers and None cannot carry a line break, and format codes like %d and %.1f need them.
_PLAIN_TYPES = (int, float, type(None))
# Line and paragraph separators are not control characters but some viewers break on them.
_ALSO_ESCAPED = {"\u2028", "\u2029", "\x85"}


def escape(value: object) -> str:
    """`value` as text on one line: backslashes and control characters written as escapes."""
    text = str(value)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape_character(character) for character in text)


def _escape_character(character: str) -> str:
    if character == "\\":
        return "\\\\"
    if character in _ALSO_ESCAPED or unicodedata.category(character) in {"Cc", "Zl", "Zp"}:
        return character.encode("unicode_escape").decode("ascii")
    return character


def _escaped(value: object) -> object:
    return value if isinstance(value, _PLAIN_TYPES) else escape(value)


class EscapeValues(logging.Filter):
    """Escape the arguments (and a message given with none) of every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = {key: _escaped(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_escaped(value) for value in record.args)
        elif not isinstance(record.msg, str) or not record.msg.isprintable():
            record.msg = escape(record.msg)
        return True


_FILTER = EscapeValues()


def escape_values_of(logger: logging.Logger) -> logging.Logger:
    """Add the escaping filter to `logger` (once) and return it."""
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


def get_logger(name: str) -> logging.Logger:
    """The logger called `name`, escaping every value written to it."""
    return escape_values_of(logging.getLogger(name))
