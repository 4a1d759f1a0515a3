"""250,000 letters then a tab in a one-line field: just under the size limit.

Python's backtracking regex engine needs minutes to reject this against the schema's
one-line pattern; the explanation must not try (the length is already the problem).
"""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "skills" / "sql-select-queries.yaml"
    text = path.read_text(encoding="utf-8")
    value = '"' + "a" * 250_000 + '\\t"'  # YAML double quotes: `\t` is a tab
    path.write_text(text.replace("name: Write SQL SELECT queries", "name: " + value), encoding="utf-8")
