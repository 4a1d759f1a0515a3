// @ts-check
/* The skills an English text names (issue 24): a job advertisement, a CV, a course outline. Pure:
 * no DOM, no request (tests/js/skill-audit.test.mjs); audit.js is the page.
 *
 * A skill answers to terms: its name, its name without a bracketed part ("Python (computer
 * programming)" -> "Python"), its other labels and its ESCO label (data/audit.json,
 * `audit_data`). A term matches a run of the text's tokens (words, and each other character on
 * its own); a hyphen between two words counts as a space, so "problem-solving" and "problem
 * solving" are one term. Leftmost longest wins where matches overlap.
 *
 * False matches are ruled out by the tokens and a few rules, each a test case:
 * - words are whole: "Excel" is not in "excellent", "Java" not in "JavaScript", "SOC" not in
 *   "social";
 * - a term does not end inside a longer name: not before "+", "#", "&", "@", "_", or a "." that
 *   a word follows ("C" in "C#" or "C++", "Node" in "Node.js", "R" in "R&D"), nor after a word or
 *   such a character glued to it ("NET" in "ASP.NET");
 * - strict terms (at most two letters, an acronym in capitals, or a common English word that is
 *   also a product: `COMMON`) match only as written (an acronym also in its plural: "VPNs"), and
 *   never joined by a hyphen or an
 *   apostrophe to another word ("Go" in "go-getter" or "Go-getter", "R" in "R-squared"); a common
 *   word does not match at the start of a sentence, where its capital says nothing ("Go to
 *   market ...", "Excel in ...").
 *
 * Words are compared in their singular where English writes a plain plural ("firewalls",
 * "technologies", "user interfaces"), on both sides: a term and a text meet whatever number each
 * is written in (`fold`).
 *
 * A match is exact when the term is the skill's own name or label (or an ESCO label the skill
 * matches exactly or closely); inferred when it comes through the hierarchy: a skill narrower than
 * one found exactly, or an ESCO label of a wider concept the skill belongs to.
 */

import { decode } from "./front-coding.js";

/** @typedef {import("./types.js").AuditData} AuditData */

/** `audit_data.AUDIT_FORMAT`: the format this module reads. */
export const AUDIT_FORMAT = 1;

/**
 * A term a skill answers to.
 * @typedef {object} Term
 * @property {string} text as written in the data
 * @property {number[]} skills the skills it names (indexes in the planner's data)
 * @property {boolean} exact false: it names a wider concept the skills are part of
 */

/**
 * A token of a text: a word (letters, digits and marks) or any other character but a space.
 * @typedef {object} Token
 * @property {string} raw
 * @property {string} key lower case, a plural folded to its singular (`fold`)
 * @property {number} start UTF-16 index in the text
 * @property {number} end
 * @property {boolean} word
 * @property {boolean} glued no space before it (a hyphen between words counts as a space)
 * @property {boolean} hyphen a hyphen joins it to the word before
 */

/**
 * A prepared term.
 * @typedef {object} IndexedTerm
 * @property {Token[]} tokens
 * @property {boolean} strict matched only as written
 * @property {boolean} common a common English word (strict, and not at a sentence's start)
 * @property {boolean} acronym a single word in capitals (its plural with a small "s" matches too)
 * @property {number[]} skills
 * @property {boolean} exact
 */

/**
 * A node of the index: the terms whose tokens' keys are the path to it, and the next keys.
 * @typedef {object} TrieNode
 * @property {IndexedTerm[]} terms
 * @property {Map<string, TrieNode>} next
 */

/**
 * The terms in a trie of their tokens' keys: a text is matched by walking it from each token, so
 * terms that start alike ("Write Python ...", "Use ...") cost no more than one.
 * @typedef {Map<string, TrieNode>} AuditIndex
 */

/**
 * A found skill: where the text names it, and how.
 * @typedef {object} FoundSkill
 * @property {number} skill its index in the planner's data
 * @property {boolean} exact named by its own name or label
 * @property {[number, number][]} spans [start, end) UTF-16 ranges of the text that matched
 * @property {number[]} via for an inferred skill: the found skills it is narrower than
 */

/** Common English words that are also the names of products and languages: strict. */
export const COMMON = new Set(
  (
    "access airflow ant backbone bootstrap box chef dart dash elm ember excel express flask go hive julia " +
    "lean make meteor nest next notion office outlook pig project puppet react ruby rust scratch shell " +
    "sketch snowflake spark square swift teams word zoom"
  ).split(" "),
);

