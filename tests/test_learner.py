"""The learner tools' build-time parts: planner data, compare documents, glossary, stats charts.

The browser side (planner, compare, keyboard, axe) is tests/test_learner_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from microskills.check.pipeline import check
from microskills.model import Catalogue, comparable_facts
from microskills.registry import fields, kinds
from microskills.site import charts
from microskills.site.assemble import render
from microskills.site.render import RenderOptions
from microskills.site.sections import audit_data, learner, stats

from tests.conftest import BASE, CATALOGUES, REAL_CATALOGUE, REAL_TODAY, TODAY, materialise
from tests.test_js_vectors import decoded_by_the_planner, expected_graph


@pytest.fixture(scope="module")
def real() -> Catalogue:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


@pytest.fixture(scope="module")
def base_files() -> dict[str, bytes]:
    result = check(BASE, today=TODAY)
    assert not result.failed()
    return render(result.catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))


# --- planner data: decoded by the planner's own decoder ---------------------------------------------
#
# The decoder is docs/assets/planner-data.js (with front-coding.js); the Python side keeps no copy
# of it. node:test decodes the vectors the generator wrote for test catalogues
# (tests/test_js_vectors.py, `make jstest`); here the real catalogue's data goes through the same
# decoder under Node.js and must be the graph the model says.


@pytest.fixture(scope="module")
def real_graph(real: Catalogue) -> dict[str, Any]:
    return decoded_by_the_planner(learner.planner_data(real, REAL_TODAY))


def test_planner_data_holds_the_whole_graph(real: Catalogue, real_graph: dict[str, Any]) -> None:
    """Every skill, credential (skills, type, hours, weeks, cost: `Credential.cost_status`,
    `sort_cost()`, currency and billing) and pathway (stages, rules, optional, items) survives the
    encoding and the planner's decoding."""
    assert real_graph == expected_graph(real)
    assert [s for s, _ in real_graph["skills"]] == sorted(real.skills)
    assert [c["id"] for c in real_graph["credentials"]] == sorted(real.credentials)


# --- the skills audit's data (issue 24) ---------------------------------------------------------------


def test_tags_name_the_tools_as_the_skill_writes_them(real: Catalogue) -> None:
    """A tag counts as a term where the skill's own name or labels write it with a capital: the
    product or language it names, not a common word; never one of one or two letters, which names
    too much ("Go" the language is not the Neo4j Go driver; R is its skill's own ESCO label)."""
    expect = {
        "power-bi-reports": ["Power BI"],
        "excel-tables": ["Excel"],
        "r-programming-basics": [],
        "neo4j-go-driver": ["Neo4j"],
        "tableau-dashboards": ["Tableau"],
        "aws-iam-policies": ["AWS", "IAM"],
    }
    for skill_id, terms in expect.items():
        assert audit_data.tag_terms(real.skills[skill_id]) == terms, skill_id
    for skill in real.skills.values():
        for term in audit_data.tag_terms(skill):
            assert any(c.isupper() for c in term), (skill.id, term)


def test_audit_data_is_small_and_indexed_as_the_planner_s(real: Catalogue) -> None:
    data = audit_data.audit_data(real, REAL_TODAY)
    planner = learner.planner_data(real, REAL_TODAY)
    assert data["format"] == audit_data.AUDIT_FORMAT
    assert len(data["category"]) == len(data["broader"]) == len(planner["skills"]["id"]) == len(real.skills)
    skills = sorted(real.skills)
    for i, skill_id in enumerate(skills):
        broader = real.skills[skill_id].broader
        assert data["broader"][i] == (skills.index(broader) if broader else -1)
    assert len(json.dumps(data, separators=(",", ":"))) < 80_000


def test_planner_data_is_a_fraction_of_the_catalogue_download(base_files: dict[str, bytes]) -> None:
    planner = base_files[learner.PLANNER_DATA]
    assert json.loads(planner)["format"] == learner.PLANNER_FORMAT
    assert len(planner) * 5 < len(base_files["data/catalogue.json"])


