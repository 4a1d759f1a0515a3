"""Latin-1 bytes in an entry (an editor that did not save as UTF-8)."""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "providers" / "google.yaml"
    text = path.read_bytes()
    path.write_bytes(text.replace(b"name: Google", b"name: Google Caf\xe9"))
