"""Render stage: escaping, sanitising, and what each page says."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from microskills.check.pipeline import check
from microskills.site.assemble import render
from microskills.site.formatting import front_matter, json_for_html, render_markdown
from microskills.site.render import RenderOptions

from tests.conftest import BASE, TODAY

OPTIONS = RenderOptions(site_url="https://example.org/", today=TODAY)


def test_markdown_is_sanitised() -> None:
    html = str(
        render_markdown(
            "*ok* <script>alert(1)</script> [x](javascript:alert(1)) ![i](https://e.org/i.png)"
            " [y](https://example.org/)"
        )
    )
    assert "<em>ok</em>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert "<img" not in html
    assert 'href="https://example.org/"' in html


def test_json_cannot_close_its_script() -> None:
    text = str(json_for_html({"name": "</script><script>alert(1)</script><!--"}))
    assert "</script" not in text and "<!--" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_front_matter_is_escaped_for_the_theme() -> None:
    text = front_matter('A "quoted" </title><script>x</script>', "desc")
    assert "<" not in text
    assert text.startswith("---\ntitle: ")


def test_every_entry_gets_a_page() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    files = render(catalogue, OPTIONS)
    for entry in catalogue.entries():
        folder = {"skill": "skills", "credential": "credentials", "provider": "providers", "pathway": "pathways"}
        assert f"{folder[entry.kind]}/{entry.id}.md" in files


def test_payload_in_name_is_escaped(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    skill = (BASE / "skills" / "sql-select-queries.yaml").read_text()
    write(
        "skills/sql-select-queries.yaml",
        skill.replace(
            "name: Write SQL SELECT queries", "name: '<img src=x onerror=alert(1)> *bold* [l](javascript:x)'"
        ),
    )
    files = render(check(catalogue_dir, today=TODAY).catalogue, OPTIONS)
    page = files["skills/sql-select-queries.md"].decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    credential_page = files["credentials/google-data-analytics-professional-certificate.md"].decode()
    assert "<img src=x" not in credential_page


def test_stale_entries_are_flagged() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    later = RenderOptions(site_url="https://example.org/", today=TODAY.replace(year=TODAY.year + 2))
    page = render(catalogue, later)["skills/sql-select-queries.md"].decode()
    assert "may be out of date" in page
    fresh = render(catalogue, OPTIONS)["skills/sql-select-queries.md"].decode()
    assert "may be out of date" not in fresh


def test_csv_cells_cannot_start_formulas(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    skill = (BASE / "skills" / "sql-select-queries.yaml").read_text()
    write(
        "skills/sql-select-queries.yaml",
        skill.replace("name: Write SQL SELECT queries", "name: '=HYPERLINK(\"https://evil.example\")'"),
    )
    files = render(check(catalogue_dir, today=TODAY).catalogue, OPTIONS)
    csv_text = files["data/skills.csv"].decode()
    assert "'=HYPERLINK" in csv_text
    assert ",=HYPERLINK" not in csv_text


def test_rendering_is_deterministic() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    assert render(catalogue, OPTIONS) == render(check(BASE, today=TODAY).catalogue, OPTIONS)


def test_marks_say_where_they_looked_and_what_does_not_apply(
    catalogue_dir: Path, write: Callable[[str, str], Path]
) -> None:
    """A not-found mark names and links the pages read and the day; a fact that does not apply says
    why; neither reads as "not yet recorded"."""
    pcep = (BASE / "credentials" / "python-institute-pcep.yaml").read_text()
    marks = (
        "pace: self-paced\n"
        "unpublished:\n"
        "  cost:\n"
        "    checked: 2026-11-20\n"
        "    pages: [https://pythoninstitute.org/pcep, https://pythoninstitute.org/faq]\n"
        "    note: the voucher price is shown only in the store\n"
        "not_applicable:\n"
        "  workload: an exam, not a course\n"
    )
    write("credentials/python-institute-pcep.yaml", pcep.replace("pace: self-paced\n", marks))
    catalogue = check(catalogue_dir, today=TODAY).catalogue
    page = render(catalogue, OPTIONS)["credentials/python-institute-pcep.md"].decode()
    assert (
        'Not stated on <a href="https://pythoninstitute.org/pcep" rel="nofollow noopener">pythoninstitute.org</a>, '
        '<a href="https://pythoninstitute.org/faq" rel="nofollow noopener">pythoninstitute.org</a>, '
        "checked 2026-11-20 (the voucher price is shown only in the store)"
    ) in page
    assert "Does not apply: an exam, not a course" in page
    assert catalogue.credentials["python-institute-pcep"].fact_status("workload") == "not_applicable"


def test_whose_page_a_source_is_comes_from_the_provider_domains(
    catalogue_dir: Path, write: Callable[[str, str], Path]
) -> None:
    """A source on the provider's host (or a subdomain, or a domain it lists) is its own page; any
    other is labelled third-party, without anyone typing it."""
    pcep = (BASE / "credentials" / "python-institute-pcep.yaml").read_text()
    sources = (
        "sources:\n"
        "  - https://pythoninstitute.org/pcep\n"
        "  - https://edube.org/study/pe1\n"
        "  - https://www.example-news.org/python-certs\n"
    )
    write(
        "credentials/python-institute-pcep.yaml",
        pcep.replace("sources:\n  - https://pythoninstitute.org/pcep\n", sources),
    )
    provider = (BASE / "providers" / "python-institute.yaml").read_text()
    write(
        "providers/python-institute.yaml",
        provider.replace("\nurl: ", "\ndomains: [pythoninstitute.org, edube.org]\nurl: ", 1),
    )
    catalogue = check(catalogue_dir, today=TODAY).catalogue
    third = {s.url: s.third_party for s in catalogue.credentials["python-institute-pcep"].sources}
    assert third == {
        "https://pythoninstitute.org/pcep": False,
        "https://edube.org/study/pe1": False,
        "https://www.example-news.org/python-certs": True,
    }
    page = render(catalogue, OPTIONS)["credentials/python-institute-pcep.md"].decode()
    assert page.count("(third-party page)") == 1


def test_a_platform_shows_what_it_hosts_and_the_credential_names_it(
    catalogue_dir: Path, write: Callable[[str, str], Path]
) -> None:
    """A university's certificate on a MOOC platform is awarded by the university and offered on the
    platform: both pages say so and link each other, and the platform is no unused provider."""
    google = (BASE / "providers" / "google.yaml").read_text()
    write(
        "providers/coursera.yaml",
        google.replace("id: google", "id: coursera").replace("name: Google", "name: Coursera"),
    )
    gda = (BASE / "credentials" / "google-data-analytics-professional-certificate.yaml").read_text()
    write(
        "credentials/google-data-analytics-professional-certificate.yaml",
        gda.replace("provider: google\n", "provider: google\nplatform: coursera\n"),
    )
    result = check(catalogue_dir, today=TODAY)
    assert not [p for p in result.problems if p.rule == "provider.unused"]
    files = render(result.catalogue, OPTIONS)
    platform_page = files["providers/coursera.md"].decode()
    assert "## Offered on Coursera" in platform_page
    assert "google-data-analytics-professional-certificate/" in platform_page
    credential_page = files["credentials/google-data-analytics-professional-certificate.md"].decode()
    assert "Offered on <a" in credential_page and "providers/coursera/" in credential_page
