// @ts-check
/* From a planner state (planner-state.js) and the decoded data (planner-data.js) to a plan: the stages
 * to meet, what the learner already has, the problem for the solver (plan-solver.js) and which
 * credential of the plan meets which item. Pure: no DOM (tests/js/plan-problem.test.mjs plans
 * the known-optimum test catalogue from its addresses).
 */

import { expectedAmount } from "./plan-words.js";
import { solve } from "./plan-solver.js";

/** @typedef {import("./planner-state.js").PlannerState} PlannerState */
/** @typedef {import("./planner-state.js").Objective} Objective */
/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./planner-data.js").Stage} Stage */
/** @typedef {import("./planner-data.js").Item} Item */
/** @typedef {import("./plan-solver.js").Problem<number>} Problem */
/** @typedef {import("./plan-solver.js").Solution<number>} Solution */

/**
 * What the learner has.
 * @typedef {object} Holdings
 * @property {Map<number, number | null>} skills skill index -> how: null, marked; else the credential that teaches it
 * @property {Set<number>} credentials the credentials held
 */

/**
 * A stage as the plan shows it.
 * @typedef {object} StageView
 * @property {Stage} stage
 * @property {boolean} counted whether the plan has to meet it (optional stages only on request)
 * @property {number} have how many of its items the learner has
 * @property {number[]} open the items the learner does not have (indexes into stage.items)
 * @property {number} problemIndex its stage in the solver's problem, or -1
 */

/**
 * @typedef {object} Plan
 * @property {Holdings} mine
 * @property {StageView[]} views
 * @property {Solution} solution
 * @property {Map<string, number>} coveredBy "<problem stage>:<open item>" -> the first credential of the plan that meets it
 * @property {number} main the index of the currency most candidates are priced in, or -1
 * @property {number} level the goal's difficulty (`goalLevel`), 0 none
 * @property {number} candidates how many credentials could meet something the plan needs
 * @property {number} withHours how many of those publish their hours
 */

/**
 * The stages of the goal: the pathway's, or one stage of the skills wanted.
 * @param {PlannerGraph} data
 * @param {PlannerState} state
 * @returns {Stage[]}
 */
export function targetStages(data, state) {
  if (state.goal === "skills") {
    if (!state.want.length) return [];
    return [
      {
        name: "Skills you want",
        rule: "all",
        required: state.want.length,
        optional: false,
        items: state.want.map((id) => ({ kind: "skill", index: data.skillIndex(id) })),
      },
    ];
  }
  const p = state.pathway === null ? undefined : data.pathwayIndex.get(state.pathway);
  return p === undefined ? [] : data.stagesOf(p);
}

/**
 * The goal's difficulty: the pathway's (`levelOf` digits), 0 for skills the learner picks.
 * @param {PlannerGraph} data
 * @param {PlannerState} state
 * @returns {number}
 */
export function goalLevel(data, state) {
  const p = state.goal === "pathway" && state.pathway !== null ? data.pathwayIndex.get(state.pathway) : undefined;
  return p === undefined ? 0 : data.pathwayLevelOf(p);
}

/**
 * What the learner has: marked skills, held credentials and every skill those teach.
 * @param {PlannerGraph} data
 * @param {PlannerState} state
 * @returns {Holdings}
 */
export function holdings(data, state) {
  /** @type {Map<number, number | null>} */
  const skills = new Map();
  /** @type {Set<number>} */
  const held = new Set();
  state.held.forEach((id) => {
    const c = data.credIndex(id);
    held.add(c);
    data.skillsOf(c).forEach((s) => {
      if (!skills.has(s)) skills.set(s, c);
    });
  });
  state.have.forEach((id) => skills.set(data.skillIndex(id), null));
  return { skills, credentials: held };
}

/**
 * @param {Item} item
 * @param {Holdings} mine
 */
export function has(item, mine) {
  return item.kind === "skill" ? mine.skills.has(item.index) : mine.credentials.has(item.index);
}

/**
 * The currency most candidate credentials are priced in (ties: the first code), or -1.
 * @param {PlannerGraph} data
 * @param {Problem} problem
 * @returns {number}
 */
