"""Typed catalogue entities, the domain rules on them, and the Catalogue that holds them.

The link stage builds these from schema-valid YAML with one generic builder: each model field
reads the schema field of the same name, or the one its `source(...)` names (`workload.hours`),
and fields marked `computed()` are filled by the link stage (reverse links, totals). A schema
field the model does not name is still kept (`Entry.raw`) and shown by the generic parts of the
pages and downloads; the drift tests in tests/test_fields.py check that the two agree.

Domain rules live here as methods, so every view (page, filter, CSV, JSON-LD, totals) asks the
same question the same way: is it free (`Credential.cost_status`)? is it stale
(`Entry.freshness`)? is a fact recorded (`Credential.fact_status`)?
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from microskills.model.declare import _field, computed, from_, model_sources
from microskills.model.facts import _fact_fields, _fact_reverses, _present, comparable_facts
from microskills.model.raw import RawEntry
from microskills.model.values import (
    EXAM_ASSESSMENTS,
    Category,
    Cost,
    CostStatus,
    EscoAlignment,
    Exam,
    ExamPrice,
    FactStatus,
    Freshness,
    Mark,
    PathwayTotals,
    Recognition,
    Source,
    SourcePolicy,
    StackLink,
    Stage,
    url_host,
)
from microskills.registry import fields as schema_fields
from microskills.registry.kinds import KINDS, Kind, spec

#: Freshness cut-offs: older than this many days since `last_verified` is stale (a warning,
#: flagged on the page), older than the second is expired (an error in validation).
STALE_WARNING_DAYS = 365
STALE_ERROR_DAYS = 730

# --- entries ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """Fields common to every kind, plus the file it came from and its data as written."""

    id: str
    name: str
    description: str
    sources: list[Source]
    last_verified: str
    file: str = _field(computed=True, default="")
    tags: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    raw: dict[str, Any] = _field(computed=True, factory=dict)
    #: Reverse links the model declares no attribute for (a new kind's `x-reverse`), by name:
    #: computed by the link stage, shown generically on the page.
    reverse_links: dict[str, list[Any]] = _field(computed=True, factory=dict)

    kind: ClassVar[Kind]

    @property
    def url(self) -> str:
        """Site-relative URL of the entry page."""
        return f"{spec(self.kind).folder}/{self.id}/"

    def age_days(self, today: dt.date) -> int | None:
        try:
            return (today - dt.date.fromisoformat(self.last_verified)).days
        except ValueError:
            return None

    def freshness(self, today: dt.date) -> Freshness:
        """fresh, stale (over STALE_WARNING_DAYS since last verified), expired (over STALE_ERROR_DAYS)."""
        age = self.age_days(today)
        if age is None:
            return "invalid"
        if age > STALE_ERROR_DAYS:
            return "expired"
        if age > STALE_WARNING_DAYS:
            return "stale"
        return "fresh"

    def page_name(self, url: str) -> str:
        """What to call a page the entry cites: its source title, else its host without `www.`."""
        for source in self.sources:
            if source.url == url and source.title:
                return source.title
        return url_host(url).removeprefix("www.") or url

    def extra_fields(self) -> list[tuple[schema_fields.FieldInfo, Any]]:
        """Top-level fields the entry has that the model has no attribute for (fields added to the
        schema alone): pages and downloads show them generically."""
        known = model_sources(type(self))
        return [
            (info, self.raw[info.path[0]])
            for info in schema_fields.top_level(self.kind)
            if info.path[0] not in known and info.path[0] in self.raw
        ]


@dataclass(slots=True)
class Skill(Entry):
    kind: ClassVar[Kind] = "skill"

    def category_names(self, catalogue: Catalogue) -> list[str]:
        category = catalogue.categories.get(self.category)
        return [category.name if category else self.category]

    def teaching_credentials(self, catalogue: Catalogue) -> list[str]:
        """Credentials that teach this skill or any skill within it (`narrower`, at any depth):
        a broad concept such as ESCO's "Python (computer programming)" is taught by them all."""
        found = set(self.credentials)
        seen = {self.id}
        todo = list(self.narrower)
        while todo:
            skill = catalogue.skills.get(todo.pop())
            if skill is None or skill.id in seen:
                continue
            seen.add(skill.id)
            found.update(skill.credentials)
            todo.extend(skill.narrower)
        return sorted(
            found, key=lambda c: catalogue.credentials[c].name.casefold() if c in catalogue.credentials else c
        )

    statement: str = ""
    category: str = ""
    skill_type: str = "skill"
    reuse_level: str | None = None
    esco: EscoAlignment | None = None
    alt_labels: list[str] = field(default_factory=list)
    broader: str | None = None
    related: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    demand: dict[str, str] | None = None
    # Computed by the link stage.
    credentials: list[str] = computed()
    pathways: list[str] = computed()
    narrower: list[str] = computed()
    related_from: list[str] = computed()
    prerequisite_of: list[str] = computed()


