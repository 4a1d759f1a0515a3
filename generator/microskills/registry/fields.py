"""Field metadata, read from the JSON Schemas: the one place a field is declared.

A field's label (`title`), help (`description`), allowed values with their labels and
definitions (`x-enum`), whether it refers to another entry (`x-ref`, with the name of the
reverse link on the target, `x-reverse`, and `x-acyclic` for graphs that must not loop), whether
it is a search filter (`x-facet`) or sort key (`x-sort`), its CSV column (`x-csv`), the code list
it must come from (`x-format`), the comparable fact it records (`x-fact`) and how it maps to the
standards (`x-maps`) are annotations in the kind's schema. JSON Schema 2020-12 ignores `x-`
keywords, so editors and check-jsonschema read the same files. Everything else (model, link,
lint, pages, search, downloads, docs) asks this module.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from microskills.registry.kinds import KINDS, spec
from microskills.registry.schemas import CATEGORIES, COMMON, load_schemas

#: A path into an entry: property names, with "*" for "every item of a list".
FieldPath = tuple[str, ...]


@dataclass(frozen=True)
class EnumValue:
    value: str
    label: str
    definition: str
    source: str | None = None


@dataclass(frozen=True)
class Facet:
    """A search filter. Its values are the field's (enum labels, or referenced entries' names),
    or come from a method of the model (`source`), such as the cost status."""

    name: str
    source: str | None = None
    #: Where the Explore page lists it (Kind is always first).
    order: int = 100


@dataclass(frozen=True)
class FieldInfo:
    kind: str
    path: FieldPath
    title: str
    description: str
    required: bool
    types: tuple[str, ...]
    enum: tuple[EnumValue, ...] = ()
    ref: str | None = None
    reverse: str | None = None
    reverse_with: str | None = None
    acyclic: bool = False
    facet: Facet | None = None
    sort: str | None = None
    csv: bool = True
    csv_names: bool = False
    format: str | None = None
    fact: str | None = None
    maps: dict[str, str] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def name(self) -> str:
        """The path as a contributor writes it, e.g. `cost.amount`, `stages[].items[].skill`."""
        return dotted(self.path)

    @property
    def is_list(self) -> bool:
        return "array" in self.types

    @property
    def is_object(self) -> bool:
        return "object" in self.types

    def enum_label(self, value: object) -> str:
        for item in self.enum:
            if item.value == value:
                return item.label
        return str(value)


def resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with references into common.schema.json and `allOf` merged in;
    annotations written beside a `$ref` win over the definition's."""
    node = dict(node)
    ref = node.pop("$ref", None)
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        target = resolve(copy.deepcopy(defs[name]), defs)
        node = {**target, **node}
    for part in node.pop("allOf", []):
        node = {**resolve(part, defs), **node}
    return node


def types_of(node: dict[str, Any]) -> tuple[str, ...]:
    if "type" in node:
        kinds = node["type"]
        return tuple(kinds) if isinstance(kinds, list) else (kinds,)
    if "enum" in node:
        return ("string",)
    found: list[str] = []
    for branch in node.get("anyOf", []):
        for kind in types_of(branch):
            if kind not in found:
                found.append(kind)
    return tuple(found)


def _info(kind: str, path: FieldPath, node: dict[str, Any], required: bool) -> FieldInfo:
    facet = node.get("x-facet")
    if isinstance(facet, str):
        facet_spec: Facet | None = Facet(facet)
    elif isinstance(facet, dict):
        facet_spec = Facet(facet["name"], facet.get("from"), int(facet.get("order", 100)))
    else:
        facet_spec = None
    csv = node.get("x-csv", True)
    described = node.get("x-enum", {})
    enum = tuple(
        EnumValue(
            str(value),
            described.get(value, {}).get("label", str(value)),
            described.get(value, {}).get("definition", ""),
            described.get(value, {}).get("source"),
        )
        for value in node.get("enum", [])
    )
    return FieldInfo(
        kind=kind,
        path=path,
        title=str(node.get("title", path[-1] if path else kind)),
        description=str(node.get("description", "")),
        required=required,
        types=types_of(node),
        enum=enum,
        ref=node.get("x-ref"),
        reverse=node.get("x-reverse"),
        reverse_with=node.get("x-reverse-with"),
        acyclic=bool(node.get("x-acyclic", False)),
        facet=facet_spec,
        sort=node.get("x-sort"),
        csv=csv is not False,
        csv_names=isinstance(csv, dict) and bool(csv.get("names")),
        format=node.get("x-format"),
        fact=node.get("x-fact"),
        maps=dict(node.get("x-maps", {})),
        schema=node,
    )


