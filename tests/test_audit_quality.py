"""The skills audit on real texts (issue 24, part 5): on the hand-labelled job advertisements and
course outlines of tests/audit-texts/, the skills the audit page chooses (its exact matches, by
docs/assets/skill-audit.js under Node.js on the data the generator writes for the bundled
catalogue) reach precision 0.85 and recall 0.75 over the set, and no trap is ever found.

The data is built and Node.js run once for the module (`benchmarks/audit_quality.evaluate`).
"""

from __future__ import annotations

import pytest

from benchmarks import audit_quality
from tests.conftest import REAL_CATALOGUE


@pytest.fixture(scope="module")
def result() -> audit_quality.Result:
    return audit_quality.evaluate(audit_quality.load_texts(), REAL_CATALOGUE)


def test_the_set_is_at_least_30_real_cited_texts_half_of_them_job_ads() -> None:
    texts = audit_quality.load_texts()
    assert len(texts) >= 30
    assert sum(t.kind == "job-ad" for t in texts) >= 15
    assert sum(t.kind == "course-outline" for t in texts) >= 10
    assert all(t.source.startswith(("https://", "http://")) and t.text.strip() for t in texts)
    assert len({t.source for t in texts}) == len(texts)
    assert sum(len(t.expected) for t in texts) >= 100


def test_precision_and_recall_over_the_set(result: audit_quality.Result) -> None:
    misses = audit_quality.misses(result)
    assert result.audit.precision >= audit_quality.TARGET_PRECISION, misses
    assert result.audit.recall >= audit_quality.TARGET_RECALL, misses
    # The rules earn their keep: the same terms as plain substrings are far less precise.
    assert result.naive.precision < result.audit.precision - 0.2


def test_no_trap_is_found(result: audit_quality.Result) -> None:
    """A not_expected skill ("Java" in "Javascript", the Neo4j Go driver from "Go" in a list of
    languages, a testing tool from "Trojan horses") is found neither exactly nor inferred."""
    assert sum(len(t.not_expected) for t in result.texts) >= 3
    assert result.traps == []


def test_a_label_naming_no_skill_of_the_catalogue_is_an_error() -> None:
    text = audit_quality.load_texts()[0]
    wrong = audit_quality.Text(
        text.id, text.kind, text.source, text.title, text.text, frozenset({"no-such-skill"}), frozenset()
    )
    with pytest.raises(ValueError, match="no-such-skill"):
        audit_quality.evaluate([wrong], REAL_CATALOGUE)
