"""`microskills` command line: parses arguments and wires the stages, nothing more.

Exit codes: 0 clean (warnings allowed unless --strict), 1 problems or a failed build,
2 usage errors (click's own).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build import BuildError, BuildPaths, build_site, generate
from generator.pipeline import CheckResult, build_date, check
from generator.problems import FORMATTERS, format_text
from generator.progress import Steps

_CATALOGUE = click.argument(
    "catalogue_dir",
    required=False,
    default="catalogue",
    type=click.Path(file_okay=False, path_type=Path),
)
_TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date to check freshness against (default: SOURCE_DATE_EPOCH or today).",
)
_SITE_DIR = click.option(
    "--out",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)
_BUILD_DIR = click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Where the generated docs tree and mkdocs.yml go.",
)
_CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The project's MkDocs configuration.",
)
_STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


def _today(value: dt.datetime | None) -> dt.date:
    return value.date() if value is not None else build_date()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="microskills")
def main() -> None:
    """Validate and publish the Microskills Catalogue."""


def _run_check(catalogue_dir: Path, today: dt.date, jobs: int | None) -> CheckResult:
    return check(catalogue_dir, today=today, jobs=jobs)


@main.command()
@_CATALOGUE
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for Actions annotations.",
)
@_STRICT
@_TODAY
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for parsing.")
def validate(
    catalogue_dir: Path, output_format: str, strict: bool, today: dt.datetime | None, jobs: int | None
) -> None:
    """Check every entry in CATALOGUE_DIR (default: catalogue/) and report all problems at once."""
    result = _run_check(catalogue_dir, _today(today), jobs)
    click.echo(FORMATTERS[output_format](result.problems), nl=False)
    sys.exit(1 if result.failed(strict=strict) else 0)


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
) -> None:
    """Validate CATALOGUE_DIR, render it into BUILD_DIR and build the site into OUT."""
    day = _today(today)
    steps = Steps()
    with steps.step(f"Checking {catalogue_dir}"):
        result = _run_check(catalogue_dir, day, None)
    if result.problems:
        click.echo(format_text(result.problems), err=True, nl=False)
    if result.failed(strict=strict):
        click.echo("Nothing was built: fix the errors above first.", err=True)
        sys.exit(1)
    paths = BuildPaths(config_file=config_file, build_dir=build_dir, site_dir=site_dir)
    try:
        with steps.step(f"Rendering {len(result.catalogue):,} entries into {build_dir}/"):
            changes = generate(result.catalogue, paths, today=day, catalogue_dir=catalogue_dir)
        click.echo(
            f"Generated {build_dir}/: {len(changes.written)} files written, {changes.unchanged} unchanged, "
            f"{len(changes.deleted)} removed.",
            err=True,
        )
        if no_site:
            return
        with steps.step("Building pages with MkDocs" + (" (changed pages only)" if dirty else " and the search index")):
            warnings = build_site(paths, result.catalogue, strict=strict, today=day, dirty=dirty, jobs=jobs)
    except BuildError as error:
        click.echo(f"Error: {error}", err=True)
        click.echo(f"The previous {site_dir}/ was left as it was.", err=True)
        sys.exit(1)
    for message in warnings:
        click.echo(f"MkDocs warning: {message}", err=True)
    click.echo(f"Built {len(result.catalogue)} entries into {site_dir}/.", err=True)


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
    from generator.preview import serve as run_preview

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter("use HOST:PORT, e.g. 127.0.0.1:8000", param_hint="--dev-addr")
    paths = BuildPaths(config_file=config_file, build_dir=build_dir, site_dir=site_dir)
    try:
        run_preview(
            catalogue_dir,
            paths,
            host=host,
            port=int(port),
            today=_today(today),
            echo=lambda message: click.echo(message, err=True),
        )
    except BuildError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
