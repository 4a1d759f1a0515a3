"""What every command group shares: the `main` group, the common options and the helpers that
print through `text.show`. The commands are in `check`, `site` and `tools` by group.

Exit codes: 0 clean (warnings allowed unless --strict), 1 problems or a failed build,
2 usage errors (click's own, and output folders the build must not replace).

Everything printed goes through `text.show` (problems in their formatter, the rest in `_say`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from microskills.check.pipeline import CheckResult, build_date, check
from microskills.core.text import show
from microskills.core.version import __version__
from microskills.site.paths import Outputs, check_outputs

if TYPE_CHECKING:
    from microskills.site.build import BuildPaths

# The site builder (MkDocs, Jinja, exports) is imported by the commands that build: `validate
# --changed` on a pull request should not pay for it.

_CATALOGUE = click.argument(
    "catalogue_dir",
    required=False,
    default="catalogue",
    type=click.Path(file_okay=False, path_type=Path),
)
_LINK_DATA = click.option(
    "--data",
    "data_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Link-check results file (default: CATALOGUE_DIR/link-check.json).",
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


def _say(message: str) -> None:
    """A message to stderr, each of its lines through `show` (paths and MkDocs' words included)."""
    click.echo("\n".join(show(line, None) for line in message.split("\n")), err=True)


def _check_outputs(paths: BuildPaths, catalogue_dir: Path, *, site: bool = True) -> None:
    """Refuse (exit 2) output folders the build would wrongly replace, before anything is done."""
    from microskills.site.build import read_project_config
    from microskills.site.engine import BuildError

    try:
        docs = str(read_project_config(paths.config_file).get("docs_dir", "docs"))
    except BuildError:
        docs = "docs"  # the build reports the unreadable config itself
    check_outputs(
        Outputs(paths.site_dir, paths.build_dir, catalogue_dir, paths.config_file, paths.config_file.parent / docs),
        site=site,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="microskills")
def main() -> None:
    """Validate and publish the Microskills Catalogue."""


def _run_check(catalogue_dir: Path, today: dt.date, jobs: int | None, *, facts: bool = False) -> CheckResult:
    return check(catalogue_dir, today=today, jobs=jobs, recommend_facts=facts)
