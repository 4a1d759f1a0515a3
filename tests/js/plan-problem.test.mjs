// @ts-check
/* From an address to a plan, without a page: plan-problem.js on the planner data the generator
 * wrote for test catalogues (tests/js/vectors/), the known best plans (known-plans.json) and
 * their totals in the planner's words (plan-words.js). */

import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePlannerAddress } from "../../docs/assets/planner-state.js";
import { holdings, mainCurrency, makePlan, targetStages, weightFunction } from "../../docs/assets/plan-problem.js";
import { compare } from "../../docs/assets/plan-solver.js";
import { costText, number, plural, ruleText, totals } from "../../docs/assets/plan-words.js";
import { decodePlannerData } from "../../docs/assets/planner-data.js";
import { vector } from "./helpers.mjs";

/** @typedef {import("../../docs/assets/planner-data.js").PlannerGraph} PlannerGraph */

/** @param {string} name */
function graph(name) {
  return decodePlannerData(vector("planner-" + name + ".json").data);
}

/** @param {PlannerGraph} data */
function known(data) {
  return {
    pathway: (/** @type {string} */ id) => data.pathwayIndex.has(id),
    skill: (/** @type {string} */ id) => data.skillIndex(id) >= 0,
    credential: (/** @type {string} */ id) => data.credIndex(id) >= 0,
  };
}

/**
 * The plan for an address, as the planner makes it.
 * @param {PlannerGraph} data
 * @param {string} address
 */
function planFor(data, address) {
  const state = parsePlannerAddress(address, known(data));
  return { state, plan: makePlan(data, state) };
}

const optimum = graph("planner-known-optimum");
/** @type {{why: string, address: string, best: string[], cost: string, hours?: string, greedy_is_worse?: boolean}[]} */
const KNOWN = vector("known-plans.json").plans;

for (const known of KNOWN) {
  test("known best plan: " + known.why, () => {
    const { plan } = planFor(optimum, known.address);
    const chosen = plan.solution.chosen.map((c) => optimum.credIds.get(c));
    assert.deepEqual([...chosen].sort(), known.best);
    assert.ok(plan.solution.optimal);
    const sums = totals(optimum, plan.solution.chosen);
    assert.equal(sums.cost, known.cost);
    if (known.hours) assert.equal(sums.hours, known.hours);
    if (known.greedy_is_worse) assert.ok(compare(plan.solution.greedyWeight, plan.solution.weight) > 0);
  });
}

test("a counted stage's open items are met by credentials of the plan, as many as it needs", () => {
  const { plan } = planFor(optimum, KNOWN[0].address);
  const counted = plan.views.filter((view) => view.problemIndex >= 0);
  assert.deepEqual(
    counted.map((view) => view.stage.name),
    ["Survey skills", "Evidence of practice"],
  );
  for (const view of counted) {
    const by = view.open.map((_item, open) => plan.coveredBy.get(view.problemIndex + ":" + open));
    const met = by.filter((c) => c !== undefined);
    assert.ok(met.every((c) => plan.solution.chosen.includes(/** @type {number} */ (c))));
    assert.equal(met.length, view.stage.rule === "all" ? view.open.length : 1);
  }
  // The optional stage is shown, not planned.
  const optional = plan.views.filter((view) => view.stage.optional);
  assert.equal(optional.length, 1);
  assert.equal(optional[0].counted, false);
});

test("what the learner has: marked skills, held credentials and the skills those teach", () => {
  const state = parsePlannerAddress(
    "?pathway=survey-analyst-test-route&have=survey-weighting&held=portfolio-review-badge",
    known(optimum),
  );
  const mine = holdings(optimum, state);
  const badge = optimum.credIndex("portfolio-review-badge");
  assert.deepEqual([...mine.credentials], [badge]);
  assert.equal(mine.skills.get(optimum.skillIndex("survey-weighting")), null);
  for (const s of optimum.skillsOf(badge)) {
    if (s !== optimum.skillIndex("survey-weighting")) assert.equal(mine.skills.get(s), badge);
  }
  const { plan } = planFor(optimum, "?pathway=survey-analyst-test-route&held=portfolio-review-badge");
  const evidence = plan.views.filter((view) => view.stage.name === "Evidence of practice")[0];
  assert.equal(evidence.have, 1);
  assert.equal(evidence.problemIndex, -1);
});

test("skills chosen one by one are one stage of them all", () => {
  const state = parsePlannerAddress("?want=survey-weighting&want=open-response-coding", known(optimum));
  assert.equal(state.goal, "skills");
  const stages = targetStages(optimum, state);
  assert.equal(stages.length, 1);
  assert.equal(stages[0].rule, "all");
  assert.equal(ruleText(stages[0]), "Complete all 2 of these:");
  const { plan } = planFor(optimum, "?want=survey-weighting&want=open-response-coding");
  assert.ok(plan.solution.optimal);
  assert.ok(plan.solution.chosen.length >= 1);
});

test("stages and ids named like members of every object are planned like any other", () => {
  const keys = graph("prototype-keys");
  const { plan } = planFor(keys, "?pathway=constructor");
  assert.deepEqual(
    plan.solution.chosen.map((c) => keys.credIds.get(c)),
    ["constructor"],
  );
  assert.deepEqual(
    plan.views.map((view) => view.stage.name),
    ["constructor", "__proto__", "toString", "hasOwnProperty"],
  );
  assert.equal(totals(keys, plan.solution.chosen).cost, "USD 20");
  const have = planFor(keys, "?pathway=constructor&have=constructor&held=constructor");
  assert.deepEqual(have.plan.solution.chosen, []);
  assert.deepEqual(have.state.held, ["constructor"]);
  assert.equal(have.state.dropped, 0);
});

