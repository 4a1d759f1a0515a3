"""The comparable facts (common.schema.json `$defs/fact`) and which fields record each."""

from __future__ import annotations

from functools import cache
from typing import Any

from microskills.registry import fields as schema_fields

# --- facts --------------------------------------------------------------------------------------


@cache
def comparable_facts() -> tuple[str, ...]:
    """The facts people compare credentials on (common.schema.json `$defs/fact`), in page order."""
    from microskills.registry.schemas import COMMON, load_schemas

    return tuple(load_schemas()[COMMON]["$defs"]["fact"]["enum"])


@cache
def _fact_fields(kind: str, fact: str) -> tuple[schema_fields.FieldInfo, ...]:
    return tuple(info for info in schema_fields.fields(kind) if info.fact == fact)


@cache
def _fact_reverses(kind: str, fact: str) -> tuple[str, ...]:
    """Reverse links on `kind` whose forward field records `fact` (another credential stacking
    into this one is stacking too)."""
    found = []
    for ref in schema_fields.references():
        if ref.target != kind or ref.reverse is None:
            continue
        if any(info.fact == fact and ref.path[: len(info.path)] == info.path for info in _fact_fields(ref.kind, fact)):
            found.append(ref.reverse)
    return tuple(found)


def _present(data: Any, path: tuple[str, ...]) -> bool:
    return any(value not in (None, "", [], {}) for _, value in schema_fields.values_at(data, path))
