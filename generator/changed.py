"""`microskills validate --changed REF`: check what a pull request touches, fast, in full context.

The files changed since REF (git: committed, staged, unstaged and untracked) are checked with
every rule, and so are the entries that refer to them (a removed skill breaks the credentials
that list it). References still resolve against the whole catalogue, but without parsing it:

- every file name is an id (`file.name` / `id.mismatch` enforce it), so the directory listing
  says which ids exist and of which kind, exactly as the full check's reference resolution does;
- one `git grep` finds the files that mention a changed id (candidates for dependants, confirmed
  by parsing them) and every `name:` and `url:` line (for the duplicate-name and duplicate-URL
  rules);
- the entries the changed ones point to are loaded as far as the cycle rules and pathway order
  need (stacking, prerequisites, broader skills, parent providers);
- "nothing links to this skill/provider" is decided for the changed entries, for the ones they
  linked to before or after the change, and for dependants, from the files that mention them.

So for the changed files and their dependants the problems are those a full `validate` reports
for them (tests/test_changed.py compares the two). A change to categories.yaml, which every
skill depends on, falls back to the full check.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import MicroskillsError
from generator.link import link
from generator.lint import LintOptions, lint
from generator.load import CATEGORIES_FILE, LoadResult, RawEntry, discover, display_path, load_file
from generator.model import FOLDERS, KIND_FOLDER, Catalogue, Kind
from generator.pipeline import check, locate
from generator.problems import Problem, Severity
from generator.safeyaml import ParseError, parse_yaml
from generator.schemainfo import Node, kind_schema
from generator.text import name_key
from generator.validate import validate

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
#: Rules decided from the entries that link to an entry: reported for entries the change links
#: to or unlinks from, where nothing else about them is reported.
REVERSE_LINK_RULES = frozenset({"skill.orphan", "provider.unused"})


class ChangedError(MicroskillsError):
    """git could not say what changed."""


@dataclass(frozen=True)
class Change:
    kind: Kind | None  # None: categories.yaml
    id: str
    file: str  # as displayed (relative to the working directory)
    status: str  # added, changed, removed
    path: Path
    git_path: str  # relative to the repository's top level


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


def _git(top: Path, *args: str, check: bool = True) -> str:
    try:
        proc = subprocess.run(
            ["git", "-C", str(top), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except OSError as error:
        raise ChangedError(f"cannot run git: {error.strerror}") from None
    if check and proc.returncode != 0:
        raise ChangedError(f"git {' '.join(args[:2])} failed: {proc.stderr.strip() or proc.returncode}")
    return proc.stdout


def repository_top(root: Path) -> Path:
    if not root.is_dir():
        raise ChangedError(f"{display_path(root)}: the catalogue folder does not exist")
    out = _git(root, "rev-parse", "--show-toplevel", check=False).strip()
    if not out:
        raise ChangedError(f"{display_path(root)} is not inside a git repository, so `--changed` cannot be used")
    return Path(out)


def git_changes(root: Path, ref: str) -> list[Change]:
    """Catalogue files added, changed or removed since `ref` (working tree and untracked files included)."""
    top = repository_top(root)
    if ref.startswith("-"):
        raise ChangedError(f"`{ref}` is not a git revision")
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    diff = _git(top, "diff", "--name-status", "-z", "--no-renames", ref, "--")
    fields = diff.split("\0")
    statuses: dict[str, str] = {}
    for index in range(0, len(fields) - 1, 2):
        letter, name = fields[index], fields[index + 1]
        statuses[name] = ADDED if letter.startswith("A") else REMOVED if letter.startswith("D") else CHANGED
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", str(root.resolve()))
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
        if parts == (CATEGORIES_FILE,):
            changes.append(Change(None, "categories", display_path(root / relative), status, root / relative, name))
        elif len(parts) == 2 and parts[0] in FOLDERS and parts[1].endswith(".yaml"):
            kind = FOLDERS[parts[0]]
            changes.append(
                Change(kind, parts[1][: -len(".yaml")], display_path(root / relative), status, root / relative, name)
            )
    return changes


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


_LINE_VALUE = re.compile(r"^(name|url):[ \t]*(.*?)[ \t]*$")


def _scalar_text(raw: str) -> str | None:
    """The value of a one-line `name:`/`url:` as the parser reads it (None for block scalars)."""
    if not raw or raw[0] in "|>":
        return None
    try:
        value = parse_yaml(f"v: {raw}\n")
    except ParseError:
        return None
    text = value.get("v") if isinstance(value, dict) else None
    return text if isinstance(text, str) else None


@dataclass
class _Mentions:
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # id -> files (git paths)
    names: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))  # (folder, key)
    urls: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    name_of: dict[str, tuple[str, str]] = field(default_factory=dict)
    url_of: dict[str, tuple[str, str]] = field(default_factory=dict)


def _grep(top: Path, root: Path, ids: Iterable[str], *, lines: bool) -> _Mentions:
    """Files mentioning each id as a word; with `lines`, also every top-level name and url."""
    wanted = sorted(set(ids))
    found = _Mentions()
    if not wanted and not lines:
        return found
    patterns: list[str] = []
    if lines:
        patterns += ["-e", "^name:", "-e", "^url:"]
    if wanted:
        patterns += ["-e", r"(^|[^a-z0-9-])(" + "|".join(re.escape(i) for i in wanted) + r")($|[^a-z0-9-])"]
    folders = [str(root.resolve() / folder) for folder in FOLDERS]
    out = _git(top, "grep", "-I", "-E", "-z", "--untracked", "--full-name", *patterns, "--", *folders, check=False)
    id_re = (
        re.compile(r"(?<![a-z0-9-])(" + "|".join(re.escape(i) for i in wanted) + r")(?![a-z0-9-])") if wanted else None
    )
    for record in out.split("\n"):
        name, _, text = record.partition("\0")
        if not text:
            continue
        folder = name.rsplit("/", 2)[-2] if name.count("/") >= 1 else ""
        match = _LINE_VALUE.match(text) if lines else None
        if match:
            value = _scalar_text(match.group(2))
            if value is not None:
                if match.group(1) == "name":
                    key = (folder, name_key(value))
                    found.names[key].add(name)
                    found.name_of[name] = key
                else:
                    key = (folder, value.rstrip("/").lower())
                    found.urls[key].add(name)
                    found.url_of[name] = key
        if id_re is not None:
            for hit in id_re.findall(text):
                found.ids[hit].add(name)
    return found


# --- the check ---------------------------------------------------------------------------------------


class _Subset:
    """The files parsed so far, out of all the catalogue's files."""

    def __init__(self, root: Path, top: Path) -> None:
        self.root = root
        self.top = top
        listing, self.discover_problems = discover(root)
        self.by_git: dict[str, tuple[Path, str, Kind]] = {}
        self.by_id: dict[tuple[Kind, str], str] = {}
        self.known: dict[Kind, set[str]] = defaultdict(set)
        root_abs = root.resolve()
        prefix = root_abs.relative_to(top.resolve()).as_posix() if root_abs != top.resolve() else ""
        for path, display, kind in listing:
            stem = path.name[: -len(".yaml")]
            git_path = f"{prefix}/{KIND_FOLDER[kind]}/{path.name}".lstrip("/")
            self.by_git[git_path] = (path, display, kind)
            self.by_id[(kind, stem)] = git_path
            self.known[kind].add(stem)
        self.parsed: dict[str, tuple[Any, Problem | None]] = {}

    def load(self, git_path: str) -> Any:
        """Parse a file once; its data, or None when it does not parse (or does not exist)."""
        if git_path not in self.by_git:
            return None
        if git_path not in self.parsed:
            path, display, kind = self.by_git[git_path]
            self.parsed[git_path] = load_file(path, display, kind)
        return self.parsed[git_path][0]

    def kind(self, git_path: str) -> Kind:
        return self.by_git[git_path][2]

    def display(self, git_path: str) -> str:
        return self.by_git[git_path][1]

    def refs(self, git_path: str) -> set[str]:
        data = self.load(git_path)
        return references(self.kind(git_path), data) if isinstance(data, dict) else set()

    def result(self, categories_path: Path) -> LoadResult:
        loaded = LoadResult()
        for git_path, (path, display, kind) in sorted(self.by_git.items(), key=lambda item: item[1][1]):
            loaded.files[display] = path
            stem = path.name[: -len(".yaml")]
            parsed = self.parsed.get(git_path)
            if parsed is None:
                loaded.unparsed.append((kind, stem))  # exists, not read: references to it resolve
                continue
            data, problem = parsed
            if problem is not None:
                loaded.problems.append(problem)
                loaded.unparsed.append((kind, stem))
            else:
                loaded.entries.append(RawEntry(kind, stem, display, data))
        display = display_path(categories_path)
        loaded.files[display] = categories_path
        data, problem = load_file(categories_path, display, None)
        if problem is not None:
            loaded.problems.append(problem)
        elif data is not None:
            loaded.categories = RawEntry("skill", "categories", display, data)
        return loaded


