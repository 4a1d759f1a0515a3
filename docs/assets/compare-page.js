// @ts-check
/* The compare page (/compare/): the side-by-side table of the credentials picked with the Compare
 * toggles (compare.js, whose selection this module reads and replaces). Loaded as a module by
 * compare.md.j2 only; other pages do not download it. Anything keyed by an id (credentials,
 * skills) is a Map or a Set, never a plain `{}`: `constructor` is a valid id.
 *
 * Page-level contract: `data-state` on #ms-compare is "loading", then "done" once a comparison is
 * drawn (or "failed").
 */

import { compareQuery, parseCompareAddress, readAddress, writeAddress } from "./address.js";
import { MAX, MIN, ROOT, attachPage, getSelection, isSelected, save, setSelection } from "./compare.js";
import { child, el, fetchJson, fillDatalist, ownValue, srOnly, textNode } from "./dom.js";
import { decode } from "./front-coding.js";
import { findNamed } from "./name-match.js";

/** @typedef {import("./types.js").CompareRecord} CompareRecord */
/** @typedef {import("./types.js").CompareFact} CompareFact */
/** @typedef {import("./types.js").ComparePart} ComparePart */
/** @typedef {import("./types.js").CompareSource} CompareSource */
/** @typedef {import("./types.js").CompareRow} CompareRow */
/** @typedef {import("./types.js").CredentialNames} CredentialNames */

/** @type {CompareFact} */
const UNRECORDED = { status: "unrecorded", parts: [["Not yet recorded", null]], sources: [] };

/**
 * The compare page's view: draws the table for the selection, keeps it in the address.
 * @param {HTMLElement} root #ms-compare
 * @returns {import("./compare.js").ComparePage}
 */