@dataclass(slots=True)
class Credential(Entry):
    kind: ClassVar[Kind] = "credential"
    type: str = ""
    provider: str = ""
    #: The platform that hosts it when that is not the awarding body (edX for MITx).
    platform: str | None = None
    page_url: str = from_("url", default="")
    skills: list[str] = field(default_factory=list)
    code: str | None = None
    learning_outcomes: list[str] = field(default_factory=list)
    hours: float | None = from_("workload.hours")
    hours_max: float | None = from_("workload.hours_max")
    workload_note: str | None = from_("workload.note")
    ects: float | None = from_("workload.ects")
    credits: float | None = from_("workload.credits")
    credit_system: str | None = from_("workload.credit_system")
    duration_weeks: float | None = None
    duration_weeks_max: float | None = None
    duration_note: str | None = None
    eqf: int | None = from_("level.eqf")
    difficulty: str | None = from_("level.difficulty")
    assessment: dict[str, Any] | None = None
    exam: Exam | None = None
    participation: str | None = None
    pace: str | None = None
    cost: Cost | None = None
    languages: list[str] = field(default_factory=list)
    quality_assurance: dict[str, Any] | None = None
    recognition: list[Recognition] = field(default_factory=list)
    prerequisite_credentials: list[str] = from_("prerequisites.credentials", factory=list)
    prerequisite_skills: list[str] = from_("prerequisites.skills", factory=list)
    prerequisite_text: str | None = from_("prerequisites.description")
    stacks_into: list[StackLink] = field(default_factory=list)
    validity_months: int | None = None
    expires: bool | None = None
    short_names: list[str] = field(default_factory=list)
    #: fact -> when and where it was looked for and not found published.
    unpublished: dict[str, Mark] = field(default_factory=dict)
    #: fact -> why it does not apply to this credential.
    not_applicable: dict[str, str] = field(default_factory=dict)
    # Computed by the link stage.
    stacked_from: list[tuple[str, str]] = computed()
    pathways: list[str] = computed()
    prerequisite_of: list[str] = computed()

    @property
    def cost_status(self) -> CostStatus:
        if self.cost is not None:
            return self.cost.status
        return CostStatus.UNPUBLISHED if "cost" in self.unpublished else CostStatus.UNRECORDED

    def cost_status_label(self, catalogue: Catalogue | None = None) -> list[str]:
        return [self.cost_status.value]

    @property
    def billing_periods(self) -> int | None:
        """How many payments a subscription takes over the published duration (the low end of a
        range): months for a monthly price, years for a yearly one; None when the price is not
        recurring or no duration is published."""
        cost = self.cost
        if cost is None or cost.billing not in PERIODS_PER_YEAR or not self.duration_weeks:
            return None
        return max(1, math.ceil(self.duration_weeks * PERIODS_PER_YEAR[cost.billing] / 52))

    @property
    def price_currency(self) -> str | None:
        """The currency of a published price, None unless one is published (free, not published
        or not recorded): the test the planner's data and pathway totals share for "priced"."""
        cost = self.cost
        if self.cost_status is CostStatus.PRICED and cost is not None and cost.amount is not None:
            return cost.currency or None
        return None

    def expected_cost(self) -> float | None:
        """What the credential costs over its published duration: a recurring price times
        `billing_periods` (one payment when no duration is published), else the price; 0 when
        free, None when no price is published. Totals and the planner add these."""
        amount = self.sort_cost()
        if amount is None or amount == 0:
            return amount
        return amount * (self.billing_periods or 1)

    def workload_band(self, catalogue: Catalogue | None = None) -> list[str]:
        """The Explore filter's band for the published hours (the low end of a range); none when
        no hours are published. Labels start with their figure so a numeric sort orders them."""
        if self.hours is None:
            return []
        return [_band(self.hours, ((10, "0–9 hours"), (40, "10–39 hours"), (120, "40–119 hours")), "120 hours or more")]

    def exam_length_band(self, catalogue: Catalogue | None = None) -> list[str]:
        """The Explore filter's band for the exam's published length in minutes."""
        if self.exam is None or not self.exam.minutes:
            return []
        bands = ((61, "1–60 minutes"), (121, "61–120 minutes"), (181, "121–180 minutes"))
        return [_band(self.exam.minutes, bands, "181 minutes or more")]

    def price_band(self, catalogue: Catalogue | None = None) -> list[str]:
        """The Explore filter's price band: what the credential costs over its published duration
        (`expected_cost`), in its own currency, since prices are never converted. Labels keep the
        figures bare ("USD 1000 or more") so a numeric sort orders them."""
        amount = self.expected_cost()
        if amount == 0:
            return ["Free"]
        if amount is None or self.cost is None or not self.cost.currency:
            return []  # "Not stated"
        bands = ((100, "0–99"), (300, "100–299"), (1000, "300–999"))
        return [f"{self.cost.currency} {_band(amount, bands, '1000 or more')}"]

    def sort_cost(self) -> float | None:
        """The price to sort by: a published amount, 0 when free, None (last) otherwise."""
        return self.cost.known_amount if self.cost is not None else None

    def categories(self, catalogue: Catalogue) -> list[str]:
        """The categories the credential belongs to: those of most of its skills (ties all count).
        A cloud certification with one identity skill is not a security credential."""
        counts: dict[str, int] = {}
        for skill_id in self.skills:
            skill = catalogue.skills.get(skill_id)
            if skill is not None:
                counts[skill.category] = counts.get(skill.category, 0) + 1
        if not counts:
            return []
        most = max(counts.values())
        return sorted(c for c, n in counts.items() if n == most)

    def category_names(self, catalogue: Catalogue) -> list[str]:
        return [catalogue.categories[c].name for c in self.categories(catalogue) if c in catalogue.categories]

    def has_fact(self, fact: str) -> bool:
        """Whether the entry records a value for `fact`: a field the schema marks with that
        `x-fact` is present, or (for links such as stacking) another entry links to this one."""
        if fact not in comparable_facts():
            raise KeyError(fact)
        for info in _fact_fields(self.kind, fact):
            if _present(self.raw, info.path):
                return True
        return any(getattr(self, reverse) for reverse in _fact_reverses(self.kind, fact))

    def fact_status(self, fact: str) -> FactStatus:
        if self.has_fact(fact):
            return "filled"
        if fact in self.unpublished:
            return "unpublished"
        if self.not_applicable_reason(fact) is not None:
            return "not_applicable"
        return "unrecorded"

    def not_applicable_reason(self, fact: str) -> str | None:
        """Why `fact` does not apply: as the entry states it, or, for exam facts, because the
        credential is not awarded on an exam. None when it applies."""
        stated = self.not_applicable.get(fact)
        if stated is not None:
            return stated
        if (
            fact == "exam_details"
            and self.assessment is not None
            and self.assessment.get("type") not in EXAM_ASSESSMENTS
        ):
            return "not awarded on an exam"
        return None

    @property
    def price_per_attempt(self) -> ExamPrice | None:
        """The fee for one exam attempt: the exam's own price, or the cost when it is billed per attempt."""
        if self.exam is not None and self.exam.price is not None:
            return self.exam.price
        cost = self.cost
        if cost is not None and cost.billing == "per-attempt" and cost.amount is not None and cost.currency:
            return ExamPrice(cost.amount, cost.currency, cost.region)
        return None

    def fact_sources(self, fact: str) -> list[Source]:
        """The sources that say they state `fact`."""
        return [s for s in self.sources if fact in s.supports]


