"""The planner's search, in Python: which credentials to take so every stage of a goal is met.

This is a line-for-line port of `docs/assets/plan-solver.js` so that a pathway page's cheapest and
fastest routes are the plans the skills-gap planner makes for the same pathway (issue 23: "one
solver"). `tests/test_one_solver.py` runs both on every pathway of the catalogue and checks that
they choose the same credentials; change the two together.

The problem is a weighted set multicover: each stage needs `need` more of its items, an item is
met by any credential in its list, and a credential's weight is a tuple compared
lexicographically. Steps: credentials no plan can do without are taken first (an item with one
candidate in a stage that needs every item it can meet); then the greedy plan (Chvátal 1979,
Wolsey 1982), then an exact branch and bound from it within a node budget.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key
from typing import Generic, TypeVar

#: Steps of the exact search (the planner page passes the same `PLAN_NODE_LIMIT`).
NODE_LIMIT = 50_000

C = TypeVar("C", bound=Hashable)
Weight = tuple[float, ...]
Requirement = tuple[int, int]


@dataclass(frozen=True, slots=True)
class ProblemStage(Generic[C]):
    """`need` more of `items`; each item is the list of credentials that meet it."""

    need: int
    items: Sequence[Sequence[C]]


@dataclass(slots=True)
class Solution(Generic[C]):
    chosen: list[C]
    weight: Weight
    greedy: list[C]
    greedy_weight: Weight
    optimal: bool
    nodes: int
    short: list[int] = field(default_factory=list)
    need: list[int] = field(default_factory=list)
    covers: list[list[Requirement]] = field(default_factory=list)


def _add(a: Weight, b: Weight) -> Weight:
    return tuple(map(operator.add, a, b))


def solve(
    stages: Sequence[ProblemStage[C]],
    weight: Callable[[C], Weight],
    *,
    node_limit: int = NODE_LIMIT,
    width: int = 0,
) -> Solution[C]:
    """The best plan (see plan-solver.js `solve`); ties are broken as the planner breaks them,
    by the order in which credentials first appear in the stages' item lists."""
    need: list[int] = []
    short: list[int] = []
    candidates: list[C] = []
    covers_of: dict[C, list[Requirement]] = {}
    for s, stage in enumerate(stages):
        coverable = 0
        for i, options in enumerate(stage.items):
            if options:
                coverable += 1
            for c in options:
                pairs = covers_of.get(c)
                if pairs is None:
                    pairs = covers_of[c] = []
                    candidates.append(c)
                if not pairs or pairs[-1] != (s, i):  # pairs go in (s, i) order: a repeat is the last one
                    pairs.append((s, i))
        need.append(min(stage.need, coverable))
        short.append(max(0, stage.need - coverable))
    weight_of = {c: tuple(weight(c)) for c in candidates}
    size = len(weight_of[candidates[0]]) if candidates else width
    zero: Weight = (0,) * size
    rank = {c: k for k, c in enumerate(candidates)}
    hits = [[0] * len(stage.items) for stage in stages]
    met = [0] * len(stages)
    deficit = sum(need)

    def gain(c: C) -> int:
        newly: dict[int, int] = {}
        for s, i in covers_of[c]:
            if hits[s][i] == 0:
                newly[s] = newly.get(s, 0) + 1
        return sum(min(need[s], met[s] + count) - min(need[s], met[s]) for s, count in newly.items())

    def apply(c: C, sign: int) -> None:
        nonlocal deficit
        for s, i in covers_of[c]:
            before = min(need[s], met[s])
            if sign > 0:
                hits[s][i] += 1
                if hits[s][i] == 1:
                    met[s] += 1
            else:
                hits[s][i] -= 1
                if hits[s][i] == 0:
                    met[s] -= 1
            deficit -= min(need[s], met[s]) - before

    def better(c1: C, g1: int, c2: C, g2: int) -> bool:
        """Lower weight per requirement met (w1*g2 < w2*g1, in the same floating point as the
        planner), then more requirements met, then first seen."""
        for x, y in zip(weight_of[c1], weight_of[c2], strict=True):
            if x * g2 != y * g1:
                return x * g2 < y * g1
        if g1 != g2:
            return g1 > g2
        return rank[c1] < rank[c2]

    # 0. Forced: a stage that needs every item it can meet cannot do without an item's only
    # candidate.
    forced: list[C] = []
    in_plan: set[C] = set()
    for s, stage in enumerate(stages):
        if need[s] == 0 or need[s] < sum(1 for options in stage.items if options):
            continue
        for options in stage.items:
            if len(options) == 1 and options[0] not in in_plan:
                c = options[0]
                forced.append(c)
                in_plan.add(c)
                apply(c, 1)
    # Added in the order taken, from zero, as the planner adds them (the same floating point).
    forced_weight = tuple(sum(column) for column in zip(*(weight_of[c] for c in forced), strict=True)) or zero

    # 1. Greedy.
    greedy: list[C] = []
    greedy_weight = forced_weight
    while deficit > 0:
        best: C | None = None
        best_gain = 0
        for c in candidates:
            if c in in_plan:
                continue
            g = gain(c)
            if g > 0 and (best is None or better(c, g, best, best_gain)):
                best, best_gain = c, g
        if best is None:
            break  # cannot happen: need was lowered to what can be met
        greedy.append(best)
        in_plan.add(best)
        apply(best, 1)
        greedy_weight = _add(greedy_weight, weight_of[best])
    for c in reversed(greedy):
        apply(c, -1)
        in_plan.discard(c)

    # 2. Branch and bound from the greedy plan.
    incumbent = forced + greedy
    incumbent_weight = greedy_weight
    chosen = list(forced)
    banned: set[C] = set()
    nodes = 0
    aborted = False

    def search(weight_so_far: Weight) -> None:
        nonlocal nodes, aborted, incumbent, incumbent_weight
        nodes += 1
        if nodes > node_limit:
            aborted = True
            return
        if deficit == 0:
            if weight_so_far < incumbent_weight:
                incumbent_weight = weight_so_far
                incumbent = list(chosen)
            return
        pick: list[C] | None = None
        bound = zero
        for s, stage in enumerate(stages):
            if met[s] >= need[s]:
                continue
            options: list[C] = []
            seen: set[C] = set()
            cheapest: Weight | None = None
            for i, listed in enumerate(stage.items):
                if hits[s][i] > 0:
                    continue
                for c in listed:
                    if c in in_plan or c in banned or c in seen:
                        continue
                    seen.add(c)
                    options.append(c)
                    if cheapest is None or weight_of[c] < cheapest:
                        cheapest = weight_of[c]
            if cheapest is None:
                return  # this branch can no longer meet stage s
            if cheapest > bound:
                bound = cheapest
            if pick is None or len(options) < len(pick):
                pick = options
        if pick is None or _add(weight_so_far, bound) >= incumbent_weight:
            return
        gains = {c: gain(c) for c in pick}
        pick.sort(key=cmp_to_key(lambda a, b: 0 if a == b else (-1 if better(a, gains[a], b, gains[b]) else 1)))
        tried: list[C] = []
        for c in pick:
            if aborted:
                break
            in_plan.add(c)
            chosen.append(c)
            apply(c, 1)
            search(_add(weight_so_far, weight_of[c]))
            apply(c, -1)
            chosen.pop()
            in_plan.discard(c)
            banned.add(c)
            tried.append(c)
        for c in tried:
            banned.discard(c)

    if deficit > 0:
        # Each level of the search takes one more credential: at most `deficit` levels deep.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, deficit + len(forced) + 200))
        try:
            search(forced_weight)
        finally:
            sys.setrecursionlimit(limit)

    return Solution(
        chosen=incumbent,
        weight=incumbent_weight,
        greedy=forced + greedy,
        greedy_weight=greedy_weight,
        optimal=not aborted,
        nodes=nodes,
        short=short,
        need=need,
        covers=[covers_of[c] for c in incumbent],  # not to be changed by the caller
    )