function comparePageView(root) {
  /** @type {CompareRow[]} */
  const rows = JSON.parse(root.getAttribute("data-rows") || "[]");
  const form = child(root, ".ms-compare__add", HTMLFormElement);
  const input = child(root, "#ms-compare-add", HTMLInputElement);
  const status = child(root, ".ms-compare__status", HTMLElement);
  const area = child(root, ".ms-compare__area", HTMLElement);
  const differences = child(root, "#ms-compare-diff", HTMLInputElement);
  /** @type {Map<string, Promise<CompareRecord | null>>} id -> the promise of its compare document */
  const records = new Map();
  /** @type {Promise<{ids: string[], names: string[], shortNames: (i: number) => string[]}> | null} */
  let names = null;
  let generation = 0;
  let refocus = false;

  function ids() {
    return getSelection().map((item) => item.id);
  }

  /** @param {boolean} push */
  function writeState(push) {
    writeAddress(compareQuery({ ids: ids(), diff: differences.checked }), push);
  }

  /** The selection from the address, if it names one; whether it did. */
  function fromAddress() {
    const state = parseCompareAddress(readAddress(), MAX);
    differences.checked = state.diff;
    if (state.ids === null) return false;
    /** @type {Map<string, string>} */
    const known = new Map();
    getSelection().forEach((item) => known.set(item.id, item.name));
    setSelection(state.ids.map((id) => ({ id, name: known.get(id) || id })));
    save();
    return true;
  }

  /**
   * @param {string} id
   * @returns {Promise<CompareRecord | null>}
   */
  function fetchRecord(id) {
    let record = records.get(id);
    if (!record) {
      record = fetch(new URL("data/compare/" + id + ".json", ROOT).href).then((response) => {
        if (response.status === 404) return null;
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
      records.set(id, record);
    }
    return record;
  }

  /** @param {string} text */
  function say(text) {
    status.textContent = text;
  }

  /**
   * A link from a part: an address of another site as it is, one of this site from its root.
   * @param {[text: string, href: string]} part
   */
  function link(part) {
    const href = part[1];
    const a = el("a", "", part[0]);
    a.href = /^https?:/.test(href) ? href : new URL(href, ROOT).href;
    if (/^https?:/.test(href)) a.rel = "nofollow noopener";
    return a;
  }

  /**
   * @param {HTMLElement} cell
   * @param {CompareFact} fact
   * @param {string} label
   * @param {string} name
   */
  function cellContent(cell, fact, label, name) {
    const value = el("span", "ms-compare__value ms-compare__value--" + fact.status);
    fact.parts.forEach(([text, href]) => {
      value.appendChild(href ? link([text, href]) : textNode(text));
    });
    cell.appendChild(value);
    sources(cell, fact.sources, label + " of " + name);
  }

  /**
   * @param {HTMLElement} cell
   * @param {CompareSource[]} list
   * @param {string} what
   */
  function sources(cell, list, what) {
    list.forEach((source) => {
      cell.appendChild(textNode(" "));
      const a = el("a", "ms-fact-source", "source");
      a.href = source[0];
      a.rel = "nofollow noopener";
      a.appendChild(srOnly(" for " + what.toLowerCase() + (source[2] ? " (third-party page)" : "")));
      cell.appendChild(a);
    });
  }

  /** @param {CompareFact} fact what a fact says, to tell whether two differ */
  function key(fact) {
    return fact.status + "|" + fact.parts.map((p) => p[0]).join("");
  }

  /**
   * @param {HTMLTableElement} table
   * @param {CompareRecord[]} shown
   */
  function headRow(table, shown) {
    const thead = el("thead");
    const tr = el("tr");
    const corner = el("th", "", "Credential");
    corner.scope = "col";
    tr.appendChild(corner);
    shown.forEach((record) => {
      const th = el("th", "ms-compare__credential");
      th.scope = "col";
      const name = el("p", "ms-compare__name");
      name.appendChild(link([record.name, record.url]));
      th.appendChild(name);
      const official = el("a", "ms-compare__official", "Official page");
      official.href = record.official;
      official.rel = "nofollow noopener";
      official.appendChild(srOnly(" of " + record.name));
      th.appendChild(official);
      const remove = el("button", "md-button ms-compare__remove", "Remove");
      remove.type = "button";
      remove.setAttribute("data-remove", record.id);
      remove.appendChild(srOnly(" " + record.name));
      th.appendChild(remove);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
  }

  /**
   * @param {HTMLTableSectionElement} tbody
   * @param {string} title
   * @param {number} span
   */
  function groupRow(tbody, title, span) {
    const tr = el("tr", "ms-compare__group");
    const th = el("th", "", title);
    th.scope = "colgroup";
    th.colSpan = span;
    tr.appendChild(th);
    tbody.appendChild(tr);
  }

  /**
   * @param {HTMLTableSectionElement} tbody
   * @param {Node} labelNode
   * @param {HTMLTableCellElement[]} cells
   * @param {boolean} differs
   */
  function factRow(tbody, labelNode, cells, differs) {
    const tr = el("tr", "ms-compare__row" + (differs ? " ms-compare__row--differs" : ""));
    const th = el("th");
    th.scope = "row";
    th.appendChild(labelNode);
    if (differs) {
      th.appendChild(textNode(" "));
      th.appendChild(el("span", "ms-compare__differs", "differs"));
    }
    tr.appendChild(th);
    cells.forEach((cell) => tr.appendChild(cell));
    tr.hidden = differences.checked && !differs;
    tbody.appendChild(tr);
  }

  /** @param {CompareRecord[]} shown */
  function renderTable(shown) {
    const table = el("table", "ms-table ms-compare__table");
    table.appendChild(el("caption", "ms-sr-only", "Comparison of " + shown.map((r) => r.name).join(", ")));
    headRow(table, shown);
    const tbody = el("tbody");
    rows.forEach((row) => {
      const keys = new Set();
      const cells = shown.map((record) => {
        const fact = ownValue(record.rows, row.key) || UNRECORDED;
        keys.add(key(fact));
        const td = el("td");
        cellContent(td, fact, row.label, record.name);
        return td;
      });
      factRow(tbody, textNode(row.label), cells, keys.size > 1);
    });
    table.appendChild(tbody);
    // Skills: those two or more of them teach, aligned; then each one's own.
    const skills = el("tbody", "ms-compare__skills");
    groupRow(skills, "Skills", shown.length + 1);
    /** @type {Map<string, number>} skill id -> how many of the credentials teach it */
    const count = new Map();
    /** @type {Map<string, string>} skill id -> name */
    const skillNames = new Map();
    shown.forEach((record) => {
      record.skills.forEach(([id, name]) => {
        count.set(id, (count.get(id) || 0) + 1);
        skillNames.set(id, name);
      });
    });
    /** @param {string} id */
    const countOf = (id) => count.get(id) || 0;
    /** @param {string} id */
    const nameOf = (id) => skillNames.get(id) || id;
    const shared = Array.from(count.keys())
      .filter((id) => countOf(id) >= 2)
      .sort((a, b) => countOf(b) - countOf(a) || nameOf(a).localeCompare(nameOf(b)));
    shared.forEach((id) => {
      const cells = shown.map((record) => {
        const teaches = record.skills.some((skill) => skill[0] === id);
        return el("td", teaches ? "ms-compare__has" : "ms-compare__lacks", teaches ? "✓ Yes" : "— No");
      });
      const label = el("span");
      label.appendChild(link([nameOf(id), "skills/" + id + "/"]));
      factRow(skills, label, cells, countOf(id) < shown.length);
    });
    const own = shown.map((record) => {
      const td = el("td");
      const mine = record.skills.filter((skill) => countOf(skill[0]) < 2);
      if (!mine.length) td.appendChild(el("span", "ms-compare__value--none", "None"));
      else {
        const list = el("ul", "ms-compare__list");
        mine.forEach(([id, name]) => {
          const li = el("li");
          li.appendChild(link([name, "skills/" + id + "/"]));
          list.appendChild(li);
        });
        td.appendChild(list);
      }
      sources(td, record.skill_sources, "skills of " + record.name);
      return td;
    });
    factRow(skills, textNode(shared.length ? "Other skills" : "Skills taught"), own, true);
    table.appendChild(skills);
    const more = el("tbody");
    const allSources = shown.map((record) => {
      const td = el("td");
      const list = el("ul", "ms-compare__list");
      record.sources.forEach((source) => {
        const li = el("li");
        const a = el("a", "", source[1] || source[0]);
        a.href = source[0];
        a.rel = "nofollow noopener";
        li.appendChild(a);
        if (source[2]) li.appendChild(el("span", "ms-third-party", " (third-party page)"));
        list.appendChild(li);
      });
      td.appendChild(list);
      return td;
    });
    factRow(more, textNode("All sources"), allSources, true);
    table.appendChild(more);
    // Each value names its credential, for the phone layout where there are no columns (tools.css).
    table.querySelectorAll("tbody > tr").forEach((tr) => {
      tr.querySelectorAll(":scope > td").forEach((td, index) => {
        if (shown[index]) td.setAttribute("data-credential", shown[index].name);
      });
    });
    return table;
  }

  /**
   * Wide tables scroll inside their own box (never the page); the box takes focus so the
   * keyboard can scroll it.
   * @param {HTMLTableElement} table
   */
  function scroller(table) {
    const wrap = el("div", "ms-scroll ms-compare__scroll");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Comparison table");
    wrap.appendChild(table);
    return wrap;
  }

  function update() {
    const mine = ++generation;
    const wanted = ids();
    root.setAttribute("data-state", "loading");
    Promise.all(wanted.map(fetchRecord))
      .then((found) => {
        if (mine !== generation) return;
        /** @type {CompareRecord[]} */
        const shown = [];
        found.forEach((record) => {
          if (record) shown.push(record);
        });
        const gone = wanted.filter((_id, i) => !found[i]);
        if (gone.length) {
          setSelection(getSelection().filter((item) => gone.indexOf(item.id) === -1));
          save();
          writeState(false);
        }
        getSelection().forEach((item) => {
          const record = shown.filter((r) => r.id === item.id)[0];
          if (record) item.name = record.name;
        });
        save();
        area.textContent = "";
        const one = gone.length === 1;
        const message = gone.length
          ? gone.length + " credential" + (one ? " is" : "s are") + " no longer in the catalogue and " + (one ? "was" : "were") + " left out. "
          : "";
        if (shown.length < MIN) {
          area.appendChild(
            el(
              "p",
              "ms-compare__empty",
              (shown.length ? "Pick at least one more credential to compare with " + shown[0].name + ": " : "Pick two to four credentials: ") +
                "use the Compare buttons on credential pages, in skill, category and provider tables and in Explore results, or add one here by name.",
            ),
          );
          if (shown.length) area.appendChild(scroller(renderTable(shown)));
          say(message);
        } else {
          area.appendChild(scroller(renderTable(shown)));
          say(message + "Comparing " + shown.length + " credentials.");
        }
        const full = getSelection().length >= MAX;
        child(form, "button", HTMLButtonElement).disabled = full;
        input.disabled = full;
        input.placeholder = full ? "Remove one to add another" : "Type a credential's name";
        if (refocus) {
          // The table was drawn again: keep the keyboard on the next Remove button.
          refocus = false;
          const next = area.querySelector("button[data-remove]");
          (next instanceof HTMLElement ? next : input).focus();
        }
        root.setAttribute("data-state", "done");
      })
      .catch((/** @type {Error} */ error) => {
        if (mine !== generation) return;
        say("The comparison could not be loaded (" + error.message + ").");
        root.setAttribute("data-state", "failed");
      });
  }

  /** Every credential's id, name and short names (data/credential-names.json), for adding one by name. */
  function loadNames() {
    if (!names) {
      names = fetchJson(root.getAttribute("data-list") || "").then((/** @type {CredentialNames} */ raw) => {
        const list = decode(raw.name);
        fillDatalist(child(document, "#ms-compare-list", HTMLDataListElement), list);
        const short = raw.short_names || Object.create(null);
        /** @param {number} i */
        const shortNames = (i) => ownValue(short, String(i)) || [];
        return { ids: decode(raw.id), names: list, shortNames };
      });
    }
    return names;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = input.value.trim();
    if (!typed) {
      say("Type a credential's name first.");
      return;
    }
    loadNames()
      .then((list) => {
        // The full name, else a short name or exam code ("CEH", "AZ-900": name-match.js).
        const matches = findNamed(typed, list.names, list.shortNames);
        if (matches.length !== 1) {
          say(matches.length ? "Several credentials are called “" + typed + "”." : "No credential is called “" + typed + "”: pick a name from the list.");
          return;
        }
        const id = list.ids[matches[0]];
        input.value = "";
        if (isSelected(id)) {
          say(list.names[matches[0]] + " is already in the comparison.");
          return;
        }
        setSelection(getSelection().concat([{ id, name: list.names[matches[0]] }]).slice(0, MAX));
        save();
        writeState(true);
        update();
        input.focus();
      })
      .catch((/** @type {Error} */ error) => say("The list of credentials could not be loaded (" + error.message + ")."));
  });
  input.addEventListener("focus", () => {
    loadNames().catch(() => undefined);
  });
  differences.addEventListener("change", () => {
    writeState(true);
    update();
  });
  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-remove]") : null;
    if (!button) return;
    const id = button.getAttribute("data-remove");
    setSelection(getSelection().filter((item) => item.id !== id));
    save();
    writeState(true);
    refocus = true;
    update();
  });
  window.addEventListener("popstate", () => {
    fromAddress();
    update();
  });

  child(root, ".ms-needs-js", HTMLElement).hidden = true;
  form.hidden = false;
  child(root, ".ms-compare__options", HTMLElement).hidden = false;
  if (!fromAddress()) writeState(false);
  return { update, say };
}

const box = document.getElementById("ms-compare");
if (box) attachPage(comparePageView(box));