const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
const WORD = /^[\p{L}\p{N}\p{M}]/u;
const LETTER = /\p{L}/gu;
const LOWER = /\p{Ll}/u;
/** Characters that continue a name: a term does not end or start next to one glued to it. */
const JOINERS = new Set(["+", "#", "&", "@", "_", "$", "%", "\\"]);
/** Characters that end a sentence. */
const SENTENCE_END = new Set([".", "!", "?"]);
const HYPHENS = new Set(["-", "‐", "‑"]);
/** Endings of words whose final "s" is not a plural's. */
const NOT_PLURAL = /(?:ss|us|is|ous|ics)$/;

/**
 * A lower-case word in its singular when English writes it as a plain plural: "firewalls" ->
 * "firewall", "technologies" -> "technology". Words of up to three letters ("dns", "aws") and
 * endings that are not plurals ("access", "status", "analysis", "analytics") are kept.
 * @param {string} word lower case
 */
export function fold(word) {
  if (word.length <= 3 || word.charCodeAt(word.length - 1) !== 115 || NOT_PLURAL.test(word)) return word;
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  return word.slice(0, -1);
}

/**
 * A text's tokens; a hyphen between two words is not a token (it sets `hyphen` on the second).
 * @param {string} text
 * @returns {Token[]}
 */
export function tokenize(text) {
  /** @type {Token[]} */
  const out = [];
  let previousEnd = -1;
  let pendingHyphen = false;
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const start = /** @type {number} */ (match.index);
    const end = start + raw.length;
    const word = WORD.test(raw);
    const glued = start === previousEnd;
    if (HYPHENS.has(raw) && glued && out.length && out[out.length - 1].word && WORD.test(text.charAt(end))) {
      pendingHyphen = true;
      previousEnd = end;
      continue;
    }
    const lower = raw.toLowerCase();
    out.push({ raw, key: word ? fold(lower) : lower, start, end, word, glued: glued && !pendingHyphen, hyphen: pendingHyphen });
    pendingHyphen = false;
    previousEnd = end;
  }
  return out;
}

/**
 * A term's text without a bracketed part: "Python (computer programming)" -> "Python".
 * @param {string} text
 */
export function bareTerm(text) {
  return text.replace(/\s*[([][^)\]]*[)\]]\s*/g, " ").trim();
}

/**
 * Whether a term matches only as written: at most two letters, capitals only, or a common word.
 * @param {string} text
 * @param {Token[]} tokens
 */
function strictness(text, tokens) {
  const letters = (text.match(LETTER) || []).length;
  const words = tokens.filter((t) => t.word);
  const common = words.length === 1 && tokens.length === 1 && COMMON.has(words[0].raw.toLowerCase());
  const acronym = words.length === 1 && letters >= 2 && !LOWER.test(text) && words[0].raw !== words[0].raw.toLowerCase();
  return { strict: letters <= 2 || acronym || common, common, acronym: acronym && tokens.length === 1 };
}

/**
 * The index of a list of terms.
 * @param {readonly Term[]} terms
 * @returns {AuditIndex}
 */
export function buildIndex(terms) {
  /** @type {AuditIndex} */
  const index = new Map();
  terms.forEach((term) => {
    const tokens = tokenize(term.text);
    if (!tokens.length || !tokens.some((t) => t.word)) return;
    const { strict, common, acronym } = strictness(term.text, tokens);
    const entry = { tokens, strict, common, acronym, skills: term.skills.slice(), exact: term.exact };
    let level = index;
    /** @type {TrieNode | undefined} */
    let node;
    tokens.forEach((token) => {
      node = level.get(token.key);
      if (!node) {
        node = { terms: [], next: new Map() };
        level.set(token.key, node);
      }
      level = node.next;
    });
    /** @type {TrieNode} */ (node).terms.push(entry);
  });
  return index;
}

/**
 * Whether term matches the text's tokens from position i on (tokens and case only).
 * @param {IndexedTerm} term
 * @param {Token[]} tokens
 * @param {number} i
 */
function tokensMatch(term, tokens, i) {
  const want = term.tokens;
  if (i + want.length > tokens.length) return false;
  for (let k = 0; k < want.length; k++) {
    const have = tokens[i + k];
    if (have.key !== want[k].key) return false;
    if (term.strict && have.raw !== want[k].raw && !(term.acronym && have.raw === want[k].raw + "s")) return false;
    // Glue counts where a character other than a word is involved: "C#" is not "C #".
    if (k > 0 && (!have.word || !want[k].word) && have.glued !== want[k].glued) return false;
    if (k > 0 && have.word && want[k].word && term.strict && have.hyphen !== want[k].hyphen) return false;
  }
  return true;
}

