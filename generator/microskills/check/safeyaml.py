"""The safe YAML parser: catalogue files are hostile, so values are built from libyaml's events.

We build values from the parser's event stream ourselves instead of using a YAML constructor,
which lets us, in one pass and without recursion: reject anchors/aliases (no "billion laughs"),
explicit tags (no `!!python/...`), duplicate keys (PyYAML silently keeps the last) and non-text
keys; cap depth and node count; and resolve scalars with the YAML 1.2 core schema, so `NO`
stays the text "NO" (Norway) and dates stay text for the schema to check. Line numbers are
recorded only when asked for (`positions`), because problems are rare and the fast path should
not pay for them.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import yaml
from yaml import events as ev

from microskills.core.errors import MicroskillsError
from microskills.core.text import show
from microskills.model.problems import JsonPath

try:  # libyaml's C parser is ~10x faster; fall back to the pure-Python one.
    from yaml import CSafeLoader as _Parser

    _C_PARSER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    _C_PARSER = False

MAX_DEPTH = 16
MAX_NODES = 20_000
MAX_NUMBER_DIGITS = 30
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_FLOAT_RE = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_STR_TAG = "tag:yaml.org,2002:str"


class ParseError(MicroskillsError):
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
        self.line = line
        self.column = column
        self.hint = hint
        self.path = path


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
                        f"the field `{show(key)}` appears twice in the same mapping (first on line {first})",
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
