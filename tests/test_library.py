"""The library surface: `microskills.__all__` is what the docs promise, and the examples on
docs/library.md run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import microskills
import pytest

from tests.conftest import REPO, make_project, materialise

PAGE = REPO / "docs" / "library.md"


def _examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_the_public_names_are_the_documented_ones() -> None:
    first_cells = re.findall(r"^\| (`[^|]*`) \|", PAGE.read_text(encoding="utf-8"), re.M)
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Za-z_]+)", cell)}
    assert set(microskills.__all__) - {"__version__"} == documented
    for name in microskills.__all__:
        assert getattr(microskills, name) is not None


def test_checking_does_not_load_the_site_builder() -> None:
    """`import microskills` and `check` stay quick: Jinja, MkDocs and the exports load on demand."""
    code = "import sys, microskills; print(any(m.startswith(('jinja2', 'mkdocs')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.slow
def test_the_examples_run_as_written(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    materialise(None, project / "catalogue")
    script = "\n".join(_examples())
    assert len(_examples()) == 3
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764547200"},
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "PCAP" in proc.stdout and "is taught by" in proc.stdout
