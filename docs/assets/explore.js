// @ts-check
/* Search and explore: full-text search with filters and sorting over the Pagefind index.
 *
 * The page (search.md.j2 loads it as a module). Everything shown comes from the index's metadata
 * (generator/search.py, types.d.ts `ExploreMeta`) and is inserted with textContent, never as
 * HTML. The page address holds the state (address.js: ?q=...&sort=...&Provider=...): a search can
 * be shared or bookmarked, and Back/Forward step through the states a visitor chose.
 *
 * What is downloaded when: nothing of the search until there is something to search for; a
 * plain text search uses the small "pagefind" bundle (no filter indexes); the "pagefind-facets"
 * bundle (filters and sort keys) is fetched only when the visitor opens the filters, sorts, or
 * arrives with filters in the address.
 *
 * Filter names, filter values and sort keys come from the address and the index: tables keyed by
 * them are Maps or `table()`s (dom.js), and objects the index returns are read with
 * `ownValue()`, so a value such as `constructor` is a value like any other, never an inherited
 * member.
 *
 * Page-level contract: `data-state` on #ms-explore is "searching", then "done" once a state's
 * results and filters are shown (or "failed"); `ms:results-rendered` on document after each page
 * of results (dom.js).
 */

import { exploreQuery, parseExploreAddress, readAddress, writeAddress } from "./address.js";
import { child, el, ownValue, resultsRendered, table, textNode } from "./dom.js";
import { namedFirst, parseNames } from "./name-match.js";
import { siteRoot } from "./site-root.js";

/** @typedef {import("./address.js").ExploreState} ExploreState */
/** @typedef {import("./types.js").Pagefind} Pagefind */
/** @typedef {import("./types.js").PagefindRecord} PagefindRecord */
/** @typedef {import("./types.js").PagefindResult} PagefindResult */
/** @typedef {import("./types.js").PagefindSearchOptions} PagefindSearchOptions */
/** @typedef {import("./types.js").FacetCounts} FacetCounts */

const PAGE_SIZE = 10;
/** How many of the engine's first results are looked at for one the query names (issue 23): the
 * first page's, whose records are fetched anyway; for a query that reads like a code or an
 * abbreviation (a digit, "+" or "#", or one short word) the first 30, whose records cost more
 * bytes but hold the named entry when the engine ranks longer names above it. */
const PAGE_WINDOW = 10;
const NAMED_WINDOW = 30;

