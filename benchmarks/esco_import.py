"""ESCO import at scale, side by side with the obvious alternative.

    python benchmarks/esco_import.py [--entries 10000] [--rows 14000] [--sample 40] [--quick]

Makes the 10,000-entry synthetic catalogue (benchmarks/synth.py) and a synthetic ESCO skills CSV
in the official download's layout (newline-separated alternative labels, long descriptions) of
about the size of the full ESCO skills file, then measures, each as a subprocess:

  g. `microskills import esco CSV CATALOGUE --match-only` (streaming, rapidfuzz) against loading
     the whole CSV into memory and matching with difflib.get_close_matches. difflib is far too
     slow to run over the whole catalogue, so it runs on --sample skills and its time is
     extrapolated linearly (said so in the table);
  h. peak memory (ru_maxrss) of the import at a quarter of the rows and at all of them, against the
     whole-file alternative: the streaming import's memory does not grow with the file.

Prints a Markdown table (also written to --results). A measuring tool: exit 0 unless a command fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402
from benchmarks.kit import checked, measure, mebibytes, ratio_text, seconds  # noqa: E402

VENDORED = REPO / "tests" / "standards" / "esco-1.2.0" / "digitalSkillsCollection_en.csv"
RESULTS = REPO / "benchmarks" / "esco_results.md"
COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"]


def catalogue_labels(catalogue: Path) -> list[str]:
    """Alternative labels of the catalogue's skills (what ESCO alternative labels often equal)."""
    import yaml

    found: list[str] = []
    for path in sorted((catalogue / "skills").glob("*.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")).get("alt_labels", [])[:1]
    return found


