"""The one presenter of a credential's facts: the rows its page's key facts and the compare table
show, in the same order, with the same labels (from the schemas) and the same words. The page
renders the parts as HTML, Compare as JSON (`site.sections.compare`), so a fact reads the same
in both, and a field added to the credential schema alone appears in both (`extra_rows`).

A row's parts are `[text, href]` pairs: `href` is None (plain text), an address of this site
relative to its root (`glossary/#exam`, `credentials/x/`), or an absolute http(s) address (a page
a not-found mark cites), always passed through `core.urls.safe_url` by whoever writes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from microskills.core.urls import safe_url
from microskills.model import Catalogue, Credential, Entry, comparable_facts
from microskills.present.facts import duration_text, exam_text, format_cost, workload_text
from microskills.present.wording import country_name, field_text, label, language_name
from microskills.registry import fields
from microskills.registry.schemas import COMMON, load_schemas

Part = list[str | None]

#: The rows, in order. A fact (common.schema.json `$defs/fact`) is labelled as the schema labels
#: it; any other row by its field's `title` in the credential schema.
ROWS: tuple[str, ...] = (
    "provider",
    "type",
    "cost",
    "workload",
    "duration",
    "level",
    "assessment",
    "exam_details",
    "proctoring",
    "participation",
    "languages",
    "quality_assurance",
    "validity",
    "recognition",
    "stacking",
    "learning_outcomes",
)
#: The field whose title labels a row that is not a fact.
_ROW_FIELDS = {"proctoring": "assessment.proctored"}
#: How a row of the page may say "not stated" (a field with no comparable fact behind it).
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    #: filled, unpublished, not_applicable, unrecorded (facts), or not-stated (other fields).
    status: str
    parts: list[Part] = field(default_factory=list)
    #: The fact whose sources back the row (a row such as proctoring takes the assessment's).
    fact: str | None = None


def fact_labels() -> dict[str, str]:
    """The comparable facts' labels, as the schema's `x-enum` gives them."""
    node = load_schemas()[COMMON]["$defs"]["fact"]
    return {value: node.get("x-enum", {}).get(value, {}).get("label", value) for value in comparable_facts()}


def row_labels() -> dict[str, str]:
    """Every row's label, from the schemas: facts' labels, fields' titles, extra fields' titles."""
    facts = fact_labels()
    labels = {key: facts.get(key) or fields.field_info("credential", _ROW_FIELDS.get(key, key)).title for key in ROWS}
    for info in extra_fields():
        labels[info.path[0]] = info.title
    return labels


def extra_fields() -> list[fields.FieldInfo]:
    """Top-level credential fields no row above words and no page section shows in its own way:
    a field added to the schema alone (shown generically, in the table and on the page)."""
    from microskills.model import model_class, model_sources

    known = model_sources(model_class("credential")) | set(ROWS) | {"unpublished", "not_applicable"}
    return [info for info in fields.top_level("credential") if info.path[0] not in known]


def _text(text: str) -> Part:
    return [text, None]


def _term(value: str, *, lower: bool = False) -> Part:
    """A label linked to its glossary entry."""
    text = label(value)
    return [text.lower() if lower else text, f"glossary/#{value}"]


def _entry(entry: Entry) -> Part:
    return [entry.name, entry.url]


def absence(credential: Credential, fact: str) -> list[Part]:
    """How a missing fact reads: not stated on the pages read (linked), does not apply (and why),
    or not recorded yet."""
    status = credential.fact_status(fact)
    if status == "unpublished":
        mark = credential.unpublished[fact]
        if not mark.pages:
            return [_text(f"No published figure found (pages read not recorded), checked {mark.checked}")]
        parts: list[Part] = [_text("Not stated on ")]
        for index, page in enumerate(mark.pages):
            if index:
                parts.append(_text(", "))
            parts.append([credential.page_name(page), safe_url(page)])
        parts.append(_text(f", checked {mark.checked}" + (f" ({mark.note})" if mark.note else "")))
        return parts
    if status == "not_applicable":
        return [_text(f"Does not apply: {credential.not_applicable_reason(fact)}")]
    return [_text("Not yet recorded")]


def absence_text(credential: Credential, fact: str) -> str:
    return "".join(str(part[0]) for part in absence(credential, fact))


def rows(credential: Credential, catalogue: Catalogue) -> list[Row]:
    """The credential's rows, as its page and Compare show them."""
    c = credential
    labels = row_labels()
    out: list[Row] = []

    def put(key: str, parts: list[Part], *, status: str = "filled", fact: str | None = None) -> None:
        out.append(Row(key, labels[key], status, parts, fact))

    def fact(key: str, parts: list[Part]) -> None:
        status = c.fact_status(key)
        if status == "filled" and parts:
            put(key, parts, fact=key)
        else:
            put(key, absence(c, key), status=status, fact=key)

    def stated(key: str, parts: list[Part]) -> None:
        put(key, parts) if parts else put(key, [_text(NOT_STATED)], status="not-stated")

    provider = catalogue.providers.get(c.provider)
    if provider is not None:
        country = [_text(f" ({country_name(provider.country)})")] if provider.country else []
        hosted = catalogue.providers.get(c.platform) if c.platform else None
        on = [_text(", on "), _entry(hosted)] if hosted is not None else []
        put("provider", [_entry(provider), *country, *on])
    else:
        put("provider", [_text(c.provider)])
    put("type", [_term(c.type)])
    cost = format_cost(c)
    fact("cost", [_text(cost)] if cost else [])
    workload = workload_text(c)
    fact("workload", [_text(workload)] if workload else [])
    fact("duration", [_text(duration_text(c))] if c.duration_weeks else [])
    level = [f"EQF level {c.eqf}"] if c.eqf else []
    if c.difficulty:
        level.append(label(c.difficulty))
    fact("level", [_text(" · ".join(level))] if level else [])
    assessment = c.assessment or {}
    fact("assessment", [_term(str(assessment["type"]))] if assessment.get("type") else [])
    exam = exam_text(c)
    exam_parts: list[Part] = [_text(exam)] if exam else []
    if c.exam is not None and c.exam.retake_policy and not exam.startswith("Retakes:"):
        exam_parts.append(_text(f"; retakes: {c.exam.retake_policy}"))
    if c.exam is not None and c.exam.preparation and not exam.startswith("Official preparation:"):
        exam_parts.append(_text("; official preparation: "))
        for index, prep in enumerate(c.exam.preparation):
            exam_parts += ([_text(", ")] if index else []) + [[prep.title, safe_url(prep.url)]]
    fact("exam_details", exam_parts)
    if "proctored" in assessment:
        proctoring = "Proctored" if assessment["proctored"] else "Not proctored"
        if assessment.get("identity_verified"):
            proctoring += ", identity verified"
        put("proctoring", [_text(proctoring)], fact="assessment")
    else:
        put("proctoring", [_text(NOT_STATED)], status="not-stated", fact="assessment")
    stated(
        "participation",
        [_text(" · ".join(label(v) for v in (c.participation, c.pace) if v))] if c.participation else [],
    )
    stated("languages", [_text(", ".join(language_name(tag) for tag in c.languages))] if c.languages else [])
    qa = c.quality_assurance or {}
    quality: list[Part] = []
    if qa.get("type"):
        quality = [_term(str(qa["type"]))]
        if qa.get("bodies"):
            quality.append(_text(": " + ", ".join(qa["bodies"])))
    stated("quality_assurance", quality)
    if c.validity_months:
        validity = [_text(f"{c.validity_months} months")]
    elif c.expires is False:
        validity = [_text("Does not expire")]
    else:
        validity = []
    fact("validity", validity)
    recognition: list[Part] = []
    for index, r in enumerate(c.recognition):
        if index:
            recognition.append(_text("; "))
        recognition += [_term(r.type), _text(f": {r.description}")]
    fact("recognition", recognition)
    stacking: list[Part] = []
    for link in c.stacks_into:
        target = catalogue.credentials.get(link.credential)
        if target is not None:
            stacking += ([_text("; ")] if stacking else []) + [_term(link.relation), _text(" "), _entry(target)]
    for other_id, relation in c.stacked_from:
        other = catalogue.credentials.get(other_id)
        if other is not None:
            stacking += ([_text("; ")] if stacking else []) + [
                _entry(other),
                _text(": "),
                _term(relation, lower=True),
                _text(" this credential"),
            ]
    fact("stacking", stacking)
    count = len(c.learning_outcomes)
    fact("learning_outcomes", [[f"{count} listed", f"{c.url}#learning-outcomes"]] if count else [])
    for info, value in c.extra_fields():
        if info.path[0] in labels:
            put(info.path[0], [_text(field_text(info, value))])
    return out


def last_verified(credential: Credential, today: dt.date) -> Row:
    """The date the facts were checked, and whether that is long ago (Compare shows it as a row)."""
    freshness = credential.freshness(today)
    text = credential.last_verified + ("" if freshness == "fresh" else " (may be out of date)")
    title = fields.field_info("credential", "last_verified").title
    return Row("last_verified", title, "filled" if freshness == "fresh" else "stale", [_text(text)])


def as_json(row: Row, credential: Credential) -> dict[str, Any]:
    """A row as the compare document holds it, with the sources that state its fact."""
    sources = credential.fact_sources(row.fact or row.key)
    return {
        "status": row.status,
        "parts": row.parts,
        "sources": [[safe_url(s.url), s.title, s.third_party] for s in sources],
    }
