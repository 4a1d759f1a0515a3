"""One solver (issue 23): a pathway page's cheapest and fastest routes are the plans the
skills-gap planner makes for the same pathway, for someone who holds nothing.

The planner's own code (docs/assets/plan-problem.js and plan-solver.js, under Node.js) plans every
pathway from the planner data the site ships; the routes `check/totals.py` computed for the
pathway pages must take the same credentials at the same weight. Before the two shared one
definition they disagreed on 67 pathway/objective pairs of the bundled catalogue (a stage-by-stage
pick paid USD 944 for five business-analyst credentials where the planner found three).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from microskills.check.pipeline import check
from microskills.check.plan_solver import ProblemStage, solve
from microskills.check.totals import TotalsMemo, plan
from microskills.model import Catalogue
from microskills.site.sections import learner

from tests.conftest import CATALOGUES, REAL_CATALOGUE, REAL_TODAY, REPO, TODAY, materialise

PLANNER = REPO / "tests" / "js" / "plan-pathways.mjs"


def planner_plans(catalogue: Catalogue, today: Any) -> dict[str, Any]:
    """The planner's plans for every pathway, by cost and by hours (tests/js/plan-pathways.mjs)."""
    node = shutil.which("node")
    assert node, "Node.js is missing: `make test` installs it (scripts/ensure-node.sh)"
    data = learner.planner_data(catalogue, today)
    proc = subprocess.run(
        [node, str(PLANNER)], input=json.dumps(data), capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    plans: dict[str, Any] = json.loads(proc.stdout)
    return plans


def disagreements(catalogue: Catalogue, today: Any) -> list[str]:
    planner = planner_plans(catalogue, today)
    memo = TotalsMemo(catalogue)
    found = []
    for pathway in catalogue.pathways.values():
        routes = {"cost": pathway.totals.cheapest, "hours": pathway.totals.fastest}
        for by, route in routes.items():
            theirs = planner[pathway.id][by]
            ours = plan(pathway, memo, by)  # type: ignore[arg-type]
            if sorted(route.credentials) != theirs["credentials"] or list(ours.weight) != theirs["weight"]:
                found.append(f"{pathway.id} by {by}: page {sorted(route.credentials)} {ours.weight}, planner {theirs}")
    return found


def test_every_bundled_pathway_s_routes_are_the_planner_s_plans() -> None:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    assert len(result.catalogue.pathways) >= 50
    assert disagreements(result.catalogue, REAL_TODAY) == []


@pytest.mark.parametrize("case", ["pathway-with-every-rule", "planner-known-optimum"])
def test_example_pathways_routes_are_the_planner_s_plans(case: str, tmp_path: Path) -> None:
    result = check(materialise(CATALOGUES / "positive" / case, tmp_path / case), today=TODAY)
    assert not result.failed(), result.problems
    assert result.catalogue.pathways
    assert disagreements(result.catalogue, TODAY) == []


def test_a_credential_that_meets_two_stages_beats_one_per_stage() -> None:
    """Stage by stage, each stage's cheapest pick costs 30 + 30; one credential meeting both
    costs 50: the whole-pathway plan takes it."""
    weights = {"a": (0, 0, 30.0, 1), "b": (0, 0, 30.0, 1), "both": (0, 0, 50.0, 1)}
    stages = [ProblemStage(1, [["a", "both"]]), ProblemStage(1, [["b", "both"]])]
    solution = solve(stages, weights.__getitem__)
    assert solution.chosen == ["both"] and solution.optimal
    assert solution.weight == (0, 0, 50.0, 1)


def test_forced_credentials_are_taken_and_the_budget_is_honest() -> None:
    """A stage of 400 named credentials has one plan: all of them, found without searching (it
    used to run the search 400 levels deep); a budget too small for a real choice says the plan is
    not proven best."""
    stage = ProblemStage(400, [[f"c{i}"] for i in range(400)])
    solution = solve([stage], lambda c: (0, 0, 1.0, 1))
    assert len(solution.chosen) == 400 and solution.optimal and solution.nodes == 0
    choice = [ProblemStage(3, [[f"x{i}", f"y{i}"] for i in range(8)])]
    tight = solve(choice, lambda c: (0, 0, 2.0 if c.startswith("x") else 1.0, 1), node_limit=2)
    assert not tight.optimal
    assert len(tight.chosen) == 3 and all(c.startswith("y") for c in tight.chosen)
