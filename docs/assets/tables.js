// @ts-check
/* Tables keyed by data (ids, stage names, filter names and values from the address or an index),
 * and reading objects the site did not make (JSON documents, search results). Pure: no DOM.
 *
 * A plain `{}` inherits `constructor`, `toString`, `__proto__`, ...: a key from data would collide
 * with them (docs/security.md, issue 19 item 5; tests/test_hostile.py checks every script for
 * such objects). Use a Map or a Set, or `table()` where an object is needed (Pagefind's options).
 */

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