/**
 * Whether the match of `term` at tokens [i, j) stands on its own in the text.
 * @param {IndexedTerm} term
 * @param {Token[]} tokens
 * @param {number} i
 * @param {number} j
 */
function standsAlone(term, tokens, i, j) {
  const first = tokens[i];
  const before = i > 0 ? tokens[i - 1] : null;
  if (first.hyphen && term.strict) return false;
  if (before && first.glued && (before.word || JOINERS.has(before.raw) || before.raw === ".")) return false;
  if (before && first.glued && term.strict && (before.raw === "'" || before.raw === "’")) return false;
  if (term.common && (!before || SENTENCE_END.has(before.raw))) return false;
  const next = j < tokens.length ? tokens[j] : null;
  if (!next) return true;
  if (next.hyphen) return !term.strict;
  if (!next.glued || next.word) return true;
  if (JOINERS.has(next.raw)) return false;
  const after = j + 1 < tokens.length ? tokens[j + 1] : null;
  const wordAfter = after !== null && after.word && after.glued;
  if (next.raw === "." && wordAfter) return false;
  if ((next.raw === "'" || next.raw === "’") && wordAfter && term.strict) return after !== null && after.key === "s";
  return true;
}

/**
 * The children of each skill, from each skill's broader one (-1: none).
 * @param {ArrayLike<number>} broader
 * @returns {Map<number, number[]>}
 */
export function narrowerOf(broader) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (let s = 0; s < broader.length; s++) {
    const parent = broader[s];
    if (parent < 0) continue;
    const list = children.get(parent);
    if (list) list.push(s);
    else children.set(parent, [s]);
  }
  return children;
}

/**
 * The skills a text names: exact ones in the order the text first names them, then inferred ones
 * in the same order.
 * @param {AuditIndex} index
 * @param {string} text
 * @param {ArrayLike<number>} [broader] each skill's broader skill, or -1
 * @returns {FoundSkill[]}
 */
export function findSkills(index, text, broader) {
  const tokens = tokenize(text);
  /** @type {{start: number, end: number, term: IndexedTerm}[]} */
  const matches = [];
  for (let i = 0; i < tokens.length; i++) {
    let node = index.get(tokens[i].key);
    for (let j = i + 1; node; j++) {
      node.terms.forEach((term) => {
        if (tokensMatch(term, tokens, i) && standsAlone(term, tokens, i, j)) matches.push({ start: i, end: j, term });
      });
      node = j < tokens.length ? node.next.get(tokens[j].key) : undefined;
    }
  }
  // Leftmost longest: a match inside a longer one that starts earlier or at the same token is dropped.
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  /** @type {Map<number, FoundSkill>} */
  const found = new Map();
  let reach = 0;
  let keptStart = -1;
  let keptEnd = -1;
  matches.forEach((m) => {
    // Terms of the same extent as the kept match are kept too (several skills, one phrase).
    const same = m.start === keptStart && m.end === keptEnd;
    if (m.start < reach && !same) return;
    keptStart = m.start;
    keptEnd = m.end;
    reach = Math.max(reach, m.end);
    /** @type {[number, number]} */
    const span = [tokens[m.start].start, tokens[m.end - 1].end];
    m.term.skills.forEach((skill) => {
      const known = found.get(skill);
      if (!known) {
        found.set(skill, { skill, exact: m.term.exact, spans: [span], via: [] });
      } else if (m.term.exact && !known.exact) {
        known.exact = true;
        known.spans = [span];
      } else if (m.term.exact === known.exact && !known.spans.some((s) => s[0] === span[0])) {
        known.spans.push(span);
      }
    });
  });
  // Through the hierarchy: what is narrower than a skill found exactly.
  if (broader) {
    const children = narrowerOf(broader);
    const exact = Array.from(found.values()).filter((f) => f.exact);
    exact.forEach((parent) => {
      const todo = (children.get(parent.skill) || []).slice();
      const seen = new Set();
      while (todo.length) {
        const skill = /** @type {number} */ (todo.pop());
        if (seen.has(skill)) continue;
        seen.add(skill);
        const known = found.get(skill);
        if (known && known.exact) continue;
        if (!known) found.set(skill, { skill, exact: false, spans: parent.spans.slice(), via: [parent.skill] });
        else {
          if (known.via.indexOf(parent.skill) === -1) known.via.push(parent.skill);
          parent.spans.forEach((span) => {
            if (!known.spans.some((s) => s[0] === span[0])) known.spans.push(span);
          });
        }
        (children.get(skill) || []).forEach((child) => todo.push(child));
      }
    });
  }
  const all = Array.from(found.values());
  all.forEach((f) => f.spans.sort((a, b) => a[0] - b[0]));
  all.sort((a, b) => Number(b.exact) - Number(a.exact) || a.spans[0][0] - b.spans[0][0] || a.skill - b.skill);
  return all;
}

