"""Time the rebuild `microskills serve` does after an edit, on a site `microskills build` made.

    python benchmarks/preview_rebuild.py --catalogue DIR --build DIR --site DIR --config FILE \
        --today YYYY-MM-DD --edit FILE

The preview first takes over the built site (parsing the catalogue, untimed, as `serve` has
done by the time anyone edits), then the edit is applied and one rebuild is timed. Prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from microskills.site.build import BuildPaths
from microskills.site.preview import Preview


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, required=True)
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--today", default="2026-11-21")
    parser.add_argument("--edit", type=Path, required=True, help="file to append an edit marker to")
    parser.add_argument("--marker", default="benchmark edit")
    args = parser.parse_args(argv)
    preview = Preview(
        args.catalogue, BuildPaths(args.config, args.build, args.site), today=dt.date.fromisoformat(args.today)
    )
    if not preview.adopt():
        print(json.dumps({"error": "the catalogue has errors"}))
        return 1
    text = args.edit.read_text(encoding="utf-8")
    marker = f"{args.marker} {time.time_ns()}"
    args.edit.write_text(_with_description_suffix(text, marker), encoding="utf-8")
    started = time.perf_counter()
    report = preview.rebuild(print)
    seconds = time.perf_counter() - started
    page = args.site / "credentials" / args.edit.stem / "index.html"
    shown = page.exists() and marker in page.read_text(encoding="utf-8")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "ok": report.ok,
                "changed": len(report.changed),
                "pages_written": report.pages_written,
                "edit_visible": shown,
            }
        )
    )
    return 0 if report.ok and shown else 1


def _with_description_suffix(text: str, marker: str) -> str:
    """Append `marker` to the entry's description through YAML, keeping the file valid."""
    import yaml

    data = yaml.safe_load(text)
    data["description"] = f"{data['description']} {marker}."
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


if __name__ == "__main__":
    raise SystemExit(main())
