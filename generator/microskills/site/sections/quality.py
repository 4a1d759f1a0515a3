"""The Quality page and the flags on entry pages: which entries are stale or have dead links now.

Freshness is counted from `last_verified` to the build date, with lint's thresholds (a warning
after 365 days, an error after 730). Link health comes from the committed link-check data file
(`microskills.tools.linkcheck`), so the page shows what the last scheduled check found, with its date.
The same report, as GitHub Markdown, is the body of the weekly workflow's issue. The "verified
recently" table (30 / 90 / 365 days) shows the figures `microskills stats` prints, from the one
function that counts them (`stats.verified_within`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from microskills.check.linkdata import DEAD, ERROR, FLAKY, MOVED, OK, LinkResult, entry_urls
from microskills.check.lint import LintOptions
from microskills.core import gfm
from microskills.model import Catalogue, Credential, Entry, comparable_facts
from microskills.site.contribute import RepoLinks
from microskills.site.render import Renderer, Section
from microskills.site.sections.stats import VERIFIED_WINDOWS, verified_within

WARN_DAYS = LintOptions.stale_warning_days
ERROR_DAYS = LintOptions.stale_error_days
#: Entries this close to the warning threshold are listed as due for re-verification.
DUE_SOON_DAYS = 60
URL = "quality/"
#: Link results in the order a curator should look at them.
LINK_ORDER = {DEAD: 0, ERROR: 1, FLAKY: 2, MOVED: 3, OK: 4}


def age_days(entry: Entry, today: dt.date) -> int | None:
    try:
        return (today - dt.date.fromisoformat(entry.last_verified)).days
    except ValueError:
        return None


@dataclass(frozen=True)
class Flag:
    kind: str  # "stale" or "dead-link"
    title: str
    text: str
    url: str | None = None


@dataclass
class FreshRow:
    entry: Entry
    days: int


@dataclass
class LinkRow:
    result: LinkResult
    entries: list[Entry]


@dataclass
class FactsRow:
    entry: Credential
    missing: list[str]


@dataclass
class QualityReport:
    today: dt.date
    entries: int = 0
    buckets: list[tuple[str, int]] = field(default_factory=list)
    stale: list[FreshRow] = field(default_factory=list)
    out_of_date: list[FreshRow] = field(default_factory=list)
    due_soon: list[FreshRow] = field(default_factory=list)
    links: list[LinkRow] = field(default_factory=list)
    link_counts: dict[str, int] = field(default_factory=dict)
    urls: int = 0
    unchecked: int = 0
    last_check: str | None = None
    facts: list[FactsRow] = field(default_factory=list)

    @property
    def checked(self) -> int:
        """Links with a result in the link-check data; the others were never checked, not found working."""
        return self.urls - self.unchecked

    @property
    def dead(self) -> list[LinkRow]:
        return [row for row in self.links if row.result.status == DEAD]

    @property
    def findings(self) -> int:
        """What a curator has to act on: stale entries and links that do not simply work."""
        return len(self.stale) + len(self.out_of_date) + len(self.links)


def build_report(catalogue: Catalogue, links: dict[str, LinkResult], today: dt.date) -> QualityReport:
    report = QualityReport(today, entries=len(catalogue))
    ages: list[int] = []
    users: dict[str, list[Entry]] = defaultdict(list)
    for entry in catalogue.entries():
        days = age_days(entry, today)
        if days is not None:
            ages.append(days)
            row = FreshRow(entry, days)
            if days > ERROR_DAYS:
                report.out_of_date.append(row)
            elif days > WARN_DAYS:
                report.stale.append(row)
            elif days > WARN_DAYS - DUE_SOON_DAYS:
                report.due_soon.append(row)
        for url in entry_urls(entry.raw):
            users[url].append(entry)
        if isinstance(entry, Credential):
            missing = [fact for fact in comparable_facts() if entry.fact_status(fact) == "unrecorded"]
            if missing:
                report.facts.append(FactsRow(entry, missing))
    bounds = [(90, "90 days or less"), (180, "91 to 180 days"), (WARN_DAYS, f"181 to {WARN_DAYS} days")]
    lower = -1
    for upper, label in bounds:
        report.buckets.append((label, sum(1 for a in ages if lower < a <= upper)))
        lower = upper
    stale = sum(1 for a in ages if WARN_DAYS < a <= ERROR_DAYS)
    report.buckets.append((f"{WARN_DAYS + 1} to {ERROR_DAYS} days (may be out of date)", stale))
    report.buckets.append((f"over {ERROR_DAYS} days (fails validation)", sum(1 for a in ages if a > ERROR_DAYS)))
    for rows in (report.stale, report.out_of_date, report.due_soon):
        rows.sort(key=lambda r: (-r.days, r.entry.kind, r.entry.id))
    counts: Counter[str] = Counter()
    dates: list[str] = []
    for url, entries in users.items():
        result = links.get(url)
        if result is None:
            report.unchecked += 1
            continue
        counts[result.status] += 1
        dates.append(result.checked)
        if result.status != OK:
            report.links.append(LinkRow(result, sorted(entries, key=lambda e: (e.kind, e.id))))
    report.urls = len(users)
    report.link_counts = {status: counts.get(status, 0) for status in LINK_ORDER}
    report.last_check = max(dates)[:10] if dates else None
    report.links.sort(key=lambda r: (LINK_ORDER.get(r.result.status, 9), r.result.url))
    report.facts.sort(key=lambda r: (-len(r.missing), r.entry.id))
    return report


def entry_flags(entry: Entry, links: dict[str, LinkResult], today: dt.date) -> list[Flag]:
    """What an entry page should warn about before anything else."""
    flags: list[Flag] = []
    days = age_days(entry, today)
    if days is not None and days > WARN_DAYS:
        flags.append(
            Flag(
                "stale",
                "May be out of date.",
                f"These facts were last checked against their sources on {entry.last_verified}, "
                f"{days} days ago (more than {WARN_DAYS}).",
            )
        )
    for url in entry_urls(entry.raw):
        result = links.get(url)
        if result is not None and result.status == DEAD:
            flags.append(
                Flag(
                    "dead-link",
                    "Dead link.",
                    f"This address did not work when checked on {result.checked_date} ({result.reason or 'dead'}):",
                    url,
                )
            )
    return flags


def template_globals(renderer: Renderer) -> dict[str, Any]:
    """What `_contribute.j2` and `quality.md.j2` use: the repository links and the flags."""
    options = renderer.options
    return {
        "repo": options.repo,
        "entry_flags": lambda entry: entry_flags(entry, options.links, options.today),
    }


def pages(renderer: Renderer) -> dict[str, bytes]:
    """The Quality page (and the link-check data beside the other downloads)."""
    options = renderer.options
    report = build_report(renderer.catalogue, options.links, options.today)
    files = {
        "quality/index.md": renderer.page(
            "quality.md.j2",
            URL,
            "Quality",
            "Which entries are stale or have dead links right now: freshness, the last link check, and facts "
            "not yet recorded.",
            report=report,
            warn_days=WARN_DAYS,
            error_days=ERROR_DAYS,
            due_soon_days=DUE_SOON_DAYS,
            verified=verified_within(renderer.catalogue, options.today),
            verified_windows=VERIFIED_WINDOWS,
        )
    }
    if options.links:
        from microskills.check.linkdata import dump_results

        files["data/link-check.json"] = dump_results(options.links).encode("utf-8")
    return files


# --- the weekly issue ------------------------------------------------------------------------------


def _entry_cell(entry: Entry, repo: RepoLinks) -> str:
    return f"[{gfm.text(entry.name)}]({repo.page_url(entry)}) ([edit]({repo.edit_url(entry)}))"


def markdown(report: QualityReport, repo: RepoLinks, *, limit: int = 200) -> str:
    """The report as GitHub Markdown (the weekly issue's body); long lists are cut at `limit` rows."""
    lines = [
        f"# Link and freshness report, {report.today.isoformat()}",
        "",
        f"{report.entries:,} entries, {report.urls:,} links. Entries are flagged {WARN_DAYS} days after "
        f"`last_verified` and fail validation after {ERROR_DAYS}. The same report is on the site's "
        f"[Quality page]({repo.site_url}{URL}).",
        "",
    ]

    def fresh(title: str, rows: list[FreshRow]) -> None:
        lines.extend([f"## {title} ({len(rows)})", ""])
        if not rows:
            lines.extend(["None.", ""])
            return
        lines.extend(["| entry | kind | last verified | days |", "| --- | --- | --- | ---: |"])
        for row in rows[:limit]:
            entry = row.entry
            lines.append(f"| {_entry_cell(entry, repo)} | {entry.kind} | {entry.last_verified} | {row.days} |")
        if len(rows) > limit:
            lines.append(f"| … and {len(rows) - limit} more | | | |")
        lines.append("")

    fresh(f"Over {ERROR_DAYS} days: fails validation", report.out_of_date)
    fresh(f"Possibly out of date: over {WARN_DAYS} days", report.stale)
    lines.extend([f"## Links that do not simply work ({len(report.links)})", ""])
    checked = f"last checked {report.last_check}" if report.last_check else "not checked yet"
    counts = ", ".join(f"{n} {status}" for status, n in report.link_counts.items() if n)
    lines.extend([f"{report.urls:,} links, {checked}: {counts or 'no results'}; {report.unchecked} never checked.", ""])
    if report.links:
        lines.extend(["| link | result | checked | used by |", "| --- | --- | --- | --- |"])
        for link in report.links[:limit]:
            result = link.result
            what = f"{result.text}: {gfm.text(result.reason or '')}"
            if result.target:
                what += f" → {gfm.code(result.target)}"
            used = ", ".join(_entry_cell(e, repo) for e in link.entries[:5])
            if len(link.entries) > 5:
                used += f" and {len(link.entries) - 5} more"
            lines.append(f"| {gfm.code(result.url)} | {what} | {result.checked_date} | {used} |")
        if len(report.links) > limit:
            lines.append(f"| … and {len(report.links) - limit} more | | | |")
        lines.append("")
    # Read by the weekly workflow: 0 closes the findings issue.
    lines.append(f"<!-- findings: {report.findings} -->")
    return "\n".join(lines) + "\n"


SECTION = Section("quality", pages=pages, template_globals=template_globals)
