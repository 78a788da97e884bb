"""Errors the rules raise: each carries a message a person can act on."""

from __future__ import annotations


class RuleBroken(Exception):
    """A rule of the service was broken. `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RulesBroken(RuleBroken):
    """Several rules broken at once, each on its own field, so a form can show them all in one
    round instead of one per attempt."""

    def __init__(self, problems) -> None:
        problems = list(problems)
        super().__init__(problems[0].message, problems[0].field)
        self.problems = problems


class NotAllowed(RuleBroken):
    """The action does not fit the object's state or the user's role."""
