"""`microskills validate --changed REF`: the problems a full validate reports for the changed
files and the entries that refer to them, nothing about anything else, and a pull-request
summary in Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from microskills.check.changed import WHOLE_CATALOGUE_RULES

from benchmarks.changed_validate import commit_everything
from tests.conftest import TODAY_ARG, materialise, run_cli

Problems = list[dict[str, Any]]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The base catalogue as a git repository with one commit, and one pre-existing problem."""
    root = materialise(None, tmp_path / "repo" / "catalogue")
    unrelated = root / "skills" / "tableau-dashboards.yaml"
    unrelated.write_text(unrelated.read_text().replace("last_verified: 2026-", "last_verified: 2025-"))
    commit_everything(root.parent, "base")
    return root.parent


def _validate(repo: Path, *args: str) -> tuple[int, Problems, str]:
    proc = run_cli("validate", "catalogue", "--format", "json", "--today", TODAY_ARG, *args, cwd=repo)
    data = json.loads(proc.stdout) if proc.stdout.startswith("{") else {"problems": []}
    return proc.returncode, data["problems"], proc.stdout + proc.stderr


def _key(p: dict[str, Any]) -> tuple[Any, ...]:
    return (p["file"], p["line"], p["rule"], p["message"])


def _edit(repo: Path, relative: str, change: Callable[[str], str]) -> None:
    path = repo / "catalogue" / relative
    path.write_text(change(path.read_text()))


def _compare(repo: Path, report: set[str], changed_files: set[str] | None = None) -> Problems:
    """`--changed HEAD` against the full check: the same problems for `report` (for dependants, but
    the whole-catalogue rules the change cannot alter), none elsewhere."""
    _, full, _ = _validate(repo)
    code, changed, output = _validate(repo, "--changed", "HEAD")
    assert {_key(p) for p in changed} <= {_key(p) for p in full}, output
    changed_files = changed_files if changed_files is not None else report
    expected = {
        _key(p)
        for p in full
        if p["file"] in report and (p["file"] in changed_files or p["rule"] not in WHOLE_CATALOGUE_RULES)
    }
    assert {_key(p) for p in changed} >= expected, output
    assert code == (1 if any(p["severity"] == "error" for p in changed) else 0)
    return changed


def test_a_one_file_change_reports_that_file_only(repo: Path) -> None:
    _edit(
        repo,
        "credentials/google-data-analytics-professional-certificate.yaml",
        lambda t: t.replace("provider: google", "provider: gogle"),
    )
    changed = _compare(repo, {"catalogue/credentials/google-data-analytics-professional-certificate.yaml"})
    assert [(p["rule"], p["file"]) for p in changed] == [
        ("ref.unknown", "catalogue/credentials/google-data-analytics-professional-certificate.yaml"),
        # Its only credential no longer names it: decided from the file's version at REF.
        ("provider.unused", "catalogue/providers/google.yaml"),
    ]
    assert "did you mean `google`?" in changed[0]["hint"]
    assert not any("tableau" in p["file"] for p in changed)  # the old stale warning is not this change's


def test_removing_a_skill_reports_the_credentials_that_list_it(repo: Path) -> None:
    (repo / "catalogue" / "skills" / "python-file-handling.yaml").unlink()
    changed = _compare(
        repo,
        {
            "catalogue/credentials/python-institute-pcap.yaml",
            "catalogue/credentials/python-institute-pcpp1.yaml",
        },
        set(),
    )
    files = {(p["rule"], p["file"]) for p in changed}
    assert files == {
        ("ref.unknown", "catalogue/credentials/python-institute-pcap.yaml"),
        ("ref.unknown", "catalogue/credentials/python-institute-pcpp1.yaml"),
    }


