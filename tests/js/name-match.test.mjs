// @ts-check
/* Names a visitor types for an entry (name-match.js): Explore puts the entry a query names first,
 * Compare accepts a short name or exam code (issue 23). */

import assert from "node:assert/strict";
import { test } from "node:test";
import { findNamed, nameKey, namedFirst, namesEntry, parseNames } from "../../docs/assets/name-match.js";

test("case, spaces and punctuation do not count; + and # do", () => {
  assert.equal(nameKey("Security+"), nameKey("security+"));
  assert.equal(nameKey("pl300"), nameKey("PL-300"));
  assert.equal(nameKey("PSM I"), nameKey("psm-i"));
  assert.equal(nameKey("C|EH"), nameKey("ceh"));
  assert.notEqual(nameKey("A+"), nameKey("A"));
  assert.notEqual(nameKey("C#"), nameKey("C"));
  assert.equal(nameKey(" - "), "");
});

test("an entry answers to its title, its bare title, its short names and code", () => {
  const title = "Certified Ethical Hacker (CEH)";
  const names = ["CEH", "C|EH", "312-50"];
  for (const query of ["CEH", "ceh", "c|eh", "312 50", "Certified Ethical Hacker", "certified ethical hacker (ceh)"]) {
    assert.ok(namesEntry(query, title, names), query);
  }
  for (const query of ["Certified", "Hacker", "", "+", "CE"]) assert.ok(!namesEntry(query, title, names), query);
});

test("the named entries go first, each group in the engine's order", () => {
  const results = [
    { title: "Security Analyst", names: [] },
    { title: "Cloud Security Engineer", names: [] },
    { title: "CompTIA Security+", names: ["Security+", "Sec+", "SY0-701"] },
    { title: "CompTIA SecurityX", names: ["SecurityX", "CAS-005"] },
  ];
  const order = (/** @type {string} */ query) => namedFirst(query, results, (r) => r).map((r) => r.title);
  assert.deepEqual(order("security+"), ["CompTIA Security+", "Security Analyst", "Cloud Security Engineer", "CompTIA SecurityX"]);
  assert.deepEqual(order("sy0701"), ["CompTIA Security+", "Security Analyst", "Cloud Security Engineer", "CompTIA SecurityX"]);
  assert.deepEqual(order("security"), results.map((r) => r.title));
  const data = [
    { title: "Google Analytics Certification", names: ["Google Analytics"] },
    { title: "Google Advanced Data Analytics Professional Certificate", names: ["Google Advanced Data Analytics"] },
    { title: "Google Data Analytics Professional Certificate", names: ["Google Data Analytics", "Google DA"] },
  ];
  assert.equal(namedFirst("Google Data Analytics", data, (r) => r)[0].title, "Google Data Analytics Professional Certificate");
});

test("the names a record carries: a JSON list, anything else is none", () => {
  assert.deepEqual(parseNames('["CEH","C|EH"]'), ["CEH", "C|EH"]);
  assert.deepEqual(parseNames('["CEH",1,null]'), ["CEH"]);
  for (const meta of [undefined, "", "CEH", "{}", '"CEH"', "[" ]) assert.deepEqual(parseNames(meta), [], String(meta));
});

test("a form finds a credential by its title first, else by a short name or code", () => {
  const titles = ["Certified Ethical Hacker (CEH)", "Certified Information Systems Security Professional (CISSP)", "Microsoft Certified: Azure Fundamentals", "CEH"];
  const names = [["CEH", "312-50"], ["CISSP"], ["AZ-900", "Azure Fundamentals"], []];
  const find = (/** @type {string} */ typed) => findNamed(typed, titles, (i) => names[i]);
  assert.deepEqual(find("ceh"), [3]); // a title typed exactly wins over a short name
  assert.deepEqual(find("CISSP"), [1]);
  assert.deepEqual(find("az900"), [2]);
  assert.deepEqual(find("Azure Fundamentals"), [2]);
  assert.deepEqual(find("312-50"), [0]);
  assert.deepEqual(find("Certified"), []);
  assert.deepEqual(findNamed("CEH", titles.slice(0, 3), (i) => names[i]), [0]);
});
