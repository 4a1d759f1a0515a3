// @ts-check
/* The skills profile (/profile/, issue 24 part 4): what a learner has, as the planner's address
 * says (`have`: skills marked, `held`: credentials, each counting as every skill it teaches),
 * with each skill's category, its ESCO concept and the catalogue's credentials that teach or
 * assess it; and the two downloads made from it: JSON in the format of
 * generator/microskills/schemas/skills-profile.schema.json (Open Badges 3.0 Alignment objects
 * for each skill) and plain text for a CV. Pure: no DOM (tests/js/skills-profile.test.mjs);
 * profile.js is the page.
 */

import { entryUrl, frontList } from "./planner-data.js";

/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./planner-state.js").PlannerState} PlannerState */
/** @typedef {import("./types.js").ProfileData} ProfileData */

/** `profile_data.PROFILE_FORMAT`: the format this decoder reads. */
export const PROFILE_FORMAT = 1;

/** The catalogue's name in the downloads (the schema's `catalogue.name`). */
export const CATALOGUE_NAME = "Microskills Catalogue";

/** The heading of skills without a category, on the page and in the text. */
export const NO_CATEGORY = "Other skills";

/**
 * A skill's ESCO concept.
 * @typedef {object} Esco
 * @property {string} uri
 * @property {string} label
 * @property {string} code the URI's last segment
 * @property {string} match "exact", "close" or "broader" (the skill schema's `esco.match`)
 * @property {string} matchLabel its label ("Exact match", ...)
 */

/**
 * What the profile reads of data/profile.json.
 * @typedef {object} ProfileInfo
 * @property {string} generated
 * @property {(s: number) => string | null} categoryOf skill s's category's name
 * @property {(s: number) => Esco | null} escoOf skill s's ESCO concept
 */

/**
 * @param {ProfileData} raw
 * @returns {ProfileInfo}
 */
export function decodeProfileData(raw) {
  if (raw.format !== PROFILE_FORMAT) throw new Error("unknown profile data format " + raw.format);
  const uris = frontList(raw.esco_uri, raw.front_block);
  return {
    generated: raw.generated,
    categoryOf(s) {
      const c = raw.category[s];
      return c === undefined || c < 0 ? null : raw.categories[c];
    },
    escoOf(s) {
      const k = raw.esco[s];
      const m = Number(raw.esco_match.charAt(s));
      if (k === undefined || k < 0 || !m) return null;
      const uri = uris.get(k);
      return { uri, label: raw.esco_label[k], code: uri.slice(uri.lastIndexOf("/") + 1), match: raw.matches[m - 1], matchLabel: raw.match_labels[m - 1] };
    },
  };
}

/**
 * One skill of the profile.
 * @typedef {object} ProfileSkill
 * @property {number} index the skill's index in the planner's data
 * @property {string} id
 * @property {string} name
 * @property {string | null} category
 * @property {boolean} marked the learner marked the skill itself
 * @property {number[]} through the learner's credentials that teach it (indexes, by name)
 * @property {Esco | null} esco
 * @property {number[]} evidence every credential that teaches or assesses it (indexes, by name)
 */

/**
 * @typedef {object} Profile
 * @property {{category: string | null, skills: ProfileSkill[]}[]} groups skills by category (by
 *   name, skills without one last), each group's by name
 * @property {ProfileSkill[]} skills the groups' skills, in the same order
 * @property {number[]} credentials the learner's credentials (indexes, by name)
 */

/**
 * @param {string} a
 * @param {string} b
 */
