"""The published site in real headless Chromium: search, accessibility (axe), no third-party
requests, reading with JavaScript off, keyboard use, dark mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
PAGES = [
    "",
    "skills/",
    "credentials/",
    "providers/",
    "pathways/",
    "categories/",
    "downloads/",
    "about/",
    "credentials/python-institute-pcap/",
    "skills/python-classes-objects/",
    "providers/python-institute/",
    "pathways/python-developer/",
    "categories/data-analysis/",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run `make test`, which installs it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, real_site_url: str) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.foreign_requests = []
    origin = urlparse(real_site_url).netloc
    page.on(
        "request",
        lambda r: (
            page.foreign_requests.append(r.url)
            if urlparse(r.url).netloc != origin and not r.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    yield page
    context.close()


def axe_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {resultTypes: ['violations']})""")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(page: Any, real_site_url: str, path: str) -> None:
    page.goto(real_site_url + path)
    assert axe_violations(page) == []
    assert page.foreign_requests == []


@pytest.mark.parametrize("path", ["", "credentials/python-institute-pcap/", "pathways/python-developer/"])
def test_no_accessibility_violations_in_dark_mode(browser: Any, real_site_url: str, path: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(real_site_url + path)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert axe_violations(page) == []
    context.close()


def test_search_finds_an_entry_from_any_page(page: Any, real_site_url: str) -> None:
    page.goto(real_site_url + "providers/python-institute/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type("PCAP")
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=15_000)
    assert "python-institute-pcap" in (result.get_attribute("href") or "")
    assert page.foreign_requests == []


def test_reading_works_with_javascript_off(browser: Any, real_site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real_site_url + "credentials/python-institute-pcap/")
    assert page.locator("h1").inner_text().startswith("PCAP")
    assert page.locator("dl.ms-facts").is_visible()
    page.locator("a", has_text="OpenEDG Python Institute").first.click()
    assert page.url.endswith("/providers/python-institute/")
    assert page.locator("table.ms-table").is_visible()
    context.close()


def test_keyboard_skip_link_reaches_content(page: Any, real_site_url: str) -> None:
    page.goto(real_site_url + "credentials/python-institute-pcap/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused.lower().startswith("skip to content")
    page.keyboard.press("Enter")
    assert page.url.endswith("#") or "#" in page.url


def test_pathway_shows_map_and_totals(page: Any, real_site_url: str) -> None:
    page.goto(real_site_url + "pathways/python-developer/")
    stages = page.locator("ol.ms-pathway > li.ms-stage")
    assert stages.count() >= 3
    assert page.locator("table.ms-totals").is_visible()
    assert "Cheapest route" in page.locator("table.ms-totals").inner_text()
