// The data contracts between the generator (Python) and the site's JavaScript, for the type
// checker only (`make jstest`: tsc --noEmit --checkJs, tsconfig.json). The build does not
// publish this file. Each type names the Python that writes the data: change both together.
// The modules import these types in JSDoc (`@typedef {import("./types.js").PlannerData} ...`).

// --- data/planner.json: generator/learner.py `planner_data` (its docstring is the format) ---------

/** `credentials.cost[i]`: 0 free; [amount, currency index, billing index?, payments?] priced (payments:
 * how many months or years a recurring price runs over the published duration); or a cost code. */
export type CostCode = "p" | "u" | "r";
export type PlannerCost =
  | 0
  | [amount: number, currency: number]
  | [amount: number, currency: number, billing: number]
  | [amount: number, currency: number, billing: number, payments: number]
  | CostCode;

/** `[stage name, rule code, item, item, ...]`; rule code 0 all, 1 any one, k >= 2 at least k,
 * -(code + 1) when optional; an item is 2 * zigzag(d) (+ 1 for a credential), d the difference
 * from the pathway's previous item of the same kind. */
export type StageRow = [name: string, rule: number, ...items: number[]];

export interface KindInfo {
  /** The kind's folder under the site root: entry pages are `<folder>/<id>/`. */
  folder: string;
  /** Its label ("Skill", "Credential", ...). */
  label: string;
}

/** Front-coded strings (`learner.front_code`, decoded by front-coding.js). */
export type FrontCoded = string[];

/** data/credential-names.json: `planner_data.credential_names`, Compare's list for adding a
 * credential by name. */
export interface CredentialNames {
  format: 4;
  front_block: number;
  /** Sorted by id, front-coded. */
  id: FrontCoded;
  name: FrontCoded;
  /** Credential index -> its short names and code, for those that have any. */
  short_names: { [index: string]: string[] | undefined };
}

export interface PlannerData {
  /** `learner.PLANNER_FORMAT`: the planner refuses any other. */
  format: 4;
  /** The build date, YYYY-MM-DD. */
  generated: string;
  /** Every `front_block`-th front-coded value is written whole. */
  front_block: number;
  /** Keyed by kind name (`generator/kinds.py`). */
  kinds: { skill: KindInfo; credential: KindInfo; provider: KindInfo; pathway: KindInfo };
  /** Credential type labels, indexed by `credentials.type[i]` (-1: none). */
  types: string[];
  /** Difficulty labels (Beginner ... Expert): digit k of a `level` string is the k-th, 0 none. */
  levels: string[];
  /** Billing labels ("per month", ...), indexed by a priced cost's third number. */
  billing: string[];
  /** The billing indexes that repeat (per month, per year). */
  recurring: number[];
  /** ISO 4217 codes, indexed by a priced cost's second number. */
  currencies: string[];
  /** What each cost code means (`CostStatus` values). */
  cost_codes: { [code in CostCode]: string };
  /** Sorted by id. */
  skills: { id: FrontCoded; name: FrontCoded };
  /** Sorted by id; columns of one value per credential. */
  credentials: {
    id: FrontCoded;
    name: FrontCoded;
    type: number[];
    /** How many of `skills` belong to each credential, credential after credential. */
    skill_counts: number[];
    /** Every credential's skill indexes, sorted and delta-coded per credential. */
    skills: number[];
    cost: PlannerCost[];
    /** Published hours, 0 when not published. */
    hours: number[];
    /** Published weeks, 0 when not published. */
    weeks: number[];
    /** One digit per credential: 0 no difficulty, k the k-th of `levels`. */
    level: string;
  };
  /** Sorted by name (the order the planner lists them in). */
  pathways: { id: FrontCoded; name: FrontCoded; stages: StageRow[][]; level: string };
}

// --- data/audit.json: generator/microskills/site/sections/audit_data.py `audit_data` ------------

