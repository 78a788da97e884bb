"""Human references for requests, like SLO-24F7K2: short enough to read out on the phone."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L or 5/S: a reference read aloud or copied by hand should not be misread.
ALPHABET = "234679ABCDEFGHJKMNPQRTUVWXYZ"
LENGTH = 6
PREFIX = "SLO-"


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
