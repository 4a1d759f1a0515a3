"""Entry files that are symbolic links: to a file outside the catalogue, to another entry, to itself."""

import os
from pathlib import Path


def make(root: Path) -> None:
    outside = root.parent / "outside-secret.yaml"
    outside.write_text("id: outside-secret\nname: read from outside the catalogue\n", encoding="utf-8")
    os.symlink(outside, root / "skills" / "outside-secret.yaml")
    os.symlink("/etc/passwd", root / "providers" / "passwd.yaml")
    os.symlink("sql-select-queries.yaml", root / "skills" / "sql-select-copy.yaml")
    os.symlink("loop.yaml", root / "skills" / "loop.yaml")
