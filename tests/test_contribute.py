"""The contributor's path end to end: the documented walk-through with the documented example,
the Quality report, and in Chromium the entry page's Edit / Report links and the Quality page."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from microskills.check.linkdata import LinkResult
from microskills.check.pipeline import check
from microskills.core import gfm
from microskills.site import contribute
from microskills.site.sections.quality import build_report, entry_flags, markdown

from tests.conftest import (
    REAL_CATALOGUE,
    REAL_TODAY,
    REPO,
    TODAY,
    TODAY_ARG,
    build_project,
    make_project,
    materialise,
    run_cli,
    serve,
)
from tests.test_site_browser import axe_violations

DOCS = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
EXAMPLE_ID = "google-data-analytics-professional-certificate"
STALE_SKILL = "sql-select-queries"
DEAD_URL = "https://www.postgresql.org/docs/current/sql-select.html"
REPO_PATH = "/microskills-catalogue/microskills-catalogue.github.io"


def _example() -> str:
    match = re.search(r"## A complete example.*?```yaml\n(.*?)```", DOCS, re.DOTALL)
    assert match, "docs/contributing.md has no complete example"
    return match.group(1)


@pytest.mark.slow
def test_the_documented_walk_through_works_with_the_documented_example(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(REAL_CATALOGUE, root)
    target = root / "credentials" / f"{EXAMPLE_ID}.yaml"
    target.unlink()  # as if the example were not in the catalogue yet
    today = ["--today", REAL_TODAY.isoformat()]
    proc = run_cli("new", "credential", EXAMPLE_ID, *today, cwd=tmp_path)
    documented = re.search(r"\$ microskills new credential " + EXAMPLE_ID + r"\n\s*(Created .*)\n", DOCS)
    assert documented and proc.stdout.strip() == documented.group(1), proc.stdout + proc.stderr
    assert "microskills validate" in proc.stdout
    unfilled = run_cli("validate", *today, cwd=tmp_path)
    assert unfilled.returncode == 1 and f"credentials/{EXAMPLE_ID}.yaml" in unfilled.stdout
    target.write_text(_example(), encoding="utf-8")  # "fill it in"
    proc = run_cli("validate", "--strict", *today, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "No problems found.\n", proc.stdout
    proc = run_cli("fmt", "--check", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert run_cli("fmt", cwd=tmp_path).returncode == 0
    # The example is a real entry of the catalogue.
    assert yaml.safe_load(_example())["id"] == EXAMPLE_ID
    assert (REAL_CATALOGUE / "credentials" / f"{EXAMPLE_ID}.yaml").exists()


def test_the_contributing_page_links_to_the_schema_reference() -> None:
    for kind in ("skill", "credential", "provider", "pathway"):
        assert f"](reference/{kind}.md)" in DOCS
    assert "microskills new" in DOCS and "microskills fmt --check" in DOCS and "--changed" in DOCS


def _stale_catalogue(root: Path) -> Path:
    materialise(None, root)
    path = root / "skills" / f"{STALE_SKILL}.yaml"
    path.write_text(re.sub(r"last_verified: .*", "last_verified: 2025-10-01", path.read_text()))
    links = {DEAD_URL: {"status": "dead", "checked": "2026-11-30T03:00:00Z", "code": 404, "reason": "HTTP 404"}}
    (root / "link-check.json").write_text(json.dumps({"results": links}))
    return root


def test_quality_report_lists_stale_entries_and_dead_links(tmp_path: Path) -> None:
    root = _stale_catalogue(tmp_path / "catalogue")
    catalogue = check(root, today=TODAY).catalogue
    links = {DEAD_URL: LinkResult(DEAD_URL, "dead", "2026-11-30T03:00:00Z", 404, reason="HTTP 404")}
    report = build_report(catalogue, links, TODAY)
    assert [(row.entry.id, row.days) for row in report.stale] == [(STALE_SKILL, 426)]
    assert [row.result.url for row in report.dead] == [DEAD_URL]
    assert [e.id for e in report.dead[0].entries] == [STALE_SKILL]
    assert report.unchecked == report.urls - 1
    skill = catalogue.skills[STALE_SKILL]
    assert [f.kind for f in entry_flags(skill, links, TODAY)] == ["stale", "dead-link"]
    assert entry_flags(skill, {}, dt.date(2026, 1, 1)) == []
    text = markdown(report, contribute.RepoLinks())
    assert "## Possibly out of date: over 365 days (1)" in text
    assert f"/edit/main/catalogue/skills/{STALE_SKILL}.yaml" in text and "<!-- findings: 2 -->" in text
    proc = run_cli(
        "quality-report", str(root), "--today", TODAY_ARG, "--config", str(REPO / "mkdocs.yml"), cwd=tmp_path
    )
    assert proc.returncode == 0 and gfm.code(DEAD_URL) in proc.stdout  # the address, inert (no auto-link)


@pytest.fixture(scope="module")
def stale_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base catalogue with one stale skill whose source was found dead, built (not --strict)."""
    work = tmp_path_factory.mktemp("stale-site")
    root = _stale_catalogue(work / "catalogue")
    project = make_project(work / "project")
    proc = build_project(root, project, "--today", TODAY_ARG)
    assert proc.returncode == 0, proc.stderr
    yield from serve(project / "site")


