/* Compare credentials: "Compare" toggles on every page (this file), and the side-by-side table on
 * /compare/ (compare-page.js, loaded by that page only, through window.MicroskillsCompare).
 *
 * Any element with data-compare-id and data-compare-name (a credential page's header, a table
 * row, an Explore result, a planner result) gets a toggle button; a table row gets it in its
 * first cell, an element holding [data-compare-slot] gets it there. Pages that add such elements
 * later fire `ms:results-rendered` on document. The selection (2-4 credentials) is kept in
 * localStorage, so it follows the visitor from page to page and tab to tab, and the compare page
 * keeps it in its address (?ids=a,b,c) so a comparison can be shared. The compare page fetches one
 * small document per credential (data/compare/<id>.json, written by generator/learner.py) and
 * inserts every text with textContent. An id, whether from the address or read back from storage
 * (which any script of the site, or a hand edit, can have written), is used only if it has the
 * form of a catalogue id; anything keyed by ids is a Map or a Set, never a plain `{}`.
 */
(function () {
  "use strict";
  var KEY = "ms-compare";
  var MAX = 4;
  var MIN = 2;
  /* The form of every catalogue id (common.schema.json's id: the pattern, at most 64 characters). */
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function validId(id) {
    return typeof id === "string" && id.length <= 64 && ID.test(id);
  }

  function siteRoot() {
    var page = document.getElementById("ms-compare");
    if (page && page.getAttribute("data-site-root")) return new URL(page.getAttribute("data-site-root"), window.location.href);
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base.replace(/\/?$/, "/"), window.location.href);
    } catch (error) {
      return new URL("/", window.location.href);
    }
  }
  var ROOT = siteRoot();

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", "ms-sr-only", text);
  }

  // --- the selection -------------------------------------------------------------------------------

  /* The stored selection, checked as the address is: ids of the catalogue's form, each once, at
     most MAX; a name that is not text is replaced by the id until the compare page fetches it. */
  function load() {
    var stored;
    try {
      stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(stored)) return [];
    var seen = new Set();
    var out = [];
    stored.forEach(function (item) {
      if (!item || !validId(item.id) || seen.has(item.id) || out.length >= MAX) return;
      seen.add(item.id);
      out.push({ id: item.id, name: typeof item.name === "string" ? item.name : item.id });
    });
    return out;
  }

  var selection = load();

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(selection));
    } catch (error) {
      /* private mode: the selection lasts as long as the page */
    }
  }

  function selected(id) {
    return selection.some(function (item) { return item.id === id; });
  }

  function comparePage(ids) {
    var url = new URL("compare/", ROOT);
    if (ids.length) url.search = "?ids=" + ids.map(encodeURIComponent).join(",");
    return url.href;
  }

  function toggle(id, name) {
    if (selected(id)) {
      selection = selection.filter(function (item) { return item.id !== id; });
      announce("Removed " + name + " from the comparison.");
    } else if (selection.length >= MAX) {
      announce("You can compare up to " + MAX + " credentials: remove one first.");
      return;
    } else {
      selection = selection.concat([{ id: id, name: name }]);
      announce("Added " + name + " to the comparison (" + selection.length + " of up to " + MAX + ").");
    }
    save();
    refresh();
  }

  // --- toggles and the tray ----------------------------------------------------------------------

  var tray = null;
  var trayStatus = null;

  function announce(text) {
    if (api.page) {
      api.page.say(text);
      return;
    }
    ensureTray();
    trayStatus.textContent = text;
  }

  function ensureTray() {
    if (tray) return;
    tray = el("div", "ms-compare-tray");
    tray.setAttribute("role", "region");
    tray.setAttribute("aria-label", "Credentials to compare");
    trayStatus = el("p", "ms-sr-only");
    trayStatus.setAttribute("role", "status");
    tray.appendChild(trayStatus);
    tray.appendChild(el("p", "ms-compare-tray__count"));
    var link = el("a", "ms-compare-tray__link", "Compare");
    tray.appendChild(link);
    var clear = el("button", "ms-compare-tray__clear", "Clear");
    clear.type = "button";
    clear.addEventListener("click", function () {
      selection = [];
      save();
      refresh();
      announce("The comparison is empty.");
    });
    tray.appendChild(clear);
    document.body.appendChild(tray);
  }

  function renderTray() {
    if (api.page) return;
    if (!selection.length && !tray) return;
    ensureTray();
    var count = tray.querySelector(".ms-compare-tray__count");
    var link = tray.querySelector(".ms-compare-tray__link");
    var clear = tray.querySelector(".ms-compare-tray__clear");
    var n = selection.length;
    count.textContent = n ? n + " of " + MAX + " picked to compare" + (n < MIN ? ": pick one more" : "") : "";
    link.hidden = n < MIN;
    link.href = comparePage(selection.map(function (item) { return item.id; }));
    link.textContent = "Compare " + n;
    clear.hidden = !n;
    count.hidden = !n;
    tray.classList.toggle("ms-compare-tray--empty", !n);
    document.body.classList.toggle("ms-has-compare-tray", n > 0);
  }

  function enhance() {
    document.querySelectorAll("[data-compare-id]").forEach(function (node) {
      if (node.closest("#ms-compare") || !validId(node.getAttribute("data-compare-id"))) return;
      var button = node.querySelector(":scope .ms-compare-toggle");
      if (!button) {
        button = el("button", "ms-compare-toggle");
        button.type = "button";
        button.appendChild(el("span", "ms-compare-toggle__box"));
        button.lastChild.setAttribute("aria-hidden", "true");
        button.appendChild(document.createTextNode("Compare"));
        button.appendChild(srOnly(" " + node.getAttribute("data-compare-name")));
        button.addEventListener("click", function () {
          toggle(node.getAttribute("data-compare-id"), node.getAttribute("data-compare-name"));
        });
        var slot = node.querySelector("[data-compare-slot]");
        var place = slot || (node.tagName === "TR" ? node.querySelector("td, th") : node);
        if (!place) return;
        if (place !== slot) place.appendChild(document.createTextNode(" "));
        place.appendChild(button);
      }
      button.setAttribute("aria-pressed", String(selected(node.getAttribute("data-compare-id"))));
    });
  }

  function refresh() {
    enhance();
    renderTray();
    if (api.page) api.page.update();
  }

  document.addEventListener("ms:results-rendered", refresh);
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    selection = load();
    refresh();
  });


  // What compare-page.js needs: the selection (read and replaced), saving it, and the helpers.
  var api = {
    MAX: MAX,
    MIN: MIN,
    ROOT: ROOT,
    validId: validId,
    el: el,
    srOnly: srOnly,
    save: save,
    selected: selected,
    refresh: refresh,
    page: null,
    get selection() { return selection; },
    set selection(value) { selection = value; },
  };
  window.MicroskillsCompare = api;

  refresh();
})();
