"""Example catalogues under tests/catalogues/, discovered automatically.

positive/<case>/: laid over the base catalogue, must validate with no problem at all.
negative/<case>/: laid over the base catalogue; expect.yaml lists the problems (rule, file, line)
the CLI must report, and the exit code (default 1). Every case runs the real CLI in a
subprocess bounded in time and memory, and must not print a traceback; `max_seconds` (default
30) bounds the time a case may take, so a validator that turns slow on hostile input fails here,
and `exhaustive: true` means nothing but the listed problems may be reported.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from microskills.registry import rules

from tests.conftest import CATALOGUES, load_expect, materialise, validate_json

POSITIVE = sorted(p for p in (CATALOGUES / "positive").iterdir() if p.is_dir())
NEGATIVE = sorted(p for p in (CATALOGUES / "negative").iterdir() if p.is_dir())


def test_cases_exist() -> None:
    assert len(POSITIVE) >= 1
    assert len(NEGATIVE) >= 20


def test_base_catalogue_is_clean(tmp_path: Path) -> None:
    code, problems, output = validate_json(materialise(None, tmp_path / "c"))
    assert (code, problems) == (0, []), output


@pytest.mark.parametrize("case", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive(case: Path, tmp_path: Path) -> None:
    code, problems, output = validate_json(materialise(case, tmp_path / "c"), "--strict")
    assert problems == []
    assert code == 0, output


def _matches(problem: dict[str, Any], expected: dict[str, Any]) -> bool:
    if problem["rule"] != expected["rule"]:
        return False
    if "file" in expected and problem["file"] != expected["file"]:
        return False
    if "line" in expected and problem["line"] != expected["line"]:
        return False
    if "severity" in expected and problem["severity"] != expected["severity"]:
        return False
    for key in ("message", "hint"):
        wanted = expected.get(f"{key}_contains")
        if wanted and wanted not in (problem.get(key) or ""):
            return False
    return True


@pytest.mark.parametrize("case", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative(case: Path, tmp_path: Path) -> None:
    expect = load_expect(case)
    assert expect.get("problems"), f"{case.name}/expect.yaml lists no problems"
    root = materialise(case, tmp_path / "c")
    started = time.monotonic()
    code, problems, output = validate_json(root, *(["--facts"] if expect.get("facts") else []))
    elapsed = time.monotonic() - started
    assert "Traceback" not in output
    assert code == expect.get("exit_code", 1), output
    assert elapsed <= expect.get("max_seconds", 30), f"validation took {elapsed:.1f} s"
    for expected in expect["problems"]:
        assert any(_matches(p, expected) for p in problems), f"expected {expected} among:\n" + "\n".join(
            str(p) for p in problems
        )
    if expect.get("exhaustive"):  # nothing else may be reported: no follow-on errors, no noise
        unexpected = [p for p in problems if not any(_matches(p, e) for e in expect["problems"])]
        assert not unexpected, "unexpected:\n" + "\n".join(str(p) for p in unexpected)
    for problem in problems:
        assert problem["file"], problem
        assert problem["message"], problem
        # Every problem carries a rule the rule table (and the rules page) knows.
        assert rules.lookup(problem["rule"]) is not None, problem
