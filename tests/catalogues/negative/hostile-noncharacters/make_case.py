"""Noncharacters written raw (no escape): U+1FFFE in a provider description and U+10FFFF, the last
code point there is, in a category name. Made here so the repository holds no noncharacter."""

from pathlib import Path


def make(root: Path) -> None:
    provider = root / "providers" / "google.yaml"
    text = provider.read_text(encoding="utf-8")
    provider.write_text(text.replace("taught on Coursera.", "taught on Coursera.\U0001fffe"), encoding="utf-8")
    categories = root / "categories.yaml"
    text = categories.read_text(encoding="utf-8")
    categories.write_text(text.replace("name: Data analysis", "name: Data analysis \U0010ffff"), encoding="utf-8")
