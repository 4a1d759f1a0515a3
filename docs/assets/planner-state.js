// @ts-check
/* The planner's state in its page's address (?pathway=...&want=...&ad=...&have=...&held=...&by=...
 * &optional=1): read from and written to a query, checked against the catalogue. Pure: no DOM
 * (tests/js/address.test.mjs); planner.js puts it in the page's address with address.js's
 * `writeAddress`. Apart from address.js, which every page loads, because only the planner and
 * the pages that open it (the audit, the skills profile) need it.
 */

/** What the planner can plan for (`by`); the first is the default. */
export const OBJECTIVES = /** @type {const} */ (["cost", "hours", "count"]);

/** @typedef {typeof OBJECTIVES[number]} Objective */

/**
 * @typedef {object} PlannerState
 * @property {"pathway" | "skills"} goal a pathway, or skills the learner picks
 * @property {string | null} pathway the pathway's id
 * @property {string[]} want skill ids wanted (goal "skills")
 * @property {number} ad how many of `want`, from the first, came from a text in the skills audit
 *   ("I need these": a job ad); the planner tags them. A count, not a list, keeps the address short
 * @property {string[]} have skill ids the learner has
 * @property {string[]} held credential ids the learner holds
 * @property {Objective} by
 * @property {boolean} optional whether optional stages are planned too
 * @property {number} dropped how many ids of the address are not in the catalogue
 */

/**
 * Which ids the catalogue has.
 * @typedef {object} Known
 * @property {(id: string) => boolean} pathway
 * @property {(id: string) => boolean} skill
 * @property {(id: string) => boolean} credential
 */

/**
 * The planner's state from an address's query: ids the catalogue does not have are dropped (and
 * counted), repeated ones kept once.
 * @param {string} search `location.search` ("?..." or "")
 * @param {Known} known
 * @returns {PlannerState}
 */
export function parsePlannerAddress(search, known) {
  const params = new URLSearchParams(search);
  let dropped = 0;
  /**
   * @param {string} name
   * @param {(id: string) => boolean} has
   */
  function ids(name, has) {
    const seen = new Set();
    return params.getAll(name).filter((id) => {
      if (!has(id)) {
        dropped++;
        return false;
      }
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  // `ad` counts the first wanted ids of the address: those that survive the check above.
  const adRaw = Number(params.get("ad"));
  const adIds = Number.isInteger(adRaw) && adRaw > 0 ? new Set(params.getAll("want").slice(0, adRaw)) : new Set();
  let pathway = params.get("pathway");
  if (pathway && !known.pathway(pathway)) {
    dropped++;
    pathway = null;
  }
  const by = params.get("by");
  const want = ids("want", known.skill);
  const have = ids("have", known.skill);
  const held = ids("held", known.credential);
  let ad = 0;
  while (ad < want.length && adIds.has(want[ad])) ad++;
  return {
    goal: params.get("goal") === "skills" || (!pathway && want.length) ? "skills" : "pathway",
    pathway: pathway || null,
    want,
    ad,
    have,
    held,
    by: OBJECTIVES.find((objective) => objective === by) || "cost",
    optional: params.get("optional") === "1",
    dropped,
  };
}

/**
 * The query of a planner state (without "?"; defaults are left out).
 * @param {PlannerState} state
 * @returns {string}
 */
export function plannerQuery(state) {
  const params = new URLSearchParams();
  if (state.goal === "skills") params.set("goal", "skills");
  if (state.pathway) params.set("pathway", state.pathway);
  state.want.forEach((id) => params.append("want", id));
  const ad = Math.min(state.ad, state.want.length);
  if (ad > 0) params.set("ad", String(ad));
  state.have.forEach((id) => params.append("have", id));
  state.held.forEach((id) => params.append("held", id));
  if (state.by !== "cost") params.set("by", state.by);
  if (state.optional) params.set("optional", "1");
  return params.toString();
}

/**
 * `want` without a skill, and `ad` still counting the skills from the audit among those left.
 * @param {Pick<PlannerState, "want" | "ad">} state
 * @param {string} id
 * @returns {{want: string[], ad: number}}
 */
export function withoutWanted(state, id) {
  const at = state.want.indexOf(id);
  return {
    want: state.want.filter((x) => x !== id),
    ad: at >= 0 && at < state.ad ? state.ad - 1 : Math.min(state.ad, state.want.length),
  };
}

/**
 * The skills profile's query for a planner state: what the learner has (skills and credentials),
 * nothing of the goal, so the profile's address names only what it shows.
 * @param {Pick<PlannerState, "have" | "held">} state
 * @returns {string}
 */
export function profileQuery(state) {
  return plannerQuery({ goal: "pathway", pathway: null, want: [], ad: 0, have: state.have, held: state.held, by: "cost", optional: false, dropped: 0 });
}
