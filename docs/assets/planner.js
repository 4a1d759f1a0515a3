// @ts-check
/* Skills-gap planner: pick a goal (a pathway, or skills), mark what you have, get a plan.
 *
 * The page (plan.md.j2 loads it as a module). Reads the compact graph the build writes
 * (data/planner.json, decoded by planner-data.js) once; everything after that happens in the page,
 * so it keeps working offline. The whole state is in the address (planner-state.js, written with
 * address.js: ?pathway=...&have=...&held=...&by=...), so a plan can be shared or bookmarked and Back/Forward
 * step through changes. Wanted skills that came from a job ad in the skills audit (`ad`, a count)
 * are tagged; "My skills profile" opens /profile/ with what the learner has. The plan itself is plan-problem.js and plan-solver.js, its words
 * plan-words.js. Text from the data is inserted with textContent, never as HTML. Anything keyed by
 * a value from the data or the address (an id, a stage's name) is a Map or a Set, never a plain
 * `{}`, whose inherited members (`constructor`, `__proto__`, `toString`) such keys would collide with.
 *
 * Page-level contract: `data-state` on #ms-planner is "loading", then "done" once a state is
 * drawn whole (or "failed"); `ms:results-rendered` on document after each plan (dom.js);
 * performance marks "ms-planner:*" for benchmarks/planner.py.
 */

import { readAddress, writeAddress } from "./address.js";
import { child, el, fetchJson, resultsRendered, srOnly, textNode } from "./dom.js";
import { farAbove, has, holdings, makePlan, targetStages } from "./plan-problem.js";
import { costText, number, plural, ruleText, totals } from "./plan-words.js";
import { decodePlannerData, entryUrl } from "./planner-data.js";
import { OBJECTIVES, parsePlannerAddress, plannerQuery, profileQuery, withoutWanted } from "./planner-state.js";
import { siteRoot } from "./site-root.js";
import { auditTerms, buildIndex, findSkills } from "./skill-audit.js";

/** @typedef {import("./planner-state.js").PlannerState} PlannerState */
/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./planner-data.js").Item} Item */
/** @typedef {import("./planner-data.js").ItemKind} ItemKind */
/** @typedef {import("./plan-problem.js").Plan} Plan */

/** Pathways the ranking shows before "Show all". */
const RANKED = 10;

/**
 * Marks for benchmarks/planner.py, where the time to the first plan goes: start, shown (the form
 * and the loading note on screen), fetched, decoded, planned and painted.
 * @param {string} name
 */
function mark(name) {
  if (window.performance && performance.mark) performance.mark("ms-planner:" + name);
}

/**
 * Show the form, load the data, and plan the address's state.
 * @param {HTMLElement} root #ms-planner
 */
function start(root) {
  mark("start");
  const needsJs = child(root, ".ms-needs-js", HTMLElement);
  const form = child(root, ".ms-planner__form", HTMLFormElement);
  const result = child(root, ".ms-planner__result", HTMLElement);
  needsJs.hidden = true;
  // The form and a note go on screen while the data loads, so the page is laid out once and only
  // the plan is drawn when it comes.
  form.hidden = false;
  result.hidden = false;
  result.appendChild(el("p", "ms-plan__empty", "Loading the catalogue…"));
  window.requestAnimationFrame(() => {
    window.setTimeout(() => mark("shown"), 0);
  });
  // The page preloads the data (<link rel="preload">) while the theme loads: this fetch takes it over.
  fetchJson(root.getAttribute("data-data") || "")
    .then((raw) => {
      mark("fetched");
      const data = decodePlannerData(raw);
      mark("decoded");
      planner(root, data);
    })
    .catch((/** @type {unknown} */ error) => {
      root.setAttribute("data-state", "failed");
      needsJs.hidden = false;
      const reason = error instanceof Error && error.message ? error.message : "unknown error";
      child(needsJs, "p", HTMLElement).textContent =
        "The planner's data could not be loaded (" + reason + "). The pathway pages below show every stage and route without it.";
    });
}

/**
 * The planner on its data: the state from the address, drawn, and every control.
 * @param {HTMLElement} root
 * @param {PlannerGraph} data
 */
