// @ts-check
/* The skills-gap planner's search: which credentials to take so every stage of a goal is met.
 *
 * Pure: no page, no data format. plan-problem.js turns a goal and what a learner has into a
 * problem; tests/js/plan-solver.test.mjs calls solve() on problems whose best answer is known.
 *
 * The problem is a weighted set multicover. Each stage needs `need` more of its items; an item is
 * met by any credential in its list; a credential's weight is a vector compared
 * lexicographically (e.g. [credentials without a published price, priced in another currency,
 * amount, number of credentials]), so "cheapest" never trades a known price for a guess.
 *
 * 0. Forced: an item with one candidate, in a stage that needs every item it can meet, puts that
 *    candidate in every plan; it is taken before anything else.
 * 1. Greedy (Chvátal 1979; Wolsey 1982 for "at least k of n" stages, whose coverage is a
 *    submodular function): repeatedly take the credential with the lowest weight per requirement
 *    it newly meets. Its plan is never worse than H(d) = 1 + 1/2 + ... + 1/d times the best, where
 *    d is the most requirements one credential meets.
 * 2. Exact branch and bound, starting from the greedy plan: take the unmet stage with the fewest
 *    candidates; any plan must contain one of them, so branch on each in turn (excluding the ones
 *    already tried from the later branches), and prune a branch once its weight plus the cheapest
 *    candidate of its most expensive unmet stage is no better than the best plan found. When the
 *    search finishes within its node budget the plan is optimal (`optimal: true`); otherwise it
 *    is the best found, still within the greedy guarantee.
 */

/** Steps of the exact search by default (the planner page passes `learner.PLAN_NODE_LIMIT`). */
export const NODE_LIMIT = 50000;

/**
 * A stage of a problem: `need` more of its items; each item is the list of credentials meeting it.
 * @template C
 * @typedef {object} ProblemStage
 * @property {number} need
 * @property {readonly (readonly C[])[]} items
 */

/**
 * Credentials are any values usable as Map keys, compared as === does (the planner uses
 * indexes); they are kept in Maps and Sets, never as keys of a plain object.
 * @template C
 * @typedef {object} Problem
 * @property {readonly ProblemStage<C>[]} stages
 * @property {(credential: C) => readonly number[]} weight a vector, compared lexicographically
 * @property {number} [width] length of the vectors (needed only when no item has a credential)
 */

/** @typedef {[stage: number, item: number]} Requirement */

/**
 * @template C
 * @typedef {object} Solution
 * @property {C[]} chosen the plan, in the order it was found
 * @property {readonly number[]} weight its weight
 * @property {C[]} greedy the greedy step's plan
 * @property {readonly number[]} greedyWeight
 * @property {boolean} optimal whether the exact search finished within its budget
 * @property {number} nodes steps the exact search took
 * @property {number} guarantee H(d): the plan is at most this many times the best
 * @property {number[]} short per stage, requirements no credential can meet
 * @property {number[]} need per stage, requirements it needs (lowered to what can be met)
 * @property {Requirement[][]} covers `covers[k]`: the requirements chosen[k] meets
 */

/**
 * Lexicographic order of two weight vectors of one length.
 * @param {readonly number[]} a
 * @param {readonly number[]} b
 * @returns {number}
 */
