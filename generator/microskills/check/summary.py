"""The pull-request summary: what a change adds, changes and removes per kind, with its problems,
in GitHub Markdown made inert (`microskills.core.gfm`)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from microskills.check.changed import ChangedResult
from microskills.check.git import (
    ADDED,
    CATEGORIES,
    CHANGED,
    LINK_DATA,
    OTHER,
    POLICY,
    REMOVED,
    Change,
    _check_ref,
    _finish,
    _start,
)
from microskills.check.linkdata import DATA_FILE
from microskills.core import gfm
from microskills.model.problems import Problem, Severity
from microskills.registry.kinds import KIND_FOLDER

# --- the pull-request summary ------------------------------------------------------------------------


def summary_markdown(result: ChangedResult, code_changes: list[str] | None = None) -> str:
    """What a pull request adds, changes and removes, per kind, with its problems, in GitHub
    Markdown (for $GITHUB_STEP_SUMMARY). Every name, file, rule and message is made inert
    (`gfm`: no mention, issue or commit link, no Markdown or HTML). `code_changes`: the files the
    pull request changes outside the catalogue that the site preview runs or ships."""
    kinds: list[str] = [*KIND_FOLDER, "categories", POLICY, LINK_DATA, "other files"]
    counts = {kind: {ADDED: 0, CHANGED: 0, REMOVED: 0} for kind in kinds}
    for change in result.changes:
        counts[_row(change)][change.status] += 1
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in result.problems:
        by_file[problem.file].append(problem)
    n_errors = sum(1 for p in result.problems if p.severity is Severity.ERROR)
    n_warnings = len(result.problems) - n_errors
    verdict = "✅ No problems found." if not result.problems else f"❌ {n_errors} errors, {n_warnings} warnings."
    if result.problems and not n_errors:
        verdict = f"⚠️ {n_warnings} warnings, no errors."
    lines = ["## Catalogue changes", ""]
    if code_changes:
        shown = ", ".join(gfm.code(name) for name in code_changes[:20])
        more = f" and {len(code_changes) - 20} more" if len(code_changes) > 20 else ""
        lines += [
            "> [!WARNING]",
            "> This pull request changes the code or assets that build the site preview: "
            f"{shown}{more}. The preview was built by this code, so it may run this pull request's own "
            "JavaScript in your browser. Review those changes before opening the preview; the "
            "*catalogue with the base branch's code* check validated the catalogue without them.",
            "",
        ]
    if any(change.role == LINK_DATA for change in result.changes):
        lines += [
            "> [!CAUTION]",
            f"> This pull request changes {gfm.code(DATA_FILE)}, the results of the weekly link check. "
            "Only that job writes it: a hand edit can hide a dead link or mark one as checked for years. "
            "Restore the file unless you know why it changed.",
            "",
        ]
    if not result.changes:
        lines += ["This pull request changes no catalogue file.", ""]
    else:
        lines += [
            "| kind | added | changed | removed |",
            "| --- | ---: | ---: | ---: |",
            *(
                f"| {kind} | {c[ADDED]} | {c[CHANGED]} | {c[REMOVED]} |"
                for kind, c in counts.items()
                if any(c.values())
            ),
            "",
        ]
        for status, title in ((ADDED, "Added"), (CHANGED, "Changed"), (REMOVED, "Removed")):
            group = [c for c in result.changes if c.status == status]
            if not group:
                continue
            lines += [f"**{title}**", ""]
            for change in group:
                entity = result.catalogue.of_kind(change.kind).get(change.id) if change.kind else None
                name = f" {gfm.text(entity.name)}" if entity is not None and status != REMOVED else ""
                found = by_file.get(change.file, [])
                mark = ""
                if found:
                    e = sum(1 for p in found if p.severity is Severity.ERROR)
                    w = len(found) - e
                    mark = f" — {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
                what = change.kind or ("file" if change.role == OTHER else change.role)
                lines.append(f"- {what} {gfm.code(change.id)}{name} ({gfm.code(change.file)}){mark}")
            lines.append("")
    scope = (
        "the whole catalogue (categories.yaml changed)"
        if result.full
        else f"{len(result.changes)} changed file{'s' if len(result.changes) != 1 else ''} and "
        f"{len(result.dependants)} entr{'ies' if len(result.dependants) != 1 else 'y'} that refer to them, "
        f"against all {result.total:,} entries"
    )
    lines += [f"**Checked** {scope}: {verdict}", ""]
    if result.problems:
        lines += ["| where | severity | rule | problem |", "| --- | --- | --- | --- |"]
        for p in result.problems:
            where = p.file if p.line is None else f"{p.file}:{p.line}:{p.column or 1}"
            message = gfm.text(p.message) + (f" (at {gfm.code(p.json_path)})" if p.path else "")
            if p.hint:
                message += f"<br>hint: {gfm.text(p.hint)}"
            lines.append(f"| {gfm.code(where)} | {p.severity.value} | {gfm.code(p.rule)} | {message} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _row(change: Change) -> str:
    if change.kind is not None:
        return change.kind
    return {CATEGORIES: "categories", POLICY: POLICY, LINK_DATA: LINK_DATA}.get(change.role, "other files")


#: Changes outside the catalogue that reach the built site (and so the preview a maintainer opens).
SITE_CODE = ("generator/", "docs/", "mkdocs.yml", "pyproject.toml", "requirements/", "Makefile", ".github/")


def code_changes(root: Path, ref: str) -> list[str]:
    """Files changed since `ref` (committed or not) that build or ship the site: its code,
    templates, assets, configuration and workflows (paths from the repository's top)."""
    _check_ref(root, ref)
    proc = _start(root, "diff", "--name-only", "-z", "--no-renames", ref, "--", ":/")
    untracked = _start(root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ":/")
    names = set(_finish(proc).split("\0")) | set(_finish(untracked).split("\0"))
    return sorted(name for name in names if name and name.startswith(SITE_CODE))
