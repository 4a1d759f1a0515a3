// @ts-check
/* The planner's plans for every pathway of some planner data (JSON on standard input), for
 * someone who holds nothing, by cost and by hours: tests/test_one_solver.py checks that the
 * pathway pages' routes (generator/microskills/check/totals.py) are these plans.
 *
 *     node tests/js/plan-pathways.mjs < site/data/planner.json
 */

import { readFileSync } from "node:fs";
import { makePlan } from "../../docs/assets/plan-problem.js";
import { decodePlannerData } from "../../docs/assets/planner-data.js";

const raw = JSON.parse(readFileSync(0, "utf8"));
const data = decodePlannerData(raw);
/** @type {Record<string, unknown>} */
const out = Object.create(null);
data.pathwayIndex.forEach((_, id) => {
  /** @type {Record<string, unknown>} */
  const plans = Object.create(null);
  for (const by of /** @type {const} */ (["cost", "hours"])) {
    const state = { goal: /** @type {const} */ ("pathway"), pathway: id, want: [], ad: 0, have: [], held: [], by, optional: false, dropped: 0 };
    const plan = makePlan(data, state);
    plans[by] = {
      credentials: plan.solution.chosen.map((c) => data.credIds.get(c)).sort(),
      weight: plan.solution.weight,
      optimal: plan.solution.optimal,
    };
  }
  out[id] = plans;
});
process.stdout.write(JSON.stringify(out));
