"""The engine seam is real: the generated tree builds with Zensical (Material for MkDocs'
successor, which reads the same mkdocs.yml), every entry page exists and carries its content, and
the search index is built for it as for MkDocs."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from microskills.check.pipeline import check
from microskills.registry.kinds import KIND_FOLDER

from tests.conftest import TODAY, TODAY_ARG, build_project, make_project, materialise

pytestmark = pytest.mark.slow


def test_the_generated_tree_builds_with_zensical(tmp_path: Path) -> None:
    catalogue = materialise(None, tmp_path / "catalogue")
    project = make_project(tmp_path / "project")
    proc = build_project(catalogue, project, "--engine", "zensical", "--today", TODAY_ARG)
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    entries = list(check(catalogue, today=TODAY).catalogue.entries())
    assert entries
    for entry in entries:
        page = site / KIND_FOLDER[entry.kind] / entry.id / "index.html"
        assert page.is_file(), page
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert entry.name in text, entry.id
        assert "Last verified" in text or "last verified" in text.lower(), entry.id
    # The search index does not depend on the engine: Pagefind indexes the generator's stub pages.
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / ".microskills-output").is_file()
