// @ts-check
/* The state the planner, compare and Explore keep in the page's address (address.js,
 * planner-state.js): read from a query, checked, written back. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { compareQuery, exploreQuery, isCatalogueId, parseCompareAddress, parseExploreAddress } from "../../docs/assets/address.js";
import { parsePlannerAddress, plannerQuery, profileQuery, withoutWanted } from "../../docs/assets/planner-state.js";

const SKILLS = new Set(["sql", "python", "constructor"]);
const CREDENTIALS = new Set(["pcap", "constructor"]);
const PATHWAYS = new Set(["data-scientist", "constructor"]);
const KNOWN = {
  pathway: (/** @type {string} */ id) => PATHWAYS.has(id),
  skill: (/** @type {string} */ id) => SKILLS.has(id),
  credential: (/** @type {string} */ id) => CREDENTIALS.has(id),
};

test("catalogue ids: the schema's form, at most 64 characters", () => {
  for (const id of ["a", "constructor", "python-institute-pcap", "a1-b2", "x".repeat(64)]) assert.ok(isCatalogueId(id), id);
  for (const id of ["", "A", "-a", "a-", "a--b", "__proto__", "../../data/planner", "a b", "x".repeat(65), null, 5, {}]) {
    assert.ok(!isCatalogueId(id), String(id));
  }
});

test("planner: the defaults, and a pathway", () => {
  assert.deepEqual(parsePlannerAddress("", KNOWN), {
    goal: "pathway",
    pathway: null,
    want: [],
    ad: 0,
    have: [],
    held: [],
    by: "cost",
    optional: false,
    dropped: 0,
  });
  const state = parsePlannerAddress("?pathway=data-scientist&have=sql&held=pcap&by=hours&optional=1", KNOWN);
  assert.deepEqual(state, {
    goal: "pathway",
    pathway: "data-scientist",
    want: [],
    ad: 0,
    have: ["sql"],
    held: ["pcap"],
    by: "hours",
    optional: true,
    dropped: 0,
  });
  assert.equal(plannerQuery(state), "pathway=data-scientist&have=sql&held=pcap&by=hours&optional=1");
});

test("planner: ids not in the catalogue are dropped and counted, repeated ones kept once", () => {
  const state = parsePlannerAddress("?pathway=gone&want=sql&want=sql&want=nope&have=python&have=python&held=gone&by=fastest", KNOWN);
  assert.equal(state.pathway, null);
  assert.equal(state.goal, "skills"); // no pathway, skills wanted
  assert.deepEqual(state.want, ["sql"]);
  assert.deepEqual(state.have, ["python"]);
  assert.deepEqual(state.held, []);
  assert.equal(state.by, "cost");
  assert.equal(state.dropped, 3);
  assert.equal(plannerQuery(state), "goal=skills&want=sql&have=python");
});

test("planner: the id `constructor` is an id like any other", () => {
  const state = parsePlannerAddress("?pathway=constructor&want=constructor&have=constructor&held=constructor", KNOWN);
  assert.deepEqual([state.pathway, state.want, state.have, state.held, state.dropped], [
    "constructor",
    ["constructor"],
    ["constructor"],
    ["constructor"],
    0,
  ]);
  const hostile = parsePlannerAddress("?pathway=__proto__&have=toString&held=hasOwnProperty", KNOWN);
  assert.equal(hostile.dropped, 3);
});

