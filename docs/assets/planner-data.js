// @ts-check
/* The planner's data (data/planner.json, generator/learner.py `planner_data`; its docstring and
 * types.d.ts `PlannerData` are the format) decoded for planning. Pure: no DOM
 * (tests/js/planner-data.test.mjs decodes what the generator wrote for a test catalogue).
 *
 * Thousands of skills and credentials: only what the page needs is decoded, when it needs it
 * (who teaches what as typed arrays at once; a pathway's stages when first asked for; names by
 * front-coded block on demand), so the first plan does not wait for the rest (row k of the
 * benchmarks).
 */

import { decode, decodeOne } from "./front-coding.js";

/** @typedef {import("./types.js").PlannerData} PlannerData */
/** @typedef {import("./types.js").StageRow} StageRow */

/** `learner.PLANNER_FORMAT`: the format this decoder reads. */
export const PLANNER_FORMAT = 4;

/** @typedef {"skill" | "credential"} ItemKind */

/**
 * A stage's item: a skill or a credential, by its index in the data.
 * @typedef {object} Item
 * @property {ItemKind} kind
 * @property {number} index
 */

/**
 * @typedef {object} Stage
 * @property {string} name
 * @property {"all" | "any" | "at-least"} rule
 * @property {number} required how many of its items it needs
 * @property {boolean} optional
 * @property {Item[]} items
 */

/**
 * A front-coded list decoded on demand.
 * @typedef {object} FrontList
 * @property {(i: number) => string} get value i
 * @property {(id: string) => number} find the index of a value of a sorted list, or -1
 * @property {() => string[]} all every value
 * @property {number} length
 */

/**
 * The decoded data.
 * @typedef {object} PlannerGraph
 * @property {PlannerData} raw the data as read (costs, types, kinds, ...)
 * @property {FrontList} skillIds
 * @property {FrontList} skillNames
 * @property {FrontList} credIds
 * @property {FrontList} credNames
 * @property {string[]} pathwayIds
 * @property {string[]} pathwayNames
 * @property {(c: number) => Int32Array} skillsOf the skills credential c teaches
 * @property {(s: number) => Int32Array} teachersOf the credentials that teach skill s
 * @property {(c: number) => number | null} hoursOf published hours, or null
 * @property {(c: number) => number | null} weeksOf published weeks, or null
 * @property {(c: number) => number} levelOf credential c's difficulty: 0 none, k the k-th of `raw.levels`
 * @property {(p: number) => number} pathwayLevelOf pathway p's difficulty, likewise
 * @property {(id: string) => number} skillIndex a skill's index, or -1
 * @property {(id: string) => number} credIndex a credential's index, or -1
 * @property {Map<string, number>} pathwayIndex pathway id -> index
 * @property {(p: number) => Stage[]} stagesOf pathway p's stages
 */

/**
 * @param {PlannerData} raw
 * @returns {PlannerGraph}
 */
export function decodePlannerData(raw) {
  if (raw.format !== PLANNER_FORMAT) throw new Error("unknown planner data format " + raw.format);
  // Who teaches what, in two flat tables of numbers (offsets and values) each way rather than
  // thousands of small arrays: less to allocate, and nothing for the garbage collector to chase.
  const counts = raw.credentials.skill_counts;
  const flat = raw.credentials.skills;
  const ns = raw.skills.id.length;
  const credOffsets = new Int32Array(counts.length + 1);
  const credFlat = new Int32Array(flat.length);
  const perSkill = new Int32Array(ns + 1);
  let at = 0;
  for (let c = 0; c < counts.length; c++) {
    credOffsets[c] = at;
    let previous = 0;
    for (let k = 0; k < counts[c]; k++, at++) {
      previous += flat[at];
      credFlat[at] = previous;
      perSkill[previous + 1]++;
    }
  }
  credOffsets[counts.length] = at;
  for (let s = 0; s < ns; s++) perSkill[s + 1] += perSkill[s];
  const fill = perSkill.slice(0, ns);
  const skillFlat = new Int32Array(flat.length);
  for (let c = 0; c < counts.length; c++) {
    for (let k = credOffsets[c]; k < credOffsets[c + 1]; k++) skillFlat[fill[credFlat[k]]++] = c;
  }
  // Skill and credential ids are sorted: found by binary search, no table of thousands to build.
  const skillIds = frontList(raw.skills.id, raw.front_block);
  const credIds = frontList(raw.credentials.id, raw.front_block);
  const pathwayIds = decode(raw.pathways.id);
  // A pathway's stages are decoded the first time they are needed: the first plan needs one
  // pathway, and only the ranking drawn after it needs them all.
  /** @type {Stage[][]} */
  const stageCache = new Array(raw.pathways.stages.length);
  return {
    raw,
    skillIds,
    skillNames: frontList(raw.skills.name, raw.front_block),
    credIds,
    credNames: frontList(raw.credentials.name, raw.front_block),
    pathwayIds,
    pathwayNames: decode(raw.pathways.name),
    skillsOf: (c) => credFlat.subarray(credOffsets[c], credOffsets[c + 1]),
    teachersOf: (s) => skillFlat.subarray(perSkill[s], perSkill[s + 1]),
    // 0 hours or weeks: not published (the schema requires figures above 0).
    hoursOf: (c) => raw.credentials.hours[c] || null,
    weeksOf: (c) => raw.credentials.weeks[c] || null,
    levelOf: (c) => Number(raw.credentials.level.charAt(c)) || 0,
    pathwayLevelOf: (p) => Number(raw.pathways.level.charAt(p)) || 0,
    skillIndex: skillIds.find,
    credIndex: credIds.find,
    pathwayIndex: new Map(pathwayIds.map((id, i) => [id, i])),
    stagesOf: (p) => stageCache[p] || (stageCache[p] = decodeStages(raw.pathways.stages[p])),
  };
}

