"""Page tests go through Flask's test client on SQLite; the rules under them are tested on both
databases in tests/services."""

import pytest


@pytest.fixture
def backend() -> str:
    return "sqlite"