test("planner: `ad` counts the wanted skills from the audit's job ad, and only those still there", () => {
  const state = parsePlannerAddress("?want=sql&want=python&want=constructor&ad=2", KNOWN);
  assert.equal(state.ad, 2);
  assert.equal(plannerQuery(state), "goal=skills&want=sql&want=python&want=constructor&ad=2");
  // An id of the ad's that the catalogue no longer has is not counted, nor what comes after the ad's.
  assert.equal(parsePlannerAddress("?want=nope&want=sql&want=python&ad=2", KNOWN).ad, 1);
  assert.equal(parsePlannerAddress("?want=sql&want=sql&want=python&ad=2", KNOWN).ad, 1);
  // Nonsense counts are no count; more than there are is all of them.
  for (const bad of ["-1", "x", "1.5", "", "Infinity"]) assert.equal(parsePlannerAddress("?want=sql&ad=" + bad, KNOWN).ad, 0, bad);
  assert.equal(parsePlannerAddress("?want=sql&ad=9", KNOWN).ad, 1);
  assert.equal(plannerQuery({ ...state, want: ["sql"], ad: 3 }), "goal=skills&want=sql&ad=1");
  // Removing a skill of the ad's counts one fewer; removing one added later, the same.
  assert.deepEqual(withoutWanted(state, "python"), { want: ["sql", "constructor"], ad: 1 });
  assert.deepEqual(withoutWanted(state, "constructor"), { want: ["sql", "python"], ad: 2 });
  assert.deepEqual(withoutWanted(state, "gone"), { want: ["sql", "python", "constructor"], ad: 2 });
});

test("planner: the profile's address names what you have, nothing of the goal", () => {
  const state = parsePlannerAddress("?pathway=data-scientist&want=sql&ad=1&have=python&have=constructor&held=pcap&by=hours&optional=1", KNOWN);
  assert.equal(profileQuery(state), "have=python&have=constructor&held=pcap");
  const back = parsePlannerAddress("?" + profileQuery(state), KNOWN);
  assert.deepEqual([back.have, back.held, back.want, back.pathway], [state.have, state.held, [], null]);
  assert.equal(profileQuery({ have: [], held: [] }), "");
});

test("planner: what is written reads back the same", () => {
  const state = parsePlannerAddress("?goal=skills&want=python&want=sql&have=constructor&by=count", KNOWN);
  assert.deepEqual(parsePlannerAddress("?" + plannerQuery(state), KNOWN), state);
  assert.equal(plannerQuery(state), "goal=skills&want=python&want=sql&have=constructor&by=count");
});

test("compare: ids of the catalogue's form, each once, at most the limit", () => {
  assert.deepEqual(parseCompareAddress("", 4), { ids: null, diff: false });
  assert.deepEqual(parseCompareAddress("?ids=", 4), { ids: [], diff: false });
  assert.deepEqual(parseCompareAddress("?ids=a,%20b%20,a,__proto__,../x,constructor,c,d&diff=1", 4), {
    ids: ["a", "b", "constructor", "c"],
    diff: true,
  });
  assert.equal(compareQuery({ ids: ["a", "constructor"], diff: false }), "ids=a,constructor");
  assert.equal(compareQuery({ ids: ["a"], diff: true }), "ids=a&diff=1");
  assert.equal(compareQuery({ ids: [], diff: true }), "diff=1");
  assert.equal(compareQuery({ ids: null, diff: false }), "");
});

test("Explore: only the page's filters and sort keys count, in the page's order", () => {
  const facets = ["Kind", "Provider", "constructor"];
  const sorts = ["", "cost:asc", "hours:asc"];
  const state = parseExploreAddress("?q=python+basics&sort=hours:asc&Provider=B&Kind=Credential&Provider=A&Other=x&constructor=toString", facets, sorts);
  assert.equal(state.q, "python basics");
  assert.equal(state.sort, "hours:asc");
  assert.deepEqual([...state.filters], [
    ["Kind", ["Credential"]],
    ["Provider", ["B", "A"]],
    ["constructor", ["toString"]],
  ]);
  assert.equal(exploreQuery(state), "q=python+basics&sort=hours%3Aasc&Kind=Credential&Provider=B&Provider=A&constructor=toString");
  assert.deepEqual(parseExploreAddress("?" + exploreQuery(state), facets, sorts), state);
  const other = parseExploreAddress("?sort=price:desc&__proto__=x", facets, sorts);
  assert.deepEqual(other, { q: "", sort: "", filters: new Map() });
  assert.equal(exploreQuery(other), "");
});
