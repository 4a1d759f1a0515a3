"""`microskills stats` reach figures: providers by country, credit, types, pathways beyond IT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from microskills.check.pipeline import check
from microskills.site.sections.coverage import coverage, format_coverage

from tests.conftest import BASE, TODAY


def _mark_beyond_it(write: Callable[[str, str], Path], *categories: str) -> None:
    text = (BASE / "categories.yaml").read_text()
    for category in categories:
        anchor = f"  - id: {category}\n"
        text = text.replace(anchor, anchor + "    information_technology: false\n")
    write("categories.yaml", text)


def test_reach_counts_countries_credit_and_types(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    provider = (BASE / "providers" / "python-institute.yaml").read_text()
    write("providers/python-institute.yaml", provider.replace("url: https://", "country: PL\nurl: https://"))
    pcep = (BASE / "credentials" / "python-institute-pcep.yaml").read_text()
    write("credentials/python-institute-pcep.yaml", pcep.replace("skills:\n", "workload:\n  ects: 2\nskills:\n", 1))
    result = check(catalogue_dir, today=TODAY)
    assert not result.failed(), result.problems
    report = coverage(result.catalogue)
    assert (report["providers"], report["providers_outside_home"], report["provider_countries"]) == (2, 1, 2)
    assert (report["credit_bearing"], report["credit_countries"], report["ects_bearing"]) == (1, 1, 1)
    assert report["ects_eu_countries"] == ["PL"]
    assert report["types"] == {"certification": 3, "professional-certificate": 1}
    assert report["certification_share"] == 0.75
    assert report["entries"] == len(result.catalogue)
    assert report["named_providers"]["edx"] == 0
    text = "\n".join(format_coverage(report))
    assert "outside US: 1, countries: 2" in text and "from 1 EU countries (PL)" in text


def test_a_pathway_is_beyond_it_when_most_of_its_skills_are(
    catalogue_dir: Path, write: Callable[[str, str], Path]
) -> None:
    # The data-analyst pathway builds 4 skills: 2 in data analysis, 1 in visualisation, 1 in R.
    _mark_beyond_it(write, "data-analysis")
    assert coverage(check(catalogue_dir, today=TODAY).catalogue)["pathways_beyond_it"] == []  # 2 of 4: not most
    _mark_beyond_it(write, "data-analysis", "data-visualisation")
    assert coverage(check(catalogue_dir, today=TODAY).catalogue)["pathways_beyond_it"] == ["junior-data-analyst"]
