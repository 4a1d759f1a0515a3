/* The compare page (/compare/): the side-by-side table of the credentials picked with the Compare
 * toggles (compare.js, which every page loads and which this file builds on through
 * window.MicroskillsCompare). Loaded with `defer` by compare.md.j2 only, so it runs after
 * compare.js; other pages do not download it. Anything keyed by an id (credentials, skills) is a
 * Map or a Set, never a plain `{}`: `constructor` is a valid id.
 */
(function () {
  "use strict";

  var api = window.MicroskillsCompare;
  var box = document.getElementById("ms-compare");
  if (!api || !box) return;
  var MAX = api.MAX;
  var MIN = api.MIN;
  var ROOT = api.ROOT;
  var el = api.el;
  var srOnly = api.srOnly;

  /* object[key] if the object has it itself (not inherited, such as `constructor`). */
  function ownValue(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function comparePageView(root) {
    var rows = JSON.parse(root.getAttribute("data-rows") || "[]");
    var form = root.querySelector(".ms-compare__add");
    var input = root.querySelector("#ms-compare-add");
    var status = root.querySelector(".ms-compare__status");
    var area = root.querySelector(".ms-compare__area");
    var differences = root.querySelector("#ms-compare-diff");
    var records = new Map(); // id -> the promise of its compare document
    var names = null;
    var generation = 0;
    var refocus = false;

    function idsFromAddress() {
      var params = new URLSearchParams(window.location.search);
      var raw = params.get("ids");
      if (raw === null) return null;
      var seen = new Set();
      return raw.split(",").map(function (id) { return id.trim(); }).filter(function (id) {
        if (!api.validId(id) || seen.has(id)) return false;
        seen.add(id);
        return true;
      }).slice(0, MAX);
    }

    function writeAddress(push) {
      var ids = api.selection.map(function (item) { return item.id; });
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
      var known = new Map();
      api.selection.forEach(function (item) { known.set(item.id, item.name); });
      api.selection = ids.map(function (id) { return { id: id, name: known.get(id) || id }; });
      api.save();
      return true;
    }

    function fetchRecord(id) {
      if (!records.has(id)) {
        records.set(id, fetch(new URL("data/compare/" + id + ".json", ROOT).href).then(function (response) {
          if (response.status === 404) return null;
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        }));
      }
      return records.get(id);
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
      factRowNode(tbody, document.createTextNode(label), cells, differs);
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
        var keys = new Set();
        var cells = shown.map(function (record) {
          var fact = ownValue(record.rows, row.key) || { status: "unrecorded", parts: [["Not yet recorded", null]], sources: [] };
          keys.add(key(fact));
          var td = el("td");
          cellContent(td, fact, row.label, record.name);
          return td;
        });
        factRow(tbody, row.label, cells, keys.size > 1);
      });
      table.appendChild(tbody);
      // Skills: those two or more of them teach, aligned; then each one's own.
      var skills = el("tbody", "ms-compare__skills");
      groupRow(skills, "Skills", shown.length + 1);
      var count = new Map(); // skill id -> how many of the credentials teach it
      var names = new Map();
      shown.forEach(function (record) {
        record.skills.forEach(function (skill) {
          count.set(skill[0], (count.get(skill[0]) || 0) + 1);
          names.set(skill[0], skill[1]);
        });
      });
      var shared = Array.from(count.keys()).filter(function (id) { return count.get(id) >= 2; }).sort(function (a, b) {
        return count.get(b) - count.get(a) || names.get(a).localeCompare(names.get(b));
      });
      shared.forEach(function (id) {
        var cells = shown.map(function (record) {
          var teaches = record.skills.some(function (skill) { return skill[0] === id; });
          var td = el("td", teaches ? "ms-compare__has" : "ms-compare__lacks", teaches ? "✓ Yes" : "— No");
          return td;
        });
        var label = el("span");
        label.appendChild(link([names.get(id), "skills/" + id + "/"]));
        factRowNode(skills, label, cells, count.get(id) < shown.length);
      });
      var own = shown.map(function (record) {
        var td = el("td");
        var mine = record.skills.filter(function (skill) { return count.get(skill[0]) < 2; });
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
      var ids = api.selection.map(function (item) { return item.id; });
      root.setAttribute("data-state", "loading");
      Promise.all(ids.map(fetchRecord)).then(function (found) {
        if (mine !== generation) return;
        var shown = found.filter(Boolean);
        var gone = ids.filter(function (id, i) { return !found[i]; });
        if (gone.length) {
          api.selection = api.selection.filter(function (item) { return gone.indexOf(item.id) === -1; });
          api.save();
          writeAddress(false);
        }
        api.selection.forEach(function (item) {
          var record = shown.filter(function (r) { return r.id === item.id; })[0];
          if (record) item.name = record.name;
        });
        api.save();
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
        form.querySelector("button").disabled = api.selection.length >= MAX;
        input.disabled = api.selection.length >= MAX;
        input.placeholder = api.selection.length >= MAX ? "Remove one to add another" : "Type a credential's name";
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
          var ids = window.MsFrontCoding.decode(raw.credentials.id);
          var list = window.MsFrontCoding.decode(raw.credentials.name);
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
        if (api.selected(id)) {
          say(list.names[matches[0]] + " is already in the comparison.");
          return;
        }
        api.selection = api.selection.concat([{ id: id, name: list.names[matches[0]] }]).slice(0, MAX);
        api.save();
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
      api.selection = api.selection.filter(function (item) { return item.id !== id; });
      api.save();
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

  api.page = comparePageView(box);
  api.refresh();
})();
