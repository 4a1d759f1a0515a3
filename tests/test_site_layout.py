"""The site on a phone and by keyboard (issue 13), in real Chromium at 390×844 and 1280×800:
no page scrolls sideways, results come first on a phone, filters keep the keyboard's place and
show where it is, "Show more" appears only when there is more, Back steps through filter
states, and skip links land on the content."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_site_browser import axe_violations, open_filters, wait_for_search

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
#: One page of every type.
PAGE_TYPES = [
    "",
    "search/?q=aws",
    "skills/",
    "credentials/",
    "providers/",
    "pathways/",
    "categories/",
    "categories/cybersecurity/",
    "credentials/aws-certified-cloud-practitioner/",
    "credentials/uol-pgcert-cyber-security/",
    "skills/sql-select-queries/",
    "providers/university-of-helsinki/",
    "pathways/data-scientist/",
    "reference/",
    "reference/credential/",
    "downloads/",
    "contributing/",
    "about/",
    "404.html",
]


@pytest.fixture
def browse(chromium: Any, real_site_url: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(path: str, viewport: dict[str, int], **options: Any) -> Any:
        context = chromium.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(real_site_url + path)
        if path.startswith("search/") and options.get("java_script_enabled", True):
            wait_for_search(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways(browse: Any, viewport: dict[str, int]) -> None:
    wide = {}
    for path in PAGE_TYPES:
        page = browse(path, viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide[path] = width
        page.context.close()
    assert wide == {}


def test_the_first_result_is_in_the_first_screen_on_a_phone(browse: Any) -> None:
    page = browse("search/?q=aws", PHONE)
    box = page.locator(".ms-result").first.bounding_box()
    assert box is not None and box["y"] + 40 < PHONE["height"], box
    count = page.locator(".ms-explore__status").bounding_box()
    assert count is not None and count["y"] < box["y"]


@pytest.mark.parametrize("path", ["search/?Kind=Credential", "search/?q=python&Cost=Free&sort=cost:asc"])
def test_a_filtered_visit_on_a_phone_shows_results_first(browse: Any, path: str) -> None:
    """Issue 23: any filter opened the panel above the results and pushed the first one
    2,100-2,600 px down; the home page's "Explore credentials" link landed there."""
    page = browse(path, PHONE)
    box = page.locator(".ms-result").first.bounding_box()
    assert box is not None and box["y"] + 40 < PHONE["height"], box
    assert page.locator(".ms-explore__filters").get_attribute("open") is None
    chosen = path.count("=") - path.count("q=") - path.count("sort=")
    assert page.inner_text(".ms-explore__filters > summary") == f"Filters ({chosen} chosen)"
    # On a wide screen the same address shows its filters beside the results.
    wide = browse(path, DESKTOP)
    assert wide.locator(".ms-explore__filters").get_attribute("open") is not None
    assert wide.locator(".ms-explore__facets input:checked").count() == chosen


def test_without_javascript_explore_says_so_first(browse: Any) -> None:
    """Issue 23: with JavaScript off a dead search form came first and the notice was off-screen."""
    page = browse("search/", PHONE, java_script_enabled=False)
    notice = page.locator("p.ms-note", has_text="Search needs JavaScript")
    box = notice.bounding_box()
    form = page.locator(".ms-explore__form").bounding_box()
    assert box is not None and form is not None and box["y"] < form["y"]
    assert box["y"] + box["height"] < PHONE["height"], "the notice is in the first screen"
    assert notice.locator("a").count() >= 4, "links to the lists that work without JavaScript"


def test_filters_fold_away_and_open_on_demand(browse: Any) -> None:
    page = browse("search/?q=aws", PHONE)
    assert not page.locator(".ms-explore__facets input").count(), "no filter list before it is asked for"
    open_filters(page)
    assert page.locator("input[name=Kind][value=Credential]").count() == 1


def test_a_toggled_filter_keeps_focus_and_shows_it(browse: Any) -> None:
    page = browse("search/?q=python", DESKTOP)
    open_filters(page)
    box = page.locator("input[name=Kind][value=Credential]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => document.location.search.includes('Kind=Credential')")
    wait_for_search(page)
    focused = page.evaluate("document.activeElement.id")
    assert focused == box.get_attribute("id")
    assert page.evaluate("document.activeElement.checked")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert outline != "none" and width >= 2