test("weights: a price is never guessed, another currency is not compared, hours and counts likewise", () => {
  const costs = graph("costs");
  const c = (/** @type {string} */ id) => costs.credIndex(id);
  const problem = { stages: [{ need: 4, items: [0, 1, 2, 3].map((k) => [k]) }], weight: () => [] };
  const usd = mainCurrency(costs, problem);
  assert.equal(costs.raw.currencies[usd], "USD");
  const cheapest = weightFunction(costs, "cost", usd);
  assert.deepEqual(cheapest(c("python-institute-pcep")), [0, 0, 0, 0, 1]); // free
  assert.deepEqual(cheapest(c("python-institute-pcpp1")), [0, 1, 0, 0, 1]); // paid, no price published
  assert.deepEqual(cheapest(c("python-institute-pcap")), [0, 0, 0, 295, 1]);
  assert.deepEqual(weightFunction(costs, "cost", -1)(c("python-institute-pcap")), [0, 0, 1, 0, 1]); // another currency
  assert.deepEqual(weightFunction(costs, "hours", usd)(c("python-institute-pcap")), [0, 1, 0, 1]); // hours not published
  assert.deepEqual(weightFunction(costs, "count", usd)(c("python-institute-pcpp1")), [0, 1, 1, 0, 0]);
  assert.equal(mainCurrency(costs, { stages: [], weight: () => [] }), -1);
});

test("weights: for a beginner goal, an advanced credential ranks after every nearer one, whatever it costs", () => {
  const costs = graph("costs");
  const c = (/** @type {string} */ id) => costs.credIndex(id);
  const levels = costs.raw.levels;
  assert.equal(levels[costs.levelOf(c("python-institute-pcpp1")) - 1], "Advanced");
  assert.equal(levels[costs.levelOf(c("python-institute-pcap")) - 1], "Intermediate");
  const beginner = levels.indexOf("Beginner") + 1;
  const forBeginners = weightFunction(costs, "cost", -1, beginner);
  assert.equal(forBeginners(c("python-institute-pcpp1"))[0], 1); // two levels above: far
  assert.equal(forBeginners(c("python-institute-pcap"))[0], 0); // one level above: fitting
  assert.equal(weightFunction(costs, "cost", -1, levels.indexOf("Intermediate") + 1)(c("python-institute-pcpp1"))[0], 0);
  assert.equal(weightFunction(costs, "hours", -1)(c("python-institute-pcpp1"))[0], 0); // no goal level: no guard
});

test("the planner's words for figures are the pages' words", () => {
  const costs = graph("costs");
  const c = (/** @type {string} */ id) => costs.credIndex(id);
  assert.equal(costText(costs, c("google-data-analytics-professional-certificate")), "USD 49 per month");
  assert.equal(costText(costs, c("python-institute-pcap")), "USD 295 per exam attempt");
  assert.equal(costText(costs, c("python-institute-pcep")), "Free");
  assert.equal(costText(costs, c("python-institute-pcpp1")), "Paid, price not published");
  const all = totals(costs, [0, 1, 2, 3]);
  assert.deepEqual(all, {
    cost: "at least USD 344, 1 credential without a published price",
    hours: "not published (4 credentials without published hours)",
    weeks: "not published (4 credentials without published weeks)",
    recurring: 1,
  });
  assert.equal(totals(costs, [c("python-institute-pcep")]).cost, "Free");
  assert.equal(totals(costs, [c("python-institute-pcpp1")]).cost, "not published (1 credential without a published price)");
  assert.deepEqual(totals(costs, []), { cost: "Nothing to pay", hours: "None", weeks: "None", recurring: 0 });
  assert.equal(number(1250), "1,250");
  assert.equal(number(1234567.25), "1,234,567.3");
  assert.equal(number(12.5), "12.5");
  assert.equal(plural(1, "credential"), "1 credential");
  assert.equal(plural(0, "credential"), "0 credentials");
});

test("a subscription with a published duration counts every payment (issue 23)", () => {
  // Two credentials: USD 49 per month over 26 weeks (6 payments), and USD 39 per month with no
  // published duration (one payment, said as such by `recurring`).
  const data = /** @type {PlannerGraph} */ (
    /** @type {unknown} */ ({
      raw: {
        currencies: ["USD"],
        billing: ["one-time", "per month", "per year", "per exam attempt"],
        recurring: [1, 2],
        cost_codes: {},
        credentials: { cost: [[49, 0, 1, 6], [39, 0, 1]] },
      },
      hoursOf: () => null,
      weeksOf: (/** @type {number} */ c) => (c === 0 ? 26 : null),
    })
  );
  assert.equal(costText(data, 0), "USD 49 per month × 6 months ≈ USD 294");
  assert.equal(costText(data, 1), "USD 39 per month");
  const sum = totals(data, [0, 1]);
  assert.equal(sum.cost, "USD 333");
  assert.equal(sum.recurring, 1, "only the one without a duration is counted as one payment");
});
