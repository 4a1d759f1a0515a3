"""The package's structure holds: rooms import only rooms below them, sections are plugins, every
MkDocs call is in the engine, no import circles (the contracts in pyproject.toml, checked by
import-linter), and no module grows past 500 lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator" / "microskills"


def test_the_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint_imports)], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_the_contracts_can_fail(tmp_path: Path) -> None:
    """A room importing one above it breaks the layers contract (the check is not vacuous)."""
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    broken = tmp_path / "contracts.toml"
    # The same layers with core on top: every room imports core, so the contract must break.
    broken.write_text(
        config.replace('  "cli",\n', '  "core",\n  "cli",\n', 1).replace(
            '  "registry",\n  "core",\n', '  "registry",\n', 1
        ),
        encoding="utf-8",
    )
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint_imports), "--config", str(broken)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1 and "BROKEN" in proc.stdout, proc.stdout


def test_no_module_is_over_500_lines() -> None:
    long = {
        path.relative_to(REPO).as_posix(): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