def test_a_stacking_cycle_through_unchanged_entries_is_found(repo: Path) -> None:
    _edit(
        repo,
        "credentials/python-institute-pcpp1.yaml",
        lambda t: t.replace(
            "sources:",
            "stacks_into:\n  - credential: python-institute-pcep\n    relation: preparation-for\nsources:",
            1,
        ),
    )
    changed = _compare(
        repo,
        {
            "catalogue/credentials/python-institute-pcpp1.yaml",
            "catalogue/credentials/python-institute-pcap.yaml",
            "catalogue/credentials/python-institute-pcep.yaml",
        },
        {"catalogue/credentials/python-institute-pcpp1.yaml"},
    )
    assert [p["rule"] for p in changed] == ["graph.cycle"]


def test_unlinking_a_skill_reports_it_as_orphan_and_duplicates_are_caught(repo: Path) -> None:
    _edit(repo, "credentials/python-institute-pcep.yaml", lambda t: t.replace("  - python-exception-handling\n", ""))
    pcap = repo / "catalogue" / "credentials" / "python-institute-pcap.yaml"
    pcap.write_text(pcap.read_text().replace("  - python-exception-handling\n", ""))
    pcpp = repo / "catalogue" / "credentials" / "python-institute-pcpp1.yaml"
    pcpp.write_text(pcpp.read_text().replace("  - python-exception-handling\n", ""))
    copy = (repo / "catalogue" / "providers" / "google.yaml").read_text().replace("id: google", "id: google-again")
    (repo / "catalogue" / "providers" / "google-again.yaml").write_text(copy)  # same name and URL, untracked
    _, full, _ = _validate(repo)
    _, changed, output = _validate(repo, "--changed", "HEAD")
    rules = {(p["rule"], p["file"].rsplit("/", 1)[-1]) for p in changed}
    assert ("skill.orphan", "python-exception-handling.yaml") in rules, output
    assert ("name.duplicate", "google-again.yaml") in rules
    assert ("url.duplicate", "google-again.yaml") in rules
    assert {_key(p) for p in changed} <= {_key(p) for p in full}


def test_a_categories_change_checks_everything(repo: Path) -> None:
    _edit(repo, "categories.yaml", lambda t: t + "\n")
    _, changed, _ = _validate(repo, "--changed", "HEAD")
    assert any("tableau" in p["file"] for p in changed)  # the whole catalogue was reported


def test_no_change_no_problem(repo: Path) -> None:
    code, changed, output = _validate(repo, "--changed", "HEAD")
    assert (code, changed) == (0, []), output


def test_errors_are_clear(repo: Path, tmp_path: Path) -> None:
    proc = run_cli("validate", "catalogue", "--changed", "no-such-ref", cwd=repo)
    assert proc.returncode == 1 and "Error: git" in proc.stderr and "Traceback" not in proc.stderr
    outside = materialise(None, tmp_path / "plain" / "catalogue")
    proc = run_cli("validate", str(outside), "--changed", "HEAD", cwd=tmp_path)
    assert proc.returncode == 1 and "not inside a git repository" in proc.stderr
    proc = run_cli("validate", "catalogue", "--format", "summary", cwd=repo)
    assert proc.returncode == 2 and "--changed" in proc.stderr


def test_pull_request_summary(repo: Path) -> None:
    proc = run_cli("new", "skill", "sql-window-functions", "--catalogue", "catalogue", "--today", TODAY_ARG, cwd=repo)
    assert proc.returncode == 0
    (repo / "catalogue" / "skills" / "r-programming-basics.yaml").unlink()
    _edit(repo, "providers/google.yaml", lambda t: t.replace("name: Google", "name: Google <b>|*Bold*|</b>"))
    proc = run_cli("validate", "catalogue", "--changed", "HEAD", "--format", "summary", "--today", TODAY_ARG, cwd=repo)
    text = proc.stdout
    assert proc.returncode == 1
    assert "| skill | 1 | 0 | 1 |" in text and "| provider | 0 | 1 | 0 |" in text
    assert "**Added**" in text and "skill <code>sql-window-functions</code>" in text and "**Removed**" in text
    # Contributed text cannot inject Markdown or HTML: each special character is a reference.
    assert "Google &#60;b&#62;&#124;&#42;Bold&#42;&#124;&#60;/b&#62;" in text
    assert "<b>" not in text
    assert "| <code>catalogue/skills/sql-window-functions.yaml&#58;" in text and "schema." in text
