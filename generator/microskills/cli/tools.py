"""Contributor and curator tools: `import esco`, `new`, `fmt`, `check-links`, `quality-report`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from microskills.core.errors import MicroskillsError
from microskills.core.text import show
from microskills.model import Kind
from microskills.model.problems import format_text
from microskills.registry.kinds import KIND_FOLDER

if TYPE_CHECKING:
    pass

from microskills.cli.common import _CATALOGUE, _CONFIG, _LINK_DATA, _TODAY, _run_check, _say, _today, main


@main.group(name="import")
def import_group() -> None:
    """Import from other classifications (ESCO) into the catalogue."""


@import_group.command(name="esco")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@_CATALOGUE
@click.option("--match-only", is_flag=True, help="Only propose alignments: no writing, no list of uncovered concepts.")
@click.option("--write", is_flag=True, help="Write the proposed alignments into the skill files.")
@click.option(
    "--skill",
    "skill_choices",
    multiple=True,
    metavar="ID[=URI]",
    help="Only this skill (repeatable); with =URI, align it to that concept instead of the best proposal.",
)
@click.option(
    "--match", type=click.Choice(["exact", "close", "broader"]), help="The match to write (default: the suggested one)."
)
@click.option("--replace", is_flag=True, help="Replace the existing alignments of the --skill skills.")
@click.option("--cutoff", type=click.FloatRange(0, 100), default=90.0, show_default=True, help="Lowest fuzzy score.")
@click.option(
    "--candidates", type=click.IntRange(1, 20), default=3, show_default=True, help="Candidates kept per skill."
)
@click.option("--create", "create", multiple=True, metavar="URI", help="Create a skill entry from this ESCO concept.")
@click.option("--category", help="Category id of the skills --create makes (required with --create).")
@click.option("--esco-version", default="v1.2.0", show_default=True, help="ESCO version named in the attribution.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="last_verified of created skills and the freshness date of the check (default: today).",
)
def import_esco(
    csv_file: Path,
    catalogue_dir: Path,
    match_only: bool,
    write: bool,
    skill_choices: tuple[str, ...],
    match: str | None,
    replace: bool,
    cutoff: float,
    candidates: int,
    create: tuple[str, ...],
    category: str | None,
    esco_version: str,
    output_format: str,
    today: dt.datetime | None,
) -> None:
    """Propose an ESCO concept for each skill in CATALOGUE_DIR from an ESCO skills CSV_FILE.

    Nothing changes without --write; alignments already in the files are kept unless --replace.
    """
    from microskills.tools import esco

    if match_only and (write or create):
        raise click.UsageError("--match-only cannot be combined with --write or --create")
    if replace and not skill_choices:
        raise click.UsageError("--replace needs --skill ID for each alignment to replace")
    day = _today(today)
    result = _run_check(catalogue_dir, day, None)
    if result.failed():
        click.echo(format_text(result.problems), err=True, nl=False)
        click.echo("Nothing was imported: fix the errors above first.", err=True)
        sys.exit(1)
    request = esco.ImportRequest(
        csv_path=csv_file,
        cutoff=cutoff,
        keep=candidates,
        skills=esco.parse_skill_choices(skill_choices),
        match=match,
        replace=replace,
        create=list(create),
        category=category,
        today=day,
        esco_version=esco_version,
        match_only=match_only,
        write=write,
    )
    imported = esco.run_import(result.catalogue, catalogue_dir, request)
    esco.write_changes(imported, catalogue_dir)
    written = bool(imported.changes)
    if output_format == "json":
        click.echo(esco.format_json(imported, written=written), nl=False)
    else:
        click.echo(esco.format_report(imported, written=written, match_only=match_only), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(list(KIND_FOLDER)))
@click.argument("entry_id", metavar="ID")
@click.option(
    "--catalogue",
    "catalogue_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("catalogue"),
    show_default=True,
    help="The catalogue folder.",
)
@_TODAY
def new(kind: Kind, entry_id: str, catalogue_dir: Path, today: dt.datetime | None) -> None:
    """Create CATALOGUE/<kind folder>/ID.yaml with every field KIND needs (never replaces a file)."""
    from microskills.tools.scaffold import create_entry

    try:
        path = create_entry(catalogue_dir, kind, entry_id, today=_today(today))
    except MicroskillsError as error:
        _say(f"Error: {error.format_message()}")
        sys.exit(1)
    click.echo(f"Created {path}: fill in the empty values, then run `microskills validate`.")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Change nothing; list the files that need formatting.")
@click.option("--changed", "changed_ref", metavar="REF", default=None, help="Only the files changed since REF (git).")
def fmt(paths: tuple[Path, ...], check_only: bool, changed_ref: str | None) -> None:
    """Put catalogue files (PATHS: files or folders, default catalogue/) in the canonical layout.

    Keys in schema order, quoting and wrapping normalised, comments kept. Exit code 1 with
    --check when a file would change, or when a file cannot be read.
    """
    from microskills.tools.fmt import format_files

    targets = list(paths) or [Path("catalogue")]
    if changed_ref is not None:
        from microskills.check.git import CATEGORIES, ENTRY, REMOVED, git_changes

        try:
            changes = [c for root in targets if root.is_dir() for c in git_changes(root, changed_ref)[1]]
        except MicroskillsError as error:
            _say(f"Error: {error.format_message()}")
            sys.exit(1)
        targets = [c.path for c in changes if c.status != REMOVED and c.role in (ENTRY, CATEGORIES)]
        if not targets:
            click.echo("No changed catalogue files.", err=True)
            return
    result = format_files(targets, check=check_only)
    if result.problems:
        click.echo(format_text(result.problems), err=True, nl=False)
    for name in result.changed:
        click.echo(f"{'would reformat' if check_only else 'reformatted'} {show(name, None)}")
    total = len(result.changed) + result.unchanged
    if check_only and result.changed:
        click.echo(
            f"{len(result.changed)} of {total} files need formatting: run `microskills fmt` and commit the result.",
            err=True,
        )
    else:
        verb = "already formatted" if check_only else "formatted"
        click.echo(f"{total} files {verb}.", err=True)
    sys.exit(1 if result.problems or (check_only and result.changed) else 0)


@main.command("check-links")
@_CATALOGUE
@_LINK_DATA
@click.option("--all", "check_all", is_flag=True, help="Check every link, not only those that are due.")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True, help="Seconds per network step."
)
@click.option(
    "--deadline",
    type=click.FloatRange(min=0.1),
    default=120.0,
    show_default=True,
    help="Seconds one link may take in all (redirects and retries included).",
)
@click.option("--per-host", type=click.IntRange(min=1), default=2, show_default=True, help="Requests at once per host.")
@click.option("--workers", type=click.IntRange(min=1), default=16, show_default=True, help="Requests at once in all.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True, help="Retries of a failing link.")
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds before the first retry (doubled for each further one).",
)
@click.option(
    "--now",
    "now_text",
    metavar="TIMESTAMP",
    default=None,
    help="The time to record and to count 'due' from, e.g. 2026-12-01T03:00:00Z (default: now).",
)
@click.option(
    "--recheck-days",
    type=click.IntRange(min=0),
    default=28,
    show_default=True,
    help="Check a working link again after this many days.",
)
@click.option(
    "--allow-address",
    "allow_addresses",
    multiple=True,
    metavar="IP:PORT",
    help="Also connect to this one non-public address and port (a test server on your machine); "
    "every other loopback, private and link-local address is refused.",
)
@click.option(
    "--save-every",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Save the results at most this many seconds apart while checking (and at the end).",
)
def check_links_command(
    catalogue_dir: Path,
    data_file: Path | None,
    check_all: bool,
    timeout: float,
    deadline: float,
    per_host: int,
    workers: int,
    retries: int,
    backoff: float,
    now_text: str | None,
    recheck_days: int,
    allow_addresses: tuple[str, ...],
    save_every: float,
) -> None:
    """Check the catalogue's links (those due) and record the results with their time.

    Dead (404, 410, no such host), flaky (timeouts, 429, 5xx: tried again next run) and moved
    (301, 308, with the new address) links are listed. Only http(s) addresses on public IP
    addresses are requested. The exit code is 0 unless the check itself fails: the findings go
    to the data file, the Quality page and the weekly issue.
    """
    import time

    from microskills.check.linkdata import (
        DATA_FILE,
        LinkDataError,
        LinkResult,
        entry_urls,
        load_results,
        now_utc,
        parse_timestamp,
        save_results,
    )
    from microskills.tools.linkcheck import CheckOptions, check_links

    moment = parse_timestamp(now_text) if now_text else now_utc()
    if moment is None:
        raise click.BadParameter("use an ISO 8601 time such as 2026-12-01T03:00:00Z", param_hint="--now")
    allow = frozenset(_address_and_port(value) for value in allow_addresses)
    result = _run_check(catalogue_dir, moment.date(), None)
    if result.failed():  # e.g. entries gone stale: their links still want checking
        click.echo(
            f"Note: the catalogue has errors ({len(result.problems)} problems); checking the links of "
            "every entry that could be read.",
            err=True,
        )
    target = data_file or catalogue_dir / DATA_FILE
    root = catalogue_dir if data_file is None else target.parent
    try:
        previous = load_results(target, moment.date())
    except LinkDataError as error:
        _say(f"Error: {error.format_message()}")
        sys.exit(1)
    urls = [url for entry in result.catalogue.entries() for url in entry_urls(entry.raw)]
    options = CheckOptions(
        timeout=timeout,
        deadline=deadline,
        retries=retries,
        backoff=backoff,
        per_host=per_host,
        workers=workers,
        recheck_ok_days=recheck_days,
        allow=allow,
    )
    last_save = [time.monotonic()]

    def save_as_they_come(results: dict[str, LinkResult]) -> None:
        if time.monotonic() - last_save[0] >= save_every:
            save_results(target, results, root=root)
            last_save[0] = time.monotonic()

    run = check_links(
        urls, previous, options, now=lambda: moment, check_everything=check_all, on_result=save_as_they_come
    )
    save_results(target, run.results, root=root)
    counts: dict[str, int] = {}
    for url in run.checked:
        status = run.results[url].status
        counts[status] = counts.get(status, 0) + 1
    for url in run.checked:
        found = run.results[url]
        if found.status != "ok":
            extra = f" -> {show(found.target, None)}" if found.target else ""
            click.echo(f"{show(found.status)}: {show(url, None)} ({show(found.reason, None)}){extra}")
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing due"
    _say(f"Checked {len(run.checked)} of {len(run.results)} links ({summary}); results in {target}.")


def _address_and_port(value: str) -> tuple[str, int]:
    """`--allow-address 127.0.0.1:8123` (IPv6: `[::1]:8123`) as the checker's (address, port)."""
    import ipaddress

    host, _, port = value.rpartition(":")
    try:
        return str(ipaddress.ip_address(host.strip("[]"))), int(port)
    except ValueError:
        raise click.BadParameter(
            f"{show(value)}: use IP:PORT, e.g. 127.0.0.1:8123", param_hint="--allow-address"
        ) from None


@main.command("quality-report")
@_CATALOGUE
@_LINK_DATA
@_CONFIG
@_TODAY
def quality_report(catalogue_dir: Path, data_file: Path | None, config_file: Path, today: dt.datetime | None) -> None:
    """Print the link and freshness report (stale entries, link problems) as GitHub Markdown.

    The same findings as the site's Quality page; the weekly workflow puts it in one issue.
    """
    from microskills.check.linkdata import DATA_FILE, LinkDataError, load_results
    from microskills.site.build import read_project_config
    from microskills.site.contribute import RepoLinks
    from microskills.site.engine import BuildError
    from microskills.site.sections.quality import build_report, markdown

    day = _today(today)
    result = _run_check(catalogue_dir, day, None)
    try:
        links = load_results(data_file or catalogue_dir / DATA_FILE, day)
        project = read_project_config(config_file) if config_file.exists() else {}
    except (LinkDataError, BuildError) as error:
        _say(f"Error: {error.format_message()}")
        sys.exit(1)
    report = build_report(result.catalogue, links, day)
    click.echo(markdown(report, RepoLinks.from_config(project)), nl=False)
