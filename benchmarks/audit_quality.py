"""How well the skills audit (issue 24, part 5) finds the skills a real text names: precision and
recall over a hand-labelled set of real job advertisements and course outlines.

    python benchmarks/audit_quality.py [--texts tests/audit-texts] [--catalogue catalogue] [--per-text]

The texts are tests/audit-texts/*.yaml (their README says how they were labelled). The audit is run
as the page runs it: the bundled catalogue is checked, its `data/planner.json` and `data/audit.json`
are made by the generator's own functions, and tests/js/audit-texts.mjs runs the page's module
(docs/assets/skill-audit.js) under Node.js over every text at once. What counts is what the page
chooses for the visitor: the exact matches (inferred ones are listed but not chosen).

Beside it, the naive alternative: the same terms (names, bare names, other labels, exact ESCO
labels) found as plain case-insensitive substrings. Both are scored by micro precision and recall
over all texts (true positives summed over texts); a `not_expected` skill (a trap such as "Java"
in "Javascript") found at all, exactly or inferred, is counted apart and must never happen.

Prints row o of benchmarks/results.md; exit code 0 (a measuring tool) unless --check is given and a
target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/audit_quality.py`
    sys.path.insert(0, str(REPO))
if str(REPO / "generator") not in sys.path:
    sys.path.insert(0, str(REPO / "generator"))

from microskills.check.pipeline import check  # noqa: E402
from microskills.site.sections.audit_data import audit_data  # noqa: E402
from microskills.site.sections.planner_data import planner_data  # noqa: E402

from benchmarks.kit import Row, markdown_table, reference_date  # noqa: E402

TEXTS = REPO / "tests" / "audit-texts"
CATALOGUE = REPO / "catalogue"
DRIVER = REPO / "tests" / "js" / "audit-texts.mjs"
TARGET_PRECISION = 0.85
TARGET_RECALL = 0.75
KINDS = ("job-ad", "course-outline")


@dataclass(frozen=True)
class Text:
    id: str
    kind: str
    source: str
    title: str
    text: str
    expected: frozenset[str]
    not_expected: frozenset[str]


@dataclass
class Score:
    """True positives, false positives and false negatives, summed over texts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: set[str], expected: frozenset[str]) -> None:
        self.tp += len(found & expected)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Result:
    texts: list[Text]
    found: dict[str, dict[str, list[str]]]
    audit: Score = field(default_factory=Score)
    naive: Score = field(default_factory=Score)
    #: (text id, skill id) of every not_expected skill the audit found, exactly or inferred
    traps: list[tuple[str, str]] = field(default_factory=list)
    naive_traps: list[tuple[str, str]] = field(default_factory=list)
    match_ms: float = 0.0
    index_ms: float = 0.0


def load_texts(folder: Path = TEXTS) -> list[Text]:
    """The labelled texts; a malformed file is an error naming it."""
    out: list[Text] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: not a mapping")
        missing = {"id", "kind", "source", "title", "retrieved", "text", "expected"} - set(data)
        if missing:
            raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
        if data["kind"] not in KINDS or data["id"] != path.stem:
            raise ValueError(f"{path}: kind must be one of {KINDS} and id the file's name")
        out.append(
            Text(
                id=data["id"],
                kind=data["kind"],
                source=data["source"],
                title=data["title"],
                text=data["text"],
                expected=frozenset(data["expected"] or ()),
                not_expected=frozenset(data.get("not_expected") or ()),
            )
        )
    return out


def site_data(catalogue: Path = CATALOGUE) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """The planner's and the audit's data files as the site build writes them, and the skill ids."""
    today = reference_date(catalogue, dt.date(2026, 12, 1))
    result = check(catalogue, today=today)
    if result.failed():
        raise RuntimeError(f"{catalogue} does not validate")
    cat = result.catalogue
    return planner_data(cat, today), audit_data(cat, today), set(cat.skills)


