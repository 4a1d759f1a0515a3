"""The catalogue as tables: JSON records of every kind (contributed fields plus computed links) and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from generator.exports.common import absolute, spreadsheet_safe
from generator.model import Catalogue, Credential, Entry, Pathway, Provider, Skill


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


CSV_COLUMNS: dict[str, list[str]] = {
    "skills": [
        "id",
        "name",
        "category",
        "skill_type",
        "reuse_level",
        "statement",
        "taught_by",
        "last_verified",
        "page",
    ],
    "credentials": [
        "id",
        "name",
        "type",
        "provider",
        "code",
        "url",
        "skills",
        "hours",
        "ects",
        "duration_weeks",
        "difficulty",
        "eqf",
        "assessment",
        "proctored",
        "participation",
        "pace",
        "cost_free",
        "cost_amount",
        "cost_currency",
        "languages",
        "validity_months",
        "last_verified",
        "page",
    ],
    "providers": ["id", "name", "type", "url", "country", "parent", "credentials", "last_verified", "page"],
    "pathways": ["id", "name", "goal", "destination", "stages", "last_verified", "page"],
}


def csv_row(kind: str, entry: Entry, catalogue: Catalogue, site_url: str) -> list[str]:
    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return ";".join(text(v) for v in value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    row: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "last_verified": entry.last_verified,
        "page": absolute(site_url, entry.url),
    }
    if isinstance(entry, Skill):
        row.update(
            category=entry.category,
            skill_type=entry.skill_type,
            reuse_level=entry.reuse_level,
            statement=entry.statement,
            taught_by=entry.credentials,
        )
    elif isinstance(entry, Credential):
        assessment = entry.assessment or {}
        cost = entry.cost
        row.update(
            type=entry.type,
            provider=entry.provider,
            code=entry.code,
            url=entry.page_url,
            skills=entry.skills,
            hours=entry.hours,
            ects=entry.ects,
            duration_weeks=entry.duration_weeks,
            difficulty=entry.difficulty,
            eqf=entry.eqf,
            assessment=assessment.get("type"),
            proctored=assessment.get("proctored"),
            participation=entry.participation,
            pace=entry.pace,
            cost_free=cost.free if cost else None,
            cost_amount=cost.amount if cost else None,
            cost_currency=cost.currency if cost else None,
            languages=entry.languages,
            validity_months=entry.validity_months,
        )
    elif isinstance(entry, Provider):
        row.update(
            type=entry.type,
            url=entry.page_url,
            country=entry.country,
            parent=entry.parent,
            credentials=entry.credentials,
        )
    elif isinstance(entry, Pathway):
        row.update(
            goal=entry.goal,
            destination=entry.destination,
            stages=[f"{s.name}: {s.rule} " + ",".join(i.id for i in s.items) for s in entry.stages],
        )
    return [text(row.get(column)) for column in CSV_COLUMNS[kind]]


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """CSV that spreadsheets open safely: a cell that would start a formula gets a leading '."""
    buffer = io.StringIO()
    # RFC 4180 line ends: the writer then quotes any cell holding \r or \n, which "\n" alone did not do
    # for \r (a bare CR split the row for every CSV reader).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")
