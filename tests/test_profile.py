"""The skills profile's JSON download (issue 24 part 4) is in its documented format:
generator/microskills/schemas/skills-profile.schema.json, whose Alignment is Open Badges 3.0's
own, unchanged. The profiles are made by the site's code (docs/assets/skills-profile.js, under
Node.js: tests/js/profile-document.mjs) from the real catalogue's data, and must say what the
catalogue's model says. The page and its downloads in a browser: tests/test_profile_browser.py."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from typing import Any

import jsonschema
import pytest
import referencing
from microskills.check.pipeline import check
from microskills.model import Catalogue
from microskills.registry.schemas import PROFILE, load_schemas
from microskills.site.sections.learner import planner_data
from microskills.site.sections.profile_data import profile_data, profile_schema_id
from referencing.jsonschema import DRAFT202012

from tests.conftest import REAL_CATALOGUE, REAL_TODAY, REPO

OB3 = json.loads((REPO / "tests" / "standards" / "openbadges-3.0" / "achievementcredential.json").read_text("utf-8"))
MAKER = REPO / "tests" / "js" / "profile-document.mjs"
SITE = "https://example.org/catalogue/"
#: Marked skills: exact, close and broader ESCO matches, one taught by 34 credentials.
HAVE = ["sql", "python-computer-programming", "machine-learning", "excel-pivot-tables"]
HELD = ["python-institute-pcep", "google-data-analytics-professional-certificate"]


@pytest.fixture(scope="module")
def real() -> Catalogue:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


def validator() -> jsonschema.Draft202012Validator:
    """The profile's schema, its references (common.schema.json, skill.schema.json) resolved from
    the bundled schemas beside it, formats checked."""
    schemas = load_schemas()
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (s["$id"], DRAFT202012.create_resource(s)) for s in schemas.values()
    )
    return jsonschema.Draft202012Validator(
        schemas[PROFILE], registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def made(catalogue: Catalogue, have: list[str], held: list[str]) -> dict[str, Any]:
    """The JSON and text downloads the page makes of a profile, by the page's own code."""
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs it (scripts/ensure-node.sh)"
    payload = {
        "planner": planner_data(catalogue, REAL_TODAY),
        "profile": profile_data(catalogue, REAL_TODAY),
        "have": have,
        "held": held,
        "site": SITE,
        "address": SITE + "profile/?have=sql",
        "schema": profile_schema_id(),
        "created": "2026-12-06T10:00:00Z",
        "generated": REAL_TODAY.isoformat(),
    }
    proc = subprocess.run(
        [node, str(MAKER)], input=json.dumps(payload), capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_the_schema_s_alignment_is_open_badges_3_s_unchanged() -> None:
    ours = dict(load_schemas()[PROFILE]["$defs"]["Alignment"])
    assert "tests/standards/openbadges-3.0/achievementcredential.json" in ours.pop("$comment")
    assert ours == OB3["$defs"]["Alignment"]


def test_a_profile_of_the_real_catalogue_is_valid_and_says_what_the_model_says(real: Catalogue) -> None:
    document = made(real, HAVE, HELD)["document"]
    assert sorted(validator().iter_errors(document), key=str) == []
    assert document["conformsTo"] == load_schemas()[PROFILE]["$id"]
    expected = set(HAVE) | {s for c in HELD for s in real.credentials[c].skills}
    assert {skill["id"] for skill in document["skills"]} == expected
    assert sorted(c["id"] for c in document["credentials"]) == sorted(HELD)
    ob3_alignment = jsonschema.Draft201909Validator(OB3["$defs"]["Alignment"])
    for skill in document["skills"]:
        model = real.skills[skill["id"]]
        category = real.categories.get(model.category)
        assert skill["category"] == (category.name if category else None)
        assert skill["url"] == f"{SITE}skills/{model.id}/"
        assert skill["marked"] == (model.id in HAVE)
        assert set(skill["through"]) == {c for c in HELD if model.id in real.credentials[c].skills}
        teachers = [c for c in real.credentials.values() if model.id in c.skills]
        # Every credential that teaches it, once (in the page's order of names: localeCompare's).
        assert sorted(e["id"] for e in skill["evidence"]) == sorted(c.id for c in teachers)
        assert all(e["url"] == f"{SITE}credentials/{e['id']}/" for e in skill["evidence"])
        own, *esco = skill["alignment"]
        assert (own["targetCode"], own["targetName"]) == (model.id, model.name)
        if model.esco is None:
            assert esco == [] and "escoMatch" not in skill
        else:
            [concept] = esco
            assert (concept["targetUrl"], concept["targetName"]) == (model.esco.uri, model.esco.label)
            assert concept["targetCode"] == model.esco.uri.rsplit("/", 1)[-1]
            assert skill["escoMatch"] == model.esco.match
        for alignment in skill["alignment"]:
            ob3_alignment.validate(alignment)
    matches = {skill.get("escoMatch") for skill in document["skills"]}
    assert {"exact", "close", "broader"} <= matches
    assert max(len(skill["evidence"]) for skill in document["skills"]) == 34  # machine-learning


def test_the_text_has_one_line_per_skill_under_its_category(real: Catalogue) -> None:
    out = made(real, HAVE, HELD)
    blocks = [block.split("\n") for block in out["text"].rstrip("\n").split("\n\n")]
    skills = {skill["name"]: skill["category"] for skill in out["document"]["skills"]}
    listed = {line[2:]: block[0] for block in blocks[:-1] for line in block[1:]}
    assert listed == skills
    assert all(line.startswith("- ") for block in blocks for line in block[1:])
    assert blocks[-1] == ["Credentials", *(f"- {c['name']}" for c in out["document"]["credentials"])]


def test_the_schema_refuses_what_the_format_does_not_allow(real: Catalogue) -> None:
    document = made(real, HAVE, HELD)["document"]
    check_with = validator()
    assert check_with.is_valid(document)
    sql = next(i for i, s in enumerate(document["skills"]) if s["id"] == "sql")

    def broken(path: list[Any], value: Any) -> dict[str, Any]:
        bad = copy.deepcopy(document)
        target = bad
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return bad

    cases = {
        "claims to be verified": broken(["selfDeclared"], False),
        "a skill nobody declared": broken(["skills", sql, "marked"], False),
        "an ESCO alignment to another address": broken(
            ["skills", sql, "alignment", 1, "targetUrl"], "https://example.org/x"
        ),
        "an alignment without its type": broken(["skills", sql, "alignment", 0, "type"], KeyError),
        "an alignment of another framework first": broken(["skills", sql, "alignment", 0, "targetFramework"], "ESCO"),
        "a match the skill schema does not define": broken(["skills", sql, "escoMatch"], "sameish"),
        "a field the format does not have": broken(["skills", sql, "level"], "expert"),
        "a time without its zone": broken(["created"], "2026-12-06T10:00:00"),
        "another format": broken(["conformsTo"], "https://example.org/other.schema.json"),
    }
    for name, bad in cases.items():
        assert not check_with.is_valid(bad), name
