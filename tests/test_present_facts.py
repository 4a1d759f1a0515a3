"""Workload in words: one ECTS credit is "1 ECTS credit", on the credential page and in Compare alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from microskills.check.pipeline import check
from microskills.model import Catalogue
from microskills.present.facts import duration_text, workload_text
from microskills.site import assemble
from microskills.site.contribute import RepoLinks
from microskills.site.render import RenderOptions
from microskills.site.sections.compare import compare_record

from tests.conftest import TODAY, materialise

CREDENTIAL = "python-institute-pcap"


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    root = materialise(None, tmp_path_factory.mktemp("facts") / "catalogue")
    result = check(root, today=TODAY)
    assert result.catalogue is not None
    return result.catalogue


@pytest.mark.parametrize(
    ("ects", "words"),
    [
        (1, "1 ECTS credit"),
        (1.0, "1 ECTS credit"),
        (2, "2 ECTS credits"),
        (0.5, "0.5 ECTS credits"),
        (1.5, "1.5 ECTS credits"),
    ],
)
def test_ects_credits_are_singular_only_for_one(catalogue: Catalogue, ects: float, words: str) -> None:
    credential = catalogue.credentials[CREDENTIAL]
    credential.hours, credential.hours_max, credential.ects, credential.credits = None, None, ects, None
    credential.workload_note = None
    assert workload_text(credential) == words


def test_the_page_and_compare_say_one_ects_credit(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    path = root / "credentials" / f"{CREDENTIAL}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nlevel:", "\nworkload:\n  ects: 1\nlevel:", 1))
    catalogue = check(root, today=TODAY).catalogue
    assert catalogue is not None
    credential = catalogue.credentials[CREDENTIAL]
    assert credential.ects == 1
    renderer = assemble.renderer(catalogue, RenderOptions("https://example.org/", TODAY, RepoLinks()))
    page = renderer.entry_page(credential).decode("utf-8")
    record = json.dumps(compare_record(credential, catalogue, TODAY))
    for text in (page, record):
        assert "1 ECTS credit" in text and "1 ECTS credits" not in text


@pytest.mark.parametrize(
    ("hours", "hours_max", "weeks", "weeks_max", "words"),
    [
        (1, None, 1, None, ("1 hour", "1 week")),
        (2, None, 2, None, ("2 hours", "2 weeks")),
        (1, 2, 1, 3, ("1–2 hours", "1–3 weeks")),
    ],
)
def test_hours_and_weeks_are_singular_only_for_one(
    catalogue: Catalogue,
    hours: float,
    hours_max: float | None,
    weeks: float,
    weeks_max: float | None,
    words: tuple[str, str],
) -> None:
    credential = catalogue.credentials[CREDENTIAL]
    credential.hours, credential.hours_max, credential.ects, credential.credits = hours, hours_max, None, None
    credential.workload_note = credential.duration_note = None
    credential.duration_weeks, credential.duration_weeks_max = weeks, weeks_max
    assert (workload_text(credential), duration_text(credential)) == words
