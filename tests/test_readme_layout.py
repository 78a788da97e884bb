"""The README's "How the code is laid out" stays true: every file, folder and function it
names exists, so a move or a rename that forgets the map fails here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", ".git", "instance"}


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## How the code is laid out")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _names() -> list[str]:
    return re.findall(r"`([^`\s]+)`", _section())


def _files() -> set[str]:
    found = set()
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED.intersection(relative.parts):
            continue
        found.add(relative.as_posix() + ("/" if path.is_dir() else ""))
    return found


def _exists(name: str, files: set[str]) -> bool:
    if name.startswith("/"):  # a URL
        return True
    if name.endswith("/") or name.endswith((".py", ".md")):
        return any(f == name or f.endswith("/" + name) for f in files)
    module, _, attribute = name.replace("/", ".").rpartition(".")
    for candidate in (module, f"booking.{module}"):
        try:
            return hasattr(importlib.import_module(candidate), attribute)
        except ModuleNotFoundError:
            continue
    return False


def test_the_layout_names_only_what_exists():
    files = _files()
    paths = [n for n in _names() if "/" in n or n.endswith(".py") or n.startswith("booking.")]
    assert len(paths) > 30  # the section is found and read
    missing = [name for name in paths if not _exists(name, files)]
    assert not missing, f"the README's layout names what does not exist: {missing}"


def test_every_package_of_booking_is_on_the_map():
    section = _section()
    packages = [p.name for p in (ROOT / "booking").iterdir() if (p / "__init__.py").exists()]
    assert packages
    missing = [p for p in packages if f"{p}/" not in section]
    assert not missing, f"packages the README's layout does not mention: {missing}"
