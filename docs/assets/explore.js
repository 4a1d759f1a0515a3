/* Search and explore: full-text search with facets and sorting over the Pagefind index.
 *
 * Everything shown comes from the index's metadata and is inserted with textContent, never as
 * HTML. The page address holds the state (?q=...&sort=...&Provider=...), so a search can be
 * shared or bookmarked, and Back/Forward work.
 */
(function () {
  "use strict";
  var root = document.getElementById("ms-explore");
  if (!root) return;

  var PAGE_SIZE = 10;
  var siteRoot = new URL(root.getAttribute("data-site-root") || "./", window.location.href);
  var form = root.querySelector(".ms-explore__form");
  var input = root.querySelector("#ms-explore-q");
  var sortSelect = root.querySelector("#ms-explore-sort");
  var facetsBox = root.querySelector(".ms-explore__facets");
  var status = root.querySelector(".ms-explore__status");
  var list = root.querySelector(".ms-explore__list");
  var more = root.querySelector(".ms-explore__more");
  // The filters, in order, come from the build (the schemas' `x-facet` annotations).
  var FACETS = JSON.parse(root.getAttribute("data-facets") || "[]");

  // Two Pagefind bundles: "pagefind" has no filters or sort keys and answers plain text searches
  // with the smallest download; "pagefind-facets" adds them and is fetched when needed.
  var engines = {};
  function engine(name) {
    if (!engines[name]) {
      engines[name] = import(new URL(name + "/pagefind.js", siteRoot).href).then(function (module) {
        return module.options({ noWorker: true }).then(function () { return module; });
      });
    }
    return engines[name];
  }
  function needsFacets(state) { return Boolean(state.sort) || Object.keys(state.filters).length > 0; }
  var allFilters = null;
  var current = { results: [], shown: 0 };
  var generation = 0;

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) filters[name] = values;
    });
    return { q: params.get("q") || "", sort: params.get("sort") || "", filters: filters };
  }

  function writeState(state, push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (value) { params.append(name, value); });
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function stateFromForm() {
    var filters = {};
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    return { q: input.value.trim(), sort: sortSelect.value, filters: filters };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderFacets(state, counts) {
    facetsBox.textContent = "";
    FACETS.forEach(function (name, index) {
      var values = (allFilters || {})[name];
      if (!values) return;
      var chosen = state.filters[name] || [];
      var keys = Object.keys(values).sort(function (a, b) { return a.localeCompare(b); }).filter(function (value) {
        var count = counts && counts[name] ? counts[name][value] || 0 : values[value];
        return count > 0 || chosen.indexOf(value) !== -1;
      });
      if (!keys.length) return;
      var group = el("fieldset", "ms-facet");
      group.appendChild(el("legend", "ms-facet__name", name));
      var box = el("div", "ms-facet__values");
      keys.forEach(function (value, i) {
        var id = "ms-f-" + index + "-" + i;
        var check = el("input");
        check.type = "checkbox";
        check.id = id;
        check.name = name;
        check.value = value;
        check.checked = chosen.indexOf(value) !== -1;
        var label = el("label", "ms-facet__value");
        label.htmlFor = id;
        var count = counts && counts[name] ? counts[name][value] || 0 : values[value];
        label.appendChild(check);
        label.appendChild(document.createTextNode(" " + value + " "));
        label.appendChild(el("span", "ms-facet__count", "(" + count + ")"));
        box.appendChild(label);
      });
      group.appendChild(box);
      facetsBox.appendChild(group);
    });
  }

  function resultItem(data) {
    var item = el("li", "ms-result");
    var kind = el("span", "ms-result__kind", data.meta.kind || "");
    var link = el("a", "ms-result__title", data.meta.title || data.url);
    // Index records are named <kind>/<id>.html; entry pages live at <kind>/<id>/.
    link.href = new URL(data.url.replace(/^\//, "").replace(/\.html$/, "/"), siteRoot).href;
    var heading = el("p", "ms-result__heading");
    heading.appendChild(kind);
    heading.appendChild(document.createTextNode(" "));
    heading.appendChild(link);
    item.appendChild(heading);
    if (data.meta.detail) item.appendChild(el("p", "ms-result__detail", data.meta.detail));
    var summary = data.meta.summary || "";
    if (summary.length > 220) summary = summary.slice(0, 217).replace(/\s+\S*$/, "") + "…";
    if (summary) item.appendChild(el("p", "ms-result__summary", summary));
    return item;
  }

  function showMore(token) {
    var next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += next.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (token !== generation) return;
      items.forEach(function (data) { list.appendChild(resultItem(data)); });
    });
  }

  // The page says when it has finished showing a state (results and filters), so tests and
  // assistive tools can wait for that event: data-state is "searching", then "done" (or "failed").
  function mark(token, value) {
    if (token === generation) root.setAttribute("data-state", value);
  }

  function run(state) {
    var token = ++generation;
    root.setAttribute("data-state", "searching");
    input.value = state.q;
    sortSelect.value = state.sort;
    var options = { filters: {} };
    Object.keys(state.filters).forEach(function (name) { options.filters[name] = { any: state.filters[name] }; });
    if (state.sort) {
      var parts = state.sort.split(":");
      options.sort = {};
      options.sort[parts[0]] = parts[1] === "desc" ? "desc" : "asc";
    }
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters && !state.sort) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Type a search, or choose filters, to see entries.";
      return updateFacets(state, token).then(function () { mark(token, "done"); });
    }
    status.textContent = "Searching…";
    return engine(needsFacets(state) ? "pagefind-facets" : "pagefind").then(function (pagefind) {
      return pagefind.search(state.q || null, options);
    }).then(function (search) {
      if (token !== generation || !search) return;
      current = { results: search.results, shown: 0 };
      list.textContent = "";
      var n = search.results.length;
      status.textContent = n === 0 ? "No entries match." : n + (n === 1 ? " entry matches." : " entries match.");
      return showMore(token).then(function () { return updateFacets(state, token); });
    }).then(function () { mark(token, "done"); });
  }

  // Facet values and counts come from the faceted bundle, after the results are on screen.
  function updateFacets(state, token) {
    return engine("pagefind-facets").then(function (pagefind) {
      var filters = allFilters === null ? pagefind.filters() : Promise.resolve(allFilters);
      return filters.then(function (all) {
        allFilters = all || {};
        var options = { filters: {} };
        Object.keys(state.filters).forEach(function (name) { options.filters[name] = { any: state.filters[name] }; });
        return pagefind.search(state.q || null, options);
      });
    }).then(function (search) {
      if (token !== generation) return;
      renderFacets(state, search ? search.filters : null);
    });
  }

  function submit(push) {
    var state = stateFromForm();
    writeState(state, push);
    run(state);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); submit(true); });
  sortSelect.addEventListener("change", function () { submit(false); });
  facetsBox.addEventListener("change", function () { submit(false); });
  var typing = null;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () { submit(false); }, 250);
  });
  more.addEventListener("click", function () { showMore(generation); });
  window.addEventListener("popstate", function () { run(readState()); });

  run(readState()).catch(function () {
    root.setAttribute("data-state", "failed");
    status.textContent = "The search index could not be loaded. Browse the lists of skills, credentials, " +
      "providers and pathways instead.";
  });
})();