@dataclass(slots=True)
class Provider(Entry):
    kind: ClassVar[Kind] = "provider"
    type: str = ""
    page_url: str = from_("url", default="")
    short_names: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    country: str | None = None
    accreditation: list[str] = field(default_factory=list)
    parent: str | None = None

    @property
    def publishing_domains(self) -> list[str]:
        """The hosts the provider publishes on: `domains`, or its page's host without `www.`."""
        if self.domains:
            return self.domains
        host = url_host(self.page_url)
        return [host.removeprefix("www.")] if host else []

    # Computed by the link stage.
    credentials: list[str] = computed()
    #: Credentials of other awarding bodies this provider hosts (their `platform`): edX, Coursera.
    platform_credentials: list[str] = computed()
    children: list[str] = computed()


@dataclass(slots=True)
class Pathway(Entry):
    kind: ClassVar[Kind] = "pathway"
    goal: str = ""
    eqf: int | None = from_("level.eqf")
    difficulty: str | None = from_("level.difficulty")
    destination: str | None = None
    stages: list[Stage] = field(default_factory=list)
    # Computed by the link stage.
    totals: PathwayTotals | None = computed(factory=None)


AnyEntry = Skill | Credential | Provider | Pathway


# --- the catalogue ------------------------------------------------------------------------------


