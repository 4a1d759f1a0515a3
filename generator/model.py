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

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from generator import fields as schema_fields
from generator.kinds import KINDS, spec

if TYPE_CHECKING:
    from generator.load import RawEntry

#: Kind names come from the registry (generator.kinds).
Kind = str

#: Freshness cut-offs: older than this many days since `last_verified` is stale (a warning,
#: flagged on the page), older than the second is expired (an error in validation).
STALE_WARNING_DAYS = 365
STALE_ERROR_DAYS = 730


def _field(path: str | None = None, *, default: Any = None, factory: Any = None, computed: bool = False) -> Any:
    metadata: dict[str, Any] = {}
    if path is not None:
        metadata["from"] = path
    if computed:
        metadata["computed"] = True
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def from_(path: str, *, default: Any = None, factory: Any = None) -> Any:
    """A model field filled from the schema field at `path` (dotted, e.g. `workload.hours`)."""
    return _field(path, default=default, factory=factory)


def computed(*, factory: Any = list, default: Any = None) -> Any:
    """A model field the link stage computes (a reverse link, a total); never read from YAML."""
    if default is not None or factory is None:
        return _field(default=default, computed=True)
    return _field(factory=factory, computed=True)


# --- value objects ------------------------------------------------------------------------------


class CostStatus(enum.Enum):
    """The one answer to "what does it cost?", shared by the page, the filter, the CSV and totals."""

    FREE = "Free"
    PRICED = "Paid"
    PAID_UNPRICED = "Paid, price not published"
    UNPUBLISHED = "No published price found"
    UNRECORDED = "Not yet recorded"


@dataclass(slots=True)
class Cost:
    free: bool | None = None
    amount: float | None = None
    amount_max: float | None = None
    currency: str | None = None
    billing: str | None = None
    region: str | None = None
    note: str | None = None

    @property
    def status(self) -> CostStatus:
        if self.amount is not None:
            return CostStatus.FREE if self.amount == 0 else CostStatus.PRICED
        return CostStatus.FREE if self.free else CostStatus.PAID_UNPRICED

    @property
    def known_amount(self) -> float | None:
        """The price in `currency`: 0 when free, None when no price is published."""
        status = self.status
        if status is CostStatus.FREE:
            return 0.0
        return self.amount if status is CostStatus.PRICED else None


@dataclass(frozen=True, slots=True)
class Source:
    """A page backing an entry's facts; `supports` names the facts it states (empty: not said).

    `third_party` is never typed: the link stage sets it from the provider's `domains`
    (`Catalogue.owner_domains`), so a page is the provider's own exactly when it is published on
    one of the provider's hosts.
    """

    url: str
    supports: tuple[str, ...] = ()
    title: str | None = None
    third_party: bool = False

    @property
    def host(self) -> str:
        return url_host(self.url)

    @classmethod
    def from_data(cls, data: Any) -> Source:
        if isinstance(data, str):
            return cls(data)
        return cls(data["url"], tuple(data.get("supports", ())), data.get("title"))


def url_host(url: str) -> str:
    """The lower-case host of an http(s) address ("" when there is none)."""
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def within(url: str, domains: Iterable[str]) -> bool:
    """Whether `url` is published on one of `domains`: its host is the domain or a subdomain of it,
    and, for a domain written with a path (`github.com/freeCodeCamp`), its path starts there
    (case-insensitively, as such hosts treat paths)."""
    from urllib.parse import urlsplit

    host = url_host(url)
    if not host:
        return False
    for domain in domains:
        name, _, prefix = domain.partition("/")
        if host != name and not host.endswith("." + name):
            continue
        if not prefix:
            return True
        path = urlsplit(url).path.lower().rstrip("/") + "/"
        if path.startswith("/" + prefix.lower().rstrip("/") + "/"):
            return True
    return False


@dataclass(frozen=True, slots=True)
class Mark:
    """Evidence for "not found": the day a fact was looked for and the pages read."""

    checked: str
    pages: tuple[str, ...]
    note: str | None = None

    @property
    def has_evidence(self) -> bool:
        return bool(self.pages)

    @classmethod
    def from_data(cls, data: Any) -> Mark:
        if isinstance(data, str):  # an older mark: the date only, the pages read not recorded
            return cls(data, ())
        return cls(data["checked"], tuple(data["pages"]), data.get("note"))


@dataclass(slots=True)
class ExamPrice:
    amount: float
    currency: str
    region: str | None = None


@dataclass(slots=True)
class Preparation:
    title: str
    url: str


@dataclass(slots=True)
class Exam:
    """The exam a certification is awarded on, as published."""

    version: str | None = None
    minutes: int | None = None
    questions: int | None = None
    questions_max: int | None = None
    passing_score: str | None = None
    delivery: list[str] = field(default_factory=list)
    price: ExamPrice | None = None
    retake_policy: str | None = None
    preparation: list[Preparation] = field(default_factory=list)


@dataclass(slots=True)
class StackLink:
    credential: str
    relation: str
    note: str | None = None


@dataclass(slots=True)
class Recognition:
    type: str
    description: str
    url: str | None = None


@dataclass(slots=True)
class StageItem:
    kind: Literal["credential", "skill"]
    id: str

    @classmethod
    def from_data(cls, data: Any) -> StageItem:
        kind: Literal["credential", "skill"] = "credential" if "credential" in data else "skill"
        return cls(kind, data[kind])


@dataclass(slots=True)
class Stage:
    name: str
    rule: str
    items: list[StageItem]
    count: int | None = None
    optional: bool = False
    description: str | None = None

    @property
    def required_count(self) -> int:
        if self.rule == "all":
            return len(self.items)
        if self.rule == "any":
            return 1
        return self.count or 1