/**
 * One pathway's stages from their [name, rule code, item, ...] rows: an item is 2 * zigzag(d),
 * plus 1 for a credential, d its index less the pathway's previous item's of the same kind
 * (generator/learner.py planner_data).
 * @param {readonly StageRow[]} stages
 * @returns {Stage[]}
 */
export function decodeStages(stages) {
  const previous = [0, 0]; // the previous skill's index, the previous credential's
  return stages.map((row) => {
    let code = row[1];
    const optional = code < 0;
    if (optional) code = -code - 1;
    /** @type {Item[]} */
    const items = [];
    for (let k = 2; k < row.length; k++) {
      const value = /** @type {number} */ (row[k]);
      const odd = value % 2;
      const zigzag = (value - odd) / 2;
      previous[odd] += zigzag % 2 ? -(zigzag + 1) / 2 : zigzag / 2;
      items.push({ kind: odd ? "credential" : "skill", index: previous[odd] });
    }
    const rule = code === 0 ? "all" : code === 1 ? "any" : "at-least";
    const required = rule === "all" ? items.length : rule === "any" ? 1 : code;
    return { name: row[0], rule, required: Math.min(required, items.length), optional, items };
  });
}

/**
 * A front-coded list decoded on demand. Every `block`-th value is written whole, so value i
 * needs at most block - 1 others decoded first; `find` is a binary search over those whole
 * values, then a scan of one block (for sorted ASCII ids, where JavaScript's order is Python's).
 * @param {readonly string[]} coded
 * @param {number} block
 * @returns {FrontList}
 */
export function frontList(coded, block) {
  /** @type {string[]} */
  const cache = new Array(coded.length);
  /** @param {number} i */
  function get(i) {
    if (cache[i] !== undefined) return cache[i];
    let previous = "";
    for (let k = i - (i % block); k <= i; k++) {
      if (cache[k] === undefined) cache[k] = decodeOne(coded[k], previous);
      previous = cache[k];
    }
    return cache[i];
  }
  /** @param {string} id */
  function find(id) {
    let low = 0;
    let high = Math.floor((coded.length - 1) / block);
    if (coded.length === 0) return -1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (get(middle * block) <= id) low = middle;
      else high = middle - 1;
    }
    for (let k = low * block; k < Math.min(coded.length, (low + 1) * block); k++) {
      const value = get(k);
      if (value === id) return k;
      if (value > id) break;
    }
    return -1;
  }
  function all() {
    for (let i = 0; i < coded.length; i++) get(i);
    return cache;
  }
  return { get, find, all, length: coded.length };
}

/**
 * An entry's page on the site: its kind's folder (from the data, as the generator names it) and
 * its id. The planner, the audit and the profile link every skill, credential and pathway so.
 * @param {PlannerGraph} data
 * @param {"skill" | "credential" | "provider" | "pathway"} kind
 * @param {string} id
 * @param {string | URL} site the site's root, absolute
 */
export function entryUrl(data, kind, id, site) {
  return new URL(data.raw.kinds[kind].folder + "/" + id + "/", site).href;
}
