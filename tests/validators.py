"""The W3C Nu HTML checker (npm `vnu-jar`, run by Java) over many documents in one process.

Starting Java costs seconds and checking a page milliseconds, so every test hands over all its
documents at once. Without Java the checks are skipped, unless REQUIRE_BROWSER=1 (as in CI)
makes that a failure.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(documents: dict[str, str]) -> list[str]:
    """Errors the Nu checker finds, as "name: line N: message «extract»" lines."""
    java = shutil.which("java")
    if java is None:
        skip_or_fail("REQUIRE_BROWSER", "the HTML checks need Java (apt-get install default-jre)")
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make setup` (npm ci)"
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        paths = []
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder, f"{number:04d}.html")
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
            paths.append(str(path))
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
            [
                java,
                "-Xss4m",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--errors-only",
                "--exit-zero-always",
                *paths,
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"the Nu checker gave no report: {result.stderr[:2000]}") from error
    errors = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        file_name = Path(unquote(urlparse(message.get("url", "")).path)).name
        where = names.get(file_name, file_name)
        extract = " ".join(message.get("extract", "").split())
        errors.append(
            f"{where}: line {message.get('lastLine', '?')}: {message['message']} «{extract}»"
        )
    return errors
