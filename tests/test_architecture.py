"""ARCHITECTURE.md says what is true: every module path and command it names exists, and the
counts it states are the registry's."""

from __future__ import annotations

import re

from microskills.site.assemble import SECTIONS

from tests.conftest import REPO

DOC = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _expand(path: str) -> list[str]:
    """`a/{b,c}` -> `a/b`, `a/c`; `file.py:NAME` -> `file.py`."""
    path = path.split(":", 1)[0]
    found = re.search(r"\{([^}]*)\}", path)
    if not found:
        return [path]
    return [path[: found.start()] + part + path[found.end() :] for part in found.group(1).split(",")]


def test_every_path_it_names_exists() -> None:
    named = set(re.findall(r"`((?:generator|docs|tests|benchmarks|scripts|tools)/[^`*<>\s]+)`", DOC))
    assert len(named) > 20
    missing = sorted(p for name in named for p in _expand(name) if not (REPO / p.rstrip("/")).exists())
    assert missing == []


def test_every_module_is_in_the_room_table() -> None:
    """The table of rooms names every module of the package, in its room."""
    rows = dict(re.findall(r"^\| `microskills\.(\w+)` \| (.*) \|$", DOC, re.M))
    package = REPO / "generator" / "microskills"
    rooms = {p.name for p in package.iterdir() if p.is_dir() and p.name not in ("schemas", "__pycache__")}
    assert set(rows) == rooms
    for room in rooms:
        for module in (package / room).rglob("*.py"):
            if module.name != "__init__.py":
                assert f"`{module.stem}`" in rows[room], f"{room}/{module.relative_to(package / room)}"


def test_the_sections_it_lists_are_the_assembler_s() -> None:
    listed = re.search(r"`sections/` \(plugins: ([^)]*)\)", DOC)
    assert listed is not None
    names = set(re.findall(r"`(\w+)`", listed.group(1)))
    assert {s.name for s in SECTIONS} <= names
