"""The Quality page states what it knows: a link nobody checked is "not checked yet", never "0 dead"."""

from __future__ import annotations

import html
import re
from pathlib import Path

from microskills.check.linkdata import LinkResult, entry_urls
from microskills.check.pipeline import check
from microskills.model import Catalogue
from microskills.site import assemble
from microskills.site.contribute import RepoLinks
from microskills.site.render import RenderOptions
from microskills.site.sections import quality

from tests.conftest import TODAY, materialise


def _catalogue(tmp_path: Path) -> Catalogue:
    result = check(materialise(None, tmp_path / "catalogue"), today=TODAY)
    assert result.catalogue is not None
    return result.catalogue


def _urls(catalogue: Catalogue) -> list[str]:
    return sorted({url for entry in catalogue.entries() for url in entry_urls(entry.raw)})


def _words(catalogue: Catalogue, links: dict[str, LinkResult]) -> str:
    """The Quality page as a reader sees it: its text, tags dropped, spaces collapsed."""
    renderer = assemble.renderer(catalogue, RenderOptions("https://example.org/", TODAY, RepoLinks(), links))
    page = quality.pages(renderer)["quality/index.md"].decode("utf-8")
    text = re.sub(r"<[^>]+>", " ", page.split("\n---\n", 1)[-1])
    return re.sub(r" ([.,;:)])", r"\1", " ".join(html.unescape(text).split()))


def test_without_link_data_the_page_says_no_check_has_run(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    n = len(_urls(catalogue))
    assert n > 1
    words = _words(catalogue, {})
    assert f"No link check has run yet (not checked yet: {n} links)" in words  # the summary
    assert f"No link check has run yet. Not checked yet: {n} links." in words  # the Links section
    assert "Dead links 0" not in words and "Dead 0" not in words and "Dead (404" not in words
    assert "Working" not in words and "No link problems" not in words and "link-check.json" not in words


def test_with_some_results_the_page_counts_dead_checked_and_not_checked_apart(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    urls = _urls(catalogue)
    dead, working = urls[0], urls[1]
    links = {
        dead: LinkResult(dead, "dead", "2026-11-30T03:00:00Z", 404, reason="HTTP 404"),
        working: LinkResult(working, "ok", "2026-11-30T03:00:00Z", 200),
    }
    words = _words(catalogue, links)
    unchecked = len(urls) - 2
    assert f"Dead links 1 of 2 checked; not checked yet: {unchecked} links" in words
    assert "Other link problems 0 of 2 checked" in words
    assert "Last link check: 2026-11-30." in words
    assert f"Checked 2 links Dead 1 of the 2 checked Not checked yet {unchecked} links" in words
    assert "Dead (404, 410, no such host) 1" in words and "Working 1" in words
    assert f"Not checked yet (no result: neither working nor dead as far as anyone knows) {unchecked}" in words
    assert "No link check has run yet" not in words
    assert dead in words


def test_when_every_checked_link_works_the_unchecked_ones_are_still_named(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    urls = _urls(catalogue)
    links = {urls[0]: LinkResult(urls[0], "ok", "2026-11-30T03:00:00Z", 200)}
    words = _words(catalogue, links)
    assert f"No link problems among the 1 checked link; {len(urls) - 1} not checked yet." in words
    assert f"Dead links 0 of 1 checked; not checked yet: {len(urls) - 1} links" in words