def _walk(kind: str, node: dict[str, Any], path: FieldPath, defs: dict[str, Any]) -> Iterator[FieldInfo]:
    """Every property under `node`, depth first: objects' properties, list items' properties
    ("*" in the path) and the mapping branch of a choice such as "a URL or a mapping"."""
    required = set(node.get("required", []))
    for name, sub in node.get("properties", {}).items():
        resolved = resolve(sub, defs)
        yield _info(kind, (*path, name), resolved, name in required)
        yield from _inside(kind, resolved, (*path, name), defs)


def _inside(kind: str, node: dict[str, Any], path: FieldPath, defs: dict[str, Any]) -> Iterator[FieldInfo]:
    yield from _walk(kind, node, path, defs)
    items = node.get("items")
    if isinstance(items, dict):
        resolved = resolve(items, defs)
        yield from _walk(kind, resolved, (*path, "*"), defs)
        for branch in resolved.get("anyOf", []):
            yield from _walk(kind, resolve(branch, defs), (*path, "*"), defs)
    for branch in node.get("anyOf", []):
        yield from _walk(kind, resolve(branch, defs), path, defs)


@cache
def fields(kind: str) -> tuple[FieldInfo, ...]:
    """Every field of a kind (nested ones too), in schema order."""
    schemas = load_schemas()
    defs = schemas[COMMON]["$defs"]
    root = schemas[spec(kind).schema if kind != "categories" else CATEGORIES]
    return tuple(_walk(kind, root, (), defs))


def field_info(kind: str, name: str) -> FieldInfo:
    """A field by its dotted name (`cost.amount`, `stages[].items[].skill`)."""
    for info in fields(kind):
        if info.name == name:
            return info
    raise KeyError(f"{kind} has no field {name}")


def top_level(kind: str) -> tuple[FieldInfo, ...]:
    return tuple(info for info in fields(kind) if len(info.path) == 1)


def order(kind: str) -> list[str]:
    """Top-level field names in schema order (the formatter's key order)."""
    return [info.path[0] for info in top_level(kind)]


@dataclass(frozen=True)
class Reference:
    """One kind of link between entries: `kind.path` holds ids of `target` entries."""

    kind: str
    path: FieldPath
    target: str
    reverse: str | None
    reverse_with: str | None
    acyclic: bool

    @property
    def name(self) -> str:
        return dotted(self.path)


def dotted(path: FieldPath) -> str:
    """A field path as a contributor writes it: `cost.amount`, `stages[].items[].skill`."""
    out = ""
    for part in path:
        out += "[]" if part == "*" else ("." if out else "") + part
    return out


@cache
def references() -> tuple[Reference, ...]:
    """The one table of references: drives reference checks, reverse links, cycle checks, the
    preview's neighbours and the property tests."""
    found = []
    for kind_spec in KINDS:
        for info in fields(kind_spec.name):
            if info.ref is not None:
                found.append(
                    Reference(kind_spec.name, info.path, info.ref, info.reverse, info.reverse_with, info.acyclic)
                )
    return tuple(found)


def strings_in(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string anywhere in an entry's data, with its JSON path (the text rules and the link
    checker read every string, whatever field it is in)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, (*path, index))


def values_at(data: Any, path: FieldPath) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every value at `path` in an entry's data, with its JSON path (lists are walked, and a
    list of ids at the end of the path yields each id)."""

    def walk(node: Any, rest: FieldPath, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
        if not rest:
            if isinstance(node, list):
                for index, item in enumerate(node):
                    yield (*where, index), item
            elif node is not None:
                yield where, node
            return
        head, tail = rest[0], rest[1:]
        if head == "*":
            if isinstance(node, list):
                for index, item in enumerate(node):
                    yield from walk(item, tail, (*where, index))
            return
        if isinstance(node, dict) and head in node:
            yield from walk(node[head], tail, (*where, head))

    yield from walk(data, path, ())


@cache
def enum_labels() -> dict[str, str]:
    """Every enum value's label, across all schemas (values are unique enough to share labels:
    a test checks that no value has two different labels)."""
    labels: dict[str, str] = {}
    for kind_spec in KINDS:
        for info in fields(kind_spec.name):
            for item in info.enum:
                labels.setdefault(item.value, item.label)
    return labels


@cache
def facets() -> tuple[tuple[str, FieldInfo], ...]:
    """(kind, field) of every search filter, in schema order."""
    return tuple((k.name, info) for k in KINDS for info in fields(k.name) if info.facet is not None)


def facet_names() -> list[str]:
    """Filter names in the order the Explore page lists them: Kind first."""
    names = ["Kind"]
    for _, info in sorted(facets(), key=lambda item: item[1].facet.order if item[1].facet else 100):
        assert info.facet is not None
        if info.facet.name not in names:
            names.append(info.facet.name)
    return names
