"""The bundled JSON Schemas, loaded once. A module of its own so that everything that reads field
metadata (`microskills.registry.fields`) can do so without importing the validator."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from microskills.registry.kinds import KINDS

COMMON = "common.schema.json"
CATEGORIES = "categories.schema.json"
SOURCE_POLICY = "source-policy.schema.json"
#: catalogue/link-check.json, written by `check-links` and read into the Quality page.
LINK_CHECK = "link-check.schema.json"
#: The skills profile a learner downloads from /profile/ (made in the browser, never read back):
#: bundled here so it is published with the others and its references resolve beside them.
PROFILE = "skills-profile.schema.json"


def schema_files() -> tuple[str, ...]:
    return (COMMON, *(k.schema for k in KINDS), CATEGORIES, SOURCE_POLICY, LINK_CHECK, PROFILE)


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """The bundled schemas by file name."""
    folder = resources.files("microskills") / "schemas"
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in schema_files()}


#: Schema file per kind of file: every entry kind from the registry, the category list and the
#: source policy.
KIND_SCHEMAS: dict[str, str] = {
    **{k.name: k.schema for k in KINDS},
    "categories": CATEGORIES,
    "source-policy": SOURCE_POLICY,
}
#: Every file `validate_data` checks: the above and the link-check results.
VALIDATED_SCHEMAS: dict[str, str] = {**KIND_SCHEMAS, "link-check": LINK_CHECK}
