"""One value of a million characters on a single line (the file is ~1 MB)."""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "skills" / "sql-select-queries.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Write SQL SELECT queries", "name: " + "A" * 1_000_000), encoding="utf-8")
