// @ts-check
/* Front coding (generator/learner.py `front_code`), the one decoder of it: "<n>:<rest>" is n UTF-16
 * units of the value before it, then rest; anything else is the value itself. Pure: no DOM. The
 * planner's data (planner-data.js) and the compare page's list of names (compare-page.js) use it;
 * tests/js/front-coding.test.mjs decodes what the generator's encoder wrote
 * (tests/js/vectors/front-coding.json).
 */

/**
 * One value, given the decoded value before it.
 * @param {string} value
 * @param {string} previous
 * @returns {string}
 */
export function decodeOne(value, previous) {
  let n = 0;
  let k = 0;
  let code = value.charCodeAt(0);
  while (code >= 48 && code <= 57) {
    n = n * 10 + code - 48;
    code = value.charCodeAt(++k);
  }
  return k > 0 && code === 58 ? previous.slice(0, n) + value.slice(k + 1) : value;
}

/**
 * A whole list (or one block of it: every block starts with a value written whole).
 * @param {readonly string[]} list
 * @returns {string[]}
 */
export function decode(list) {
  const out = new Array(list.length);
  let previous = "";
  for (let i = 0; i < list.length; i++) out[i] = previous = decodeOne(list[i], previous);
  return out;
}