def check_changed(root: Path, ref: str, *, today: dt.date) -> ChangedResult:
    """Problems in the files changed since `ref` and in the entries that refer to them."""
    changes = git_changes(root, ref)
    if any(change.kind is None for change in changes):  # categories.yaml: every skill depends on it
        result = check(root, today=today)
        return ChangedResult(changes, result.problems, result.catalogue, full=True, total=len(result.catalogue))
    top = repository_top(root)
    subset = _Subset(root, top)
    changed_paths = [c.git_path for c in changes if c.status != REMOVED and c.git_path in subset.by_git]
    changed_ids = {c.id for c in changes}
    linked: set[str] = set()  # ids the changed entries link to now or linked to at REF
    for git_path in changed_paths:
        linked |= subset.refs(git_path)
    for change in changes:
        if change.status == ADDED:
            continue
        old = _git(top, "show", f"{ref}:{change.git_path}", check=False)
        try:
            old_data = parse_yaml(old) if old else None
        except ParseError:
            old_data = None
        if change.kind is not None and isinstance(old_data, dict):
            linked |= references(change.kind, old_data)
    reverse_kinds: tuple[Kind, ...] = ("skill", "provider")
    linked_paths = {subset.by_id[(k, i)] for k in reverse_kinds for i in linked if (k, i) in subset.by_id}
    linked_ids = {i for k in reverse_kinds for i in linked if (k, i) in subset.by_id}
    mentions = _grep(top, root, changed_ids | linked_ids, lines=True)
    # Dependants: files that really refer to a changed id.
    dependants: set[str] = set()
    for entry_id in changed_ids:
        for git_path in mentions.ids.get(entry_id, ()):
            if git_path not in changed_paths and entry_id in subset.refs(git_path):
                dependants.add(git_path)
    # Whoever refers to the dependants' skills and providers (for the reverse-link rules).
    more = (
        {
            git_path.rsplit("/", 1)[-1][: -len(".yaml")]
            for git_path in dependants
            if subset.kind(git_path) in reverse_kinds
        }
        - changed_ids
        - linked_ids
    )
    extra = _grep(top, root, more, lines=False) if more else _Mentions()
    for entry_id in linked_ids | more:
        for git_path in mentions.ids.get(entry_id, set()) | extra.ids.get(entry_id, set()):
            subset.load(git_path)
    report = set(changed_paths) | dependants
    # Entries with the same name or URL as a reported one (duplicate rules).
    for git_path in list(report):
        for key, table in (
            (mentions.name_of.get(git_path), mentions.names),
            (mentions.url_of.get(git_path), mentions.urls),
        ):
            if key is not None:
                for partner in table.get(key, ()):
                    subset.load(partner)
    # Far enough along stacking, prerequisites, broader and parent links for the cycle rules.
    frontier = list(report)
    seen = set(frontier)
    while frontier:
        git_path = frontier.pop()
        data = subset.load(git_path)
        for kind, target in _cycle_targets(subset.kind(git_path), data) if git_path in subset.by_git else []:
            target_path = subset.by_id.get((kind, target))
            if target_path and target_path not in seen:
                seen.add(target_path)
                frontier.append(target_path)
    loaded = subset.result(root / CATEGORIES_FILE)
    schema_problems = validate(loaded)
    catalogue, link_problems = link(loaded, schema_problems)
    # Not every file was read, but every file that mentions the entries whose reverse-link rules
    # are kept below was: for those, "nothing links here" is decided as in the full check.
    catalogue.complete = True
    lint_problems = lint(catalogue, LintOptions(today=today))
    report_files = {subset.display(p) for p in report}
    reverse_files = report_files | {subset.display(p) for p in linked_paths}
    changed_files = {c.file for c in changes}
    candidates = [*loaded.problems, *schema_problems, *link_problems, *lint_problems]
    kept = [
        p
        for p in candidates
        if (p.file in report_files and (p.rule not in REVERSE_LINK_RULES or p.file in reverse_files))
        or (p.file in reverse_files and p.rule in REVERSE_LINK_RULES)
    ]
    kept += [p for p in subset.discover_problems if p.file in changed_files]
    problems = locate(kept, loaded.files)
    return ChangedResult(
        changes,
        problems,
        catalogue,
        sorted(subset.display(p) for p in dependants),
        loaded=len(subset.parsed),
        total=len(subset.by_git),
    )
