"""The skills-gap planner at scale: its data file's size and the time to the first plan.

    python benchmarks/planner.py --entries 10000 [--runs 9] [--site SITE]

Builds a synthetic catalogue (benchmarks/synth.py) of --entries entries, or measures an already
built --site, then prints rows j and k of benchmarks/run.py side by side with the alternative: the
whole `data/catalogue.json` download as the planner's data. For each run a fresh headless
Chromium context (a cold cache) opens /plan/ on a pathway with two of its skills marked and reads
the marks planner.js sets (performance.mark "ms-planner:*") once the first plan is on the page.
Row k is the time from the planner's start to that plan painted: taking over the data the page
preloads while the theme loads, parsing and decoding it, the plan search and drawing the plan,
and whatever of the theme's runs in the same moments (its timers and observers, the paint). The
planner starts once the theme has started its components on DOMContentLoaded (planner.js says
why); before 2026-12-02 it started just before them, and row k counted their 30-50 ms too, with
the plan on screen no sooner than now. The notes add the time since the navigation started
(which adds the theme's page load before the planner, measured on a plain page of the site for
comparison) and the reader's wait: from the form with "Loading the catalogue…" on screen to the
plan. The alternative cannot plan at all, so its time is what fetching and parsing catalogue.json
alone takes in the same page: a lower bound of a planner built on it. Nothing of the benchmark's
runs in the page while it is measured (see DONE_SIGNAL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/planner.py`
    sys.path.insert(0, str(REPO))

from benchmarks import kit as bench  # noqa: E402
from benchmarks import synth  # noqa: E402

PLANNER_DATA = "data/planner.json"
CATALOGUE_DATA = "data/catalogue.json"
TARGET_BYTES = 150_000
TARGET_MS = 200.0
#: Browser runs for row k (its median): one run on a shared two-core machine can be twice another.
RUNS = 9


def gzipped(path: Path, level: int = 6) -> int:
    """Bytes a static host that compresses would send (gzip level 6, as row f counts)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=level, mtime=0))


def first_plan_url(site: Path) -> str:
    """A pathway from the middle of the catalogue with two of its skills marked, as a shared
    address would open it."""
    data = json.loads((site / PLANNER_DATA).read_text(encoding="utf-8"))
    ids = _unfront(data["pathways"]["id"])
    skills = _unfront(data["skills"]["id"])
    middle = len(ids) // 2
    marked: list[str] = []
    previous = 0
    for row in data["pathways"]["stages"][middle]:
        for value in row[2:]:
            if value % 2 == 0:  # a skill: see microskills/site/sections/planner_data.py
                zigzag = value // 2
                previous += -(zigzag + 1) // 2 if zigzag % 2 else zigzag // 2
                if len(marked) < 2:
                    marked.append(skills[previous])
    return f"plan/?pathway={ids[middle]}" + "".join(f"&have={s}" for s in marked)


def _unfront(values: list[str]) -> list[str]:
    out: list[str] = []
    previous = ""
    for value in values:
        head, colon, rest = value.partition(":")
        if colon and head.isdigit():
            value = previous.encode("utf-16-le")[: 2 * int(head)].decode("utf-16-le") + rest
        out.append(value)
        previous = value
    return out


#: Added to every page before its own scripts: tells the benchmark, by a console message, when the
#: planner has finished. Waiting for it this way runs nothing in the page while the plan is being
#: made (Playwright's own waits inject a script of theirs, which took ~18 ms of the planner's time).
DONE_MESSAGE = "microskills-benchmark: planner done"
DONE_SIGNAL = (
    "new MutationObserver(function (records, observer) {"
    "  var root = document.getElementById('ms-planner');"
    "  if (root && root.getAttribute('data-state') === 'done') {"
    f"    observer.disconnect(); console.debug({DONE_MESSAGE!r});"
    "  }"
    "}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});"
)
#: What planner.js marks (performance.mark "ms-planner:<name>"), read after the plan is painted.
MARKS = """() => {
    const out = {};
    for (const mark of performance.getEntriesByType("mark")) {
        if (mark.name.startsWith("ms-planner:")) out[mark.name.slice(11)] = mark.startTime;
    }
    return out;
}"""


