/* Search and explore: full-text search with filters and sorting over the Pagefind index.
 *
 * Everything shown comes from the index's metadata and is inserted with textContent, never as
 * HTML. The page address holds the state (?q=...&sort=...&Provider=...): a search can be shared
 * or bookmarked, and Back/Forward step through the states a visitor chose.
 *
 * What is downloaded when: nothing of the search until there is something to search for; a
 * plain text search uses the small "pagefind" bundle (no filter indexes); the "pagefind-facets"
 * bundle (filters and sort keys) is fetched only when the visitor opens the filters, sorts, or
 * arrives with filters in the address.
 *
 * Filter names, filter values and sort keys come from the address and the index: tables keyed by
 * them are Maps or Object.create(null), and objects the index returns are read with ownValue(),
 * so a value such as `constructor` is a value like any other, never an inherited member.
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
  var panel = root.querySelector(".ms-explore__filters");
  var panelCount = root.querySelector(".ms-explore__filter-count");
  var facetsBox = root.querySelector(".ms-explore__facets");
  var status = root.querySelector(".ms-explore__status");
  var list = root.querySelector(".ms-explore__list");
  var more = root.querySelector(".ms-explore__more");
  var suggestions = root.querySelector(".ms-explore__suggestions");
  // The filters, in order, come from the build (the schemas' `x-facet` annotations).
  var FACETS = JSON.parse(root.getAttribute("data-facets") || "[]");
  var GROUP_LABELS = new Map([
    ["cost", new Map([["other-currency", "Priced in another currency"], ["none", "No published price"]])],
    ["hours", new Map([["none", "No published workload"]])],
  ]);
  // The sort keys the page offers; any other `sort` in the address is ignored.
  var SORTS = Array.prototype.map.call(sortSelect.options, function (option) { return option.value; });

  /* object[key] if the object has it itself (not inherited, such as `constructor`). */
  function ownValue(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  /* An empty table for keys from the address or the index. */
  function table() {
    return Object.create(null);
  }

  var engines = new Map();
  function engine(name) {
    if (!engines.has(name)) {
      engines.set(name, import(new URL(name + "/pagefind.js", siteRoot).href).then(function (module) {
        return module.options({ noWorker: true }).then(function () { return module; });
      }));
    }
    return engines.get(name);
  }
  function hasFilters(state) { return Object.keys(state.filters).length > 0; }
  function needsFacets(state) { return Boolean(state.sort) || hasFilters(state); }
  function wantsFacets(state) { return needsFacets(state) || panel.open; }

  var allFilters = null;
  var current = { results: [], shown: 0, sort: "" };
  var generation = 0;

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = table();
    FACETS.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) filters[name] = values;
    });
    var sort = params.get("sort") || "";
    return { q: params.get("q") || "", sort: SORTS.indexOf(sort) !== -1 ? sort : "", filters: filters };
  }

  function address(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.sort) params.set("sort", state.sort);
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (value) { params.append(name, value); });
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function writeState(state, push) {
    var url = address(state);
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function stateFromForm() {
    var filters = table();
    facetsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (filters[box.name] = filters[box.name] || []).push(box.value);
    });
    // Filters chosen before the facet list was shown (from the address) are kept.
    if (!facetsBox.querySelector("input")) filters = readState().filters;
    return { q: input.value.trim(), sort: sortSelect.value, filters: filters };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function slug(text) { return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""); }

  function countChosen(state) {
    var n = 0;
    Object.keys(state.filters).forEach(function (name) { n += state.filters[name].length; });
    panelCount.textContent = n ? "(" + n + " chosen)" : "";
  }

  // The filter list is rebuilt for each state; the box that had focus gets it back, so ticking
  // a filter with Space leaves the keyboard where it was.
  function renderFacets(state, counts) {
    var focused = document.activeElement && facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
    facetsBox.textContent = "";
    FACETS.forEach(function (name) {
      var values = ownValue(allFilters, name);
      if (!values) return;
      var chosen = state.filters[name] || [];
      var found = ownValue(counts, name);
      function countOf(value) {
        return (found ? ownValue(found, value) : ownValue(values, value)) || 0;
      }
      var keys = Object.keys(values).sort(function (a, b) { return a.localeCompare(b); }).filter(function (value) {
        return countOf(value) > 0 || chosen.indexOf(value) !== -1;
      });
      if (!keys.length) return;
      var group = el("fieldset", "ms-facet");
      group.appendChild(el("legend", "ms-facet__name", name));
      var box = el("div", "ms-facet__values");
      keys.forEach(function (value) {
        var id = "ms-f-" + slug(name) + "--" + slug(value);
        var check = el("input");
        check.type = "checkbox";
        check.id = id;
        check.name = name;
        check.value = value;
        check.checked = chosen.indexOf(value) !== -1;
        var label = el("label", "ms-facet__value");
        label.htmlFor = id;
        var count = countOf(value);
        label.appendChild(check);
        label.appendChild(document.createTextNode(" " + value + " "));
        label.appendChild(el("span", "ms-facet__count", "(" + count + ")"));
        box.appendChild(label);
      });
      group.appendChild(box);
      facetsBox.appendChild(group);
    });
    if (focused) {
      var again = document.getElementById(focused);
      if (again) again.focus();
    }
  }

  function compareButton(item, data) {
    if (!data.meta.id) return;
    item.setAttribute("data-compare-id", data.meta.id);
    item.setAttribute("data-compare-name", data.meta.title || data.meta.id);
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
    compareButton(item, data);
    return item;
  }

  // When sorted, results without a published figure come after the rest, under a label.
  function groupHeading(sortKey, data, previous) {
    var name = sortKey.split(":")[0];
    var group = ownValue(data.meta, name + "_group");
    if (!group || group === "known" || group === previous) return null;
    var labels = GROUP_LABELS.get(name);
    return el("li", "ms-result-group", ((labels && labels.get(group)) || "Without a published figure") + ", by name");
  }

  function showMore(token) {
    var next = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += next.length;
    more.hidden = current.shown >= current.results.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (token !== generation) return;
      items.forEach(function (data) {
        if (current.sort) {
          var heading = groupHeading(current.sort, data, current.group);
          if (heading) list.appendChild(heading);
          current.group = ownValue(data.meta, current.sort.split(":")[0] + "_group") || current.group;
        }
        list.appendChild(resultItem(data));
      });
      document.dispatchEvent(new CustomEvent("ms:results-rendered"));
    });
  }

  function suggest(state) {
    suggestions.textContent = "";
    if (!hasFilters(state) && !state.q) return;
    var intro = el("p", "", "Try:");
    suggestions.appendChild(intro);
    var options = el("ul", "ms-explore__suggestion-list");
    Object.keys(state.filters).forEach(function (name) {
      state.filters[name].forEach(function (value) {
        var button = el("button", "md-button ms-chip", "Remove filter " + name + ": " + value);
        button.type = "button";
        button.addEventListener("click", function () {
          var next = { q: state.q, sort: state.sort, filters: table() };
          Object.keys(state.filters).forEach(function (other) {
            var kept = state.filters[other].filter(function (v) { return other !== name || v !== value; });
            if (kept.length) next.filters[other] = kept;
          });
          go(next, true);
        });
        var li = el("li");
        li.appendChild(button);
        options.appendChild(li);
      });
    });
    if (state.q && hasFilters(state)) {
      var all = el("button", "md-button ms-chip", "Search everything for “" + state.q + "”");
      all.type = "button";
      all.addEventListener("click", function () { go({ q: state.q, sort: "", filters: table() }, true); });
      var li = el("li");
      li.appendChild(all);
      options.appendChild(li);
    }
    var browse = el("li");
    var link = el("a", "", "Browse all credentials");
    link.href = new URL("credentials/", siteRoot).href;
    browse.appendChild(link);
    options.appendChild(browse);
    suggestions.appendChild(options);
  }

  function mark(token, value) {
    if (token === generation) root.setAttribute("data-state", value);
  }

  // The page says when it has finished showing a state (results and filters), so tests and
  // assistive tools can wait for that event: data-state is "searching", then "done" (or "failed").
  function run(state) {
    var token = ++generation;
    root.setAttribute("data-state", "searching");
    input.value = state.q;
    sortSelect.value = state.sort;
    countChosen(state);
    if (needsFacets(state)) panel.open = true;
    suggestions.textContent = "";
    var options = { filters: table() };
    Object.keys(state.filters).forEach(function (name) { options.filters[name] = { any: state.filters[name] }; });
    if (state.sort) {
      var parts = state.sort.split(":");
      options.sort = table();
      options.sort[parts[0]] = parts[1] === "desc" ? "desc" : "asc";
    }
    if (!state.q && !needsFacets(state)) {
      list.textContent = "";
      more.hidden = true;
      status.textContent = "Type a search, or open the filters, to see entries.";
      var facets = panel.open ? updateFacets(state, token) : Promise.resolve();
      return facets.then(function () { mark(token, "done"); });
    }
    status.textContent = "Searching…";
    return engine(needsFacets(state) ? "pagefind-facets" : "pagefind").then(function (pagefind) {
      return pagefind.search(state.q || null, options);
    }).then(function (search) {
      if (token !== generation || !search) return;
      current = { results: search.results, shown: 0, sort: state.sort, group: "known" };
      list.textContent = "";
      var n = search.results.length;
      status.textContent = n === 0 ? "No entries match." : n + (n === 1 ? " entry matches." : " entries match.");
      if (n === 0) suggest(state);
      return showMore(token).then(function () { return wantsFacets(state) ? updateFacets(state, token) : null; });
    }).then(function () { mark(token, "done"); });
  }

  // Facet values and counts come from the faceted bundle, after the results are on screen.
  function updateFacets(state, token) {
    if (!allFilters) facetsBox.setAttribute("aria-busy", "true");
    return engine("pagefind-facets").then(function (pagefind) {
      var filters = allFilters === null ? pagefind.filters() : Promise.resolve(allFilters);
      return filters.then(function (all) {
        allFilters = all || table();
        var options = { filters: table() };
        Object.keys(state.filters).forEach(function (name) { options.filters[name] = { any: state.filters[name] }; });
        return pagefind.search(state.q || null, options);
      });
    }).then(function (search) {
      if (token !== generation) return;
      facetsBox.removeAttribute("aria-busy");
      renderFacets(state, search ? search.filters : null);
    });
  }

  function go(state, push) {
    writeState(state, push);
    return run(state);
  }

  function submit(push) { return go(stateFromForm(), push); }

  form.addEventListener("submit", function (event) { event.preventDefault(); submit(true); });
  sortSelect.addEventListener("change", function () { submit(true); });
  facetsBox.addEventListener("change", function () { submit(true); });
  panel.addEventListener("toggle", function () {
    if (panel.open && !facetsBox.querySelector("input")) updateFacets(stateFromForm(), generation);
  });
  var typing = null;
  var typedSince = null;
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () {
      // One history step per burst of typing, not one per letter.
      submit(typedSince === null);
      typedSince = Date.now();
    }, 250);
  });
  input.addEventListener("blur", function () { typedSince = null; });
  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(generation).then(function () {
      var next = list.children[first];
      var link = next && next.querySelector("a");
      if (link) link.focus();
    });
  });
  window.addEventListener("popstate", function () { run(readState()); });

  run(readState()).catch(function () {
    root.setAttribute("data-state", "failed");
    status.textContent = "The search index could not be loaded. Browse the lists of skills, credentials, " +
      "providers and pathways instead.";
  });
})();