export function mainCurrency(data, problem) {
  /** @type {Map<number, number>} currency index -> candidate credentials priced in it */
  const counts = new Map();
  problem.stages.forEach((stage) => {
    stage.items.forEach((list) => {
      list.forEach((c) => {
        const cost = data.raw.credentials.cost[c];
        if (Array.isArray(cost)) counts.set(cost[1], (counts.get(cost[1]) || 0) + 1);
      });
    });
  });
  /** @type {number | null} */
  let best = null;
  counts.forEach((count, k) => {
    const code = data.raw.currencies[k];
    if (best === null) {
      best = k;
      return;
    }
    const bestCount = /** @type {number} */ (counts.get(best));
    if (count > bestCount || (count === bestCount && code < data.raw.currencies[best])) best = k;
  });
  return best === null ? -1 : best;
}

/**
 * Whether a credential is far above a goal's level: two or more difficulties higher (an advanced
 * exam for a beginner pathway). 0 when either has no difficulty.
 * @param {PlannerGraph} data
 * @param {number} c
 * @param {number} level the goal's difficulty (`levelOf`), 0 none
 * @returns {0 | 1}
 */
export function farAbove(data, c, level) {
  const own = data.levelOf(c);
  return level > 0 && own > 0 && own >= level + 2 ? 1 : 0;
}

/**
 * A credential's weight for an objective, compared lexicographically: first whether it is far
 * above the goal's level (so a plan takes one only where nothing nearer the level meets the
 * item), then the objective, where an unpublished price or workload is never guessed, and never
 * taken as free.
 * @param {PlannerGraph} data
 * @param {Objective} by
 * @param {number} main the main currency's index
 * @param {number} [level] the goal's difficulty, 0 or left out: none
 * @returns {(c: number) => number[]}
 */
export function weightFunction(data, by, main, level) {
  return (c) => {
    const far = farAbove(data, c, level || 0);
    const cost = data.raw.credentials.cost[c];
    const priced = Array.isArray(cost);
    const noPrice = priced || cost === 0 ? 0 : 1;
    const foreign = priced && cost[1] !== main ? 1 : 0;
    const amount = priced && !foreign ? expectedAmount(cost) : 0;
    const h = data.hoursOf(c);
    if (by === "hours") return [far, h === null ? 1 : 0, h === null ? 0 : h, 1];
    if (by === "count") return [far, 1, noPrice, foreign, amount];
    return [far, noPrice, foreign, amount, 1];
  };
}

/**
 * The plan for a state: the stages with what the learner has, and the solver's best plan for the
 * rest.
 * @param {PlannerGraph} data
 * @param {PlannerState} state
 * @param {{nodeLimit?: number}} [options]
 * @returns {Plan}
 */
export function makePlan(data, state, options) {
  const mine = holdings(data, state);
  const stages = targetStages(data, state);
  const planned = stages.filter((stage) => !stage.optional || state.optional);
  /** @type {Problem["stages"][number][]} */
  const problemStages = [];
  const views = stages.map((stage) => {
    const counted = planned.indexOf(stage) !== -1;
    const haveCount = stage.items.filter((item) => has(item, mine)).length;
    /** @type {number[]} */
    const open = [];
    /** @type {number[][]} */
    const lists = [];
    stage.items.forEach((item, i) => {
      if (has(item, mine)) return;
      open.push(i);
      lists.push(
        item.kind === "skill"
          ? Array.prototype.filter.call(data.teachersOf(item.index), (/** @type {number} */ c) => !mine.credentials.has(c))
          : [item.index],
      );
    });
    /** @type {StageView} */
    const view = { stage, counted, have: haveCount, open, problemIndex: -1 };
    const need = Math.max(0, stage.required - haveCount);
    if (counted && need > 0) {
      view.problemIndex = problemStages.length;
      problemStages.push({ need, items: lists });
    }
    return view;
  });
  /** @type {Problem} */
  const problem = { stages: problemStages, weight: () => [], width: state.by === "hours" ? 4 : 5 };
  const main = mainCurrency(data, problem);
  const level = goalLevel(data, state);
  problem.weight = weightFunction(data, state.by, main, level);
  const solution = solve(problem, options);
  // Who meets each open item: the first credential of the plan that covers it.
  /** @type {Map<string, number>} */
  const coveredBy = new Map();
  solution.chosen.forEach((c, k) => {
    solution.covers[k].forEach((pair) => {
      const key = pair[0] + ":" + pair[1];
      if (!coveredBy.has(key)) coveredBy.set(key, c);
    });
  });
  /** @type {Set<number>} */
  const candidates = new Set();
  problemStages.forEach((stage) => stage.items.forEach((list) => list.forEach((c) => candidates.add(c))));
  let withHours = 0;
  candidates.forEach((c) => {
    if (data.hoursOf(c) !== null) withHours++;
  });
  return { mine, views, solution, coveredBy, main, level, candidates: candidates.size, withHours };
}
