"""A directory named like an entry file."""

from pathlib import Path


def make(root: Path) -> None:
    (root / "skills" / "a-folder.yaml").mkdir()
    (root / "skills" / "a-folder.yaml" / "inner.yaml").write_text("id: inner\n", encoding="utf-8")