/**
 * The text in pieces for highlighting: runs outside every span, and runs inside one (with the
 * skills whose spans cover them).
 * @param {string} text
 * @param {readonly FoundSkill[]} found
 * @returns {{text: string, skills: number[]}[]}
 */
export function highlightRuns(text, found) {
  /** @type {number[]} */
  const cuts = [0, text.length];
  found.forEach((f) => f.spans.forEach((s) => cuts.push(s[0], s[1])));
  const points = Array.from(new Set(cuts)).sort((a, b) => a - b);
  /** @type {{text: string, skills: number[]}[]} */
  const runs = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const start = points[k];
    const end = points[k + 1];
    const skills = found.filter((f) => f.spans.some((s) => s[0] <= start && end <= s[1])).map((f) => f.skill);
    const last = runs[runs.length - 1];
    if (last && !skills.length && !last.skills.length) last.text += text.slice(start, end);
    else runs.push({ text: text.slice(start, end), skills });
  }
  return runs;
}

/**
 * Every term of the catalogue: each skill's name and bare name (from the planner's data), and the
 * labels of data/audit.json.
 * @param {readonly string[]} names the skills' names, in the planner's order
 * @param {AuditData} audit
 * @returns {Term[]}
 */
export function auditTerms(names, audit) {
  if (audit.format !== AUDIT_FORMAT) throw new Error("unknown audit data format " + audit.format);
  /** @type {Term[]} */
  const terms = [];
  names.forEach((name, skill) => {
    terms.push({ text: name, skills: [skill], exact: true });
    const bare = bareTerm(name);
    if (bare && bare !== name) terms.push({ text: bare, skills: [skill], exact: true });
  });
  decode(audit.terms).forEach((text, i) => {
    const codes = audit.term_skills[i];
    const list = typeof codes === "number" ? [codes] : codes;
    const exact = list.filter((code) => code >= 0);
    const inferred = list.filter((code) => code < 0).map((code) => -code - 1);
    const bare = bareTerm(text);
    [text].concat(bare && bare !== text ? [bare] : []).forEach((form) => {
      if (exact.length) terms.push({ text: form, skills: exact, exact: true });
      if (inferred.length) terms.push({ text: form, skills: inferred, exact: false });
    });
  });
  return terms;
}

/**
 * A skill and every skill within it (narrower, at any depth).
 * @param {number} skill
 * @param {Map<number, number[]>} children `narrowerOf`'s
 * @returns {number[]}
 */
export function withNarrower(skill, children) {
  const out = [skill];
  const seen = new Set(out);
  for (let k = 0; k < out.length; k++) {
    (children.get(out[k]) || []).forEach((child) => {
      if (!seen.has(child)) {
        seen.add(child);
        out.push(child);
      }
    });
  }
  return out;
}

/**
 * The entries (pathways, credentials) that cover most of the skills: an entry covers a skill when
 * it has the skill or one within it. Those covering at least one, most first, then by index.
 * @param {readonly number[]} skills
 * @param {(skill: number) => readonly number[]} family the skill and those within it (`withNarrower`)
 * @param {(skill: number) => ArrayLike<number>} entriesOf the entries that have a skill
 * @param {number} limit
 * @returns {{index: number, covered: number[]}[]}
 */
export function coverers(skills, family, entriesOf, limit) {
  /** @type {Map<number, number[]>} */
  const covered = new Map();
  skills.forEach((skill) => {
    const entries = new Set();
    family(skill).forEach((s) => {
      const list = entriesOf(s);
      for (let k = 0; k < list.length; k++) entries.add(list[k]);
    });
    entries.forEach((entry) => {
      const list = covered.get(entry);
      if (list) list.push(skill);
      else covered.set(entry, [skill]);
    });
  });
  return Array.from(covered, ([index, list]) => ({ index, covered: list }))
    .sort((a, b) => b.covered.length - a.covered.length || a.index - b.index)
    .slice(0, limit);
}
