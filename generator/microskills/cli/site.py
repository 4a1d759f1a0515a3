"""Commands that build: `build` and `serve` (the site builder is imported only here)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from microskills.core.text import show
from microskills.model.problems import format_text

if TYPE_CHECKING:
    pass

from microskills.cli.common import (
    _BUILD_DIR,
    _CATALOGUE,
    _CONFIG,
    _SITE_DIR,
    _STRICT,
    _TODAY,
    _check_outputs,
    _run_check,
    _say,
    _today,
    main,
)


@main.command()
@_CATALOGUE
@_SITE_DIR
@_BUILD_DIR
@_CONFIG
@_STRICT
@_TODAY
@click.option("--no-site", is_flag=True, help="Write build/ only; do not run MkDocs.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="MkDocs processes for a full build (default: one per core when the site is large).",
)
@click.option(
    "--dirty", is_flag=True, help="Rebuild in place only the pages whose source changed (what the preview does)."
)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="What builds the pages: MkDocs, or Zensical (its successor, which reads the same mkdocs.yml).",
)
def build(
    catalogue_dir: Path,
    site_dir: Path,
    build_dir: Path,
    config_file: Path,
    strict: bool,
    today: dt.datetime | None,
    no_site: bool,
    jobs: int | None,
    dirty: bool,
    engine: str,
) -> None:
    """Validate CATALOGUE_DIR, render it into BUILD_DIR and build the site into OUT."""
    from microskills.core.progress import Steps
    from microskills.site.build import BuildPaths, build_site, generate
    from microskills.site.engine import BuildError

    day = _today(today)
    paths = BuildPaths(config_file=config_file, build_dir=build_dir, site_dir=site_dir)
    _check_outputs(paths, catalogue_dir, site=not no_site)
    steps = Steps()
    with steps.step(show(f"Checking {catalogue_dir}", None)):
        result = _run_check(catalogue_dir, day, None)
    if result.problems:
        click.echo(format_text(result.problems), err=True, nl=False)
    if result.failed(strict=strict):
        _say("Nothing was built: fix the errors above first.")
        sys.exit(1)
    try:
        with steps.step(show(f"Rendering {len(result.catalogue):,} entries into {build_dir}/", None)):
            changes = generate(result.catalogue, paths, today=day, catalogue_dir=catalogue_dir)
        _say(
            f"Generated {build_dir}/: {len(changes.written)} files written, {changes.unchanged} unchanged, "
            f"{len(changes.deleted)} removed."
        )
        if no_site:
            return
        engine_name = "Zensical" if engine == "zensical" else "MkDocs"
        with steps.step(
            f"Building pages with {engine_name}" + (" (changed pages only)" if dirty else " and the search index")
        ):
            warnings = build_site(
                paths, result.catalogue, strict=strict, today=day, dirty=dirty, jobs=jobs, engine=engine
            )
    except BuildError as error:
        _say(f"Error: {error.format_message()}")
        _say(f"The previous {site_dir}/ was left as it was.")
        sys.exit(1)
    for message in warnings:
        _say(f"MkDocs warning: {show(message, None)}")
    _say(f"Built {len(result.catalogue)} entries into {site_dir}/.")


@main.command()
@_CATALOGUE
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Host and port to serve on.")
@_SITE_DIR
@_BUILD_DIR
@_CONFIG
@_TODAY
def serve(
    catalogue_dir: Path, dev_addr: str, site_dir: Path, build_dir: Path, config_file: Path, today: dt.datetime | None
) -> None:
    """Build CATALOGUE_DIR, serve it with live reload, and rebuild only what each edit changes.

    Problems in an edited file are printed here; the server keeps showing the last good site.
    """
    from microskills.site.build import BuildPaths
    from microskills.site.engine import BuildError
    from microskills.site.preview import serve as run_preview

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("use HOST:PORT, e.g. 127.0.0.1:8000", param_hint="--dev-addr")
    paths = BuildPaths(config_file=config_file, build_dir=build_dir, site_dir=site_dir)
    _check_outputs(paths, catalogue_dir)
    try:
        run_preview(catalogue_dir, paths, host=host, port=int(port), today=_today(today), echo=_say)
    except BuildError as error:
        _say(f"Error: {error.format_message()}")
        sys.exit(1)