function planner(root, data) {
  const site = siteRoot();
  const form = child(root, ".ms-planner__form", HTMLFormElement);
  const status = child(root, ".ms-planner__status", HTMLElement);
  const result = child(root, ".ms-planner__result", HTMLElement);
  const ranking = child(root, ".ms-planner__ranking", HTMLElement);
  const select = child(form, "#ms-plan-pathway", HTMLSelectElement);
  const wantInput = child(form, "#ms-plan-want", HTMLInputElement);
  const haveInput = child(form, "#ms-plan-have", HTMLInputElement);
  const nodeLimit = Number(root.getAttribute("data-node-limit")) || undefined;
  let first = true;
  let showAllPathways = false;
  let uid = 0;

  // --- the state in the address --------------------------------------------------------------------

  const known = {
    pathway: (/** @type {string} */ id) => data.pathwayIndex.has(id),
    skill: (/** @type {string} */ id) => data.skillIndex(id) >= 0,
    credential: (/** @type {string} */ id) => data.credIndex(id) >= 0,
  };

  /** @type {PlannerState} */
  let state = parsePlannerAddress(readAddress(), known);

  /** @param {(next: PlannerState) => void} update */
  function change(update) {
    const next = { ...state, dropped: 0 };
    update(next);
    state = next;
    writeAddress(plannerQuery(state), true);
    render();
  }

  /** @param {string} id */
  function pathwayIndex(id) {
    return /** @type {number} */ (data.pathwayIndex.get(id));
  }

  // --- rendering -----------------------------------------------------------------------------------

  /**
   * @param {ItemKind} kind
   * @param {number} index
   */
  function entryLink(kind, index) {
    const a = el("a", "", kind === "skill" ? data.skillNames.get(index) : data.credNames.get(index));
    const id = kind === "skill" ? data.skillIds.get(index) : data.credIds.get(index);
    a.href = entryUrl(data, kind, id, site);
    return a;
  }

  /** @param {Item} item */
  function itemName(item) {
    return item.kind === "skill" ? data.skillNames.get(item.index) : data.credNames.get(item.index);
  }

  /** @param {Plan} p */
  function renderMap(p) {
    const list = el("ol", "ms-pathway ms-pathway--plan");
    p.views.forEach((view, position) => {
      const stage = view.stage;
      const li = el("li", "ms-stage");
      if (stage.optional) li.classList.add("ms-stage--optional");
      const name = el("p", "ms-stage__name");
      name.appendChild(el("span", "ms-stage__number", "Stage " + (position + 1)));
      name.appendChild(textNode(" " + stage.name));
      if (stage.optional) {
        name.appendChild(textNode(" "));
        name.appendChild(el("em", "", "(optional)"));
      }
      li.appendChild(name);
      const needed = Math.max(0, stage.required - view.have);
      const shortBy = view.problemIndex >= 0 ? p.solution.short[view.problemIndex] : 0;
      let stageState;
      if (!needed) stageState = ["met", "✓ Covered by what you have"];
      else if (!view.counted) stageState = ["skipped", "Optional: not planned"];
      else if (shortBy) stageState = ["short", "✗ " + plural(shortBy, "requirement") + " no credential in the catalogue meets"];
      else stageState = ["planned", "➜ Covered by the plan"];
      li.classList.add("ms-stage--" + stageState[0]);
      li.appendChild(el("p", "ms-stage__status", stageState[1]));
      li.appendChild(el("p", "ms-stage__rule", ruleText(stage)));
      const items = el("ul", "ms-stage__items ms-stage__items--" + stage.rule);
      stage.items.forEach((item, i) => {
        const entry = el("li", "ms-item ms-item--" + item.kind);
        entry.appendChild(el("span", "ms-item__kind", data.raw.kinds[item.kind].label));
        entry.appendChild(textNode(" "));
        entry.appendChild(entryLink(item.kind, item.index));
        if (state.goal === "skills" && i < state.ad) entry.appendChild(adTag());
        let text;
        const how = item.kind === "skill" ? p.mine.skills.get(item.index) : undefined;
        const mine = has(item, p.mine);
        if (mine) {
          entry.classList.add("ms-item--have");
          text = how === undefined || how === null ? "✓ You have it" : "✓ You have it through " + data.credNames.get(how);
        } else {
          const open = view.open.indexOf(i);
          const by = view.problemIndex >= 0 ? p.coveredBy.get(view.problemIndex + ":" + open) : undefined;
          if (by !== undefined) {
            entry.classList.add("ms-item--planned");
            const teachers = item.kind === "skill" ? data.teachersOf(item.index).length : 1;
            text =
              item.kind === "credential"
                ? "➜ In the plan"
                : "➜ Plan: " + data.credNames.get(by) + (teachers > 1 ? " (" + teachers + " credentials teach it: see the skill's page)" : "");
          } else if (item.kind === "skill" && !data.teachersOf(item.index).length) {
            entry.classList.add("ms-item--missing");
            text = "✗ Missing: no credential in the catalogue teaches it";
          } else {
            entry.classList.add("ms-item--missing");
            text = "Missing";
          }
        }
        entry.appendChild(el("span", "ms-item__state", text));
        const box = el("input");
        box.type = "checkbox";
        box.id = "ms-have-" + ++uid;
        box.checked = mine;
        box.disabled = mine && (item.kind === "skill" ? how !== null : false);
        box.setAttribute("data-kind", item.kind);
        box.setAttribute("data-id", item.kind === "skill" ? data.skillIds.get(item.index) : data.credIds.get(item.index));
        const label = el("label", "ms-have");
        label.htmlFor = box.id;
        label.appendChild(box);
        label.appendChild(textNode(" I have it"));
        label.appendChild(srOnly(": " + itemName(item)));
        entry.appendChild(label);
        items.appendChild(entry);
      });
      li.appendChild(items);
      list.appendChild(li);
    });
    return list;
  }

  /** The tag on a wanted skill that came from a job ad in the skills audit (`state.ad`). */
  function adTag() {
    const tag = el("span", "ms-tag ms-tag--ad", "from the job ad");
    tag.title = "Found in the text you analysed in the skills audit";
    return tag;
  }

  /** @param {Plan} p */
  function renderPlan(p) {
    const solution = p.solution;
    const box = el("div", "ms-plan");
    box.appendChild(el("h3", "ms-plan__title", solution.chosen.length ? "Credentials to take" : "Nothing to take"));
    const t = totals(data, solution.chosen);
    const facts = el("dl", "ms-facts ms-plan__totals");
    [
      ["Cost", t.cost],
      ["Workload", t.hours],
      ["Duration", t.weeks],
      ["Credentials", String(solution.chosen.length)],
    ].forEach((row) => {
      facts.appendChild(el("dt", "", row[0]));
      facts.appendChild(el("dd", "", row[1]));
    });
    box.appendChild(facts);
    if (t.recurring) {
      box.appendChild(
        el(
          "p",
          "ms-plan__note",
          plural(t.recurring, "credential") +
            " in the plan " +
            (t.recurring === 1 ? "is" : "are") +
            " priced per month or per year with no published duration: the total counts one payment, and the real cost depends on how long you take. Subscriptions with a published duration count a payment for each month or year of it.",
        ),
      );
    }
    if (solution.chosen.length) {
      const list = el("ol", "ms-plan__list");
      const order = solution.chosen
        .map((c, k) => ({ c, k, first: Math.min(...solution.covers[k].map((pair) => pair[0])) }))
        .sort((a, b) => a.first - b.first || a.k - b.k);
      order.forEach((o) => {
        const c = o.c;
        const li = el("li", "ms-plan__item");
        li.setAttribute("data-compare-id", data.credIds.get(c));
        li.setAttribute("data-compare-name", data.credNames.get(c));
        const name = el("p", "ms-plan__name");
        name.appendChild(entryLink("credential", c));
        li.appendChild(name);
        const details = [];
        const type = data.raw.credentials.type[c];
        if (type >= 0) details.push(data.raw.types[type]);
        details.push(costText(data, c));
        const h = data.hoursOf(c);
        details.push(h === null ? "hours not published" : number(h) + (h === 1 ? " hour" : " hours"));
        const w = data.weeksOf(c);
        if (w !== null) details.push(number(w) + " weeks");
        li.appendChild(el("p", "ms-plan__facts", details.join(" · ")));
        /** @type {Map<string, string[]>} stage name -> what of it the credential meets, in stage order */
        const meets = new Map();
        solution.covers[o.k].forEach((pair) => {
          const view = p.views.filter((v) => v.problemIndex === pair[0])[0];
          const item = view.stage.items[view.open[pair[1]]];
          let met = meets.get(view.stage.name);
          if (!met) {
            met = [];
            meets.set(view.stage.name, met);
          }
          met.push(item.kind === "skill" ? data.skillNames.get(item.index) : "this credential");
        });
        const covers = Array.from(meets, (entry) => entry[0] + ": " + entry[1].join(", "));
        li.appendChild(el("p", "ms-plan__covers", "Meets " + covers.join("; ")));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    if (state.by === "hours" && solution.chosen.length && p.withHours < p.candidates) {
      box.appendChild(
        el(
          "p",
          "ms-plan__note",
          p.withHours === 0
            ? "None of the " + number(p.candidates) + " credentials that could meet these stages publishes its hours, so hours cannot be compared: this plan takes the fewest credentials instead."
            : "Only " + number(p.withHours) + " of the " + number(p.candidates) + " credentials that could meet these stages publish their hours: the plan prefers those, counts the others as unknown, and otherwise takes the fewest credentials.",
        ),
      );
    }
    const far = solution.chosen.filter((c) => farAbove(data, c, p.level)).length;
    if (far) {
      box.appendChild(
        el(
          "p",
          "ms-plan__note",
          plural(far, "credential") +
            " in the plan " +
            (far === 1 ? "is" : "are") +
            " two or more levels above this pathway’s (" +
            data.raw.levels[p.level - 1] +
            "): nothing nearer that level meets what " +
            (far === 1 ? "it covers" : "they cover") +
            ". Plans take such credentials only when they must.",
        ),
      );
    }
    const how = el("p", "ms-plan__method");
    if (!solution.chosen.length) how.textContent = "";
    else if (solution.optimal) how.textContent = "This is a best plan for “" + objectiveName() + "”: the search checked every combination that could do better.";
    else how.textContent = "A good plan for “" + objectiveName() + "”, found within the search budget: at most " + solution.guarantee.toFixed(2) + " times the best possible.";
    box.appendChild(how);
    return box;
  }

  function objectiveName() {
    const input = form.querySelector("input[name=by][value=" + state.by + "]");
    const label = input ? input.closest("label") : null;
    return label && label.textContent ? label.textContent.trim() : state.by;
  }

  /** The goal's name: the pathway's, or "the skills you chose". */
  function goalName() {
    return state.goal === "skills" || state.pathway === null ? "the skills you chose" : data.pathwayNames[pathwayIndex(state.pathway)];
  }

  /** @param {Plan} p */
  function summaryText(p) {
    let required = 0;
    let covered = 0;
    p.views.forEach((view) => {
      if (!view.counted) return;
      required += view.stage.required;
      covered += Math.min(view.stage.required, view.have);
    });
    let text = "You already meet " + covered + " of the " + required + " requirements of " + goalName() + ". ";
    const short = p.solution.short.reduce((a, b) => a + b, 0);
    const n = p.solution.chosen.length;
    if (covered === required) text += "Nothing is missing.";
    else if (!n) text += "No credential in the catalogue meets what is missing.";
    else text += "The plan adds " + plural(n, "credential") + " to meet " + (short ? "all but " + short + " of " : "") + "the rest.";
    return text;
  }

  /**
   * What is missing, stage by stage: each item of an "all" stage, or "one of A or B".
   * @param {Plan} p
   */
  function missingList(p) {
    /** @type {string[]} */
    let out = [];
    p.views.forEach((view) => {
      const need = view.stage.required - view.have;
      if (!view.counted || need <= 0) return;
      const names = view.open.map((i) => itemName(view.stage.items[i]));
      if (view.stage.rule === "all") out = out.concat(names);
      else out.push((need === 1 ? "one of " : need + " of ") + names.join(" or ") + " (" + view.stage.name + ")");
    });
    return out;
  }

  function render() {
    syncForm();
    const stages = targetStages(data, state);
    result.textContent = "";
    if (!stages.length) {
      result.hidden = false;
      result.appendChild(el("h2", "", "Your plan"));
      result.appendChild(
        el("p", "ms-plan__empty", state.goal === "skills" ? "Add the skills you want to see what you are missing." : "Choose a pathway, or switch to skills you choose."),
      );
      result.appendChild(el("p", "ms-plan__empty", "Or start with what you have: the planner then ranks every pathway by how much of it you already meet."));
      say(state.dropped ? droppedText() : "");
    } else {
      const p = makePlan(data, state, { nodeLimit });
      const heading = el("h2", "", "Your plan");
      heading.id = "ms-plan-heading";
      heading.tabIndex = -1;
      result.appendChild(heading);
      result.appendChild(el("p", "ms-plan__summary", summaryText(p)));
      result.appendChild(el("p", "ms-print-only", printSummary()));
      result.appendChild(renderPlan(p));
      const missing = missingList(p);
      if (missing.length) {
        result.appendChild(el("h3", "", "What you are missing"));
        const m = el("ul", "ms-plan__missing");
        missing.forEach((name) => m.appendChild(el("li", "", name)));
        result.appendChild(m);
      }
      result.appendChild(el("h3", "", state.goal === "skills" ? "Your skills, met and missing" : "The pathway, stage by stage"));
      result.appendChild(renderMap(p));
      result.hidden = false;
      const t = totals(data, p.solution.chosen);
      const n = p.solution.chosen.length;
      say((state.dropped ? droppedText() + " " : "") + "Plan: " + plural(n, "credential") + (n ? ", " + t.cost + "." : "."));
    }
    resultsRendered();
    if (first) {
      // The first plan is painted before what is below it and the long list of pathways are
      // drawn ("done" is set once they are there too). A timeout set from an animation frame
      // runs once that frame is on screen.
      first = false;
      mark("planned");
      window.requestAnimationFrame(() => {
        window.setTimeout(() => {
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
    const one = state.dropped === 1;
    return plural(state.dropped, "item") + " of this address " + (one ? "is" : "are") + " no longer in the catalogue and " + (one ? "was" : "were") + " left out.";
  }

  function printSummary() {
    const goal =
      state.goal === "skills" || state.pathway === null
        ? "Skills: " + state.want.map((id) => data.skillNames.get(data.skillIndex(id))).join(", ")
        : "Pathway: " + data.pathwayNames[pathwayIndex(state.pathway)];
    const have = haveNames();
    return goal + ". What I have: " + (have.length ? have.join(", ") : "nothing marked") + ". Plan for: " + objectiveName() + ". " + window.location.href;
  }

  function haveNames() {
    return state.have
      .map((id) => data.skillNames.get(data.skillIndex(id)))
      .concat(state.held.map((id) => data.credNames.get(data.credIndex(id))));
  }

  /** @param {string} text */
  function say(text) {
    status.textContent = text;
  }

  function renderRanking() {
    ranking.textContent = "";
    const mine = holdings(data, state);
    if (!state.have.length && !state.held.length) {
      ranking.hidden = true;
      return;
    }
    const rows = data.pathwayIds
      .map((_id, p) => {
        let required = 0;
        let covered = 0;
        data.stagesOf(p).forEach((stage) => {
          if (stage.optional) return;
          required += stage.required;
          covered += Math.min(stage.required, stage.items.filter((item) => has(item, mine)).length);
        });
        return { p, required, covered, share: required ? covered / required : 0 };
      })
      .filter((row) => row.required > 0);
    rows.sort((a, b) => b.share - a.share || a.required - a.covered - (b.required - b.covered) || a.p - b.p);
    ranking.appendChild(el("h2", "", "Pathways by how much you already have"));
    ranking.appendChild(el("p", "", "Every pathway's required stages, with the share of their requirements your skills and credentials already meet."));
    // The top ones that use something you have; every pathway on request.
    const some = rows.filter((row) => row.covered > 0).length;
    const top = Math.min(RANKED, some);
    if (!some) ranking.appendChild(el("p", "ms-ranking__none", "No pathway uses what you have marked so far."));
    const list = el("ol", "ms-ranking");
    rows.slice(0, showAllPathways ? rows.length : top).forEach((row) => {
      const li = el("li", "ms-ranking__item");
      const name = el("p", "ms-ranking__name");
      const a = el("a", "", data.pathwayNames[row.p]);
      a.href = entryUrl(data, "pathway", data.pathwayIds[row.p], site);
      name.appendChild(a);
      li.appendChild(name);
      const percent = Math.round(100 * row.share);
      li.appendChild(el("p", "ms-ranking__share", percent + "% · " + row.covered + " of " + row.required + " requirements met"));
      const meter = el("span", "ms-ranking__meter");
      meter.setAttribute("aria-hidden", "true");
      const fill = el("span", "ms-ranking__fill");
      fill.style.width = percent + "%";
      meter.appendChild(fill);
      li.appendChild(meter);
      if (!(state.goal === "pathway" && state.pathway === data.pathwayIds[row.p])) {
        const button = el("button", "md-button ms-ranking__plan", "Plan this pathway");
        button.type = "button";
        button.setAttribute("data-pathway", data.pathwayIds[row.p]);
        button.appendChild(srOnly(": " + data.pathwayNames[row.p]));
        li.appendChild(button);
      } else {
        li.appendChild(el("p", "ms-ranking__current", "Planned above"));
      }
      list.appendChild(li);
    });
    ranking.appendChild(list);
    if (rows.length > top) {
      const more = el(
        "button",
        "md-button ms-ranking__more",
        showAllPathways ? (top ? "Show the top " + top + " only" : "Hide the pathways") : "Show all " + rows.length + " pathways",
      );
      more.type = "button";
      more.setAttribute("aria-expanded", String(showAllPathways));
      ranking.appendChild(more);
    }
    ranking.hidden = false;
  }

  // --- the form ------------------------------------------------------------------------------------

  /**
   * Every pathway (the data lists them by name); before the first plan only the chosen one
   * (`only`), so the list of hundreds does not hold up the first plan.
   * @param {number} [only]
   */
  function fillPathways(only) {
    select.querySelectorAll("option[value]:not([value=''])").forEach((option) => option.remove());
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < data.pathwayIds.length; i++) {
      if (only !== undefined && i !== only) continue;
      const option = el("option", "", data.pathwayNames[i]);
      option.value = data.pathwayIds[i];
      fragment.appendChild(option);
    }
    select.appendChild(fragment);
    select.value = state.pathway || "";
  }

  /* The name suggestions (every skill and credential: thousands of options) are made when a name
     field is first used, not while the first plan is drawn. */
  let listsFilled = false;

  function fillLists() {
    if (listsFilled) return;
    listsFilled = true;
    const skillFragment = document.createDocumentFragment();
    const haveFragment = document.createDocumentFragment();
    data.skillNames.all().forEach((name, i) => {
      const option = el("option");
      option.value = name;
      skillFragment.appendChild(option);
      const both = el("option");
      both.value = data.skillNames.get(i) + " (skill)";
      haveFragment.appendChild(both);
    });
    data.credNames.all().forEach((name) => {
      const option = el("option");
      option.value = name + " (credential)";
      haveFragment.appendChild(option);
    });
    child(document, "#ms-plan-skill-list", HTMLDataListElement).appendChild(skillFragment);
    child(document, "#ms-plan-have-list", HTMLDataListElement).appendChild(haveFragment);
  }

  /**
   * A typed name -> {kind, index}; the list's "(skill)"/"(credential)" suffix is optional.
   * @param {string} text
   * @param {boolean} skillsOnly
   * @returns {Item | "ambiguous" | null}
   */
  function lookup(text, skillsOnly) {
    const value = text.trim().toLowerCase();
    if (!value) return null;
    /** @type {[ItemKind, string[]][]} */
    const kinds = skillsOnly
      ? [["skill", data.skillNames.all()]]
      : [
          ["skill", data.skillNames.all()],
          ["credential", data.credNames.all()],
        ];
    /** @type {(Item & {exact: boolean})[]} */
    const found = [];
    kinds.forEach(([kind, names]) => {
      const suffix = " (" + kind + ")";
      names.forEach((name, i) => {
        const lower = name.toLowerCase();
        if (lower === value || lower + suffix === value) found.push({ kind, index: i, exact: lower + suffix === value });
      });
    });
    const exact = found.filter((f) => f.exact);
    if (exact.length === 1) return exact[0];
    return found.length === 1 ? found[0] : found.length ? "ambiguous" : null;
  }

  /**
   * @param {readonly string[]} list
   * @param {string} id
   */
  function added(list, id) {
    return list.indexOf(id) === -1 ? list.concat([id]) : list.slice();
  }

  /** @type {Promise<import("./types.js").AuditData> | null} the audit's labels, fetched on first need */
  let labels = null;
  /** @type {ReturnType<typeof buildIndex> | null} */
  let labelIndex = null;

  /**
   * The skills a typed name stands for when it is no entry's name: alternative and ESCO labels,
   * short names, tool names, and for a broad skill ("Python", "statistics") the microskills within
   * it (skill-audit.js, on the audit page's data, fetched the first time it is needed).
   * @param {string} typed
   * @returns {Promise<import("./skill-audit.js").FoundSkill[]>}
   */
  function broadLookup(typed) {
    if (!labels) labels = fetchJson(root.getAttribute("data-audit") || "");
    return labels.then((audit) => {
      if (!labelIndex) labelIndex = buildIndex(auditTerms(data.skillNames.all(), audit));
      return findSkills(labelIndex, typed, audit.broader);
    });
  }

  /**
   * Offer what a broad name covers, every skill ticked: the learner unticks what they do not have
   * (or want) and adds the rest.
   * @param {HTMLInputElement} input
   * @param {boolean} skillsOnly
   * @param {string} typed
   * @param {import("./skill-audit.js").FoundSkill[]} found
   */
  function offerBroad(input, skillsOnly, typed, found) {
    const field = /** @type {HTMLElement} */ (input.closest(".ms-planner__field"));
    const old = field.querySelector(".ms-planner__broad");
    if (old) old.remove();
    const shown = found.slice(0, 40);
    const box = el("fieldset", "ms-planner__broad");
    box.appendChild(
      el(
        "legend",
        "",
        "“" + typed + "” covers " + plural(found.length, "skill") + " in the catalogue" + (found.length > shown.length ? " (the first " + shown.length + " shown)" : "") + ": untick any you " + (skillsOnly ? "do not want" : "do not have") + ", then add the rest.",
      ),
    );
    const list = el("ul", "ms-planner__broad-list");
    shown.forEach((f) => {
      const li = el("li");
      const label = el("label");
      const box2 = el("input");
      box2.type = "checkbox";
      box2.checked = true;
      box2.value = data.skillIds.get(f.skill);
      label.appendChild(box2);
      label.appendChild(textNode(" " + data.skillNames.get(f.skill) + (f.exact ? "" : " (within it)")));
      li.appendChild(label);
      list.appendChild(li);
    });
    box.appendChild(list);
    const add = el("button", "md-button md-button--primary", "Add the ticked skills");
    add.type = "button";
    const cancel = el("button", "md-button", "Cancel");
    cancel.type = "button";
    box.appendChild(add);
    box.appendChild(textNode(" "));
    box.appendChild(cancel);
    field.appendChild(box);
    const first = list.querySelector("input");
    if (first) first.focus();
    cancel.addEventListener("click", () => {
      box.remove();
      input.focus();
    });
    add.addEventListener("click", () => {
      const ids = Array.from(list.querySelectorAll("input:checked"), (x) => /** @type {HTMLInputElement} */ (x).value);
      box.remove();
      input.value = "";
      change((next) => {
        ids.forEach((id) => {
          if (skillsOnly) next.want = added(next.want, id);
          else next.have = added(next.have, id);
        });
        if (skillsOnly) next.goal = "skills";
      });
      input.focus();
    });
  }

  /**
   * @param {HTMLInputElement} input
   * @param {boolean} skillsOnly
   */
  function addFrom(input, skillsOnly) {
    const found = lookup(input.value, skillsOnly);
    const typed = input.value.trim();
    if (found === null && typed) {
      broadLookup(typed)
        .then((skills) => {
          if (skills.length) offerBroad(input, skillsOnly, typed, skills);
          else say("Nothing in the catalogue is called “" + typed + "” or covers it: pick a name from the list.");
        })
        .catch(() => say("Nothing in the catalogue is called “" + typed + "”: pick a name from the list."));
      return;
    }
    if (found === null || found === "ambiguous") {
      say(
        typed
          ? found === "ambiguous"
            ? "Several entries are called “" + typed + "”: pick one from the list."
            : "Nothing in the catalogue is called “" + typed + "”: pick a name from the list."
          : "Type a name first.",
      );
      input.focus();
      return;
    }
    input.value = "";
    change((next) => {
      if (skillsOnly) {
        next.want = added(next.want, data.skillIds.get(found.index));
        next.goal = "skills";
      } else if (found.kind === "skill") {
        next.have = added(next.have, data.skillIds.get(found.index));
      } else {
        next.held = added(next.held, data.credIds.get(found.index));
      }
    });
    input.focus();
  }

  /**
   * @param {readonly string[]} list
   * @param {ItemKind} kind
   */
  function chips(list, kind) {
    const names = kind === "credential" ? data.credNames : data.skillNames;
    const index = kind === "credential" ? data.credIndex : data.skillIndex;
    return list.map((id) => ({ id, name: names.get(index(id)), kind }));
  }

  /**
   * @param {HTMLElement} box
   * @param {{id: string, name: string, kind: ItemKind}[]} items
   * @param {"want" | "have"} field
   */
  function renderChips(box, items, field) {
    box.textContent = "";
    items.forEach((item, index) => {
      const li = el("li", "ms-chip");
      li.appendChild(el("span", "ms-chip__name", item.name));
      if (field === "want" && index < state.ad) {
        li.appendChild(textNode(" "));
        li.appendChild(adTag());
      }
      if (field === "have") li.appendChild(el("span", "ms-chip__kind", " (" + data.raw.kinds[item.kind].label.toLowerCase() + ")"));
      const button = el("button", "ms-chip__remove", "Remove");
      button.type = "button";
      button.setAttribute("data-remove", field);
      button.setAttribute("data-kind", item.kind);
      button.setAttribute("data-id", item.id);
      button.appendChild(srOnly(" " + item.name));
      li.appendChild(button);
      box.appendChild(li);
    });
    box.hidden = !items.length;
  }

  function syncForm() {
    form.querySelectorAll("input[name=goal]").forEach((radio) => {
      if (radio instanceof HTMLInputElement) radio.checked = radio.value === state.goal;
    });
    form.querySelectorAll("[data-goal]").forEach((part) => {
      if (part instanceof HTMLElement) part.hidden = part.getAttribute("data-goal") !== state.goal;
    });
    select.value = state.pathway || "";
    form.querySelectorAll("input[name=by]").forEach((radio) => {
      if (radio instanceof HTMLInputElement) radio.checked = radio.value === state.by;
    });
    child(form, "input[name=optional]", HTMLInputElement).checked = state.optional;
    renderChips(child(form, "[data-chips=want]", HTMLElement), chips(state.want, "skill"), "want");
    renderChips(child(form, "[data-chips=have]", HTMLElement), chips(state.have, "skill").concat(chips(state.held, "credential")), "have");
    // "My skills profile": what you have, as a page to print or download (/profile/).
    const profile = child(form, ".ms-planner__profile", HTMLElement);
    profile.hidden = !state.have.length && !state.held.length;
    child(profile, "a", HTMLAnchorElement).href = new URL("profile/?" + profileQuery(state), site).href;
  }

  /**
   * @param {readonly string[]} list
   * @param {string} id
   */
  function remove(list, id) {
    return list.filter((x) => x !== id);
  }

  // The form has two name fields and no submit button, so Enter would not submit it: handle it.
  form.addEventListener("submit", (event) => event.preventDefault());
  /** @type {[HTMLInputElement, boolean][]} */
  const nameFields = [
    [wantInput, true],
    [haveInput, false],
  ];
  nameFields.forEach(([input, skillsOnly]) => {
    input.addEventListener("focus", fillLists);
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      addFrom(input, skillsOnly);
    });
  });

  form.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    const value = target.value;
    if (target.name === "goal") {
      change((next) => {
        next.goal = value === "skills" ? "skills" : "pathway";
      });
    } else if (target === select) {
      change((next) => {
        next.pathway = value || null;
        next.goal = "pathway";
      });
    } else if (target.name === "by") {
      change((next) => {
        next.by = OBJECTIVES.find((by) => by === value) || "cost";
      });
    } else if (target.name === "optional" && target instanceof HTMLInputElement) {
      const checked = target.checked;
      change((next) => {
        next.optional = checked;
      });
    }
  });

  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button || !root.contains(button)) return;
    const add = button.getAttribute("data-add");
    if (add === "want") addFrom(wantInput, true);
    else if (add === "have") addFrom(haveInput, false);
    const field = button.getAttribute("data-remove");
    if (field) {
      const id = button.getAttribute("data-id") || "";
      const kind = button.getAttribute("data-kind");
      const box = button.closest("ul");
      change((next) => {
        if (field === "want") Object.assign(next, withoutWanted(next, id));
        else if (kind === "credential") next.held = remove(next.held, id);
        else next.have = remove(next.have, id);
      });
      // Keep the keyboard where it was: on the next Remove button, or the field above.
      const left = box ? box.querySelectorAll("button") : [];
      (left.length ? left[0] : field === "want" ? wantInput : haveInput).focus();
    }
    const pathway = button.getAttribute("data-pathway");
    if (pathway) {
      change((next) => {
        next.pathway = pathway;
        next.goal = "pathway";
      });
      const heading = document.getElementById("ms-plan-heading");
      if (heading) heading.focus();
    }
    if (button.classList.contains("ms-ranking__more")) {
      showAllPathways = !showAllPathways;
      renderRanking();
      const again = ranking.querySelector(".ms-ranking__more");
      if (again instanceof HTMLElement) again.focus();
    }
  });

  result.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
    const id = box.getAttribute("data-id") || "";
    const kind = box.getAttribute("data-kind");
    const checked = box.checked;
    change((next) => {
      if (kind === "credential") next.held = checked ? added(next.held, id) : remove(next.held, id);
      else next.have = checked ? added(next.have, id) : remove(next.have, id);
    });
    const again = result.querySelector('input[data-kind="' + kind + '"][data-id="' + id + '"]');
    if (again instanceof HTMLElement) again.focus();
  });

  window.addEventListener("popstate", () => {
    state = parsePlannerAddress(readAddress(), known);
    render();
  });

  // --- the first plan ------------------------------------------------------------------------------

  fillPathways(state.pathway ? pathwayIndex(state.pathway) : -1);
  writeAddress(plannerQuery(state), false);
  render();
}

const root = document.getElementById("ms-planner");
if (root) {
  // The theme starts its components on DOMContentLoaded, which comes just after this module
  // (module scripts run, in order, once the page is parsed, as deferred ones do): the planner
  // starts after them. Nothing is lost: the page is not painted in between, and the fetch of the
  // preloaded data could not resolve before then either.
  const navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (navigation instanceof PerformanceNavigationTiming && !navigation.domContentLoadedEventStart) {
    document.addEventListener("DOMContentLoaded", () => start(root));
  } else {
    start(root);
  }
}
mark("evaluated");
