"""The command line: exit codes, output formats, help, and the contributor's first experience."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from microskills.cli import main

from tests.conftest import TODAY_ARG, make_project, materialise, run_cli


def test_every_command_has_help_and_is_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    runner = CliRunner()
    assert runner.invoke(main, ["--help"]).exit_code == 0
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, name
        assert f"microskills {name}" in readme, f"README does not document `microskills {name}`"


def test_misspelt_provider_reported_with_line_and_hint(tmp_path: Path) -> None:
    """The issue's acceptance case, through the real command as a contributor runs it."""
    root = materialise(None, tmp_path / "catalogue")
    path = root / "credentials" / "google-data-analytics-professional-certificate.yaml"
    text = path.read_text().replace("provider: google", "provider: gogle")
    path.write_text(text)
    line = text.splitlines().index("provider: gogle") + 1
    proc = run_cli("validate", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 1
    expected = (
        f"catalogue/credentials/google-data-analytics-professional-certificate.yaml:{line}:1: error [ref.unknown]"
    )
    assert expected in proc.stdout
    assert "did you mean `google`?" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_clean_catalogue_exits_zero(tmp_path: Path) -> None:
    materialise(None, tmp_path / "catalogue")
    proc = run_cli("validate", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 0
    assert "No problems found." in proc.stdout


def test_usage_error_exits_two(tmp_path: Path) -> None:
    proc = run_cli("validate", "--format", "xml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_missing_catalogue_is_reported_not_raised(tmp_path: Path) -> None:
    proc = run_cli("validate", "no-such-folder", cwd=tmp_path)
    assert proc.returncode == 1
    assert "catalogue.missing" in proc.stdout and "Traceback" not in proc.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = materialise(None, tmp_path / "catalogue")
    skill = root / "skills" / "sql-select-queries.yaml"
    skill.write_text(skill.read_text().replace("skill_type: skill", "skill_type: skil\nbogus: 1"))
    return tmp_path


def test_json_format(broken: Path) -> None:
    proc = run_cli("validate", "catalogue", "--format", "json", "--today", TODAY_ARG, cwd=broken)
    data = json.loads(proc.stdout)
    rules = sorted(p["rule"] for p in data["problems"])
    assert rules == ["schema.enum", "schema.unknown-field"]
    assert all(p["line"] and p["json_path"].startswith("$") for p in data["problems"])


def test_github_annotations(broken: Path) -> None:
    proc = run_cli("validate", "catalogue", "--format", "github", "--today", TODAY_ARG, cwd=broken)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == 2
    assert all(line.startswith("::error file=catalogue/skills/sql-select-queries.yaml,line=") for line in lines)
    assert "title=schema.enum::" in proc.stdout


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    provider = (root / "providers" / "google.yaml").read_text()
    (root / "providers" / "lonely.yaml").write_text(
        provider.replace("id: google", "id: lonely")
        .replace("name: Google", "name: Lonely")
        .replace("url: https://grow.google/certificates/", "url: https://example.org/")
    )
    assert run_cli("validate", "catalogue", "--today", TODAY_ARG, cwd=tmp_path).returncode == 0
    assert run_cli("validate", "catalogue", "--strict", "--today", TODAY_ARG, cwd=tmp_path).returncode == 1


def _build_in_terminal(project: Path, env: dict[str, str]) -> str:
    """Run `microskills build --no-site` with a pseudo-terminal as its stderr; return what it showed."""
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import BASE, REPO

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "microskills", "build", str(BASE), "--no-site", "--today", TODAY_ARG],
        cwd=project,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**{k: v for k, v in os.environ.items() if k != "CI"}, "PYTHONPATH": str(REPO), **env},
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    import re

    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8", "replace"))


def test_progress_shows_on_a_terminal_and_not_in_ci(tmp_path: Path) -> None:

    from tests.conftest import REPO

    make_project(tmp_path)
    shown = _build_in_terminal(tmp_path, {})
    assert "✓ Checking" in shown and "✓ Rendering 22 entries" in shown
    quiet = _build_in_terminal(tmp_path, {"CI": "true"})
    assert "✓" not in quiet and "Generated build/" in quiet
    piped = run_cli(
        "build", str(REPO / "tests" / "catalogues" / "base"), "--no-site", "--today", TODAY_ARG, cwd=tmp_path
    )
    assert "✓" not in piped.stderr and "Generated build/" in piped.stderr


def test_stats_reports_what_is_missing(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    proc = run_cli("stats", "catalogue", "--format", "json", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    credentials = report["kinds"]["credential"]["entries"]
    assert credentials == len(list((root / "credentials").glob("*.yaml")))
    for fact, counts in report["facts"].items():
        statuses = ("filled", "unpublished", "unrecorded", "not_applicable")
        assert sum(counts[status] for status in statuses) == credentials, fact
    text = run_cli("stats", "catalogue", "--today", TODAY_ARG, cwd=tmp_path).stdout
    assert "Comparable facts of credentials" in text and "workload" in text
    for part in ("cost_recorded", "certifications", "evidence", "verified"):
        assert part in report, part
    assert report["verified"]["today"] == TODAY_ARG
    assert report["verified"]["kinds"]["total"]["entries"] == sum(k["entries"] for k in report["kinds"].values())
    for heading in ("fee-charging credentials", "Certifications (", "Evidence by fact", "Last verified within"):
        assert heading in text, heading
