"""Typed catalogue entities and the kinds they come in.

The link stage turns raw YAML mappings into these; every later stage (lint, render) reads only
these, so a field renamed in the schema is renamed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from generator.load import RawEntry

Kind = Literal["skill", "credential", "provider", "pathway"]

#: Folder under the catalogue root -> kind. The folder name is also the URL segment.
FOLDERS: dict[str, Kind] = {
    "skills": "skill",
    "credentials": "credential",
    "providers": "provider",
    "pathways": "pathway",
}
KIND_FOLDER: dict[Kind, str] = {kind: folder for folder, kind in FOLDERS.items()}


@dataclass(slots=True)
class Cost:
    free: bool = False
    amount: float | None = None
    currency: str | None = None
    billing: str | None = None
    note: str | None = None

    @property
    def known_amount(self) -> float | None:
        """The price in `currency`, 0 when free, None when not published."""
        if self.free and not self.amount:
            return 0.0
        return self.amount


@dataclass(frozen=True, slots=True)
class Source:
    """A page backing an entry's facts; `supports` names the facts it states (empty: not said)."""

    url: str
    supports: tuple[str, ...] = ()
    kind: str = "provider"
    title: str | None = None

    @property
    def third_party(self) -> bool:
        return self.kind == "third-party"


#: The facts people compare credentials on, in the order pages show them. Each is either filled
#: (a value from evidence), marked unpublished (checked on the provider's pages, not there, with
#: the date), or not yet recorded. `Credential.fact_status` is the one place that decides.
COMPARABLE_FACTS: tuple[str, ...] = (
    "cost",
    "workload",
    "duration",
    "level",
    "assessment",
    "validity",
    "recognition",
    "stacking",
    "learning_outcomes",
)

FactStatus = Literal["filled", "unpublished", "unrecorded"]


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


@dataclass(slots=True)
class Entry:
    """Fields common to every kind, plus the source file it came from."""

    id: str
    name: str
    description: str
    sources: list[Source]
    last_verified: str
    file: str
    tags: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    kind: ClassVar[Kind]

    @property
    def url(self) -> str:
        """Site-relative URL of the entry page."""
        return f"{KIND_FOLDER[self.kind]}/{self.id}/"


@dataclass(frozen=True, slots=True)
class EscoAlignment:
    uri: str
    label: str
    match: str


@dataclass(slots=True)
class Skill(Entry):
    kind: ClassVar[Kind] = "skill"
    statement: str = ""
    category: str = ""
    skill_type: str = "skill"
    reuse_level: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    broader: str | None = None
    related: list[str] = field(default_factory=list)
    occupations: list[str] = field(default_factory=list)
    demand: dict[str, str] | None = None
    esco: EscoAlignment | None = None
    # Computed by the link stage.
    credentials: list[str] = field(default_factory=list)
    pathways: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    related_from: list[str] = field(default_factory=list)
    prerequisite_of: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Credential(Entry):
    kind: ClassVar[Kind] = "credential"
    type: str = ""
    provider: str = ""
    page_url: str = ""
    skills: list[str] = field(default_factory=list)
    code: str | None = None
    learning_outcomes: list[str] = field(default_factory=list)
    hours: float | None = None
    ects: float | None = None
    credits: float | None = None
    credit_system: str | None = None
    duration_weeks: float | None = None
    eqf: int | None = None
    difficulty: str | None = None
    assessment: dict[str, Any] | None = None
    participation: str | None = None
    pace: str | None = None
    cost: Cost | None = None
    languages: list[str] = field(default_factory=list)
    quality_assurance: dict[str, Any] | None = None
    recognition: list[Recognition] = field(default_factory=list)
    prerequisite_credentials: list[str] = field(default_factory=list)
    prerequisite_skills: list[str] = field(default_factory=list)
    prerequisite_text: str | None = None
    stacks_into: list[StackLink] = field(default_factory=list)
    validity_months: int | None = None
    expires: bool | None = None
    #: fact -> date it was checked and found not published by the provider.
    unpublished: dict[str, str] = field(default_factory=dict)
    # Computed by the link stage.
    stacked_from: list[tuple[str, str]] = field(default_factory=list)
    pathways: list[str] = field(default_factory=list)
    prerequisite_of: list[str] = field(default_factory=list)

    def has_fact(self, fact: str) -> bool:
        """Whether the entry records a value for `fact` (one of COMPARABLE_FACTS)."""
        if fact == "cost":
            return self.cost is not None
        if fact == "workload":
            return self.hours is not None or self.ects is not None or self.credits is not None
        if fact == "duration":
            return self.duration_weeks is not None
        if fact == "level":
            return self.eqf is not None or self.difficulty is not None
        if fact == "assessment":
            return self.assessment is not None
        if fact == "validity":
            return self.validity_months is not None or self.expires is False
        if fact == "recognition":
            return bool(self.recognition)
        if fact == "stacking":
            return bool(self.stacks_into or self.stacked_from)
        if fact == "learning_outcomes":
            return bool(self.learning_outcomes)
        raise KeyError(fact)

    def fact_status(self, fact: str) -> FactStatus:
        if self.has_fact(fact):
            return "filled"
        return "unpublished" if fact in self.unpublished else "unrecorded"

    def fact_sources(self, fact: str) -> list[Source]:
        """The sources that say they state `fact`."""
        return [source for source in self.sources if fact in source.supports]


@dataclass(slots=True)
class Provider(Entry):
    kind: ClassVar[Kind] = "provider"
    type: str = ""
    page_url: str = ""
    country: str | None = None
    accreditation: list[str] = field(default_factory=list)
    parent: str | None = None
    # Computed by the link stage.
    credentials: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Pathway(Entry):
    kind: ClassVar[Kind] = "pathway"
    goal: str = ""
    eqf: int | None = None
    difficulty: str | None = None
    destination: str | None = None
    stages: list[Stage] = field(default_factory=list)
    # Computed by the link stage.
    totals: PathwayTotals | None = None


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    description: str
    esco: str | None = None


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


@dataclass
class Catalogue:
    skills: dict[str, Skill] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    providers: dict[str, Provider] = field(default_factory=dict)
    pathways: dict[str, Pathway] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    #: The schema-valid categories.yaml the categories came from (its text is linted like entries').
    categories_source: RawEntry | None = None
    #: False when some entry file could not be used (parse, schema, name or id errors): facts about
    #: the whole catalogue, such as "no credential teaches this skill", are then not reliable.
    complete: bool = True

    def of_kind(self, kind: Kind) -> dict[str, Any]:
        table: dict[Kind, dict[str, Any]] = {
            "skill": self.skills,
            "credential": self.credentials,
            "provider": self.providers,
            "pathway": self.pathways,
        }
        return table[kind]

    def entries(self) -> Iterable[Entry]:
        yield from self.skills.values()
        yield from self.credentials.values()
        yield from self.providers.values()
        yield from self.pathways.values()

    def __len__(self) -> int:
        return len(self.skills) + len(self.credentials) + len(self.providers) + len(self.pathways)