@pytest.fixture
def github(chromium: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose requests to github.com are answered locally and recorded (no other origin is reached)."""
    context = chromium.new_context()
    page = context.new_page()
    opened: list[str] = []

    def fulfil(route: Any) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>GitHub</title><h1>stub</h1>")

    page.route("https://github.com/**", fulfil)
    yield page, opened
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_edit_and_report_links_open_the_right_places(github: tuple[Any, list[str]], stale_site: str) -> None:
    page, opened = github
    entry_url = stale_site + f"skills/{STALE_SKILL}/"
    page.goto(entry_url)
    page.get_by_role("link", name="Edit this entry").click()
    page.wait_for_url("https://github.com/**")
    edit = urlparse(page.url)
    assert edit.path == f"{REPO_PATH}/edit/main/catalogue/skills/{STALE_SKILL}.yaml"
    assert (REPO / "catalogue" / "skills" / f"{STALE_SKILL}.yaml").exists()  # the file it edits is real
    page.goto(entry_url)
    page.get_by_role("link", name="Report a problem").click()
    page.wait_for_url("https://github.com/**")
    report = urlparse(page.url)
    assert report.path == f"{REPO_PATH}/issues/new"
    query = parse_qs(report.query)
    assert query["template"] == ["correction.yml"]
    assert query["entry"] == [f"skill/{STALE_SKILL}"]
    assert query["page"] == [f"https://microskills-catalogue.github.io/skills/{STALE_SKILL}/"]
    assert query["title"] == [f"Correction: skill/{STALE_SKILL}"]
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "correction.yml").read_text())
    fields = {item.get("id") for item in form["body"]}
    assert set(query) - {"template", "title"} <= fields  # every filled-in value has a form field
    assert len(opened) == 2


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stale_and_dead_link_flags_and_the_quality_page(chromium: Any, stale_site: str, scheme: str) -> None:
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(stale_site + f"skills/{STALE_SKILL}/")
    stale = page.locator(".ms-flag--stale")
    assert stale.is_visible() and "2025-10-01" in stale.inner_text() and "426 days" in stale.inner_text()
    dead = page.locator(".ms-flag--dead-link")
    assert dead.is_visible() and DEAD_URL in dead.inner_text() and "2026-11-30" in dead.inner_text()
    assert stale.bounding_box()["y"] < 844  # in the first screen
    assert axe_violations(page) == []
    page.goto(stale_site + "quality/")
    row = page.locator("table.ms-quality-table tr", has=page.locator(f"a[href$='skills/{STALE_SKILL}/']")).first
    assert row.is_visible()
    assert "2025-10-01" in row.inner_text() and "426" in row.inner_text()
    edit = row.locator("a", has_text="Edit")
    assert edit.get_attribute("href", timeout=5000).endswith(f"/edit/main/catalogue/skills/{STALE_SKILL}.yaml")
    links = page.locator("tr.ms-link--dead")
    assert links.count() == 1 and DEAD_URL in links.inner_text() and "2026-11-30" in links.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    row.locator(f"a[href$='skills/{STALE_SKILL}/']").click()
    page.wait_for_url(f"**/skills/{STALE_SKILL}/")
    context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_quality_page_of_the_bundled_catalogue(chromium: Any, real_site_url: str) -> None:
    page = chromium.new_page()
    page.goto(real_site_url + "quality/")
    assert page.locator("h1").inner_text() == "Quality"
    assert "Entries by days since they were last verified" in page.locator("article").inner_text()
    assert axe_violations(page) == []
    page.goto(real_site_url + "credentials/python-institute-pcap/")
    edit = page.get_by_role("link", name="Edit this entry")
    assert edit.get_attribute("href").endswith("/edit/main/catalogue/credentials/python-institute-pcap.yaml")
    page.close()