export interface AuditData {
  /** `audit_data.AUDIT_FORMAT`: the audit refuses any other. */
  format: 1;
  /** The build date, YYYY-MM-DD. */
  generated: string;
  /** Every `front_block`-th front-coded value is written whole. */
  front_block: number;
  /** Sorted labels other than the skills' names (those are in the planner's data), front-coded. */
  terms: FrontCoded;
  /** Per term: s (the skill's own label), -s - 1 (a wider ESCO concept's label), or a list of them. */
  term_skills: (number | number[])[];
  /** Category names, indexed by `category`. */
  categories: string[];
  /** Per skill (the planner's order, by id): its category's index, -1 for none. */
  category: number[];
  /** Per skill: its broader skill's index, -1 for none. */
  broader: number[];
}

// --- data/profile.json: generator/microskills/site/sections/profile_data.py `profile_data` ----------

export interface ProfileData {
  /** `profile_data.PROFILE_FORMAT`: the profile refuses any other. */
  format: 1;
  /** The build date, YYYY-MM-DD. */
  generated: string;
  /** Every `front_block`-th front-coded value is written whole. */
  front_block: number;
  /** Category names, indexed by `category`. */
  categories: string[];
  /** Per skill (the planner's order, by id): its category's index, -1 for none. */
  category: number[];
  /** Every ESCO concept a skill is aligned to, sorted, front-coded. */
  esco_uri: FrontCoded;
  /** Per concept: its ESCO label. */
  esco_label: string[];
  /** Per skill: its concept's index, -1 for none. */
  esco: number[];
  /** One digit per skill: 0 no concept, k the k-th of `matches`. */
  esco_match: string;
  /** The skill schema's `esco.match` values ("exact", "close", "broader"). */
  matches: string[];
  /** Their labels. */
  match_labels: string[];
}

// --- data/compare/<id>.json: generator/learner.py `compare_record` -------------------------------

/** [text, address or null]: an address is absolute (http/https) or relative to the site root. */
export type ComparePart = [text: string, href: string | null];
/** [address, title or null, third-party page]. */
export type CompareSource = [url: string, title: string | null, thirdParty: boolean];

export interface CompareFact {
  /** "filled", "unpublished", "unrecorded", "not-stated", "stale", "not_applicable". */
  status: string;
  parts: ComparePart[];
  sources: CompareSource[];
}

export interface CompareRecord {
  id: string;
  name: string;
  /** The credential's page, relative to the site root. */
  url: string;
  /** Its official page (through `safe_url`). */
  official: string;
  /** [skill id, skill name], in the credential's order. */
  skills: [id: string, name: string][];
  skill_sources: CompareSource[];
  /** Keyed by the rows of `learner.compare_rows` (read with `ownValue`: a JSON object). */
  rows: { [key: string]: CompareFact | undefined };
  sources: CompareSource[];
}

/** The compare page's rows, from the page (`data-rows`, `learner.compare_rows`). */
export interface CompareRow {
  key: string;
  label: string;
}

// --- Explore: the Pagefind records generator/search.py writes (`record`, `stub_page`) --------------

export interface ExploreMeta {
  title?: string;
  /** The kind's label. */
  kind?: string;
  verified?: string;
  detail?: string;
  summary?: string;
  /** Credentials only: lets the result offer "Compare". */
  id?: string;
  /** Short names and code, a JSON list (`search.short_names`): Explore puts the entry a query names first. */
  names?: string;
  /** `<sort key>_group`: "known", "other-currency" or "none" (`search.GROUP_NAMES`). */
  [group: string]: string | undefined;
}

export interface PagefindRecord {
  /** `<kind folder>/<id>.html` in the index; the entry page is `<kind folder>/<id>/`. */
  url: string;
  meta: ExploreMeta;
}

export interface PagefindResult {
  data(): Promise<PagefindRecord>;
}

/** Filter name -> value -> count (objects from the index: read with `ownValue`). */
export type FacetCounts = { [name: string]: { [value: string]: number } | undefined };

export interface PagefindSearch {
  results: PagefindResult[];
  filters: FacetCounts;
}

export interface PagefindSearchOptions {
  filters: { [name: string]: { any: string[] } };
  sort?: { [key: string]: "asc" | "desc" };
}

/** What `import("<bundle>/pagefind.js")` gives (Pagefind's JavaScript API, the part we use). */
export interface Pagefind {
  options(options: { noWorker?: boolean }): Promise<void>;
  search(query: string | null, options: PagefindSearchOptions): Promise<PagefindSearch | null>;
  filters(): Promise<FacetCounts>;
}
