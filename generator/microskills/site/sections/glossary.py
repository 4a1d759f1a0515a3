"""The glossary: every value of the fields in `GLOSSARY_FIELDS` and every comparable fact, with
the definition and standard the schemas' `x-enum` give."""

from __future__ import annotations

from dataclasses import dataclass

from microskills.model import Catalogue
from microskills.registry import fields, kinds
from microskills.registry.fields import EnumValue, FieldInfo
from microskills.registry.schemas import COMMON, load_schemas
from microskills.site.sections import stats
from microskills.site.sections.compare import fact_values

#: The schema fields whose values the glossary defines (its entries come from their `x-enum`).
GLOSSARY_FIELDS = (
    ("Credential types", "type"),
    ("Assessment types", "assessment.type"),
    ("Quality assurance types", "quality_assurance.type"),
    ("Recognition types", "recognition[].type"),
    ("Stacking relations", "stacks_into[].relation"),
)


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