function byName(a, b) {
  return a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The profile of a planner state: the skills marked and those the credentials held teach.
 * @param {Pick<PlannerState, "have" | "held">} state ids the catalogue has (parsePlannerAddress)
 * @param {PlannerGraph} data
 * @param {ProfileInfo} info
 * @returns {Profile}
 */
export function buildProfile(state, data, info) {
  /** @param {number[]} credentials */
  const sortCredentials = (credentials) => credentials.sort((a, b) => byName(data.credNames.get(a), data.credNames.get(b)) || a - b);
  const credentials = sortCredentials(state.held.map((id) => data.credIndex(id)).filter((c) => c >= 0));
  /** @type {Map<number, ProfileSkill>} */
  const skills = new Map();
  /** @param {number} s */
  function skill(s) {
    let found = skills.get(s);
    if (!found) {
      found = {
        index: s,
        id: data.skillIds.get(s),
        name: data.skillNames.get(s),
        category: info.categoryOf(s),
        marked: false,
        through: [],
        esco: info.escoOf(s),
        evidence: sortCredentials(Array.from(data.teachersOf(s))),
      };
      skills.set(s, found);
    }
    return found;
  }
  state.have.forEach((id) => {
    const s = data.skillIndex(id);
    if (s >= 0) skill(s).marked = true;
  });
  credentials.forEach((c) => data.skillsOf(c).forEach((s) => skill(s).through.push(c)));
  /** @type {Map<string | null, ProfileSkill[]>} */
  const byCategory = new Map();
  skills.forEach((found) => {
    const list = byCategory.get(found.category);
    if (list) list.push(found);
    else byCategory.set(found.category, [found]);
  });
  const groups = Array.from(byCategory, ([category, list]) => ({
    category,
    skills: list.sort((a, b) => byName(a.name, b.name) || a.index - b.index),
  })).sort((a, b) => (a.category === null ? 1 : b.category === null ? -1 : byName(a.category, b.category)));
  return { groups, skills: groups.flatMap((group) => group.skills), credentials };
}

/**
 * What the JSON download says about the page it came from.
 * @typedef {object} DocumentOptions
 * @property {string} site the site's root, absolute
 * @property {string} address the profile page's address with this profile
 * @property {string} schema the format's `$id` (skills-profile.schema.json)
 * @property {Date} created
 * @property {string} generated the catalogue data's date (YYYY-MM-DD)
 */

/**
 * The JSON download: skills-profile.schema.json's format.
 * @param {Profile} profile
 * @param {PlannerGraph} data
 * @param {DocumentOptions} options
 */
export function profileDocument(profile, data, options) {
  /** @param {number} c */
  const credential = (c) => {
    const id = data.credIds.get(c);
    return { id, name: data.credNames.get(c), url: entryUrl(data, "credential", id, options.site) };
  };
  return {
    type: "SkillsProfile",
    conformsTo: options.schema,
    selfDeclared: true,
    created: options.created.toISOString(),
    catalogue: { name: CATALOGUE_NAME, url: options.site, generated: options.generated },
    address: options.address,
    credentials: profile.credentials.map(credential),
    skills: profile.skills.map((skill) => {
      const url = entryUrl(data, "skill", skill.id, options.site);
      /** @type {Record<string, unknown>[]} */
      const alignment = [
        { type: ["Alignment"], targetName: skill.name, targetUrl: url, targetCode: skill.id, targetFramework: CATALOGUE_NAME, targetType: "ceasn:Competency" },
      ];
      if (skill.esco) {
        alignment.push({ type: ["Alignment"], targetName: skill.esco.label, targetUrl: skill.esco.uri, targetCode: skill.esco.code, targetFramework: "ESCO", targetType: "ceasn:Competency" });
      }
      const out = { id: skill.id, name: skill.name, url, category: skill.category, marked: skill.marked, through: skill.through.map((c) => data.credIds.get(c)) };
      // `escoMatch` only where the skill has an ESCO concept (the schema's `escoMatch` is optional).
      if (skill.esco) Object.assign(out, { escoMatch: skill.esco.match });
      return Object.assign(out, { alignment, evidence: skill.evidence.map(credential) });
    }),
  };
}

/**
 * The text download, to paste into a CV or a profile: one line per skill under its category,
 * then the credentials held.
 * @param {Profile} profile
 * @param {PlannerGraph} data
 * @returns {string}
 */
export function profileText(profile, data) {
  /** @type {string[]} */
  const blocks = profile.groups.map((group) => [group.category === null ? NO_CATEGORY : group.category, ...group.skills.map((skill) => "- " + skill.name)].join("\n"));
  if (profile.credentials.length) blocks.push(["Credentials", ...profile.credentials.map((c) => "- " + data.credNames.get(c))].join("\n"));
  return blocks.length ? blocks.join("\n\n") + "\n" : "";
}
