"""Commands that check: `validate` (whole catalogue or a change) and `stats`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from microskills.core.errors import MicroskillsError
from microskills.model.problems import FORMATTERS, format_text

if TYPE_CHECKING:
    pass

from microskills.cli.common import _CATALOGUE, _STRICT, _TODAY, _run_check, _say, _today, main


@main.command()
@_CATALOGUE
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*sorted(FORMATTERS), "summary"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for Actions annotations, summary for a pull request's "
    "Markdown summary (with --changed).",
)
@click.option(
    "--changed",
    "changed_ref",
    metavar="REF",
    default=None,
    help="Check only the files changed since the git revision REF and the entries that refer to them "
    "(still against the whole catalogue).",
)
@_STRICT
@_TODAY
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for parsing.")
@click.option(
    "--facts",
    is_flag=True,
    help="Also warn about credentials whose comparable facts are neither filled nor marked unpublished.",
)
def validate(
    catalogue_dir: Path,
    output_format: str,
    changed_ref: str | None,
    strict: bool,
    today: dt.datetime | None,
    jobs: int | None,
    facts: bool,
) -> None:
    """Check every entry in CATALOGUE_DIR (default: catalogue/) and report all problems at once."""
    if output_format == "summary" and changed_ref is None:
        raise click.UsageError("--format summary describes a change: give --changed REF too")
    if changed_ref is not None:
        from microskills.check.changed import check_changed
        from microskills.check.summary import code_changes, summary_markdown

        try:
            changed = check_changed(catalogue_dir, changed_ref, today=_today(today), recommend_facts=facts)
            code = code_changes(catalogue_dir, changed_ref) if output_format == "summary" else []
        except MicroskillsError as error:
            _say(f"Error: {error.format_message()}")
            sys.exit(1)
        if output_format == "summary":
            click.echo(summary_markdown(changed, code), nl=False)
        else:
            click.echo(FORMATTERS[output_format](changed.problems), nl=False)
            click.echo(
                f"Checked {len(changed.changes)} changed file(s) and {len(changed.dependants)} entries that refer "
                f"to them; {changed.loaded} of {changed.total} files read.",
                err=True,
            )
        sys.exit(1 if changed.failed(strict=strict) else 0)
    result = _run_check(catalogue_dir, _today(today), jobs, facts=facts)
    click.echo(FORMATTERS[output_format](result.problems), nl=False)
    sys.exit(1 if result.failed(strict=strict) else 0)


@main.command()
@_CATALOGUE
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_TODAY
def stats(catalogue_dir: Path, output_format: str, today: dt.datetime | None) -> None:
    """How complete CATALOGUE_DIR is: entries per kind, the share of each field filled, and for
    credentials each comparable fact filled, marked as not published, or not yet recorded; cost
    recorded for fee-charging credentials, certifications' exam length and price per attempt, facts
    resting only on third-party sources, and entries verified in the last 30 / 90 / 365 days."""
    from microskills.site.sections.stats import completeness, format_stats

    result = _run_check(catalogue_dir, _today(today), None)
    if result.failed():
        click.echo(format_text(result.problems), err=True, nl=False)
        sys.exit(1)
    report = completeness(result.catalogue, _today(today))
    click.echo(json.dumps(report, indent=2) if output_format == "json" else format_stats(report))
