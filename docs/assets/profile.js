// @ts-check
/* My skills profile (issue 24 part 4): what the learner has, from the planner's address
 * (`?have=...&held=...`, planner-state.js), as a page to print and two downloads made here in the
 * browser (a Blob and a link with `download`; nothing goes to a server): JSON in the format of
 * skills-profile.schema.json and plain text for a CV. The profile and both downloads are
 * skills-profile.js's (pure); this module draws them. Text from the data is inserted with
 * textContent, never as HTML.
 *
 * The page (profile.md.j2 loads it as a module) reads the planner's data (ids, names, who teaches
 * what) and data/profile.json (categories, ESCO concepts), which share the skill order.
 *
 * Page-level contract: `data-state` on #ms-profile is "loading", then "done" once the profile is
 * drawn (or "failed").
 */

import { readAddress } from "./address.js";
import { child, el, fetchJson, textNode } from "./dom.js";
import { plural } from "./plan-words.js";
import { decodePlannerData, entryUrl } from "./planner-data.js";
import { parsePlannerAddress, plannerQuery, profileQuery } from "./planner-state.js";
import { siteRoot } from "./site-root.js";
import { buildProfile, decodeProfileData, NO_CATEGORY, profileDocument, profileText } from "./skills-profile.js";

/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./skills-profile.js").ProfileInfo} ProfileInfo */
/** @typedef {import("./skills-profile.js").Profile} Profile */
/** @typedef {import("./skills-profile.js").ProfileSkill} ProfileSkill */

/** Credentials a skill names on the page before "and N more" (the downloads name them all). */
const EVIDENCE_SHOWN = 5;

/** @param {HTMLElement} root #ms-profile */
function start(root) {
  const needsJs = child(root, ".ms-needs-js", HTMLElement);
  needsJs.hidden = true;
  Promise.all([fetchJson(root.getAttribute("data-data") || ""), fetchJson(root.getAttribute("data-profile") || "")])
    .then(([planner, profile]) => show(root, decodePlannerData(planner), decodeProfileData(profile)))
    .catch((/** @type {unknown} */ error) => {
      root.setAttribute("data-state", "failed");
      needsJs.hidden = false;
      const reason = error instanceof Error && error.message ? error.message : "unknown error";
      child(needsJs, "p", HTMLElement).textContent =
        "The catalogue's data could not be loaded (" + reason + "). The skill and credential pages below show the same facts without it.";
    });
}

/**
 * @param {HTMLElement} root
 * @param {PlannerGraph} data
 * @param {ProfileInfo} info
 */
