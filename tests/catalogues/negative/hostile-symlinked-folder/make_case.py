"""A kind folder and the category list that are symbolic links to places outside the catalogue."""

import os
import shutil
from pathlib import Path


def make(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    shutil.move(str(root / "pathways"), str(elsewhere / "pathways"))
    os.symlink(elsewhere / "pathways", root / "pathways")
    shutil.move(str(root / "categories.yaml"), str(elsewhere / "categories.yaml"))
    os.symlink(elsewhere / "categories.yaml", root / "categories.yaml")
