"""`microskills fmt` and `microskills new`: canonical layout with comments kept, never a data
change, and a scaffold that validates once its empty values are filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from microskills.check.safeyaml import ParseError, parse_yaml
from microskills.tools.fmt import fold_positions, format_text, kind_of

from tests.conftest import BASE, REAL_CATALOGUE, TODAY_ARG, materialise, run_cli, validate_json

MESSY = """\
# yaml-language-server: $schema=../../generator/microskills/schemas/skill.schema.json
# A comment at the top stays at the top.
name: "Write SQL SELECT queries"   # why this name
id: sql-select-queries
last_verified: '2026-11-21'
statement: Retrieve, filter, sort, join and aggregate rows from relational tables with SQL SELECT statements to
  answer questions.
category: data-analysis
description: "Using SELECT with WHERE, ORDER BY, JOIN, GROUP BY and aggregate functions to answer questions from
  data held in a relational database."
# sources come last in the schema
sources:
- https://www.postgresql.org/docs/current/sql-select.html
skill_type: 'skill'
"""


def test_keys_follow_the_schema_and_comments_stay() -> None:
    out = format_text(MESSY, "skill")
    keys = re.findall(r"^([a-z_]+):", out, re.MULTILINE)
    assert keys == ["id", "name", "statement", "description", "category", "skill_type", "sources", "last_verified"]
    assert out.startswith(
        "# yaml-language-server: $schema=../../generator/microskills/schemas/skill.schema.json\n# A comment"
    )
    assert re.search(r"^name: Write SQL SELECT queries +# why this name\n", out, re.MULTILINE)
    # A comment line belongs to the key above it (ruamel's rule): it moves with that key.
    assert "data held in a relational database.\n\n# sources come last in the schema\ncategory:" in out
    assert "last_verified: 2026-11-21\n" in out  # quotes that YAML does not need are dropped
    assert "skill_type: skill\n" in out
    assert "  - https://www.postgresql.org/docs/current/sql-select.html\n" in out
    assert parse_yaml(out) == parse_yaml(MESSY)  # same data
    assert format_text(out, "skill") == out  # idempotent


def test_long_prose_is_folded_and_lines_are_not() -> None:
    out = format_text(MESSY, "skill")
    assert "description: >-\n  Using SELECT with WHERE" in out
    assert all(len(line) <= 100 for line in out.splitlines() if not line.lstrip().startswith(("-", "#")))
    text = "word " * 50 + "end"
    positions = fold_positions(text, 40)
    assert positions and all(text[p] == " " for p in positions)
    assert fold_positions("two  spaces", 4) is None  # folding would change the text


def test_text_with_line_breaks_becomes_a_literal_block() -> None:
    source = 'id: x\nname: X\ndescription: "First paragraph.\\n\\n- a list item\\n- another"\n'
    out = format_text(source, "skill")
    assert "description: |-\n  First paragraph.\n\n  - a list item\n  - another\n" in out
    assert parse_yaml(out) == parse_yaml(source)


def test_strings_that_need_quotes_keep_them() -> None:
    source = "id: x\nname: 'NO'\ndescription: 'yes: really'\ntags: ['123', 'true', null-ish]\n"
    out = format_text(source, "skill")
    assert parse_yaml(out) == parse_yaml(source)
    assert "description: 'yes: really'" in out and "'123'" in out and "'true'" in out


def test_hostile_files_are_refused_not_formatted() -> None:
    with pytest.raises(ParseError):
        format_text("id: x\nid: y\n", "skill")  # duplicate keys: the safe parser says no
    with pytest.raises(ParseError):
        format_text("a: &x [1]\nb: *x\n", "skill")


def test_the_bundled_catalogues_are_formatted() -> None:
    for root in (BASE, REAL_CATALOGUE):
        for path in sorted(root.rglob("*.yaml")):
            kind = kind_of(path)
            if kind is None:
                continue
            text = path.read_text(encoding="utf-8")
            assert format_text(text, kind) == text, f"{path}: run `microskills fmt`"


def test_fmt_command_check_and_write(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    target = root / "skills" / "sql-select-queries.yaml"
    target.write_text(MESSY)
    proc = run_cli("fmt", "--check", "catalogue", cwd=tmp_path)
    assert proc.returncode == 1
    assert "would reformat catalogue/skills/sql-select-queries.yaml" in proc.stdout
    assert target.read_text() == MESSY  # --check writes nothing
    proc = run_cli("fmt", "catalogue/skills/sql-select-queries.yaml", cwd=tmp_path)
    assert proc.returncode == 0 and "reformatted" in proc.stdout
    assert run_cli("fmt", "--check", "catalogue", cwd=tmp_path).returncode == 0
    target.write_text("id: x\nid: y\n")
    proc = run_cli("fmt", "catalogue", cwd=tmp_path)
    assert proc.returncode == 1 and "yaml.duplicate-key" in proc.stderr and "Traceback" not in proc.stderr
    assert target.read_text() == "id: x\nid: y\n"


def test_new_writes_every_required_field_and_refuses_to_overwrite(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    proc = run_cli("new", "credential", "example-new-credential", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = root / "credentials" / "example-new-credential.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# (optional) Exam or product code the provider uses, e.g. AZ-900.\n# code: ''\n" in text
    assert "last_verified: 2026-12-01\n" in text
    assert run_cli("fmt", "--check", str(path), cwd=tmp_path).returncode == 0  # already canonical
    # Validation names each required field still to fill in.
    code, problems, _ = validate_json(root)
    assert code == 1
    assert {p["json_path"] for p in problems if p["file"].endswith("example-new-credential.yaml")} >= {
        "$.name",
        "$.description",
        "$.type",
        "$.provider",
        "$.url",
        "$.skills",
    }
    again = run_cli("new", "credential", "example-new-credential", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == text
    bad = run_cli("new", "skill", "Not_An_Id", cwd=tmp_path)
    assert bad.returncode == 1 and "not a valid id" in bad.stderr


def test_schema_line_points_at_the_repository_schema(tmp_path: Path) -> None:
    from microskills.tools.scaffold import schema_reference

    inside = REAL_CATALOGUE / "skills" / "not-created.yaml"
    assert schema_reference(inside, "skill") == "../../generator/microskills/schemas/skill.schema.json"
    elsewhere = tmp_path / "other" / "skills" / "x.yaml"
    elsewhere.parent.mkdir(parents=True)
    assert schema_reference(elsewhere, "skill") == "https://microskills-catalogue.github.io/schemas/skill.schema.json"
