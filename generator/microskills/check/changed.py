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
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from microskills.check.git import (
    ADDED,
    CATEGORIES,
    ENTRY,
    POLICY,
    REMOVED,
    Change,
    _finish,
    _grep_result,
    _start,
    _start_grep,
    git_changes,
)
from microskills.check.load import (
    LoadResult,
    discover,
    display_path,
    load_file,
    load_support_files,
    read_entry_file,
)
from microskills.check.pipeline import CheckOptions, check, locate, run_stages
from microskills.check.safeyaml import ParseError, parse_yaml
from microskills.model import Catalogue, Kind
from microskills.model.problems import Problem, Severity
from microskills.model.raw import RawEntry
from microskills.registry.kinds import FOLDERS, KIND_FOLDER
from microskills.registry.schemainfo import Node, kind_schema

#: Rules that compare an entry with every other one ("nothing links here", near-duplicate names,
#: shared URLs): decided for the changed entries and for the entries a change unlinked, which is
#: all a change can alter; for dependants they are the full check's business.
#: Above this many changed entry files `--changed` runs the full check (same answer, less work).
MAX_SELECTIVE_CHANGES = 200
WHOLE_CATALOGUE_RULES = frozenset({"skill.orphan", "provider.unused", "name.duplicate", "url.duplicate"})


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
    # The sibling-consistency rules (check/consistency.py) read a reported credential's provider
    # and the other credentials of that provider: the files that mention the provider's id.
    providers = set()
    for git_path in report:
        data = subset.load(git_path) if subset.kind(git_path) == "credential" else None
        if isinstance(data, dict) and isinstance(data.get("provider"), str):
            providers.add(data["provider"])
    if providers:
        for git_path in _grep_result(_start_grep(top, root, providers, [])):
            subset.load(git_path)
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
