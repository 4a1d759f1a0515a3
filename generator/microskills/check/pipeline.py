"""Wire the checking stages together: load -> validate -> link -> lint -> locate.

The CLI, the build and the live preview all call `check`, so a catalogue means the same thing
everywhere.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from microskills.check.consistency import consistency
from microskills.check.link import link
from microskills.check.linkdata import check_file as check_link_data
from microskills.check.lint import LintOptions, lint
from microskills.check.load import LoadResult, ParseCache, load_catalogue, positions, symlink_problems
from microskills.check.reserved import name_problems
from microskills.check.validate import validate
from microskills.core.text import hint_budget
from microskills.model import Catalogue
from microskills.model.problems import JsonPath, Problem, has_errors


@dataclass
class CheckResult:
    catalogue: Catalogue
    problems: list[Problem] = field(default_factory=list)
    loaded: LoadResult | None = None

    def failed(self, *, strict: bool = False) -> bool:
        return has_errors(self.problems, strict=strict)


def build_date() -> dt.date:
    """The date a build is "as of": SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class CheckOptions:
    """What a check is asked: the day it is "as of", and whether to recommend facts to record."""

    today: dt.date
    recommend_facts: bool = False


def run_stages(root: Path, loaded: LoadResult, options: CheckOptions) -> tuple[Catalogue, list[Problem]]:
    """The one list of stages, whatever was loaded (the whole catalogue, or the files a change
    touches and what they need): names, the catalogue's own files, schema, link, lint. The
    problems are not located yet (`locate` reads only the files that have one)."""
    name_checks = [*name_problems(root, loaded), *symlink_problems(root), *check_link_data(root, options.today)[1]]
    with hint_budget():  # did-you-mean hints cost a bounded amount of work, whatever the catalogue
        schema_problems = validate(loaded)
        catalogue, link_problems = link(loaded, schema_problems)
        lint_options = LintOptions(today=options.today, recommend_facts=options.recommend_facts)
        lint_problems = lint(catalogue, lint_options)
        lint_problems += consistency(catalogue)
    return catalogue, [*loaded.problems, *name_checks, *schema_problems, *link_problems, *lint_problems]


def check(
    root: Path,
    *,
    today: dt.date | None = None,
    jobs: int | None = None,
    cache: ParseCache | None = None,
    recommend_facts: bool = False,
) -> CheckResult:
    """Every problem in the catalogue at `root`, located, in a stable order.

    `cache` (the live preview's) skips re-parsing files whose size and mtime are unchanged;
    `recommend_facts` adds a warning per credential whose comparable facts are not all recorded.
    The files a change touches are checked by `microskills.check.changed` through the same
    `run_stages`, with a loader that reads only what the change needs.
    """
    loaded = load_catalogue(root, jobs=jobs, cache=cache)
    catalogue, problems = run_stages(root, loaded, CheckOptions(today or build_date(), recommend_facts))
    return CheckResult(catalogue, locate(problems, loaded.files), loaded)


def _nearest(found: dict[JsonPath, tuple[int, int]], path: JsonPath) -> tuple[int, int] | None:
    for end in range(len(path), -1, -1):
        hit = found.get(path[:end])
        if hit is not None:
            return hit
    return None


def locate(problems: list[Problem], files: dict[str, Path]) -> list[Problem]:
    """Fill in line and column by re-reading only the files that have problems.

    A whole-entry problem (empty JSON path) points at the `id:` line, where a reader looks first.
    """
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, problem in enumerate(problems):
        if problem.line is None and problem.file in files:
            by_file[problem.file].append(index)
    located = list(problems)
    for file, indexes in by_file.items():
        found = positions(files[file])
        if not found:
            continue
        for index in indexes:
            problem = located[index]
            hit = _nearest(found, problem.path or ("id",))
            if hit is not None:
                located[index] = problem.at(*hit)
    return sorted(located, key=Problem.sort_key)
