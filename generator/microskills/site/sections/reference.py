"""The schema reference and the rule table, generated from the schemas and the rule registry.

Contributors read a page per kind (every field with its label, meaning, type, allowed values and
their definitions, whether it is required, an example from the catalogue and how it maps to the
EU micro-credential elements, schema.org, Open Badges, CTDL and ESCO) instead of raw JSON. The
rule table in the contributor guide is the registry's, so it cannot fall behind the code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from microskills.registry import fields, kinds, rules
from microskills.registry.fields import FieldInfo, values_at
from microskills.site.render import Renderer, Section

#: Standards a field can map to, in the order the reference shows them.
STANDARDS = (
    ("eu", "EU micro-credential element"),
    ("schema.org", "schema.org"),
    ("ob3", "Open Badges 3.0"),
    ("ctdl", "CTDL"),
    ("esco", "ESCO"),
    ("rsd", "Rich Skill Descriptor"),
)
MARKER = re.compile(rb"<!-- generated: (rule table) -->")


@dataclass(frozen=True)
class FieldRow:
    info: FieldInfo
    depth: int
    type_text: str
    example: str | None


def type_text(info: FieldInfo) -> str:
    """The field's type in words: "text", "list of ids of skills", "a date (YYYY-MM-DD)"."""
    node = info.schema
    if info.ref is not None:
        target = "category" if info.ref == "category" else kinds.spec(info.ref).label.lower()
        return f"list of ids of {target} entries" if info.is_list else f"id of a {target}"
    if info.format == "date":
        return "date (YYYY-MM-DD)"
    words = {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true or false",
        "object": "mapping",
        "array": "list",
    }
    if info.is_list:
        items = node.get("items", {})
        inner = fields.resolve(items, _defs()) if isinstance(items, dict) else {}
        inner_types = fields.types_of(inner)
        if "object" in inner_types and "string" in inner_types:
            return "list of addresses or mappings"
        return "list of " + (
            "mappings" if "object" in inner_types else words.get(inner_types[0], "values") if inner_types else "values"
        )
    return " or ".join(words.get(t, t) for t in info.types) or "value"


def _defs() -> dict[str, Any]:
    from microskills.registry.schemas import COMMON, load_schemas

    return dict(load_schemas()[COMMON]["$defs"])


def example(info: FieldInfo, catalogue: Any) -> str | None:
    """The value of this field in the first catalogue entry (by id) that has one, shortened."""
    if info.kind not in kinds.names():
        return None
    for entry in sorted(catalogue.of_kind(info.kind).values(), key=lambda e: e.id):
        for _, value in values_at(entry.raw, info.path):
            if isinstance(value, (dict, list)):
                return None
            text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            return text if len(text) <= 80 else text[:77] + "…"
    return None


def rows(kind: str, catalogue: Any) -> list[FieldRow]:
    return [
        FieldRow(info, len([p for p in info.path if p != "*"]) - 1, type_text(info), example(info, catalogue))
        for info in fields.fields(kind)
    ]


def pages(renderer: Renderer) -> dict[str, bytes]:
    """reference/index.md and one page per kind (and the category list)."""
    files: dict[str, bytes] = {}
    documented = [
        *((k.name, k.label, k.plural) for k in kinds.KINDS),
        ("categories", "Category list", "categories.yaml"),
    ]
    files["reference/index.md"] = renderer.page(
        "reference_index.md.j2",
        "reference/",
        "Field reference",
        "Every field of every kind of catalogue entry, with its meaning, allowed values and mappings to the standards.",
        documented=documented,
        rules_table=rules_table(),
    )
    for name, label, _ in documented:
        files[f"reference/{name}.md"] = renderer.page(
            "reference_kind.md.j2",
            f"reference/{name}/",
            f"{label}: fields",
            f"Every field of a {label.lower()} file, with its meaning, allowed values and mappings to the standards.",
            kind=name,
            label=label,
            folder=kinds.spec(name).folder if name in kinds.names() else None,
            rows=rows(name, renderer.catalogue),
            standards=STANDARDS,
        )
    return files


def rules_table() -> Markup:
    """The registry as an HTML table (kept on one block so Markdown leaves it alone)."""
    head = '<div class="ms-scroll" tabindex="0" role="region" aria-label="Rules">'
    head += '<table class="ms-table ms-rules"><thead><tr>'
    head += "".join(f'<th scope="col">{name}</th>' for name in ("rule", "severity", "meaning", "what to do"))
    head += "</tr></thead><tbody>"
    body = "".join(
        f"<tr><td><code>{escape(rule.id)}</code></td><td>{escape(rule.severity)}</td><td>{inline_code(rule.meaning)}</td>"
        f"<td>{inline_code(rule.fix)}</td></tr>"
        for rule in rules.RULES
    )
    return Markup(head + body + "</tbody></table></div>")


def inline_code(text: str) -> Markup:
    """`backticks` as <code>, everything else escaped."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts)))


def expand_markers(content: bytes) -> bytes:
    """Hand-written pages may hold `<!-- generated: rule table -->`; the build puts the table there."""
    return MARKER.sub(lambda _: str(rules_table()).encode("utf-8"), content)


SECTION = Section("reference", pages=pages, filters={"ticks": inline_code})
