/* Compare credentials: "Compare" toggles on every page, and the side-by-side table on /compare/.
 *
 * Any element with data-compare-id and data-compare-name (a credential page's header, a table
 * row, an Explore result, a planner result) gets a toggle button; a table row gets it in its
 * first cell, an element holding [data-compare-slot] gets it there. Pages that add such elements
 * later fire `ms:results-rendered` on document. The selection (2-4 credentials) is kept in
 * localStorage, so it follows the visitor from page to page and tab to tab, and the compare page
 * keeps it in its address (?ids=a,b,c) so a comparison can be shared. The compare page fetches one
 * small document per credential (data/compare/<id>.json, written by generator/learner.py) and
 * inserts every text with textContent.
 */
(function () {
  "use strict";
  var KEY = "ms-compare";
  var MAX = 4;
  var MIN = 2;

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

  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(stored) ? stored.filter(function (item) { return item && typeof item.id === "string"; }).slice(0, MAX) : [];
    } catch (error) {
      return [];
    }
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
    if (page) {
      page.say(text);
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
    if (page) return;
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
      if (node.closest("#ms-compare")) return;
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
    if (page) page.update();
  }

  document.addEventListener("ms:results-rendered", refresh);
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    selection = load();
    refresh();
  });

  // --- the compare page ----------------------------------------------------------------------------

  var page = null;
  var box = document.getElementById("ms-compare");
  if (box) page = comparePageView(box);

  function comparePageView(root) {
    var rows = JSON.parse(root.getAttribute("data-rows") || "[]");
    var form = root.querySelector(".ms-compare__add");
    var input = root.querySelector("#ms-compare-add");
    var status = root.querySelector(".ms-compare__status");
    var area = root.querySelector(".ms-compare__area");
    var differences = root.querySelector("#ms-compare-diff");
    var records = {};
    var names = null;
    var generation = 0;
    var refocus = false;

    function idsFromAddress() {
      var params = new URLSearchParams(window.location.search);
      var raw = params.get("ids");
      if (raw === null) return null;
      var seen = {};
      return raw.split(",").map(function (id) { return id.trim(); }).filter(function (id) {
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) || seen[id]) return false;
        return (seen[id] = true);
      }).slice(0, MAX);
    }

    function writeAddress(push) {
      var ids = selection.map(function (item) { return item.id; });
      var query = ids.length ? "ids=" + ids.map(encodeURIComponent).join(",") : "";
      if (differences.checked) query += (query ? "&" : "") + "diff=1";
      var url = window.location.pathname + (query ? "?" + query : "");
      if (url === window.location.pathname + window.location.search) return;
      if (push) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    }

    function fromAddress() {
      var ids = idsFromAddress();
      differences.checked = new URLSearchParams(window.location.search).get("diff") === "1";
      if (ids === null) return false;
      var known = {};
      selection.forEach(function (item) { known[item.id] = item.name; });
      selection = ids.map(function (id) { return { id: id, name: known[id] || id }; });
      save();
      return true;
    }

    function fetchRecord(id) {
      if (!records[id]) {
        records[id] = fetch(new URL("data/compare/" + id + ".json", ROOT).href).then(function (response) {
          if (response.status === 404) return null;
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        });
      }
      return records[id];
    }

    function say(text) {
      status.textContent = text;
    }

    function link(part) {
      var href = part[1];
      var a = el("a", "", part[0]);
      a.href = /^https?:/.test(href) ? href : new URL(href, ROOT).href;
      if (/^https?:/.test(href)) a.rel = "nofollow noopener";
      return a;
    }

    function cellContent(cell, fact, label, name) {
      var value = el("span", "ms-compare__value ms-compare__value--" + fact.status);
      fact.parts.forEach(function (part) {
        value.appendChild(part[1] ? link(part) : document.createTextNode(part[0]));
      });
      cell.appendChild(value);
      sources(cell, fact.sources, label + " of " + name);
    }

    function sources(cell, list, what) {
      list.forEach(function (source) {
        cell.appendChild(document.createTextNode(" "));
        var a = el("a", "ms-fact-source", "source");
        a.href = source[0];
        a.rel = "nofollow noopener";
        a.appendChild(srOnly(" for " + what.toLowerCase() + (source[2] ? " (third-party page)" : "")));
        cell.appendChild(a);
      });
    }

    function key(fact) {
      return fact.status + "|" + fact.parts.map(function (p) { return p[0]; }).join("");
    }

    function headRow(table, shown) {
      var thead = el("thead");
      var tr = el("tr");
      var corner = el("th", "", "Credential");
      corner.scope = "col";
      tr.appendChild(corner);
      shown.forEach(function (record) {
        var th = el("th", "ms-compare__credential");
        th.scope = "col";
        var name = el("p", "ms-compare__name");
        name.appendChild(link([record.name, record.url]));
        th.appendChild(name);
        var official = el("a", "ms-compare__official", "Official page");
        official.href = record.official;
        official.rel = "nofollow noopener";
        official.appendChild(srOnly(" of " + record.name));
        th.appendChild(official);
        var remove = el("button", "md-button ms-compare__remove", "Remove");
        remove.type = "button";
        remove.setAttribute("data-remove", record.id);
        remove.appendChild(srOnly(" " + record.name));
        th.appendChild(remove);
        tr.appendChild(th);
      });
      thead.appendChild(tr);
      table.appendChild(thead);
    }

    function factRow(tbody, label, cells, differs) {
      var tr = el("tr", "ms-compare__row" + (differs ? " ms-compare__row--differs" : ""));
      var th = el("th", "", label);
      th.scope = "row";
      if (differs) {
        th.appendChild(document.createTextNode(" "));
        th.appendChild(el("span", "ms-compare__differs", "differs"));
      }
      tr.appendChild(th);
      cells.forEach(function (cell) { tr.appendChild(cell); });
      tr.hidden = differences.checked && !differs;
      tbody.appendChild(tr);
    }

    function groupRow(tbody, title, span) {
      var tr = el("tr", "ms-compare__group");
      var th = el("th", "", title);
      th.scope = "colgroup";
      th.colSpan = span;
      tr.appendChild(th);
      tbody.appendChild(tr);
    }

    function renderTable(shown) {
      var table = el("table", "ms-table ms-compare__table");
      var caption = el("caption", "ms-sr-only", "Comparison of " + shown.map(function (r) { return r.name; }).join(", "));
      table.appendChild(caption);
      headRow(table, shown);
      var tbody = el("tbody");
      rows.forEach(function (row) {
        var keys = {};
        var cells = shown.map(function (record) {
          var fact = record.rows[row.key] || { status: "unrecorded", parts: [["Not yet recorded", null]], sources: [] };
          keys[key(fact)] = true;
          var td = el("td");
          cellContent(td, fact, row.label, record.name);
          return td;
        });
        factRow(tbody, row.label, cells, Object.keys(keys).length > 1);
      });
      table.appendChild(tbody);
      // Skills: those two or more of them teach, aligned; then each one's own.
      var skills = el("tbody", "ms-compare__skills");
      groupRow(skills, "Skills", shown.length + 1);
      var count = {};
      var names = {};
      shown.forEach(function (record) {
        record.skills.forEach(function (skill) {
          count[skill[0]] = (count[skill[0]] || 0) + 1;
          names[skill[0]] = skill[1];
        });
      });
      var shared = Object.keys(count).filter(function (id) { return count[id] >= 2; }).sort(function (a, b) {
        return count[b] - count[a] || names[a].localeCompare(names[b]);
      });
      shared.forEach(function (id) {
        var cells = shown.map(function (record) {
          var teaches = record.skills.some(function (skill) { return skill[0] === id; });
          var td = el("td", teaches ? "ms-compare__has" : "ms-compare__lacks", teaches ? "✓ Yes" : "— No");
          return td;
        });
        var label = el("span");
        label.appendChild(link([names[id], "skills/" + id + "/"]));
        factRowNode(skills, label, cells, count[id] < shown.length);
      });
      var own = shown.map(function (record) {
        var td = el("td");
        var mine = record.skills.filter(function (skill) { return count[skill[0]] < 2; });
        if (!mine.length) td.appendChild(el("span", "ms-compare__value--none", "None"));
        else {
          var list = el("ul", "ms-compare__list");
          mine.forEach(function (skill) {
            var li = el("li");
            li.appendChild(link([skill[1], "skills/" + skill[0] + "/"]));
            list.appendChild(li);
          });
          td.appendChild(list);
        }
        sources(td, record.skill_sources, "skills of " + record.name);
        return td;
      });
      factRow(skills, shared.length ? "Other skills" : "Skills taught", own, true);
      table.appendChild(skills);
      var more = el("tbody");
      var allSources = shown.map(function (record) {
        var td = el("td");
        var list = el("ul", "ms-compare__list");
        record.sources.forEach(function (source) {
          var li = el("li");
          var a = el("a", "", source[1] || source[0]);
          a.href = source[0];
          a.rel = "nofollow noopener";
          li.appendChild(a);
          if (source[2]) li.appendChild(el("span", "ms-third-party", " (third-party page)"));
          list.appendChild(li);
        });
        td.appendChild(list);
        return td;
      });
      factRow(more, "All sources", allSources, true);
      table.appendChild(more);
      return table;
    }

    /* Wide tables scroll inside their own box (never the page); the box takes focus so the
       keyboard can scroll it. */
    function scroller(table) {
      var wrap = el("div", "ms-scroll ms-compare__scroll");
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Comparison table");
      wrap.appendChild(table);
      return wrap;
    }

    function factRowNode(tbody, labelNode, cells, differs) {
      var tr = el("tr", "ms-compare__row" + (differs ? " ms-compare__row--differs" : ""));
      var th = el("th");
      th.scope = "row";
      th.appendChild(labelNode);
      if (differs) {
        th.appendChild(document.createTextNode(" "));
        th.appendChild(el("span", "ms-compare__differs", "differs"));
      }
      tr.appendChild(th);
      cells.forEach(function (cell) { tr.appendChild(cell); });
      tr.hidden = differences.checked && !differs;
      tbody.appendChild(tr);
    }

    function update() {
      var mine = ++generation;
      var ids = selection.map(function (item) { return item.id; });
      root.setAttribute("data-state", "loading");
      Promise.all(ids.map(fetchRecord)).then(function (found) {
        if (mine !== generation) return;
        var shown = found.filter(Boolean);
        var gone = ids.filter(function (id, i) { return !found[i]; });
        if (gone.length) {
          selection = selection.filter(function (item) { return gone.indexOf(item.id) === -1; });
          save();
          writeAddress(false);
        }
        selection.forEach(function (item) {
          var record = shown.filter(function (r) { return r.id === item.id; })[0];
          if (record) item.name = record.name;
        });
        save();
        area.textContent = "";
        var message = gone.length ? gone.length + " credential" + (gone.length === 1 ? " is" : "s are") + " no longer in the catalogue and " + (gone.length === 1 ? "was" : "were") + " left out. " : "";
        if (shown.length < MIN) {
          area.appendChild(el("p", "ms-compare__empty", (shown.length ? "Pick at least one more credential to compare with " + shown[0].name + ": " : "Pick two to four credentials: ") + "use the Compare buttons on credential pages, in skill, category and provider tables and in Explore results, or add one here by name."));
          if (shown.length) area.appendChild(scroller(renderTable(shown)));
          say(message);
        } else {
          area.appendChild(scroller(renderTable(shown)));
          say(message + "Comparing " + shown.length + " credentials.");
        }
        form.querySelector("button").disabled = selection.length >= MAX;
        input.disabled = selection.length >= MAX;
        input.placeholder = selection.length >= MAX ? "Remove one to add another" : "Type a credential's name";
        if (refocus) {
          // The table was drawn again: keep the keyboard on the next Remove button.
          refocus = false;
          (area.querySelector("button[data-remove]") || input).focus();
        }
        root.setAttribute("data-state", "done");
      }).catch(function (error) {
        if (mine !== generation) return;
        say("The comparison could not be loaded (" + error.message + ").");
        root.setAttribute("data-state", "failed");
      });
    }

    function loadNames() {
      if (!names) {
        names = fetch(root.getAttribute("data-list")).then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        }).then(function (raw) {
          var ids = unfront(raw.credentials.id);
          var list = unfront(raw.credentials.name);
          var datalist = document.getElementById("ms-compare-list");
          var fragment = document.createDocumentFragment();
          list.forEach(function (name) {
            var option = el("option");
            option.value = name;
            fragment.appendChild(option);
          });
          datalist.appendChild(fragment);
          return { ids: ids, names: list };
        });
      }
      return names;
    }

    function unfront(list) {
      var out = [];
      var previous = "";
      list.forEach(function (value) {
        var coded = /^(\d+):/.exec(value);
        if (coded) value = previous.slice(0, Number(coded[1])) + value.slice(coded[0].length);
        out.push((previous = value));
      });
      return out;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = input.value.trim();
      if (!typed) {
        say("Type a credential's name first.");
        return;
      }
      loadNames().then(function (list) {
        var lower = typed.toLowerCase();
        var matches = [];
        list.names.forEach(function (name, i) { if (name.toLowerCase() === lower) matches.push(i); });
        if (matches.length !== 1) {
          say(matches.length ? "Several credentials are called “" + typed + "”." : "No credential is called “" + typed + "”: pick a name from the list.");
          return;
        }
        var id = list.ids[matches[0]];
        input.value = "";
        if (selected(id)) {
          say(list.names[matches[0]] + " is already in the comparison.");
          return;
        }
        selection = selection.concat([{ id: id, name: list.names[matches[0]] }]).slice(0, MAX);
        save();
        writeAddress(true);
        update();
        input.focus();
      }).catch(function (error) { say("The list of credentials could not be loaded (" + error.message + ")."); });
    });
    input.addEventListener("focus", function () { loadNames().catch(function () {}); });
    differences.addEventListener("change", function () {
      writeAddress(true);
      update();
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-remove]");
      if (!button) return;
      var id = button.getAttribute("data-remove");
      selection = selection.filter(function (item) { return item.id !== id; });
      save();
      writeAddress(true);
      refocus = true;
      update();
    });
    window.addEventListener("popstate", function () {
      fromAddress();
      update();
    });

    root.querySelector(".ms-needs-js").hidden = true;
    form.hidden = false;
    root.querySelector(".ms-compare__options").hidden = false;
    if (!fromAddress()) writeAddress(false);
    return { update: update, say: say };
  }

  refresh();
})();
