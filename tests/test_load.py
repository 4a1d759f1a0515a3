"""Load stage: safe YAML parsing, limits and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import MAX_DEPTH, ParseError, load_catalogue, parse_yaml, positions


def test_core_schema_keeps_norway_and_dates_as_text() -> None:
    data = parse_yaml("country: NO\nanswer: yes\nday: 2026-11-21\nn: 3\nx: 1.5\nok: true\nnothing:\n")
    assert data == {
        "country": "NO",
        "answer": "yes",
        "day": "2026-11-21",
        "n": 3,
        "x": 1.5,
        "ok": True,
        "nothing": None,
    }


def test_quoted_scalars_stay_text() -> None:
    assert parse_yaml("a: '3'\nb: \"true\"\n") == {"a": "3", "b": "true"}


def test_keys_stay_as_written() -> None:
    assert parse_yaml("yes: 1\n2: b\n") == {"yes": 1, "2": "b"}


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml.duplicate-key", 3),
        ("a: &x [1]\nb: *x\n", "yaml.alias", 1),
        ("a: !!python/object/apply:os.system ['true']\n", "yaml.tag", 1),
        ("a:\n\tb: 1\n", "yaml.syntax", 2),
        ("", "yaml.empty", 1),
        ("a: 1\n---\nb: 2\n", "yaml.multiple-documents", 2),
        ("? [a]\n: 1\n", "yaml.key", 1),
        ("a: [\n", "yaml.syntax", 2),
    ],
)
def test_rejected_with_position(text: str, rule: str, line: int) -> None:
    with pytest.raises(ParseError) as caught:
        parse_yaml(text)
    assert caught.value.rule == rule
    assert caught.value.line == line


def test_tab_gets_a_hint() -> None:
    with pytest.raises(ParseError) as caught:
        parse_yaml("a:\n\tb: 1\n")
    assert caught.value.hint is not None and "tabs" in caught.value.hint


def test_nesting_is_capped_without_recursion() -> None:
    with pytest.raises(ParseError) as caught:
        parse_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert caught.value.rule == "yaml.too-deep"
    parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")


def test_positions_of_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nskills:\n  - a\n  - b\nlevel:\n  eqf: 4\n")
    found = positions(path)
    assert found[("id",)] == (1, 1)
    assert found[("skills",)] == (2, 1)
    assert found[("skills", 1)] == (4, 5)
    assert found[("level", "eqf")] == (6, 3)


def test_load_catalogue_reports_files_that_do_not_belong(tmp_path: Path) -> None:
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills" / "a.yml").write_text("id: a\n")
    (tmp_path / "skills" / "notes.txt").write_text("hello")
    (tmp_path / "categories.yaml").write_text("categories: []\n")
    result = load_catalogue(tmp_path)
    rules = sorted(p.rule for p in result.problems)
    assert rules == ["file.extension", "file.unexpected"]
    assert result.entries == []


def test_missing_catalogue_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = load_catalogue(tmp_path / "nowhere")
    assert [p.rule for p in result.problems] == ["catalogue.missing"]


def test_parallel_and_serial_loading_agree(tmp_path: Path) -> None:
    folder = tmp_path / "skills"
    folder.mkdir()
    for i in range(450):
        (folder / f"s{i}.yaml").write_text(f"id: s{i}\nname: Skill {i}\n")
    (folder / "bad.yaml").write_text("a: 1\na: 2\n")
    serial = load_catalogue(tmp_path, jobs=1)
    parallel = load_catalogue(tmp_path, jobs=2)
    assert [e.data for e in serial.entries] == [e.data for e in parallel.entries]
    assert serial.problems == parallel.problems
