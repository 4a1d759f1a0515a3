"""`microskills new KIND ID`: a new entry file with every field the kind needs, from its schema.

Required fields are written with empty values, so `microskills validate` points at each one still
to fill in; optional fields follow as comments, each with the schema's help text, in the place
`microskills fmt` would put them, so uncommenting one needs no moving. The first line names the
schema for editors (`# yaml-language-server: $schema=...`). An existing file is never replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path
from typing import Any

from microskills.check.load import ID_RE
from microskills.check.reserved import reserved_reason
from microskills.core import safewrite
from microskills.core.errors import MicroskillsError
from microskills.core.text import show
from microskills.model import Kind
from microskills.registry.kinds import KIND_FOLDER
from microskills.registry.schemainfo import Node, kind_schema
from microskills.registry.schemas import KIND_SCHEMAS
from microskills.tools.fmt import format_text

COMMENT_WIDTH = 100


class ScaffoldError(MicroskillsError):
    """The entry cannot be created (bad id, or the file exists)."""


def schema_reference(target: Path, kind: str) -> str:
    """The schema for the language-server line: the repository's copy (relative) when the
    catalogue sits in a checkout of this project, else the published schema."""
    name = KIND_SCHEMAS[kind]
    for folder in [target.parent.resolve(), *target.parent.resolve().parents]:
        candidate = folder / "generator" / "microskills" / "schemas" / name
        if candidate.is_file():
            return os.path.relpath(candidate, target.parent.resolve())
    identifier = kind_schema(kind).schema.get("$id")
    return str(identifier) if identifier else name


def _help(node: Node, prefix: str = "") -> list[str]:
    parts = [prefix] if prefix else []
    description = node.description()
    if description:
        parts.append(description)
    choices = node.get("enum")
    if isinstance(choices, list) and choices:
        parts.append("One of: " + ", ".join(str(c) for c in choices) + ".")
    text = " ".join(parts)
    return textwrap.wrap(text, COMMENT_WIDTH - 2, break_on_hyphens=False) if text else []


def _placeholder(node: Node, *, skeleton: bool, depth: int = 0) -> Any:
    """An empty value of the right shape. `skeleton` (for commented-out optional fields) also
    lists the optional sub-fields, so a contributor sees everything the field can hold."""
    types = node.types
    if depth > 4:
        return ""
    if "object" in types:
        properties = node.properties()
        keys = list(properties) if skeleton else node.required()
        if not keys and properties and (node.get("minProperties") or 0) > 0:
            keys = list(properties)[:1]  # e.g. a pathway stage item: `credential: <id>` or `skill: <id>`
        return {key: _placeholder(properties[key], skeleton=skeleton, depth=depth + 1) for key in keys}
    if "array" in types:
        item = node.items()
        if item is not None and "object" in item.types and (skeleton or (node.get("minItems") or 0) > 0):
            return [_placeholder(item, skeleton=skeleton, depth=depth + 1)]
        return []
    if "boolean" in types:
        return False
    if types & {"integer", "number"} and "string" not in types:
        return 0 if skeleton else ""
    return ""


def _yaml_lines(key: str, value: Any, indent: str = "") -> list[str]:
    """Block YAML for placeholder values (only strings, numbers, booleans, lists and mappings)."""
    if isinstance(value, dict):
        if not value:
            return [f"{indent}{key}: {{}}"]
        lines = [f"{indent}{key}:"]
        for sub_key, sub_value in value.items():
            lines += _yaml_lines(sub_key, sub_value, indent + "  ")
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{indent}{key}: []"]
        lines = [f"{indent}{key}:"]
        for item in value:
            if isinstance(item, dict) and item:
                inner: list[str] = []
                for sub_key, sub_value in item.items():
                    inner += _yaml_lines(sub_key, sub_value, indent + "    ")
                inner[0] = indent + "  - " + inner[0][len(indent) + 4 :]
                lines += inner
            else:
                lines.append(f"{indent}  - {_scalar(item)}")
        return lines
    return [f"{indent}{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return "''" if value == "" else str(value)


def scaffold_text(kind: Kind, entry_id: str, *, today: dt.date, schema_ref: str) -> str:
    """The text of a new entry file (already in `microskills fmt` layout)."""
    root = kind_schema(kind)
    required = root.required()
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# A new {kind}. Fill in every empty value, uncomment the optional fields you can back with a",
        "# source (facts you cannot find published are left out, never guessed), then run",
        f"# `microskills validate` and `microskills fmt`. Every field: the site's reference/{kind}/ page.",
    ]
    for key, node in root.properties().items():
        if key == "id":
            lines.append(f"id: {entry_id}")
            continue
        if key in required:
            help_lines = [f"# {line}" for line in _help(node)]
            value: Any = _placeholder(node, skeleton=False)
            if key == "last_verified":
                value = today.isoformat()
                help_lines = ["# The date you checked these facts against the sources (YYYY-MM-DD)."]
            elif key == "sources":
                value = [""]
            lines += help_lines + _yaml_lines(key, value)
        else:
            example = _yaml_lines(key, _placeholder(node, skeleton=True))
            lines += [f"# {line}" for line in _help(node, "(optional)")]
            lines += [f"# {line}" for line in example]
    return format_text("\n".join(lines) + "\n", kind)


def create_entry(catalogue_dir: Path, kind: Kind, entry_id: str, *, today: dt.date) -> Path:
    """Write `<catalogue>/<folder>/<id>.yaml`; refuses a bad id or an existing file."""
    if not ID_RE.fullmatch(entry_id) or len(entry_id) > 64:
        raise ScaffoldError(
            f"`{show(entry_id)}` is not a valid id: use lower-case letters and digits joined by single hyphens, "
            "at most 64 characters (e.g. aws-certified-cloud-practitioner)"
        )
    reserved = reserved_reason(entry_id)
    if reserved:
        raise ScaffoldError(f"{reserved}; choose another id (nothing was written)")
    target = catalogue_dir / KIND_FOLDER[kind] / f"{entry_id}.yaml"
    if os.path.lexists(target):
        raise ScaffoldError(f"{target} already exists; edit it instead (nothing was written)")
    text = scaffold_text(kind, entry_id, today=today, schema_ref=schema_reference(target, kind))
    catalogue_dir.mkdir(parents=True, exist_ok=True)
    # Exclusive: never replaces a file made meanwhile, nor writes through a symbolic link.
    safewrite.write_text(target, text, root=catalogue_dir, exclusive=True, parents=True)
    return target
