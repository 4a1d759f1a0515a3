"""The catalogue's figures: the stats page's charts and `microskills stats` for curators.

Both ask the model the way every other view asks. A fact is filled (a value), marked (looked for,
no published figure found) or not yet recorded; the three always add up to the credentials.

Cost is `Credential.cost_status` / `sort_cost()`, categories are `Credential.categories`, a
fact is recorded when `Credential.fact_status` says so, freshness is `Entry.freshness` with the
model's cut-offs, labels are the schemas'. site/charts.py draws them.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from microskills.model import STALE_ERROR_DAYS, STALE_WARNING_DAYS, Catalogue, CostStatus, comparable_facts
from microskills.present.wording import label
from microskills.registry import fields, kinds
from microskills.registry.fields import values_at
from microskills.site import charts
from microskills.site.charts import Bar, Chart
from microskills.site.sections.coverage import coverage, format_coverage

#: fact -> how many credentials have it filled / unpublished / unrecorded (`Credential.fact_status`).
FactCounts = dict[str, Counter[str]]
TOP_PROVIDERS = 12
PRICE_EDGES = (0, 50, 100, 200, 300, 500, 1000)
HOURS_EDGES = (0, 10, 25, 50, 100, 200)
AGE_EDGES = (0, 31, 91, 181, STALE_WARNING_DAYS + 1, STALE_ERROR_DAYS + 1)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _most(bars: list[Bar], total: int, unit: str) -> str:
    if not bars or total == 0:
        return f"No {unit} yet."
    top = max(bars, key=lambda b: sum(b.values))
    return f"Most common: {top.label}, {charts.number(sum(top.values))} of {total:,} {unit}."


def by_type(catalogue: Catalogue) -> Chart:
    credentials = list(catalogue.credentials.values())
    counts = Counter(c.type for c in credentials)
    info = fields.field_info("credential", "type")
    bars = [Bar(item.label, (counts[item.value],), f"glossary/#{item.value}") for item in info.enum]
    bars = [b for b in bars if b.values[0]]
    bars.sort(key=lambda b: -b.values[0])
    return Chart("by-type", "Credentials by type", _most(bars, len(credentials), "credentials"), "credentials",
                 "Credential type", tuple(bars))  # fmt: skip


def by_provider(catalogue: Catalogue) -> Chart:
    credentials = list(catalogue.credentials.values())
    counts = Counter(c.provider for c in credentials)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    bars = []
    for provider_id, count in ranked[:TOP_PROVIDERS]:
        provider = catalogue.providers.get(provider_id)
        bars.append(Bar(provider.name if provider else provider_id, (count,), provider.url if provider else None))
    rest = ranked[TOP_PROVIDERS:]
    if rest:
        bars.append(Bar(f"The other {_plural(len(rest), 'provider')}", (sum(n for _, n in rest),)))
    summary = f"{_plural(len(counts), 'provider')} award the {len(credentials):,} credentials; " + (
        f"the largest, {bars[0].label}, awards {charts.number(bars[0].values[0])}." if bars else "none yet."
    )
    return Chart("by-provider", "Credentials by provider", summary, "credentials", "Provider", tuple(bars))


def cost_status(catalogue: Catalogue) -> Chart:
    credentials = list(catalogue.credentials.values())
    counts = Counter(c.cost_status for c in credentials)
    bars = [Bar(status.value, (counts[status],)) for status in CostStatus if counts[status]]
    free, priced = counts[CostStatus.FREE], counts[CostStatus.PRICED]
    summary = f"{free:,} free and {priced:,} with a published price, of {len(credentials):,} credentials."
    return Chart("cost-status", "What the credentials cost: is a price published?", summary, "credentials",
                 "Cost", tuple(bars))  # fmt: skip


def main_currency(catalogue: Catalogue) -> str | None:
    currencies = Counter(
        c.cost.currency
        for c in catalogue.credentials.values()
        if c.cost_status is CostStatus.PRICED and c.cost is not None and c.cost.currency
    )
    return min(currencies, key=lambda code: (-currencies[code], code)) if currencies else None


def prices(catalogue: Catalogue) -> Chart | None:
    currency = main_currency(catalogue)
    if currency is None:
        return None
    amounts = [
        amount
        for c in catalogue.credentials.values()
        if c.cost_status is CostStatus.PRICED
        and c.cost is not None
        and c.cost.currency == currency
        and (amount := c.sort_cost()) is not None
    ]
    others = sum(
        1
        for c in catalogue.credentials.values()
        if c.cost_status is CostStatus.PRICED and c.cost is not None and c.cost.currency != currency
    )
    bars = [Bar(f"{currency} {label}", (count,)) for label, count in charts.histogram(amounts, PRICE_EDGES)]
    middle = charts.number(statistics.median(amounts))
    summary = f"Median published price {currency} {middle} ({len(amounts):,} credentials)."
    note = f"Priced in other currencies, not shown: {others:,}." if others else ""
    return Chart("prices", f"Published prices in {currency}", summary, "credentials", "Price", tuple(bars), note=note)


def hours(catalogue: Catalogue, facts: FactCounts | None = None) -> Chart:
    credentials = list(catalogue.credentials.values())
    facts = facts if facts is not None else fact_counts(catalogue)
    published = [c.hours for c in credentials if c.hours is not None]
    bars = [Bar(label, (count,)) for label, count in charts.histogram(published, HOURS_EDGES, " hours")]
    ects_only = sum(1 for c in credentials if c.hours is None and (c.ects or c.credits))
    unpublished = facts["workload"]["unpublished"]
    median = f"median {charts.number(statistics.median(published))} hours" if published else "none"
    summary = f"{len(published):,} of {len(credentials):,} credentials publish their hours ({median})."
    note = (
        f"Workload given only in credits (ECTS or another system): {ects_only:,}. "
        f"Looked for and not published: {unpublished:,}."
    )
    return Chart("hours", "Published workload in hours", summary, "credentials", "Workload", tuple(bars), note=note)


def level_by_category(catalogue: Catalogue) -> Chart:
    levels = fields.field_info("credential", "level.difficulty").enum
    series = (*(item.label for item in levels), "Not stated")
    rows: dict[str, list[int]] = {}
    for credential in catalogue.credentials.values():
        position = next((i for i, item in enumerate(levels) if item.value == credential.difficulty), len(levels))
        for category_id in credential.categories(catalogue):
            rows.setdefault(category_id, [0] * len(series))[position] += 1
    bars = []
    for category_id, counts in rows.items():
        category = catalogue.categories.get(category_id)
        name = category.name if category else category_id
        bars.append(Bar(name, tuple(counts), f"categories/{category_id}/"))
    bars.sort(key=lambda b: (-sum(b.values), b.label))
    stated = sum(sum(b.values[:-1]) for b in bars)
    total = sum(sum(b.values) for b in bars)
    summary = f"{stated:,} of {total:,} credential-category pairs state a level; each bar is one category."
    return Chart("level-by-category", "Level by category", summary, "credentials", "Category", tuple(bars),
                 series=series, shares=True)  # fmt: skip


def fact_counts(catalogue: Catalogue) -> FactCounts:
    """Asked once per build: the glossary and the stats page both show these."""
    credentials = list(catalogue.credentials.values())
    return {fact: Counter(c.fact_status(fact) for c in credentials) for fact in comparable_facts()}


def fact_completeness(catalogue: Catalogue, facts: FactCounts | None = None) -> Chart:
    credentials = list(catalogue.credentials.values())
    facts = facts if facts is not None else fact_counts(catalogue)
    series = ("Recorded", "Looked for, not published", "Not yet recorded", "Does not apply")
    bars = []
    for fact in comparable_facts():
        counts = facts[fact]
        values = (counts["filled"], counts["unpublished"], counts["unrecorded"], counts["not_applicable"])
        applicable = len(credentials) - counts["not_applicable"]
        shown = f"{100 * counts['filled'] / applicable:.0f}% recorded" if applicable else None
        bars.append(Bar(label(fact), values, f"glossary/#{fact}", shown))
    recorded = sum(b.values[0] for b in bars)
    cells = sum(sum(b.values[:3]) for b in bars)
    summary = (
        f"{100 * recorded / cells:.0f}% of the {cells:,} credential facts that apply are recorded; the rest were "
        "looked for and not found published, or are not recorded yet."
        if cells
        else "No credentials yet."
    )
    return Chart("fact-completeness", "How complete are the credentials' facts?", summary, "credentials", "Fact",
                 tuple(bars), series=series, shares=True)  # fmt: skip


def field_completeness(catalogue: Catalogue, kind: str) -> Chart:
    """Share of a kind's entries that fill each optional field of its schema."""
    spec = kinds.spec(kind)
    entries = list(catalogue.of_kind(kind).values())
    bars = []
    for info in fields.top_level(kind):
        if info.required:
            continue
        present = sum(1 for e in entries if e.raw.get(info.path[0]) not in (None, "", [], {}))
        share = round(100 * present / len(entries), 1) if entries else 0.0
        bars.append(Bar(info.title, (share,), f"reference/{kind}/#{info.path[0]}"))
    bars.sort(key=lambda b: (-b.values[0], b.label))
    summary = (
        f"Optional fields of the {len(entries):,} {spec.plural.lower()}; the best filled is {bars[0].label} "
        f"({charts.number(bars[0].values[0])}%)."
        if bars and entries
        else f"No {spec.plural.lower()} yet."
    )
    return Chart(f"fields-{kind}", f"{spec.plural}: optional fields filled", summary, "%", "Field", tuple(bars),
                 series=("Share",), scale=100)  # fmt: skip


