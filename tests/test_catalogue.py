"""The bundled catalogue: clean, big enough, sourced and balanced across categories."""

from __future__ import annotations

from collections import Counter
from functools import cache

from generator.model import Catalogue
from generator.pipeline import check
from tests.conftest import REAL_CATALOGUE, REAL_TODAY


@cache
def bundled() -> tuple[Catalogue, list[str]]:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    return result.catalogue, [f"{p.file}:{p.line}: {p.rule} {p.message}" for p in result.problems]


def test_validates_with_no_errors_or_warnings() -> None:
    assert bundled()[1] == []


def test_counts() -> None:
    catalogue = bundled()[0]
    assert len(catalogue.providers) >= 40
    assert len(catalogue.credentials) >= 150
    assert len(catalogue.skills) >= 200
    assert len(catalogue.pathways) >= 15


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
