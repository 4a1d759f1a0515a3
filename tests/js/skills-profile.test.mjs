// @ts-check
/* The skills profile without a page (docs/assets/skills-profile.js): the profile data the
 * generator wrote for the base catalogue (tests/js/vectors/profile-base.json, with what the model
 * says) decoded, profiles built from planner states, and the JSON and text downloads made from
 * them. tests/test_profile.py validates the JSON against its schema on the real catalogue. */

import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePlannerData } from "../../docs/assets/planner-data.js";
import { buildProfile, CATALOGUE_NAME, decodeProfileData, NO_CATEGORY, PROFILE_FORMAT, profileDocument, profileText } from "../../docs/assets/skills-profile.js";
import { vector } from "./helpers.mjs";

const VECTORS = vector("profile-base.json");
const SITE = "https://example.org/catalogue/";
const OPTIONS = {
  site: SITE,
  address: SITE + "profile/?have=sql-select-queries",
  schema: "https://microskills-catalogue.github.io/schemas/skills-profile.schema.json",
  created: new Date(Date.UTC(2026, 11, 6, 9, 30)),
  generated: "2026-12-01",
};

/** A fresh copy of the vectors' data, decoded (tests change their copy). */
function load() {
  const raw = JSON.parse(JSON.stringify(VECTORS));
  return { raw, data: decodePlannerData(raw.planner), info: decodeProfileData(raw.profile) };
}

/** @param {string[]} have @param {string[]} [held] */
function state(have, held = []) {
  return { have, held };
}

test("the profile data decodes to each skill's category and ESCO concept, as the model says", () => {
  const { data, info } = load();
  assert.equal(VECTORS.expected.length, data.skillIds.length);
  VECTORS.expected.forEach((/** @type {any} */ expected, /** @type {number} */ s) => {
    assert.equal(data.skillIds.get(s), expected.id);
    assert.equal(info.categoryOf(s), expected.category, expected.id);
    const esco = info.escoOf(s);
    if (expected.esco === null) assert.equal(esco, null);
    else assert.deepEqual(esco, { ...expected.esco, code: expected.esco.uri.split("/").pop() }, expected.id);
    assert.deepEqual(Array.from(data.teachersOf(s), (c) => data.credIds.get(c)).sort(), expected.teachers, expected.id);
  });
  assert.equal(info.generated, "2026-12-01");
});

test("another format is refused", () => {
  const { raw } = load();
  raw.profile.format = PROFILE_FORMAT + 1;
  assert.throws(() => decodeProfileData(raw.profile), /unknown profile data format/);
});

test("a profile: skills marked and those a credential held teaches, by category and name", () => {
  const { data, info } = load();
  const profile = buildProfile(state(["sql-select-queries", "python-functions-modules", "python-pep8-style"], ["python-institute-pcep"]), data, info);
  assert.deepEqual(
    profile.groups.map((group) => [group.category, group.skills.map((skill) => skill.id)]),
    [
      ["Data analysis", ["sql-select-queries"]],
      // by name: "Handle exceptions in Python", "Use Python lists, ...", "Write Python functions and modules"
      ["Programming languages", ["python-exception-handling", "python-core-data-structures", "python-functions-modules"]],
      ["Software engineering practice", ["python-pep8-style"]],
    ],
  );
  assert.deepEqual(profile.skills.map((skill) => skill.id), profile.groups.flatMap((group) => group.skills.map((skill) => skill.id)));
  const byId = new Map(profile.skills.map((skill) => [skill.id, skill]));
  const pcep = data.credIndex("python-institute-pcep");
  // Marked, through the credential, or both.
  assert.deepEqual([byId.get("sql-select-queries")?.marked, byId.get("sql-select-queries")?.through], [true, []]);
  assert.deepEqual([byId.get("python-core-data-structures")?.marked, byId.get("python-core-data-structures")?.through], [false, [pcep]]);
  assert.deepEqual([byId.get("python-functions-modules")?.marked, byId.get("python-functions-modules")?.through], [true, [pcep]]);
  // The evidence: every credential that teaches it, by name.
  assert.deepEqual(
    byId.get("python-functions-modules")?.evidence.map((c) => data.credNames.get(c)),
    ["PCAP – Certified Associate in Python Programming", "PCEP – Certified Entry-Level Python Programmer"],
  );
  assert.deepEqual(profile.credentials, [pcep]);
  assert.deepEqual(buildProfile(state([]), data, info), { groups: [], skills: [], credentials: [] });
});