def test_real_pathways_have_a_data_science_target(real_graph: dict[str, Any]) -> None:
    assert "data-scientist" in [p["id"] for p in real_graph["pathways"]]


# --- compare documents ---------------------------------------------------------------------------


def test_compare_document_words_facts_as_the_credential_page_does(real: Catalogue) -> None:
    rows = {row.key for row in learner.compare_rows()}
    for credential in real.credentials.values():
        record = learner.compare_record(credential, real, REAL_TODAY)
        assert set(record["rows"]) == rows
        for fact in comparable_facts():
            row = record["rows"][fact]
            assert row["status"] == credential.fact_status(fact)
            text = "".join(part[0] for part in row["parts"])
            if row["status"] == "unpublished":
                mark = credential.unpublished[fact]
                assert mark.checked in text
                assert text.startswith("Not stated on " if mark.pages else "No published figure found")
            elif row["status"] == "unrecorded":
                assert text == "Not yet recorded"
            else:
                assert text and "Not yet recorded" not in text
            assert [s[0] for s in row["sources"]] == [s.url for s in credential.fact_sources(fact)]
        assert [s for s, _ in record["skills"]] == credential.skills


def test_compare_row_labels_come_from_the_schemas() -> None:
    labels = {row.key: row.label for row in learner.compare_rows()}
    assert labels["type"] == fields.field_info("credential", "type").title
    assert labels["cost"] == learner.fact_labels()["cost"]
    assert labels["languages"] == fields.field_info("credential", "languages").title


def test_every_credential_has_a_compare_document(base_files: dict[str, bytes]) -> None:
    documents = {p for p in base_files if p.startswith("data/compare/")}
    credentials = {p for p in base_files if p.startswith("credentials/") and p != "credentials/index.md"}
    assert {Path(p).stem for p in documents} == {Path(p).stem for p in credentials}


def test_credential_rows_and_pages_offer_compare(base_files: dict[str, bytes]) -> None:
    page = base_files["credentials/python-institute-pcap.md"].decode()
    assert 'data-compare-id="python-institute-pcap"' in page
    table = base_files["skills/python-classes-objects.md"].decode()
    assert '<tr data-compare-id="python-institute-pcap" data-compare-name="PCAP' in table


# --- glossary --------------------------------------------------------------------------------------


def test_glossary_is_every_value_of_the_schema_enums(real: Catalogue) -> None:
    sections = learner.glossary_sections(real)
    for section, (_, name) in zip(sections, learner.GLOSSARY_FIELDS, strict=False):
        assert [e.item for e in section.entries] == list(fields.field_info("credential", name).enum)
    facts = sections[-1]
    assert [e.item.value for e in facts.entries] == list(comparable_facts())
    assert all(e.item.definition for s in sections for e in s.entries)
    values = [e.item.value for s in sections for e in s.entries]
    assert len(values) == len(set(values)), "glossary anchors are enum values: they must be unique"
    by_type = Counter(c.type for c in real.credentials.values())
    assert {e.item.value: e.count for e in sections[0].entries} == {
        item.value: by_type[item.value] for item in fields.field_info("credential", "type").enum
    }