def test_show_more_only_when_there_is_more(browse: Any) -> None:
    page = browse("search/", DESKTOP)
    assert page.locator(".ms-explore__more").is_hidden(), "the empty page"
    page = browse("search/?q=zzqqxxnothing", DESKTOP)
    assert page.inner_text(".ms-explore__status") == "No entries match."
    assert page.locator(".ms-explore__more").is_hidden(), "no match"
    page = browse("search/?q=kubernetes", DESKTOP)
    total = int(page.inner_text(".ms-explore__status").split()[0])
    assert total > 10
    more = page.locator(".ms-explore__more")
    while more.is_visible():
        shown = page.locator(".ms-result").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.ms-result').length > {shown}")
    assert page.locator(".ms-result").count() == total, "every result shown, then the button goes"


def test_no_match_keeps_the_filters_and_suggests_a_way_out(browse: Any) -> None:
    page = browse("search/?q=python&Kind=Pathway&Level=Expert", DESKTOP)
    assert page.inner_text(".ms-explore__status") == "No entries match."
    assert page.locator("input[name=Kind][value=Pathway]").is_checked(), "the chosen filters stay on screen"
    page.get_by_role("button", name="Remove filter Level: Expert").click()
    page.wait_for_function("() => !document.location.search.includes('Level=')")
    wait_for_search(page)
    assert page.inner_text(".ms-explore__status") != "No entries match."


def test_back_restores_the_previous_filter_state(browse: Any) -> None:
    page = browse("search/?q=python", DESKTOP)
    open_filters(page)
    page.locator("input[name=Kind][value=Credential]").check()
    page.wait_for_function("() => document.location.search.includes('Kind=Credential')")
    wait_for_search(page)
    credentials = page.inner_text(".ms-explore__status")
    page.locator("input[name=Cost][value=Free]").check()
    page.wait_for_function("() => document.location.search.includes('Cost=Free')")
    wait_for_search(page)
    assert page.inner_text(".ms-explore__status") != credentials
    page.go_back()
    page.wait_for_function("() => !document.location.search.includes('Cost=Free')")
    wait_for_search(page)
    assert "search/" in page.url and "Kind=Credential" in page.url
    assert page.inner_text(".ms-explore__status") == credentials
    assert page.locator("input[name=Kind][value=Credential]").is_checked()
    assert not page.locator("input[name=Cost][value=Free]").is_checked()


def test_sorting_keeps_every_kind_and_labels_entries_without_a_figure(browse: Any) -> None:
    page = browse("search/?q=aws", DESKTOP)
    unsorted = page.inner_text(".ms-explore__status")
    page = browse("search/?q=aws&sort=cost:asc", DESKTOP)
    assert page.inner_text(".ms-explore__status") == unsorted, "sorting drops nothing"
    more = page.locator(".ms-explore__more")
    while not page.locator(".ms-result-group").count() and more.is_visible():
        shown = page.locator(".ms-result").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.ms-result').length > {shown}")
    heading = page.locator(".ms-result-group").first
    assert heading.is_visible() and "by name" in heading.inner_text()
    prices = page.locator(".ms-result").evaluate_all(
        "items => items.map(li => li.querySelector('.ms-result__detail')?.textContent || '')"
    )
    assert prices[0].endswith("Free") or "USD" in prices[0]


def test_keyboard_reaches_the_first_result_quickly(browse: Any) -> None:
    page = browse("search/?q=aws", DESKTOP)
    presses = 0
    while presses < 40 and not page.evaluate("document.activeElement.classList.contains('ms-result__title')"):
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.classList.contains('ms-skip-results')"):
            page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('ms-result__title')")
    assert presses <= 20, presses


def test_skip_to_content_lands_on_a_credentials_key_facts(browse: Any) -> None:
    page = browse("credentials/aws-certified-cloud-practitioner/", DESKTOP)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()").lower().startswith("skip to content")
    page.keyboard.press("Enter")
    assert page.url.endswith("#key-facts")
    heading = page.locator("#key-facts")
    assert heading.inner_text().startswith("Key facts")
    after = page.evaluate("document.getElementById('key-facts').nextElementSibling.tagName")
    assert after == "DL", "the facts come right after the heading"


def test_home_routes_three_kinds_of_visitor_and_the_header_title_fits(browse: Any) -> None:
    page = browse("", PHONE)
    titles = page.locator(".ms-start__title").all_inner_texts()
    assert len(titles) == 3
    title = page.locator(".md-header__title .md-ellipsis").first
    assert title.evaluate("node => node.scrollWidth <= node.clientWidth"), "the site name is not cut off"
    assert page.locator("ul.ms-counts > li").first.evaluate("li => getComputedStyle(li).listStyleType") == "none"


@pytest.mark.parametrize(
    "path", ["search/?q=aws", "credentials/", "reference/credential/", "404.html", "", "contributing/", "quality/"]
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_redesigned_pages_are_accessible(browse: Any, path: str, scheme: str) -> None:
    page = browse(path, PHONE, color_scheme=scheme)
    if path.startswith("search/"):
        open_filters(page)
    assert axe_violations(page) == []
