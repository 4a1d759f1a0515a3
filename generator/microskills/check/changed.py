"""`microskills validate --changed REF`: check what a pull request touches, fast, in full context.

The files changed since REF (git: committed, staged, unstaged and untracked) are checked with
every rule, and so are the entries that refer to them (a removed skill breaks the credentials
that list it). References still resolve against the whole catalogue, but without parsing it:

- every file name is an id (`file.name` / `id.mismatch` enforce it), so the directory listing
  says which ids exist and of which kind, exactly as the full check's reference resolution does;
- one `git grep` finds the files that mention a changed id (candidates for dependants, confirmed
  by parsing them through the schema's id fields), the files whose `name:` has the same words or
  whose `url:` is the same as a changed entry's (duplicate rules), and the files that mention an
  entry the change unlinked (it may now be "linked from nowhere");
- the entries the reported ones point to are loaded as far as the cycle rules and pathway order
  need (stacking, prerequisites, broader skills, parent providers).

So the problems reported are those a full `validate` reports for those files
(tests/test_changed.py compares the two), except that for dependants the rules comparing them
with the whole catalogue (duplicates, "nothing links here"), which the change cannot alter, are
left to the full check. A change to categories.yaml, which every skill depends on, falls back to
the full check.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from microskills.check.linkdata import DATA_FILE
from microskills.check.load import (
    CATEGORIES_FILE,
    ID_RE,
    SOURCE_POLICY_FILE,
    LoadResult,
    discover,
    display_path,
    load_file,
    load_support_files,
    read_entry_file,
)
from microskills.check.pipeline import CheckOptions, check, locate, run_stages
from microskills.check.safeyaml import ParseError, parse_yaml
from microskills.core import gfm
from microskills.core.errors import MicroskillsError
from microskills.core.text import name_key
from microskills.model import Catalogue, Kind
from microskills.model.problems import Problem, Severity
from microskills.model.raw import RawEntry
from microskills.registry.kinds import FOLDERS, KIND_FOLDER
from microskills.registry.schemainfo import Node, kind_schema

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
#: What a changed file is: an entry, categories.yaml, the link-check data, or anything else under
#: the catalogue folder (a stray file or link: an error the summary lists by name).
ENTRY, CATEGORIES, POLICY, LINK_DATA, OTHER = "entry", "categories", "source policy", "link data", "other"
#: Rules that compare an entry with every other one ("nothing links here", near-duplicate names,
#: shared URLs): decided for the changed entries and for the entries a change unlinked, which is
#: all a change can alter; for dependants they are the full check's business.
#: Above this many changed entry files `--changed` runs the full check (same answer, less work).
MAX_SELECTIVE_CHANGES = 200
WHOLE_CATALOGUE_RULES = frozenset({"skill.orphan", "provider.unused", "name.duplicate", "url.duplicate"})


class ChangedError(MicroskillsError):
    """git could not say what changed."""


@dataclass(frozen=True)
class Change:
    kind: Kind | None  # None: not an entry (`role` says what)
    id: str
    file: str  # as displayed (relative to the working directory)
    status: str  # added, changed, removed
    path: Path
    git_path: str  # relative to the repository's top level
    role: str = ENTRY


@dataclass
class ChangedResult:
    changes: list[Change]
    problems: list[Problem]
    catalogue: Catalogue
    dependants: list[str] = field(default_factory=list)  # files, as displayed
    loaded: int = 0
    total: int = 0
    full: bool = False  # fell back to the whole-catalogue check

    def failed(self, *, strict: bool = False) -> bool:
        return any(strict or p.severity is Severity.ERROR for p in self.problems)


def _start(cwd: Path, *args: str) -> subprocess.Popen[str]:
    """Start a git command (several run at once: each costs a process start, which adds up)."""
    try:
        return subprocess.Popen(
            ["git", "-C", str(cwd), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    except OSError as error:
        raise ChangedError(f"cannot run git: {error.strerror}") from None


def _finish(proc: subprocess.Popen[str], *, check: bool = True, ok: tuple[int, ...] = (0,)) -> str:
    out, err = proc.communicate()
    if check and proc.returncode not in ok:
        command = " ".join(str(a) for a in list(proc.args)[3:5])  # type: ignore[arg-type]
        raise ChangedError(f"git {command} failed: {err.strip() or proc.returncode}")
    return out


def _git(top: Path, *args: str, check: bool = True, ok: tuple[int, ...] = (0,)) -> str:
    return _finish(_start(top, *args), check=check, ok=ok)


def _top(root: Path, lines: list[str], ref: str | None) -> Path:
    if not lines:
        raise ChangedError(f"{display_path(root)} is not inside a git repository, so `--changed` cannot be used")
    if ref is not None and len(lines) < 2:
        raise ChangedError(f"git cannot find the revision `{ref}` (a branch, tag or commit; fetch it first?)")
    return Path(lines[0])


def _check_ref(root: Path, ref: str) -> None:
    if not root.is_dir():
        raise ChangedError(f"{display_path(root)}: the catalogue folder does not exist")
    if ref.startswith("-"):
        raise ChangedError(f"`{ref}` is not a git revision")


def git_changes(root: Path, ref: str) -> tuple[Path, list[Change]]:
    """The repository's top and the catalogue files added, changed or removed since `ref` (working
    tree and untracked files included). Three git commands, run at once."""
    _check_ref(root, ref)
    top_proc = _start(root, "rev-parse", "--show-toplevel", "--verify", "--quiet", f"{ref}^{{commit}}")
    diff_proc = _start(root, "diff", "--name-status", "-z", "--no-renames", ref, "--", ".")
    untracked_proc = _start(root, "ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", ".")
    top = _top(root, _finish(top_proc, check=False).splitlines(), ref)
    fields = _finish(diff_proc).split("\0")
    untracked = _finish(untracked_proc)
    statuses: dict[str, str] = {}
    for index in range(0, len(fields) - 1, 2):
        letter, name = fields[index], fields[index + 1]
        statuses[name] = ADDED if letter.startswith("A") else REMOVED if letter.startswith("D") else CHANGED
    for name in untracked.split("\0"):
        if name:
            statuses.setdefault(name, ADDED)
    root_abs = root.resolve()
    changes = []
    for name, status in sorted(statuses.items()):
        path = top / name
        try:
            relative = path.relative_to(root_abs)
        except ValueError:
            continue
        parts = relative.parts
        shown = display_path(root / relative)
        if parts == (CATEGORIES_FILE,):
            changes.append(Change(None, "categories", shown, status, root / relative, name, CATEGORIES))
        elif parts == (SOURCE_POLICY_FILE,):
            changes.append(Change(None, "source-policy", shown, status, root / relative, name, POLICY))
        elif parts == (DATA_FILE,):
            changes.append(Change(None, "link-check", shown, status, root / relative, name, LINK_DATA))
        elif len(parts) >= 2 and parts[0] in FOLDERS and parts[1].endswith(".yaml") and not parts[1].startswith("."):
            # A file inside a folder named like an entry (`skills/x.yaml/...`) is a change to that
            # entry's place: the checks report the folder where an entry file belongs.
            kind = FOLDERS[parts[0]]
            entry = root / parts[0] / parts[1]
            entry_git = (
                name if len(parts) == 2 else (root_abs / parts[0] / parts[1]).relative_to(top.resolve()).as_posix()
            )
            if len(parts) > 2 and any(c.git_path == entry_git for c in changes):
                continue
            shown = display_path(entry)
            changes.append(Change(kind, parts[1][: -len(".yaml")], shown, status, entry, entry_git))
        else:
            changes.append(Change(None, relative.as_posix(), shown, status, root / relative, name, OTHER))
    return top, changes


# --- references, read from the schemas -------------------------------------------------------------


def _is_id_ref(node: Node) -> bool:
    ref = node.schema.get("$ref")
    return isinstance(ref, str) and ref.endswith("#/$defs/id")


def references(kind: str, data: Any) -> set[str]:
    """Every id an entry refers to: the fields whose schema is an id, other than its own `id`."""
    found: set[str] = set()

    def walk(value: Any, node: Node | None, top: bool) -> None:
        if node is None:
            return
        if isinstance(value, dict):
            properties = node.properties()
            for key, item in value.items():
                if not (top and key == "id"):
                    walk(item, properties.get(key) if isinstance(key, str) else None, False)
        elif isinstance(value, list):
            item_node = node.items()
            for item in value:
                walk(item, item_node, False)
        elif isinstance(value, str) and _is_id_ref(node):
            found.add(value)

    walk(data, kind_schema(kind), True)
    return found


def _cycle_targets(kind: Kind, data: Any) -> list[tuple[Kind, str]]:
    """The links the whole-catalogue rules follow beyond one step (as `link.check_cycles` and
    `lint.check_pathway_order` do): stacking and prerequisites, broader skills, parent providers,
    and the credentials a pathway lists."""
    if not isinstance(data, dict):
        return []
    out: list[tuple[Kind, str]] = []

    def ids(value: Any) -> list[str]:
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    if kind == "credential":
        for link_item in data.get("stacks_into") or []:
            if isinstance(link_item, dict) and isinstance(link_item.get("credential"), str):
                out.append(("credential", link_item["credential"]))
        prerequisites = data.get("prerequisites")
        if isinstance(prerequisites, dict):
            out += [("credential", i) for i in ids(prerequisites.get("credentials"))]
    elif kind == "skill" and isinstance(data.get("broader"), str):
        out.append(("skill", data["broader"]))
    elif kind == "provider" and isinstance(data.get("parent"), str):
        out.append(("provider", data["parent"]))
    elif kind == "pathway":
        for stage in data.get("stages") or []:
            for item in (stage.get("items") or []) if isinstance(stage, dict) else []:
                if isinstance(item, dict) and isinstance(item.get("credential"), str):
                    out.append(("credential", item["credential"]))
        if isinstance(data.get("destination"), str):
            out.append(("credential", data["destination"]))
    return out


# --- one git grep over the catalogue ----------------------------------------------------------------


def _start_grep(top: Path, root: Path, ids: Iterable[str], entries: Iterable[Any]) -> subprocess.Popen[str] | None:
    """Files (paths from the repository top) that mention one of `ids` as a word, or whose
    top-level `name:` has every word of an entry's name, or whose `url:` is an entry's URL: the
    only files whose reading can change what is reported. One `git grep` for all of it."""
    expression: list[str] = []

    def either(*parts: str) -> None:
        if expression:
            expression.append("--or")
        expression.extend(parts)

    # Only real ids can be referred to (a reference must have the id form); a file name that is not
    # one (control characters, `..`) is reported by the name rules and must not reach the pattern.
    wanted = sorted(i for i in set(ids) if ID_RE.fullmatch(i) and len(i) <= 64)
    if wanted:
        either("-e", r"(?<![a-z0-9-])(" + "|".join(re.escape(i) for i in wanted) + r")(?![a-z0-9-])")
    for data in entries:
        if not isinstance(data, dict):
            continue
        name = data.get("name")
        # The schema's bounds (a name is one line of at most 200 characters, an address at most
        # 2,000): a longer value is a schema error, and must not make the pattern unbounded.
        words = name_key(name).split() if isinstance(name, str) and len(name) <= 200 else []
        if words:
            group = ["(", "-e", "^name:"]
            for word in words:
                group += ["--and", "-e", rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])"]
            either(*group, ")")
        url = data.get("url")
        if isinstance(url, str) and url.strip("/") and len(url) <= 2000:
            either("-e", r"^url:\s*['\"]?" + re.escape(url.rstrip("/")) + r"/?['\"]?\s*$")
    if not expression:
        return None
    folders = [str(root.resolve() / folder) for folder in FOLDERS]
    # Perl-compatible patterns: several times faster than POSIX ones in git's matcher.
    return _start(top, "grep", "-l", "-I", "-i", "-P", "-z", "--untracked", "--full-name", *expression, "--", *folders)


def _grep_result(proc: subprocess.Popen[str] | None) -> set[str]:
    if proc is None:
        return set()
    out = _finish(proc, ok=(0, 1))  # 1: no file matched
    return {name for name in out.split("\0") if name}


# --- the check ---------------------------------------------------------------------------------------


class _Subset:
    """Every entry file of the catalogue by name (ids are file names), and those parsed so far.

    Listing 10,000 names must stay cheap: only sets of ids are built for all of them, and a file's
    paths are worked out from its name when it is needed."""

    def __init__(self, root: Path, top: Path) -> None:
        self.root = root
        root_abs = root.resolve()
        prefix = root_abs.relative_to(top.resolve()).as_posix() if root_abs != top.resolve() else ""
        self.prefix = f"{prefix}/" if prefix else ""
        self.known: dict[Kind, set[str]] = {}
        self.shown: dict[str, str] = {}
        for folder, kind in FOLDERS.items():
            directory = root / folder
            names = os.listdir(directory) if directory.is_dir() and not directory.is_symlink() else []
            self.known[kind] = {n[:-5] for n in names if n.endswith(".yaml") and not n.startswith(".")}
            self.shown[folder] = display_path(directory)
        self.parsed: dict[str, tuple[Any, Problem | None]] = {}

    def split(self, git_path: str) -> tuple[Kind, str] | None:
        """(kind, id) of an entry file given by its path from the repository top; None if it is not one."""
        if not git_path.startswith(self.prefix):
            return None
        folder, _, name = git_path[len(self.prefix) :].partition("/")
        kind = FOLDERS.get(folder)
        if kind is None or "/" in name or not name.endswith(".yaml") or name[:-5] not in self.known[kind]:
            return None
        return kind, name[:-5]

    def __contains__(self, git_path: str) -> bool:
        return self.split(git_path) is not None

    def git_path(self, kind: Kind, entry_id: str) -> str | None:
        return f"{self.prefix}{KIND_FOLDER[kind]}/{entry_id}.yaml" if entry_id in self.known[kind] else None

    def display(self, git_path: str) -> str:
        return f"{self.shown[git_path[len(self.prefix) :].partition('/')[0]]}/{git_path.rsplit('/', 1)[-1]}"

    def is_entry_display(self, file: str) -> bool:
        """Whether a problem's file (as displayed) is in a kind folder."""
        folder, _, name = file.rpartition("/")
        return name.endswith(".yaml") and folder in self.shown.values()

    def path(self, git_path: str) -> Path:
        return self.root / git_path[len(self.prefix) :]

    def kind(self, git_path: str) -> Kind:
        found = self.split(git_path)
        assert found is not None
        return found[0]

    def load(self, git_path: str) -> Any:
        """Parse a file once; its data, or None when it does not parse (or is not an entry file)."""
        found = self.split(git_path)
        if found is None:
            return None
        if git_path not in self.parsed:
            self.parsed[git_path] = load_file(self.path(git_path), self.display(git_path), found[0])
        return self.parsed[git_path][0]

    def refs(self, git_path: str) -> set[str]:
        data = self.load(git_path)
        return references(self.kind(git_path), data) if isinstance(data, dict) else set()

    def result(self) -> LoadResult:
        loaded = LoadResult()
        read: dict[Kind, set[str]] = defaultdict(set)
        for git_path, (data, problem) in sorted(self.parsed.items()):
            kind, stem = self.kind(git_path), git_path.rsplit("/", 1)[-1][:-5]
            read[kind].add(stem)
            display = self.display(git_path)
            loaded.files[display] = self.path(git_path)
            if problem is not None:
                loaded.problems.append(problem)
                loaded.unparsed.append((kind, stem))
            else:
                loaded.entries.append(RawEntry(kind, stem, display, data))
        for kind, ids in self.known.items():  # exist, not read: references to them resolve
            loaded.unparsed.extend((kind, stem) for stem in ids - read[kind])
        load_support_files(self.root, loaded)
        return loaded


