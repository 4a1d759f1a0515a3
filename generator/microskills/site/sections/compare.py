"""`data/compare/<id>.json`: one small document per credential with every fact the compare page
shows, worded as its credential page words it (the presenter in `microskills.present.facts`),
and the sources that state each fact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from microskills.core.urls import safe_url
from microskills.model import Catalogue, Credential, Entry, comparable_facts
from microskills.present.facts import duration_text, exam_text, format_cost, workload_text
from microskills.present.wording import label, language_name
from microskills.registry import fields
from microskills.registry.fields import EnumValue
from microskills.registry.schemas import COMMON, load_schemas

# --- compare --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: str


def compare_rows() -> list[CompareRow]:
    """The rows of the compare table, labelled as the schemas label the facts and fields."""

    def title(name: str) -> str:
        return fields.field_info("credential", name).title

    fact = fact_labels()
    return [
        CompareRow("provider", title("provider")),
        CompareRow("type", title("type")),
        CompareRow("cost", fact["cost"]),
        CompareRow("workload", fact["workload"]),
        CompareRow("duration", fact["duration"]),
        CompareRow("level", fact["level"]),
        CompareRow("assessment", fact["assessment"]),
        CompareRow("exam_details", fact["exam_details"]),
        CompareRow("proctoring", title("assessment.proctored")),
        CompareRow("validity", fact["validity"]),
        CompareRow("quality_assurance", title("quality_assurance")),
        CompareRow("recognition", fact["recognition"]),
        CompareRow("stacking", fact["stacking"]),
        CompareRow("participation", title("participation")),
        CompareRow("languages", title("languages")),
        CompareRow("learning_outcomes", fact["learning_outcomes"]),
        CompareRow("last_verified", title("last_verified")),
    ]


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


def fact_labels() -> dict[str, str]:
    return {item.value: item.label for item in fact_values()}


def absence_text(entry: Credential, fact: str) -> str:
    """How a page says a fact is missing: looked for and not found published, or not recorded yet."""
    status = entry.fact_status(fact)
    if status == "unpublished":
        mark = entry.unpublished[fact]
        if not mark.pages:
            return f"No published figure found (pages read not recorded), checked {mark.checked}"
        pages = ", ".join(entry.page_name(page) for page in mark.pages)
        return f"Not stated on {pages}, checked {mark.checked}" + (f" ({mark.note})" if mark.note else "")
    if status == "not_applicable":
        return f"Does not apply: {entry.not_applicable_reason(fact)}"
    return "Not yet recorded"


Part = list[str | None]


def _text(text: str) -> Part:
    return [text, None]


def _term(value: str, *, lower: bool = False) -> Part:
    """A label linked to its glossary entry (a site-relative address)."""
    text = label(value)
    return [text.lower() if lower else text, f"glossary/#{value}"]


def _entry_link(entry: Entry) -> Part:
    return [entry.name, entry.url]


def _sources(credential: Credential, name: str) -> list[list[Any]]:
    """Sources as the compare page links them: each address through the one URL filter."""
    return [[safe_url(s.url), s.title, s.third_party] for s in credential.fact_sources(name)]


def compare_record(credential: Credential, catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """Everything the compare page shows of one credential, worded as its page words it."""
    c = credential
    rows: dict[str, dict[str, Any]] = {}

    def put(key: str, parts: list[Part], *, sources: str | None = None, status: str = "filled") -> None:
        rows[key] = {"status": status, "parts": parts, "sources": _sources(c, sources or key)}

    def fact(key: str, parts: list[Part]) -> None:
        if c.fact_status(key) == "filled" and parts:
            put(key, parts)
        else:
            put(key, [_text(absence_text(c, key))], status=c.fact_status(key))

    provider = catalogue.providers.get(c.provider)
    put("provider", [_entry_link(provider) if provider else _text(c.provider)])
    put("type", [_term(c.type)])
    fact("cost", [_text(format_cost(c) or "")] if format_cost(c) else [])
    fact("workload", [_text(workload_text(c))] if workload_text(c) else [])
    fact("duration", [_text(duration_text(c))] if c.duration_weeks else [])
    level = [f"EQF level {c.eqf}"] if c.eqf else []
    if c.difficulty:
        level.append(label(c.difficulty))
    fact("level", [_text(" · ".join(level))] if level else [])
    assessment = c.assessment or {}
    fact("assessment", [_term(str(assessment["type"]))] if assessment.get("type") else [])
    fact("exam_details", [_text(exam_text(c))] if exam_text(c) else [])
    if "proctored" in assessment:
        proctoring = "Proctored" if assessment["proctored"] else "Not proctored"
        if assessment.get("identity_verified"):
            proctoring += ", identity verified"
        put("proctoring", [_text(proctoring)], sources="assessment")
    else:
        put("proctoring", [_text("Not stated")], sources="assessment", status="not-stated")
    if c.validity_months:
        validity = [_text(f"{c.validity_months} months")]
    elif c.expires is False:
        validity = [_text("Does not expire")]
    else:
        validity = []
    fact("validity", validity)
    qa = c.quality_assurance or {}
    if qa.get("type"):
        parts = [_term(str(qa["type"]))]
        if qa.get("bodies"):
            parts.append(_text(": " + ", ".join(qa["bodies"])))
        put("quality_assurance", parts)
    else:
        put("quality_assurance", [_text("Not stated")], status="not-stated")
    recognition: list[Part] = []
    for index, r in enumerate(c.recognition):
        if index:
            recognition.append(_text("; "))
        recognition.append(_term(r.type))
        recognition.append(_text(f": {r.description}"))
    fact("recognition", recognition)
    stacking: list[Part] = []
    for link in c.stacks_into:
        target = catalogue.credentials.get(link.credential)
        if target is None:
            continue
        if stacking:
            stacking.append(_text("; "))
        stacking += [_term(link.relation), _text(" "), _entry_link(target)]
    for other_id, relation in c.stacked_from:
        other = catalogue.credentials.get(other_id)
        if other is None:
            continue
        if stacking:
            stacking.append(_text("; "))
        stacking += [_entry_link(other), _text(": "), _term(relation, lower=True), _text(" this credential")]
    fact("stacking", stacking)
    if c.participation:
        put("participation", [_text(" · ".join(label(v) for v in (c.participation, c.pace) if v))])
    else:
        put("participation", [_text("Not stated")], status="not-stated")
    if c.languages:
        put("languages", [_text(", ".join(language_name(tag) for tag in c.languages))])
    else:
        put("languages", [_text("Not stated")], status="not-stated")
    count = len(c.learning_outcomes)
    fact("learning_outcomes", [[f"{count} listed", f"{c.url}#learning-outcomes"]] if count else [])
    freshness = c.freshness(today)
    verified = c.last_verified + ("" if freshness == "fresh" else " (may be out of date)")
    put("last_verified", [_text(verified)], status="filled" if freshness == "fresh" else "stale")
    return {
        "id": c.id,
        "name": c.name,
        "url": c.url,
        "official": safe_url(c.page_url),
        "skills": [[s, catalogue.skills[s].name] for s in c.skills if s in catalogue.skills],
        "skill_sources": _sources(c, "skills"),
        "rows": rows,
        "sources": [[safe_url(s.url), s.title, s.third_party] for s in c.sources],
    }
