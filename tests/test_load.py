"""Load stage: safe YAML parsing, limits and positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from microskills.check import safeyaml
from microskills.check.load import load_catalogue, positions
from microskills.check.safeyaml import MAX_DEPTH, ParseError, parse_yaml


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
    assert f"{MAX_DEPTH} levels" in caught.value.message and caught.value.line == 1
    parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n")


@pytest.mark.parametrize("style", ["flow", "block"])
def test_our_depth_limit_trips_first_on_moderate_nesting(style: str) -> None:
    """Seventeen levels: far below any parser's own limit, so this is our counter speaking."""
    depth = MAX_DEPTH + 1
    if style == "flow":
        text = "a: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "a:\n" + "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "- x\n"
    with pytest.raises(ParseError) as caught:
        parse_yaml(text)
    assert (caught.value.rule, caught.value.line) == ("yaml.too-deep", 1 if style == "flow" else depth)
    assert f"{MAX_DEPTH} levels" in caught.value.message


@pytest.mark.parametrize("level", ["flow", "block"])
def test_the_parsers_own_depth_limit_is_our_rule(level: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml >= 0.2.5 (PyYAML >= 6.0.2) stops at its own depth while scanning ahead of the
    events we count. Whichever parser is installed, that error must read as our rule, at its line."""
    import yaml

    class DeepParser:
        def __init__(self, text: str) -> None:
            pass

        def get_event(self) -> None:
            mark = yaml.Mark("<unicode string>", 0, 1000, 1999, None, None)
            raise yaml.scanner.ScannerError(
                f"while increasing {level} level", mark, "exceeded maximum nesting depth", mark
            )

        def dispose(self) -> None:
            pass

    monkeypatch.setattr(safeyaml, "_Parser", DeepParser)
    with pytest.raises(ParseError) as caught:
        parse_yaml("a: b\n")
    assert (caught.value.rule, caught.value.line, caught.value.column) == ("yaml.too-deep", 1001, 2000)
    assert f"{MAX_DEPTH} levels" in caught.value.message


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
    assert rules == ["file.extension", "file.stray"]
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
