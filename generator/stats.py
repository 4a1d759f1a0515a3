"""How complete the catalogue is, per kind and per field, and per comparable fact of credentials.

`microskills stats` prints it for curators (what to look up next); the site's Stats page charts
the same numbers. A fact is filled (a value), marked (looked for, no published figure found) or
not yet recorded; the three always add up to the number of credentials.
"""

from __future__ import annotations

from typing import Any

from generator import fields, kinds
from generator.fields import values_at
from generator.model import Catalogue, Credential, comparable_facts


def completeness(catalogue: Catalogue) -> dict[str, Any]:
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
    credentials: list[Credential] = list(catalogue.credentials.values())
    for fact in comparable_facts():
        counts = {"filled": 0, "unpublished": 0, "unrecorded": 0}
        for credential in credentials:
            counts[credential.fact_status(fact)] += 1
        total = len(credentials) or 1
        recorded = counts["filled"] + counts["unpublished"]
        report["facts"][fact] = {
            **counts,
            "filled_share": round(counts["filled"] / total, 3),
            "recorded_share": round(recorded / total, 3),
        }
    return report


def format_stats(report: dict[str, Any]) -> str:
    lines = ["Entries"]
    for kind, data in report["kinds"].items():
        lines.append(f"  {kinds.spec(kind).plural.lower():<12} {data['entries']:>6,}")
    lines += ["", "Comparable facts of credentials (filled / no published figure found / not yet recorded)"]
    for fact, data in report["facts"].items():
        lines.append(
            f"  {fact:<18} {data['filled']:>5} {data['filled_share']:>6.0%}   {data['unpublished']:>5}   "
            f"{data['unrecorded']:>5}   recorded {data['recorded_share']:.0%}"
        )
    lines += ["", "Optional fields filled"]
    for kind, data in report["kinds"].items():
        filled = ", ".join(f"{name} {item['share']:.0%}" for name, item in data["optional_fields"].items())
        lines.append(f"  {kind}: {filled}")
    return "\n".join(lines)
