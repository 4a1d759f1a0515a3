"""Learner tools: the skills-gap planner, the skills audit and profile, side-by-side compare, the
glossary and the stats page.

A section of the site (`SECTION`: pages, downloads and per-credential files, which the live
preview rewrites for an edited credential), the tools follow the catalogue and the schemas without a
second list of anything:

- `data/planner.json`: the compact graph the planner (docs/assets/planner.js) plans on: every
  skill, credential (with its skills and the figures `Credential.cost_status` / `sort_cost()`
  give) and pathway (stages and items), in the format `planner_data` documents. At 10,000 entries
  it must stay small (benchmarks/planner.py measures it), hence front-coded names and
  delta-coded references instead of records.
- `data/audit.json`: the skills audit's labels, categories and hierarchy (`audit_data`), which
  only the audit page fetches, with the planner's data.
- `data/profile.json`: the skills profile's categories and ESCO concepts (`profile_data`), which
  only /profile/ fetches, with the planner's data; the profile's JSON download is in the format of
  `schemas/skills-profile.schema.json`.
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

from microskills.exports.common import json_bytes
from microskills.model import Catalogue, Credential, Entry
from microskills.present.credential import absence_text, fact_labels
from microskills.site import charts
from microskills.site.render import Files, Renderer, Section
from microskills.site.sections import stats
from microskills.site.sections.audit_data import AUDIT_DATA, audit_data
from microskills.site.sections.compare import compare_record, compare_rows, fact_values
from microskills.site.sections.glossary import GLOSSARY_FIELDS, glossary_sections
from microskills.site.sections.planner_data import (
    CREDENTIAL_NAMES,
    FRONT_BLOCK,
    PLAN_NODE_LIMIT,
    PLANNER_DATA,
    PLANNER_FORMAT,
    credential_names,
    front_code,
    planner_data,
)
from microskills.site.sections.profile_data import PROFILE_DATA, profile_data, profile_schema_id


def compare_data_path(credential_id: str) -> str:
    return f"data/compare/{credential_id}.json"


def data_files(catalogue: Catalogue, today: dt.date) -> dict[str, bytes]:
    """The planner's data and every credential's compare document: downloads, written by the full
    build beside the others (the live preview refreshes compare documents per edited entry with
    `credential_files`, and the planner's data, an aggregate, on the next full build)."""
    files = {
        PLANNER_DATA: json_bytes(planner_data(catalogue, today), compact=True),
        AUDIT_DATA: json_bytes(audit_data(catalogue, today), compact=True),
        PROFILE_DATA: json_bytes(profile_data(catalogue, today), compact=True),
        CREDENTIAL_NAMES: json_bytes(credential_names(catalogue), compact=True),
    }
    for credential in catalogue.credentials.values():
        files.update(credential_files(credential, catalogue, today))
    return files


def credential_files(credential: Credential, catalogue: Catalogue, today: dt.date) -> dict[str, bytes]:
    return {compare_data_path(credential.id): json_bytes(compare_record(credential, catalogue, today), compact=True)}


def pages(renderer: Renderer) -> dict[str, bytes]:
    """The planner, audit, profile, compare, glossary and stats pages, keyed by path under docs/."""
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
        audit_url=AUDIT_DATA,
        node_limit=PLAN_NODE_LIMIT,
    )
    files["audit/index.md"] = renderer.page(
        "audit.md.j2",
        "audit/",
        "Skills audit",
        "Paste a job advertisement, a CV or a course outline: see the catalogue's skills it names, "
        "then plan what you need or mark what you have. The text never leaves your browser.",
        data_url=PLANNER_DATA,
        audit_url=AUDIT_DATA,
    )
    files["profile/index.md"] = renderer.page(
        "profile.md.j2",
        "profile/",
        "My skills profile",
        "The skills and credentials you have, from the planner: each skill's category, ESCO concept and the "
        "credentials that teach or assess it, to print or to download as JSON or text for a CV.",
        data_url=PLANNER_DATA,
        profile_url=PROFILE_DATA,
        schema_id=profile_schema_id(),
    )
    files["compare/index.md"] = renderer.page(
        "compare.md.j2",
        "compare/",
        "Compare credentials",
        "Two to four credentials side by side: cost, workload, level, assessment, validity, recognition, "
        "stacking and skills, each with its source.",
        rows=[{"key": row.key, "label": row.label} for row in compare_rows()],
        data_url=CREDENTIAL_NAMES,
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


__all__ = [
    "AUDIT_DATA",
    "CREDENTIAL_NAMES",
    "FRONT_BLOCK",
    "GLOSSARY_FIELDS",
    "PLANNER_DATA",
    "PLANNER_FORMAT",
    "PLAN_NODE_LIMIT",
    "PROFILE_DATA",
    "SECTION",
    "absence_text",
    "audit_data",
    "compare_data_path",
    "compare_record",
    "compare_rows",
    "credential_files",
    "credential_names",
    "data_files",
    "fact_labels",
    "fact_values",
    "front_code",
    "glossary_sections",
    "pages",
    "planner_data",
    "profile_data",
]
