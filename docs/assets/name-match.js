// @ts-check
/* Names a visitor types for an entry (issue 23): "Security+", "CISSP", "pl300", "Google Data
 * Analytics". Pure functions, no DOM: Explore uses them to put the entry a query names first,
 * Compare to accept a short name or exam code where it asks for a credential's name.
 *
 * Two names are the same when they are after `nameKey`: case, spaces and punctuation do not count,
 * except "+" and "#", which tell "A+" from "A" and "C#" from "C". A title also answers to itself
 * without a bracketed part ("Certified Ethical Hacker (CEH)" to "Certified Ethical Hacker").
 */

/**
 * The form in which names are compared: lower case, letters, digits, "+" and "#" only.
 * @param {string} text
 */
export function nameKey(text) {
  return String(text)
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+#]+/gu, "");
}

/**
 * Every name an entry answers to: its title, the title without bracketed parts, its short names
 * and code.
 * @param {string} title
 * @param {readonly string[]} names short names and code
 * @returns {string[]} their keys, without empty ones
 */
export function nameKeys(title, names) {
  const bare = title.replace(/\s*[([][^)\]]*[)\]]\s*/g, " ").trim();
  const keys = [title, bare].concat(names).map(nameKey);
  return keys.filter((key, i) => key !== "" && keys.indexOf(key) === i);
}

/**
 * The short names a search record carries (meta `names`, a JSON list written by the generator);
 * [] when it has none or they cannot be read.
 * @param {string | undefined} meta
 * @returns {string[]}
 */
export function parseNames(meta) {
  if (!meta) return [];
  try {
    const value = JSON.parse(meta);
    return Array.isArray(value) ? value.filter((name) => typeof name === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Whether `query` names the entry: equals its title, its bare title, a short name or its code.
 * @param {string} query
 * @param {string} title
 * @param {readonly string[]} names
 */
export function namesEntry(query, title, names) {
  const key = nameKey(query);
  return key !== "" && nameKeys(title, names).indexOf(key) !== -1;
}

/**
 * The items in a new order: those `query` names first, the rest after, each group in the order
 * it came in (the search engine's ranking).
 * @template T
 * @param {string} query
 * @param {readonly T[]} items
 * @param {(item: T) => {title: string, names: readonly string[]}} namesOf
 * @returns {T[]}
 */
export function namedFirst(query, items, namesOf) {
  /** @type {T[]} */
  const named = [];
  /** @type {T[]} */
  const others = [];
  items.forEach((item) => {
    const { title, names } = namesOf(item);
    (namesEntry(query, title, names) ? named : others).push(item);
  });
  return named.concat(others);
}

/**
 * The indexes of the entries `typed` names, for a form that asks for one by name: those whose
 * title is exactly what was typed (ignoring case) if there are any, else those it names in the
 * looser sense of `namesEntry`.
 * @param {string} typed
 * @param {readonly string[]} titles
 * @param {(index: number) => readonly string[]} namesAt the short names and code of entry `index`
 * @returns {number[]}
 */
export function findNamed(typed, titles, namesAt) {
  const lower = typed.trim().toLowerCase();
  /** @type {number[]} */
  const exact = [];
  titles.forEach((title, i) => {
    if (title.toLowerCase() === lower) exact.push(i);
  });
  if (exact.length) return exact;
  /** @type {number[]} */
  const named = [];
  titles.forEach((title, i) => {
    if (namesEntry(typed, title, namesAt(i))) named.push(i);
  });
  return named;
}
