"""The schemas' `x-maps` say how each field maps to schema.org, Open Badges 3.0 and CTDL; for
every mapping that names one property (not a description of a construct), the export of an entry
that has the field carries that property: the annotation and the exports cannot drift apart."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from microskills.check.pipeline import check
from microskills.exports import ctdl, openbadges, schemaorg
from microskills.model import Catalogue, Entry
from microskills.model.construct import build_entry
from microskills.registry import fields
from microskills.registry.fields import values_at
from microskills.registry.kinds import KINDS

from tests.conftest import REAL_CATALOGUE, REAL_TODAY

SITE = "https://example.org/"
#: A mapping that names one property: a word, optionally prefixed (`ceterms:name`) or dotted
#: (`criteria.id`). Anything else (`DefinedTerm in the ESCO DefinedTermSet`) describes a construct.
ONE_PROPERTY = re.compile(r"^@?[A-Za-z]+(:[A-Za-z]+)?(\.[A-Za-z]+)*$")

Export = Callable[[Entry, Catalogue], Any]


def _credentials_of(entry: Entry, catalogue: Catalogue) -> list[Any]:
    """The credentials whose exports carry a skill (as an alignment) or a provider (as creator)."""
    field = "skills" if entry.kind == "skill" else "provider"
    found = [
        c
        for c in catalogue.credentials.values()
        if (entry.id in c.skills if field == "skills" else c.provider == entry.id)
    ]
    return sorted(found, key=lambda c: c.id)[:3]


def _ob3(entry: Entry, catalogue: Catalogue) -> Any:
    if entry.kind == "credential":
        return openbadges.achievement(entry, catalogue, SITE)  # type: ignore[arg-type]
    if entry.kind in ("skill", "provider"):
        return [openbadges.achievement(c, catalogue, SITE) for c in _credentials_of(entry, catalogue)] or None
    return None  # a pathway has no Open Badges counterpart


def _ctdl(entry: Entry, catalogue: Catalogue) -> Any:
    if entry.kind == "credential":
        return ctdl.credential_document(entry, catalogue, SITE)  # type: ignore[arg-type]
    if entry.kind == "provider":
        return ctdl.provider_document(entry, catalogue, SITE)  # type: ignore[arg-type]
    if entry.kind == "pathway":
        return ctdl.pathway_document(entry, catalogue, SITE)  # type: ignore[arg-type]
    # A skill is a competency each credential that teaches it aligns to.
    return [ctdl.credential_document(c, catalogue, SITE) for c in _credentials_of(entry, catalogue)] or None


#: Where each standard carries an entry of each kind.
EXPORTS: dict[str, Export] = {
    "schema.org": lambda e, c: schemaorg.jsonld(e, c, SITE),
    "ob3": _ob3,
    "ctdl": _ctdl,
}


@cache
def _catalogue() -> Catalogue:
    return check(REAL_CATALOGUE, today=REAL_TODAY).catalogue


def _mappings() -> list[tuple[str, tuple[str, ...], str, str]]:
    found = []
    for kind in KINDS:
        for info in fields.fields(kind.name):
            for standard, value in (info.schema.get("x-maps") or {}).items():
                if standard in EXPORTS and ONE_PROPERTY.match(value):
                    found.append((kind.name, info.path, standard, value))
    return found


def _has(document: Any, path: str) -> bool:
    """Whether `document` (a JSON-LD graph, a list or an object) has the property `path` anywhere.

    `Class.property` (a capitalised head, as OB3 writes `Alignment.targetName`) is the property on
    an object of that type; `a.b` is a nested property."""
    head, _, rest = path.partition(".")
    if head[:1].isupper() and rest:
        return _typed(document, head, rest)
    if isinstance(document, list):
        return any(_has(item, path) for item in document)
    if not isinstance(document, dict):
        return False
    if head in document and (not rest or _has(document[head], rest)):
        return True
    return any(_has(value, path) for value in document.values() if isinstance(value, (dict, list)))


def _typed(document: Any, type_name: str, prop: str) -> bool:
    if isinstance(document, list):
        return any(_typed(item, type_name, prop) for item in document)
    if not isinstance(document, dict):
        return False
    types = document.get("type", document.get("@type", []))
    if type_name in ([types] if isinstance(types, str) else types) and prop in document:
        return True
    return any(_typed(value, type_name, prop) for value in document.values() if isinstance(value, (dict, list)))


#: A value for each mapped field no entry of the bundled catalogue has yet.
SYNTHETIC: dict[tuple[str, ...], Any] = {("same_as",): ["https://www.wikidata.org/wiki/Q1"]}

MAPPINGS = _mappings()


def test_there_are_one_property_mappings_to_hold() -> None:
    assert len(MAPPINGS) >= 30


@pytest.mark.parametrize(
    ("kind", "path", "standard", "prop"), MAPPINGS, ids=[f"{m[0]}.{'.'.join(m[1])}->{m[2]}:{m[3]}" for m in MAPPINGS]
)
def test_a_mapped_field_is_in_the_export(kind: str, path: tuple[str, ...], standard: str, prop: str) -> None:
    catalogue = _catalogue()
    with_field = [
        e
        for e in catalogue.of_kind(kind).values()
        if any(v not in (None, "", [], {}) for _, v in values_at(e.raw, path))
        and (kind not in ("skill", "provider") or standard == "schema.org" or _credentials_of(e, catalogue))
    ]
    if not with_field:
        # The bundled catalogue has no such entry yet: give one a value, as a contributor would.
        assert path in SYNTHETIC, f"no {kind} has {'.'.join(path)}: add a value to SYNTHETIC to check the mapping"
        first = min(catalogue.of_kind(kind).values(), key=lambda e: e.id)
        with_field = [build_entry(kind, {**copy.deepcopy(first.raw), path[0]: SYNTHETIC[path]}, first.file)]
    for entry in sorted(with_field, key=lambda e: e.id)[:5]:
        document = EXPORTS[standard](entry, catalogue)
        assert document is not None, f"no {standard} export of a {kind}, but {'.'.join(path)} maps to it"
        assert _has(document, prop), f"{entry.id}: {'.'.join(path)} maps to {standard} {prop}, absent from the export"
