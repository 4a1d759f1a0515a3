"""`data/profile.json`: what the skills profile (docs/assets/profile.js) shows of a skill beyond
the names and who-teaches-what the planner's data already carries: its category and its ESCO
alignment. Only /profile/ fetches it, with the planner's data, whose skill order (by id) it
shares; the format is `profile_data`'s docstring and `docs/assets/types.d.ts` `ProfileData`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microskills.model import Catalogue
from microskills.registry import fields
from microskills.registry.schemas import PROFILE, load_schemas
from microskills.site.sections.planner_data import FRONT_BLOCK, front_code

PROFILE_DATA = "data/profile.json"
#: Bumped when the profile data changes shape, so an old cached profile.js can refuse it.
PROFILE_FORMAT = 1


def profile_schema_id() -> str:
    """The `$id` of the downloaded profile's JSON Schema, which the download names as its format."""
    return str(load_schemas()[PROFILE]["$id"])


def profile_data(catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """Each skill's category and ESCO concept, skills indexed as in the planner's data (by id).

    - `categories`: category names (sorted by category id); `category[s]` indexes it (-1: none).
    - `esco_uri`: every ESCO concept a skill is aligned to, sorted, front-coded (`front_code`; the
      URIs share `http://data.europa.eu/esco/skill/`); `esco_label[k]`: concept k's ESCO label.
    - `esco[s]`: the index of skill s's concept, -1 for none; `esco_match`: one digit per skill,
      0 none, k the k-th of `matches`; `matches`: the skill schema's `esco.match` values, and
      `match_labels` their labels ("Exact match", "Close match", "Broader concept").
    """
    skills = sorted(catalogue.skills.values(), key=lambda s: s.id)
    category_ids = sorted(catalogue.categories)
    category_index = {c: i for i, c in enumerate(category_ids)}
    concepts = {s.esco.uri: s.esco.label for s in skills if s.esco is not None}
    uris = sorted(concepts)
    concept_index = {uri: i for i, uri in enumerate(uris)}
    match = fields.field_info("skill", "esco.match")
    match_index = {item.value: i + 1 for i, item in enumerate(match.enum)}
    return {
        "format": PROFILE_FORMAT,
        "generated": today.isoformat(),
        "front_block": FRONT_BLOCK,
        "categories": [catalogue.categories[c].name for c in category_ids],
        "category": [category_index.get(s.category, -1) for s in skills],
        "esco_uri": front_code(uris),
        "esco_label": [concepts[uri] for uri in uris],
        "esco": [concept_index[s.esco.uri] if s.esco is not None else -1 for s in skills],
        "esco_match": "".join(str(match_index[s.esco.match]) if s.esco is not None else "0" for s in skills),
        "matches": [item.value for item in match.enum],
        "match_labels": [item.label for item in match.enum],
    }