@dataclass(frozen=True, slots=True)
class EscoAlignment:
    uri: str
    label: str
    match: str


@dataclass(frozen=True, slots=True)
class RefusedHost:
    host: str
    reason: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """catalogue/source-policy.yaml: hosts no fact may rest on, and the third-party rule."""

    third_party: str
    refused: tuple[RefusedHost, ...] = ()

    def refusal(self, url: str) -> RefusedHost | None:
        """The refused host `url` is on (the host itself or a parent domain), if any."""
        host = url_host(url)
        if not host:
            return None
        for item in self.refused:
            if host == item.host or host.endswith("." + item.host):
                return item
        return None

    @classmethod
    def from_data(cls, data: Any) -> SourcePolicy:
        refused = tuple(RefusedHost(i["host"], i["reason"], i.get("note")) for i in data.get("refused", ()))
        return cls(data["third_party"], refused)


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    description: str
    esco: str | None = None


FactStatus = Literal["filled", "unpublished", "not_applicable", "unrecorded"]

#: Assessment types whose credential is awarded on an exam: only they have exam facts.
EXAM_ASSESSMENTS = frozenset({"exam", "performance"})
Freshness = Literal["fresh", "stale", "expired", "invalid"]


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


@dataclass(slots=True)
class Route:
    """One way through a pathway: the items chosen per stage and what they add up to.

    Figures a provider does not publish are counted in the `*_unknown` fields rather than
    guessed, so a total reads "at least N hours (2 items without published hours)".
    """

    choices: list[list[StageItem]] = field(default_factory=list)
    hours: float = 0.0
    hours_unknown: int = 0
    weeks: float = 0.0
    weeks_unknown: int = 0
    cost: dict[str, float] = field(default_factory=dict)
    cost_unknown: int = 0
    credentials: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PathwayTotals:
    cheapest: Route
    fastest: Route


# --- facts --------------------------------------------------------------------------------------


@cache
def comparable_facts() -> tuple[str, ...]:
    """The facts people compare credentials on (common.schema.json `$defs/fact`), in page order."""
    from generator.schemas import COMMON, load_schemas

    return tuple(load_schemas()[COMMON]["$defs"]["fact"]["enum"])


@cache
def _fact_fields(kind: str, fact: str) -> tuple[schema_fields.FieldInfo, ...]:
    return tuple(info for info in schema_fields.fields(kind) if info.fact == fact)


@cache
def _fact_reverses(kind: str, fact: str) -> tuple[str, ...]:
    """Reverse links on `kind` whose forward field records `fact` (another credential stacking
    into this one is stacking too)."""
    found = []
    for ref in schema_fields.references():
        if ref.target != kind or ref.reverse is None:
            continue
        if any(info.fact == fact and ref.path[: len(info.path)] == info.path for info in _fact_fields(ref.kind, fact)):
            found.append(ref.reverse)
    return tuple(found)


def _present(data: Any, path: tuple[str, ...]) -> bool:
    return any(value not in (None, "", [], {}) for _, value in schema_fields.values_at(data, path))


# --- building entities from data ----------------------------------------------------------------


_MISSING = object()


def _get(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _convert(value: Any, hint: Any) -> Any:
    """Data as written (dicts, lists, text) to the model's types: nested dataclasses get only the
    keys they declare, so a sub-field added to the schema alone cannot break the builder."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(value, options[0]) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_convert(v, item) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, item = typing.get_args(hint)
        return {k: _convert(v, item) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        from_data = getattr(hint, "from_data", None)
        if from_data is not None:
            return from_data(value)
        return construct(hint, value)
    return value


def construct(cls: type[Any], data: dict[str, Any], **given: Any) -> Any:
    """An instance of dataclass `cls` from `data`, each field read from its source path."""
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in given:
            kwargs[f.name] = given[f.name]
            continue
        if not f.init or f.metadata.get("computed"):
            continue
        value = _get(data, f.metadata.get("from", f.name))
        if value is not _MISSING and value is not None:
            kwargs[f.name] = _convert(value, hints[f.name])
    return cls(**kwargs)


_CLASSES: dict[str, type[Entry]] = {}


def model_class(kind: str) -> type[Entry]:
    """The registry's model class for `kind`, or a generic one with the common fields."""
    found = _CLASSES.get(kind)
    if found is not None:
        return found
    name = spec(kind).model
    cls: type[Entry]
    if name is not None:
        cls = globals()[name]
    else:
        cls = dataclass(slots=True)(type(f"{kind.title().replace('-', '')}Entry", (Entry,), {"__annotations__": {}}))
        cls.kind = kind
    _CLASSES[kind] = cls
    return cls


def build_entry(kind: str, data: dict[str, Any], file: str) -> Entry:
    entry: Entry = construct(model_class(kind), data, file=file, raw=data)
    return entry


_SOURCES: dict[type, frozenset[str]] = {}


def model_sources(cls: type[Entry]) -> frozenset[str]:
    """Top-level schema fields a model class reads (and so shows in its own way)."""
    found = _SOURCES.get(cls)
    if found is None:
        found = _SOURCES[cls] = frozenset(path.split(".")[0] for _, path in model_fields(cls))
    return found


def model_fields(cls: type[Any]) -> Iterator[tuple[str, str]]:
    """(attribute, schema path) of every field a model class reads from YAML."""
    for f in dataclasses.fields(cls):
        if f.init and not f.metadata.get("computed"):
            yield f.name, str(f.metadata.get("from", f.name))


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

    def __len__(self) -> int:
        return sum(len(table) for table in self.tables.values())
