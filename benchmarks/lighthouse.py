"""Lighthouse on the built site, as the web measures it (issue 23).

    python benchmarks/lighthouse.py [--site SITE] [--runs 3]

Serves a built site (default: build the bundled catalogue) on 127.0.0.1 gzip-compressed as a
static host would (`run.serve(compress=True)`), and runs Lighthouse (the npm package pinned in
`tools/lighthouse/`, installed with `npm ci`) with its default mobile settings on Debian's
Chromium (`/usr/bin/chromium`, headless) over the pages issue 23 names: the home page, a
credential, Explore with a query and with a filter, the planner and Compare. Each page runs
`--runs` times; the table prints the median of each score and of the layout shift (CLS), beside
the targets: performance >= 95; accessibility, best practices and SEO 100; CLS <= 0.05.
Lighthouse's simulated throttling (a mid-range phone on a slow 4G link) is what the scores mean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/lighthouse.py`
    sys.path.insert(0, str(REPO))

from benchmarks.kit import serve  # noqa: E402

TOOL = REPO / "tools" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
PAGES = (
    ("Home", ""),
    ("A credential", "credentials/comptia-security-plus/"),
    ("Explore, a query", "search/?q=security"),
    ("Explore, a filter", "search/?Kind=Credential"),
    ("Planner", "plan/?pathway=soc-analyst-tier-1"),
    ("Compare", "compare/?ids=comptia-security-plus,isc2-sscp,ec-council-ceh"),
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_TARGET = 0.05


def install() -> None:
    """`npm ci` the pinned Lighthouse once (tools/lighthouse/package-lock.json)."""
    if not CLI.is_file():
        subprocess.run(
            ["npm", "ci", "--prefix", str(TOOL), "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            check=True,
        )


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run: the four category scores (0-100) and the cumulative layout shift."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
        timeout=300,
    )
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["cls"] = float(report["audits"]["cumulative-layout-shift"]["numericValue"])
    return scores


def build_site(work: Path) -> Path:
    site = work / "site"
    subprocess.run(
        [str(REPO / ".venv" / "bin" / "microskills"), "build", str(REPO / "catalogue"), "--out", str(site),
         "--build-dir", str(work / "build")],
        check=True,
    )  # fmt: skip
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=None, help="a built site (default: build the bundled catalogue)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is reported")
    args = parser.parse_args(argv)
    if not shutil.which("node") or not Path(CHROMIUM).exists():
        print("needs Node.js and /usr/bin/chromium (`make test` installs both)", file=sys.stderr)
        return 1
    install()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = args.site or build_site(work)
        rows = []
        with serve(site, compress=True) as base:
            for name, path in PAGES:
                runs = [lighthouse(base + path, work / f"report-{k}.json") for k in range(args.runs)]
                rows.append((name, path, {key: statistics.median(r[key] for r in runs) for key in runs[0]}))
    print("| page | performance | accessibility | best practices | SEO | layout shift | targets met? |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | :---: |")
    for name, path, median in rows:
        met = all(median[c] >= TARGETS[c] for c in CATEGORIES) and median["cls"] <= CLS_TARGET
        print(
            f"| {name} (`/{path}`) | {median['performance']:.0f} | {median['accessibility']:.0f} | "
            f"{median['best-practices']:.0f} | {median['seo']:.0f} | {median['cls']:.3f} | {'yes' if met else 'no'} |"
        )
    print(f"\nTargets: performance >= 95, accessibility, best practices and SEO 100, layout shift <= {CLS_TARGET}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
