"""Building entities from schema-valid data: one generic builder for every kind."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

from microskills.model import entities
from microskills.model.entities import Entry
from microskills.registry.kinds import spec

# --- building entities from data ----------------------------------------------------------------


_MISSING = object()


def _get(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _convert(value: Any, hint: Any) -> Any:
    """Data as written (dicts, lists, text) to the model's types: nested dataclasses get only the
    keys they declare, so a sub-field added to the schema alone cannot break the builder."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(value, options[0]) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(v, item) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: _convert(v, item) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        from_data = getattr(hint, "from_data", None)
        if from_data is not None:
            return from_data(value)
        return construct(hint, value)
    return value


def construct(cls: type[Any], data: dict[str, Any], **given: Any) -> Any:
    """An instance of dataclass `cls` from `data`, each field read from its source path."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in given:
            kwargs[f.name] = given[f.name]
            continue
        if not f.init or f.metadata.get("computed"):
            continue
        value = _get(data, f.metadata.get("from", f.name))
        if value is not _MISSING and value is not None:
            kwargs[f.name] = _convert(value, hints[f.name])
    return cls(**kwargs)


_CLASSES: dict[str, type[Entry]] = {}


def model_class(kind: str) -> type[Entry]:
    """The registry's model class for `kind`, or a generic one with the common fields."""
    found = _CLASSES.get(kind)
    if found is not None:
        return found
    name = spec(kind).model
    cls: type[Entry]
    if name is not None:
        cls = getattr(entities, name)
    else:
        cls = dataclass(slots=True)(type(f"{kind.title().replace('-', '')}Entry", (Entry,), {"__annotations__": {}}))
        cls.kind = kind
    _CLASSES[kind] = cls
    return cls


def build_entry(kind: str, data: dict[str, Any], file: str) -> Entry:
    entry: Entry = construct(model_class(kind), data, file=file, raw=data)
    return entry
