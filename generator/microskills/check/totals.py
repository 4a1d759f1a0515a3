"""Pathway totals: what a route through a pathway costs in money, hours and weeks.

Per stage, the items that satisfy its rule (all, any one, at least N) are chosen cheapest or
fastest; a skill item counts as the best credential that teaches it. Figures a provider does not
publish are counted as unknown, never guessed, so a total reads "at least N (2 without ...)". A
monthly or yearly price counts once per month or year of the published duration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from microskills.model import Catalogue, Credential, Pathway, PathwayTotals, Route, StageItem


def _item_figures(item: StageItem, catalogue: Catalogue) -> list[Credential]:
    """The credentials that can satisfy an item: itself, or every credential teaching the skill."""
    if item.kind == "credential":
        credential = catalogue.credentials.get(item.id)
        return [credential] if credential is not None else []
    skill = catalogue.skills.get(item.id)
    if skill is None:
        return []
    return [catalogue.credentials[c] for c in skill.credentials if c in catalogue.credentials]


def _cost_key(credential: Credential, currency: str) -> tuple[int, float, str]:
    cost = credential.cost
    amount = credential.expected_cost()
    if amount is None:
        return (2, 0.0, credential.id)
    if amount == 0:
        return (0, 0.0, credential.id)
    return (0 if cost is not None and cost.currency == currency else 1, amount, credential.id)


def _hours_key(credential: Credential) -> tuple[int, float, str]:
    if credential.hours is None:
        return (1, 0.0, credential.id)
    return (0, credential.hours, credential.id)


#: The best credential for an item under one ranking, kept across items and pathways: a skill
#: taught by many credentials is ranked once per ranking, not once per item that names it.
Best = Callable[[StageItem], Credential | None]


def _best_of(catalogue: Catalogue, key: Any, memo: dict[tuple[str, str], Credential | None]) -> Best:
    def best(item: StageItem) -> Credential | None:
        known = (item.kind, item.id)
        if known not in memo:
            memo[known] = min(_item_figures(item, catalogue), key=key, default=None)
        return memo[known]

    return best


def _route(pathway: Pathway, key: Any, best_for: Best, catalogue: Catalogue) -> Route:
    route = Route()
    chosen: list[str] = []
    chosen_ids: set[str] = set()  # `in chosen` on the list was quadratic in the pathway's size
    for stage in pathway.stages:
        if stage.optional:
            route.choices.append([])
            continue
        options: list[tuple[Any, StageItem, Credential | None]] = []
        for item in stage.items:
            best = best_for(item)
            options.append(((key(best) if best is not None else (3, 0.0, item.id)), item, best))
        options.sort(key=lambda o: o[0])
        picked = options[: stage.required_count]
        route.choices.append([item for _, item, _ in picked])
        for _, _, credential in picked:
            if credential is not None and credential.id not in chosen_ids:
                chosen_ids.add(credential.id)
                chosen.append(credential.id)
            elif credential is None:
                route.hours_unknown += 1
                route.weeks_unknown += 1
                route.cost_unknown += 1
    for credential_id in chosen:
        credential = catalogue.credentials[credential_id]
        if credential.hours is None:
            route.hours_unknown += 1
        else:
            route.hours += credential.hours
        if credential.duration_weeks is None:
            route.weeks_unknown += 1
        else:
            route.weeks += credential.duration_weeks
        amount = credential.expected_cost()  # a subscription over its published duration
        if amount is None:
            route.cost_unknown += 1
        elif amount > 0:
            currency = credential.cost.currency if credential.cost and credential.cost.currency else "?"
            route.cost[currency] = route.cost.get(currency, 0.0) + amount
    route.credentials = chosen
    route.cost = dict(sorted(route.cost.items()))
    return route


class TotalsMemo:
    """Rankings shared by the pathways of one catalogue (see `Best`)."""

    def __init__(self) -> None:
        self.cheapest: dict[str, dict[tuple[str, str], Credential | None]] = defaultdict(dict)
        self.fastest: dict[tuple[str, str], Credential | None] = {}
        self.currencies: dict[tuple[str, str], dict[str, int]] = {}

    def item_currencies(self, item: StageItem, catalogue: Catalogue) -> dict[str, int]:
        """How many of the credentials that can satisfy `item` are priced in each currency."""
        known = (item.kind, item.id)
        if known not in self.currencies:
            counts: dict[str, int] = defaultdict(int)
            for credential in _item_figures(item, catalogue):
                if credential.cost is not None and credential.cost.currency:
                    counts[credential.cost.currency] += 1
            self.currencies[known] = dict(counts)
        return self.currencies[known]


def compute_totals(pathway: Pathway, catalogue: Catalogue, memo: TotalsMemo | None = None) -> PathwayTotals:
    """Cheapest and fastest ways through the required stages.

    Each stage picks the items it needs (all, any one, or at least N) that are cheapest (or
    have fewest published hours); a skill item is satisfied by the best credential teaching it.
    Prices in the most common currency of the pathway are compared directly; others rank after.
    """
    memo = memo if memo is not None else TotalsMemo()
    currencies: dict[str, int] = defaultdict(int)
    for stage in pathway.stages:
        for item in stage.items:
            for currency, count in memo.item_currencies(item, catalogue).items():
                currencies[currency] += count
    main_currency = max(sorted(currencies), key=lambda c: currencies[c]) if currencies else "USD"
    cost_key = lambda c: _cost_key(c, main_currency)  # noqa: E731
    cheapest = _route(pathway, cost_key, _best_of(catalogue, cost_key, memo.cheapest[main_currency]), catalogue)
    fastest = _route(pathway, _hours_key, _best_of(catalogue, _hours_key, memo.fastest), catalogue)
    return PathwayTotals(cheapest=cheapest, fastest=fastest)


def compute_all_totals(catalogue: Catalogue) -> None:
    """Totals of every pathway, sharing rankings (linear in the catalogue and its pathways)."""
    memo = TotalsMemo()
    for pathway in catalogue.pathways.values():
        pathway.totals = compute_totals(pathway, catalogue, memo)
