"""Value objects of the model: costs, sources, marks, exams, stages, routes. Small, typed, and
shared by the entities, the checks and every view."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

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
    information_technology: bool = True


FactStatus = Literal["filled", "unpublished", "not_applicable", "unrecorded"]

#: Assessment types whose credential is awarded on an exam: only they have exam facts.
EXAM_ASSESSMENTS = frozenset({"exam", "performance"})
Freshness = Literal["fresh", "stale", "expired", "invalid"]


@dataclass(slots=True)
class Route:
    """One way through a pathway: the credentials it takes and what they add up to.

    Figures a provider does not publish are counted in the `*_unknown` fields rather than
    guessed, so a total reads "at least N hours (2 items without published hours)".
    """

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
