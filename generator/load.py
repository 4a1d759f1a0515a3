"""Load stage: find catalogue files and parse them safely into plain JSON-like data.

Every file is treated as hostile. We build values from the parser's event stream ourselves
instead of using a YAML constructor, which lets us, in one pass and without recursion:
reject anchors/aliases (no "billion laughs"), explicit tags (no `!!python/...`), duplicate keys
(PyYAML silently keeps the last) and non-text keys; cap depth and node count; and resolve
scalars with the YAML 1.2 core schema, so `NO` stays the text "NO" (Norway) and dates stay
text for the schema to check. Line numbers are recorded only when asked for (see `positions`),
because problems are rare and the fast path should not pay for them.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from generator.model import FOLDERS, Kind
from generator.problems import JsonPath, Problem, Severity

try:  # libyaml's C parser is ~10x faster; fall back to the pure-Python one.
    from yaml import CSafeLoader as _Parser

    _C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    _C_PARSER = False

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_NODES = 20_000
MAX_NUMBER_DIGITS = 30
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CATEGORIES_FILE = "categories.yaml"

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_STR_TAG = "tag:yaml.org,2002:str"


class ParseError(Exception):
    """A file that cannot become catalogue data; carries the position of the cause."""

    def __init__(
        self,
        rule: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        path: JsonPath = (),
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint
        self.path = path


@dataclass(slots=True)
class RawEntry:
    """One parsed catalogue file: data as JSON-like values, plus where it came from."""

    kind: Kind
    id: str
    file: str
    data: Any


@dataclass(slots=True)
class LoadResult:
    entries: list[RawEntry] = field(default_factory=list)
    categories: RawEntry | None = None
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    #: (kind, id from the file name) of entry files that could not be parsed. Their ids still count
    #: as existing, so one broken file is one error, not one more for every reference to it.
    unparsed: list[tuple[Kind, str]] = field(default_factory=list)


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema for unquoted scalars: null, booleans, numbers, else text."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if len(value) <= MAX_NUMBER_DIGITS:
        if _INT_RE.match(value):
            return int(value)
        if _FLOAT_RE.match(value):
            return float(value)
    return value


def _mark(event: ev.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _check_tag(event: ev.NodeEvent) -> None:
    tag = getattr(event, "tag", None)
    if tag is None or tag == "!" or tag == _STR_TAG:
        return
    line, column = _mark(event)
    raise ParseError(
        "yaml.tag",
        f"YAML tags such as `{tag}` are not allowed in catalogue files",
        line,
        column,
        hint="remove the tag and write the value as plain text",
    )


def parse_yaml(text: str, *, positions: dict[JsonPath, tuple[int, int]] | None = None) -> Any:
    """Parse one YAML document into dicts, lists, str, int, float, bool and None.

    Raises ParseError for anything a catalogue file must not contain. When `positions` is
    given it is filled with the line and column of every key (for mapping values) and item.
    """
    parser = _Parser(text)
    try:
        return _compose(parser, positions)
    except yaml.reader.ReaderError as error:  # a character YAML forbids, such as NUL or ESC
        line, column = _offset_position(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        raise ParseError(
            "encoding",
            f"the file contains U+{code:04X}, an invisible control or special character YAML does not allow",
            line,
            column,
            hint="delete it: most editors do not show it (it can come from copying text out of a PDF or a binary)",
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if "nesting depth" in problem:
            # libyaml (PyYAML >= 6.0.2) has its own depth limit, checked while scanning ahead of
            # the events we count, so it can trip before ours: the same rule either way.
            raise _too_deep(mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
        context = f" {error.context}" if error.context else ""
        hint = None
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            hint = "YAML indentation must use spaces, not tabs"
        raise ParseError(
            "yaml.syntax",
            f"this is not valid YAML: {problem}{context}".strip(),
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint=hint,
        ) from None
    except yaml.YAMLError as error:
        raise ParseError("yaml.syntax", f"this is not valid YAML: {error}") from None
    finally:
        parser.dispose()


def _too_deep(line: int | None, column: int | None) -> ParseError:
    return ParseError(
        "yaml.too-deep",
        f"values are nested more than {MAX_DEPTH} levels deep",
        line,
        column,
        hint="catalogue entries need only a few levels: a field, a list, a mapping inside it",
    )


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of a parser offset: libyaml counts UTF-8 bytes, the pure-Python parser characters."""
    prefix = text.encode("utf-8")[:offset].decode("utf-8", "ignore") if _C_PARSER else text[:offset]
    return prefix.count("\n") + 1, len(prefix) - (prefix.rfind("\n") + 1) + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    if line < len(lines) and column < len(lines[line]):
        return lines[line][column]
    return ""


class _Frame:
    __slots__ = ("container", "index", "key", "key_mark", "keys_seen", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: JsonPath) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.keys_seen: dict[str, int] = {}
        self.index = 0


