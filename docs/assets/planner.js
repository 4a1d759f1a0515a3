/* Skills-gap planner: pick a goal (a pathway, or skills), mark what you have, get a plan.
 *
 * Reads the compact graph the build writes (data/planner.json, see generator/learner.py) once;
 * everything after that happens in the page, so it keeps working offline. The whole state is in
 * the address (?pathway=...&have=...&held=...&by=...), so a plan can be shared or bookmarked and
 * Back/Forward step through changes. The search itself is plan-solver.js. Text from the data is
 * inserted with textContent, never as HTML. Anything keyed by a value from the data or the address
 * (an id, a stage's name) is a Map, a Set or an Object.create(null) table, never a plain `{}`,
 * whose inherited members (`constructor`, `__proto__`, `toString`) such keys would collide with.
 */
(function () {
  "use strict";
  var root = document.getElementById("ms-planner");
  if (!root || !window.MsPlanSolver || !window.MsFrontCoding) return;
  // Marks for benchmarks/planner.py, where the time to the first plan goes: start, shown (the
  // form and the loading note on screen), fetched, decoded, planned and painted.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark("ms-planner:" + name);
  }
  var solver = window.MsPlanSolver;
  var siteRoot = new URL(root.getAttribute("data-site-root") || "./", window.location.href);
  var form = root.querySelector(".ms-planner__form");
  var status = root.querySelector(".ms-planner__status");
  var result = root.querySelector(".ms-planner__result");
  var ranking = root.querySelector(".ms-planner__ranking");
  var OBJECTIVES = ["cost", "hours", "count"];
  var RANKED = 10;
  var data = null;
  var first = true;
  var showAllPathways = false;

  // --- the data --------------------------------------------------------------------------------

  // Front-coded names and ids (front-coding.js).
  var unfrontOne = window.MsFrontCoding.decodeOne;
  var unfront = window.MsFrontCoding.decode;

  function decode(raw) {
    if (raw.format !== 3) throw new Error("unknown planner data format " + raw.format);
    // Who teaches what, in two flat tables of numbers (offsets and values) each way rather than
    // thousands of small arrays: less to allocate, and nothing for the garbage collector to chase.
    var counts = raw.credentials.skill_counts;
    var flat = raw.credentials.skills;
    var ns = raw.skills.id.length;
    var credOffsets = new Int32Array(counts.length + 1);
    var credFlat = new Int32Array(flat.length);
    var perSkill = new Int32Array(ns + 1);
    var at = 0;
    for (var c = 0; c < counts.length; c++) {
      credOffsets[c] = at;
      var previous = 0;
      for (var k = 0; k < counts[c]; k++, at++) {
        previous += flat[at];
        credFlat[at] = previous;
        perSkill[previous + 1]++;
      }
    }
    credOffsets[counts.length] = at;
    for (var s = 0; s < ns; s++) perSkill[s + 1] += perSkill[s];
    var fill = perSkill.slice(0, ns);
    var skillFlat = new Int32Array(flat.length);
    for (c = 0; c < counts.length; c++) {
      for (k = credOffsets[c]; k < credOffsets[c + 1]; k++) skillFlat[fill[credFlat[k]]++] = c;
    }
    var d = {
      raw: raw,
      // Thousands of skills and credentials: decoded only as far as the page needs them.
      skillIds: frontList(raw.skills.id, raw.front_block),
      skillNames: frontList(raw.skills.name, raw.front_block),
      credIds: frontList(raw.credentials.id, raw.front_block),
      credNames: frontList(raw.credentials.name, raw.front_block),
      pathwayIds: unfront(raw.pathways.id),
      pathwayNames: unfront(raw.pathways.name),
      /* The skills credential c teaches, and the credentials that teach skill s (typed views). */
      skillsOf: function (c) { return credFlat.subarray(credOffsets[c], credOffsets[c + 1]); },
      teachersOf: function (s) { return skillFlat.subarray(perSkill[s], perSkill[s + 1]); },
      // 0 hours or weeks: not published (the schema requires figures above 0).
      hoursOf: function (c) { return raw.credentials.hours[c] || null; },
      weeksOf: function (c) { return raw.credentials.weeks[c] || null; },
    };
    // Skill and credential ids are sorted: found by binary search, no table of thousands to build.
    d.skillIndex = d.skillIds.find;
    d.credIndex = d.credIds.find;
    d.pathwayIndex = indexOf(d.pathwayIds);
    // A pathway's stages are decoded the first time they are needed: the first plan needs one
    // pathway, and only the ranking drawn after it needs them all.
    var stageCache = new Array(raw.pathways.stages.length);
    d.stagesOf = function (p) {
      return stageCache[p] || (stageCache[p] = decodeStages(raw.pathways.stages[p]));
    };
    return d;
  }

  /* One pathway's stages from their [name, rule code, item, ...] rows: an item is 2 * zigzag(d),
     plus 1 for a credential, d its index less the pathway's previous item's of the same kind
     (generator/learner.py planner_data). */
  function decodeStages(stages) {
    var previous = [0, 0]; // the previous skill's index, the previous credential's
    return stages.map(function (row) {
      var code = row[1];
      var optional = code < 0;
      if (optional) code = -code - 1;
      var items = [];
      for (var k = 2; k < row.length; k++) {
        var odd = row[k] % 2;
        var zigzag = (row[k] - odd) / 2;
        previous[odd] += zigzag % 2 ? -(zigzag + 1) / 2 : zigzag / 2;
        items.push({ kind: odd ? "credential" : "skill", index: previous[odd] });
      }
      var rule = code === 0 ? "all" : code === 1 ? "any" : "at-least";
      var required = rule === "all" ? items.length : rule === "any" ? 1 : code;
      return { name: row[0], rule: rule, required: Math.min(required, items.length), optional: optional, items: items };
    });
  }

  /* A front-coded list decoded on demand. Every `block`-th value is written whole, so value i
     needs at most block - 1 others decoded first; `find` is a binary search over those whole
     values, then a scan of one block (for sorted ASCII ids, where JavaScript's order is Python's). */
  function frontList(coded, block) {
    var cache = new Array(coded.length);
    function get(i) {
      if (cache[i] !== undefined) return cache[i];
      var previous = "";
      for (var k = i - (i % block); k <= i; k++) {
        if (cache[k] === undefined) cache[k] = unfrontOne(coded[k], previous);
        previous = cache[k];
      }
      return cache[i];
    }
    function find(id) {
      var low = 0;
      var high = Math.floor((coded.length - 1) / block);
      if (coded.length === 0) return -1;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (get(middle * block) <= id) low = middle;
        else high = middle - 1;
      }
      for (var k = low * block; k < Math.min(coded.length, (low + 1) * block); k++) {
        var value = get(k);
        if (value === id) return k;
        if (value > id) break;
      }
      return -1;
    }
    function all() {
      for (var i = 0; i < coded.length; i++) get(i);
      return cache;
    }
    return { get: get, find: find, all: all, length: coded.length };
  }

  function indexOf(ids) {
    var map = Object.create(null);
    ids.forEach(function (id, i) { map[id] = i; });
    return map;
  }

  // --- the state in the address ------------------------------------------------------------------

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var dropped = 0;
    function ids(name, find) {
      var seen = new Set();
      return params.getAll(name).filter(function (id) {
        if (find(id) < 0) {
          dropped++;
          return false;
        }
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    }
    var pathway = params.get("pathway");
    if (pathway && !(pathway in data.pathwayIndex)) {
      dropped++;
      pathway = null;
    }
    var by = params.get("by");
    var want = ids("want", data.skillIndex);
    return {
      goal: params.get("goal") === "skills" || (!pathway && want.length) ? "skills" : "pathway",
      pathway: pathway,
      want: want,
      have: ids("have", data.skillIndex),
      held: ids("held", data.credIndex),
      by: OBJECTIVES.indexOf(by) !== -1 ? by : "cost",
      optional: params.get("optional") === "1",
      dropped: dropped,
    };
  }

  function writeState(state, push) {
    var params = new URLSearchParams();
    if (state.goal === "skills") params.set("goal", "skills");
    if (state.pathway) params.set("pathway", state.pathway);
    state.want.forEach(function (id) { params.append("want", id); });
    state.have.forEach(function (id) { params.append("have", id); });
    state.held.forEach(function (id) { params.append("held", id); });
    if (state.by !== "cost") params.set("by", state.by);
    if (state.optional) params.set("optional", "1");
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "");
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  var state = null;

  function change(update) {
    var next = Object.assign(Object.create(null), state, { dropped: 0 });
    update(next);
    state = next;
    writeState(state, true);
    render();
  }

  // --- formatting (the words the pathway and credential pages use) ---------------------------------

  /* As generator/render.py format_number: "1,250" or "12.5" (toLocaleString with options builds
     an ICU formatter on every call, which costs more than the whole plan). */
  function number(value) {
    var parts = (Number.isInteger(value) ? String(value) : value.toFixed(1)).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function costText(c) {
    var cost = data.raw.credentials.cost[c];
    if (cost === 0) return "Free";
    if (Array.isArray(cost)) {
      var text = data.raw.currencies[cost[1]] + " " + number(cost[0]);
      return cost.length > 2 ? text + " " + data.raw.billing[cost[2]] : text;
    }
    return data.raw.cost_codes[cost];
  }

  function totals(plan) {
    var money = new Map(); // currency code -> amount
    var noPrice = 0;
    var recurring = 0;
    var hours = 0;
    var noHours = 0;
    var weeks = 0;
    var noWeeks = 0;
    plan.forEach(function (c) {
      var cost = data.raw.credentials.cost[c];
      if (Array.isArray(cost)) {
        var currency = data.raw.currencies[cost[1]];
        money.set(currency, (money.get(currency) || 0) + cost[0]);
        if (cost.length > 2 && data.raw.recurring.indexOf(cost[2]) !== -1) recurring++;
      } else if (cost !== 0) {
        noPrice++;
      }
      var h = data.hoursOf(c);
      if (h === null) noHours++;
      else hours += h;
      var w = data.weeksOf(c);
      if (w === null) noWeeks++;
      else weeks += w;
    });
    var parts = Array.from(money.keys()).sort().filter(function (k) { return money.get(k) > 0; }).map(function (k) {
      return k + " " + number(money.get(k));
    });
    var cost;
    if (!noPrice) cost = parts.length ? parts.join(" + ") : "Free";
    else {
      var missing = plural(noPrice, "credential") + " without a published price";
      cost = parts.length ? "at least " + parts.join(" + ") + ", " + missing : "not published (" + missing + ")";
    }
    return {
      cost: plan.length ? cost : "Nothing to pay",
      hours: figure(hours, noHours, "hours", plan.length),
      weeks: figure(weeks, noWeeks, "weeks", plan.length),
      recurring: recurring,
    };
  }

  function figure(total, unknown, unit, count) {
    if (!count) return "None";
    var missing = plural(unknown, "credential") + " without published " + unit;
    if (unknown && !total) return "not published (" + missing + ")";
    var text = number(total) + " " + unit;
    return unknown ? "at least " + text + ", " + missing : text;
  }

  function ruleText(stage) {
    if (stage.rule === "all") return stage.items.length === 1 ? "Complete this:" : "Complete all " + stage.items.length + " of these:";
    if (stage.rule === "any") return stage.items.length === 1 ? "Complete this:" : "Complete any one of these:";
    return "Complete at least " + stage.required + " of these " + stage.items.length + ":";
  }

  // --- the plan ------------------------------------------------------------------------------------

  function targetStages() {
    if (state.goal === "skills") {
      if (!state.want.length) return [];
      return [{
        name: "Skills you want",
        rule: "all",
        required: state.want.length,
        optional: false,
        items: state.want.map(function (id) { return { kind: "skill", index: data.skillIndex(id) }; }),
      }];
    }
    if (!state.pathway) return [];
    return data.stagesOf(data.pathwayIndex[state.pathway]);
  }

  /* What you have: skill index -> how (null: you marked it; else the credential that teaches it),
     and the set of credentials you hold. */
  function holdings() {
    var skills = new Map();
    var held = new Set();
    state.held.forEach(function (id) {
      var c = data.credIndex(id);
      held.add(c);
      data.skillsOf(c).forEach(function (s) { if (!skills.has(s)) skills.set(s, c); });
    });
    state.have.forEach(function (id) { skills.set(data.skillIndex(id), null); });
    return { skills: skills, credentials: held };
  }

  function has(item, mine) {
    return item.kind === "skill" ? mine.skills.has(item.index) : mine.credentials.has(item.index);
  }

  function mainCurrency(problem) {
    var counts = new Map(); // currency index -> candidate credentials priced in it
    problem.stages.forEach(function (stage) {
      stage.items.forEach(function (list) {
        list.forEach(function (c) {
          var cost = data.raw.credentials.cost[c];
          if (Array.isArray(cost)) counts.set(cost[1], (counts.get(cost[1]) || 0) + 1);
        });
      });
    });
    var best = null;
    counts.forEach(function (count, k) {
      var code = data.raw.currencies[k];
      if (best === null || count > counts.get(best) || (count === counts.get(best) && code < data.raw.currencies[best])) best = k;
    });
    return best === null ? -1 : best;
  }

  function weightFunction(by, main) {
    return function (c) {
      var cost = data.raw.credentials.cost[c];
      var priced = Array.isArray(cost);
      var noPrice = priced || cost === 0 ? 0 : 1;
      var foreign = priced && cost[1] !== main ? 1 : 0;
      var amount = priced && !foreign ? cost[0] : 0;
      var h = data.hoursOf(c);
      if (by === "hours") return [h === null ? 1 : 0, h === null ? 0 : h, 1];
      if (by === "count") return [1, noPrice, foreign, amount];
      return [noPrice, foreign, amount, 1];
    };
  }

  function plan() {
    var mine = holdings();
    var stages = targetStages();
    var planned = stages.filter(function (stage) { return !stage.optional || state.optional; });
    var problem = { stages: [] };
    var views = stages.map(function (stage) {
      var counted = planned.indexOf(stage) !== -1;
      var haveCount = stage.items.filter(function (item) { return has(item, mine); }).length;
      var open = [];
      var lists = [];
      stage.items.forEach(function (item, i) {
        if (has(item, mine)) return;
        open.push(i);
        lists.push(item.kind === "skill" ? Array.prototype.filter.call(data.teachersOf(item.index), function (c) { return !mine.credentials.has(c); }) : [item.index]);
      });
      var view = { stage: stage, counted: counted, have: haveCount, open: open, problemIndex: -1 };
      var need = Math.max(0, stage.required - haveCount);
      if (counted && need > 0) {
        view.problemIndex = problem.stages.length;
        problem.stages.push({ need: need, items: lists });
      }
      return view;
    });
    var main = mainCurrency(problem);
    problem.weight = weightFunction(state.by, main);
    problem.width = state.by === "hours" ? 3 : 4;
    var solution = solver.solve(problem, { nodeLimit: Number(root.getAttribute("data-node-limit")) || undefined });
    // Who meets each open item: the first credential of the plan that covers it.
    var coveredBy = new Map();
    solution.chosen.forEach(function (c, k) {
      solution.covers[k].forEach(function (pair) {
        var key = pair[0] + ":" + pair[1];
        if (!coveredBy.has(key)) coveredBy.set(key, c);
      });
    });
    return { mine: mine, views: views, solution: solution, coveredBy: coveredBy, main: main };
  }

  // --- rendering -----------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function entryLink(kind, index) {
    var a = el("a", "", kind === "skill" ? data.skillNames.get(index) : data.credNames.get(index));
    var id = kind === "skill" ? data.skillIds.get(index) : data.credIds.get(index);
    a.href = new URL(data.raw.kinds[kind].folder + "/" + id + "/", siteRoot).href;
    return a;
  }

  function itemName(item) {
    return item.kind === "skill" ? data.skillNames.get(item.index) : data.credNames.get(item.index);
  }

  var uid = 0;

  function renderMap(p) {
    var list = el("ol", "ms-pathway ms-pathway--plan");
    p.views.forEach(function (view, number) {
      var stage = view.stage;
      var li = el("li", "ms-stage");
      if (stage.optional) li.classList.add("ms-stage--optional");
      var name = el("p", "ms-stage__name");
      name.appendChild(el("span", "ms-stage__number", "Stage " + (number + 1)));
      name.appendChild(document.createTextNode(" " + stage.name));
      if (stage.optional) {
        name.appendChild(document.createTextNode(" "));
        name.appendChild(el("em", "", "(optional)"));
      }
      li.appendChild(name);
      var needed = Math.max(0, stage.required - view.have);
      var shortBy = view.problemIndex >= 0 ? p.solution.short[view.problemIndex] : 0;
      var state;
      if (!needed) state = ["met", "✓ Covered by what you have"];
      else if (!view.counted) state = ["skipped", "Optional: not planned"];
      else if (shortBy) state = ["short", "✗ " + plural(shortBy, "requirement") + " no credential in the catalogue meets"];
      else state = ["planned", "➜ Covered by the plan"];
      li.classList.add("ms-stage--" + state[0]);
      li.appendChild(el("p", "ms-stage__status", state[1]));
      li.appendChild(el("p", "ms-stage__rule", ruleText(stage)));
      var items = el("ul", "ms-stage__items ms-stage__items--" + stage.rule);
      stage.items.forEach(function (item, i) {
        var entry = el("li", "ms-item ms-item--" + item.kind);
        entry.appendChild(el("span", "ms-item__kind", data.raw.kinds[item.kind].label));
        entry.appendChild(document.createTextNode(" "));
        entry.appendChild(entryLink(item.kind, item.index));
        var text;
        var how = item.kind === "skill" ? p.mine.skills.get(item.index) : undefined;
        var mine = has(item, p.mine);
        if (mine) {
          entry.classList.add("ms-item--have");
          text = how === undefined || how === null ? "✓ You have it" : "✓ You have it through " + data.credNames.get(how);
        } else {
          var open = view.open.indexOf(i);
          var by = view.problemIndex >= 0 ? p.coveredBy.get(view.problemIndex + ":" + open) : undefined;
          if (by !== undefined) {
            entry.classList.add("ms-item--planned");
            var teachers = item.kind === "skill" ? data.teachersOf(item.index).length : 1;
            text = item.kind === "credential" ? "➜ In the plan" : "➜ Plan: " + data.credNames.get(by) + (teachers > 1 ? " (" + teachers + " credentials teach it: see the skill's page)" : "");
          } else if (item.kind === "skill" && !data.teachersOf(item.index).length) {
            entry.classList.add("ms-item--missing");
            text = "✗ Missing: no credential in the catalogue teaches it";
          } else {
            entry.classList.add("ms-item--missing");
            text = "Missing";
          }
        }
        var stateText = el("span", "ms-item__state", text);
        entry.appendChild(stateText);
        var box = el("input");
        box.type = "checkbox";
        box.id = "ms-have-" + ++uid;
        box.checked = mine;
        var implied = mine && (item.kind === "skill" ? how !== null : false);
        box.disabled = implied;
        box.setAttribute("data-kind", item.kind);
        box.setAttribute("data-id", item.kind === "skill" ? data.skillIds.get(item.index) : data.credIds.get(item.index));
        var label = el("label", "ms-have");
        label.htmlFor = box.id;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" I have it"));
        label.appendChild(el("span", "ms-sr-only", ": " + itemName(item)));
        entry.appendChild(label);
        items.appendChild(entry);
      });
      li.appendChild(items);
      list.appendChild(li);
    });
    return list;
  }

  function renderPlan(p) {
    var solution = p.solution;
    var box = el("div", "ms-plan");
    var title = el("h3", "ms-plan__title", solution.chosen.length ? "Credentials to take" : "Nothing to take");
    box.appendChild(title);
    var t = totals(solution.chosen);
    var facts = el("dl", "ms-facts ms-plan__totals");
    [["Cost", t.cost], ["Workload", t.hours], ["Duration", t.weeks], ["Credentials", String(solution.chosen.length)]].forEach(function (row) {
      facts.appendChild(el("dt", "", row[0]));
      facts.appendChild(el("dd", "", row[1]));
    });
    box.appendChild(facts);
    if (t.recurring) {
      box.appendChild(el("p", "ms-plan__note", plural(t.recurring, "credential") + " in the plan " + (t.recurring === 1 ? "is" : "are") + " priced per month or per year: the total counts one payment, and the real cost depends on how long you take."));
    }
    if (solution.chosen.length) {
      var list = el("ol", "ms-plan__list");
      var order = solution.chosen.map(function (c, k) {
        var firstStage = Math.min.apply(null, solution.covers[k].map(function (pair) { return pair[0]; }));
        return { c: c, k: k, first: firstStage };
      }).sort(function (a, b) { return a.first - b.first || a.k - b.k; });
      order.forEach(function (o) {
        var c = o.c;
        var li = el("li", "ms-plan__item");
        li.setAttribute("data-compare-id", data.credIds.get(c));
        li.setAttribute("data-compare-name", data.credNames.get(c));
        var name = el("p", "ms-plan__name");
        name.appendChild(entryLink("credential", c));
        li.appendChild(name);
        var details = [];
        var type = data.raw.credentials.type[c];
        if (type >= 0) details.push(data.raw.types[type]);
        details.push(costText(c));
        var h = data.hoursOf(c);
        details.push(h === null ? "hours not published" : number(h) + " hours");
        var w = data.weeksOf(c);
        if (w !== null) details.push(number(w) + " weeks");
        li.appendChild(el("p", "ms-plan__facts", details.join(" · ")));
        var meets = new Map(); // stage name -> what of it the credential meets, in stage order
        solution.covers[o.k].forEach(function (pair) {
          var view = p.views.filter(function (v) { return v.problemIndex === pair[0]; })[0];
          var item = view.stage.items[view.open[pair[1]]];
          if (!meets.has(view.stage.name)) meets.set(view.stage.name, []);
          meets.get(view.stage.name).push(item.kind === "skill" ? data.skillNames.get(item.index) : "this credential");
        });
        var covers = Array.from(meets, function (entry) { return entry[0] + ": " + entry[1].join(", "); });
        li.appendChild(el("p", "ms-plan__covers", "Meets " + covers.join("; ")));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var how = el("p", "ms-plan__method");
    if (!solution.chosen.length) how.textContent = "";
    else if (solution.optimal) how.textContent = "This is a best plan for “" + objectiveName() + "”: the search checked every combination that could do better.";
    else how.textContent = "A good plan for “" + objectiveName() + "”, found within the search budget: at most " + solution.guarantee.toFixed(2) + " times the best possible.";
    box.appendChild(how);
    return box;
  }

  function objectiveName() {
    var input = form.querySelector("input[name=by][value=" + state.by + "]");
    var label = input ? input.closest("label") : null;
    return label ? label.textContent.trim() : state.by;
  }

  function summaryText(p) {
    var required = 0;
    var covered = 0;
    p.views.forEach(function (view) {
      if (!view.counted) return;
      required += view.stage.required;
      covered += Math.min(view.stage.required, view.have);
    });
    var goal = state.goal === "skills" ? "the skills you chose" : data.pathwayNames[data.pathwayIndex[state.pathway]];
    var text = "You already meet " + covered + " of the " + required + " requirements of " + goal + ". ";
    var short = p.solution.short.reduce(function (a, b) { return a + b; }, 0);
    var n = p.solution.chosen.length;
    if (covered === required) text += "Nothing is missing.";
    else if (!n) text += "No credential in the catalogue meets what is missing.";
    else text += "The plan adds " + plural(n, "credential") + " to meet " + (short ? "all but " + short + " of " : "") + "the rest.";
    return text;
  }

  /* What is missing, stage by stage: each item of an "all" stage, or "one of A or B". */
  function missingList(p) {
    var out = [];
    p.views.forEach(function (view) {
      var need = view.stage.required - view.have;
      if (!view.counted || need <= 0) return;
      var names = view.open.map(function (i) { return itemName(view.stage.items[i]); });
      if (view.stage.rule === "all") out = out.concat(names);
      else out.push((need === 1 ? "one of " : need + " of ") + names.join(" or ") + " (" + view.stage.name + ")");
    });
    return out;
  }

  function render() {
    syncForm();
    var stages = targetStages();
    result.textContent = "";
    if (!stages.length) {
      result.hidden = false;
      result.appendChild(el("h2", "", "Your plan"));
      result.appendChild(el("p", "ms-plan__empty", state.goal === "skills" ? "Add the skills you want to see what you are missing." : "Choose a pathway, or switch to skills you choose."));
      result.appendChild(el("p", "ms-plan__empty", "Or start with what you have: the planner then ranks every pathway by how much of it you already meet."));
      say(state.dropped ? droppedText() : "");
    } else {
      var p = plan();
      var heading = el("h2", "", "Your plan");
      heading.id = "ms-plan-heading";
      heading.tabIndex = -1;
      result.appendChild(heading);
      result.appendChild(el("p", "ms-plan__summary", summaryText(p)));
      result.appendChild(el("p", "ms-print-only", printSummary()));
      result.appendChild(renderPlan(p));
      var missing = missingList(p);
      if (missing.length) {
        result.appendChild(el("h3", "", "What you are missing"));
        var m = el("ul", "ms-plan__missing");
        missing.forEach(function (name) { m.appendChild(el("li", "", name)); });
        result.appendChild(m);
      }
      result.appendChild(el("h3", "", state.goal === "skills" ? "Your skills, met and missing" : "The pathway, stage by stage"));
      result.appendChild(renderMap(p));
      result.hidden = false;
      var t = totals(p.solution.chosen);
      say((state.dropped ? droppedText() + " " : "") + "Plan: " + plural(p.solution.chosen.length, "credential") + (p.solution.chosen.length ? ", " + t.cost + "." : "."));
    }
    document.dispatchEvent(new CustomEvent("ms:results-rendered"));
    if (first) {
      // The first plan is painted before what is below it and the long list of pathways are
      // drawn ("done" is set once they are there too). A timeout set from an animation frame
      // runs once that frame is on screen.
      first = false;
      mark("planned");
      window.requestAnimationFrame(function () {
        window.setTimeout(function () {
          mark("painted");
          fillPathways();
          renderRanking();
          root.setAttribute("data-state", "done");
        }, 0);
      });
      return;
    }
    renderRanking();
    root.setAttribute("data-state", "done");
  }

  function droppedText() {
    return plural(state.dropped, "item") + " of this address " + (state.dropped === 1 ? "is" : "are") + " no longer in the catalogue and " + (state.dropped === 1 ? "was" : "were") + " left out.";
  }

  function printSummary() {
    var goal = state.goal === "skills" ? "Skills: " + state.want.map(function (id) { return data.skillNames.get(data.skillIndex(id)); }).join(", ") : "Pathway: " + data.pathwayNames[data.pathwayIndex[state.pathway]];
    var have = haveNames();
    return goal + ". What I have: " + (have.length ? have.join(", ") : "nothing marked") + ". Plan for: " + objectiveName() + ". " + window.location.href;
  }

  function haveNames() {
    return state.have.map(function (id) { return data.skillNames.get(data.skillIndex(id)); }).concat(state.held.map(function (id) { return data.credNames.get(data.credIndex(id)); }));
  }

  function say(text) {
    status.textContent = text;
  }

  function renderRanking() {
    ranking.textContent = "";
    var mine = holdings();
    if (!state.have.length && !state.held.length) {
      ranking.hidden = true;
      return;
    }
    var rows = data.pathwayIds.map(function (id, p) {
      var stages = data.stagesOf(p);
      var required = 0;
      var covered = 0;
      stages.forEach(function (stage) {
        if (stage.optional) return;
        required += stage.required;
        covered += Math.min(stage.required, stage.items.filter(function (item) { return has(item, mine); }).length);
      });
      return { p: p, required: required, covered: covered, share: required ? covered / required : 0 };
    }).filter(function (row) { return row.required > 0; });
    rows.sort(function (a, b) {
      return b.share - a.share || (a.required - a.covered) - (b.required - b.covered) || a.p - b.p;
    });
    ranking.appendChild(el("h2", "", "Pathways by how much you already have"));
    ranking.appendChild(el("p", "", "Every pathway's required stages, with the share of their requirements your skills and credentials already meet."));
    // The top ones that use something you have; every pathway on request.
    var some = rows.filter(function (row) { return row.covered > 0; }).length;
    var top = Math.min(RANKED, some);
    if (!some) ranking.appendChild(el("p", "ms-ranking__none", "No pathway uses what you have marked so far."));
    var list = el("ol", "ms-ranking");
    rows.slice(0, showAllPathways ? rows.length : top).forEach(function (row) {
      var li = el("li", "ms-ranking__item");
      var name = el("p", "ms-ranking__name");
      var a = el("a", "", data.pathwayNames[row.p]);
      a.href = new URL(data.raw.kinds.pathway.folder + "/" + data.pathwayIds[row.p] + "/", siteRoot).href;
      name.appendChild(a);
      li.appendChild(name);
      var percent = Math.round(100 * row.share);
      li.appendChild(el("p", "ms-ranking__share", percent + "% · " + row.covered + " of " + row.required + " requirements met"));
      var meter = el("span", "ms-ranking__meter");
      meter.setAttribute("aria-hidden", "true");
      var fill = el("span", "ms-ranking__fill");
      fill.style.width = percent + "%";
      meter.appendChild(fill);
      li.appendChild(meter);
      if (!(state.goal === "pathway" && state.pathway === data.pathwayIds[row.p])) {
        var button = el("button", "md-button ms-ranking__plan", "Plan this pathway");
        button.type = "button";
        button.setAttribute("data-pathway", data.pathwayIds[row.p]);
        button.appendChild(el("span", "ms-sr-only", ": " + data.pathwayNames[row.p]));
        li.appendChild(button);
      } else {
        li.appendChild(el("p", "ms-ranking__current", "Planned above"));
      }
      list.appendChild(li);
    });
    ranking.appendChild(list);
    if (rows.length > top) {
      var more = el("button", "md-button ms-ranking__more", showAllPathways ? (top ? "Show the top " + top + " only" : "Hide the pathways") : "Show all " + rows.length + " pathways");
      more.type = "button";
      more.setAttribute("aria-expanded", String(showAllPathways));
      ranking.appendChild(more);
    }
    ranking.hidden = false;
  }

  // --- the form ------------------------------------------------------------------------------------

  var select = form.querySelector("#ms-plan-pathway");
  var wantInput = form.querySelector("#ms-plan-want");
  var haveInput = form.querySelector("#ms-plan-have");

  /* Every pathway (the data lists them by name); before the first plan only the chosen one
     (`only`), so the list of hundreds does not hold up the first plan. */
  function fillPathways(only) {
    select.querySelectorAll("option[value]:not([value=''])").forEach(function (option) { option.remove(); });
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < data.pathwayIds.length; i++) {
      if (only !== undefined && i !== only) continue;
      var option = el("option", "", data.pathwayNames[i]);
      option.value = data.pathwayIds[i];
      fragment.appendChild(option);
    }
    select.appendChild(fragment);
    if (state) select.value = state.pathway || "";
  }

  function skillOption(i) {
    return data.skillNames.get(i) + " (skill)";
  }

  function credentialOption(i) {
    return data.credNames.get(i) + " (credential)";
  }

  /* The name suggestions (every skill and credential: thousands of options) are made when a name
     field is first used, not while the first plan is drawn. */
  var listsFilled = false;

  function fillLists() {
    if (listsFilled) return;
    listsFilled = true;
    var skills = document.getElementById("ms-plan-skill-list");
    var have = document.getElementById("ms-plan-have-list");
    var skillFragment = document.createDocumentFragment();
    var haveFragment = document.createDocumentFragment();
    data.skillNames.all().forEach(function (name, i) {
      var option = el("option");
      option.value = name;
      skillFragment.appendChild(option);
      var both = el("option");
      both.value = skillOption(i);
      haveFragment.appendChild(both);
    });
    data.credNames.all().forEach(function (name, i) {
      var option = el("option");
      option.value = credentialOption(i);
      haveFragment.appendChild(option);
    });
    skills.appendChild(skillFragment);
    have.appendChild(haveFragment);
  }

  /* A typed name -> {kind, index}; the list's "(skill)"/"(credential)" suffix is optional. */
  function lookup(text, skillsOnly) {
    var value = text.trim().toLowerCase();
    if (!value) return null;
    var kinds = skillsOnly ? [["skill", data.skillNames.all()]] : [["skill", data.skillNames.all()], ["credential", data.credNames.all()]];
    var found = [];
    kinds.forEach(function (pair) {
      var suffix = " (" + pair[0] + ")";
      pair[1].forEach(function (name, i) {
        var lower = name.toLowerCase();
        if (lower === value || lower + suffix === value) found.push({ kind: pair[0], index: i, exact: lower + suffix === value });
      });
    });
    var exact = found.filter(function (f) { return f.exact; });
    if (exact.length === 1) return exact[0];
    return found.length === 1 ? found[0] : found.length ? "ambiguous" : null;
  }

  function addFrom(input, skillsOnly) {
    var found = lookup(input.value, skillsOnly);
    if (found === null || found === "ambiguous") {
      say(input.value.trim() ? (found === "ambiguous" ? "Several entries are called “" + input.value.trim() + "”: pick one from the list." : "Nothing in the catalogue is called “" + input.value.trim() + "”: pick a name from the list.") : "Type a name first.");
      input.focus();
      return;
    }
    input.value = "";
    change(function (next) {
      if (skillsOnly) {
        var id = data.skillIds.get(found.index);
        if (next.want.indexOf(id) === -1) next.want = next.want.concat([id]);
        next.goal = "skills";
      } else if (found.kind === "skill") {
        var skill = data.skillIds.get(found.index);
        if (next.have.indexOf(skill) === -1) next.have = next.have.concat([skill]);
      } else {
        var credential = data.credIds.get(found.index);
        if (next.held.indexOf(credential) === -1) next.held = next.held.concat([credential]);
      }
    });
    input.focus();
  }

  function chips(list, kind) {
    var names = kind === "credential" ? data.credNames : data.skillNames;
    var index = kind === "credential" ? data.credIndex : data.skillIndex;
    return list.map(function (id) { return { id: id, name: names.get(index(id)), kind: kind }; });
  }

  function renderChips(box, items, field) {
    box.textContent = "";
    items.forEach(function (item) {
      var li = el("li", "ms-chip");
      li.appendChild(el("span", "ms-chip__name", item.name));
      if (field === "have") li.appendChild(el("span", "ms-chip__kind", " (" + data.raw.kinds[item.kind].label.toLowerCase() + ")"));
      var button = el("button", "ms-chip__remove", "Remove");
      button.type = "button";
      button.setAttribute("data-remove", field);
      button.setAttribute("data-kind", item.kind);
      button.setAttribute("data-id", item.id);
      button.appendChild(el("span", "ms-sr-only", " " + item.name));
      li.appendChild(button);
      box.appendChild(li);
    });
    box.hidden = !items.length;
  }

  function syncForm() {
    form.querySelectorAll("input[name=goal]").forEach(function (radio) { radio.checked = radio.value === state.goal; });
    form.querySelectorAll("[data-goal]").forEach(function (part) { part.hidden = part.getAttribute("data-goal") !== state.goal; });
    select.value = state.pathway || "";
    form.querySelectorAll("input[name=by]").forEach(function (radio) { radio.checked = radio.value === state.by; });
    form.querySelector("input[name=optional]").checked = state.optional;
    renderChips(form.querySelector("[data-chips=want]"), chips(state.want, "skill"), "want");
    renderChips(form.querySelector("[data-chips=have]"), chips(state.have, "skill").concat(chips(state.held, "credential")), "have");
  }

  function remove(list, id) {
    return list.filter(function (x) { return x !== id; });
  }

  // The form has two name fields and no submit button, so Enter would not submit it: handle it.
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [[wantInput, true], [haveInput, false]].forEach(function (pair) {
    pair[0].addEventListener("focus", fillLists);
    pair[0].addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      addFrom(pair[0], pair[1]);
    });
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "goal") change(function (next) { next.goal = target.value; });
    else if (target === select) change(function (next) { next.pathway = target.value || null; next.goal = "pathway"; });
    else if (target.name === "by") change(function (next) { next.by = target.value; });
    else if (target.name === "optional") change(function (next) { next.optional = target.checked; });
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !root.contains(button)) return;
    var add = button.getAttribute("data-add");
    if (add === "want") addFrom(wantInput, true);
    else if (add === "have") addFrom(haveInput, false);
    var field = button.getAttribute("data-remove");
    if (field) {
      var id = button.getAttribute("data-id");
      var kind = button.getAttribute("data-kind");
      var box = button.closest("ul");
      change(function (next) {
        if (field === "want") next.want = remove(next.want, id);
        else if (kind === "credential") next.held = remove(next.held, id);
        else next.have = remove(next.have, id);
      });
      // Keep the keyboard where it was: on the next Remove button, or the field above.
      var left = box.querySelectorAll("button");
      (left.length ? left[0] : field === "want" ? wantInput : haveInput).focus();
    }
    var pathway = button.getAttribute("data-pathway");
    if (pathway) {
      change(function (next) { next.pathway = pathway; next.goal = "pathway"; });
      var heading = document.getElementById("ms-plan-heading");
      if (heading) heading.focus();
    }
    if (button.classList.contains("ms-ranking__more")) {
      showAllPathways = !showAllPathways;
      renderRanking();
      var again = ranking.querySelector(".ms-ranking__more");
      if (again) again.focus();
    }
  });

  result.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox") return;
    var id = box.getAttribute("data-id");
    var kind = box.getAttribute("data-kind");
    var checked = box.checked;
    change(function (next) {
      var key = kind === "credential" ? "held" : "have";
      next[key] = checked ? (next[key].indexOf(id) === -1 ? next[key].concat([id]) : next[key]) : remove(next[key], id);
    });
    var again = result.querySelector('input[data-kind="' + kind + '"][data-id="' + id + '"]');
    if (again) again.focus();
  });

  window.addEventListener("popstate", function () {
    state = readState();
    render();
  });

  // --- start ---------------------------------------------------------------------------------------

  function fail(error) {
    root.setAttribute("data-state", "failed");
    var message = root.querySelector(".ms-needs-js");
    message.hidden = false;
    var lead = message.querySelector("p");
    lead.textContent = "The planner's data could not be loaded (" + (error && error.message ? error.message : "unknown error") + "). The pathway pages below show every stage and route without it.";
  }

  function start() {
    mark("start");
    root.querySelector(".ms-needs-js").hidden = true;
    // The form and a note go on screen while the data loads, so the page is laid out once and only
    // the plan is drawn when it comes.
    form.hidden = false;
    result.hidden = false;
    result.appendChild(el("p", "ms-plan__empty", "Loading the catalogue…"));
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { mark("shown"); }, 0);
    });
    // The page preloads the data (<link rel="preload">) while the theme loads: this fetch takes it over.
    fetch(root.getAttribute("data-data"))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (raw) {
        mark("fetched");
        data = decode(raw);
        mark("decoded");
        state = readState();
        fillPathways(state.pathway ? data.pathwayIndex[state.pathway] : -1);
        writeState(state, false);
        render();
      })
      .catch(fail);
  }

  // The theme starts its components on DOMContentLoaded, which comes just after this deferred
  // script: the planner starts after them. Nothing is lost: the page is not painted in between, and
  // the fetch of the preloaded data could not resolve before then either.
  var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation && !navigation.domContentLoadedEventStart) document.addEventListener("DOMContentLoaded", start);
  else start();
  mark("evaluated");
})();
