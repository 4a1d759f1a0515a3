"""The catalogue as tables: JSON records of every kind (contributed fields plus computed links) and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from microskills.exports.common import absolute, spreadsheet_safe
from microskills.model import Catalogue, CostStatus, Credential, Entry, Pathway, Provider, Skill
from microskills.registry import fields
from microskills.registry.fields import FieldInfo


def record(entry: Entry, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """An entry as published in the JSON downloads: contributed fields plus computed links."""
    data = dict(entry.raw)
    data["page"] = absolute(site_url, entry.url)
    if isinstance(entry, Skill):
        data["taught_by"] = list(entry.credentials)
        data["used_in_pathways"] = list(entry.pathways)
        data["narrower"] = list(entry.narrower)
    elif isinstance(entry, Credential):
        data["stacked_from"] = [{"credential": c, "relation": r} for c, r in entry.stacked_from]
        data["used_in_pathways"] = list(entry.pathways)
        data["required_by"] = list(entry.prerequisite_of)
    elif isinstance(entry, Provider):
        data["credentials"] = list(entry.credentials)
        data["platform_credentials"] = list(entry.platform_credentials)
        data["children"] = list(entry.children)
    elif isinstance(entry, Pathway) and entry.totals is not None:
        data["computed_totals"] = {
            name: {
                "credentials": route.credentials,
                "hours": route.hours,
                "hours_unknown_items": route.hours_unknown,
                "weeks": route.weeks,
                "weeks_unknown_items": route.weeks_unknown,
                "cost": route.cost,
                "cost_unknown_items": route.cost_unknown,
            }
            for name, route in (("cheapest", entry.totals.cheapest), ("fastest", entry.totals.fastest))
        }
    return data


Compute = Callable[[Entry, Catalogue, str], Any]


@dataclass(frozen=True)
class Column:
    """One CSV column: a schema field (`field`), the names of the entries a reference field
    names (`names`), or a value the model computes (`compute`)."""

    name: str
    type: str
    description: str
    field: FieldInfo | None = None
    names: bool = False
    compute: Compute | None = None


def _taught_by(entry: Entry, catalogue: Catalogue, site_url: str) -> Any:
    return entry.credentials if isinstance(entry, Skill) else None


def _cost_status(entry: Entry, catalogue: Catalogue, site_url: str) -> Any:
    return entry.cost_status.value if isinstance(entry, Credential) else None


def _categories(entry: Entry, catalogue: Catalogue, site_url: str) -> Any:
    return entry.category_names(catalogue) if isinstance(entry, Credential) else None


def _credentials(entry: Entry, catalogue: Catalogue, site_url: str) -> Any:
    return entry.credentials if isinstance(entry, Provider) else None


def _stages(entry: Entry, catalogue: Catalogue, site_url: str) -> Any:
    if not isinstance(entry, Pathway):
        return None
    return [f"{stage.name}: {stage.rule} " + ",".join(item.id for item in stage.items) for stage in entry.stages]


#: Columns computed from the model, after the schema's own, per kind.
_COMPUTED: dict[str, tuple[tuple[str, str, str, Compute], ...]] = {
    "skill": (("taught_by", "string", "Ids of the credentials that teach the skill (;-separated).", _taught_by),),
    "credential": (
        ("cost_status", "string", "One of: " + "; ".join(s.value for s in CostStatus) + ".", _cost_status),
        ("categories", "string", "Categories of most of its skills (;-separated).", _categories),
    ),
    "provider": (("credentials", "string", "Ids of the provider's credentials (;-separated).", _credentials),),
    "pathway": (("stages", "string", "Each stage as `name: rule item,item` (;-separated).", _stages),),
}
_PAGE = ("page", "string", "The entry's page on the site.", lambda e, c, s: absolute(s, e.url))
_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}


@cache
def csv_columns(kind: str) -> tuple[Column, ...]:
    """The kind's CSV columns: every scalar field of the schema (nested fields as `parent_child`)
    in schema order, except those marked `x-csv: false` and those inside lists of mappings; names
    beside ids where the schema asks (`x-csv: {names: true}`); then the computed columns."""
    columns: list[Column] = []
    excluded: list[tuple[str, ...]] = []
    for info in fields.fields(kind):
        if not info.csv:
            excluded.append(info.path)
        if info.is_object or "*" in info.path or any(info.path[: len(p)] == p for p in excluded):
            continue
        name = "_".join(info.path)
        scalar = info.types[0] if info.types and not info.is_list else "string"
        column_type = "date" if info.format == "date" else _TYPES.get(scalar, "string")
        columns.append(Column(name, column_type, info.description, field=info))
        if info.csv_names:
            columns.append(
                Column(f"{name}_names", "string", f"Names of the entries in `{name}`.", field=info, names=True)
            )
    for name, column_type, description, compute in (*_COMPUTED.get(kind, ()), _PAGE):
        columns.append(Column(name, column_type, description, compute=compute))
    return tuple(columns)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_row(kind: str, entry: Entry, catalogue: Catalogue, site_url: str) -> list[str]:
    row = []
    for column in csv_columns(kind):
        if column.compute is not None:
            value = column.compute(entry, catalogue, site_url)
        else:
            assert column.field is not None
            values = [v for _, v in fields.values_at(entry.raw, column.field.path)]
            if column.names:
                ref = column.field.ref
                values = [getattr(catalogue.get(ref, v), "name", v) if ref else v for v in values]
            value = values if column.field.is_list or column.names else (values[0] if values else None)
        row.append(_cell(value))
    return row


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """CSV that spreadsheets open safely: a cell that would start a formula gets a leading '."""
    # A byte-order mark first: without it Excel reads the UTF-8 as a legacy code page (en dashes
    # and accents turn into mojibake); csv readers, frictionless included, skip it.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    # RFC 4180 line ends: the writer then quotes any cell holding \r or \n, which "\n" alone did not do
    # for \r (a bare CR split the row for every CSV reader).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")
