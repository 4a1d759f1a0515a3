"""Smoke tests of the benchmark tools: the synthetic catalogue generator and the side-by-side runner.

They check that the scripts are correct (deterministic, clean data, every row with its target),
not how fast anything is: the sizes are tiny.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from benchmarks import kit, synth
from tests.conftest import REPO, TODAY, TODAY_ARG, build_project, make_project, validate_json

T = TypeVar("T")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_synth_is_deterministic(tmp_path: Path) -> None:
    first = synth.generate(300, tmp_path / "a", seed=7, today=TODAY)
    second = synth.generate(300, tmp_path / "b", seed=7, today=TODAY)
    assert first == second
    assert sum(first.values()) == 300
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    synth.generate(300, tmp_path / "c", seed=8, today=TODAY)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_synth_regenerates_in_place_and_never_overwrites_other_folders(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    synth.generate(120, out, today=TODAY)
    synth.generate(60, out, today=TODAY)
    assert sum(len(list((out / folder).glob("*.yaml"))) for folder in synth.KIND_FOLDERS) == 60
    real = tmp_path / "real"
    (real / "skills").mkdir(parents=True)
    (real / "skills" / "keep.yaml").write_text("id: keep\n")
    with pytest.raises(FileExistsError):
        synth.generate(60, real, today=TODAY)
    assert (real / "skills" / "keep.yaml").exists()


def test_synth_catalogue_is_clean_and_realistic(tmp_path: Path) -> None:
    root = tmp_path / "synthetic"
    counts = synth.generate(400, root, today=TODAY)
    code, problems, output = validate_json(root, "--strict")
    assert (code, problems) == (0, []), output
    assert counts["skills"] > counts["providers"] and counts["credentials"] > counts["providers"]
    assert 0.02 <= counts["providers"] / 400 <= 0.05
    assert 0.05 <= counts["pathways"] / 400 <= 0.10
    assert (root / "categories.yaml").read_bytes() == (REPO / "catalogue" / "categories.yaml").read_bytes()
    credentials = [yaml.safe_load(p.read_text()) for p in sorted((root / "credentials").glob("*.yaml"))]
    assert all(2 <= len(c["skills"]) <= 8 for c in credentials)
    assert any(c.get("stacks_into") for c in credentials) and any(c.get("prerequisites") for c in credentials)
    pathways = [yaml.safe_load(p.read_text()) for p in sorted((root / "pathways").glob("*.yaml"))]
    assert all(2 <= len(p["stages"]) <= 6 for p in pathways)
    assert {s["rule"] for p in pathways for s in p["stages"]} == {"all", "any", "at-least"}
    assert all(c["name"].startswith("Synthetic ") for c in credentials)


def test_synth_command_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "synth.py"), "--entries", "50", "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Wrote 50 entries" in proc.stdout
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "synth.py"), "--entries", "3", "--out", str(tmp_path / "t")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2 and "at least" in proc.stderr


ROW_RE = re.compile(r"^\| (?P<key>[a-k])\. (?P<measurement>[^|]+)\|(?P<cells>.*)\|$")


@pytest.mark.slow
def test_run_quick_prints_every_row_with_its_target(tmp_path: Path) -> None:
    results, raw = tmp_path / "results.md", tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--entries",
            "200",
            "--runs",
            "1",
            "--quick",
            "--no-browser",
            "--today",
            TODAY_ARG,
            "--results",
            str(results),
            "--json",
            str(raw),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "CI": "1", "TMPDIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    table = results.read_text(encoding="utf-8")
    assert proc.stdout.strip() == table.strip()
    assert "| measurement | ours | alternative | ratio | target | met? |" in table
    assert "Machine:" in table and "Python" in table and "mkdocs-material" in table
    rows: dict[str, list[list[str]]] = {}
    for line in table.splitlines():
        match = ROW_RE.match(line)
        if match:
            cells = [c.strip() for c in match["cells"].split("|")]
            rows.setdefault(match["key"], []).append(cells)
    assert sorted(rows) == list("abcdefghij")  # k (time to the first plan) is measured in a browser
    for key, found in rows.items():
        targeted = [cells for cells in found if cells[3].startswith("≤")]
        assert len(targeted) == 1, (key, found)
        ours, _alternative, _ratio, _target, met = targeted[0]
        assert ours and met in ("yes", "**no**"), (key, targeted)
    data = json.loads(raw.read_text(encoding="utf-8"))
    assert data["entries"] == 200 and data["machine"]["cores"]
    assert {row["key"] for row in data["rows"]} == set("abcdefghij")
    assert not list(tmp_path.glob("microskills-bench-*"))


def synthetic_site(tmp_path: Path, entries: int) -> Path:
    """A synthetic catalogue of `entries` entries built into `tmp_path / "site"`, which it returns."""
    synth.generate(entries, tmp_path / "catalogue", today=TODAY)
    proc = build_project(tmp_path / "catalogue", make_project(tmp_path), "--today", TODAY_ARG, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "site"


def in_own_thread(measure: Callable[..., T], *args: Any) -> T:
    """Run a benchmark's measurement on a thread of its own. Each starts Playwright's sync API,
    which refuses to start on a thread where another is running, and a worker that already ran a
    browser test holds the session's `chromium` fixture open on its main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(measure, *args).result()


