"""Hostile-scale catalogues for the two amplification cases of issue 9, and their timing.

    python benchmarks/amplification.py pathways --pathways 200 [--out DIR]
    python benchmarks/amplification.py hints --invalid 3000 --pathways 1 [--out DIR]

- `pathways`: P pathways of 30 stages × 50 credentials (the schema's maximum, 1,500 items each)
  over one shared set of 1,500 credentials, so every credential and skill is in every pathway.
  Linking with list-membership tests took time quadratic in P (102 s at P=200).
- `hints`: INVALID one-line skill files (no required field, so they fail the schema but still
  count as existing ids) plus pathways of 1,500 references that each miss one of them by one
  letter, so every reference is unknown and has a near match. Each did-you-mean hint used to
  compare the reference with every known id in difflib (81 s for 3,000 files and 1 pathway).

Both print `microskills validate`'s wall time; `benchmarks/run.py` measures them at the sizes of
the issue and at ten times those sizes (rows g and h). The files are deterministic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/amplification.py`
    sys.path.insert(0, str(REPO))

from benchmarks import synth  # noqa: E402

STAGES = 30
PER_STAGE = 50
#: A base catalogue of this many entries has at least STAGES × PER_STAGE credentials.
PATHWAY_BASE_ENTRIES = 3_600
HINT_BASE_ENTRIES = 200
MISS_PREFIX = "near-miss-skill-"


def _pathway_text(pathway_id: str, name: str, stages: list[list[tuple[str, str]]], today: dt.date) -> str:
    lines = [
        f"id: {pathway_id}",
        f"name: {name}",
        "description: A synthetic pathway for measuring how linking scales with many large pathways.",
        "goal: Synthetic role",
        "stages:",
    ]
    for index, items in enumerate(stages):
        lines += [f"  - name: Stage {index + 1}", "    rule: all", "    items:"]
        lines += [f"      - {kind}: {target}" for kind, target in items]
    lines += ["sources:", "  - https://example.org/synthetic-pathway", f"last_verified: {today.isoformat()}"]
    return "\n".join(lines) + "\n"


def pathway_catalogue(out: Path, pathways: int, today: dt.date = synth.DEFAULT_TODAY) -> dict[str, int]:
    """A clean synthetic catalogue plus `pathways` pathways of 30 stages × 50 shared credentials."""
    counts = synth.generate(PATHWAY_BASE_ENTRIES, out, today=today)
    credentials = sorted(p.name[: -len(".yaml")] for p in (out / "credentials").glob("*.yaml"))
    needed = STAGES * PER_STAGE
    if len(credentials) < needed:  # pragma: no cover - depends on synth's proportions
        raise SystemExit(f"the base catalogue has {len(credentials)} credentials, fewer than {needed}")
    shared = credentials[:needed]
    for p in range(pathways):
        stages = [[("credential", c) for c in shared[s * PER_STAGE : (s + 1) * PER_STAGE]] for s in range(STAGES)]
        pathway_id = f"heavy-pathway-{p:05d}"
        text = _pathway_text(pathway_id, f"Synthetic heavy pathway {p:05d}", stages, today)
        (out / "pathways" / f"{pathway_id}.yaml").write_text(text, encoding="utf-8")
    counts["pathways"] += pathways
    return counts


def hint_catalogue(out: Path, invalid: int, pathways: int, today: dt.date = synth.DEFAULT_TODAY) -> dict[str, int]:
    """`invalid` one-line skill files that fail the schema, and `pathways` pathways of 1,500
    references that each miss one of those ids by one letter."""
    counts = synth.generate(HINT_BASE_ENTRIES, out, today=today)
    for i in range(invalid):
        skill_id = f"{MISS_PREFIX}{i:05d}"
        (out / "skills" / f"{skill_id}.yaml").write_text(f"id: {skill_id}\n", encoding="utf-8")
    per_pathway = STAGES * PER_STAGE
    for p in range(pathways):
        misses = [
            ("skill", f"near-miss-skil-{(p * per_pathway + i) % max(invalid, 1):05d}") for i in range(per_pathway)
        ]
        stages = [misses[s * PER_STAGE : (s + 1) * PER_STAGE] for s in range(STAGES)]
        pathway_id = f"near-miss-pathway-{p:03d}"
        text = _pathway_text(pathway_id, f"Synthetic near-miss pathway {p:03d}", stages, today)
        (out / "pathways" / f"{pathway_id}.yaml").write_text(text, encoding="utf-8")
    counts["skills"] += invalid
    counts["pathways"] += pathways
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("case", choices=["pathways", "hints"])
    parser.add_argument("--pathways", type=int, default=1)
    parser.add_argument("--invalid", type=int, default=3_000)
    parser.add_argument("--out", type=Path, default=None, help="where to write the catalogue (default: temporary)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=synth.DEFAULT_TODAY)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="microskills-amplification-")) / "catalogue"
    if args.case == "pathways":
        counts = pathway_catalogue(out, args.pathways, args.today)
    else:
        counts = hint_catalogue(out, args.invalid, args.pathways, args.today)
    print(f"Wrote {sum(counts.values()):,} entries to {out}: {counts}")
    import subprocess

    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "microskills",
            "validate",
            str(out),
            "--format",
            "json",
            "--today",
            args.today.isoformat(),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"microskills validate: exit {proc.returncode}, {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
