/* The skills-gap planner's search: which credentials to take so every stage of a goal is met.
 *
 * No page, no data format: planner.js turns a goal and what a learner has into a problem, and
 * the tests call solve() on problems whose best answer is known.
 *
 * The problem is a weighted set multicover. Each stage needs `need` more of its items; an item is
 * met by any credential in its list; a credential's weight is a vector compared
 * lexicographically (e.g. [credentials without a published price, priced in another currency,
 * amount, number of credentials]), so "cheapest" never trades a known price for a guess.
 *
 * 1. Greedy (Chvátal 1979; Wolsey 1982 for "at least k of n" stages, whose coverage is a
 *    submodular function): repeatedly take the credential with the lowest weight per requirement
 *    it newly meets. Its plan is never worse than H(d) = 1 + 1/2 + ... + 1/d times the best, where
 *    d is the most requirements one credential meets.
 * 2. Exact branch and bound, starting from the greedy plan: take the unmet stage with the fewest
 *    candidates; any plan must contain one of them, so branch on each in turn (excluding the ones
 *    already tried from the later branches), and prune a branch once its weight plus the cheapest
 *    candidate of its most expensive unmet stage is no better than the best plan found. When the
 *    search finishes within its node budget the plan is optimal (`optimal: true`); otherwise it
 *    is the best found, still within the greedy guarantee.
 */
