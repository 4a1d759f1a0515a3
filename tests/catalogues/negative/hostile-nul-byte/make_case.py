"""A NUL byte and an escape character inside a value (binary junk pasted into an entry)."""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "providers" / "google.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("type: vendor", "type: vendor\x00\x1b[2J"), encoding="utf-8")
