// @ts-check
/* The planner's words for figures: the words the pathway and credential pages use
 * (generator/render.py). Pure: no DOM (tests/js/plan-problem.test.mjs checks the totals of the
 * known best plans).
 */

/** @typedef {import("./planner-data.js").PlannerGraph} PlannerGraph */
/** @typedef {import("./planner-data.js").Stage} Stage */

/**
 * As generator/render.py format_number: "1,250" or "12.5" (toLocaleString with options builds an
 * ICU formatter on every call, which costs more than the whole plan).
 * @param {number} value
 * @returns {string}
 */
export function number(value) {
  const parts = (Number.isInteger(value) ? String(value) : value.toFixed(1)).split(".");
  parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return parts.join(".");
}

/**
 * "1 credential", "2 credentials".
 * @param {number} count
 * @param {string} word
 */
export function plural(count, word) {
  return count + " " + word + (count === 1 ? "" : "s");
}

/** @typedef {import("./types.js").PlannerCost} PlannerCost */

/**
 * What a priced credential costs over its published duration: a recurring price times its
 * payments (months or years), else the price (generator: `Credential.expected_cost`).
 * @param {Exclude<PlannerCost, 0 | string>} cost
 * @returns {number}
 */
export function expectedAmount(cost) {
  return cost.length === 4 ? cost[0] * cost[3] : cost[0];
}

/**
 * A credential's cost as its page says it: "Free", "USD 1,250 per year", or what is unknown; a
 * subscription with a published duration says what it adds up to: "USD 49 per month × 6 months
 * ≈ USD 294".
 * @param {PlannerGraph} data
 * @param {number} c
 * @returns {string}
 */
export function costText(data, c) {
  const cost = data.raw.credentials.cost[c];
  if (cost === 0) return "Free";
  if (Array.isArray(cost)) {
    const currency = data.raw.currencies[cost[1]];
    const text = currency + " " + number(cost[0]);
    const billing = cost[2];
    if (billing === undefined) return text;
    if (cost.length !== 4) return text + " " + data.raw.billing[billing];
    const label = data.raw.billing[billing]; // "per month" -> one "month"
    const payments = plural(cost[3], label.replace(/^per /, ""));
    return text + " " + label + " × " + payments + " ≈ " + currency + " " + number(expectedAmount(cost));
  }
  return data.raw.cost_codes[cost];
}

/**
 * @typedef {object} Totals
 * @property {string} cost "USD 710", "at least USD 50, 1 credential without a published price", ...
 * @property {string} hours
 * @property {string} weeks
 * @property {number} recurring how many credentials are priced per month or per year with no published
 *   duration (counted as one payment)
 */

/**
 * A plan's totals: unpublished figures are counted and said, never guessed.
 * @param {PlannerGraph} data
 * @param {readonly number[]} plan credential indexes
 * @returns {Totals}
 */
export function totals(data, plan) {
  /** @type {Map<string, number>} currency code -> amount */
  const money = new Map();
  let noPrice = 0;
  let recurring = 0;
  let hours = 0;
  let noHours = 0;
  let weeks = 0;
  let noWeeks = 0;
  plan.forEach((c) => {
    const cost = data.raw.credentials.cost[c];
    if (Array.isArray(cost)) {
      const currency = data.raw.currencies[cost[1]];
      money.set(currency, (money.get(currency) || 0) + expectedAmount(cost));
      const billing = cost[2];
      // A subscription with no published duration counts one payment; the page says so.
      if (billing !== undefined && cost.length !== 4 && data.raw.recurring.indexOf(billing) !== -1) recurring++;
    } else if (cost !== 0) {
      noPrice++;
    }
    const h = data.hoursOf(c);
    if (h === null) noHours++;
    else hours += h;
    const w = data.weeksOf(c);
    if (w === null) noWeeks++;
    else weeks += w;
  });
  const parts = Array.from(money.keys())
    .sort()
    .filter((k) => (money.get(k) || 0) > 0)
    .map((k) => k + " " + number(money.get(k) || 0));
  let cost;
  if (!noPrice) cost = parts.length ? parts.join(" + ") : "Free";
  else {
    const missing = plural(noPrice, "credential") + " without a published price";
    cost = parts.length ? "at least " + parts.join(" + ") + ", " + missing : "not published (" + missing + ")";
  }
  return {
    cost: plan.length ? cost : "Nothing to pay",
    hours: figure(hours, noHours, "hours", plan.length),
    weeks: figure(weeks, noWeeks, "weeks", plan.length),
    recurring,
  };
}

/**
 * @param {number} total
 * @param {number} unknown how many credentials do not publish the figure
 * @param {string} unit
 * @param {number} count credentials in the plan
 */
function figure(total, unknown, unit, count) {
  if (!count) return "None";
  const missing = plural(unknown, "credential") + " without published " + unit;
  if (unknown && !total) return "not published (" + missing + ")";
  const text = number(total) + " " + unit;
  return unknown ? "at least " + text + ", " + missing : text;
}

/**
 * What a stage asks for.
 * @param {Stage} stage
 */
export function ruleText(stage) {
  if (stage.rule === "all") return stage.items.length === 1 ? "Complete this:" : "Complete all " + stage.items.length + " of these:";
  if (stage.rule === "any") return stage.items.length === 1 ? "Complete this:" : "Complete any one of these:";
  return "Complete at least " + stage.required + " of these " + stage.items.length + ":";
}