def test_glossary_names_the_standards(base_files: dict[str, bytes]) -> None:
    page = base_files["glossary/index.md"].decode()
    assert '<dt id="micro-credential">Micro-credential</dt>' in page
    assert '<dt id="nanodegree">Nanodegree</dt>' in page
    assert "Standard: EU Council Recommendation on micro-credentials (2022)" in page
    assert "Open Badges 3.0" in page
    headings = re.findall(r"^## (.+)$", page, re.MULTILINE)
    assert headings == [title for title, _ in learner.GLOSSARY_FIELDS] + ["Comparable facts"]
    ids = re.findall(r'<dt id="([^"]+)"', page)
    slugs = {re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-") for h in headings}
    assert not slugs & set(ids), "a heading's anchor would clash with a term's"


def test_entry_labels_link_to_existing_glossary_entries(base_files: dict[str, bytes]) -> None:
    anchors = set(re.findall(r'<dt id="([^"]+)"', base_files["glossary/index.md"].decode()))
    links = []
    for path, content in base_files.items():
        if path.endswith(".md"):
            links += re.findall(r'href="(?:\.\./)*glossary/#([^"]+)"', content.decode())
    assert links and set(links) <= anchors
    page = base_files["credentials/python-institute-pcap.md"].decode()
    assert '<dt>Type</dt><dd><a class="ms-term" href="../../glossary/#certification">Certification</a></dd>' in page


# --- stats -----------------------------------------------------------------------------------------


def test_stats_figures_are_the_models(real: Catalogue) -> None:
    credentials = list(real.credentials.values())
    by_type = stats.by_type(real)
    assert sum(b.values[0] for b in by_type.bars) == len(credentials)
    cost = stats.cost_status(real)
    assert {b.label: b.values[0] for b in cost.bars} == {
        s.value: n for s, n in Counter(c.cost_status for c in credentials).items()
    }
    facts = stats.fact_completeness(real)
    for bar, fact in zip(facts.bars, comparable_facts(), strict=True):
        counts = Counter(c.fact_status(fact) for c in credentials)
        assert bar.values == (counts["filled"], counts["unpublished"], counts["unrecorded"], counts["not_applicable"])
    freshness = stats.freshness(real, REAL_TODAY)
    assert sum(sum(b.values) for b in freshness.bars) == len(real)
    providers = stats.by_provider(real)
    assert sum(b.values[0] for b in providers.bars) == len(credentials)


def _evidence_catalogue(root: Path) -> Catalogue:
    """The base catalogue with costs, exams, sources that say what they support and verification
    dates a user can count by hand (the figures the tests below read)."""
    import yaml

    materialise(None, root)

    def edit(path: str, **changes: Any) -> None:
        file = root / path
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        data.update(changes)
        file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def days_ago(days: int) -> str:
        return (TODAY - dt.timedelta(days=days)).isoformat()

    # Provider's own: pythoninstitute.org (its page's host); a review site is a third party.
    edit(
        "credentials/python-institute-pcap.yaml",
        cost={"amount": 295, "currency": "USD", "billing": "per-attempt"},
        exam={"minutes": 65},
        sources=[
            {"url": "https://pythoninstitute.org/pcap", "supports": ["cost"]},
            {"url": "https://reviews.example.com/pcap", "supports": ["exam_details", "cost"]},
        ],
        last_verified=days_ago(10),
    )
    edit(
        "credentials/python-institute-pcep.yaml",
        cost={"free": False},
        sources=["https://pythoninstitute.org/pcep", {"url": "https://reviews.example.com/pcep", "supports": ["cost"]}],
        last_verified=days_ago(60),
    )
    edit("credentials/python-institute-pcpp1.yaml", last_verified=days_ago(200))  # no cost recorded
    edit("credentials/google-data-analytics-professional-certificate.yaml", cost={"free": True},
         last_verified=days_ago(400))  # fmt: skip
    result = check(root, today=TODAY)
    assert not result.failed(), [p.message for p in result.problems]
    return result.catalogue


def test_stats_cost_exams_evidence_and_freshness(tmp_path: Path) -> None:
    """The figures a curator reads in `microskills stats`, on a catalogue counted by hand."""
    catalogue = _evidence_catalogue(tmp_path / "catalogue")
    # Free (Google's) is left out; PCEP (paid, no price) and PCPP1 (cost not recorded) count.
    assert stats.cost_recorded(catalogue) == {"fee_charging": 3, "with_amount": 1, "share": 0.333, "free": 1}
    exams = stats.certification_exams(catalogue)
    assert (exams["certifications"], exams["exam_minutes"], exams["price_per_attempt"]) == (3, 1, 1)
    assert exams["exam_minutes_share"] == exams["price_per_attempt_share"] == 0.333
    evidence = stats.fact_evidence(catalogue)
    # cost: PCAP (own page and a review), PCEP (only the review), Google (no source says cost).
    assert evidence["cost"] == {"filled": 3, "with_source": 2, "third_party_only": 1, "third_party_only_share": 0.333}
    # exam_details: PCAP's exam length, backed only by the review site.
    assert evidence["exam_details"]["filled"] == 1 and evidence["exam_details"]["third_party_only"] == 1
    verified = stats.verified_within(catalogue, TODAY)
    assert verified["credential"] == {"entries": 4, "30": 1, "90": 2, "365": 3}
    assert verified["total"]["entries"] == len(catalogue)
    others = len(catalogue) - 4  # every other base entry was verified on 2026-11-21, 10 days before TODAY
    assert verified["total"] == {"entries": len(catalogue), "30": 1 + others, "90": 2 + others, "365": 3 + others}

    text = stats.format_stats(stats.completeness(catalogue, TODAY))
    assert "Cost recorded for 1 of 3 fee-charging credentials (33%)" in text
    assert "not counted: 1 free (cost.free: true, or an amount of 0)" in text
    assert re.search(r"exam length \(exam.minutes\) +1 +33%", text)
    assert re.search(r"price per attempt +1 +33%", text)
    assert re.search(r"\n  cost +3 +2 +1 +33%\n", text)
    assert re.search(r"\n  credentials +4 +1 +25% +2 +50% +3 +75%\n", text)


def test_quality_page_counts_entries_verified_recently(tmp_path: Path) -> None:
    catalogue = _evidence_catalogue(tmp_path / "catalogue")
    files = render(catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))
    page = files["quality/index.md"].decode()
    table = page[page.index('<table class="ms-table ms-quality-verified">') :]
    table = table[: table.index("</table>")]
    assert "last verified within 30, 90 or 365 days of the build date" in table
    assert '<th scope="col">Within 30 days</th><th scope="col">Within 90 days</th>' in table
    assert "<tr><td>Credential</td><td>4</td><td>1</td><td>2</td><td>3</td></tr>" in table
    total = len(catalogue)
    assert f"<td><strong>All entries</strong></td><td>{total}</td><td>{total - 3}</td>" in table


