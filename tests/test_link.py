"""Link stage: references, reverse links, cycles and pathway totals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from microskills.check.link import find_cycles
from microskills.check.pipeline import check

from tests.conftest import BASE, TODAY


def test_reverse_links_are_computed() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    assert "python-institute-pcap" in catalogue.skills["python-classes-objects"].credentials
    assert catalogue.providers["python-institute"].credentials == [
        "python-institute-pcap",
        "python-institute-pcep",
        "python-institute-pcpp1",
    ]
    assert ("python-institute-pcep", "preparation-for") in catalogue.credentials["python-institute-pcap"].stacked_from
    analyst = catalogue.credentials["google-data-analytics-professional-certificate"]
    assert analyst.pathways == ["junior-data-analyst"]
    assert "junior-data-analyst" in catalogue.skills["tableau-dashboards"].pathways


def test_find_cycles() -> None:
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert find_cycles({"a": ["b"], "b": []}) == []
    assert find_cycles({str(i): [str(i + 1)] for i in range(100_000)}) == []


def test_broken_entry_does_not_cascade(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    """A provider with a schema error still exists for references: one error, not one per credential."""
    text = (BASE / "providers" / "python-institute.yaml").read_text().replace("type: nonprofit", "type: charity")
    write("providers/python-institute.yaml", text)
    result = check(catalogue_dir, today=TODAY)
    assert [p.rule for p in result.problems] == ["schema.enum"]


def _credential(name: str, extra: str) -> str:
    """A copy of the base PCPP1 entry under another id, name and URL, with `extra` YAML appended."""
    return (BASE / "credentials" / "python-institute-pcpp1.yaml").read_text().replace(
        "id: python-institute-pcpp1", f"id: {name}"
    ).replace("url: https://pythoninstitute.org/pcpp1", f"url: https://example.org/{name}").replace(
        "name: ", f"name: {name} ", 1
    ) + extra


def _choice(first: str, second: str) -> str:
    """A pathway `choice` with one stage satisfied by either credential."""
    return f"""id: choice
name: Choice
description: Pick one.
goal: Tester
stages:
  - name: One of two
    rule: any
    items:
      - credential: {first}
      - credential: {second}
sources: [https://example.org/]
last_verified: 2026-11-01
"""


def test_pathway_totals_pick_cheapest_and_fastest(catalogue_dir: Path, write: Callable[[str, str], Path]) -> None:
    def credential(name: str, hours: int, amount: int) -> str:
        return _credential(name, f"workload:\n  hours: {hours}\ncost:\n  amount: {amount}\n  currency: USD\n")

    write("credentials/cheap-slow.yaml", credential("cheap-slow", 100, 10))
    write("credentials/dear-fast.yaml", credential("dear-fast", 5, 500))
    write("pathways/choice.yaml", _choice("cheap-slow", "dear-fast"))
    result = check(catalogue_dir, today=TODAY)
    assert not result.failed(), result.problems
    totals = result.catalogue.pathways["choice"].totals
    assert totals is not None
    assert totals.cheapest.credentials == ["cheap-slow"]
    assert totals.cheapest.cost == {"USD": 10}
    assert totals.fastest.credentials == ["dear-fast"]
    assert totals.fastest.hours == 5


def test_totals_count_unpublished_figures() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    totals = catalogue.pathways["junior-data-analyst"].totals
    assert totals is not None
    assert totals.cheapest.credentials == ["google-data-analytics-professional-certificate"]
    assert totals.cheapest.hours_unknown == 1
    assert totals.cheapest.hours == 0


def test_a_subscription_counts_every_month_of_its_published_duration(
    catalogue_dir: Path, write: Callable[[str, str], Path]
) -> None:
    """Issue 23: a USD 49/month certificate with a published 26-week duration counted as USD 49,
    so a plan of it looked cheaper than a USD 200 one-off course. It costs 6 payments: USD 294."""

    monthly = "cost:\n  amount: 49\n  currency: USD\n  billing: per-month\n"
    write("credentials/monthly.yaml", _credential("monthly", monthly + "duration_weeks: 26\n"))
    write("credentials/monthly-open.yaml", _credential("monthly-open", monthly))
    write("credentials/one-off.yaml", _credential("one-off", "cost:\n  amount: 200\n  currency: USD\n"))
    write("pathways/choice.yaml", _choice("monthly", "one-off"))
    result = check(catalogue_dir, today=TODAY)
    assert not result.failed(), result.problems
    catalogue = result.catalogue
    assert catalogue is not None
    monthly_credential = catalogue.credentials["monthly"]
    assert (monthly_credential.billing_periods, monthly_credential.expected_cost()) == (6, 294)
    open_ended = catalogue.credentials["monthly-open"]
    assert (open_ended.billing_periods, open_ended.expected_cost()) == (None, 49)
    totals = catalogue.pathways["choice"].totals
    assert totals is not None
    assert totals.cheapest.credentials == ["one-off"] and totals.cheapest.cost == {"USD": 200}
