"""Look-alike Unicode in ids: a file and id with a Cyrillic "е", and a reference with a Greek "ο".

Made here rather than kept in git so no checkout has to store a non-ASCII file name.
"""

from pathlib import Path


def make(root: Path) -> None:
    text = (root / "skills" / "sql-select-queries.yaml").read_text(encoding="utf-8")
    confusable = "sql-s\u0435lect-queries"  # CYRILLIC SMALL LETTER IE
    (root / "skills" / f"{confusable}.yaml").write_text(
        text.replace("id: sql-select-queries", f"id: {confusable}"), encoding="utf-8"
    )
    credential = root / "credentials" / "python-institute-pcep.yaml"
    credential.write_text(
        credential.read_text(encoding="utf-8").replace("provider: python-institute", "provider: pyth\u03bfn-institute"),
        encoding="utf-8",
    )
