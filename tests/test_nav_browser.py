"""The top tabs (navigation.tabs) light the tab each page belongs to: Stats and Compare are not Plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The page, and the tab a reader expects lit on it.
ACTIVE_TAB = {
    "stats/": "Stats",
    "compare/": "Credentials",
    "credentials/": "Credentials",
    "plan/": "Plan",
    "audit/": "Plan",
    "glossary/": "About",
    "quality/": "Quality",
}


@pytest.fixture(scope="module")
def base_site_url(base_site: Path) -> Iterator[str]:
    yield from serve(base_site)


@pytest.mark.parametrize("path", sorted(ACTIVE_TAB))
def test_each_page_lights_its_own_tab(chromium: Any, base_site_url: str, path: str) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 800})  # wide enough to show the tabs
    page.goto(base_site_url + path)
    active = page.locator(".md-tabs__item--active")
    assert active.count() == 1
    assert active.is_visible()
    assert active.inner_text().strip() == ACTIVE_TAB[path]
    page.close()