test("skills without a category come last, under their own heading in the text", () => {
  const { raw } = load();
  const s = raw.expected.findIndex((/** @type {any} */ e) => e.id === "tableau-dashboards");
  raw.profile.category[s] = -1;
  const data = decodePlannerData(raw.planner);
  const profile = buildProfile(state(["tableau-dashboards", "sql-select-queries"]), data, decodeProfileData(raw.profile));
  assert.deepEqual(profile.groups.map((group) => group.category), ["Data analysis", null]);
  assert.equal(profileText(profile, data), "Data analysis\n- Write SQL SELECT queries\n\n" + NO_CATEGORY + "\n- Build a dashboard in Tableau\n");
});

test("the JSON download: the format's fields, OB3 alignments to the catalogue and to ESCO, evidence with pages", () => {
  const { data, info } = load();
  const profile = buildProfile(state(["sql-select-queries"], ["python-institute-pcep"]), data, info);
  const document = profileDocument(profile, data, OPTIONS);
  assert.deepEqual(Object.keys(document), ["type", "conformsTo", "selfDeclared", "created", "catalogue", "address", "credentials", "skills"]);
  assert.equal(document.type, "SkillsProfile");
  assert.equal(document.conformsTo, OPTIONS.schema);
  assert.equal(document.selfDeclared, true);
  assert.equal(document.created, "2026-12-06T09:30:00.000Z");
  assert.deepEqual(document.catalogue, { name: CATALOGUE_NAME, url: SITE, generated: "2026-12-01" });
  assert.equal(document.address, OPTIONS.address);
  assert.deepEqual(document.credentials, [
    { id: "python-institute-pcep", name: "PCEP – Certified Entry-Level Python Programmer", url: SITE + "credentials/python-institute-pcep/" },
  ]);
  const sql = document.skills.find((skill) => skill.id === "sql-select-queries");
  assert.deepEqual(sql, {
    id: "sql-select-queries",
    name: "Write SQL SELECT queries",
    url: SITE + "skills/sql-select-queries/",
    category: "Data analysis",
    marked: true,
    through: [],
    escoMatch: "broader",
    alignment: [
      { type: ["Alignment"], targetName: "Write SQL SELECT queries", targetUrl: SITE + "skills/sql-select-queries/", targetCode: "sql-select-queries", targetFramework: CATALOGUE_NAME, targetType: "ceasn:Competency" },
      { type: ["Alignment"], targetName: "SQL", targetUrl: "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742", targetCode: "598de5b0-5b58-4ea7-8058-a4bc4d18c742", targetFramework: "ESCO", targetType: "ceasn:Competency" },
    ],
    evidence: [
      { id: "google-data-analytics-professional-certificate", name: "Google Data Analytics Professional Certificate", url: SITE + "credentials/google-data-analytics-professional-certificate/" },
    ],
  });
  const core = document.skills.find((skill) => skill.id === "python-core-data-structures");
  assert.deepEqual([core?.marked, core?.through], [false, ["python-institute-pcep"]]);
});

test("a skill without an ESCO concept has the catalogue's alignment only, and no escoMatch", () => {
  const { raw } = load();
  const s = raw.expected.findIndex((/** @type {any} */ e) => e.id === "sql-select-queries");
  raw.profile.esco[s] = -1;
  raw.profile.esco_match = raw.profile.esco_match.slice(0, s) + "0" + raw.profile.esco_match.slice(s + 1);
  const data = decodePlannerData(raw.planner);
  const info = decodeProfileData(raw.profile);
  assert.equal(info.escoOf(s), null);
  const [skill] = profileDocument(buildProfile(state(["sql-select-queries"]), data, info), data, OPTIONS).skills;
  assert.equal("escoMatch" in skill, false);
  assert.deepEqual(skill.alignment.map((a) => a.targetFramework), [CATALOGUE_NAME]);
});

test("the text download: one line per skill under its category, then the credentials held", () => {
  const { data, info } = load();
  const profile = buildProfile(state(["sql-select-queries", "r-programming-basics"], ["python-institute-pcep"]), data, info);
  assert.equal(
    profileText(profile, data),
    [
      "Data analysis",
      "- Write SQL SELECT queries",
      "",
      "Programming languages",
      "- Handle exceptions in Python",
      "- Program in R for data analysis",
      "- Use Python lists, dictionaries, tuples and sets",
      "- Write Python functions and modules",
      "",
      "Credentials",
      "- PCEP – Certified Entry-Level Python Programmer",
      "",
    ].join("\n"),
  );
  assert.equal(profileText(buildProfile(state([]), data, info), data), "");
});
