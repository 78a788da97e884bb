"""Limits on guessing: sign-in, password reset and account creation, counted per account and
per address. Over a limit the user gets a page saying when to try again."""

from __future__ import annotations

import math
import time

from flask import request
from flask_limiter.util import get_remote_address

from booking.extensions import limiter

WINDOW = "15 minutes"


def _account() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _address() -> str:
    return "address:" + (get_remote_address() or "")


def signed_in_account() -> str:
    """The account key for forms used when signed in, whose e-mail field is not the account's."""
    from flask_login import current_user

    return "user:" + (str(current_user.id) if current_user.is_authenticated else "")


def failed_sign_in(response) -> bool:
    """A sign-in that did not let the person in (success redirects to their home page)."""
    return response.status_code != 302


def guarded(per_account: int, per_address: int, account=_account, counts=None):
    """Limit POSTs to a view: `per_account` per account (by default the e-mail typed in) and
    `per_address` per client address, each in a 15-minute window. `counts` chooses which
    answers count towards the limits (all of them by default)."""

    def decorate(view):
        for count, key in ((per_account, account), (per_address, _address)):
            view = limiter.limit(
                f"{count} per {WINDOW}", key_func=key, methods=["POST"], deduct_when=counts
            )(view)
        return view

    return decorate


def minutes_until_reset() -> int:
    """Whole minutes until the limit the current request hit lets it through again."""
    current = limiter.current_limit
    if current is None:
        return 15
    return max(1, math.ceil((current.reset_at - time.time()) / 60))
