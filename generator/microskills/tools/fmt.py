"""`microskills fmt`: one canonical layout for entry files, so review diffs show only real changes.

Edits go through `microskills.tools.roundtrip` (ruamel.yaml round trip), so comments, blank lines and
flow/block style stay as the contributor wrote them. What is normalised:

- **key order**: the order the kind's JSON Schema lists its properties, at every level
  (unknown keys keep their place after the known ones, for the validator to report);
- **quoting**: strings are plain where YAML allows, else single-quoted, else double-quoted;
- **wrapping**: prose fields (strings the schema allows to be longer than a line) that do not fit
  on their line become folded blocks (`>-`) wrapped at `WIDTH` columns; text with line breaks
  (Markdown paragraphs and lists) becomes a literal block (`|`), kept line for line.

A file is formatted only after the safe parser (`microskills.check.safeyaml`) accepts it, and the result
is parsed again and compared with the original data: if formatting would change a single value,
the file is left alone and reported (a bug in the formatter must never become a data change).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, PlainScalarString

from microskills.check.load import CATEGORIES_FILE, discover, discover_folder, display_path, read_entry_file
from microskills.check.safeyaml import ParseError, parse_yaml
from microskills.core import safewrite
from microskills.model.problems import Problem
from microskills.registry.kinds import FOLDERS
from microskills.registry.schemainfo import Node, kind_schema
from microskills.tools import roundtrip

#: Folded prose is wrapped to lines of at most this many columns (indentation included).
WIDTH = 100
#: Strings the schema allows to be longer than this are prose, and may be folded (unless their
#: pattern is anchored: URLs and other structured values are never folded).
LINE_MAX = 200
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass
class FormatResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def kind_of(path: Path) -> str | None:
    """The schema a file follows, from where it is: `<kind folder>/<id>.yaml` or categories.yaml."""
    if path.name == CATEGORIES_FILE:
        return "categories"
    if path.suffix == ".yaml" and path.parent.name in FOLDERS:
        return FOLDERS[path.parent.name]
    return None


def _is_prose(node: Node | None) -> bool:
    if node is None:
        return False
    limit = node.get("maxLength")
    pattern = node.get("pattern")
    structured = isinstance(pattern, str) and pattern.startswith("^")  # addresses, ids, codes, dates
    return (
        "string" in node.types and (limit is None or limit > LINE_MAX) and node.get("enum") is None and not structured
    )


def fold_positions(text: str, width: int) -> list[int] | None:
    """Where to break `text` (indices of spaces) so no line exceeds `width`; None if it cannot fold."""
    if not text or text != text.strip() or "  " in text or any(c in text for c in "\n\r\t\a"):
        return None
    positions: list[int] = []
    line_start = 0
    last_space = -1
    for index, char in enumerate(text):
        if char == " ":
            if index - line_start > width and last_space > line_start:
                positions.append(last_space)
                line_start = last_space + 1
            last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


class _Formatter:
    def __init__(self, width: int = WIDTH) -> None:
        self.width = width

    def scalar(self, value: Any, node: Node | None, lead: int, indent: int) -> Any:
        """A string in canonical style; other scalars as they are."""
        if not isinstance(value, str):
            return value
        text = str(value)
        if _DATE.match(text):
            # Written plain (`2026-12-01`): our parser reads it as text either way, and a date
            # object is how the round-trip dumper is told not to quote it.
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text
        if "\n" in text and _is_prose(node):
            if all(line == line.rstrip() for line in text.split("\n")) and not text.startswith((" ", "\t")):
                return LiteralScalarString(text)
            return text
        if _is_prose(node) and lead + len(text) > self.width:
            positions = fold_positions(text, self.width - indent)
            if positions is not None:
                folded = FoldedScalarString(text)
                folded.fold_pos = positions
                return folded
        # Plain where YAML allows it; the emitter falls back to quotes only when it must. (A bare
        # str would inherit the old quoting: ruamel keeps a replaced value's style.)
        return PlainScalarString(text)

    def mapping(self, data: CommentedMap, node: Node | None, column: int) -> None:
        """Keys in schema order, then each value; `column` is where this mapping's keys start."""
        properties = node.properties() if node is not None else {}
        order = [key for key in properties if key in data]
        rest = [key for key in data if key not in properties]
        for key in order + rest:
            data.move_to_end(key)
        for key in list(data):
            sub = properties.get(key) if isinstance(key, str) else None
            # A nested block starts two columns in; a scalar follows `key: `.
            self.value(data, key, data[key], sub, column, column + 2, column + len(str(key)) + 2)

    def sequence(self, data: CommentedSeq, node: Node | None, column: int) -> None:
        """Items of a list under a key at `column`: `- ` two columns in, content four in."""
        item = node.items() if node is not None else None
        for index in range(len(data)):
            self.value(data, index, data[index], item, column + 2, column + 4, column + 4)

    def value(self, parent: Any, key: Any, value: Any, node: Node | None, column: int, inner: int, lead: int) -> None:
        """`column`: the key's column; `inner`: where a nested block starts; `lead`: where an
        inline scalar would start."""
        if isinstance(value, CommentedMap):
            self.mapping(value, node, inner)
        elif isinstance(value, CommentedSeq):
            self.sequence(value, node, column if isinstance(parent, CommentedMap) else inner - 2)
        else:
            styled = self.scalar(value, node, lead, inner)
            if type(styled) is not type(value) or styled != value or isinstance(styled, FoldedScalarString):
                parent[key] = styled


