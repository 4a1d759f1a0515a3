// @ts-check
/* The page's address: the state the planner, compare and Explore keep in it, so a plan, a
 * comparison or a search can be shared or bookmarked and Back/Forward step through changes.
 *
 * `readAddress` and `writeAddress` are the one reader and writer of the page's address; the
 * states are read from and written to a query by pure functions (no DOM:
 * tests/js/address.test.mjs): compare's and Explore's here, the planner's in planner-state.js.
 * This module is loaded on every page (compare.js builds links to the compare page with it), so
 * it holds what every page and Explore need, and nothing only the planner does. Values from an
 * address are checked: ids against the catalogue's id form (compare), filter names against the
 * page's filters (Explore); tables keyed by them are Maps and Sets.
 */

// --- ids -------------------------------------------------------------------------------------------

/* The form of every catalogue id (common.schema.json's id: the pattern, at most 64 characters). */
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Whether a value has the form of a catalogue id (from an address or read back from storage).
 * @param {unknown} id
 * @returns {id is string}
 */
export function isCatalogueId(id) {
  return typeof id === "string" && id.length <= 64 && ID.test(id);
}

// --- compare: ?ids=a,b,c&diff=1 --------------------------------------------------------------------

/**
 * @typedef {object} CompareState
 * @property {string[] | null} ids the credentials to compare; null: the address names none
 * @property {boolean} diff only the facts that differ
 */

/**
 * The compare page's state from an address's query: ids of the catalogue's form, each once, at
 * most `max`.
 * @param {string} search
 * @param {number} max
 * @returns {CompareState}
 */
export function parseCompareAddress(search, max) {
  const params = new URLSearchParams(search);
  const raw = params.get("ids");
  const diff = params.get("diff") === "1";
  if (raw === null) return { ids: null, diff };
  const seen = new Set();
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => {
      if (!isCatalogueId(id) || seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .slice(0, max);
  return { ids, diff };
}

/**
 * The query of a comparison (commas between ids are left as they are: the address stays readable).
 * @param {{ids: readonly string[] | null, diff: boolean}} state
 * @returns {string}
 */
export function compareQuery(state) {
  const ids = state.ids || [];
  let query = ids.length ? "ids=" + ids.map(encodeURIComponent).join(",") : "";
  if (state.diff) query += (query ? "&" : "") + "diff=1";
  return query;
}

// --- Explore: ?q=...&sort=...&<filter>=<value>... --------------------------------------------------

/**
 * @typedef {object} ExploreState
 * @property {string} q the search text
 * @property {string} sort a sort key the page offers ("cost:asc"), or "" for best match
 * @property {Map<string, string[]>} filters filter name -> values chosen, in the page's order
 */

/**
 * Explore's state from an address's query: only the page's filters and sort keys count.
 * @param {string} search
 * @param {readonly string[]} facets the filter names, in order (from the build)
 * @param {readonly string[]} sorts the sort keys the page offers
 * @returns {ExploreState}
 */
export function parseExploreAddress(search, facets, sorts) {
  const params = new URLSearchParams(search);
  /** @type {Map<string, string[]>} */
  const filters = new Map();
  facets.forEach((name) => {
    const values = params.getAll(name);
    if (values.length) filters.set(name, values);
  });
  const sort = params.get("sort") || "";
  return { q: params.get("q") || "", sort: sorts.indexOf(sort) !== -1 ? sort : "", filters };
}

/**
 * The query of an Explore state (without "?").
 * @param {ExploreState} state
 * @returns {string}
 */
export function exploreQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort) params.set("sort", state.sort);
  state.filters.forEach((values, name) => values.forEach((value) => params.append(name, value)));
  return params.toString();
}

// --- the page's address ----------------------------------------------------------------------------

/**
 * The current page's query ("?..." or ""), for the parsers above.
 * @returns {string}
 */
export function readAddress() {
  return window.location.search;
}

/**
 * Put a query into the page's address: a new history step (`push`) or in place of the current
 * one; nothing when the address already says it.
 * @param {string} query without "?"
 * @param {boolean} push
 */
export function writeAddress(query, push) {
  const url = window.location.pathname + (query ? "?" + query : "");
  if (url === window.location.pathname + window.location.search) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}