def test_every_chart_is_an_svg_with_its_table(real: Catalogue) -> None:
    found = stats.all_charts(real, REAL_TODAY)
    assert {c.id for c in found} >= {"by-type", "by-provider", "prices", "hours", "level-by-category", "freshness"}
    assert {f"fields-{k.name}" for k in kinds.KINDS} <= {c.id for c in found}
    for chart in found:
        svg = str(charts.svg(chart))
        table = str(charts.table(chart, "../"))
        assert svg.count('class="ms-chart__row"') == len(chart.bars)
        assert table.count("<tr>") == len(chart.bars) + 1
        assert 'role="img"' in svg and f'aria-label="{escape(chart.title)}' in svg
        for bar in chart.bars:
            assert f">{charts.number(sum(bar.values))}" in table


def test_histogram_bins_are_half_open() -> None:
    assert charts.histogram([0, 9.5, 10, 24.9, 25, 1000], (0, 10, 25)) == [
        ("Under 10", 2),
        ("10 to under 25", 2),
        ("25 or more", 2),
    ]


def test_missing_facts_read_the_same_on_credential_pages(tmp_path: Path) -> None:
    """The compare page and the credential page say the same of a fact that is not published."""
    root = materialise(CATALOGUES / "positive" / "planner-known-optimum", tmp_path / "catalogue")
    result = check(root, today=TODAY)
    assert not result.failed()
    files = render(result.catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))
    marked = 0
    for credential in result.catalogue.credentials.values():
        page = files[f"credentials/{credential.id}.md"].decode()
        for fact in comparable_facts():
            if credential.fact_status(fact) != "filled":
                assert learner.absence_text(credential, fact) in re.sub(r"<[^>]+>", "", page)
                marked += credential.fact_status(fact) == "unpublished"
    assert marked