export function compare(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/**
 * @param {readonly number[]} a
 * @param {readonly number[]} b
 * @returns {number[]}
 */
function add(a, b) {
  const out = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/**
 * @param {readonly number[]} a
 * @param {number} k
 * @returns {number[]}
 */
function times(a, k) {
  const out = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
  return out;
}

/**
 * H(d) = 1 + 1/2 + ... + 1/d.
 * @param {number} d
 * @returns {number}
 */
export function harmonic(d) {
  let h = 0;
  for (let i = 1; i <= d; i++) h += 1 / i;
  return h;
}

/**
 * The best plan for a problem. An item with no credential cannot be met; `need` is lowered to
 * what can be met, and `short` says by how much.
 * @template C
 * @param {Problem<C>} problem
 * @param {{nodeLimit?: number}} [options]
 * @returns {Solution<C>}
 */
export function solve(problem, options) {
  const nodeLimit = (options && options.nodeLimit) || NODE_LIMIT;
  const stages = problem.stages;
  /** @type {number[]} */
  const need = [];
  /** @type {number[]} */
  const short = [];
  /** @type {C[]} */
  const candidates = [];
  /** @type {Map<C, Requirement[]>} */
  const coversOf = new Map();
  /** @type {Map<C, readonly number[]>} */
  const weightOf = new Map();
  stages.forEach((stage, s) => {
    let coverable = 0;
    stage.items.forEach((list, i) => {
      if (list.length) coverable++;
      list.forEach((c) => {
        let pairs = coversOf.get(c);
        if (!pairs) {
          pairs = [];
          coversOf.set(c, pairs);
          candidates.push(c);
        }
        if (!pairs.some((p) => p[0] === s && p[1] === i)) pairs.push([s, i]);
      });
    });
    need.push(Math.min(stage.need, coverable));
    short.push(Math.max(0, stage.need - coverable));
  });
  candidates.forEach((c) => weightOf.set(c, problem.weight(c)));
  /** @param {C} c */
  const weightOfC = (c) => /** @type {readonly number[]} */ (weightOf.get(c));
  /** @param {C} c */
  const coversOfC = (c) => /** @type {Requirement[]} */ (coversOf.get(c));
  const width = candidates.length ? weightOfC(candidates[0]).length : problem.width || 0;
  /** @type {readonly number[]} */
  const zero = new Array(width).fill(0);
  /** @type {Map<C, number>} */
  const rank = new Map();
  candidates.forEach((c, k) => rank.set(c, k));
  const hits = stages.map((stage) => stage.items.map(() => 0));
  const met = stages.map(() => 0);
  let deficit = need.reduce((a, b) => a + b, 0);

  /** @param {C} c requirements c newly meets */
  function gain(c) {
    /** @type {Map<number, number>} stage -> requirements of it c newly meets */
    const newly = new Map();
    coversOfC(c).forEach((p) => {
      if (hits[p[0]][p[1]] === 0) newly.set(p[0], (newly.get(p[0]) || 0) + 1);
    });
    let g = 0;
    newly.forEach((count, s) => {
      g += Math.min(need[s], met[s] + count) - Math.min(need[s], met[s]);
    });
    return g;
  }

  /**
   * @param {C} c
   * @param {number} sign 1: take c, -1: put it back
   */
  function apply(c, sign) {
    coversOfC(c).forEach((p) => {
      const s = p[0];
      const before = Math.min(need[s], met[s]);
      if (sign > 0) {
        if (hits[s][p[1]]++ === 0) met[s]++;
      } else if (--hits[s][p[1]] === 0) {
        met[s]--;
      }
      deficit -= Math.min(need[s], met[s]) - before;
    });
  }

  /**
   * Lower weight per requirement met is better: w1/g1 < w2/g2 <=> w1*g2 < w2*g1 (gains > 0).
   * @param {C} c1
   * @param {number} g1
   * @param {C} c2
   * @param {number} g2
   */
  function better(c1, g1, c2, g2) {
    const order = compare(times(weightOfC(c1), g2), times(weightOfC(c2), g1));
    if (order !== 0) return order < 0;
    if (g1 !== g2) return g1 > g2;
    return /** @type {number} */ (rank.get(c1)) < /** @type {number} */ (rank.get(c2));
  }

  let initialGain = 0;
  candidates.forEach((c) => {
    initialGain = Math.max(initialGain, gain(c));
  });

  // 0. Forced: a stage that needs every item it can meet cannot do without an item's only
  // candidate, so every plan holds it (a pathway of named credentials is all forced).
  /** @type {C[]} */
  const forced = [];
  /** @type {Set<C>} */
  const inPlan = new Set();
  let forcedWeight = zero;
  stages.forEach((stage, s) => {
    const coverable = stage.items.filter((list) => list.length > 0).length;
    if (need[s] === 0 || need[s] < coverable) return;
    stage.items.forEach((list) => {
      if (list.length !== 1 || inPlan.has(list[0])) return;
      forced.push(list[0]);
      inPlan.add(list[0]);
      apply(list[0], 1);
      forcedWeight = add(forcedWeight, weightOfC(list[0]));
    });
  });

  // 1. Greedy.
  /** @type {C[]} */
  const greedy = [];
  let greedyWeight = forcedWeight;
  while (deficit > 0) {
    /** @type {C | null} */
    let best = null;
    let bestGain = 0;
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[k];
      if (inPlan.has(c)) continue;
      const g = gain(c);
      if (g > 0 && (best === null || better(c, g, best, bestGain))) {
        best = c;
        bestGain = g;
      }
    }
    if (best === null) break; // cannot happen: need was lowered to what can be met
    greedy.push(best);
    inPlan.add(best);
    apply(best, 1);
    greedyWeight = add(greedyWeight, weightOfC(best));
  }
  greedy
    .slice()
    .reverse()
    .forEach((c) => {
      apply(c, -1);
      inPlan.delete(c);
    });

  // 2. Branch and bound from the greedy plan.
  let incumbent = forced.concat(greedy);
  let incumbentWeight = greedyWeight;
  /** @type {C[]} */
  const chosen = forced.slice();
  /** @type {Set<C>} */
  const banned = new Set();
  let nodes = 0;
  let aborted = false;

  /** @param {readonly number[]} weight of the credentials chosen so far */
  function search(weight) {
    nodes++;
    if (nodes > nodeLimit) {
      aborted = true;
      return;
    }
    if (deficit === 0) {
      if (compare(weight, incumbentWeight) < 0) {
        incumbentWeight = weight;
        incumbent = chosen.slice();
      }
      return;
    }
    /** @type {C[] | null} */
    let pick = null;
    let bound = zero;
    for (let s = 0; s < stages.length; s++) {
      if (met[s] >= need[s]) continue;
      /** @type {C[]} */
      const options = [];
      /** @type {readonly number[] | null} */
      let cheapest = null;
      stages[s].items.forEach((list, i) => {
        if (hits[s][i] > 0) return;
        list.forEach((c) => {
          if (inPlan.has(c) || banned.has(c) || options.indexOf(c) !== -1) return;
          options.push(c);
          if (cheapest === null || compare(weightOfC(c), cheapest) < 0) cheapest = weightOfC(c);
        });
      });
      if (cheapest === null) return; // this branch can no longer meet stage s
      if (compare(cheapest, bound) > 0) bound = cheapest;
      if (pick === null || options.length < pick.length) pick = options;
    }
    if (pick === null || compare(add(weight, bound), incumbentWeight) >= 0) return;
    /** @type {Map<C, number>} */
    const gains = new Map();
    pick.forEach((c) => gains.set(c, gain(c)));
    /** @param {C} c */
    const gainOf = (c) => /** @type {number} */ (gains.get(c));
    // Every option meets an unmet requirement of the stage, so its gain is at least 1.
    pick.sort((a, b) => (a === b ? 0 : better(a, gainOf(a), b, gainOf(b)) ? -1 : 1));
    /** @type {C[]} */
    const tried = [];
    for (let k = 0; k < pick.length && !aborted; k++) {
      const c = pick[k];
      inPlan.add(c);
      chosen.push(c);
      apply(c, 1);
      search(add(weight, weightOfC(c)));
      apply(c, -1);
      chosen.pop();
      inPlan.delete(c);
      banned.add(c);
      tried.push(c);
    }
    tried.forEach((c) => banned.delete(c));
  }
  if (deficit > 0) search(forcedWeight);

  // Which requirements each chosen credential meets, in plan order.
  const covers = incumbent.map((c) => coversOfC(c).slice());
  return {
    chosen: incumbent,
    weight: incumbentWeight,
    greedy: forced.concat(greedy),
    greedyWeight,
    optimal: !aborted,
    nodes,
    guarantee: harmonic(initialGain),
    short,
    need,
    covers,
  };
}
