"""The skills audit at scale (issue 24, part 6): its data file's size and the time to analyse a
1,000-word text on a slow phone.

    python benchmarks/audit.py --entries 10000 [--runs 5] [--site SITE]

Builds a synthetic catalogue (benchmarks/synth.py) of --entries entries, or measures an already
built --site, then prints rows m and n:

- m: `data/audit.json` gzipped (level 6, as rows f and j count), the file only the audit page
  fetches; beside it the planner's data, which the audit fetches too (for the skills' names) and
  the planner already does.
- n: in headless Chromium with the CPU throttled 4× (DevTools `Emulation.setCPUThrottlingRate`,
  as Lighthouse emulates a mid-range phone), from pressing Analyse to the found skills and the
  highlighted text drawn, for a 1,000-word English text (a job ad's sentences around labels of
  the catalogue's own skills, so there is much to find and draw): the marks audit.js sets
  (performance.mark "ms-audit:analyse" to "ms-audit:drawn"). A fresh context (a cold cache) each
  run, the median reported, beside the matching alone ("analyse" to "matched"). The notes add
  the time to the pathways and credentials that cover the skills, drawn just after them
  ("covered"), and the index built once on load ("fetched" to "indexed"), also throttled.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/audit.py`
    sys.path.insert(0, str(REPO))

from benchmarks import kit as bench  # noqa: E402
from benchmarks import synth  # noqa: E402
from benchmarks.planner import PLANNER_DATA, _unfront, build, gzipped  # noqa: E402

AUDIT_DATA = "data/audit.json"
TARGET_BYTES = 80_000
TARGET_MS = 100.0
RUNS = 5
THROTTLE = 4
WORDS = 1000
#: The sentences of the text, around the skills' labels ({} is a label).
SENTENCES = (
    "We are looking for a colleague with {} to join our growing team.",
    "You will use {} every day, and an excellent go-getter attitude matters more than R&D experience.",
    "Experience with {} is a plus; strong social skills and a willingness to learn are essential.",
    "Our clients expect {} and clear reports.",
)
MARKS = """() => Object.fromEntries(performance.getEntriesByType('mark')
    .filter(m => m.name.startsWith('ms-audit:')).map(m => [m.name.slice(9), m.startTime]))"""


def job_ad(site: Path, words: int = WORDS) -> str:
    """An English text of about `words` words naming skills of the site's catalogue by their
    labels (the first of each skill's, as data/audit.json lists them) and names."""
    audit = json.loads((site / AUDIT_DATA).read_text(encoding="utf-8"))
    planner = json.loads((site / PLANNER_DATA).read_text(encoding="utf-8"))
    labels = _unfront(audit["terms"])[::7] + _unfront(planner["skills"]["name"])[::11]
    out: list[str] = []
    count = 0
    k = 0
    while count < words:
        sentence = SENTENCES[k % len(SENTENCES)].format(labels[k % len(labels)])
        out.append(sentence)
        count += len(sentence.split())
        k += 1
    return " ".join(out)


def measure_browser(site: Path, runs: int, timeout_ms: int = 120_000) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    text = job_ad(site)
    drawn: list[float] = []
    matched: list[float] = []
    indexed: list[float] = []
    covered: list[float] = []
    found: list[int] = []
    with bench.serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_FLAGS)
        try:
            for _ in range(runs):
                context = browser.new_context()  # a cold cache every run
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                page.goto(base + "audit/")
                page.wait_for_selector("#ms-audit[data-state=ready]", timeout=timeout_ms)
                page.fill("#ms-audit-text", text)
                page.locator("#ms-audit button[type=submit]").click()
                page.wait_for_selector("#ms-audit[data-state=done]", timeout=timeout_ms)
                marks = page.evaluate(MARKS)
                drawn.append(marks["drawn"] - marks["analyse"])
                matched.append(marks["matched"] - marks["analyse"])
                indexed.append(marks["indexed"] - marks["fetched"])
                covered.append(marks["covered"] - marks["analyse"])
                found.append(page.locator(".ms-audit__skill").count())
                context.close()
        finally:
            browser.close()
    return {
        "words": len(text.split()),
        "drawn_ms": drawn,
        "matched_ms": matched,
        "indexed_ms": indexed,
        "covered_ms": covered,
        "skills_chosen": found,
    }


def measure(site: Path, runs: int, *, browser: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {
        "audit_bytes": gzipped(site / AUDIT_DATA),
        "planner_bytes": gzipped(site / PLANNER_DATA),
    }
    if browser:
        result.update(measure_browser(site, runs))
    return result


def rows(result: dict[str, Any], entries: int) -> list[bench.Row]:
    audit = result["audit_bytes"]
    out = [
        bench.Row(
            "m",
            f"skills audit data file, {entries:,} entries: `data/audit.json` (only /audit/ fetches it) vs "
            "`data/planner.json`, which it also reads for the skills' names (gzip level 6)",
            f"{audit / 1000:,.1f} kB",
            f"{result['planner_bytes'] / 1000:,.1f} kB",
            f"{audit / result['planner_bytes']:.2f}×",
            f"≤ {TARGET_BYTES // 1000} kB",
            audit <= TARGET_BYTES,
        )
    ]
    if "drawn_ms" in result:
        ms = statistics.median(result["drawn_ms"])
        out.append(
            bench.Row(
                "n",
                f"skills audit, {entries:,} entries: analysing a {result['words']:,}-word text, from Analyse to the "
                f"skills and highlights drawn (headless Chromium, CPU throttled {THROTTLE}×, median of "
                f"{len(result['drawn_ms'])}) vs the matching alone",
                f"{ms:.0f} ms",
                f"{statistics.median(result['matched_ms']):.0f} ms",
                "—",
                f"≤ {TARGET_MS:.0f} ms",
                ms <= TARGET_MS,
            )
        )
    return out


def report(result: dict[str, Any], entries: int, command: str) -> str:
    lines = [bench.markdown_table(rows(result, entries))]
    lines.append(f"Command: `{command}`.")
    if "indexed_ms" in result:
        lines.append(
            f"Notes: the pathways and credentials that cover the skills are drawn just after them "
            f"({statistics.median(result['covered_ms']):.0f} ms from Analyse, median); "
            f"the index of every term is built once when the page has its data "
            f"({statistics.median(result['indexed_ms']):.0f} ms, median, throttled {THROTTLE}×); each run found "
            f"{statistics.median(result['skills_chosen']):.0f} skills chosen (found exactly)."
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skills audit data size and analysis time.")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=RUNS, help="browser runs; the median is reported")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--site", type=Path, default=None, help="measure this built site instead of building one")
    parser.add_argument("--work", type=Path, default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--no-browser", action="store_true", help="file size only")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="microskills-audit-"))
    site = args.site or build(args.entries, work, synth.DEFAULT_TODAY.isoformat(), args.seed)
    result = measure(site, args.runs, browser=not args.no_browser)
    command = " ".join(["python", "benchmarks/audit.py", *(argv if argv is not None else sys.argv[1:])])
    print(report(result, args.entries, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
