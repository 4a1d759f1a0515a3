// @ts-check
/* plan-solver.js against brute force on small random problems (where the greedy step alone often
 * fails), within its guarantee when the budget runs out, and on the edge cases of its contract. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { NODE_LIMIT, compare, harmonic, solve } from "../../docs/assets/plan-solver.js";

/**
 * A small seeded random number generator (mulberry32), so every run checks the same problems.
 * @param {number} seed
 */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @typedef {{stages: {need: number, items: number[][]}[], weights: number[][]}} Small */

/**
 * The best weight by trying every subset of credentials (the problems are tiny).
 * @param {Small} problem
 * @returns {number[] | null}
 */
function bruteForce(problem) {
  const n = problem.weights.length;
  const width = problem.weights[0].length;
  /** @type {number[] | null} */
  let best = null;
  for (let mask = 0; mask < 1 << n; mask++) {
    const meets = problem.stages.every((stage) => {
      const met = stage.items.filter((items) => items.some((c) => mask & (1 << c))).length;
      const coverable = stage.items.filter((items) => items.length).length;
      return met >= Math.min(stage.need, coverable);
    });
    if (!meets) continue;
    const weight = new Array(width).fill(0);
    for (let c = 0; c < n; c++) if (mask & (1 << c)) problem.weights[c].forEach((w, k) => (weight[k] += w));
    if (best === null || compare(weight, best) < 0) best = weight;
  }
  return best;
}

/**
 * @param {() => number} rng
 * @param {number} low
 * @param {number} high
 */
function between(rng, low, high) {
  return low + Math.floor(rng() * (high - low + 1));
}

test("the plan is the best of every combination, on 300 random problems", () => {
  const rng = random(12);
  let greedyWorse = 0;
  for (let round = 0; round < 300; round++) {
    const credentials = between(rng, 2, 9);
    /** @type {Small} */
    const problem = { stages: [], weights: [] };
    const stages = between(rng, 1, 4);
    for (let s = 0; s < stages; s++) {
      const items = Array.from({ length: between(rng, 1, 4) }, () => {
        /** @type {number[]} */
        const list = [];
        for (let c = 0; c < credentials; c++) if (rng() < 0.3) list.push(c);
        return list;
      });
      problem.stages.push({ need: between(rng, 1, items.length), items });
    }
    for (let c = 0; c < credentials; c++) problem.weights.push([rng() < 0.2 ? 1 : 0, between(rng, 0, 500), 1]);
    const result = solve({ stages: problem.stages, weight: (c) => problem.weights[c], width: 3 });
    const best = bruteForce(problem);
    assert.ok(result.optimal);
    assert.deepEqual(result.weight, best);
    if (compare(result.greedyWeight, /** @type {number[]} */ (best)) !== 0) greedyWorse++;
  }
  assert.ok(greedyWorse > 30, "the cases should include many where greedy alone is not optimal: " + greedyWorse);
});

test("when the budget runs out the plan is the best found, within the greedy guarantee", () => {
  /** @type {number[][]} */
  const items = [];
  for (let i = 0; i < 40; i++) items.push([i, (i + 1) % 40, (i + 7) % 40]);
  const result = solve({ stages: [{ need: 40, items }], weight: (c) => [1 + (c % 3)] }, { nodeLimit: 50 });
  assert.equal(result.optimal, false);
  assert.ok(result.weight[0] <= result.greedyWeight[0]);
  assert.equal(result.guarantee, 1 + 1 / 2 + 1 / 3);
  assert.equal(harmonic(3), result.guarantee);
  assert.equal(NODE_LIMIT, 50000);
});

test("what no credential meets is short, and the rest is planned", () => {
  const result = solve({
    stages: [
      { need: 3, items: [["a"], [], ["b", "a"]] },
      { need: 1, items: [[]] },
    ],
    weight: (c) => (c === "a" ? [5] : [1]),
  });
  assert.deepEqual(result.need, [2, 0]);
  assert.deepEqual(result.short, [1, 1]);
  assert.deepEqual(result.chosen, ["a"]);
  assert.deepEqual(result.covers, [
    [
      [0, 0],
      [0, 2],
    ],
  ]);
  assert.ok(result.optimal);
});

test("credentials are any values compared as === compares them, names of object members too", () => {
  const names = ["constructor", "__proto__", "toString", "hasOwnProperty"];
  const result = solve({
    stages: [{ need: 4, items: names.map((name) => [name]) }],
    weight: (c) => [c.length],
  });
  assert.deepEqual([...result.chosen].sort(), [...names].sort());
  assert.deepEqual(result.weight, [names.reduce((sum, name) => sum + name.length, 0)]);
});

test("nothing to meet is an empty plan of weight zero", () => {
  const result = solve({ stages: [], weight: () => [1, 1], width: 2 });
  assert.deepEqual(result.chosen, []);
  assert.deepEqual(result.weight, [0, 0]);
  assert.ok(result.optimal);
  assert.equal(result.nodes, 0);
});

test("weights compare lexicographically: an unknown price is never traded for a known one", () => {
  // [no published price, amount, credentials]: two priced credentials beat one without a price.
  /** @type {Map<string, number[]>} */
  const weights = new Map([
    ["unpriced", [1, 0, 1]],
    ["a", [0, 400, 1]],
    ["b", [0, 400, 1]],
  ]);
  const result = solve({
    stages: [{ need: 2, items: [["unpriced", "a"], ["unpriced", "b"]] }],
    weight: (c) => weights.get(c) || [],
  });
  assert.deepEqual([...result.chosen].sort(), ["a", "b"]);
  assert.deepEqual([...result.greedy].sort(), ["a", "b"]);
});