def freshness(catalogue: Catalogue, today: dt.date) -> Chart:
    names = [k.name for k in kinds.KINDS]
    bins = charts.histogram([], AGE_EDGES, " days")
    counts = [[0] * len(names) for _ in bins]
    stale = 0
    for entry in catalogue.entries():
        age = entry.age_days(today)
        if age is None:
            continue
        if entry.freshness(today) != "fresh":
            stale += 1
        index = max(i for i, edge in enumerate(AGE_EDGES) if age >= edge) if age >= 0 else 0
        counts[index][names.index(entry.kind)] += 1
    labels = [label for label, _ in bins]
    labels[-2] += " (may be out of date)"
    labels[-1] += " (expired)"
    bars = tuple(Bar(label, tuple(row)) for label, row in zip(labels, counts, strict=True))
    total = sum(sum(row) for row in counts)
    summary = f"{total - stale:,} of {total:,} entries were checked in the last {STALE_WARNING_DAYS} days."
    return Chart("freshness", "When the facts were last verified", summary, "entries", "Days since last verified",
                 bars, series=tuple(k.plural for k in kinds.KINDS))  # fmt: skip


def all_charts(catalogue: Catalogue, today: dt.date, facts: FactCounts | None = None) -> list[Chart]:
    """Every chart of the stats page, in page order (a chart with nothing to show is left out)."""
    facts = facts if facts is not None else fact_counts(catalogue)
    found = [
        by_type(catalogue),
        by_provider(catalogue),
        cost_status(catalogue),
        prices(catalogue),
        hours(catalogue, facts),
        level_by_category(catalogue),
        fact_completeness(catalogue, facts),
        *(field_completeness(catalogue, k.name) for k in kinds.KINDS),
        freshness(catalogue, today),
    ]
    return [chart for chart in found if chart is not None and chart.bars]


