// @ts-check
/* Shared by the unit tests: the vectors (tests/js/vectors/, written by tests/test_js_vectors.py)
 * and the plain form of decoded planner data that tests/test_js_vectors.py `expected_graph`
 * writes from the catalogue's model.
 */

import { readFileSync } from "node:fs";

/** @typedef {import("../../docs/assets/planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("../../docs/assets/types.js").PlannerData} PlannerData */

/**
 * A vector file, parsed.
 * @param {string} name its file name in tests/js/vectors/
 * @returns {any}
 */
export function vector(name) {
  return JSON.parse(readFileSync(new URL("vectors/" + name, import.meta.url), "utf8"));
}

/**
 * @typedef {object} PlainCost
 * @property {string} status a `CostStatus` value
 * @property {number | null} amount
 * @property {string | null} currency
 * @property {string | null} billing
 */

/**
 * Decoded planner data as plain values, keyed and ordered as `expected_graph` writes them.
 * @param {PlannerGraph} graph
 */
export function plainGraph(graph) {
  const raw = graph.raw;
  const skillIds = graph.skillIds.all();
  const skillNames = graph.skillNames.all();
  const credIds = graph.credIds.all();
  const credNames = graph.credNames.all();
  /** @param {number} c @returns {PlainCost} */
  function cost(c) {
    const value = raw.credentials.cost[c];
    if (value === 0) return { status: "Free", amount: null, currency: null, billing: null };
    if (Array.isArray(value)) {
      const billing = value[2];
      return {
        status: "Paid",
        amount: value[0],
        currency: raw.currencies[value[1]],
        billing: billing === undefined ? null : raw.billing[billing],
      };
    }
    return { status: raw.cost_codes[value], amount: null, currency: null, billing: null };
  }
  return {
    skills: skillIds.map((id, s) => [id, skillNames[s]]),
    credentials: credIds.map((id, c) => ({
      id,
      name: credNames[c],
      type: raw.credentials.type[c] >= 0 ? raw.types[raw.credentials.type[c]] : null,
      skills: Array.from(graph.skillsOf(c), (s) => skillIds[s]),
      cost: cost(c),
      hours: graph.hoursOf(c),
      weeks: graph.weeksOf(c),
    })),
    pathways: graph.pathwayIds.map((id, p) => ({
      id,
      name: graph.pathwayNames[p],
      stages: graph.stagesOf(p).map((stage) => ({
        name: stage.name,
        required: stage.required,
        optional: stage.optional,
        items: stage.items.map((item) => [item.kind, item.kind === "skill" ? skillIds[item.index] : credIds[item.index]]),
      })),
    })),
  };
}
