"""The bundled catalogue: clean, big enough, sourced and balanced across categories."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from microskills.check.pipeline import check
from microskills.model import Catalogue, comparable_facts

from tests.conftest import REAL_CATALOGUE, REAL_TODAY


@cache
def bundled() -> tuple[Catalogue, list[str]]:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    return result.catalogue, [f"{p.file}:{p.line}: {p.rule} {p.message}" for p in result.problems]


def test_validates_with_no_errors_or_warnings() -> None:
    assert bundled()[1] == []


def test_breadth() -> None:
    """The catalogue answers beyond US vendors: enough entries, providers from elsewhere,
    universities and public bodies, credit-bearing credentials and pathways into degrees."""
    catalogue = bundled()[0]
    assert len(catalogue) >= 1000
    assert len(catalogue.providers) >= 60
    assert sum(1 for p in catalogue.providers.values() if p.country and p.country != "US") >= 15
    assert sum(1 for p in catalogue.providers.values() if p.type in ("university", "government")) >= 10
    credit = [
        c for c in catalogue.credentials.values()
        if c.ects or c.credits or any(r.type == "academic-credit" for r in c.recognition)
    ]  # fmt: skip
    assert len(credit) >= 25
    assert len(catalogue.pathways) >= 30
    goals = " ".join(p.goal.lower() for p in catalogue.pathways.values())
    for role in ("data scientist", "ux/ui designer", "product manager", "ai/ml engineer"):
        assert role in goals, role
    into_degrees = [
        p for p in catalogue.pathways.values()
        if p.destination and catalogue.credentials[p.destination].type == "degree"
    ]  # fmt: skip
    assert len(into_degrees) >= 3


def test_almost_every_comparable_fact_is_accounted_for() -> None:
    """A reader meets "Not yet recorded" rarely: at least 96% of the comparable facts that apply
    to a credential are filled or marked not found (with the pages read), and no fact of a
    certification is missing more often than that. The Quality page lists the rest, by
    credential, for curators."""
    catalogue = check(REAL_CATALOGUE, today=REAL_TODAY).catalogue
    statuses = [c.fact_status(f) for c in catalogue.credentials.values() for f in comparable_facts()]
    applicable = [s for s in statuses if s != "not_applicable"]
    unrecorded = applicable.count("unrecorded")
    assert unrecorded / len(applicable) <= 0.04, f"{unrecorded} of {len(applicable)} facts not yet recorded"


def test_the_unrecorded_warning_can_fire(tmp_path: Path) -> None:
    from tests.conftest import materialise

    root = materialise(None, tmp_path / "c")
    rules = {p.rule for p in check(root, today=REAL_TODAY, recommend_facts=True).problems}
    assert "fact.unrecorded" in rules


def test_every_entry_has_sources_and_last_verified() -> None:
    for entry in bundled()[0].entries():
        assert entry.sources and all(s.url.startswith(("https://", "http://")) for s in entry.sources), entry.file
        assert entry.last_verified, entry.file


def test_every_category_has_skills_and_credentials() -> None:
    catalogue = bundled()[0]
    skills = Counter(skill.category for skill in catalogue.skills.values())
    credentials: Counter[str] = Counter()
    for credential in catalogue.credentials.values():
        for category in {catalogue.skills[s].category for s in credential.skills}:
            credentials[category] += 1
    for category in catalogue.categories:
        assert skills[category] >= 5, (category, skills[category])
        assert credentials[category] >= 3, (category, credentials[category])


def test_pathways_offer_real_choices() -> None:
    catalogue = bundled()[0]
    with_choice = [
        p for p in catalogue.pathways.values() if any(s.rule != "all" and len(s.items) > 1 for s in p.stages)
    ]
    assert len(with_choice) >= 10
