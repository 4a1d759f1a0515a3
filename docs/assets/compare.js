// @ts-check
/* Compare credentials: "Compare" toggles on every page (this module, which mkdocs.yml's
 * extra_javascript loads on every page), and the side-by-side table on /compare/ (compare-page.js,
 * which only that page loads and which imports this module: one instance, one selection).
 *
 * Any element with data-compare-id and data-compare-name (a credential page's header, a table
 * row, an Explore result, a planner result) gets a toggle button; a table row gets it in its
 * first cell, an element holding [data-compare-slot] gets it there. Pages that add such elements
 * later fire `ms:results-rendered` on document (dom.js). The selection (2-4 credentials) is kept
 * in localStorage (`ms-compare`), so it follows the visitor from page to page and tab to tab, and
 * the compare page keeps it in its address (?ids=a,b,c, address.js) so a comparison can be shared.
 * An id, whether from the address or read back from storage (which any script of the site, or a
 * hand edit, can have written), is used only if it has the form of a catalogue id; anything keyed
 * by ids is a Map or a Set, never a plain `{}`.
 */

import { compareQuery, isCatalogueId } from "./address.js";
import { RESULTS_RENDERED, el, srOnly, textNode } from "./dom.js";
import { siteRoot } from "./site-root.js";

/**
 * A credential picked to compare.
 * @typedef {object} Picked
 * @property {string} id
 * @property {string} name
 */

/**
 * The compare page, once it has started (compare-page.js): it says what changed and draws the
 * table again on every change; there is no tray on it.
 * @typedef {object} ComparePage
 * @property {() => void} update
 * @property {(text: string) => void} say
 */

const KEY = "ms-compare";
/** The most credentials compared at once. */
export const MAX = 4;
/** The fewest worth comparing. */
export const MIN = 2;
/** The site's root (site-root.js). */
export const ROOT = siteRoot();

// --- the selection ---------------------------------------------------------------------------------

/**
 * The stored selection, checked as the address is: ids of the catalogue's form, each once, at
 * most MAX; a name that is not text is replaced by the id until the compare page fetches it.
 * @returns {Picked[]}
 */
function load() {
  let stored;
  try {
    stored = JSON.parse(window.localStorage.getItem(KEY) || "[]");
  } catch (error) {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  const seen = new Set();
  /** @type {Picked[]} */
  const out = [];
  stored.forEach((/** @type {unknown} */ item) => {
    if (!item || typeof item !== "object" || !("id" in item)) return;
    const id = item.id;
    if (!isCatalogueId(id) || seen.has(id) || out.length >= MAX) return;
    seen.add(id);
    const name = "name" in item ? item.name : undefined;
    out.push({ id, name: typeof name === "string" ? name : id });
  });
  return out;
}

let selection = load();
/** @type {ComparePage | null} */
let page = null;

/** The credentials picked, in the order they were picked. */
export function getSelection() {
  return selection;
}

/**
 * Replace the selection (call `save()` to keep it).
 * @param {Picked[]} picked
 */
export function setSelection(picked) {
  selection = picked;
}

/** Keep the selection for other pages and tabs. */
export function save() {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(selection));
  } catch (error) {
    /* private mode: the selection lasts as long as the page */
  }
}

/** @param {string} id */
export function isSelected(id) {
  return selection.some((item) => item.id === id);
}

/**
 * The compare page's address for some credentials.
 * @param {readonly string[]} ids
 */
export function comparePageAddress(ids) {
  const url = new URL("compare/", ROOT);
  const query = compareQuery({ ids, diff: false });
  if (query) url.search = "?" + query;
  return url.href;
}

/**
 * @param {string} id
 * @param {string} name
 */
function toggle(id, name) {
  if (isSelected(id)) {
    selection = selection.filter((item) => item.id !== id);
    announce("Removed " + name + " from the comparison.");
  } else if (selection.length >= MAX) {
    announce("You can compare up to " + MAX + " credentials: remove one first.");
    return;
  } else {
    selection = selection.concat([{ id, name }]);
    announce("Added " + name + " to the comparison (" + selection.length + " of up to " + MAX + ").");
  }
  save();
  refresh();
}

// --- toggles and the tray ------------------------------------------------------------------------

