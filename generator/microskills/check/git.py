"""What a change is, from git: the files changed since a revision (committed, staged, unstaged
and untracked) with their role, and one `git grep` over the catalogue. Used by
`microskills.check.changed` (the loader for `validate --changed`) and the summary."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from microskills.check.linkdata import DATA_FILE
from microskills.check.load import (
    CATEGORIES_FILE,
    ID_RE,
    SOURCE_POLICY_FILE,
    display_path,
)
from microskills.core.errors import MicroskillsError
from microskills.core.text import name_key
from microskills.model import Kind
from microskills.registry.kinds import FOLDERS

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
#: What a changed file is: an entry, categories.yaml, the link-check data, or anything else under
#: the catalogue folder (a stray file or link: an error the summary lists by name).
ENTRY, CATEGORIES, POLICY, LINK_DATA, OTHER = "entry", "categories", "source policy", "link data", "other"


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