def measure_browser(site: Path, runs: int, timeout_ms: int = 120_000) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    address = first_plan_url(site)
    planner: list[float] = []
    first_plan: list[float] = []
    waiting: list[float] = []
    plain_page: list[float] = []
    parse_planner: list[float] = []
    parse_catalogue: list[float] = []
    with bench.serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_FLAGS)
        try:
            for _ in range(runs):
                context = browser.new_context()  # a cold cache every run
                context.add_init_script(DONE_SIGNAL)
                page = context.new_page()
                with page.expect_console_message(lambda message: message.text == DONE_MESSAGE, timeout=timeout_ms):
                    page.goto(base + address, wait_until="commit")
                marks = page.evaluate(MARKS)
                planner.append(marks["painted"] - marks["start"])
                first_plan.append(marks["painted"])
                # The reader's wait: from the form and "Loading the catalogue…" on screen to the plan.
                waiting.append(marks["painted"] - min(marks.get("shown", marks["start"]), marks["painted"]))
                timings = page.evaluate(
                    """async (urls) => {
                        const out = [];
                        for (const url of urls) {
                            const start = performance.now();
                            const response = await fetch(url, {cache: "no-store"});
                            await response.json();
                            out.push(performance.now() - start);
                        }
                        return out;
                    }""",
                    [base + PLANNER_DATA, base + CATALOGUE_DATA],
                )
                parse_planner.append(timings[0])
                parse_catalogue.append(timings[1])
                context.close()
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "glossary/", wait_until="domcontentloaded")
                plain_page.append(
                    page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
                )
                context.close()
        finally:
            browser.close()
    return {
        "address": "/" + address,
        "planner_ms": planner,
        "first_plan_ms": first_plan,
        "waiting_ms": waiting,
        "plain_page_ms": plain_page,
        "fetch_parse_planner_ms": parse_planner,
        "fetch_parse_catalogue_ms": parse_catalogue,
    }


def measure(site: Path, runs: int, *, browser: bool = True) -> dict[str, Any]:
    planner, catalogue = site / PLANNER_DATA, site / CATALOGUE_DATA
    result: dict[str, Any] = {
        "planner_bytes": planner.stat().st_size,
        "planner_gzip_bytes": gzipped(planner),
        "catalogue_bytes": catalogue.stat().st_size,
        "catalogue_gzip_bytes": gzipped(catalogue),
    }
    if browser and Path(bench.CHROMIUM).exists():
        result.update(measure_browser(site, runs))
    return result


def rows(result: dict[str, Any], entries: int) -> list[bench.Row]:
    size = bench.Row(
        "j",
        f"planner data file, {entries:,} entries: `{PLANNER_DATA}` vs `{CATALOGUE_DATA}` as the planner's data "
        "(gzip level 6)",
        bench.kilobytes(result["planner_gzip_bytes"]),
        bench.kilobytes(result["catalogue_gzip_bytes"]),
        bench.ratio_text(result["planner_gzip_bytes"] / result["catalogue_gzip_bytes"]),
        f"≤ {TARGET_BYTES / 1000:g} kB",
        result["planner_gzip_bytes"] <= TARGET_BYTES,
        {k: v for k, v in result.items() if k.endswith("bytes")},
    )
    out = [size]
    if "planner_ms" in result:
        ours = statistics.median(result["planner_ms"])
        alternative = statistics.median(result["fetch_parse_catalogue_ms"])
        out.append(
            bench.Row(
                "k",
                f"time to the first plan, {entries:,} entries (headless Chromium, from the planner's start to "
                "the first plan painted, local http.server) vs fetching and parsing catalogue.json alone",
                f"{ours:,.0f} ms",
                f"≥ {alternative:,.0f} ms",
                bench.ratio_text(ours / alternative) if alternative else "—",
                f"≤ {TARGET_MS:g} ms",
                ours <= TARGET_MS,
                {k: v for k, v in result.items() if not k.endswith("bytes")},
            )
        )
    return out