def format_text(text: str, kind: str, width: int = WIDTH) -> str:
    """`text` (an entry file of `kind`) in canonical layout. Raises ParseError if it is not safe YAML."""
    before = parse_yaml(text)
    document = roundtrip.load(text)
    if not isinstance(document, CommentedMap):
        return text
    _Formatter(width).mapping(document, kind_schema(kind), 0)
    buffer = io.StringIO()
    buffer.write(roundtrip.dump(document))
    out = buffer.getvalue()
    if parse_yaml(out) != before:
        raise ParseError("fmt.unsafe", "formatting would change the data, so the file was left as it is")
    return out


def _catalogue_root(path: Path) -> Path:
    """The catalogue folder a file belongs to: the writes stay inside it."""
    return path.parent if path.name == CATEGORIES_FILE else path.parent.parent


def entry_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Catalogue files under `paths` (files, kind folders or catalogue folders), sorted, once each,
    found exactly as `validate` finds them (`load.discover`: no symbolic link is followed, hidden
    and stray files are reported), and the problems of what was found instead."""
    found: dict[Path, None] = {}
    problems: list[Problem] = []
    for path in paths:
        if path.is_symlink():
            problems.append(
                Problem(display_path(path), "file.symlink", "a symbolic link: `fmt` formats only regular files")
            )
        elif path.is_dir() and path.name in FOLDERS:
            files, trouble = discover_folder(path, path.name, FOLDERS[path.name])
            found.update((file, None) for file, _, _ in files)
            problems += trouble
        elif path.is_dir():
            categories = path / CATEGORIES_FILE
            if categories.exists() or categories.is_symlink():
                found[categories] = None
            files, trouble = discover(path)
            found.update((file, None) for file, _, _ in files)
            problems += trouble
        else:
            found[path] = None
    return list(found), problems


def format_files(paths: Iterable[Path], *, check: bool) -> FormatResult:
    """Format (or with `check`, only list) the files that are not in canonical layout.

    A file is read and written only if no symbolic link leads to it from its catalogue folder
    (`safewrite.check_folders`), and written only through `safewrite`."""
    result = FormatResult()
    files, result.problems = entry_files(paths)
    for path in files:
        display = display_path(path)
        kind = kind_of(path)
        if kind is None:
            result.problems.append(
                Problem(
                    display,
                    "fmt.not-an-entry",
                    "not a catalogue file: entries are `<kind folder>/<id>.yaml`, or categories.yaml",
                )
            )
            continue
        root = _catalogue_root(path)
        try:
            safewrite.check_folders(path, root)
            text = read_entry_file(path)
            formatted = format_text(text, kind)
        except safewrite.UnsafeWriteError as error:
            result.problems.append(
                Problem(display, "file.symlink", error.format_message(), hint="replace the link with the file itself")
            )
            continue
        except ParseError as error:
            result.problems.append(
                Problem(
                    display,
                    error.rule,
                    error.message,
                    error.path,
                    hint=error.hint,
                    line=error.line,
                    column=error.column,
                )
            )
            continue
        if formatted == text:
            result.unchanged += 1
            continue
        result.changed.append(display)
        if not check:
            safewrite.write_text(path, formatted, root=root)
    return result