/** @param {string} q */
function readsLikeACode(q) {
  const query = q.trim();
  return /[0-9+#]/.test(query) || (!/\s/.test(query) && query.length <= 6);
}
/** Labels of the groups of results without a published figure, by sort key. */
const GROUP_LABELS = new Map([
  [
    "cost",
    new Map([
      ["other-currency", "Priced in another currency"],
      ["none", "No published price"],
    ]),
  ],
  ["hours", new Map([["none", "No published workload"]])],
]);

/**
 * Pagefind's options for a state's filters.
 * @param {ExploreState} state
 * @returns {PagefindSearchOptions}
 */
function searchOptions(state) {
  /** @type {PagefindSearchOptions} */
  const options = { filters: table() };
  state.filters.forEach((values, name) => {
    options.filters[name] = { any: values };
  });
  return options;
}

/** @param {unknown} text */
function slug(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * @param {ExploreState} state
 */
function hasFilters(state) {
  return state.filters.size > 0;
}

/** @param {ExploreState} state */
function needsFacets(state) {
  return Boolean(state.sort) || hasFilters(state);
}

/**
 * The results with those the query names (by title, short name or code: name-match.js) first.
 * Only the engine's first PAGE_WINDOW (or NAMED_WINDOW) are looked at (their records are
 * fetched), and a sorted list keeps the order the visitor chose.
 * @param {ExploreState} state
 * @param {PagefindResult[]} results
 * @returns {Promise<PagefindResult[]>}
 */
function namedResultsFirst(state, results) {
  if (!state.q || state.sort || results.length < 2) return Promise.resolve(results);
  const head = results.slice(0, readsLikeACode(state.q) ? NAMED_WINDOW : PAGE_WINDOW);
  return Promise.all(head.map((r) => r.data())).then((records) => {
    const order = namedFirst(
      state.q,
      head.map((_, i) => i),
      (i) => ({ title: records[i].meta.title || "", names: parseNames(ownValue(records[i].meta, "names")) }),
    );
    return order.map((i) => head[i]).concat(results.slice(head.length));
  });
}

/**
 * Explore on its page.
 * @param {HTMLElement} root #ms-explore
 */
function explore(root) {
  const site = siteRoot();
  const form = child(root, ".ms-explore__form", HTMLFormElement);
  const input = child(root, "#ms-explore-q", HTMLInputElement);
  const sortSelect = child(root, "#ms-explore-sort", HTMLSelectElement);
  const panel = child(root, ".ms-explore__filters", HTMLDetailsElement);
  const panelCount = child(root, ".ms-explore__filter-count", HTMLElement);
  const facetsBox = child(root, ".ms-explore__facets", HTMLElement);
  const status = child(root, ".ms-explore__status", HTMLElement);
  const list = child(root, ".ms-explore__list", HTMLElement);
  const more = child(root, ".ms-explore__more", HTMLButtonElement);
  const suggestions = child(root, ".ms-explore__suggestions", HTMLElement);
  // The same breakpoint as `.ms-explore__layout` in catalogue.css: two columns from 60em.
  const filtersBesideResults = window.matchMedia("(min-width: 60em)");
  // The filters, in order, come from the build (the schemas' `x-facet` annotations).
  /** @type {string[]} */
  const FACETS = JSON.parse(root.getAttribute("data-facets") || "[]");
  // The sort keys the page offers; any other `sort` in the address is ignored.
  const SORTS = Array.from(sortSelect.options, (option) => option.value);

  /** @type {Map<string, Promise<Pagefind>>} */
  const engines = new Map();
  /** @param {string} name the bundle: "pagefind" or "pagefind-facets" */
  function engine(name) {
    let loading = engines.get(name);
    if (!loading) {
      loading = import(new URL(name + "/pagefind.js", site).href).then((/** @type {Pagefind} */ module) =>
        module.options({ noWorker: true }).then(() => module),
      );
      engines.set(name, loading);
    }
    return loading;
  }

  /** @param {ExploreState} state */
  function wantsFacets(state) {
    return needsFacets(state) || panel.open;
  }

  /** @type {FacetCounts | null} */
  let allFilters = null;
  /** @type {{results: PagefindResult[], shown: number, sort: string, group?: string}} */
  let current = { results: [], shown: 0, sort: "" };
  let generation = 0;

  function readState() {
    return parseExploreAddress(readAddress(), FACETS, SORTS);
  }

  /**
   * @param {ExploreState} state
   * @param {boolean} push
   */
  function writeState(state, push) {
    writeAddress(exploreQuery(state), push);
  }

  /** @returns {ExploreState} */
  function stateFromForm() {
    /** @type {Map<string, string[]>} */
    let filters = new Map();
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach((box) => {
      if (!(box instanceof HTMLInputElement)) return;
      const values = filters.get(box.name);
      if (values) values.push(box.value);
      else filters.set(box.name, [box.value]);
    });
    // Filters chosen before the facet list was shown (from the address) are kept.
    if (!facetsBox.querySelector("input")) filters = readState().filters;
    return { q: input.value.trim(), sort: sortSelect.value, filters };
  }

  /** @param {ExploreState} state */
  function countChosen(state) {
    let n = 0;
    state.filters.forEach((values) => {
      n += values.length;
    });
    panelCount.textContent = n ? "(" + n + " chosen)" : "";
  }

  /**
   * The filter list is rebuilt for each state; the box that had focus gets it back, so ticking
   * a filter with Space leaves the keyboard where it was.
   * @param {ExploreState} state
   * @param {FacetCounts | null} counts
   */
  function renderFacets(state, counts) {
    const focused = document.activeElement && facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
    facetsBox.textContent = "";
    FACETS.forEach((name) => {
      const values = ownValue(allFilters, name);
      if (!values) return;
      const chosen = state.filters.get(name) || [];
      const found = ownValue(counts, name);
      /** @param {string} value */
      const countOf = (value) => (found ? ownValue(found, value) : ownValue(values, value)) || 0;
      const keys = Object.keys(values)
        .sort((a, b) => a.localeCompare(b, "en", { numeric: true })) // "10–39 hours" after "0–9 hours"
        .filter((value) => countOf(value) > 0 || chosen.indexOf(value) !== -1);
      if (!keys.length) return;
      const group = el("fieldset", "ms-facet");
      group.appendChild(el("legend", "ms-facet__name", name));
      const box = el("div", "ms-facet__values");
      keys.forEach((value) => {
        const id = "ms-f-" + slug(name) + "--" + slug(value);
        const check = el("input");
        check.type = "checkbox";
        check.id = id;
        check.name = name;
        check.value = value;
        check.checked = chosen.indexOf(value) !== -1;
        const label = el("label", "ms-facet__value");
        label.htmlFor = id;
        label.appendChild(check);
        label.appendChild(textNode(" " + value + " "));
        label.appendChild(el("span", "ms-facet__count", "(" + countOf(value) + ")"));
        box.appendChild(label);
      });
      group.appendChild(box);
      facetsBox.appendChild(group);
    });
    if (focused) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  /** @param {PagefindRecord} data */
  function resultItem(data) {
    const item = el("li", "ms-result");
    const kind = el("span", "ms-result__kind", data.meta.kind || "");
    const link = el("a", "ms-result__title", data.meta.title || data.url);
    // Index records are named <kind>/<id>.html; entry pages live at <kind>/<id>/.
    link.href = new URL(data.url.replace(/^\//, "").replace(/\.html$/, "/"), site).href;
    const heading = el("p", "ms-result__heading");
    heading.appendChild(kind);
    heading.appendChild(textNode(" "));
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta.detail) item.appendChild(el("p", "ms-result__detail", data.meta.detail));
    let summary = data.meta.summary || "";
    if (summary.length > 220) summary = summary.slice(0, 217).replace(/\s+\S*$/, "") + "…";
    if (summary) item.appendChild(el("p", "ms-result__summary", summary));
    // A credential's result offers "Compare" (compare.js).
    if (data.meta.id) {
      item.setAttribute("data-compare-id", data.meta.id);
      item.setAttribute("data-compare-name", data.meta.title || data.meta.id);
    }
    return item;
  }

  /**
   * When sorted, results without a published figure come after the rest, under a label.
   * @param {string} sortKey
   * @param {PagefindRecord} data
   * @param {string | undefined} previous the group of the result before
   */
  function groupHeading(sortKey, data, previous) {
    const name = sortKey.split(":")[0];
    const group = ownValue(data.meta, name + "_group");
    if (!group || group === "known" || group === previous) return null;
    const labels = GROUP_LABELS.get(name);
    return el("li", "ms-result-group", ((labels && labels.get(group)) || "Without a published figure") + ", by name");
  }

  /** @param {number} token */
  function showMore(token) {
    const next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += next.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(next.map((r) => r.data())).then((items) => {
      if (token !== generation) return;
      items.forEach((data) => {
        if (current.sort) {
          const heading = groupHeading(current.sort, data, current.group);
          if (heading) list.appendChild(heading);
          current.group = ownValue(data.meta, current.sort.split(":")[0] + "_group") || current.group;
        }
        list.appendChild(resultItem(data));
      });
      resultsRendered();
    });
  }

  /**
   * @param {string} text
   * @param {() => void} action
   */
  function suggestion(text, action) {
    const button = el("button", "md-button ms-chip", text);
    button.type = "button";
    button.addEventListener("click", action);
    const li = el("li");
    li.appendChild(button);
    return li;
  }

  /** @param {ExploreState} state */
  function suggest(state) {
    suggestions.textContent = "";
    if (!hasFilters(state) && !state.q) return;
    suggestions.appendChild(el("p", "", "Try:"));
    const options = el("ul", "ms-explore__suggestion-list");
    state.filters.forEach((values, name) => {
      values.forEach((value) => {
        options.appendChild(
          suggestion("Remove filter " + name + ": " + value, () => {
            /** @type {Map<string, string[]>} */
            const filters = new Map();
            state.filters.forEach((others, other) => {
              const kept = others.filter((v) => other !== name || v !== value);
              if (kept.length) filters.set(other, kept);
            });
            go({ q: state.q, sort: state.sort, filters }, true);
          }),
        );
      });
    });
    if (state.q && hasFilters(state)) {
      options.appendChild(suggestion("Search everything for “" + state.q + "”", () => go({ q: state.q, sort: "", filters: new Map() }, true)));
    }
    const browse = el("li");
    const link = el("a", "", "Browse all credentials");
    link.href = new URL("credentials/", site).href;
    browse.appendChild(link);
    options.appendChild(browse);
    suggestions.appendChild(options);
  }

  /**
   * @param {number} token
   * @param {string} value
   */
  function mark(token, value) {
    if (token === generation) root.setAttribute("data-state", value);
  }

  /**
   * Show a state. The page says when it has finished (results and filters), so tests and
   * assistive tools can wait for that event: data-state is "searching", then "done" (or "failed").
   * @param {ExploreState} state
   * @returns {Promise<void>}
   */
  function run(state) {
    const token = ++generation;
    root.setAttribute("data-state", "searching");
    input.value = state.q;
    sortSelect.value = state.sort;
    countChosen(state);
    // Beside the results (wide screens) a filtered or sorted state shows its filters. On a phone
    // they stack above the results and would push the first one screens down, so they stay folded
    // and the summary says how many are chosen (issue 23).
    if (needsFacets(state) && filtersBesideResults.matches) panel.open = true;
    suggestions.textContent = "";
    const options = searchOptions(state);
    if (state.sort) {
      const parts = state.sort.split(":");
      options.sort = table();
      options.sort[parts[0]] = parts[1] === "desc" ? "desc" : "asc";
    }
    if (!state.q && !needsFacets(state)) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Type a search, or open the filters, to see entries.";
      const facets = panel.open ? updateFacets(state, token) : Promise.resolve();
      return facets.then(() => mark(token, "done"));
    }
    status.textContent = "Searching…";
    return engine(needsFacets(state) ? "pagefind-facets" : "pagefind")
      .then((pagefind) => pagefind.search(state.q || null, options))
      .then((search) => (search ? namedResultsFirst(state, search.results) : null))
      .then((results) => {
        if (token !== generation || !results) return;
        current = { results, shown: 0, sort: state.sort, group: "known" };
        list.textContent = "";
        const n = results.length;
        status.textContent = n === 0 ? "No entries match." : n + (n === 1 ? " entry matches." : " entries match.");
        if (n === 0) suggest(state);
        return showMore(token).then(() => (wantsFacets(state) ? updateFacets(state, token) : undefined));
      })
      .then(() => mark(token, "done"));
  }

  /**
   * Facet values and counts come from the faceted bundle, after the results are on screen.
   * @param {ExploreState} state
   * @param {number} token
   */
  function updateFacets(state, token) {
    if (!allFilters) facetsBox.setAttribute("aria-busy", "true");
    return engine("pagefind-facets")
      .then((pagefind) => {
        const filters = allFilters === null ? pagefind.filters() : Promise.resolve(allFilters);
        return filters.then((all) => {
          allFilters = all || table();
          return pagefind.search(state.q || null, searchOptions(state));
        });
      })
      .then((search) => {
        if (token !== generation) return;
        facetsBox.removeAttribute("aria-busy");
        renderFacets(state, search ? search.filters : null);
      });
  }

  /**
   * @param {ExploreState} state
   * @param {boolean} push
   */
  function go(state, push) {
    writeState(state, push);
    return run(state);
  }

  /** @param {boolean} push */
  function submit(push) {
    return go(stateFromForm(), push);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(true);
  });
  sortSelect.addEventListener("change", () => submit(true));
  facetsBox.addEventListener("change", () => submit(true));
  panel.addEventListener("toggle", () => {
    if (panel.open && !facetsBox.querySelector("input")) updateFacets(stateFromForm(), generation);
  });
  /** @type {number | undefined} */
  let typing;
  /** @type {number | null} */
  let typedSince = null;
  input.addEventListener("input", () => {
    window.clearTimeout(typing);
    typing = window.setTimeout(() => {
      // One history step per burst of typing, not one per letter.
      submit(typedSince === null);
      typedSince = Date.now();
    }, 250);
  });
  input.addEventListener("blur", () => {
    typedSince = null;
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    showMore(generation).then(() => {
      const next = list.children[first];
      const link = next && next.querySelector("a");
      if (link) link.focus();
    });
  });
  window.addEventListener("popstate", () => run(readState()));

  run(readState()).catch(() => {
    root.setAttribute("data-state", "failed");
    status.textContent = "The search index could not be loaded. Browse the lists of skills, credentials, providers and pathways instead.";
  });
}

const root = document.getElementById("ms-explore");
if (root) explore(root);
