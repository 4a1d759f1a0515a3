"""Learner tools: the skills-gap planner, side-by-side compare, the glossary and the stats page.

A section of the site (`SECTION`: pages, downloads and per-credential files, which the live
preview rewrites for an edited credential), the tools follow the catalogue and the schemas without a
second list of anything:

- `data/planner.json`: the compact graph the planner (docs/assets/planner.js) plans on: every
  skill, credential (with its skills and the figures `Credential.cost_status` / `sort_cost()`
  give) and pathway (stages and items), in the format `planner_data` documents. At 10,000 entries
  it must stay small (benchmarks/planner.py measures it), hence front-coded names and
  delta-coded references instead of records.
- `data/compare/<id>.json`: one small document per credential with every fact the compare page
  shows, already worded as its credential page words it (same labels, same "No published figure
  found (checked DATE)" / "Not yet recorded"), and the sources that state each fact. The compare
  page fetches only the 2-4 it shows, so its cost does not grow with the catalogue.
- `glossary/`: every credential, assessment, quality-assurance, recognition and stacking type and
  every comparable fact, with the definition and standard the schemas' `x-enum` give; entry pages
  link their labels to `glossary/#<value>`.
- `stats/`: charts drawn at build time as SVG (`microskills.site.charts`) from
  `microskills.site.sections.stats`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from microskills.core.urls import safe_url
from microskills.exports.common import json_bytes
from microskills.model import Catalogue, CostStatus, Credential, Entry, comparable_facts
from microskills.present.facts import duration_text, exam_text, format_cost, workload_text
from microskills.present.wording import label, language_name
from microskills.registry import fields, kinds
from microskills.registry.fields import EnumValue, FieldInfo
from microskills.registry.schemas import COMMON, load_schemas
from microskills.site import charts
from microskills.site.render import Files, Renderer, Section
from microskills.site.sections import stats

PLANNER_DATA = "data/planner.json"
#: Bumped when the planner data changes shape, so an old cached planner.js can refuse it.
PLANNER_FORMAT = 3
#: Every FRONT_BLOCK-th front-coded value is written whole (see `front_code`).
FRONT_BLOCK = 64
#: Steps the planner's exact search may take before it settles for its best plan so far.
PLAN_NODE_LIMIT = 50_000
#: Cost codes in the planner data for the statuses that have no amount.
COST_CODES = {CostStatus.PAID_UNPRICED: "p", CostStatus.UNPUBLISHED: "u", CostStatus.UNRECORDED: "r"}
#: Billing that repeats: a plan's total counts one payment of these, and says so.
RECURRING = ("per-month", "per-year")
#: The schema fields whose values the glossary defines (its entries come from their `x-enum`).
GLOSSARY_FIELDS = (
    ("Credential types", "type"),
    ("Assessment types", "assessment.type"),
    ("Quality assurance types", "quality_assurance.type"),
    ("Recognition types", "recognition[].type"),
    ("Stacking relations", "stacks_into[].relation"),
)


def compare_data_path(credential_id: str) -> str:
    return f"data/compare/{credential_id}.json"


def data_files(catalogue: Catalogue, today: dt.date) -> dict[str, bytes]:
    """The planner's data and every credential's compare document: downloads, written by the full
    build beside the others (the live preview refreshes compare documents per edited entry with
    `credential_files`, and the planner's data, an aggregate, on the next full build)."""
    files = {PLANNER_DATA: json_bytes(planner_data(catalogue, today), compact=True)}
    for credential in catalogue.credentials.values():
        files.update(credential_files(credential, catalogue, today))
    return files


def credential_files(credential: Credential, catalogue: Catalogue, today: dt.date) -> dict[str, bytes]:
    return {compare_data_path(credential.id): json_bytes(compare_record(credential, catalogue, today), compact=True)}


def pages(renderer: Renderer) -> dict[str, bytes]:
    """The planner, compare, glossary and stats pages, keyed by path under docs/."""
    catalogue = renderer.catalogue
    today = renderer.options.today
    files: dict[str, bytes] = {}
    facts = stats.fact_counts(catalogue)
    pathways = sorted(catalogue.pathways.values(), key=lambda p: p.name.casefold())
    files["plan/index.md"] = renderer.page(
        "plan.md.j2",
        "plan/",
        "Skills-gap planner",
        "Mark the skills and credentials you have, pick a pathway or the skills you want, and get the cheapest, "
        "shortest or smallest set of credentials that covers the gap.",
        pathways=pathways,
        data_url=PLANNER_DATA,
        node_limit=PLAN_NODE_LIMIT,
    )
    files["compare/index.md"] = renderer.page(
        "compare.md.j2",
        "compare/",
        "Compare credentials",
        "Two to four credentials side by side: cost, workload, level, assessment, validity, recognition, "
        "stacking and skills, each with its source.",
        rows=[{"key": row.key, "label": row.label} for row in compare_rows()],
        data_url=PLANNER_DATA,
    )
    files["glossary/index.md"] = renderer.page(
        "glossary.md.j2",
        "glossary/",
        "Glossary",
        "What a micro-credential, a digital badge, a nanodegree or a certification is, and every other term "
        "the catalogue compares credentials on, with the standard it comes from.",
        sections=glossary_sections(catalogue, facts),
    )
    files["stats/index.md"] = renderer.page(
        "stats.md.j2",
        "stats/",
        "The catalogue in charts",
        "Credentials by type and provider, cost and workload, level by category, how complete the facts are "
        "and how recently they were checked.",
        charts=[charts.render(chart) for chart in stats.all_charts(catalogue, today, facts)],
    )
    return files


# --- planner data ---------------------------------------------------------------------------------


def front_code(values: list[str], block: int = FRONT_BLOCK) -> list[str]:
    """Front coding of a sorted list: each value that shares a prefix with the one before it is
    written `<length of the shared prefix>:<the rest>` (a value without such a number and colon is
    written whole; one that would read as coded gets `0:` in front). Every `block`-th value is
    written whole, so the planner can decode any value from the start of its block, and find an
    id by binary search, without decoding the thousands before it. Sorted ids and names share
    long prefixes, which gzip alone compresses less well."""
    out: list[str] = []
    previous = ""
    for index, value in enumerate(values):
        if index % block == 0:
            previous = ""
        shared = 0
        limit = min(len(previous), len(value))
        while shared < limit and previous[shared] == value[shared]:
            shared += 1
        if shared >= 3:
            # Counted in UTF-16 code units, as JavaScript's String.slice counts.
            units = len(value[:shared].encode("utf-16-le")) // 2
            out.append(f"{units}:{value[shared:]}")
        elif value[:1].isdigit() and ":" in value:
            out.append(f"0:{value}")  # would read as coded: mark it as sharing nothing
        else:
            out.append(value)
        previous = value
    return out


def _stage_code(rule: str, required: int, optional: bool) -> int:
    code = 0 if rule == "all" else (1 if rule == "any" or required <= 1 else required)
    return -code - 1 if optional else code


def _cost(credential: Credential, currencies: dict[str, int], billings: dict[str, int]) -> Any:
    status = credential.cost_status
    if status is CostStatus.FREE:
        return 0
    amount = credential.sort_cost()
    cost = credential.cost
    if status is CostStatus.PRICED and amount is not None and cost is not None and cost.currency:
        value: list[Any] = [amount, currencies.setdefault(cost.currency, len(currencies))]
        if cost.billing:
            value.append(billings[cost.billing])
        return value
    return COST_CODES[status]


def planner_data(catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """The planner's graph, as small as it can be while staying plain JSON (the benchmark's
    target is 150 kB gzipped at 10,000 entries).

    - `skills.id`, `skills.name`, `credentials.id`, ...: columns (one list per field; skills and
      credentials sorted by id, which the planner finds by binary search, pathways by name, the
      order it lists them in), ids and names front-coded (`front_code`).
    - `credentials.skills`: every credential's skill indexes in one list, credential after
      credential, `credentials.skill_counts[i]` of them for credential i; each credential's are
      sorted and delta-coded (each number is the difference from the one before it).
    - `credentials.cost[i]`: 0 free; `[amount, currency index, billing index?]` priced; or a code of
      `cost_codes` (paid but no price published, no published price found, not yet recorded).
    - `credentials.hours[i]`, `credentials.weeks[i]`: published figures, 0 when not published (the
      schema requires figures above 0); `credentials.type[i]` indexes `types`.
    - `pathways.stages[i]`: `[name, rule code, item, item, ...]` per stage. Rule code 0: all items;
      1: any one; k >= 2: at least k; an optional stage has the code -(code + 1). An item is
      2 * zigzag(d) + 1 for a credential and 2 * zigzag(d) for a skill, where d is the difference
      between its index and that of the pathway's previous item of the same kind, and zigzag(d) is
      2d for d >= 0 and -2d - 1 below (credentials of one pathway tend to sit close together).
    """
    skills = sorted(catalogue.skills.values(), key=lambda s: s.id)
    credentials = sorted(catalogue.credentials.values(), key=lambda c: c.id)
    # Pathways by name, as the planner lists them (it then needs no collation of its own).
    pathways = sorted(catalogue.pathways.values(), key=lambda p: (p.name.casefold(), p.id))
    skill_index = {s.id: i for i, s in enumerate(skills)}
    credential_index = {c.id: i for i, c in enumerate(credentials)}
    type_info = fields.field_info("credential", "type")
    types = {item.value: i for i, item in enumerate(type_info.enum)}
    billing_info = fields.field_info("credential", "cost.billing")
    billings = {item.value: i for i, item in enumerate(billing_info.enum)}
    currencies: dict[str, int] = {}

    def skill_list(credential: Credential) -> list[int]:
        indexes = sorted({skill_index[s] for s in credential.skills if s in skill_index})
        return [value - (indexes[i - 1] if i else 0) for i, value in enumerate(indexes)]

    def stages(pathway: Any) -> list[list[Any]]:
        previous = {"skill": 0, "credential": 0}
        out = []
        for stage in pathway.stages:
            row: list[Any] = [stage.name, _stage_code(stage.rule, stage.required_count, stage.optional)]
            for item in stage.items:
                ref = (skill_index if item.kind == "skill" else credential_index).get(item.id)
                if ref is None:  # a dangling reference never gets past the link stage; be safe anyway
                    continue
                delta = ref - previous[item.kind]
                previous[item.kind] = ref
                zigzag = 2 * delta if delta >= 0 else -2 * delta - 1
                row.append(2 * zigzag + (item.kind == "credential"))
            out.append(row)
        return out

    lists = [skill_list(c) for c in credentials]

    credential_columns = {
        "id": front_code([c.id for c in credentials]),
        "name": front_code([c.name for c in credentials]),
        "type": [types.get(c.type, -1) for c in credentials],
        "skill_counts": [len(found) for found in lists],
        "skills": [index for found in lists for index in found],
        "cost": [_cost(c, currencies, billings) for c in credentials],
        "hours": [c.hours or 0 for c in credentials],
        "weeks": [c.duration_weeks or 0 for c in credentials],
    }
    return {
        "format": PLANNER_FORMAT,
        "generated": today.isoformat(),
        "front_block": FRONT_BLOCK,
        "kinds": {k.name: {"folder": k.folder, "label": k.label} for k in kinds.KINDS},
        "types": [item.label for item in type_info.enum],
        "billing": [item.label for item in billing_info.enum],
        "recurring": [billings[value] for value in RECURRING if value in billings],
        "currencies": list(currencies),
        "cost_codes": {code: status.value for status, code in COST_CODES.items()},
        "skills": {"id": front_code([s.id for s in skills]), "name": front_code([s.name for s in skills])},
        "credentials": credential_columns,
        "pathways": {
            "id": front_code([p.id for p in pathways]),
            "name": front_code([p.name for p in pathways]),
            "stages": [stages(p) for p in pathways],
        },
    }


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


# --- glossary -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryEntry:
    item: EnumValue
    #: How many credentials use the value (or record the fact).
    count: int
    #: The Explore page's filter for the value, when the field is a search filter.
    explore: str | None


@dataclass(frozen=True)
class GlossarySection:
    title: str
    description: str
    entries: tuple[GlossaryEntry, ...]
    #: The comparable facts: counts say how many credentials record the fact.
    facts: bool = False


def _explore_link(info: FieldInfo, item: EnumValue) -> str | None:
    if info.facet is None or info.facet.source is not None:
        return None
    from urllib.parse import urlencode

    return "search/?" + urlencode({"Kind": kinds.spec("credential").label, info.facet.name: item.label})


def glossary_sections(catalogue: Catalogue, facts: stats.FactCounts | None = None) -> list[GlossarySection]:
    """The glossary, from the schemas: one section per field of GLOSSARY_FIELDS, then the facts."""
    credentials = list(catalogue.credentials.values())
    facts = facts if facts is not None else stats.fact_counts(catalogue)
    sections = []
    for title, name in GLOSSARY_FIELDS:
        info = fields.field_info("credential", name)
        counts: dict[str, int] = {}
        for credential in credentials:
            for value in {v for _, v in fields.values_at(credential.raw, info.path) if isinstance(v, str)}:
                counts[value] = counts.get(value, 0) + 1
        entries = tuple(GlossaryEntry(item, counts.get(item.value, 0), _explore_link(info, item)) for item in info.enum)
        sections.append(GlossarySection(title, info.description, entries))
    recorded = tuple(GlossaryEntry(item, facts[item.value]["filled"], None) for item in fact_values())
    sections.append(
        GlossarySection(
            "Comparable facts",
            load_schemas()[COMMON]["$defs"]["fact"].get("description", ""),
            recorded,
            facts=True,
        )
    )
    return sections


def _credential_files(renderer: Renderer, entry: Entry) -> Files:
    if not isinstance(entry, Credential):
        return {}
    return credential_files(entry, renderer.catalogue, renderer.options.today)


SECTION = Section(
    "learner",
    pages=pages,
    data_files=lambda renderer: data_files(renderer.catalogue, renderer.options.today),
    credential_files=_credential_files,
)
