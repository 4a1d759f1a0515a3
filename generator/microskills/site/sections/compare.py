"""`data/compare/<id>.json`: one small document per credential with every fact the compare page
shows, worded as its credential page words it (the presenter in `microskills.present.facts`),
and the sources that state each fact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from microskills.core.urls import safe_url
from microskills.model import Catalogue, Credential, comparable_facts
from microskills.present.credential import as_json, last_verified, row_labels
from microskills.present.credential import rows as presenter_rows
from microskills.registry import fields
from microskills.registry.fields import EnumValue
from microskills.registry.schemas import COMMON, load_schemas

# --- compare --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: str


def compare_rows() -> list[CompareRow]:
    """The rows of the compare table: the presenter's rows (labels from the schemas), then when
    the facts were last checked."""
    labels = row_labels()
    rows = [CompareRow(key, text) for key, text in labels.items()]
    return [*rows, CompareRow("last_verified", fields.field_info("credential", "last_verified").title)]


def fact_values() -> tuple[EnumValue, ...]:
    """The comparable facts (common.schema.json `$defs/fact`) with their labels and definitions."""
    node = load_schemas()[COMMON]["$defs"]["fact"]
    described = node.get("x-enum", {})
    return tuple(
        EnumValue(
            value,
            described.get(value, {}).get("label", value),
            described.get(value, {}).get("definition", ""),
            described.get(value, {}).get("source"),
        )
        for value in comparable_facts()
    )


def compare_record(credential: Credential, catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """Everything the compare page shows of one credential: its page's rows (the one presenter,
    `present.credential`), with the sources that state each."""
    c = credential
    rows = {row.key: as_json(row, c) for row in [*presenter_rows(c, catalogue), last_verified(c, today)]}
    return {
        "id": c.id,
        "name": c.name,
        "url": c.url,
        "official": safe_url(c.page_url),
        "skills": [[s, catalogue.skills[s].name] for s in c.skills if s in catalogue.skills],
        "skill_sources": [[safe_url(s.url), s.title, s.third_party] for s in c.fact_sources("skills")],
        "rows": rows,
        "sources": [[safe_url(s.url), s.title, s.third_party] for s in c.sources],
    }