#: The look-back windows of "verified recently" (days before the build date), for stats and the Quality page.
VERIFIED_WINDOWS = (30, 90, 365)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def cost_recorded(catalogue: Catalogue) -> dict[str, Any]:
    """Of the credentials that charge a fee, how many record the amount.

    Free is `Credential.cost_status` FREE (`cost.free: true`, or an amount of 0), and free
    credentials are left out. Every other credential counts as fee-charging, including those
    whose cost is not recorded or not published: nothing says they are free.
    """
    credentials = list(catalogue.credentials.values())
    free = sum(1 for c in credentials if c.cost_status is CostStatus.FREE)
    charging = [c for c in credentials if c.cost_status is not CostStatus.FREE]
    amount = sum(1 for c in charging if c.cost is not None and c.cost.amount is not None)
    return {"fee_charging": len(charging), "with_amount": amount, "share": _share(amount, len(charging)), "free": free}


def certification_exams(catalogue: Catalogue) -> dict[str, Any]:
    """Of the credentials of type certification: how many give the exam's length (`exam.minutes`)
    and how many a price per attempt (`Credential.price_per_attempt`: a cost billed per attempt
    with an amount, or the exam's own price)."""
    certifications = [c for c in catalogue.credentials.values() if c.type == "certification"]
    minutes = sum(1 for c in certifications if c.exam is not None and c.exam.minutes is not None)
    priced = [c for c in certifications if c.price_per_attempt is not None]
    billed = sum(
        1 for c in priced if c.cost is not None and c.cost.billing == "per-attempt" and c.cost.amount is not None
    )
    return {
        "certifications": len(certifications),
        "exam_minutes": minutes,
        "exam_minutes_share": _share(minutes, len(certifications)),
        "price_per_attempt": len(priced),
        "price_per_attempt_share": _share(len(priced), len(certifications)),
        "price_per_attempt_from_cost": billed,
    }


