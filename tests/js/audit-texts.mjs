// @ts-check
/* The skills audit on a set of texts, as the audit page does it (audit.js: the planner's skill
 * names and data/audit.json, `auditTerms`, `buildIndex`, `findSkills` with the hierarchy), and
 * beside it a naive matcher over the same terms: a plain case-insensitive substring search.
 * benchmarks/audit_quality.py and tests/test_audit_quality.py score both against hand labels.
 *
 *     node tests/js/audit-texts.mjs < input.json
 *
 * Input: {"planner": <data/planner.json>, "audit": <data/audit.json>, "texts": [{"id", "text"}]}.
 * Output: {"<id>": {"exact": [skill ids], "inferred": [skill ids], "naive": [skill ids]}, ...,
 * "index_ms": the time to build the index, "match_ms": the time to match every text}.
 */

import { readFileSync } from "node:fs";
import { decodePlannerData } from "../../docs/assets/planner-data.js";
import { auditTerms, buildIndex, findSkills } from "../../docs/assets/skill-audit.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const data = decodePlannerData(input.planner);
const ids = data.skillIds.all();
const names = data.skillNames.all();
const terms = auditTerms(names, input.audit);

let started = performance.now();
const index = buildIndex(terms);
const indexMs = performance.now() - started;

/** The naive baseline: every exact term, found wherever it occurs in the text, in any case. */
const naiveTerms = terms.filter((t) => t.exact).map((t) => ({ key: t.text.toLowerCase(), skills: t.skills }));

/** @type {Record<string, unknown>} */
const out = Object.create(null);
let matchMs = 0;
input.texts.forEach((/** @type {{id: string, text: string}} */ item) => {
  started = performance.now();
  const found = findSkills(index, item.text, input.audit.broader);
  matchMs += performance.now() - started;
  const lower = item.text.toLowerCase();
  /** @type {Set<number>} */
  const naive = new Set();
  naiveTerms.forEach((t) => {
    if (lower.indexOf(t.key) !== -1) t.skills.forEach((s) => naive.add(s));
  });
  out[item.id] = {
    exact: found.filter((f) => f.exact).map((f) => ids[f.skill]),
    inferred: found.filter((f) => !f.exact).map((f) => ids[f.skill]),
    naive: Array.from(naive, (s) => ids[s]).sort(),
  };
});
out.index_ms = indexMs;
out.match_ms = matchMs;
process.stdout.write(JSON.stringify(out));
