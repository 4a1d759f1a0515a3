"""Validate stage: schema problems in a newcomer's words, located precisely."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from microskills.check.validate import validate_data
from microskills.registry.schemas import KIND_SCHEMAS, load_schemas

from tests.conftest import BASE


def _entry(kind: str, name: str) -> dict[str, Any]:
    data = yaml.safe_load((BASE / f"{kind}s" / f"{name}.yaml").read_text())
    return json.loads(json.dumps(data, default=str))


def test_schemas_are_valid_2020_12_with_ids() -> None:
    for name, schema in load_schemas().items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"].endswith("/" + name)


def test_every_kind_has_a_schema() -> None:
    assert set(KIND_SCHEMAS) == {"skill", "credential", "provider", "pathway", "categories", "source-policy"}


def test_valid_entry_has_no_problems() -> None:
    assert validate_data("credential", _entry("credential", "python-institute-pcap"), "f.yaml") == []


def test_unknown_field_points_at_the_key_with_a_hint() -> None:
    data = _entry("credential", "python-institute-pcap")
    data["skils"] = ["x"]
    [problem] = validate_data("credential", data, "f.yaml")
    assert problem.rule == "schema.unknown-field"
    assert problem.path == ("skils",)
    assert problem.hint == "did you mean `skills`?"


def test_every_missing_field_is_reported() -> None:
    problems = validate_data("skill", {"id": "x"}, "f.yaml")
    missing = sorted(p.message for p in problems if p.rule == "schema.required")
    assert len(missing) == 7
    assert "missing required field `statement`" in missing


def test_type_error_names_expected_and_actual() -> None:
    data = _entry("credential", "python-institute-pcap")
    data["validity_months"] = "three years"
    [problem] = validate_data("credential", data, "f.yaml")
    assert problem.rule == "schema.type"
    assert "whole number" in problem.message and "three years" in problem.message


def test_long_values_are_clipped_in_messages() -> None:
    data = _entry("skill", "sql-select-queries")
    data["name"] = "x" * 1_000_000
    [problem] = validate_data("skill", data, "f.yaml")
    assert problem.rule == "schema.maxLength"
    assert len(problem.message) < 200


def test_cost_needs_free_or_amount() -> None:
    data = _entry("credential", "python-institute-pcap")
    data["cost"] = {"billing": "one-time"}
    [problem] = validate_data("credential", data, "f.yaml")
    assert "free: true" in problem.message


def test_amount_needs_currency() -> None:
    data = _entry("credential", "python-institute-pcap")
    data["cost"] = {"amount": 59}
    [problem] = validate_data("credential", data, "f.yaml")
    assert problem.message == "`amount` needs `currency` too"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "ftp://x.org/"])
def test_only_http_urls(url: str) -> None:
    data = _entry("provider", "google")
    data["url"] = url
    [problem] = validate_data("provider", data, "f.yaml")
    assert problem.rule == "schema.pattern"
    assert problem.path == ("url",)


def test_count_only_with_at_least() -> None:
    data = _entry("pathway", "junior-data-analyst")
    data["stages"][0]["count"] = 2
    [problem] = validate_data("pathway", data, "f.yaml")
    assert "count" in problem.message
    assert problem.path == ("stages", 0)


def test_stage_item_must_name_one_kind() -> None:
    data = _entry("pathway", "junior-data-analyst")
    data["stages"][0]["items"][0] = {"skill": "a", "credential": "b"}
    [problem] = validate_data("pathway", data, "f.yaml")
    assert "one line" in problem.message


def test_duplicate_list_items_are_pointed_at() -> None:
    data = _entry("credential", "python-institute-pcap")
    data["skills"].append(data["skills"][0])
    [problem] = validate_data("credential", data, "f.yaml")
    assert problem.rule == "schema.unique"
    assert problem.path == ("skills", len(data["skills"]) - 1)


def test_bundled_schemas_match_files(tmp_path: Path) -> None:
    folder = Path(__file__).resolve().parents[1] / "generator" / "microskills" / "schemas"
    assert {p.name for p in folder.glob("*.json")} == set(load_schemas())


@pytest.mark.parametrize("kind", ["skill", "credential", "provider", "pathway"])
def test_check_jsonschema_accepts_the_schemas_and_real_entries(kind: str, tmp_path: Path) -> None:
    """The annotated schemas still work in the tools contributors use (check-jsonschema here; the
    same files serve yaml-language-server), refs resolved from the schema folder, no network."""
    import shutil
    import subprocess
    import sys

    from tests.conftest import REPO

    schema = REPO / "generator" / "microskills" / "schemas" / f"{kind}.schema.json"
    folder = REPO / "catalogue" / f"{kind}s"
    files = sorted(folder.glob("*.yaml"))[:40]
    command = [str(Path(sys.executable).parent / "check-jsonschema"), "--base-uri", schema.as_uri(), "--schemafile",
               str(schema), *map(str, files)]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = tmp_path / "broken.yaml"
    shutil.copy(files[0], broken)
    broken.write_text(broken.read_text() + "not_a_field: 1\n")
    proc = subprocess.run([*command[:5], str(broken)], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1 and "not_a_field" in proc.stdout
