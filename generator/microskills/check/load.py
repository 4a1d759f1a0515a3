"""Load stage: find catalogue files and parse them safely into plain JSON-like data.

Every file is treated as hostile: only small regular UTF-8 files are read (no symlinks, FIFOs or
directories), and they are parsed by `microskills.check.safeyaml`. Large catalogues are parsed in worker
processes; the live preview keeps parsed files between edits (`ParseCache`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from microskills.check.safeyaml import ParseError, decode, parse_yaml
from microskills.model.problems import JsonPath, Problem, Severity
from microskills.model.raw import RawEntry
from microskills.registry.kinds import FOLDERS, Kind

MAX_FILE_BYTES = 256 * 1024
#: `\Z`, not `$`: `$` also matches before a final line break, so "id\n" would pass.
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
CATEGORIES_FILE = "categories.yaml"
#: Refused source hosts and the third-party rule (optional: without it nothing is refused).
SOURCE_POLICY_FILE = "source-policy.yaml"


@dataclass(slots=True)
class LoadResult:
    entries: list[RawEntry] = field(default_factory=list)
    categories: RawEntry | None = None
    source_policy: RawEntry | None = None
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    #: (kind, id from the file name) of entry files that could not be parsed. Their ids still count
    #: as existing, so one broken file is one error, not one more for every reference to it.
    unparsed: list[tuple[Kind, str]] = field(default_factory=list)
    #: Set by a loader that reads part of the catalogue but every file the reported rules need
    #: (`validate --changed`): the link stage then treats the catalogue as complete.
    complete: bool | None = None


def read_entry_file(path: Path) -> str:
    """Read a catalogue file, refusing anything that is not a small regular file."""
    try:
        info = path.lstat()
    except OSError as error:
        raise ParseError("file.unreadable", f"cannot read the file: {error.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise ParseError(
            "file.symlink",
            "catalogue files must be regular files, not symbolic links",
            hint="replace the link with the file itself",
        )
    if stat.S_ISDIR(info.st_mode):
        raise ParseError(
            "file.directory",
            "this is a directory where an entry file was expected",
            hint="entries are single `<id>.yaml` files directly inside the kind's folder",
        )
    if not stat.S_ISREG(info.st_mode):
        raise ParseError("file.not-regular", "catalogue files must be regular files")
    if info.st_size > MAX_FILE_BYTES:
        raise ParseError(
            "file.too-large",
            f"the file is {info.st_size / 1024 / 1024:.1f} MB; an entry may be at most {MAX_FILE_BYTES // 1024} KB",
        )
    with path.open("rb") as handle:  # re-check after opening: the file may have grown
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ParseError("file.too-large", f"the file is larger than {MAX_FILE_BYTES // 1024} KB")
    return decode(raw)


def load_file(path: Path, display: str, kind: Kind | None) -> tuple[Any, Problem | None]:
    """Parse one file; a failure becomes a Problem, never an exception."""
    try:
        data = parse_yaml(read_entry_file(path))
    except ParseError as error:
        return None, Problem(
            display, error.rule, error.message, error.path, Severity.ERROR, error.hint, error.line, error.column
        )
    except RecursionError:  # pragma: no cover - the parser is iterative; belt and braces
        return None, Problem(display, "yaml.too-deep", "values are nested too deeply")
    return data, None


def positions(path: Path) -> dict[JsonPath, tuple[int, int]]:
    """Line and column of every key and item in a file (empty if it cannot be parsed)."""
    found: dict[JsonPath, tuple[int, int]] = {}
    with contextlib.suppress(ParseError):
        parse_yaml(read_entry_file(path), positions=found)
    return found


def display_path(path: Path) -> str:
    """Path as a contributor would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)
    return str(path.absolute()) if relative.startswith("..") else relative


def discover_folder(directory: Path, folder: str, kind: Kind) -> tuple[list[tuple[Path, str, Kind]], list[Problem]]:
    """The entry files in one kind folder, and a problem for everything else in it.

    Only `<id>.yaml` regular files belong there. A symbolic link (whatever its name) or any other
    file, hidden ones included, is an error: the tools that write catalogue files write beside
    entries, and a link planted there could point them at any file in the repository.
    """
    found: list[tuple[Path, str, Kind]] = []
    problems: list[Problem] = []
    for child in sorted(directory.iterdir(), key=lambda p: p.name):
        display = display_path(child)
        name = child.name
        if name.endswith(".yaml") and not name.startswith("."):
            found.append((child, display, kind))  # read_entry_file reports links, folders and pipes
        elif child.is_symlink():
            problems.append(
                Problem(
                    display,
                    "file.symlink",
                    "a symbolic link in a kind folder: nothing but `<id>.yaml` files belongs here",
                    hint="delete the link",
                )
            )
        elif name.endswith(".yml") and not name.startswith("."):
            problems.append(
                Problem(
                    display, "file.extension", "entry files end in `.yaml`", hint=f"rename it to `{name[:-4]}.yaml`"
                )
            )
        else:
            what = "a hidden file" if name.startswith(".") else "a file or folder that is not an entry"
            problems.append(
                Problem(
                    display,
                    "file.stray",
                    f"{what} in `{folder}/`: only `<id>.yaml` entry files belong here",
                    hint="move it out of the catalogue, or delete it",
                )
            )
    return found, problems


