"""Did-you-mean amplification: 3,000 one-line skill files that fail the schema (their ids still
count as existing) and one pathway whose 1,500 references (the schema's maximum: 30 stages of 50)
each miss one of those ids by one letter. Every reference is unknown and has a near match; with
difflib over every id for every reference this took 81 s (9 million comparisons)."""

from pathlib import Path

INVALID = 3_000
STAGES, PER_STAGE = 30, 50


def make(root: Path) -> None:
    for i in range(INVALID):
        skill_id = f"near-miss-skill-{i:05d}"
        (root / "skills" / f"{skill_id}.yaml").write_text(f"id: {skill_id}\n", encoding="utf-8")
    lines = [
        "id: near-miss-pathway",
        "name: Near-miss pathway",
        "description: Every reference misses an existing id by one letter.",
        "goal: Slow validation",
        "stages:",
    ]
    for stage in range(STAGES):
        lines += [f"  - name: Stage {stage + 1}", "    rule: all", "    items:"]
        lines += [f"      - skill: near-miss-skil-{stage * PER_STAGE + i:05d}" for i in range(PER_STAGE)]
    lines += ["sources:", "  - https://example.org/near-miss", "last_verified: 2026-11-21"]
    (root / "pathways" / "near-miss-pathway.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
