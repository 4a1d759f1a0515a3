"""What people type for an entry is indexed with weight (issue 23): the stub page Pagefind reads
gives the title and the short names and code their own weighted elements, indexed once, and the
record carries the names for Explore's re-ranking (docs/assets/name-match.js)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from microskills.check.pipeline import check
from microskills.site.search import NAMES_WEIGHT, TITLE_WEIGHT, record, short_names, stub_page

from tests.conftest import REAL_CATALOGUE, REAL_TODAY


@cache
def catalogue() -> Any:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


def test_short_names_and_code_are_indexed_with_weight_and_the_title_weighs_most() -> None:
    real = catalogue()
    ceh = real.credentials["ec-council-ceh"]
    assert short_names(ceh) == ("CEH", "C|EH", "312-50")
    item = record(ceh, real)
    assert json.loads(item.meta["names"]) == ["CEH", "C|EH", "312-50"]
    page = stub_page(item, facets=False).decode()
    assert f'<h1 data-pagefind-weight="{TITLE_WEIGHT}">Certified Ethical Hacker (CEH)</h1>' in page
    assert f'<p data-pagefind-weight="{NAMES_WEIGHT}">C|EH</p>' in page
    assert f'<p data-pagefind-weight="{NAMES_WEIGHT}">312-50</p>' in page
    assert TITLE_WEIGHT > NAMES_WEIGHT > 1
    # indexed once: the plain text no longer repeats the title or a short name
    assert "<p>Certified Ethical Hacker (CEH)</p>" not in page and "<p>CEH</p>" not in page


def test_an_entry_without_short_names_carries_none() -> None:
    real = catalogue()
    skill = next(iter(real.skills.values()))
    assert short_names(skill) == ()
    assert "names" not in record(skill, real).meta
