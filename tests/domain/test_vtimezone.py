"""The time-zone block of calendar files puts every session at the same instant in every
calendar program: checked with ical.js (Thunderbird) and vobject against Python's zoneinfo,
on both sides of each change of the clocks, in several kinds of zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from booking.notifications.vtimezone import vtimezone
from tests.calendar.parsers import ical_js, vobject_events

ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "Africa/Casablanca"]


def _local_times(zone: ZoneInfo) -> list[datetime]:
    """10:00 on every Wednesday of 2026 and 2027, and 10:00 the day before and after each change
    of offset."""
    moments = []
    day = date(2026, 1, 7)
    while day.year < 2028:
        moments.append(datetime.combine(day, time(10)))
        day += timedelta(days=7)
    day = date(2026, 1, 1)
    while day.year < 2028:
        today = datetime.combine(day, time(12), zone).utcoffset()
        tomorrow = datetime.combine(day + timedelta(days=1), time(12), zone).utcoffset()
        if today != tomorrow:
            moments += [
                datetime.combine(day, time(10)),
                datetime.combine(day, time(10)) + timedelta(days=1),
            ]
        day += timedelta(days=1)
    return moments


def _calendar_file(tmp_path, tzid: str, moments: list[datetime]):
    zone = ZoneInfo(tzid)
    calendar = Calendar()
    calendar.add("prodid", "-//Tests//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vtimezone(tzid, 2026))
    for number, moment in enumerate(moments):
        event = Event()
        event.add("uid", f"{number}@tests.example")
        event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
        event.add("dtstart", moment.replace(tzinfo=zone))
        event.add("dtend", moment.replace(tzinfo=zone) + timedelta(hours=1))
        calendar.add_component(event)
    path = tmp_path / f"{tzid.replace('/', '-')}.ics"
    path.write_bytes(calendar.to_ical())
    return path


def _expected(tzid: str, moments: list[datetime]) -> list[str]:
    zone = ZoneInfo(tzid)
    return [
        m.replace(tzinfo=zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z") for m in moments
    ]


def test_every_session_is_at_the_same_instant_in_ical_js_and_vobject(tmp_path):
    files, expected = [], []
    for tzid in ZONES:
        moments = _local_times(ZoneInfo(tzid))
        files.append(_calendar_file(tmp_path, tzid, moments))
        expected.append(_expected(tzid, moments))
    for tzid, path, want, read in zip(ZONES, files, expected, ical_js(files), strict=True):
        assert [e["start_utc"] for e in read["events"]] == want, f"ical.js, {tzid}"
        assert {e["zone"] for e in read["events"]} == {tzid}, "ical.js used the file's zone"
        by_vobject = [e["start_utc"] for e in vobject_events(path)["events"]]
        assert by_vobject == want, f"vobject, {tzid}"


def test_london_has_two_yearly_rules_and_no_lists_of_dates():
    text = vtimezone("Europe/London", 2026).to_ical().decode()
    assert text.count("RRULE:FREQ=YEARLY") == 2
    assert "RDATE" not in text
    assert "BYMONTH=3" in text and "BYMONTH=10" in text


@pytest.mark.parametrize("tzid", ["Africa/Casablanca"])
def test_a_zone_without_yearly_rules_has_one_date_per_line(tzid):
    text = vtimezone(tzid, 2026).to_ical().decode()
    assert "RRULE" not in text
    assert all("," not in line for line in text.splitlines() if line.startswith("RDATE"))
