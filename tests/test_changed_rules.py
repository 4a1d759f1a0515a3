"""`validate --changed` runs the full check's stages, so a change that breaks a rule is reported
for the changed files exactly as the full check reports it, rule by rule (security issue 19:
a second pipeline once skipped the reserved-name rules and the hint budget)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from microskills.check.changed import check_changed
from microskills.check.pipeline import check
from microskills.model.problems import Problem
from microskills.registry.rules import RULES

from benchmarks.changed_validate import commit_everything
from tests.conftest import CATALOGUES, TODAY, load_expect, materialise

CASES = sorted(p for p in (CATALOGUES / "negative").iterdir() if p.is_dir())

#: Rules no change to catalogue files can break, with the reason.
NOT_FROM_A_CHANGE = {
    "catalogue.missing": "the catalogue folder itself is missing: there is nothing to diff",
    "file.not-regular": "git stores no pipes, devices or sockets: a pull request cannot add one",
    "file.unreadable": "git stores no permission that stops the checker reading a file",
    "schema.invalid": "the two validators disagreeing is a bug of ours; no file is written to cause it",
    "fmt.not-an-entry": "a `microskills fmt` argument, not a catalogue problem",
    "fmt.unsafe": "a formatter bug guard, not a catalogue problem",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base catalogue committed in a git repository; each case is laid over it uncommitted."""
    top = tmp_path_factory.mktemp("changed-rules")
    materialise(None, top / "catalogue")
    commit_everything(top, "base")
    return top


def _key(problem: Problem) -> tuple[object, ...]:
    return (problem.file, problem.line, problem.column, problem.rule, problem.message)


def _lay(repo: Path, case: Path) -> Path:
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", "."], check=True)
    subprocess.run(["git", "-C", str(repo), "clean", "-qfdx"], check=True)
    root = repo / "catalogue"
    shutil.rmtree(root)
    materialise(case, root)
    # materialise copies with the files' times, and a deleted file's inode is soon reused: with the
    # same size, time and inode git would take a changed file for the committed one. A pull
    # request's checkout has fresh times, so give the files fresh ones too.
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path)
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_change_is_reported_as_the_full_check_reports_it(
    repo: Path, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _lay(repo, case)
    monkeypatch.chdir(repo)
    full = check(Path("catalogue"), today=TODAY, recommend_facts=True)
    changed = check_changed(Path("catalogue"), "HEAD", today=TODAY, recommend_facts=True)
    touched = {c.file for c in changed.changes}
    # A changed file and every folder that holds one: a set, since the amplification case alone
    # pairs 42,000 problems with 3,000 changed files (a scan per problem took 20 s).
    in_touched = touched | {str(parent) for t in touched for parent in Path(t).parents}

    def in_change(file: str) -> bool:
        """The file changed, or it holds a changed file (a folder where an entry file belongs)."""
        return file in in_touched

    expected = {_key(p) for p in full.problems if in_change(p.file)}
    reported = {_key(p) for p in changed.problems if in_change(p.file)}
    assert reported == expected, case.name
    assert root.is_dir()


def test_every_rule_is_covered_by_a_changed_file() -> None:
    """Every registered rule is broken by some negative example (its expect.yaml names it, which
    tests/test_examples.py checks), and so compared above."""
    seen = {problem["rule"] for case in CASES for problem in load_expect(case).get("problems", [])}
    missing = sorted(
        r.id
        for r in RULES
        if r.id not in NOT_FROM_A_CHANGE
        and r.id not in seen
        and not (r.id.endswith(".*") and any(s.startswith(r.id[:-1]) for s in seen))
    )
    assert missing == [], f"rules no negative example breaks: {missing}"
