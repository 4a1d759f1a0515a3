// @ts-check
/* planner-data.js decodes the planner data the generator wrote for test catalogues
 * (tests/js/vectors/planner-*.json, tests/test_js_vectors.py) into the graph the catalogue's
 * model says it holds. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePlannerData, frontList } from "../../docs/assets/planner-data.js";
import { plainGraph, vector } from "./helpers.mjs";

const CASES = ["planner-known-optimum", "prototype-keys", "costs"];

for (const name of CASES) {
  test("the " + name + " catalogue's planner data decodes to its graph", () => {
    const { data, expected } = vector("planner-" + name + ".json");
    assert.deepEqual(plainGraph(decodePlannerData(data)), expected);
  });
}

test("ids are found by binary search, and ids not in the data are not", () => {
  const { data, expected } = vector("planner-prototype-keys.json");
  const graph = decodePlannerData(data);
  /** @type {[string, string][]} */
  const skills = expected.skills;
  skills.forEach(([id], s) => assert.equal(graph.skillIndex(id), s));
  expected.credentials.forEach((/** @type {{id: string}} */ credential, /** @type {number} */ c) => assert.equal(graph.credIndex(credential.id), c));
  for (const missing of ["", "a", "zzz", "constructo", "constructor-", "__proto__", "toString", "hasOwnProperty"]) {
    assert.equal(graph.skillIndex(missing), -1, missing);
  }
  assert.equal(graph.credIndex("constructor"), expected.credentials.findIndex((/** @type {{id: string}} */ c) => c.id === "constructor"));
  const pathways = expected.pathways.map((/** @type {{id: string}} */ p) => p.id);
  assert.ok(pathways.includes("constructor"));
  pathways.forEach((/** @type {string} */ id, /** @type {number} */ p) => assert.equal(graph.pathwayIndex.get(id), p));
  assert.equal(graph.pathwayIndex.get("__proto__"), undefined);
});

test("a front-coded list finds every value in blocks of any size", () => {
  const ids = Array.from({ length: 300 }, (_, i) => "id-" + String(i).padStart(4, "0"));
  for (const block of [1, 2, 7, 64, 1000]) {
    // The prefix shared with the value before, within a block (as learner.front_code writes it).
    const coded = ids.map((id, i) => {
      if (i % block === 0) return id;
      let n = 0;
      while (id[n] === ids[i - 1][n]) n++;
      return n + ":" + id.slice(n);
    });
    const list = frontList(coded, block);
    ids.forEach((id, i) => assert.equal(list.find(id), i));
    assert.equal(list.find("id-"), -1);
    assert.equal(list.find("id-9999"), -1);
    assert.deepEqual(list.all(), ids);
  }
  assert.equal(frontList([], 64).find("x"), -1);
});

test("an unknown format is refused", () => {
  const { data } = vector("planner-costs.json");
  assert.throws(() => decodePlannerData({ ...data, format: 2 }), /unknown planner data format 2/);
});