function show(root, data, info) {
  const site = siteRoot().href;
  const actions = child(root, ".ms-profile__actions", HTMLElement);
  const status = child(root, ".ms-profile__status", HTMLElement);
  const result = child(root, ".ms-profile__result", HTMLElement);
  const known = {
    pathway: (/** @type {string} */ id) => data.pathwayIndex.has(id),
    skill: (/** @type {string} */ id) => data.skillIndex(id) >= 0,
    credential: (/** @type {string} */ id) => data.credIndex(id) >= 0,
  };
  const state = parsePlannerAddress(readAddress(), known);
  const profile = buildProfile(state, data, info);
  // The address names only what the profile shows; "Change it in the planner" takes it back there.
  const query = profileQuery(state);
  const address = new URL("profile/" + (query ? "?" + query : ""), site).href;
  child(actions, "a[data-edit]", HTMLAnchorElement).href = new URL("plan/?" + plannerQuery({ ...state, want: [], ad: 0, pathway: null, goal: "pathway" }), site).href;

  /**
   * @param {"skill" | "credential"} kind
   * @param {number} index
   */
  function entryLink(kind, index) {
    const id = kind === "skill" ? data.skillIds.get(index) : data.credIds.get(index);
    const a = el("a", "", kind === "skill" ? data.skillNames.get(index) : data.credNames.get(index));
    a.href = entryUrl(data, kind, id, site);
    return a;
  }

  /**
   * Links to credentials, "A, B and C", the first `limit` of them and "N more" after.
   * @param {HTMLElement} into
   * @param {number[]} credentials
   * @param {number} limit
   * @param {number} skill where "N more" points: the skill's page lists them all
   */
  function credentialLinks(into, credentials, limit, skill) {
    const shown = credentials.slice(0, limit);
    shown.forEach((c, k) => {
      if (k) into.appendChild(textNode(k === shown.length - 1 && shown.length === credentials.length ? " and " : ", "));
      into.appendChild(entryLink("credential", c));
    });
    const more = credentials.length - shown.length;
    if (more > 0) {
      into.appendChild(textNode(" and "));
      const a = el("a", "", more + " more");
      a.href = entryUrl(data, "skill", data.skillIds.get(skill), site);
      a.appendChild(el("span", "ms-sr-only", " on the page of " + data.skillNames.get(skill)));
      into.appendChild(a);
    }
  }

  /** @param {ProfileSkill} skill */
  function skillItem(skill) {
    const li = el("li", "ms-profile__skill");
    li.setAttribute("data-skill", skill.id);
    const name = el("p", "ms-profile__name");
    name.appendChild(entryLink("skill", skill.index));
    li.appendChild(name);
    const esco = el("p", "ms-profile__esco");
    if (skill.esco) {
      esco.appendChild(textNode("ESCO (" + skill.esco.matchLabel.toLowerCase() + "): "));
      const a = el("a", "", skill.esco.label);
      a.href = skill.esco.uri;
      esco.appendChild(a);
      esco.appendChild(el("span", "ms-profile__uri", " " + skill.esco.uri));
    } else {
      esco.textContent = "ESCO: no concept recorded";
    }
    li.appendChild(esco);
    const how = el("p", "ms-profile__how");
    if (skill.marked) how.appendChild(textNode("Marked by you"));
    if (skill.through.length) {
      how.appendChild(textNode((skill.marked ? "; through " : "Through ") + "your credential" + (skill.through.length > 1 ? "s " : " ")));
      credentialLinks(how, skill.through, skill.through.length, skill.index);
    }
    li.appendChild(how);
    const evidence = el("p", "ms-profile__evidence");
    if (skill.evidence.length) {
      evidence.appendChild(textNode((skill.evidence.length === 1 ? "Taught or assessed by " : "Taught or assessed by " + skill.evidence.length + " credentials: ")));
      credentialLinks(evidence, skill.evidence, EVIDENCE_SHOWN, skill.index);
    } else {
      evidence.textContent = "No credential in the catalogue teaches or assesses it yet.";
    }
    li.appendChild(evidence);
    return li;
  }

  /** @param {Profile} p */
  function render(p) {
    result.textContent = "";
    if (!p.skills.length) {
      result.appendChild(el("h2", "", "Nothing marked yet"));
      const empty = el("p", "ms-profile__empty");
      empty.appendChild(textNode("Mark the skills and credentials you have in the "));
      const a = el("a", "", "skills-gap planner");
      a.href = new URL("plan/", site).href;
      empty.appendChild(a);
      empty.appendChild(textNode(" (“What you already have”), or find them in your CV with the "));
      const audit = el("a", "", "skills audit");
      audit.href = new URL("audit/", site).href;
      empty.appendChild(audit);
      empty.appendChild(textNode(", then open “My skills profile” there."));
      result.appendChild(empty);
      if (state.dropped) result.appendChild(el("p", "", droppedText()));
      return;
    }
    const categories = p.groups.length;
    const summary =
      plural(p.skills.length, "skill") +
      " in " +
      (categories === 1 ? "1 category" : categories + " categories") +
      (p.credentials.length ? ", " + plural(p.credentials.length, "credential") + " held" : "") +
      ". Self-declared: nobody has checked them. Names as in the Microskills Catalogue of " +
      info.generated +
      ".";
    result.appendChild(el("p", "ms-profile__summary", summary));
    if (state.dropped) result.appendChild(el("p", "ms-profile__summary", droppedText()));
    result.appendChild(el("p", "ms-print-only", address));
    p.groups.forEach((group) => {
      result.appendChild(el("h2", "ms-profile__category", group.category === null ? NO_CATEGORY : group.category));
      const list = el("ul", "ms-profile__skills");
      group.skills.forEach((skill) => list.appendChild(skillItem(skill)));
      result.appendChild(list);
    });
    if (p.credentials.length) {
      result.appendChild(el("h2", "", "Credentials you hold"));
      const list = el("ul", "ms-profile__credentials");
      p.credentials.forEach((c) => {
        const li = el("li");
        li.appendChild(entryLink("credential", c));
        li.appendChild(textNode(" (" + plural(data.skillsOf(c).length, "skill") + ")"));
        list.appendChild(li);
      });
      result.appendChild(list);
    }
  }

  function droppedText() {
    const one = state.dropped === 1;
    return plural(state.dropped, "item") + " of this address " + (one ? "is" : "are") + " no longer in the catalogue and " + (one ? "was" : "were") + " left out.";
  }

  /** @type {string | null} the last download's object URL, released at the next */
  let lastDownload = null;

  /**
   * Save a file made here: a Blob and a link with `download`, clicked.
   * @param {string} name
   * @param {string} body
   * @param {string} type
   */
  function download(name, body, type) {
    if (lastDownload) URL.revokeObjectURL(lastDownload);
    lastDownload = URL.createObjectURL(new Blob([body], { type }));
    const a = el("a");
    a.href = lastDownload;
    a.download = name;
    a.hidden = true;
    root.appendChild(a);
    a.click();
    a.remove();
  }

  actions.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button") : null;
    if (!button) return;
    if (button.hasAttribute("data-print")) window.print();
    const kind = button.getAttribute("data-download");
    if (kind === "json") {
      const document = profileDocument(profile, data, {
        site,
        address,
        schema: root.getAttribute("data-schema") || "",
        created: new Date(),
        generated: info.generated,
      });
      download("skills-profile.json", JSON.stringify(document, null, 2) + "\n", "application/json");
      status.textContent = "Downloaded skills-profile.json.";
    } else if (kind === "text") {
      download("skills-profile.txt", profileText(profile, data), "text/plain;charset=utf-8");
      status.textContent = "Downloaded skills-profile.txt.";
    }
  });

  render(profile);
  result.hidden = false;
  actions.hidden = false;
  actions.querySelectorAll("button[data-download], button[data-print]").forEach((button) => {
    if (button instanceof HTMLButtonElement) button.disabled = !profile.skills.length;
  });
  root.setAttribute("data-state", "done");
}

const root = document.getElementById("ms-profile");
if (root) start(root);
