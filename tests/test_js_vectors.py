"""Test vectors the Python and JavaScript sides share (tests/js/vectors/): what the generator's
encoders write, and what it means, for the JavaScript decoders to decode in node:test
(`make jstest`, tests/js/*.test.mjs), which needs neither Python nor a browser.

- `front-coding.json`: sorted lists and their front coding by `learner.front_code` (edge cases,
  then lists drawn at random from an alphabet with digits, colons, accents, an emoji and spaces);
  tests/js/front-coding.test.mjs decodes each, whole and block by block.
- `planner-<case>.json`: `learner.planner_data` of a test catalogue (the base catalogue with the
  case laid over it) and the graph it stands for, read from the catalogue's model
  (`expected_graph`); tests/js/planner-data.test.mjs decodes the one into the other, and
  tests/js/plan-problem.test.mjs plans on it (with the hand-written known-plans.json).

- `audit-base.json`: `audit_data.audit_data` and `learner.planner_data` of the base catalogue,
  and each skill's labels, category and broader skill read from the model; tests/js/skill-audit.test.mjs
  decodes the one into the other and finds skills in a text with them.
- `profile-base.json`: `profile_data.profile_data` and `learner.planner_data` of the base
  catalogue, and each skill's category, ESCO concept and the credentials that teach it, read from
  the model; tests/js/skills-profile.test.mjs decodes the one and builds profiles and their
  downloads from it.

The files are generated: a test here fails when one is not what the generator writes now;
`make golden` rewrites them (review the diff). The real catalogue's planner data is checked the
same way without a file: tests/test_learner.py decodes it with the JavaScript decoder
(`decoded_by_the_planner`).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from microskills.check.pipeline import check
from microskills.model import Catalogue, CostStatus
from microskills.registry import fields
from microskills.site.sections import learner
from microskills.site.sections.audit_data import EXACT_ESCO, audit_data, tag_terms
from microskills.site.sections.profile_data import profile_data

from tests.conftest import CATALOGUES, REPO, TODAY, materialise

VECTORS = REPO / "tests" / "js" / "vectors"
FRONT_CODING = VECTORS / "front-coding.json"
#: Test catalogues whose planner data is a vector: known best plans, ids and stage names that are
#: members of every plain object (`constructor`, `__proto__`, ...), and the base catalogue with
#: every form of cost (`COSTS`).
PLANNER_CASES = ("planner-known-optimum", "prototype-keys", "costs")
#: The "costs" case: the base catalogue's credentials (which record no cost) given one of each.
COSTS = {
    "google-data-analytics-professional-certificate": {"amount": 49, "currency": "USD", "billing": "per-month"},
    "python-institute-pcap": {"amount": 295, "currency": "USD", "billing": "per-attempt"},
    "python-institute-pcep": {"free": True},
    "python-institute-pcpp1": {"free": False},
}
DECODER = REPO / "tests" / "js" / "decode-planner.mjs"


def _dump(data: Any, levels: int = 3) -> str:
    """JSON laid out so that a change reads as a small diff: the top `levels` levels one member per
    line, anything deeper (a record, a list of values) on one line."""

    def layout(value: Any, depth: int) -> str:
        members = list(value.items()) if isinstance(value, dict) else value if isinstance(value, list) else []
        nested = any(isinstance(v, dict | list) for v in (m[1] if isinstance(value, dict) else m for m in members))
        if depth >= levels or not nested:
            return json.dumps(value, ensure_ascii=False)
        pad = " " * (depth + 1)
        if isinstance(value, dict):
            lines = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {layout(v, depth + 1)}" for k, v in members]
            return "{\n" + ",\n".join(lines) + "\n" + " " * depth + "}"
        return "[\n" + ",\n".join(pad + layout(v, depth + 1) for v in members) + "\n" + " " * depth + "]"

    return layout(data, 0) + "\n"


# --- front coding ----------------------------------------------------------------------------------

#: Lists whose coding is easy to get wrong: values that read as coded ("12:x") and must be marked
#: "0:", digits without a colon, non-ASCII digits, prefixes of 10+ UTF-16 units (two-digit counts),
#: emoji (two UTF-16 units each), combining accents, a block of one, empty values.
EDGE_CASES: list[tuple[list[str], int]] = [
    ([], 64),
    ([""], 64),
    (["", "", "a"], 64),
    (["abc", "abcd", "abcde", "abd", "b"], 64),
    (["abc", "abcd", "abcde", "abd", "b"], 2),
    (["abc", "abcd", "abcde"], 1),
    (["0:x", "12:ab", "12:abc", "1:", "3:3:3", "9", "9:"], 64),
    (["12ab", "12abc", "12abd"], 64),
    (["\u00b2:x", "\u00b2:xy", "\u0661:x"], 64),
    (["credential-00001", "credential-00002", "credential-00010", "credential-00100"], 64),
    (["\U0001f600\U0001f600a", "\U0001f600\U0001f600b", "\U0001f600\U0001f601"], 64),
    (["cafe\u0301", "cafe\u0301s", "caf\u00e9", "caf\u00e9s"], 64),
    (["Introduction to data", "Introduction to data analysis", "Introduction to databases"], 3),
]
ALPHABET = "ab1:\u00e9\U0001f600- 0"


def front_coding_vectors() -> dict[str, Any]:
    rng = random.Random(22)
    lists = list(EDGE_CASES)
    for _ in range(300):
        values = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(0, 12))]
        lists.append((values, rng.randint(1, 5)))
    cases = []
    for values, block in lists:
        ordered = sorted(values)
        cases.append({"block": block, "values": ordered, "coded": learner.front_code(ordered, block)})
    return {"written_by": "tests/test_js_vectors.py (learner.front_code)", "cases": cases}


# --- planner data ----------------------------------------------------------------------------------


def expected_graph(catalogue: Catalogue) -> dict[str, Any]:
    """The graph `learner.planner_data` encodes, from the model, in the plain form
    tests/js/helpers.mjs `plainGraph` makes of the decoded data."""
    billing = {item.value: item.label for item in fields.field_info("credential", "cost.billing").enum}
    types = {item.value: item.label for item in fields.field_info("credential", "type").enum}

    def cost(credential: Any) -> dict[str, Any]:
        status = credential.cost_status
        priced = status is CostStatus.PRICED and credential.cost is not None and credential.cost.currency
        return {
            "status": status.value,
            "amount": credential.sort_cost() if priced else None,
            "currency": credential.cost.currency if priced else None,
            "billing": billing[credential.cost.billing] if priced and credential.cost.billing else None,
        }

    pathways = sorted(catalogue.pathways.values(), key=lambda p: (p.name.casefold(), p.id))
    return {
        "skills": [[s.id, s.name] for s in sorted(catalogue.skills.values(), key=lambda s: s.id)],
        "credentials": [
            {
                "id": c.id,
                "name": c.name,
                "type": types.get(c.type),
                "skills": sorted({s for s in c.skills if s in catalogue.skills}),
                "cost": cost(c),
                "hours": c.hours or None,
                "weeks": c.duration_weeks or None,
            }
            for c in sorted(catalogue.credentials.values(), key=lambda c: c.id)
        ],
        "pathways": [
            {
                "id": p.id,
                "name": p.name,
                "stages": [
                    {
                        "name": s.name,
                        "required": s.required_count,
                        "optional": s.optional,
                        "items": [[i.kind, i.id] for i in s.items],
                    }
                    for s in p.stages
                ],
            }
            for p in pathways
        ],
    }


def case_catalogue(case: str, tmp_path: Path) -> Catalogue:
    """The checked catalogue of a vector case: "base" (the base example catalogue), "costs" (the
    base with the costs of COSTS), or a positive example catalogue laid over the base."""
    if case in ("base", "costs"):
        root = materialise(None, tmp_path / case)
    else:
        root = materialise(CATALOGUES / "positive" / case, tmp_path / case)
    if case == "costs":
        for credential, cost in COSTS.items():
            path = root / "credentials" / f"{credential}.yaml"
            path.write_text(path.read_text(encoding="utf-8") + yaml.safe_dump({"cost": cost}), encoding="utf-8")
    result = check(root, today=TODAY)
    assert not result.failed(), result.problems
    return result.catalogue


def planner_vectors(catalogue: Catalogue, case: str) -> dict[str, Any]:
    source = "the base catalogue with COSTS" if case == "costs" else f"tests/catalogues/positive/{case} over base"
    return {
        "written_by": f"tests/test_js_vectors.py (learner.planner_data of {source})",
        "data": learner.planner_data(catalogue, TODAY),
        "expected": expected_graph(catalogue),
    }


def decoded_by_the_planner(data: dict[str, Any]) -> dict[str, Any]:
    """Planner data decoded by the site's own decoder (docs/assets/planner-data.js, under Node.js),
    in the plain form of `expected_graph`."""
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs it (scripts/ensure-node.sh)"
    proc = subprocess.run(
        [node, str(DECODER)], input=json.dumps(data), capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    decoded: dict[str, Any] = json.loads(proc.stdout)
    return decoded


# --- audit data ------------------------------------------------------------------------------------


def audit_vectors(catalogue: Catalogue) -> dict[str, Any]:
    """The base catalogue's audit data, its planner data (the skills' names), and per skill (by id)
    what the audit data says: its labels other than its name (each once, whatever its case), each
    with whether it is the skill's own (exact) or a wider ESCO concept's or a tool its tags name,
    its category's name and its broader skill's id."""
    expected = []
    for skill in sorted(catalogue.skills.values(), key=lambda s: s.id):
        labels = [[label, True] for label in skill.alt_labels]
        if skill.esco is not None:
            labels.append([skill.esco.label, skill.esco.match in EXACT_ESCO])
        labels += [[term, False] for term in tag_terms(skill)]
        seen = {skill.name.casefold()}
        kept = []
        for label in labels:
            if label[0].casefold() not in seen:
                seen.add(label[0].casefold())
                kept.append(label)
        category = catalogue.categories.get(skill.category)
        expected.append(
            {
                "id": skill.id,
                "labels": sorted(kept),
                "category": category.name if category else None,
                "broader": skill.broader,
            }
        )
    return {
        "written_by": "tests/test_js_vectors.py (audit_data and learner.planner_data of the base catalogue)",
        "audit": audit_data(catalogue, TODAY),
        "planner": learner.planner_data(catalogue, TODAY),
        "expected": expected,
    }


def test_audit_vectors_are_what_the_generator_writes(tmp_path: Path, update_golden: bool) -> None:
    _check(VECTORS / "audit-base.json", audit_vectors(case_catalogue("base", tmp_path)), update_golden)


# --- skills profile data ------------------------------------------------------------------------------


def profile_vectors(catalogue: Catalogue) -> dict[str, Any]:
    """The base catalogue's profile data, its planner data, and per skill (by id) what the model
    says: its category's name, its ESCO concept with the match's label, and the ids of the
    credentials that teach it."""
    match = {item.value: item.label for item in fields.field_info("skill", "esco.match").enum}
    expected = []
    for skill in sorted(catalogue.skills.values(), key=lambda s: s.id):
        category = catalogue.categories.get(skill.category)
        esco = skill.esco
        expected.append(
            {
                "id": skill.id,
                "category": category.name if category else None,
                "esco": None
                if esco is None
                else {"uri": esco.uri, "label": esco.label, "match": esco.match, "matchLabel": match[esco.match]},
                "teachers": sorted(c.id for c in catalogue.credentials.values() if skill.id in c.skills),
            }
        )
    return {
        "written_by": "tests/test_js_vectors.py (profile_data and learner.planner_data of the base catalogue)",
        "profile": profile_data(catalogue, TODAY),
        "planner": learner.planner_data(catalogue, TODAY),
        "expected": expected,
    }


def test_profile_vectors_are_what_the_generator_writes(tmp_path: Path, update_golden: bool) -> None:
    _check(VECTORS / "profile-base.json", profile_vectors(case_catalogue("base", tmp_path)), update_golden)


# --- the files are what the generator writes --------------------------------------------------------


def _check(path: Path, vectors: dict[str, Any], update: bool, levels: int = 3) -> None:
    text = _dump(vectors, levels)
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path.relative_to(REPO)} is missing: run `make golden`"
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.relative_to(REPO)} is not what the generator writes now: run `make golden` and review the diff"
    )


def test_front_coding_vectors_are_what_the_encoder_writes(update_golden: bool) -> None:
    _check(FRONT_CODING, front_coding_vectors(), update_golden, levels=2)


@pytest.mark.parametrize("case", PLANNER_CASES)
def test_planner_vectors_are_what_the_generator_writes(case: str, tmp_path: Path, update_golden: bool) -> None:
    catalogue = case_catalogue(case, tmp_path)
    vectors = planner_vectors(catalogue, case)
    _check(VECTORS / f"planner-{case}.json", vectors, update_golden)
    # What node:test checks without Python, checked once from here too, through Node.js.
    assert decoded_by_the_planner(vectors["data"]) == vectors["expected"]


def test_the_vectors_cover_what_the_format_can_say() -> None:
    """Every kind of value the format has appears in the vectors: coded and whole values, values
    marked "0:", two-digit prefix counts, surrogate pairs; each cost form, optional stages, "any"
    and "all" rules, ids and stage names that are members of plain objects."""
    coded = [value for case in front_coding_vectors()["cases"] for value in case["coded"]]
    assert any(value.startswith("0:") for value in coded)
    assert any(value[:2].isdigit() and value[2] == ":" for value in coded if len(value) > 2)
    assert any("\U0001f600" in value for value in coded)
    optimum, keys, costs = (
        json.loads((VECTORS / f"planner-{case}.json").read_text(encoding="utf-8")) for case in PLANNER_CASES
    )
    credentials = [c for v in (optimum, keys, costs) for c in v["expected"]["credentials"]]
    assert {c["cost"]["status"] for c in credentials} == {status.value for status in CostStatus}
    assert {c["cost"]["billing"] for c in credentials} >= {None, "one-time", "per month", "per exam attempt"}
    assert None in {c["hours"] for c in credentials} and None in {c["weeks"] for c in credentials}
    stages = [s for v in (optimum, keys) for p in v["expected"]["pathways"] for s in p["stages"]]
    assert any(s["optional"] for s in stages) and {len(s["items"]) > s["required"] for s in stages} == {True, False}
    names = {s["name"] for s in stages} | {c["id"] for c in keys["expected"]["credentials"]}
    assert {"constructor", "__proto__", "toString", "hasOwnProperty"} <= names