def _compose(parser: Any, positions: dict[JsonPath, tuple[int, int]] | None) -> Any:
    get = parser.get_event
    event = get()  # StreamStartEvent
    event = get()
    if isinstance(event, ev.StreamEndEvent):
        raise ParseError(
            "yaml.empty",
            "the file is empty",
            1,
            1,
            hint="an entry is a YAML mapping of fields such as `id:` and `name:`",
        )
    stack: list[_Frame] = []
    root: Any = None
    have_root = False
    nodes = 0
    while True:
        event = get()
        if isinstance(event, ev.DocumentEndEvent):
            break
        if isinstance(event, ev.AliasEvent) or getattr(event, "anchor", None):
            line, column = _mark(event)
            raise ParseError(
                "yaml.alias",
                "YAML anchors and aliases (`&name`, `*name`) are not allowed in catalogue files",
                line,
                column,
                hint="write the value out in full",
            )
        if isinstance(event, (ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                line, column = _mark(event)
                raise ParseError("yaml.too-large", f"the file has more than {MAX_NODES} values", line, column)
            _check_tag(event)
        value: Any
        is_end = isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent))
        if is_end:
            value = stack.pop().container
        elif isinstance(event, ev.ScalarEvent):
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                # A mapping key: keep it as written so `yes:` or `1:` stay names, not values.
                key = event.value
                mark = _mark(event)
                first = frame.keys_seen.get(key)
                if first is not None:
                    raise ParseError(
                        "yaml.duplicate-key",
                        f"the field `{_clip(key)}` appears twice in the same mapping (first on line {first})",
                        mark[0],
                        mark[1],
                        path=frame.path,
                        hint="YAML keeps only the last value silently; delete one of them",
                    )
                frame.keys_seen[key] = mark[0]
                frame.key = key
                frame.key_mark = mark
                continue
            if not event.style and event.implicit[0] and event.tag is None:
                value = _resolve_plain(event.value)
            else:
                value = event.value
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(*_mark(event))
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame.container, dict) and frame.key is None:
                line, column = _mark(event)
                raise ParseError("yaml.key", "a field name must be plain text, not a list or mapping", line, column)
            child_path = _child_path(frame, event, positions)
            container: dict[str, Any] | list[Any] = {} if isinstance(event, ev.MappingStartEvent) else []
            stack.append(_Frame(container, child_path))
            continue
        elif isinstance(event, ev.DocumentStartEvent):  # pragma: no cover - parser guarantees order
            continue
        else:  # pragma: no cover - no other events inside a document
            raise ParseError("yaml.syntax", f"unexpected YAML event {type(event).__name__}")

        # Attach a finished value (scalar or closed container) to its parent.
        if not stack:
            root = value
            have_root = True
            if positions is not None and not is_end:
                positions[()] = _mark(event)
            continue
        parent = stack[-1]
        if isinstance(parent.container, dict):
            field_name = parent.key
            assert field_name is not None
            parent.container[field_name] = value
            if positions is not None and not is_end:
                positions[(*parent.path, field_name)] = parent.key_mark
            parent.key = None
        else:
            if positions is not None and not is_end:
                positions[(*parent.path, parent.index)] = _mark(event)
            parent.container.append(value)
            parent.index += 1
    event = get()
    if not isinstance(event, ev.StreamEndEvent):
        line, column = _mark(event)
        raise ParseError(
            "yaml.multiple-documents",
            "a catalogue file holds exactly one YAML document",
            line,
            column,
            hint="remove the `---` line and everything after it",
        )
    if not have_root:  # pragma: no cover
        raise ParseError("yaml.empty", "the file is empty", 1, 1)
    return root


def _child_path(frame: _Frame | None, event: ev.Event, positions: dict[JsonPath, tuple[int, int]] | None) -> JsonPath:
    """Path of a container about to open, recording where it starts."""
    if frame is None:
        path: JsonPath = ()
        mark = _mark(event)
    elif isinstance(frame.container, dict):
        assert frame.key is not None
        path = (*frame.path, frame.key)
        mark = frame.key_mark
    else:
        path = (*frame.path, frame.index)
        mark = _mark(event)
    if positions is not None:
        positions[path] = mark
    return path


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(raw: bytes) -> str:
    """Decode UTF-8 strictly (a BOM is allowed and dropped), naming the line of a bad byte."""
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise ParseError(
                "encoding",
                f"the file is saved as {encoding}; catalogue files must be UTF-8",
                1,
                1,
                hint="save the file with UTF-8 encoding",
            )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ParseError(
            "encoding",
            f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            line,
            column,
            hint="save the file with UTF-8 encoding",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


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
        for child in sorted(directory.iterdir(), key=lambda p: p.name):
            display = display_path(child)
            name = child.name
            if name.startswith("."):
                continue
            if not name.endswith(".yaml"):
                if name.endswith(".yml"):
                    problems.append(
                        Problem(
                            display,
                            "file.extension",
                            "entry files end in `.yaml`",
                            hint=f"rename it to `{name[:-4]}.yaml`",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            display,
                            "file.unexpected",
                            f"only `<id>.yaml` entry files belong in `{folder}/`",
                            severity=Severity.WARNING,
                            hint="move or delete this file",
                        )
                    )
                continue
            found.append((child, display, kind))
    return found, problems


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
    return result