def check_changed(root: Path, ref: str, *, today: dt.date, recommend_facts: bool = False) -> ChangedResult:
    """Problems in the files changed since `ref` and in the entries that refer to them."""
    top, changes = git_changes(root, ref)
    entry_changes = sum(1 for change in changes if change.role == ENTRY)
    # Every entry depends on the category list and the source policy; and a change to hundreds of
    # entries is checked faster (and within git's limits on one pattern) by the full check.
    if entry_changes > MAX_SELECTIVE_CHANGES or any(change.role in (CATEGORIES, POLICY) for change in changes):
        result = check(root, today=today, recommend_facts=recommend_facts)
        return ChangedResult(changes, result.problems, result.catalogue, full=True, total=len(result.catalogue))
    # Stray files are errors wherever they are in the tree (a full walk of the folders is cheap);
    # links, names and the link-check data are stages of `run_stages` like every other check.
    extra = discover(root)[1]
    changes_of_entries = [c for c in changes if c.role == ENTRY]
    changed_ids = {c.id for c in changes_of_entries}
    # Start the one grep first (the changed files are read for their names and URLs), and list
    # the catalogue while it runs.
    present = [c for c in changes_of_entries if c.status != REMOVED]
    early: dict[str, Any] = {}
    for change in present:
        with contextlib.suppress(ParseError, OSError):
            early[change.git_path] = parse_yaml(read_entry_file(change.path))
    grep = _start_grep(top, root, changed_ids, early.values())
    shows = [
        (change, _start(top, "show", f"{ref}:{change.git_path}"))
        for change in changes_of_entries
        if change.status != ADDED and change.kind is not None
    ]
    subset = _Subset(root, top)
    changed_paths = [c.git_path for c in changes_of_entries if c.status != REMOVED and c.git_path in subset]
    # Entries the change unlinked (referred to at REF, no longer): "nothing links here" may now be
    # true of them. An entry still (or newly) linked cannot have become unlinked.
    now: set[str] = set()
    for git_path in changed_paths:
        now |= subset.refs(git_path)
    before: set[str] = set()
    for change, proc in shows:
        old = _finish(proc, check=False)
        try:
            old_data = parse_yaml(old) if old else None
        except ParseError:
            old_data = None
        if isinstance(old_data, dict) and change.kind is not None:
            before |= references(change.kind, old_data)
    reverse_kinds: tuple[Kind, ...] = ("skill", "provider")
    unlinked = {(k, i) for k in reverse_kinds for i in before - now - changed_ids if i in subset.known[k]}
    linked_paths = {p for k, i in unlinked if (p := subset.git_path(k, i))}
    mentioned = _grep_result(grep)
    if unlinked:  # rare: a link was removed; who else links to those entries?
        mentioned |= _grep_result(_start_grep(top, root, {i for _, i in unlinked}, []))
    for git_path in mentioned:
        subset.load(git_path)
    # Dependants: files that really refer to a changed id.
    dependants = {p for p in mentioned if p not in changed_paths and subset.refs(p) & changed_ids}
    report = set(changed_paths) | dependants
    # Far enough along stacking, prerequisites, broader and parent links for the cycle rules (a
    # cycle through a reported entry), and a reported pathway's credentials (their prerequisites
    # decide `pathway.order`; nothing beyond them matters to the pathway).
    frontier = list(report)
    seen = set(frontier)
    while frontier:
        git_path = frontier.pop()
        kind = subset.kind(git_path)
        for target_kind, target in _cycle_targets(kind, subset.load(git_path)):
            target_path = subset.git_path(target_kind, target)
            if target_path and target_path not in seen:
                seen.add(target_path)
                if kind == "pathway":
                    subset.load(target_path)
                else:
                    frontier.append(target_path)
    loaded = subset.result()
    # Not every file was read, but every file that mentions the entries whose reverse-link rules
    # are kept below was: for those, "nothing links here" is decided as in the full check.
    loaded.complete = True
    catalogue, candidates = run_stages(root, loaded, CheckOptions(today, recommend_facts))
    report_files = {subset.display(p) for p in report}
    changed_files = {c.file for c in changes}
    # Rules that compare an entry with the rest of the catalogue are decided for the changed files
    # (and the entries they unlinked); for a dependant the change cannot alter them.
    whole = changed_files | {subset.display(p) for p in linked_paths}
    # Problems of files that are not entries (links, the link-check data, names in the tree) are
    # the whole tree's: kept wherever they are, as the full check reports them.
    kept = [
        p
        for p in candidates
        if (p.file in report_files and (p.rule not in WHOLE_CATALOGUE_RULES or p.file in whole))
        or (p.file in whole and p.rule in WHOLE_CATALOGUE_RULES)
        or not subset.is_entry_display(p.file)
    ]
    problems = locate(kept, loaded.files) + extra
    problems.sort(key=Problem.sort_key)
    return ChangedResult(
        changes,
        problems,
        catalogue,
        sorted(subset.display(p) for p in dependants),
        loaded=len(subset.parsed),
        total=sum(len(ids) for ids in subset.known.values()),
    )


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
