"""The current time, in one place, so that tests can pin it.

Set `app.config["FROZEN_NOW"]` to an aware datetime to freeze the clock for that app.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def now_utc() -> datetime:
    """Naive UTC, as stored in the database."""
    frozen = current_app.config.get("FROZEN_NOW")
    moment = frozen if frozen is not None else datetime.now(UTC)
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def now_local() -> datetime:
    """Naive wall-clock time in the force's time zone, as sessions are stored."""
    return now_utc().replace(tzinfo=UTC).astimezone(local_zone()).replace(tzinfo=None)


def today() -> date:
    return now_local().date()


def to_local(moment: datetime) -> datetime:
    """A stored naive UTC time as naive wall-clock time in the force's time zone."""
    return moment.replace(tzinfo=UTC).astimezone(local_zone()).replace(tzinfo=None)
