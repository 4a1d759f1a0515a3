"""6,600 distinct mappings in a list that must hold unique text: pairwise comparison would take a minute."""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "skills" / "sql-select-queries.yaml"
    text = path.read_text(encoding="utf-8")
    items = "".join(f"  - {{n: {i}}}\n" for i in range(6600))
    old = "sources:\n  - https://www.postgresql.org/docs/current/sql-select.html\n"
    path.write_text(text.replace(old, "sources:\n" + items), encoding="utf-8")
