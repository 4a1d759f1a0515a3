// @ts-check
/* Skills audit (issue 24): paste a text, see the catalogue's skills it names, open the planner
 * with them.
 *
 * The page (audit.md.j2 loads it as a module). Reads the planner's data (skill ids and names) and
 * data/audit.json (other labels, categories, hierarchy) once; the matching is skill-audit.js's,
 * in this page. The pasted text stays in the textarea and in the drawn nodes: it is never sent,
 * never written to the address or to storage (tests/test_audit_browser.py records every request,
 * the address and both storages to prove it). Only skill ids go into addresses: this page's own
 * (`?have=...&want=...`, the planner's format, planner-state.js: what "I have these" / "I need
 * these" kept, so a second text can add the other side) and the planner's. Text is inserted
 * with textContent and text nodes, never as HTML.
 *
 * Page-level contract: `data-state` on #ms-audit is "loading", then "ready" (or "failed"), then
 * "analysing" and "done" once an analysis is drawn whole; performance marks "ms-audit:*" for
 * benchmarks/audit.py (the index built; an analysis started, matched, drawn, and what covers its
 * skills drawn).
 */

import { readAddress, writeAddress } from "./address.js";
import { child, el, fetchJson, fillDatalist, srOnly, textNode } from "./dom.js";
import { findNamed } from "./name-match.js";
import { decodePlannerData, entryUrl } from "./planner-data.js";
import { parsePlannerAddress, plannerQuery } from "./planner-state.js";
import { siteRoot } from "./site-root.js";
import { auditTerms, buildIndex, coverers, findSkills, highlightRuns, narrowerOf, withNarrower } from "./skill-audit.js";

/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./skill-audit.js").FoundSkill} FoundSkill */
/** @typedef {import("./types.js").AuditData} AuditData */

/** Pathways and credentials listed as covering most of the chosen skills. */
const COVERERS = 5;

/**
 * Marks for benchmarks/audit.py.
 * @param {string} name
 */
function mark(name) {
  if (window.performance && performance.mark) performance.mark("ms-audit:" + name);
}

/** @param {HTMLElement} root #ms-audit */
function start(root) {
  const needsJs = child(root, ".ms-needs-js", HTMLElement);
  const form = child(root, ".ms-audit__form", HTMLFormElement);
  needsJs.hidden = true;
  form.hidden = false;
  Promise.all([fetchJson(root.getAttribute("data-data") || ""), fetchJson(root.getAttribute("data-audit") || "")])
    .then(([raw, audit]) => audit_(root, decodePlannerData(raw), audit))
    .catch((/** @type {unknown} */ error) => {
      root.setAttribute("data-state", "failed");
      form.hidden = true;
      needsJs.hidden = false;
      const reason = error instanceof Error && error.message ? error.message : "unknown error";
      child(needsJs, "p", HTMLElement).textContent =
        "The catalogue's skills could not be loaded (" + reason + "). Skills by category lists every skill with its other names.";
    });
}

/**
 * The audit on its data.
 * @param {HTMLElement} root
 * @param {PlannerGraph} data
 * @param {AuditData} audit
 */
