/* Front coding (generator/learner.py front_code), the one decoder of it: "<n>:<rest>" is n UTF-16
 * units of the value before it, then rest; anything else is the value itself. The planner
 * (planner.js) and the compare page (compare-page.js) read the front-coded names and ids of
 * data/planner.json with it; their pages load it, with `defer`, before them.
 */
(function () {
  "use strict";

  /* One value, given the decoded value before it. */
  function decodeOne(value, previous) {
    var n = 0;
    var k = 0;
    var code = value.charCodeAt(0);
    while (code >= 48 && code <= 57) {
      n = n * 10 + code - 48;
      code = value.charCodeAt(++k);
    }
    return k > 0 && code === 58 ? previous.slice(0, n) + value.slice(k + 1) : value;
  }

  /* A whole list. */
  function decode(list) {
    var out = new Array(list.length);
    var previous = "";
    for (var i = 0; i < list.length; i++) out[i] = previous = decodeOne(list[i], previous);
    return out;
  }

  window.MsFrontCoding = { decodeOne: decodeOne, decode: decode };
})();