@dataclass
class Catalogue:
    """Every entry by kind and id, and the category list."""

    tables: dict[Kind, dict[str, Any]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    categories: dict[str, Category] = field(default_factory=dict)
    #: The schema-valid categories.yaml the categories came from (its text is linted like entries').
    categories_source: RawEntry | None = None
    #: The schema-valid source-policy.yaml, when the catalogue has one.
    source_policy: SourcePolicy | None = None
    #: False when some entry file could not be used (parse, schema, name or id errors): facts about
    #: the whole catalogue, such as "no credential teaches this skill", are then not reliable.
    complete: bool = True

    @property
    def skills(self) -> dict[str, Skill]:
        return self.tables["skill"]

    @property
    def credentials(self) -> dict[str, Credential]:
        return self.tables["credential"]

    @property
    def providers(self) -> dict[str, Provider]:
        return self.tables["provider"]

    @property
    def pathways(self) -> dict[str, Pathway]:
        return self.tables["pathway"]

    def of_kind(self, kind: Kind) -> dict[str, Any]:
        return self.tables[kind]

    def entries(self) -> Iterable[Entry]:
        for table in self.tables.values():
            yield from table.values()

    def get(self, kind: Kind, entry_id: str) -> Entry | None:
        table = self.tables.get(kind)
        return table.get(entry_id) if table is not None else None

    def owner_domains(self, provider_id: str | None) -> list[str]:
        """The hosts a provider and its parents publish on (parents' pages are the group's own)."""
        domains: list[str] = []
        seen: set[str] = set()
        while provider_id is not None and provider_id not in seen:
            seen.add(provider_id)
            provider = self.providers.get(provider_id)
            if provider is None:
                break
            domains.extend(provider.publishing_domains)
            provider_id = provider.parent
        return domains

    def __len__(self) -> int:
        return sum(len(table) for table in self.tables.values())


@functools.cache
def _difficulty_ranks() -> dict[str, int]:
    return {item.value: i + 1 for i, item in enumerate(schema_fields.field_info("credential", "level.difficulty").enum)}


def difficulty_rank(difficulty: str | None) -> int:
    """0 for no difficulty, k for the schema's k-th (beginner 1, ..., expert 4): the one order the
    planner's data codes levels in and both solvers' level guard compares."""
    return _difficulty_ranks().get(difficulty or "", 0)


def _band(value: float, bands: tuple[tuple[float, str], ...], above: str) -> str:
    """The name of the first band whose upper limit (exclusive) `value` is below, else `above`."""
    return next((name for limit, name in bands if value < limit), above)


#: The recurring billing bases and how many payments each makes in a 52-week year.
PERIODS_PER_YEAR = {"per-month": 12, "per-year": 1}
