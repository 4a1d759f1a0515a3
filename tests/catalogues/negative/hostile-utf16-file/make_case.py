"""An entry saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode")."""

from pathlib import Path


def make(root: Path) -> None:
    path = root / "providers" / "google.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
