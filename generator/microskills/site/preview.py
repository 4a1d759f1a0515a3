"""Live preview: keep the catalogue in memory, rebuild only what an edit changes.

A full build of 10,000 entries takes about a minute; an edit to one entry should show in a few
seconds. So between edits we keep parsed files (re-parsing only files whose size or mtime
changed), re-run the whole-catalogue checks (fast), re-render only the pages that show
something of the changed entries, write only files whose bytes differ, and let MkDocs rebuild
just those pages (`dirty`). The search index and the aggregate downloads refresh on the next
full build.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from microskills.check.load import ParseCache
from microskills.check.pipeline import CheckResult, check
from microskills.model import Catalogue, Credential, Kind
from microskills.model.problems import format_text
from microskills.registry.fields import references, values_at
from microskills.registry.kinds import KIND_FOLDER
from microskills.site import assemble, engine
from microskills.site.build import (
    BuildPaths,
    build_site,
    generate,
    hand_written_files,
    read_project_config,
    render_options,
    write_files,
)
from microskills.site.engine import BuildError, run_mkdocs
from microskills.site.sections import learner

EntryKey = tuple[Kind, str]


def _keys(catalogue: Catalogue) -> dict[EntryKey, dict[str, object]]:
    return {(entry.kind, entry.id): entry.raw for entry in catalogue.entries()}


def changed_entries(old: Catalogue, new: Catalogue) -> set[EntryKey]:
    """Entries added, removed, or whose contributed data differs."""
    before, after = _keys(old), _keys(new)
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def neighbours(catalogue: Catalogue, key: EntryKey) -> set[EntryKey]:
    """Entries whose pages show something of `key` (a name, a link, a figure in a total): those
    it refers to and those that refer to it, from the one table of references."""
    kind, entry_id = key
    found: set[EntryKey] = set()
    entry = catalogue.get(kind, entry_id)
    if entry is None:
        return found
    for reference in references():
        if reference.target == "category":
            continue
        if reference.kind == kind:  # what this entry names
            found |= {(reference.target, t) for _, t in values_at(entry.raw, reference.path) if isinstance(t, str)}
        if reference.target == kind and reference.reverse is not None:  # who names this entry
            for item in getattr(entry, reference.reverse):
                found.add((reference.kind, item[0] if isinstance(item, tuple) else item))
    if isinstance(entry, Credential):
        # A pathway's totals count a skill item as the best credential teaching it.
        for skill_id in entry.skills:
            skill = catalogue.skills.get(skill_id)
            if skill is not None:
                found |= {("pathway", p) for p in skill.pathways}
    return found


def affected_entries(old: Catalogue, new: Catalogue, changed: Iterable[EntryKey]) -> set[EntryKey]:
    affected: set[EntryKey] = set()
    for key in changed:
        affected.add(key)
        affected |= neighbours(old, key) | neighbours(new, key)
    return affected


@dataclass
class RebuildReport:
    changed: set[EntryKey] = field(default_factory=set)
    pages_written: int = 0
    seconds: float = 0.0
    ok: bool = True
    full: bool = False


class Preview:
    """The state the live preview keeps between edits."""

    def __init__(self, catalogue_dir: Path, paths: BuildPaths, *, today: dt.date) -> None:
        self.catalogue_dir = catalogue_dir
        self.paths = paths
        self.today = today
        self.cache = ParseCache()
        self.catalogue: Catalogue | None = None
        self._config_stamp: tuple[float, ...] = ()

    def _check(self) -> CheckResult:
        return check(self.catalogue_dir, today=self.today, cache=self.cache)

    def _config_files_stamp(self) -> tuple[float, ...]:
        """mtimes of mkdocs.yml and the theme overrides: a change to those needs a full build."""
        overrides = self.paths.docs_dir / "overrides"
        files = [self.paths.config_file, *(sorted(overrides.rglob("*")) if overrides.is_dir() else [])]
        return tuple(p.stat().st_mtime for p in files if p.is_file())

    def adopt(self) -> bool:
        """Take over a site already built from this catalogue (as `microskills build` leaves it)."""
        result = self._check()
        if result.failed():
            return False
        self.catalogue = result.catalogue
        self._config_stamp = self._config_files_stamp()
        return True

    def full_build(self, report: Callable[[str], None] = print) -> RebuildReport:
        started = time.perf_counter()
        result = self._check()
        if result.problems:
            report(format_text(result.problems).rstrip())
        if result.failed():
            return RebuildReport(ok=False, seconds=time.perf_counter() - started, full=True)
        generate(result.catalogue, self.paths, today=self.today, catalogue_dir=self.catalogue_dir)
        build_site(self.paths, result.catalogue, strict=False, today=self.today)
        self.catalogue = result.catalogue
        self._config_stamp = self._config_files_stamp()
        return RebuildReport(full=True, seconds=time.perf_counter() - started)

    def rebuild(self, report: Callable[[str], None] = print) -> RebuildReport:
        """Bring the site up to date after edits; problems are reported, the site is left as it was."""
        if self.catalogue is None or self._config_files_stamp() != self._config_stamp:
            return self.full_build(report)
        started = time.perf_counter()
        result = self._check()
        if result.problems:
            report(format_text(result.problems).rstrip())
        if result.failed():
            report("The preview still shows the last good version.")
            return RebuildReport(ok=False, seconds=time.perf_counter() - started)
        old, new = self.catalogue, result.catalogue
        changed = changed_entries(old, new)
        files, removed = self._render_changes(old, new, changed)
        written = write_files(self.paths.build_dir / "docs", files)
        for kind, entry_id in removed:
            folder = KIND_FOLDER[kind]
            (self.paths.build_dir / "docs" / folder / f"{entry_id}.md").unlink(missing_ok=True)
            (self.paths.build_dir / "docs" / "data" / "openbadges" / f"{entry_id}.json").unlink(missing_ok=True)
            (self.paths.build_dir / "docs" / learner.compare_data_path(entry_id)).unlink(missing_ok=True)
            shutil.rmtree(self.paths.site_dir / folder / entry_id, ignore_errors=True)
        if written.written or removed:
            run_mkdocs(
                self.paths.build_dir / "mkdocs.yml",
                self.paths.site_dir.resolve(),
                strict=False,
                dirty=True,
                today=self.today,
            )
        self.catalogue = new
        return RebuildReport(changed=changed, pages_written=len(written.written), seconds=time.perf_counter() - started)

    def _render_changes(
        self, old: Catalogue, new: Catalogue, changed: set[EntryKey]
    ) -> tuple[dict[str, bytes], list[EntryKey]]:
        project = read_project_config(self.paths.config_file)
        options = render_options(project, today=self.today, catalogue_dir=self.catalogue_dir)
        renderer = assemble.renderer(new, options)
        files = dict(hand_written_files(self.paths.docs_dir))
        removed = []
        for kind, entry_id in sorted(affected_entries(old, new, changed)):
            entry = new.of_kind(kind).get(entry_id)
            if entry is None:
                if (kind, entry_id) in changed:
                    removed.append((kind, entry_id))
                continue
            files[f"{KIND_FOLDER[kind]}/{entry_id}.md"] = renderer.entry_page(entry)
            files.update(assemble.credential_files(renderer, entry))
        if changed:
            files.update(assemble.section_pages(renderer))
        return files, removed


def serve(
    catalogue_dir: Path, paths: BuildPaths, *, host: str, port: int, today: dt.date, echo: Callable[[str], None] = print
) -> None:
    """Build, then serve the site with live reload, rebuilding on every change under the watched folders."""
    preview = Preview(catalogue_dir, paths, today=today)
    first = preview.full_build(echo)
    if not first.ok and not paths.site_dir.is_dir():
        raise BuildError("the catalogue has errors and there is no previous site to show; fix them first")
    echo(f"Built in {first.seconds:.1f} s.")

    def builder() -> None:
        try:
            result = preview.rebuild(echo)
        except BuildError as error:
            echo(f"Error: {error.format_message()}")
            return
        if result.ok:
            what = (
                "full rebuild"
                if result.full
                else (
                    f"{len(result.changed)} entr{'y' if len(result.changed) == 1 else 'ies'} changed, "
                    f"{result.pages_written} page(s) rewritten"
                )
            )
            echo(f"Rebuilt in {result.seconds:.2f} s ({what}).")

    server = engine.live_reload_server(builder, host=host, port=port, root=paths.site_dir.resolve())
    for watched in (catalogue_dir, paths.docs_dir, paths.config_file):
        if watched.exists():
            server.watch(str(watched))
    # The server binds its port inside serve() and then logs "Serving on ...": relay its messages,
    # so "Serving on" is printed only once the port accepts connections.
    relay = _Relay(echo)
    server_log = logging.getLogger("mkdocs.livereload")
    server_log.addHandler(relay)
    server_log.setLevel(logging.INFO)
    try:
        server.serve()
    except KeyboardInterrupt:
        echo("Shutting down...")
    finally:
        server.shutdown()
        server_log.removeHandler(relay)


class _Relay(logging.Handler):
    """Pass the live-reload server's progress messages to the terminal."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Serving on"):
            message += " (Ctrl+C to stop)"
        self.echo(message)
