"""Lint stage: whole-catalogue quality rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from microskills.check.lint import check_language_tag
from microskills.check.pipeline import check
from microskills.model.problems import Severity

from tests.conftest import BASE, TODAY


@pytest.mark.parametrize("tag", ["en", "pt-BR", "zh-Hant", "es-419", "fil"])
def test_real_language_tags(tag: str) -> None:
    assert check_language_tag(tag) is None


@pytest.mark.parametrize("tag", ["xx", "en-XX", "zh-Abcd"])
def test_unreal_language_tags(tag: str) -> None:
    assert check_language_tag(tag) is not None


def test_staleness_warns_then_errors(catalogue_dir: Path) -> None:
    one_and_a_half_years = TODAY + dt.timedelta(days=550)
    [warning] = [p for p in check(catalogue_dir, today=one_and_a_half_years).problems if p.rule == "stale"][:1]
    assert warning.severity is Severity.WARNING
    three_years = TODAY + dt.timedelta(days=1100)
    errors = [p for p in check(catalogue_dir, today=three_years).problems if p.rule == "stale"]
    assert errors and all(p.severity is Severity.ERROR for p in errors)


def test_orphan_skill_and_unused_provider(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    skill = (BASE / "skills" / "sql-select-queries.yaml").read_text()
    write(
        "skills/lonely-skill.yaml",
        skill.replace("id: sql-select-queries", "id: lonely-skill").replace(
            "name: Write SQL SELECT queries", "name: A lonely skill"
        ),
    )
    provider = (BASE / "providers" / "google.yaml").read_text()
    write(
        "providers/lonely-provider.yaml",
        provider.replace("id: google", "id: lonely-provider")
        .replace("name: Google", "name: Lonely provider")
        .replace("url: https://grow.google/certificates/", "url: https://example.org/"),
    )
    rules = {(p.rule, Path(p.file).name) for p in check(catalogue_dir, today=TODAY).problems}
    assert ("skill.orphan", "lonely-skill.yaml") in rules
    assert ("provider.unused", "lonely-provider.yaml") in rules


def test_near_duplicate_names(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    skill = (BASE / "skills" / "sql-select-queries.yaml").read_text()
    write(
        "skills/sql-queries-again.yaml",
        skill.replace("id: sql-select-queries", "id: sql-queries-again").replace(
            "name: Write SQL SELECT queries", "name: write sql select-queries!"
        ),
    )
    problems = [p for p in check(catalogue_dir, today=TODAY).problems if p.rule == "name.duplicate"]
    # Both are told, each naming the other (a pull request adding one hears it on its own file).
    named = {(Path(p.file).stem, p.message.split("`")[1]) for p in problems}
    assert named == {("sql-queries-again", "sql-select-queries"), ("sql-select-queries", "sql-queries-again")}


def test_bidi_controls_are_errors(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    skill = (BASE / "skills" / "sql-select-queries.yaml").read_text()
    write("skills/sql-select-queries.yaml", skill.replace("Retrieve, filter", "Retrieve\u202e, filter"))
    [problem] = [p for p in check(catalogue_dir, today=TODAY).problems if p.rule == "text.unsafe-characters"]
    assert "U+202E" in problem.message
    assert problem.line == 4


def test_base_is_clean() -> None:
    assert check(BASE, today=TODAY).problems == []
