"""Run one `microskills` command with wall-clock timers around each stage, for the benchmark breakdown.

    python benchmarks/profile_build.py --timings OUT.json -- build CATALOGUE --out SITE ...

The command runs exactly as `microskills ...` does (same entry point, same arguments); the only
difference is that a few functions of the generator and of MkDocs are wrapped to add up the
time spent in them. Timers nest (a stage includes the stages it calls), so the numbers are
cumulative, not exclusive. A function the generator no longer has is simply not reported, so
this keeps working while the generator changes.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (module, attribute path, label). Attribute paths with a dot wrap a method on a class.
TARGETS: tuple[tuple[str, str, str], ...] = (
    ("microskills.cli.common", "check", "generator: check (load + validate + link + lint + locate)"),
    ("microskills.check.pipeline", "load_catalogue", "generator: load (read + parse YAML)"),
    ("microskills.check.pipeline", "validate", "generator: validate (JSON Schema)"),
    ("microskills.check.pipeline", "link", "generator: link"),
    ("microskills.check.pipeline", "lint", "generator: lint"),
    ("microskills.check.pipeline", "locate", "generator: locate"),
    ("microskills.site.build", "generate", "generator: generate (render + write build/)"),
    ("microskills.site.build", "render", "generator: render (pages + downloads)"),
    ("microskills.site.render", "Renderer.entry_page", "generator: render entry pages"),
    ("microskills.site.assemble", "section_pages", "generator: render section pages"),
    ("microskills.exports", "data_files", "generator: render downloads (JSON, CSV, JSON-LD, OB3)"),
    ("microskills.site.build", "write_tree", "generator: write build/ tree"),
    ("microskills.site.search", "SearchIndexer.__init__", "generator: start the search indexer"),
    ("microskills.site.search", "SearchIndexer.wait", "generator: wait for the search indexer"),
    ("microskills.site.build", "build_site", "generator: build_site (MkDocs, incl. site swap)"),
    ("microskills.site.engine", "run_mkdocs", "mkdocs: run_mkdocs (load config + build)"),
    ("mkdocs.commands.build", "get_files", "mkdocs: get_files (scan docs/)"),
    ("mkdocs.commands.build", "get_navigation", "mkdocs: get_navigation"),
    ("mkdocs.commands.build", "_populate_page", "mkdocs: read pages (incl. Markdown → HTML)"),
    ("mkdocs.structure.pages", "Page.render", "mkdocs: Markdown → HTML (Page.render)"),
    ("mkdocs.structure.files", "Files.copy_static_files", "mkdocs: copy static files"),
    ("mkdocs.commands.build", "_build_page", "mkdocs: build pages (theme template + plugins + write)"),
    ("mkdocs.commands.build", "get_context", "mkdocs: get_context (per page)"),
    ("mkdocs.structure.pages", "Page.validate_anchor_links", "mkdocs: validate anchor links"),
    ("jinja2.environment", "Template.render", "jinja2: Template.render (generator templates and theme)"),
)

Timings = dict[str, dict[str, float]]


def _timed(label: str, function: Callable[..., Any], timings: Timings) -> Callable[..., Any]:
    record = timings.setdefault(label, {"seconds": 0.0, "calls": 0})
    depth = [0]  # recursion-safe: only the outermost call is counted

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                record["seconds"] += time.perf_counter() - start
                record["calls"] += 1

    return wrapper


def _plugin_events(timings: Timings) -> None:
    """Time each MkDocs plugin event (page_markdown, page_context, post_build, ...) by name."""
    try:
        from mkdocs.plugins import PluginCollection
    except ImportError:  # pragma: no cover - MkDocs missing
        return
    original = PluginCollection.run_event

    def run_event(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        record = timings.setdefault(f"mkdocs: plugin event {name}", {"seconds": 0.0, "calls": 0})
        start = time.perf_counter()
        try:
            return original(self, name, *args, **kwargs)
        finally:
            record["seconds"] += time.perf_counter() - start
            record["calls"] += 1

    PluginCollection.run_event = run_event  # type: ignore[method-assign]


def install(timings: Timings) -> list[str]:
    """Wrap every target that exists; returns the labels that could not be installed."""
    missing = []
    for module_name, attribute, label in TARGETS:
        try:
            module = importlib.import_module(module_name)
            owner: Any = module
            *parents, name = attribute.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            original = getattr(owner, name)
        except (ImportError, AttributeError):
            missing.append(label)
            continue
        setattr(owner, name, _timed(label, original, timings))
    _plugin_events(timings)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the stages of one microskills command.")
    parser.add_argument("--timings", type=Path, required=True, help="JSON file to write the timings to")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the microskills arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    timings: Timings = {}
    start = time.perf_counter()
    missing = install(timings)
    imported = time.perf_counter()
    from microskills.cli import main as cli_main

    code = 0
    try:
        cli_main.main(args=command, prog_name="microskills", standalone_mode=False)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        total = time.perf_counter() - start
        result = {
            "total_seconds": total,
            "import_seconds": imported - start,
            "exit_code": code,
            "stages": {k: v for k, v in timings.items() if v["calls"]},
            "not_found": missing,
        }
        args.timings.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