def fact_evidence(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """Per comparable fact: the credentials that fill it, how many of those cite a source that
    `supports` it, and how many rest only on third-party sources (every source supporting it is
    `Source.third_party`, as the link stage set it from the provider's domains)."""
    report: dict[str, dict[str, Any]] = {}
    credentials = list(catalogue.credentials.values())
    for fact in comparable_facts():
        filled = [c for c in credentials if c.fact_status(fact) == "filled"]
        backed = [sources for c in filled if (sources := c.fact_sources(fact))]
        third = sum(1 for sources in backed if all(s.third_party for s in sources))
        report[fact] = {
            "filled": len(filled),
            "with_source": len(backed),
            "third_party_only": third,
            "third_party_only_share": _share(third, len(filled)),
        }
    return report


def verified_within(
    catalogue: Catalogue, today: dt.date, windows: tuple[int, ...] = VERIFIED_WINDOWS
) -> dict[str, dict[str, int]]:
    """Per kind and in total ("total"): the entries, and how many were last verified at most N
    days before `today` for each window N (`Entry.age_days`; a date after `today` counts as recent)."""
    names = [*(k.name for k in kinds.KINDS), "total"]
    counts = {name: {"entries": 0, **{str(days): 0 for days in windows}} for name in names}
    for entry in catalogue.entries():
        age = entry.age_days(today)
        for name in (entry.kind, "total"):
            row = counts[name]
            row["entries"] += 1
            for days in windows:
                if age is not None and age <= days:
                    row[str(days)] += 1
    return counts


def completeness(catalogue: Catalogue, today: dt.date | None = None) -> dict[str, Any]:
    """What `microskills stats` prints (and gives as JSON); freshness only when `today` is given."""
    report: dict[str, Any] = {"kinds": {}, "facts": {}}
    for kind_spec in kinds.KINDS:
        entries = list(catalogue.of_kind(kind_spec.name).values())
        shares = {}
        for info in fields.top_level(kind_spec.name):
            if info.required:
                continue
            filled = sum(1 for e in entries if any(v not in (None, "", [], {}) for _, v in values_at(e.raw, info.path)))
            shares[info.path[0]] = {"filled": filled, "share": round(filled / len(entries), 3) if entries else 0.0}
        report["kinds"][kind_spec.name] = {"entries": len(entries), "optional_fields": shares}
    for fact, found in fact_counts(catalogue).items():
        counts = {status: found[status] for status in ("filled", "unpublished", "unrecorded", "not_applicable")}
        recorded = counts["filled"] + counts["unpublished"]
        applicable = (len(catalogue.credentials) - counts["not_applicable"]) or 1
        report["facts"][fact] = {
            **counts,
            "filled_share": round(counts["filled"] / applicable, 3),
            "recorded_share": round(recorded / applicable, 3),
        }
    report["cost_recorded"] = cost_recorded(catalogue)
    report["certifications"] = certification_exams(catalogue)
    report["evidence"] = fact_evidence(catalogue)
    report["coverage"] = coverage(catalogue)
    if today is not None:
        report["verified"] = {"today": today.isoformat(), "kinds": verified_within(catalogue, today)}
    return report


def format_stats(report: dict[str, Any]) -> str:
    lines = ["Entries"]
    for kind, data in report["kinds"].items():
        lines.append(f"  {kinds.spec(kind).plural.lower():<12} {data['entries']:>6,}")
    lines += [
        "",
        "Comparable facts of credentials (filled, share of those it applies to / not found published / "
        "not yet recorded / does not apply)",
    ]
    for fact, data in report["facts"].items():
        lines.append(
            f"  {fact:<18} {data['filled']:>5} {data['filled_share']:>6.0%}   {data['unpublished']:>5}   "
            f"{data['unrecorded']:>5}   {data['not_applicable']:>5}   recorded {data['recorded_share']:.0%}"
        )
    lines += ["", "Optional fields filled"]
    for kind, data in report["kinds"].items():
        filled = ", ".join(f"{name} {item['share']:.0%}" for name, item in data["optional_fields"].items())
        lines.append(f"  {kind}: {filled}")
    cost = report["cost_recorded"]
    lines += [
        "",
        f"Cost recorded for {cost['with_amount']:,} of {cost['fee_charging']:,} fee-charging credentials "
        f"({cost['share']:.0%})",
        f"  not counted: {cost['free']:,} free (cost.free: true, or an amount of 0); counted: every other "
        "credential, also those whose cost is not recorded or not published",
    ]
    lines += format_coverage(report["coverage"])
    exams = report["certifications"]
    lines += [
        "",
        f"Certifications ({exams['certifications']:,})",
        f"  exam length (exam.minutes)   {exams['exam_minutes']:>5,} {exams['exam_minutes_share']:>6.0%}",
        f"  price per attempt            {exams['price_per_attempt']:>5,} {exams['price_per_attempt_share']:>6.0%}"
        f"   ({exams['price_per_attempt_from_cost']:,} from a cost billed per attempt, the rest from exam.price)",
    ]
    lines += [
        "",
        "Evidence by fact (filled / with a source that supports it / supported only by third-party sources, "
        "share of filled)",
    ]
    for fact, data in report["evidence"].items():
        lines.append(
            f"  {fact:<18} {data['filled']:>5}   {data['with_source']:>5}   {data['third_party_only']:>5} "
            f"{data['third_party_only_share']:>6.0%}"
        )
    if "verified" in report:
        verified = report["verified"]
        windows = [key for key in verified["kinds"]["total"] if key != "entries"]
        lines += [
            "",
            f"Last verified within N days of {verified['today']} (entries: "
            + " / ".join(f"{days} days" for days in windows)
            + ")",
        ]
        for kind, row in verified["kinds"].items():
            name = "total" if kind == "total" else kinds.spec(kind).plural.lower()
            figures = "   ".join(f"{row[days]:>6,} {_share(row[days], row['entries']):>5.0%}" for days in windows)
            lines.append(f"  {name:<12} {row['entries']:>6,}   {figures}")
    return "\n".join(lines)
