"""Pathway totals: what a route through a pathway costs in money, hours and weeks.

The cheapest and the fastest route are the plans the skills-gap planner makes for the pathway for
someone who has nothing yet (issue 23, "one solver"): the same problem as
`docs/assets/plan-problem.js` builds, solved by the port of its solver (`plan_solver`). A
credential can meet items in several stages, so a route is chosen for the whole pathway, not
stage by stage. Figures a provider does not publish are counted as unknown, never guessed, so a
total reads "at least N (2 without ...)"; a monthly or yearly price counts once per month or year
of the published duration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from microskills.check.plan_solver import ProblemStage, Solution, Weight, solve
from microskills.model import Catalogue, CostStatus, Credential, Pathway, PathwayTotals, Route
from microskills.model.entities import difficulty_rank

Objective = Literal["cost", "hours"]


class TotalsMemo:
    """What every pathway of one catalogue shares, worked out once per credential or skill rather
    than once per item that names it: who teaches each skill (in the planner's order, by id), each
    credential's price and weights."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._teachers: dict[str, list[str]] = {}
        self._prices: dict[str, tuple[float, str] | None] = {}
        self._weights: dict[tuple[Objective, str | None, int], dict[str, Weight]] = {}

    def price(self, credential_id: str) -> tuple[float, str] | None:
        if credential_id not in self._prices:
            self._prices[credential_id] = _price(self.catalogue.credentials[credential_id])
        return self._prices[credential_id]

    def weigher(self, by: Objective, main: str | None, level: int) -> Callable[[str], Weight]:
        """Credential id -> its weight for one objective, main currency and goal level."""
        known = self._weights.setdefault((by, main, level), {})
        credentials = self.catalogue.credentials

        def weight(credential_id: str) -> Weight:
            found = known.get(credential_id)
            if found is None:
                credential = credentials[credential_id]
                found = known[credential_id] = _weight(credential, self.price(credential_id), by, main, level)
            return found

        return weight

    def teachers(self, skill_id: str) -> list[str]:
        """The credentials that teach a skill, by id (the planner's `teachersOf` order)."""
        found = self._teachers.get(skill_id)
        if found is None:
            skill = self.catalogue.skills[skill_id]
            found = self._teachers[skill_id] = sorted(
                c for c in set(skill.credentials) if c in self.catalogue.credentials
            )
        return found


def _price(credential: Credential) -> tuple[float, str] | None:
    """The amount over the published duration and its currency, as the planner's data has it:
    None unless a price is published (free is (0, ""))."""
    if credential.cost_status is CostStatus.FREE:
        return (0.0, "")
    currency = credential.price_currency
    amount = credential.expected_cost()
    return (amount, currency) if currency is not None and amount is not None else None


def _problem(pathway: Pathway, memo: TotalsMemo) -> list[ProblemStage[str]]:
    """The planner's problem for the pathway and someone who holds nothing (plan-problem.js
    `makePlan`): every required stage needs its count of items; a skill is met by any credential
    that teaches it, a credential by itself. References that do not resolve are left out, as
    the planner's data leaves them out."""
    catalogue = memo.catalogue
    stages: list[ProblemStage[str]] = []
    for stage in pathway.stages:
        lists: list[list[str]] = []
        for item in stage.items:
            if item.kind == "skill" and item.id in catalogue.skills:
                lists.append(memo.teachers(item.id))
            elif item.kind == "credential" and item.id in catalogue.credentials:
                lists.append([item.id])
        required = min(stage.required_count, len(lists))
        if not stage.optional and required > 0:
            stages.append(ProblemStage(need=required, items=lists))
    return stages


def _main_currency(stages: Sequence[ProblemStage[str]], memo: TotalsMemo) -> str | None:
    """The currency most candidates are priced in, counted per item as the planner counts them
    (ties: the first code)."""
    counts: dict[str, int] = {}
    for stage in stages:
        for options in stage.items:
            for credential_id in options:
                price = memo.price(credential_id)
                if price is not None and price[1]:
                    counts[price[1]] = counts.get(price[1], 0) + 1
    return min(counts, key=lambda code: (-counts[code], code)) if counts else None


def far_above(credential: Credential, level: int) -> int:
    """plan-problem.js `farAbove`: 1 when the credential is two or more difficulties above the
    goal's (an advanced exam for a beginner pathway), 0 when either has none."""
    own = difficulty_rank(credential.difficulty)
    return 1 if level > 0 and own > 0 and own >= level + 2 else 0


def _weight(
    credential: Credential, price: tuple[float, str] | None, by: Objective, main: str | None, level: int
) -> Weight:
    """plan-problem.js `weightFunction`: far above the goal's level first, so a plan takes such
    a credential only where nothing nearer meets the item; then an unpublished price or workload
    is never guessed and never taken as free, and a price in another currency ranks after every
    price in the main one."""
    far = far_above(credential, level)
    if by == "hours":
        hours = credential.hours or None
        return (far, 1 if hours is None else 0, hours or 0, 1)
    no_price = 0 if price is not None else 1
    foreign = 1 if price is not None and price[1] and price[1] != main else 0
    amount = price[0] if price is not None and not foreign else 0
    return (far, no_price, foreign, amount, 1)


def _route(solution: Solution[str], catalogue: Catalogue) -> Route:
    """What a plan adds up to; requirements nothing can meet count as unknown in every figure."""
    route = Route()
    # In pathway order: by the first requirement (stage, item) each credential meets.
    order = sorted(range(len(solution.chosen)), key=lambda k: min(solution.covers[k], default=(0, 0)))
    route.credentials = [solution.chosen[k] for k in order]
    unmet = sum(solution.short)
    route.hours_unknown = route.weeks_unknown = route.cost_unknown = unmet
    for credential_id in route.credentials:
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
    route.cost = dict(sorted(route.cost.items()))
    return route


def plan(
    pathway: Pathway, memo: TotalsMemo, by: Objective, stages: Sequence[ProblemStage[str]] | None = None
) -> Solution[str]:
    """The planner's plan for the pathway by cost or by hours, for someone who holds nothing
    (`stages`: the pathway's problem, when the caller has it already)."""
    stages = _problem(pathway, memo) if stages is None else stages
    main = _main_currency(stages, memo) if by == "cost" else None
    level = difficulty_rank(pathway.difficulty)
    return solve(stages, memo.weigher(by, main, level), width=4 if by == "hours" else 5)


def compute_totals(pathway: Pathway, catalogue: Catalogue, memo: TotalsMemo | None = None) -> PathwayTotals:
    """The cheapest and the fastest routes through the pathway's required stages."""
    memo = memo if memo is not None else TotalsMemo(catalogue)
    stages = _problem(pathway, memo)
    return PathwayTotals(
        cheapest=_route(plan(pathway, memo, "cost", stages), catalogue),
        fastest=_route(plan(pathway, memo, "hours", stages), catalogue),
    )


def compute_all_totals(catalogue: Catalogue) -> None:
    """Totals of every pathway, sharing who-teaches-what across them."""
    memo = TotalsMemo(catalogue)
    for pathway in catalogue.pathways.values():
        pathway.totals = compute_totals(pathway, catalogue, memo)