@pytest.mark.browser
@pytest.mark.slow
def test_search_payload_is_measured_in_chromium(tmp_path: Path) -> None:
    """Row f counts every request of a visit to Explore (the page, its styles and scripts, the
    search index), compressed as a host serves them, and a plain query fetches no filter index."""
    site = synthetic_site(tmp_path, 60)
    payload = in_own_thread(kit.search_payload_browser, site)
    assert payload["method"].startswith("headless Chromium")
    assert payload["seconds_to_first_result"] is not None
    urls = [r["url"] for r in payload["all_requests"]]
    assert "/search/" in urls and any(u.endswith(".css") for u in urls) and any("/pagefind/" in u for u in urls)
    assert not any("/pagefind-facets/" in u for u in urls), "a one-word query needs no filter index"
    assert 0 < payload["bytes"] < payload["uncompressed_bytes"]
    assert payload["bytes"] == sum(r["transfer_bytes"] for r in payload["all_requests"])


@pytest.mark.browser
@pytest.mark.slow
def test_planner_benchmark_measures_size_and_first_plan(tmp_path: Path) -> None:
    from benchmarks import planner

    site = synthetic_site(tmp_path, 120)
    result = in_own_thread(planner.measure, site, 1)
    assert 0 < result["planner_gzip_bytes"] < result["catalogue_gzip_bytes"]
    assert result["address"].startswith("/plan/?pathway=pathway-") and "&have=skill-" in result["address"]
    assert 0 < result["planner_ms"][0] <= result["first_plan_ms"][0]
    # The reader waits on the loading note for part of the planner's time, never longer.
    assert 0 <= result["waiting_ms"][0] <= result["planner_ms"][0]
    assert result["fetch_parse_catalogue_ms"][0] > 0 and result["plain_page_ms"][0] > 0
    keys = [row.key for row in planner.rows(result, 120)]
    assert keys == ["j", "k"]
    table = kit.markdown_table(planner.rows(result, 120))
    assert table.count("≤") == 2 and "catalogue.json" in table


@pytest.mark.browser
@pytest.mark.slow
def test_audit_benchmark_measures_size_and_analysis(tmp_path: Path) -> None:
    from benchmarks import audit

    site = synthetic_site(tmp_path, 120)
    text = audit.job_ad(site)
    assert audit.WORDS <= len(text.split()) < audit.WORDS + 40
    result = in_own_thread(audit.measure, site, 1)
    assert 0 < result["audit_bytes"] < result["planner_bytes"]
    assert 0 < result["matched_ms"][0] <= result["drawn_ms"][0]
    assert result["skills_chosen"][0] > 0
    keys = [row.key for row in audit.rows(result, 120)]
    assert keys == ["m", "n"]
    table = kit.markdown_table(audit.rows(result, 120))
    assert table.count("≤") == 2 and "audit.json" in table


def test_esco_import_benchmark_prints_ours_beside_the_alternative() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "esco_import.py"), "--quick", "--sample", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith(("| g.", "| h."))]
    assert len(rows) == 4 and all(line.count("|") == 5 for line in rows)
    assert "difflib" in rows[0] and "proposed" in proc.stdout