def synthetic_csv(path: Path, rows: int, plant: list[str], seed: int = 0) -> None:
    """ESCO-like rows: words of the real digital skills collection recombined, and one row in ten
    phrased like a synthetic catalogue skill, with one of the catalogue's labels among its
    alternative labels, so that matches exist to be found."""
    rng = random.Random(seed)
    with VENDORED.open(encoding="utf-8", newline="") as handle:
        real = list(csv.DictReader(handle))
    words = sorted({w for r in real for w in r["preferredLabel"].split() if w.isalpha()})
    descriptions = [r["description"] for r in real if r["description"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for i in range(rows):
            if i % 10 == 0:
                label = f"{rng.choice(synth.VERBS).lower()} {rng.choice(synth.NOUNS)}"
            else:
                label = " ".join(rng.sample(words, rng.randint(1, 4)))
            alternatives = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(rng.randint(0, 8))]
            if i % 10 == 0 and plant:
                alternatives.append(rng.choice(plant))
            writer.writerow(
                {
                    "conceptType": "KnowledgeSkillCompetence",
                    "conceptUri": f"http://data.europa.eu/esco/skill/{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                    "skillType": rng.choice(("skill/competence", "knowledge")),
                    "reuseLevel": rng.choice(("sector-specific", "cross-sector", "occupation-specific")),
                    "preferredLabel": label,
                    "altLabels": "\n".join(alternatives),
                    "description": rng.choice(descriptions),
                }
            )


def naive(csv_path: Path, catalogue: Path, sample: int, today: str) -> dict[str, float]:
    """The alternative: the whole file in memory, difflib for each catalogue label."""
    import difflib

    from microskills.check.pipeline import check

    start = time.perf_counter()
    skills = sorted(check(catalogue, today=dt.date.fromisoformat(today)).catalogue.skills.values(), key=lambda s: s.id)
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels: list[str] = []
    for row in rows:
        labels.append(row["preferredLabel"].casefold())
        labels.extend(a.casefold() for a in row["altLabels"].splitlines() if a)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for skill in skills[:sample]:
        for text in [skill.name, *skill.alt_labels]:
            difflib.get_close_matches(text.casefold(), labels, n=3, cutoff=0.8)
    matching = time.perf_counter() - start
    return {
        "load_seconds": loaded,
        "match_seconds": matching,
        "sampled": min(sample, len(skills)),
        "skills": len(skills),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the ESCO import against whole-file difflib matching.")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=14_000)
    parser.add_argument("--sample", type=int, default=40, help="catalogue skills difflib matches (extrapolated)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for smoke tests")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--naive", nargs=2, metavar=("CSV", "CATALOGUE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    today = synth.DEFAULT_TODAY.isoformat()
    if args.naive:
        print(json.dumps(naive(Path(args.naive[0]), Path(args.naive[1]), args.sample, today)))
        return 0
    entries, rows = (200, 800) if args.quick else (args.entries, args.rows)
    work = Path(tempfile.mkdtemp(prefix="microskills-esco-bench-"))
    try:
        catalogue = work / "catalogue"
        counts = synth.generate(entries, catalogue, seed=0, today=synth.DEFAULT_TODAY)
        full, quarter = work / "full.csv", work / "quarter.csv"
        labels = catalogue_labels(catalogue)
        synthetic_csv(full, rows, labels)
        synthetic_csv(quarter, rows // 4, labels)
        # `python -m microskills` from the repository: the code of this checkout, as a contributor runs it.
        command = [sys.executable, "-m", "microskills", "import", "esco"]
        ours = checked(measure([*command, str(full), str(catalogue), "--match-only", "--today", today]), "import")
        small = checked(measure([*command, str(quarter), str(catalogue), "--match-only", "--today", today]), "import")
        validate = checked(
            measure([sys.executable, "-m", "microskills", "validate", str(catalogue), "--today", today]), "validate"
        )
        other = checked(
            measure([sys.executable, __file__, "--sample", str(args.sample), "--naive", str(full), str(catalogue)]),
            "difflib alternative",
        )
        figures = json.loads(other.stdout.strip().splitlines()[-1])
        extrapolated = figures["load_seconds"] + figures["match_seconds"] * figures["skills"] / figures["sampled"]
        summary = ours.stdout.strip().splitlines()[-1]
        lines = [
            f"# ESCO import: {rows:,}-row synthetic ESCO CSV, {entries:,}-entry synthetic catalogue "
            f"({counts['skills']:,} skills)",
            "",
            f"`python benchmarks/esco_import.py{' --quick' if args.quick else ''}` on "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d}; one run each; load average at the end "
            f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores (other work slows every "
            f"number). Import summary: {summary}",
            "",
            "| measurement | ours | alternative | ratio |",
            "| --- | ---: | ---: | ---: |",
            f"| g. time: `microskills import esco --match-only` (streamed, rapidfuzz) vs whole file in memory + "
            f"difflib (extrapolated from {figures['sampled']} of {figures['skills']:,} skills) "
            f"| {seconds(ours.seconds)} | {seconds(extrapolated)} | {ratio_text(ours.seconds / extrapolated)} |",
            f"| g. of which checking the catalogue: `microskills validate` of the same catalogue "
            f"| {seconds(validate.seconds)} | — | {ratio_text(validate.seconds / ours.seconds)} of ours |",
            f"| h. peak memory (ru_maxrss): streamed import of {rows:,} rows vs whole file in memory "
            f"| {mebibytes(ours.max_rss)} | {mebibytes(other.max_rss)} | {ratio_text(ours.max_rss / other.max_rss)} |",
            f"| h. peak memory of the streamed import: {rows:,} rows vs {rows // 4:,} rows (bounded: the same) "
            f"| {mebibytes(ours.max_rss)} | {mebibytes(small.max_rss)} | {ratio_text(ours.max_rss / small.max_rss)} |",
            "",
            "Both sides load and check the catalogue first (about the same cost); the alternative's time is its "
            "loading plus difflib's time per skill times the number of skills.",
        ]
        text = "\n".join(lines) + "\n"
        print(text)
        if not args.quick:
            args.results.write_text(text, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
