"""My skills profile (issue 24 part 4) and the planner's "from the job ad" tags (part 2), driven
as a reader would in real headless Chromium on the real catalogue: from the planner's "what you
have" to the profile, whose skills show their category, ESCO concept and evidence; the JSON
download validates against its schema, the text download has every skill; printing hides the
site's chrome; phone and desktop layout; axe in light and dark; JavaScript off. The profile
without a page is node:test's (tests/js/skills-profile.test.mjs) and tests/test_profile.py's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from microskills.check.pipeline import check
from microskills.model import Catalogue

from tests.conftest import REAL_CATALOGUE, REAL_TODAY, new_page
from tests.test_audit_browser import JOB_AD, NAMED, analyse, planned, ready
from tests.test_profile import validator
from tests.test_site_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HAVE = ["sql", "excel-pivot-tables", "machine-learning"]
HELD = ["python-institute-pcep"]
PLANNER = "plan/?" + "&".join([*(f"have={s}" for s in HAVE), *(f"held={c}" for c in HELD)])
VIEWPORTS = [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]


@pytest.fixture(scope="module")
def real() -> Catalogue:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


@pytest.fixture
def page(chromium: Any, real_site_url: str) -> Iterator[Any]:
    page = new_page(chromium, real_site_url, viewport={"width": 1280, "height": 800}, accept_downloads=True)
    yield page
    assert page.errors == []
    assert page.foreign == []
    page.context.close()


def profiled(page: Any) -> None:
    page.wait_for_selector("#ms-profile[data-state=done], #ms-profile[data-state=failed]", timeout=15_000)
    assert page.get_attribute("#ms-profile", "data-state") == "done"


def expected_skills(catalogue: Catalogue) -> set[str]:
    return set(HAVE) | {s for c in HELD for s in catalogue.credentials[c].skills}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_from_the_planner_to_the_profile(chromium: Any, real_site_url: str, real: Catalogue, viewport: Any) -> None:
    page = new_page(chromium, real_site_url, viewport=viewport)
    page.goto(real_site_url + "plan/")
    planned(page)
    assert not page.locator(".ms-planner__profile").is_visible()  # nothing marked yet
    page.goto(real_site_url + PLANNER)
    planned(page)
    page.locator(".ms-planner__profile a", has_text="My skills profile").click()
    profiled(page)
    assert parse_qs(urlparse(page.url).query) == {"have": HAVE, "held": HELD}
    skills = page.locator(".ms-profile__skill")
    assert set(skills.evaluate_all("items => items.map(i => i.dataset.skill)")) == expected_skills(real)
    # The first skill is in the first screen; nothing scrolls sideways.
    box = skills.first.bounding_box()
    assert box is not None and box["y"] < viewport["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Each skill: its category (the heading above it), its ESCO concept, how it is had, the evidence.
    for skill_id in [*HAVE, "python-core-data-structures"]:
        model = real.skills[skill_id]
        item = page.locator(f'.ms-profile__skill[data-skill="{skill_id}"]')
        heading = item.evaluate("li => li.closest('ul').previousElementSibling.textContent")
        assert heading == real.categories[model.category].name
        assert item.locator(".ms-profile__name a").inner_text() == model.name
        esco = item.locator(".ms-profile__esco")
        if model.esco is None:
            assert esco.inner_text() == "ESCO: no concept recorded"
        else:
            assert esco.locator("a").get_attribute("href") == model.esco.uri
            assert model.esco.uri in esco.inner_text()
        teachers = [c for c in real.credentials.values() if skill_id in c.skills]
        evidence = item.locator(".ms-profile__evidence")
        if not teachers:
            assert "No credential in the catalogue" in evidence.inner_text()
        else:
            links = evidence.locator('a[href*="/credentials/"]')
            assert links.count() == min(5, len(teachers))
            assert {a.rsplit("/", 2)[-2] for a in links.evaluate_all("as => as.map(a => a.href)")} <= {
                c.id for c in teachers
            }
            if len(teachers) > 5:
                assert f"{len(teachers) - 5} more" in evidence.inner_text()
    how = page.locator('.ms-profile__skill[data-skill="python-core-data-structures"] .ms-profile__how')
    assert how.inner_text() == "Through your credential " + real.credentials["python-institute-pcep"].name
    # Back to the planner with the same holdings.
    page.locator("a[data-edit]").click()
    planned(page)
    assert parse_qs(urlparse(page.url).query) == {"have": HAVE, "held": HELD}
    assert page.errors == [] and page.foreign == []
    page.context.close()


def test_the_downloads_are_made_in_the_page(page: Any, real_site_url: str, real: Catalogue, tmp_path: Path) -> None:
    page.goto(real_site_url + PLANNER.replace("plan/", "profile/"))
    profiled(page)
    with page.expect_download() as info:
        page.locator("button[data-download=json]").click()
    download = info.value
    assert download.suggested_filename == "skills-profile.json"
    assert download.url.startswith("blob:")
    document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert sorted(validator().iter_errors(document), key=str) == []
    assert {skill["id"] for skill in document["skills"]} == expected_skills(real)
    assert document["address"] == page.url
    assert document["catalogue"]["url"] == real_site_url
    with page.expect_download() as info:
        page.locator("button[data-download=text]").click()
    assert info.value.suggested_filename == "skills-profile.txt"
    text = Path(info.value.path()).read_text(encoding="utf-8")
    lines = text.splitlines()
    for skill_id in expected_skills(real):
        assert f"- {real.skills[skill_id].name}" in lines
    assert real.categories[real.skills["sql"].category].name in lines
    assert lines[-2:] == ["Credentials", "- " + real.credentials["python-institute-pcep"].name]
    assert page.locator(".ms-profile__status").inner_text() == "Downloaded skills-profile.txt."


def test_printed_it_is_the_profile_without_the_site_around_it(page: Any, real_site_url: str) -> None:
    page.goto(real_site_url + PLANNER.replace("plan/", "profile/"))
    profiled(page)
    chrome = [
        ".md-header",
        ".md-tabs",
        ".md-footer",
        ".ms-header-search__input",
        ".ms-profile__actions",
        ".ms-profile__format",
    ]
    for selector in [*chrome, ".ms-profile__result"]:
        assert page.locator(selector).first.is_visible(), selector
    page.emulate_media(media="print")
    for selector in chrome:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("button:visible, input:visible").count() == 0
    assert page.locator(".ms-profile__skill").first.is_visible()
    assert page.locator("h1").inner_text() == "My skills profile"
    # The address, which a printed link cannot give, is printed.
    assert page.locator(".ms-profile .ms-print-only").inner_text() == page.url
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_an_empty_profile_says_where_to_start(page: Any, real_site_url: str) -> None:
    page.goto(real_site_url + "profile/?have=no-such-skill")
    profiled(page)
    result = page.locator(".ms-profile__result")
    assert "Nothing marked yet" in result.inner_text()
    assert "1 item of this address is no longer in the catalogue" in result.inner_text()
    assert page.locator("button[data-download=json]").is_disabled()
    result.locator("a", has_text="skills-gap planner").click()
    planned(page)


def test_without_javascript_the_profile_explains_itself(chromium: Any, real_site_url: str) -> None:
    page = new_page(chromium, real_site_url, java_script_enabled=False)
    page.goto(real_site_url + PLANNER.replace("plan/", "profile/"))
    note = page.locator("#ms-profile .ms-needs-js")
    assert note.is_visible()
    assert "needs JavaScript" in note.inner_text()
    assert not page.locator(".ms-profile__actions").is_visible()
    assert page.locator("#the-downloads").is_visible()  # the format is documented all the same
    note.locator("a", has_text="skills by category").click()
    assert page.url.endswith("/skills/")
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_profile_is_accessible(chromium: Any, real_site_url: str, scheme: str) -> None:
    page = new_page(chromium, real_site_url, color_scheme=scheme)
    page.goto(real_site_url + PLANNER.replace("plan/", "profile/"))
    profiled(page)
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert axe_violations(page) == []
    page.context.close()


def test_the_planner_tags_the_skills_from_the_job_ad(page: Any, real_site_url: str) -> None:
    """Issue 24 part 2: "I need these" from the audit; the planner says which wanted skills came
    from the ad, in its address as a count (`ad`), never the text; skills added in the planner are
    not tagged, and removing one of the ad's keeps the others tagged."""
    page.goto(real_site_url + "audit/")
    ready(page)
    analyse(page, JOB_AD)
    page.locator("button[data-use=want]").click()
    planned(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["want"] == NAMED and query["ad"] == [str(len(NAMED))]
    chips = page.locator("[data-chips=want] .ms-chip")
    assert chips.count() == len(NAMED)
    assert chips.locator(".ms-tag--ad").all_inner_texts() == ["from the job ad"] * len(NAMED)
    assert page.locator(".ms-pathway--plan .ms-item .ms-tag--ad").count() == len(NAMED)
    page.fill("#ms-plan-want", "Build an interactive report in Power BI")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('want').length === 5")
    assert chips.count() == len(NAMED) + 1
    assert chips.last.locator(".ms-tag--ad").count() == 0
    page.locator(f'[data-chips=want] button[data-id="{NAMED[0]}"]').click()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('want').length === 4")
    query = parse_qs(urlparse(page.url).query)
    assert query["want"] == [*NAMED[1:], "power-bi-reports"] and query["ad"] == [str(len(NAMED) - 1)]
    assert chips.locator(".ms-tag--ad").count() == len(NAMED) - 1
    assert chips.last.locator(".ms-tag--ad").count() == 0
    # Reloaded, the address alone says the same.
    page.reload()
    planned(page)
    assert page.locator("[data-chips=want] .ms-tag--ad").count() == len(NAMED) - 1