def notes(result: dict[str, Any]) -> list[str]:
    found = [
        f"Rows j and k: uncompressed, `{PLANNER_DATA}` is {bench.kilobytes(result['planner_bytes'])} and "
        f"`{CATALOGUE_DATA}` {bench.kilobytes(result['catalogue_bytes'])}."
    ]
    if "planner_ms" in result:
        found.append(
            f"Row k: first plan measured on `{result['address']}`, "
            f"{statistics.median(result['first_plan_ms']):,.0f} ms after the navigation started, of which the "
            f"theme's page load (a plain page of the site is ready after "
            f"{statistics.median(result['plain_page_ms']):,.0f} ms) comes before the planner starts. The reader "
            f'waits {statistics.median(result["waiting_ms"]):,.0f} ms between the form with "Loading the '
            f'catalogue…" on screen and the plan. Fetching and '
            f"parsing `{PLANNER_DATA}` takes {statistics.median(result['fetch_parse_planner_ms']):,.0f} ms in the "
            f"same page (`{CATALOGUE_DATA}`: {statistics.median(result['fetch_parse_catalogue_ms']):,.0f} ms)."
        )
    return found


RESULTS = REPO / "benchmarks" / "results-planner.md"
DOCS_START, DOCS_END = "<!-- planner results: start -->", "<!-- planner results: end -->"


def report(result: dict[str, Any], entries: int, command: str, load_before: str) -> str:
    """The rows with how and where they were measured (the machine is shared: the load matters)."""
    machine = bench.machine(browser="planner_ms" in result)
    lines = [
        f"Generated by `{command}` on {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}"
        f"; median of {len(result.get('planner_ms', [])) or 1} run(s).",
        "",
        f"- Machine: {machine['cpu']}, {machine['cores']} cores; "
        + (machine.get("chromium") or "no browser")
        + f"; generator at commit {machine['commit']}",
        f"- Load average before {load_before}, after {bench.load_average()}: "
        "other work on the machine slows every number",
        "",
        bench.markdown_table(rows(result, entries)),
        *[f"- {note}" for note in notes(result)],
    ]
    if "planner_ms" in result:
        runs = ", ".join(f"{ms:,.0f}" for ms in sorted(result["planner_ms"]))
        lines.append(f"- Row k, every run (ms, sorted): {runs}.")
    return "\n".join(lines) + "\n"


def update_docs_page(text: str, page: Path = bench.DOCS_PAGE) -> None:
    body = page.read_text(encoding="utf-8")
    start, end = body.index(DOCS_START) + len(DOCS_START), body.index(DOCS_END)
    page.write_text(body[:start] + "\n\n" + text.strip() + "\n\n" + body[end:], encoding="utf-8")


def build(entries: int, work: Path, today: str, seed: int) -> Path:
    catalogue = work / f"catalogue-{entries}"
    synth.generate(entries, catalogue, seed=seed, today=synth.DEFAULT_TODAY)
    paths = bench.Paths.under(work, f"planner-{entries}", catalogue)
    bench.checked(bench.build_ours(paths, today), "microskills build")
    return paths.site


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Planner data size and time to the first plan, side by side.")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=RUNS, help="browser runs; the median is reported")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--site", type=Path, default=None, help="measure this built site instead of building one")
    parser.add_argument("--work", type=Path, default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--no-browser", action="store_true", help="file sizes only")
    parser.add_argument(
        "--write", action="store_true", help=f"also write {RESULTS.name} and the Performance page's planner section"
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="microskills-planner-"))
    site = args.site or build(args.entries, work, synth.DEFAULT_TODAY.isoformat(), args.seed)
    load_before = bench.load_average()
    result = measure(site, args.runs, browser=not args.no_browser)
    command = " ".join(["python", "benchmarks/planner.py", *(argv if argv is not None else sys.argv[1:])])
    text = report(result, args.entries, command, load_before)
    print(text)
    if args.write:
        title = f"# Benchmarks: the skills-gap planner at {args.entries:,} entries\n\n"
        RESULTS.write_text(title + text, encoding="utf-8")
        update_docs_page(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
