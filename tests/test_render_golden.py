"""Golden files: one rendered page of each kind, compared byte for byte.

When a template change is intended, regenerate with `make golden` (pytest --update-golden) and
review the diff of tests/golden/ in the pull request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from microskills.check.pipeline import check
from microskills.site.assemble import render
from microskills.site.render import RenderOptions

from tests.conftest import BASE, TODAY

GOLDEN = Path(__file__).parent / "golden"
PAGES = [
    "skills/sql-select-queries.md",
    "credentials/python-institute-pcap.md",
    "providers/python-institute.md",
    "pathways/junior-data-analyst.md",
]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    result = check(BASE, today=TODAY)
    assert not result.failed()
    return render(result.catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(page: str, rendered: dict[str, bytes], update_golden: bool) -> None:
    golden = GOLDEN / page.replace("/", "__")
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(rendered[page])
    assert golden.exists(), f"missing {golden}: run `make golden`"
    assert rendered[page].decode() == golden.read_text(encoding="utf-8")