function audit_(root, data, audit) {
  const site = siteRoot();
  const form = child(root, ".ms-audit__form", HTMLFormElement);
  const textarea = child(form, "#ms-audit-text", HTMLTextAreaElement);
  const kept = child(form, ".ms-audit__kept", HTMLElement);
  const result = child(root, ".ms-audit__result", HTMLElement);
  const heading = child(result, "#ms-audit-found", HTMLElement);
  const status = child(result, ".ms-audit__status", HTMLElement);
  const list = child(result, ".ms-audit__skills", HTMLUListElement);
  const addInput = child(result, "#ms-audit-add", HTMLInputElement);
  const shown = child(result, ".ms-audit__text", HTMLElement);
  const more = child(result, ".ms-audit__more", HTMLDetailsElement);
  const cover = child(result, ".ms-audit__cover", HTMLElement);
  const children = narrowerOf(audit.broader);
  const family = (/** @type {number} */ s) => withNarrower(s, children);
  /** @type {Map<number, number[]> | null} skill -> the pathways that have it (made when first needed) */
  let pathwaysBySkill = null;
  mark("fetched");
  const names = data.skillNames.all();
  const index = buildIndex(auditTerms(names, audit));
  mark("indexed");

  const known = {
    pathway: (/** @type {string} */ id) => data.pathwayIndex.has(id),
    skill: (/** @type {string} */ id) => data.skillIndex(id) >= 0,
    credential: (/** @type {string} */ id) => data.credIndex(id) >= 0,
  };
  // What an earlier "I have these" or "I need these" kept: skill ids in this page's address.
  let state = parsePlannerAddress(readAddress(), known);

  /** The text last analysed: only in this closure and the nodes drawn from it. */
  let text = "";
  /** @type {FoundSkill[]} */
  let found = [];
  /** @type {Set<number>} exact matches the user removed */
  const removed = new Set();
  /** @type {Set<number>} inferred skills the user included (inferred ones are left out at first) */
  const included = new Set();
  /** @type {number[]} skills the user added */
  let added = [];

  /** @param {number} s */
  function skillLink(s) {
    const a = el("a", "", names[s]);
    a.href = entryUrl(data, "skill", data.skillIds.get(s), site);
    return a;
  }

  /** @param {number} s */
  function categoryOf(s) {
    const c = audit.category[s];
    return c >= 0 ? audit.categories[c] : "";
  }

  /** @param {FoundSkill} f */
  function isChosen(f) {
    return f.exact ? !removed.has(f.skill) : included.has(f.skill);
  }

  /** The skills chosen: the exact matches not removed, the inferred ones included, then those added. */
  function chosen() {
    return found
      .filter(isChosen)
      .map((f) => f.skill)
      .concat(added);
  }

  function renderKept() {
    const parts = [];
    if (state.want.length) parts.push(state.want.length + (state.want.length === 1 ? " skill" : " skills") + " you need");
    if (state.have.length) parts.push(state.have.length + (state.have.length === 1 ? " skill" : " skills") + " you have");
    kept.textContent = "";
    kept.hidden = !parts.length;
    if (!parts.length) return;
    kept.appendChild(textNode("Kept from before: " + parts.join(" and ") + ". The planner gets them with what you choose here. "));
    const clear = el("button", "ms-chip__remove", "Forget them");
    clear.type = "button";
    clear.setAttribute("data-forget", "");
    kept.appendChild(clear);
  }

  /**
   * @param {number} s
   * @param {FoundSkill | null} f
   */
  function item(s, f) {
    const li = el("li", "ms-audit__skill");
    li.setAttribute("data-skill", data.skillIds.get(s));
    const name = el("p", "ms-audit__name");
    name.appendChild(skillLink(s));
    li.appendChild(name);
    const how = f === null ? "added by you" : f.exact ? "exact" : "inferred";
    li.setAttribute("data-match", f === null ? "added" : f.exact ? "exact" : "inferred");
    const facts = [how];
    const category = categoryOf(s);
    if (category) facts.unshift(category);
    if (f && f.spans.length) {
      const words = Array.from(new Set(f.spans.map((span) => text.slice(span[0], span[1]))));
      facts.push((f.exact ? "matched “" : "from “") + words.join("”, “") + "”");
    }
    if (f && f.via.length) facts.push("within " + f.via.map((v) => names[v]).join(", "));
    li.appendChild(el("p", "ms-audit__facts", facts.join(" · ")));
    const on = f === null || isChosen(f);
    const button = el("button", "ms-chip__remove", on ? "Remove" : "Add");
    button.type = "button";
    button.setAttribute(on ? "data-remove" : "data-include", String(s));
    button.appendChild(srOnly(" " + names[s]));
    li.appendChild(button);
    return li;
  }

  /** skill -> the pathways whose stages have it, or a credential that teaches it. */
  function pathwaysOf() {
    if (pathwaysBySkill) return pathwaysBySkill;
    /** @type {Map<number, number[]>} */
    const bySkill = new Map();
    data.pathwayIds.forEach((_id, p) => {
      const skills = new Set();
      data.stagesOf(p).forEach((stage) =>
        stage.items.forEach((it) => {
          if (it.kind === "skill") skills.add(it.index);
          else data.skillsOf(it.index).forEach((s) => skills.add(s));
        }),
      );
      skills.forEach((s) => {
        const list = bySkill.get(s);
        if (list) list.push(p);
        else bySkill.set(s, [p]);
      });
    });
    pathwaysBySkill = bySkill;
    return bySkill;
  }

  /**
   * @param {{index: number, covered: number[]}[]} rows
   * @param {string} of how many skills are chosen
   * @param {(i: number) => HTMLAnchorElement} link
   * @param {string} verb
   */
  function coverList(rows, of, link, verb) {
    const list = el("ol", "ms-audit__covers");
    rows.forEach((row) => {
      const li = el("li");
      li.appendChild(link(row.index));
      li.appendChild(textNode(" "));
      li.appendChild(el("span", "ms-audit__facts", verb + " " + row.covered.length + " of " + of + ": " + row.covered.map((s) => names[s]).join(", ")));
      list.appendChild(li);
    });
    return list;
  }

  /** The pathways and credentials that cover most of the chosen skills. */
  function renderCover() {
    cover.textContent = "";
    const skills = chosen();
    if (!skills.length) {
      cover.hidden = true;
      return;
    }
    const of = String(skills.length);
    cover.appendChild(el("h3", "", "What covers most of them"));
    const pathways = coverers(skills, family, (s) => pathwaysOf().get(s) || [], COVERERS);
    const credentials = coverers(skills, family, (s) => data.teachersOf(s), COVERERS);
    cover.appendChild(el("p", "", pathways.length ? "Pathways:" : "No pathway has any of them."));
    if (pathways.length) {
      cover.appendChild(
        coverList(pathways, of, (p) => {
          const a = el("a", "", data.pathwayNames[p]);
          a.href = entryUrl(data, "pathway", data.pathwayIds[p], site);
          return a;
        }, "has"),
      );
    }
    cover.appendChild(el("p", "", credentials.length ? "Credentials:" : "No credential in the catalogue teaches any of them."));
    if (credentials.length) {
      cover.appendChild(
        coverList(credentials, of, (c) => {
          const a = el("a", "", data.credNames.get(c));
          a.href = entryUrl(data, "credential", data.credIds.get(c), site);
          return a;
        }, "teaches"),
      );
    }
    cover.hidden = false;
  }

  /** The inferred skills not chosen, in the folded list. */
  function renderMore() {
    if (more.querySelector("ul")) return;
    const others = el("ul", "ms-audit__skills ms-audit__skills--inferred");
    found.filter((f) => !f.exact && !included.has(f.skill)).forEach((f) => others.appendChild(item(f.skill, f)));
    more.appendChild(others);
  }

  function renderText() {
    shown.textContent = "";
    // Every match but those removed: the chosen ones marked, the inferred ones not chosen underlined.
    const live = found.filter((f) => !f.exact || !removed.has(f.skill));
    highlightRuns(text, live).forEach((run) => {
      if (!run.skills.length) {
        shown.appendChild(textNode(run.text));
        return;
      }
      const on = live.some((f) => isChosen(f) && run.skills.indexOf(f.skill) !== -1);
      const mark = el("mark", "ms-audit__mark ms-audit__mark--" + (on ? "chosen" : "inferred"), run.text);
      const skills = run.skills.map((s) => names[s]);
      mark.title = skills.slice(0, 5).join(", ") + (skills.length > 5 ? " and " + (skills.length - 5) + " more" : "");
      shown.appendChild(mark);
    });
  }

  /** @param {boolean} [withCover] also what covers them (an analysis draws it just after) */
  function render(withCover = true) {
    list.textContent = "";
    more.textContent = "";
    const skills = chosen();
    found.filter(isChosen).forEach((f) => list.appendChild(item(f.skill, f)));
    added.forEach((s) => list.appendChild(item(s, null)));
    list.hidden = !skills.length;
    const exact = found.filter((f) => f.exact).length;
    const left = found.filter((f) => !f.exact && !included.has(f.skill));
    if (left.length) {
      more.appendChild(
        el("summary", "", left.length + (left.length === 1 ? " more skill" : " more skills") + " inferred: within a skill the text names, or by a tool or wider label it names (not chosen)"),
      );
      // Drawn when opened: a tool's name can infer dozens.
      if (more.open) renderMore();
    }
    more.hidden = !left.length;
    status.textContent =
      (skills.length ? skills.length + (skills.length === 1 ? " skill" : " skills") + " chosen: " : "No skill chosen: ") +
      exact + " named in the text" + (found.length > exact ? ", " + (found.length - exact) + " inferred" : "") +
      (added.length ? ", " + added.length + " added by you" : "") + "." + (found.length ? "" : " Add a skill by name below.");
    result.querySelectorAll("button[data-use]").forEach((button) => {
      if (button instanceof HTMLButtonElement) button.disabled = !skills.length;
    });
    renderText();
    if (withCover) renderCover();
    result.hidden = false;
  }

  function analyse() {
    root.setAttribute("data-state", "analysing");
    mark("analyse");
    text = textarea.value;
    found = findSkills(index, text, audit.broader);
    mark("matched");
    removed.clear();
    included.clear();
    added = [];
    more.open = false;
    cover.hidden = true;
    render(false);
    mark("drawn");
    // The pathways and credentials that cover them come just after the skills are on screen.
    window.setTimeout(() => {
      renderCover();
      mark("covered");
      root.setAttribute("data-state", "done");
    }, 0);
  }

  /* The suggestions (every skill's name) are made when the field is first used. */
  let listFilled = false;
  function fillList() {
    if (listFilled) return;
    listFilled = true;
    fillDatalist(child(document, "#ms-audit-skill-list", HTMLDataListElement), names);
  }

  function addTyped() {
    const typed = addInput.value.trim();
    const hits = typed ? findNamed(typed, names, () => []) : [];
    if (hits.length !== 1) {
      status.textContent = !typed
        ? "Type a skill's name first."
        : hits.length
          ? "Several skills are called “" + typed + "”: pick one from the list."
          : "No skill in the catalogue is called “" + typed + "”: pick a name from the list.";
      addInput.focus();
      return;
    }
    const s = hits[0];
    const f = found.filter((x) => x.skill === s)[0];
    if (f && f.exact) removed.delete(s);
    else if (f) included.add(s);
    else if (added.indexOf(s) === -1) added.push(s);
    addInput.value = "";
    render();
    addInput.focus();
  }

  /**
   * Open the planner with the chosen skills as what you need or what you have, and what was kept.
   * @param {"want" | "have"} use
   */
  function usePlanner(use) {
    const ids = chosen().map((s) => data.skillIds.get(s));
    const next = { ...state, dropped: 0 };
    // `ad`: the planner tags the wanted skills that came from this text ("from the job ad").
    if (use === "want") Object.assign(next, { want: ids, ad: ids.length });
    else next.have = ids;
    next.goal = next.want.length ? "skills" : "pathway";
    next.pathway = null;
    // This page's address keeps the choice (ids only), so Back and a second text add the other side.
    writeAddress(plannerQuery(next), false);
    state = next;
    window.location.assign(new URL("plan/?" + plannerQuery(next), site).href);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    analyse();
    heading.focus();
  });
  addInput.addEventListener("focus", fillList);
  more.addEventListener("toggle", () => {
    if (more.open) renderMore();
  });
  addInput.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    event.preventDefault();
    addTyped();
  });
  root.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button || !root.contains(button)) return;
    if (button.hasAttribute("data-add")) addTyped();
    const remove = button.getAttribute("data-remove");
    const include = button.getAttribute("data-include");
    if (include !== null) {
      included.add(Number(include));
      render();
      const again = list.querySelector('li[data-skill="' + data.skillIds.get(Number(include)) + '"] button');
      if (again instanceof HTMLElement) again.focus();
    }
    if (remove !== null) {
      const s = Number(remove);
      removed.add(s);
      included.delete(s);
      added = added.filter((a) => a !== s);
      const next = button.closest("li");
      const after = next && next.nextElementSibling ? next.nextElementSibling.getAttribute("data-skill") : null;
      render();
      const focus = after ? list.querySelector('li[data-skill="' + after + '"] button') : null;
      (focus instanceof HTMLElement ? focus : addInput).focus();
    }
    const use = button.getAttribute("data-use");
    if (use === "want" || use === "have") usePlanner(use);
    if (button.hasAttribute("data-forget")) {
      state = { ...state, want: [], ad: 0, have: [], held: [], pathway: null, goal: "pathway", dropped: 0 };
      writeAddress(plannerQuery(state), false);
      renderKept();
      textarea.focus();
    }
  });

  renderKept();
  root.setAttribute("data-state", "ready");
}

const root = document.getElementById("ms-audit");
if (root) start(root);
