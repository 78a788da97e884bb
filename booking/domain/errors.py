"""Errors the rules raise: each carries a message a person can act on."""

from __future__ import annotations


class RuleBroken(Exception):
    """A rule of the service was broken. `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(RuleBroken):
    """The action does not fit the object's state or the user's role."""
