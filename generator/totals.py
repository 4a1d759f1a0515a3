"""Pathway totals: what a route through a pathway costs in money, hours and weeks.

Per stage, the items that satisfy its rule (all, any one, at least N) are chosen cheapest or
fastest; a skill item counts as the best credential that teaches it. Figures a provider does not
publish are counted as unknown, never guessed, so a total reads "at least N (2 without ...)".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.model import Catalogue, Credential, Pathway, PathwayTotals, Route, StageItem


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
    amount = credential.sort_cost()
    if amount is None:
        return (2, 0.0, credential.id)
    if amount == 0:
        return (0, 0.0, credential.id)
    return (0 if cost is not None and cost.currency == currency else 1, amount, credential.id)


def _hours_key(credential: Credential) -> tuple[int, float, str]:
    if credential.hours is None:
        return (1, 0.0, credential.id)
    return (0, credential.hours, credential.id)


def _route(pathway: Pathway, catalogue: Catalogue, key: Any) -> Route:
    route = Route()
    chosen: list[str] = []
    for stage in pathway.stages:
        if stage.optional:
            route.choices.append([])
            continue
        options: list[tuple[Any, StageItem, Credential | None]] = []
        for item in stage.items:
            candidates = sorted(_item_figures(item, catalogue), key=key)
            best = candidates[0] if candidates else None
            options.append(((key(best) if best is not None else (3, 0.0, item.id)), item, best))
        options.sort(key=lambda o: o[0])
        picked = options[: stage.required_count]
        route.choices.append([item for _, item, _ in picked])
        for _, _, credential in picked:
            if credential is not None and credential.id not in chosen:
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
        amount = credential.sort_cost()
        if amount is None:
            route.cost_unknown += 1
        elif amount > 0:
            currency = credential.cost.currency if credential.cost and credential.cost.currency else "?"
            route.cost[currency] = route.cost.get(currency, 0.0) + amount
    route.credentials = chosen
    route.cost = dict(sorted(route.cost.items()))
    return route


def compute_totals(pathway: Pathway, catalogue: Catalogue) -> PathwayTotals:
    """Cheapest and fastest ways through the required stages.

    Each stage picks the items it needs (all, any one, or at least N) that are cheapest (or
    have fewest published hours); a skill item is satisfied by the best credential teaching it.
    Prices in the most common currency of the pathway are compared directly; others rank after.
    """
    currencies: dict[str, int] = defaultdict(int)
    for stage in pathway.stages:
        for item in stage.items:
            for credential in _item_figures(item, catalogue):
                if credential.cost is not None and credential.cost.currency:
                    currencies[credential.cost.currency] += 1
    main_currency = max(sorted(currencies), key=lambda c: currencies[c]) if currencies else "USD"
    cheapest = _route(pathway, catalogue, lambda c: _cost_key(c, main_currency))
    fastest = _route(pathway, catalogue, _hours_key)
    return PathwayTotals(cheapest=cheapest, fastest=fastest)
