// @ts-check
/* Making the page from data: the one `el()` of the site's scripts and its friends. Text is
 * always set with textContent, never as HTML: names and facts come from contributed data.
 *
 * Tables keyed by data (ids, stage names, filter names and values from the address or an index)
 * and objects the site did not make (JSON documents, search results): a plain `{}` inherits
 * `constructor`, `toString`, `__proto__`, ...; a key from data would collide with them
 * (docs/security.md, issue 19 item 5; tests/test_hostile.py checks every script for such
 * objects). Use a Map or a Set, or `table()` where an object is needed (Pagefind's options), and
 * read objects from data with `ownValue()`.
 */

/**
 * A new element with an optional class and text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Text for screen readers only (the `ms-sr-only` class hides it from the screen).
 * @param {string} text
 */
export function srOnly(text) {
  return el("span", "ms-sr-only", text);
}

/**
 * A text node.
 * @param {string} text
 */
export function textNode(text) {
  return document.createTextNode(text);
}

/** The name of the event `resultsRendered()` fires. */
export const RESULTS_RENDERED = "ms:results-rendered";

/**
 * The page's results changed: compare.js gives elements drawn since then their Compare toggles.
 *
 * Page-level contract: the event `ms:results-rendered` on `document`, no detail. Fired by the
 * planner (each plan drawn) and Explore (each page of results); heard by compare.js. Any page
 * that draws elements with `data-compare-id` and `data-compare-name` later fires it.
 */
export function resultsRendered() {
  document.dispatchEvent(new CustomEvent(RESULTS_RENDERED));
}

/**
 * The element of a given type a selector finds in a part of the page, which the page's template
 * always has (an error otherwise, as a missing part of the template is a bug).
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{new (): T, prototype: T}} type
 * @returns {T}
 */
export function child(root, selector, type) {
  const node = root.querySelector(selector);
  if (!(node instanceof type)) throw new Error("the page has no " + selector);
  return node;
}

/**
 * An empty table for keys from data: no prototype, so nothing inherited to collide with.
 * @template T
 * @returns {Record<string, T>}
 */
export function table() {
  return Object.create(null);
}

/**
 * object[key] if the object has it itself (not inherited, such as `constructor`).
 * @template T
 * @param {{[key: string]: T} | null | undefined} object
 * @param {string} key
 * @returns {T | undefined}
 */
export function ownValue(object, key) {
  return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/**
 * A datalist's suggestions: one option per value (type-ahead for names).
 * @param {HTMLDataListElement} list
 * @param {readonly string[]} values
 */
export function fillDatalist(list, values) {
  const fragment = document.createDocumentFragment();
  values.forEach((value) => {
    const option = el("option");
    option.value = value;
    fragment.appendChild(option);
  });
  list.appendChild(fragment);
}

/**
 * A data file of the site, parsed: the one place its scripts fetch JSON, so a missing or broken
 * file is an error with its HTTP status, never a half-read page.
 * @param {string} url
 * @returns {Promise<any>}
 */
export function fetchJson(url) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  });
}