def run_audit(texts: Sequence[Text], planner: dict[str, Any], audit: dict[str, Any]) -> dict[str, Any]:
    """The audit page's matching (and the naive baseline) on every text, in one Node.js run."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is missing: `make test` installs it (scripts/ensure-node.sh)")
    payload = {"planner": planner, "audit": audit, "texts": [{"id": t.id, "text": t.text} for t in texts]}
    proc = subprocess.run(
        [node, str(DRIVER)], input=json.dumps(payload), capture_output=True, text=True, timeout=300, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def evaluate(texts: Sequence[Text] | None = None, catalogue: Path = CATALOGUE) -> Result:
    texts = list(texts if texts is not None else load_texts())
    planner, audit, skill_ids = site_data(catalogue)
    unknown = sorted({(t.id, s) for t in texts for s in t.expected | t.not_expected if s not in skill_ids})
    if unknown:
        raise ValueError(f"labels name skills the catalogue lacks: {unknown}")
    raw = run_audit(texts, planner, audit)
    result = Result(texts=texts, found={t.id: raw[t.id] for t in texts})
    result.match_ms = float(raw["match_ms"])
    result.index_ms = float(raw["index_ms"])
    for t in texts:
        found = raw[t.id]
        result.audit.add(set(found["exact"]), t.expected)
        result.naive.add(set(found["naive"]), t.expected)
        anywhere = set(found["exact"]) | set(found["inferred"])
        result.traps += [(t.id, s) for s in sorted(t.not_expected & anywhere)]
        result.naive_traps += [(t.id, s) for s in sorted(t.not_expected & set(found["naive"]))]
    return result


def per_text(result: Result) -> str:
    lines = [
        "| text | kind | expected | found | tp | fp | fn | naive tp / fp |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in result.texts:
        found = set(result.found[t.id]["exact"])
        naive = set(result.found[t.id]["naive"])
        lines.append(
            f"| {t.id} | {t.kind} | {len(t.expected)} | {len(found)} | {len(found & t.expected)} | "
            f"{len(found - t.expected)} | {len(t.expected - found)} | "
            f"{len(naive & t.expected)} / {len(naive - t.expected)} |"
        )
    return "\n".join(lines) + "\n"


def misses(result: Result) -> str:
    """Every false positive and false negative, to read when the figures move."""
    lines = []
    for t in result.texts:
        found = set(result.found[t.id]["exact"])
        fp, fn = sorted(found - t.expected), sorted(t.expected - found)
        if fp or fn:
            lines.append(f"- {t.id}: false {', '.join(fp) or '—'}; missed {', '.join(fn) or '—'}")
    return "\n".join(lines) + "\n"


def rows(result: Result) -> list[Row]:
    jobs = sum(t.kind == "job-ad" for t in result.texts)
    a, n = result.audit, result.naive
    met = a.precision >= TARGET_PRECISION and a.recall >= TARGET_RECALL and not result.traps
    return [
        Row(
            "o",
            f"skills audit quality (issue 24): micro precision / recall of the skills chosen (exact matches) on "
            f"{len(result.texts)} hand-labelled real texts ({jobs} job ads, {len(result.texts) - jobs} course "
            f"outlines, {a.tp + a.fn} expected skills; `benchmarks/audit_quality.py`) vs a naive case-insensitive "
            f"substring search of the same terms; traps (e.g. Java in Javascript) found: "
            f"{len(result.traps)} vs {len(result.naive_traps)}",
            f"{a.precision:.2f} / {a.recall:.2f}",
            f"{n.precision:.2f} / {n.recall:.2f}",
            "—",
            f"≥ {TARGET_PRECISION:.2f} / ≥ {TARGET_RECALL:.2f}, no trap",
            met,
        )
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skills audit precision and recall on labelled real texts.")
    parser.add_argument("--texts", type=Path, default=TEXTS)
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE)
    parser.add_argument("--per-text", action="store_true", help="print each text's counts and every miss")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    result = evaluate(load_texts(args.texts), args.catalogue)
    if args.per_text:
        print(per_text(result))
        print(misses(result))
    print(markdown_table(rows(result)))
    print(
        f"Exact and inferred together: the audit found {sum(len(f['inferred']) for f in result.found.values())} "
        f"skills inferred besides. Matching all {len(result.texts)} texts took {result.match_ms:.1f} ms "
        f"(index built once in {result.index_ms:.0f} ms), Node.js, unthrottled."
    )
    if result.traps:
        print("Traps found: " + ", ".join(f"{s} in {t}" for t, s in result.traps))
    ok = rows(result)[0].met
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
