"""A named pipe where an entry file belongs: opening it would block forever."""

import os
from pathlib import Path


def make(root: Path) -> None:
    os.mkfifo(root / "skills" / "pipe.yaml")
