// @ts-check
/* The planner's state in its page's address (?pathway=...&want=...&have=...&held=...&by=...
 * &optional=1): read from and written to a query, checked against the catalogue. Pure: no DOM
 * (tests/js/address.test.mjs); planner.js puts it in the page's address with address.js's
 * `writeAddress`. Apart from address.js, which every page loads, because only /plan/ needs it.
 */

/** What the planner can plan for (`by`); the first is the default. */
export const OBJECTIVES = /** @type {const} */ (["cost", "hours", "count"]);

/** @typedef {typeof OBJECTIVES[number]} Objective */

/**
 * @typedef {object} PlannerState
 * @property {"pathway" | "skills"} goal a pathway, or skills the learner picks
 * @property {string | null} pathway the pathway's id
 * @property {string[]} want skill ids wanted (goal "skills")
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
  let pathway = params.get("pathway");
  if (pathway && !known.pathway(pathway)) {
    dropped++;
    pathway = null;
  }
  const by = params.get("by");
  const want = ids("want", known.skill);
  const have = ids("have", known.skill);
  const held = ids("held", known.credential);
  return {
    goal: params.get("goal") === "skills" || (!pathway && want.length) ? "skills" : "pathway",
    pathway: pathway || null,
    want,
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
  state.have.forEach((id) => params.append("have", id));
  state.held.forEach((id) => params.append("held", id));
  if (state.by !== "cost") params.set("by", state.by);
  if (state.optional) params.set("optional", "1");
  return params.toString();
}