/** The compare page has no tray: it shows the selection itself. */
const ON_COMPARE_PAGE = document.getElementById("ms-compare") !== null;

/** @type {{box: HTMLElement, status: HTMLElement, count: HTMLElement, link: HTMLAnchorElement, clear: HTMLButtonElement} | null} */
let tray = null;

/** @param {string} text */
function announce(text) {
  if (page) page.say(text);
  else ensureTray().status.textContent = text;
}

function ensureTray() {
  if (tray) return tray;
  const box = el("div", "ms-compare-tray");
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Credentials to compare");
  const status = el("p", "ms-sr-only");
  status.setAttribute("role", "status");
  box.appendChild(status);
  const count = el("p", "ms-compare-tray__count");
  box.appendChild(count);
  const link = el("a", "ms-compare-tray__link", "Compare");
  box.appendChild(link);
  const clear = el("button", "ms-compare-tray__clear", "Clear");
  clear.type = "button";
  clear.addEventListener("click", () => {
    selection = [];
    save();
    refresh();
    announce("The comparison is empty.");
  });
  box.appendChild(clear);
  document.body.appendChild(box);
  tray = { box, status, count, link, clear };
  // The page keeps room for the tray below its content (the body's bottom padding is this
  // height), so the tray never covers the last rows of a table or the footer, at any width or
  // however many lines the tray wraps onto.
  const reserve = () => {
    const top = box.getBoundingClientRect().top;
    const space = box.offsetHeight ? Math.ceil(window.innerHeight - top) : 0;
    document.documentElement.style.setProperty("--ms-compare-tray-space", space + "px");
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(reserve).observe(box);
  window.addEventListener("resize", reserve);
  reserve();
  return tray;
}

function renderTray() {
  if (page || ON_COMPARE_PAGE) return;
  if (!selection.length && !tray) return;
  const { box, count, link, clear } = ensureTray();
  const n = selection.length;
  count.textContent = n ? n + " of " + MAX + " picked to compare" + (n < MIN ? ": pick one more" : "") : "";
  link.hidden = n < MIN;
  link.href = comparePageAddress(selection.map((item) => item.id));
  link.textContent = "Compare " + n;
  clear.hidden = !n;
  count.hidden = !n;
  box.classList.toggle("ms-compare-tray--empty", !n);
  document.body.classList.toggle("ms-has-compare-tray", n > 0);
}

function enhance() {
  document.querySelectorAll("[data-compare-id]").forEach((node) => {
    const id = node.getAttribute("data-compare-id");
    if (node.closest("#ms-compare") || !isCatalogueId(id)) return;
    let button = node.querySelector(":scope .ms-compare-toggle");
    if (!button) {
      const toggleButton = el("button", "ms-compare-toggle");
      toggleButton.type = "button";
      const box = el("span", "ms-compare-toggle__box");
      box.setAttribute("aria-hidden", "true");
      toggleButton.appendChild(box);
      toggleButton.appendChild(textNode("Compare"));
      toggleButton.appendChild(srOnly(" " + node.getAttribute("data-compare-name")));
      toggleButton.addEventListener("click", () => {
        const clicked = node.getAttribute("data-compare-id");
        if (isCatalogueId(clicked)) toggle(clicked, node.getAttribute("data-compare-name") || "");
      });
      const slot = node.querySelector("[data-compare-slot]");
      const place = slot || (node.tagName === "TR" ? node.querySelector("td, th") : node);
      if (!place) return;
      if (place !== slot) place.appendChild(textNode(" "));
      place.appendChild(toggleButton);
      button = toggleButton;
    }
    button.setAttribute("aria-pressed", String(isSelected(id)));
  });
}

/** Draw every toggle, the tray, and the compare page if it is there, as the selection now is. */
export function refresh() {
  enhance();
  renderTray();
  if (page) page.update();
}

/**
 * The compare page starts: from now on it is told of every change, and says what changed.
 * @param {ComparePage} comparePage
 */
export function attachPage(comparePage) {
  page = comparePage;
  refresh();
}

document.addEventListener(RESULTS_RENDERED, refresh);
window.addEventListener("storage", (event) => {
  if (event.key !== KEY) return;
  selection = load();
  refresh();
});

refresh();
