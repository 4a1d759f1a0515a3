"""The skills audit (issue 24) driven as a reader would, in real headless Chromium on the real
catalogue: a job ad finds its skills and none of the false ones, the words that matched are
highlighted, a skill is removed and another added, "I need these" and "I have these" open the
planner with the skills' ids; the pasted text never leaves the page (every request, the
addresses and both storages are recorded); phone and desktop layout; JavaScript off; axe. The
matcher without a page is node:test's (tests/js/skill-audit.test.mjs)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from microskills.check.pipeline import check
from microskills.model import Catalogue

from tests.conftest import REAL_CATALOGUE, REAL_TODAY, new_page
from tests.test_site_browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: A job ad's words for three catalogue skills, and the false matches issue 24 names.
JOB_AD = (
    "We are hiring a data analyst. You write SQL and Python every day, and know Excel pivot tables. "
    "You are an excellent go-getter with R&D experience, strong social skills and some JavaScript."
)
#: The skills it names (exact matches), in the order it names them.
NAMED = ["sql", "python-computer-programming", "excel-pivot-tables", "javascript"]
MARKED = ["SQL", "Python", "Excel pivot tables", "JavaScript"]
#: Words that must never be taken for a skill.
FALSE = ["excellent", "go", "go-getter", "R", "R&D", "social", "Java", "analyst"]
#: A string no catalogue data holds: wherever it turns up, the pasted text has leaked.
MARKER = "qzx7marker41jv"


@pytest.fixture(scope="module")
def real() -> Catalogue:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


def covering_pathways(catalogue: Catalogue, skills: list[str]) -> list[tuple[str, int]]:
    """Pathways by how many of `skills` they have (in a stage, or taught by a credential in one),
    counting a skill as had when a skill within it is; ties by name, as the planner lists them."""

    def within(skill_id: str) -> set[str]:
        found, todo = {skill_id}, [skill_id]
        while todo:
            for narrower in catalogue.skills[todo.pop()].narrower:
                if narrower not in found:
                    found.add(narrower)
                    todo.append(narrower)
        return found

    rows = []
    for pathway in sorted(catalogue.pathways.values(), key=lambda p: (p.name.casefold(), p.id)):
        has = set()
        for stage in pathway.stages:
            for item in stage.items:
                has |= {item.id} if item.kind == "skill" else set(catalogue.credentials[item.id].skills)
        count = sum(1 for skill in skills if within(skill) & has)
        if count:
            rows.append((pathway.name, count))
    return sorted(rows, key=lambda row: -row[1])


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    page = new_page(chromium, viewport={"width": 1280, "height": 800})
    yield page
    assert page.errors == []
    page.context.close()


def ready(page: Any) -> None:
    page.wait_for_selector("#ms-audit[data-state=ready], #ms-audit[data-state=failed]", timeout=15_000)
    assert page.get_attribute("#ms-audit", "data-state") == "ready"


def analyse(page: Any, text: str) -> None:
    page.fill("#ms-audit-text", text)
    page.locator("#ms-audit button[type=submit]").click()
    page.wait_for_selector("#ms-audit[data-state=done]")


def chosen(page: Any) -> list[str]:
    return page.locator(".ms-audit__skills:not(.ms-audit__skills--inferred) > li").evaluate_all(
        "items => items.map(i => i.dataset.skill)"
    )


def planned(page: Any) -> None:
    page.wait_for_selector("#ms-planner[data-state=done], #ms-planner[data-state=failed]", timeout=15_000)
    assert page.get_attribute("#ms-planner", "data-state") == "done"


def test_a_job_ad_finds_its_skills_and_no_false_ones(page: Any, real_site_url: str, real: Catalogue) -> None:
    page.goto(real_site_url + "audit/")
    ready(page)
    analyse(page, JOB_AD)
    assert chosen(page) == NAMED
    assert page.locator(".ms-audit__text mark.ms-audit__mark--chosen").all_inner_texts() == MARKED
    # Every chosen skill says how it matched and its category.
    facts = page.locator(".ms-audit__skills > li .ms-audit__facts").all_inner_texts()
    assert facts[0] == "Data analysis · exact · matched “SQL”"
    # The skills within them are inferred, listed apart and not chosen.
    page.locator(".ms-audit__more summary").click()
    inferred = page.locator(".ms-audit__skills--inferred > li")
    inferred.first.wait_for()
    assert inferred.count() > 10
    assert set(inferred.evaluate_all("items => items.map(i => i.dataset.match)")) == {"inferred"}
    words = json.dumps(page.locator(".ms-audit__facts").all_inner_texts())
    for false in FALSE:
        assert f"“{false}”" not in words
    # From the job ad alone: the pathways that cover most of what it names.
    listed = page.locator(".ms-audit__cover ol").first.locator("li").all()
    shown = [(li.locator("a").inner_text(), li.locator(".ms-audit__facts").inner_text().split(":")[0]) for li in listed]
    assert shown == [(name, f"has {count} of {len(NAMED)}") for name, count in covering_pathways(real, NAMED)[:5]]
    assert page.locator(".ms-audit__cover ol").nth(1).locator("li").count() >= 1


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}])
def test_from_a_job_ad_and_a_cv_to_the_gap_in_the_planner(chromium: Any, real_site_url: str, viewport: Any) -> None:
    page = new_page(chromium, viewport=viewport)
    page.goto(real_site_url + "audit/")
    ready(page)
    # The text box is in the first screen, and nothing scrolls sideways.
    box = page.locator("#ms-audit-text").bounding_box()
    assert box is not None and box["y"] + box["height"] <= viewport["height"]
    analyse(page, JOB_AD)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Remove one (the keyboard stays in the list), add one the text missed by its name.
    page.locator('.ms-audit__skills > li[data-skill="javascript"] button').click()
    assert chosen(page) == NAMED[:3]
    assert "JavaScript" not in page.locator(".ms-audit__text mark.ms-audit__mark--chosen").all_inner_texts()
    page.fill("#ms-audit-add", "Build an interactive report in Power BI")
    page.keyboard.press("Enter")
    assert chosen(page) == [*NAMED[:3], "power-bi-reports"]
    assert page.locator('li[data-skill="power-bi-reports"]').get_attribute("data-match") == "added"
    # An inferred one can be chosen too.
    page.locator(".ms-audit__more summary").click()
    page.locator('.ms-audit__skills--inferred li[data-skill="sql-select-queries"] button').click()
    assert chosen(page) == [*NAMED[:3], "sql-select-queries", "power-bi-reports"]
    page.locator("button[data-use=want]").click()
    planned(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["goal"] == ["skills"]
    assert query["want"] == [*NAMED[:3], "sql-select-queries", "power-bi-reports"]
    assert "have" not in query
    assert page.locator("[data-chips=want] .ms-chip__name").count() == 5
    # Back on the audit, a CV gives what you have; the planner gets both: the gap.
    page.go_back()
    ready(page)
    assert "5 skills you need" in page.locator(".ms-audit__kept").inner_text()
    analyse(page, "Data analyst since 2019: SQL every day, reports in Excel pivot tables.")
    page.locator("button[data-use=have]").click()
    planned(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["want"] == [*NAMED[:3], "sql-select-queries", "power-bi-reports"]
    assert query["have"] == ["sql", "excel-pivot-tables"]
    assert page.locator("[data-chips=have] .ms-chip__name").count() == 2
    assert page.errors == []
    page.context.close()


def test_the_pasted_text_never_leaves_the_browser(chromium: Any, real_site_url: str) -> None:
    """Issue 24, part 3: a marked text, pasted, analysed, edited and taken to the planner, is in
    no request (address or body), in neither page's address, in no storage and in no cookie."""
    context = chromium.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.method + " " + r.url + " " + (r.post_data or "")))
    page = context.new_page()
    page.goto(real_site_url + "audit/")
    ready(page)
    text = f"{MARKER} {JOB_AD} {MARKER}"
    analyse(page, text)
    assert chosen(page) == NAMED
    page.locator('.ms-audit__skills > li[data-skill="javascript"] button').click()
    page.fill("#ms-audit-add", "Write SQL SELECT queries")
    page.keyboard.press("Enter")
    seen = []

    def record() -> None:
        seen.append(page.url)
        seen.append(page.evaluate("JSON.stringify(Object.assign({}, localStorage))"))
        seen.append(page.evaluate("JSON.stringify(Object.assign({}, sessionStorage))"))
        seen.append(page.evaluate("document.cookie"))
        seen.append(page.evaluate("JSON.stringify(history.state)"))
        seen.append(json.dumps(page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")))

    record()
    page.locator("button[data-use=want]").click()
    planned(page)
    record()
    page.go_back()
    ready(page)
    record()
    seen.append(json.dumps([c["value"] for c in context.cookies()]))
    assert len(requests) > 5
    assert [r for r in requests if MARKER in r] == []
    assert [s for s in seen if MARKER in s] == []
    context.close()


def test_without_javascript_the_audit_explains_itself(chromium: Any, real_site_url: str) -> None:
    page = new_page(chromium, java_script_enabled=False)
    page.goto(real_site_url + "audit/")
    note = page.locator("#ms-audit .ms-needs-js")
    assert note.is_visible()
    assert "needs JavaScript" in note.inner_text()
    assert "never leaves this browser" in page.locator(".ms-audit__privacy").inner_text()
    assert not page.locator(".ms-audit__form").is_visible()
    note.locator("a", has_text="planner").first.click()
    assert page.url.endswith("/plan/")
    page.context.close()


def test_home_planner_and_pathway_pages_link_to_the_audit(page: Any, real_site_url: str) -> None:
    for path in ["", "plan/", "pathways/data-scientist/"]:
        page.goto(real_site_url + path)
        assert page.locator('article a[href$="audit/"]').count() >= 1, path
    page.locator('article a[href$="audit/"]').first.click()
    ready(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_audit_is_accessible(chromium: Any, real_site_url: str, scheme: str) -> None:
    page = new_page(chromium, color_scheme=scheme)
    page.goto(real_site_url + "audit/")
    ready(page)
    analyse(page, JOB_AD)
    page.locator(".ms-audit__more summary").click()
    assert axe_violations(page) == []
    page.context.close()