(function (root) {
  "use strict";

  var NODE_LIMIT = 50000;

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
  }

  function add(a, b) {
    var out = new Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] + b[i];
    return out;
  }

  function times(a, k) {
    var out = new Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] * k;
    return out;
  }

  function harmonic(d) {
    var h = 0;
    for (var i = 1; i <= d; i++) h += 1 / i;
    return h;
  }

  /* problem: {stages: [{need: n, items: [[credential, ...], ...]}], weight: function (credential) -> vector,
   *   width: length of the vectors (needed only when no item has a credential)}
   * Credentials are any values usable as Map keys, compared as === does (the planner uses
   * indexes); they are kept in Maps and Sets, never as keys of a plain object. An item with no
   * credential cannot be met; `need` is lowered to what can be met, and `short` says by how much.
   * Returns {chosen, weight, optimal, nodes, guarantee, short, covers}: `covers[k]` lists the
   * [stage, item] pairs chosen[k] meets. */
  function solve(problem, options) {
    var nodeLimit = (options && options.nodeLimit) || NODE_LIMIT;
    var stages = problem.stages;
    var need = [];
    var short = [];
    var candidates = [];
    var coversOf = new Map(); // credential -> [[stage, item], ...]
    var weightOf = new Map();
    stages.forEach(function (stage, s) {
      var coverable = 0;
      stage.items.forEach(function (list, i) {
        if (list.length) coverable++;
        list.forEach(function (c) {
          if (!coversOf.has(c)) {
            coversOf.set(c, []);
            candidates.push(c);
          }
          var pairs = coversOf.get(c);
          if (!pairs.some(function (p) { return p[0] === s && p[1] === i; })) pairs.push([s, i]);
        });
      });
      need.push(Math.min(stage.need, coverable));
      short.push(Math.max(0, stage.need - coverable));
    });
    candidates.forEach(function (c) { weightOf.set(c, problem.weight(c)); });
    var width = candidates.length ? weightOf.get(candidates[0]).length : problem.width || 0;
    var zero = new Array(width).fill(0);
    var rank = new Map();
    candidates.forEach(function (c, k) { rank.set(c, k); });
    var hits = stages.map(function (stage) { return stage.items.map(function () { return 0; }); });
    var met = stages.map(function () { return 0; });
    var deficit = need.reduce(function (a, b) { return a + b; }, 0);

    function gain(c) {
      var newly = new Map(); // stage -> requirements of it c newly meets
      coversOf.get(c).forEach(function (p) {
        if (hits[p[0]][p[1]] === 0) newly.set(p[0], (newly.get(p[0]) || 0) + 1);
      });
      var g = 0;
      newly.forEach(function (count, s) {
        g += Math.min(need[s], met[s] + count) - Math.min(need[s], met[s]);
      });
      return g;
    }

    function apply(c, sign) {
      coversOf.get(c).forEach(function (p) {
        var s = p[0];
        var before = Math.min(need[s], met[s]);
        if (sign > 0) {
          if (hits[s][p[1]]++ === 0) met[s]++;
        } else if (--hits[s][p[1]] === 0) {
          met[s]--;
        }
        deficit -= Math.min(need[s], met[s]) - before;
      });
    }

    // Lower weight per requirement met is better: w1/g1 < w2/g2 <=> w1*g2 < w2*g1 (gains > 0).
    function better(c1, g1, c2, g2) {
      var order = compare(times(weightOf.get(c1), g2), times(weightOf.get(c2), g1));
      if (order !== 0) return order < 0;
      if (g1 !== g2) return g1 > g2;
      return rank.get(c1) < rank.get(c2);
    }

    var initialGain = 0;
    candidates.forEach(function (c) { initialGain = Math.max(initialGain, gain(c)); });

    // 1. Greedy.
    var greedy = [];
    var greedyWeight = zero;
    while (deficit > 0) {
      var best = null;
      var bestGain = 0;
      for (var k = 0; k < candidates.length; k++) {
        var c = candidates[k];
        if (greedy.indexOf(c) !== -1) continue;
        var g = gain(c);
        if (g > 0 && (best === null || better(c, g, best, bestGain))) {
          best = c;
          bestGain = g;
        }
      }
      if (best === null) break; // cannot happen: need was lowered to what can be met
      greedy.push(best);
      apply(best, 1);
      greedyWeight = add(greedyWeight, weightOf.get(best));
    }
    greedy.slice().reverse().forEach(function (c) { apply(c, -1); });

    // 2. Branch and bound from the greedy plan.
    var incumbent = greedy.slice();
    var incumbentWeight = greedyWeight;
    var chosen = [];
    var inPlan = new Set();
    var banned = new Set();
    var nodes = 0;
    var aborted = false;

    function search(weight) {
      nodes++;
      if (nodes > nodeLimit) {
        aborted = true;
        return;
      }
      if (deficit === 0) {
        if (compare(weight, incumbentWeight) < 0) {
          incumbentWeight = weight;
          incumbent = chosen.slice();
        }
        return;
      }
      var pick = null;
      var bound = zero;
      for (var s = 0; s < stages.length; s++) {
        if (met[s] >= need[s]) continue;
        var options = [];
        var cheapest = null;
        stages[s].items.forEach(function (list, i) {
          if (hits[s][i] > 0) return;
          list.forEach(function (c) {
            if (inPlan.has(c) || banned.has(c) || options.indexOf(c) !== -1) return;
            options.push(c);
            if (cheapest === null || compare(weightOf.get(c), cheapest) < 0) cheapest = weightOf.get(c);
          });
        });
        if (!options.length) return; // this branch can no longer meet stage s
        if (compare(cheapest, bound) > 0) bound = cheapest;
        if (pick === null || options.length < pick.length) pick = options;
      }
      if (compare(add(weight, bound), incumbentWeight) >= 0) return;
      var gains = new Map();
      pick.forEach(function (c) { gains.set(c, gain(c)); });
      // Every option meets an unmet requirement of the stage, so its gain is at least 1.
      pick.sort(function (a, b) { return a === b ? 0 : better(a, gains.get(a), b, gains.get(b)) ? -1 : 1; });
      var tried = [];
      for (var k = 0; k < pick.length && !aborted; k++) {
        var c = pick[k];
        inPlan.add(c);
        chosen.push(c);
        apply(c, 1);
        search(add(weight, weightOf.get(c)));
        apply(c, -1);
        chosen.pop();
        inPlan.delete(c);
        banned.add(c);
        tried.push(c);
      }
      tried.forEach(function (c) { banned.delete(c); });
    }
    if (deficit > 0) search(zero);

    // Which requirements each chosen credential meets, in plan order.
    var covers = incumbent.map(function (c) { return coversOf.get(c).slice(); });
    return {
      chosen: incumbent,
      weight: incumbentWeight,
      greedy: greedy,
      greedyWeight: greedyWeight,
      optimal: !aborted,
      nodes: nodes,
      guarantee: harmonic(initialGain),
      short: short,
      need: need,
      covers: covers,
    };
  }

  var api = { solve: solve, compare: compare, harmonic: harmonic, NODE_LIMIT: NODE_LIMIT };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.MsPlanSolver = api;
})(typeof window !== "undefined" ? window : this);
