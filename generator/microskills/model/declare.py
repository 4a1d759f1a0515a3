"""Declaring model fields: where each reads its value from in the data, or that the link stage
computes it. The builder (`construct`) and the drift tests read these declarations."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import field
from typing import Any


def _field(path: str | None = None, *, default: Any = None, factory: Any = None, computed: bool = False) -> Any:
    metadata: dict[str, Any] = {}
    if path is not None:
        metadata["from"] = path
    if computed:
        metadata["computed"] = True
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def from_(path: str, *, default: Any = None, factory: Any = None) -> Any:
    """A model field filled from the schema field at `path` (dotted, e.g. `workload.hours`)."""
    return _field(path, default=default, factory=factory)


def computed(*, factory: Any = list, default: Any = None) -> Any:
    """A model field the link stage computes (a reverse link, a total); never read from YAML."""
    if default is not None or factory is None:
        return _field(default=default, computed=True)
    return _field(factory=factory, computed=True)


_SOURCES: dict[type, frozenset[str]] = {}


def model_sources(cls: type[Any]) -> frozenset[str]:
    """Top-level schema fields a model class reads (and so shows in its own way)."""
    found = _SOURCES.get(cls)
    if found is None:
        found = _SOURCES[cls] = frozenset(path.split(".")[0] for _, path in model_fields(cls))
    return found


def model_fields(cls: type[Any]) -> Iterator[tuple[str, str]]:
    """(attribute, schema path) of every field a model class reads from YAML."""
    for f in dataclasses.fields(cls):
        if f.init and not f.metadata.get("computed"):
            yield f.name, str(f.metadata.get("from", f.name))


_COMPUTED: dict[type, frozenset[str]] = {}


def computed_fields(cls: type[Any]) -> frozenset[str]:
    """The fields of a model class the link stage computes (reverse links, totals): a reverse link
    of another name is not the model's, whatever attributes the class has."""
    found = _COMPUTED.get(cls)
    if found is None:
        found = _COMPUTED[cls] = frozenset(f.name for f in dataclasses.fields(cls) if f.metadata.get("computed"))
    return found
