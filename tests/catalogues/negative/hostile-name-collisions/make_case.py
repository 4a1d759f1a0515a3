"""Names that differ only by case or Unicode normalisation: Windows and macOS keep one of each pair.
Made at test time, since such a pair cannot be checked out there."""

import unicodedata
from pathlib import Path


def make(root: Path) -> None:
    skills = root / "skills"
    (skills / "Python-PEP8-Style.yaml").write_bytes((skills / "python-pep8-style.yaml").read_bytes())
    composed = unicodedata.normalize("NFC", "café")
    decomposed = unicodedata.normalize("NFD", "café")
    (root / "providers" / f"{composed}.txt").write_text("composed\n", encoding="utf-8")
    (root / "providers" / f"{decomposed}.txt").write_text("decomposed\n", encoding="utf-8")