def discover(root: Path) -> tuple[list[tuple[Path, str, Kind]], list[Problem]]:
    """List entry files under the kind folders, reporting anything that does not belong."""
    found: list[tuple[Path, str, Kind]] = []
    problems: list[Problem] = []
    for folder, kind in FOLDERS.items():
        directory = root / folder
        if directory.is_symlink():
            problems.append(
                Problem(
                    display_path(directory), "file.symlink", "kind folders must be real directories, not symbolic links"
                )
            )
            continue
        if not directory.is_dir():
            continue
        files, trouble = discover_folder(directory, folder, kind)
        found += files
        problems += trouble
    return found, problems


#: Files of the catalogue folder itself that a stage reads and reports on by name.
ROOT_FILES = (CATEGORIES_FILE, "link-check.json")


def symlink_problems(root: Path) -> list[Problem]:
    """A symbolic link anywhere under `root`, other than where `discover` and the readers of
    categories.yaml and link-check.json already report one: nothing in the catalogue is a link."""
    problems: list[Problem] = []
    if not root.is_dir():
        return problems
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            children = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        kind_folder = directory != root and directory.parent == root and directory.name in FOLDERS
        for child in children:
            if directory == root and (child.name in FOLDERS or child.name in ROOT_FILES):
                if child.name in FOLDERS and child.is_dir(follow_symlinks=False):
                    pending.append(Path(child.path))
                continue
            if kind_folder:  # `discover_folder` reports what is in a kind folder itself
                if child.is_dir(follow_symlinks=False):
                    pending.append(Path(child.path))
                continue
            if child.is_symlink():
                problems.append(
                    Problem(
                        display_path(Path(child.path)),
                        "file.symlink",
                        "a symbolic link in the catalogue folder: the catalogue holds only regular files and folders",
                        hint="delete the link",
                    )
                )
            elif child.is_dir(follow_symlinks=False):
                pending.append(Path(child.path))
    return sorted(problems, key=Problem.sort_key)


def _load_chunk(chunk: Sequence[tuple[Path, str, Kind]]) -> list[tuple[Any, Problem | None]]:
    return [load_file(path, display, kind) for path, display, kind in chunk]


def _chunks(items: Sequence[Any], n: int) -> Iterator[Sequence[Any]]:
    size = max(1, -(-len(items) // n))
    for start in range(0, len(items), size):
        yield items[start : start + size]


PARALLEL_THRESHOLD = 400


class ParseCache:
    """Parsed files kept between runs of the live preview, reused while size and mtime agree."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[tuple[int, int], tuple[Any, Problem | None]]] = {}

    @staticmethod
    def stamp(path: Path) -> tuple[int, int] | None:
        try:
            info = path.lstat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def get(self, path: Path) -> tuple[Any, Problem | None] | None:
        cached = self._entries.get(path)
        if cached is None or cached[0] != self.stamp(path):
            return None
        return cached[1]

    def put(self, path: Path, parsed: tuple[Any, Problem | None]) -> None:
        stamp = self.stamp(path)
        if stamp is not None:
            self._entries[path] = (stamp, parsed)


def _parse_all(found: list[tuple[Path, str, Kind]], jobs: int | None) -> list[tuple[Any, Problem | None]]:
    """Large batches are parsed in worker processes (parsing is CPU-bound and the GIL would
    serialise threads); small ones in-process, where start-up would cost more than it saves."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(found) >= PARALLEL_THRESHOLD:
        from concurrent.futures import ProcessPoolExecutor  # here: importing it costs ~20 ms

        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(_load_chunk, list(_chunks(found, workers * 4))))
        return [item for part in parts for item in part]
    return _load_chunk(found)


def load_catalogue(root: Path, *, jobs: int | None = None, cache: ParseCache | None = None) -> LoadResult:
    """Parse every entry file under `root`; files that fail become problems."""
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(display_path(root), "catalogue.missing", "the catalogue folder does not exist"))
        return result
    found, result.problems = discover(root)
    cached = [cache.get(path) if cache is not None else None for path, _, _ in found]
    missing = [item for item, hit in zip(found, cached, strict=True) if hit is None]
    parsed = iter(_parse_all(missing, jobs))
    loaded: list[tuple[Any, Problem | None]] = []
    for (path, _, _), hit in zip(found, cached, strict=True):
        if hit is None:
            hit = next(parsed)
            if cache is not None:
                cache.put(path, hit)
        loaded.append(hit)
    for (path, display, kind), (data, problem) in zip(found, loaded, strict=True):
        result.files[display] = path
        stem = path.name[: -len(".yaml")]
        if problem is not None:
            result.problems.append(problem)
            result.unparsed.append((kind, stem))
            continue
        result.entries.append(RawEntry(kind, stem, display, data))
    load_support_files(root, result)
    return result


def load_support_files(root: Path, result: LoadResult) -> None:
    """The catalogue's own files beside the kind folders: the category list (required) and the
    source policy (optional). Every loader reads them, so every check applies them."""
    categories_path = root / CATEGORIES_FILE
    display = display_path(categories_path)
    result.files[display] = categories_path
    if categories_path.exists() or categories_path.is_symlink():
        data, problem = load_file(categories_path, display, None)
        if problem is not None:
            result.problems.append(problem)
        else:
            result.categories = RawEntry("skill", "categories", display, data)
    else:
        result.problems.append(
            Problem(
                display,
                "catalogue.categories",
                "the controlled list of skill categories is missing",
                hint="create categories.yaml with a `categories:` list",
            )
        )
    policy_path = root / SOURCE_POLICY_FILE
    if policy_path.exists() or policy_path.is_symlink():
        display = display_path(policy_path)
        result.files[display] = policy_path
        data, problem = load_file(policy_path, display, None)
        if problem is not None:
            result.problems.append(problem)
        else:
            result.source_policy = RawEntry("skill", "source-policy", display, data)
