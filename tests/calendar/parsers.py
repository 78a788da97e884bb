"""Two calendar parsers that share no code with the one that writes the files: Mozilla's
ical.js (Thunderbird's, under Node) and vobject. Each returns, per file, what a calendar
program takes from each event."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC
from pathlib import Path

import vobject

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("ical_times.mjs")


def ical_js(paths: list[Path]) -> list[dict]:
    """Every file read by ical.js in one Node process."""
    node = shutil.which("node")
    if node is None:
        skip_or_fail("REQUIRE_BROWSER", "calendar checks with ical.js need Node.js")
    if not (ROOT / "node_modules" / "ical.js").is_dir():
        raise AssertionError("ical.js is missing: run `make setup` (npm ci)")
    result = subprocess.run(  # noqa: S603 - our own script and files
        [node, str(SCRIPT), *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "TZ": "UTC"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def vobject_events(path: Path) -> dict:
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    method = calendar.contents.get("method")
    events = []
    for event in calendar.contents.get("vevent", []):
        attendees = event.contents.get("attendee", [])
        events.append(
            {
                "uid": event.uid.value,
                "sequence": int(event.sequence.value) if "sequence" in event.contents else 0,
                "status": event.status.value if "status" in event.contents else None,
                "summary": event.summary.value if "summary" in event.contents else None,
                "start_utc": _utc(event.dtstart.value),
                "end_utc": _utc(event.dtend.value),
                "organizer": event.organizer.value if "organizer" in event.contents else None,
                "attendees": [a.value for a in attendees],
                "rsvp": [a.params.get("RSVP", [""])[0] for a in attendees],
            }
        )
    return {"method": method[0].value if method else None, "events": events}
