"""Problems as data: every stage returns them, the CLI reports them once.

A problem is located by file and JSON path; the line and column are filled in at the end by
re-reading only the files that have problems, so the fast path never records positions.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from microskills.core.text import show

JsonPath = tuple[str | int, ...]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    rule: str
    message: str
    path: JsonPath = ()
    severity: Severity = Severity.ERROR
    hint: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def json_path(self) -> str:
        return format_json_path(self.path)

    def at(self, line: int | None, column: int | None) -> Problem:
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.rule, self.message)


def format_json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier() and len(part) <= 60:
            out += f".{part}"
        else:  # hostile keys can be long or odd: clip, and let json.dumps escape control characters
            out += "[" + json.dumps(part if len(part) <= 60 else part[:60] + "…") + "]"
    return out


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def has_errors(problems: Iterable[Problem], *, strict: bool = False) -> bool:
    """With `strict`, warnings fail too (as in `mkdocs build --strict`)."""
    return any(strict or p.severity is Severity.ERROR for p in problems)


def summary(problems: Sequence[Problem]) -> str:
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    if not problems:
        return "No problems found."
    files = len({p.file for p in problems})
    return (
        f"{n_err} error{'s' if n_err != 1 else ''} and {n_warn} warning{'s' if n_warn != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}."
    )


def _shown(p: Problem) -> Problem:
    """The problem with every text field passed through `show` (unclipped): one line each, no
    control or direction-changing character, whatever the file name, key or value held."""
    return replace(
        p,
        file=show(p.file, None),
        rule=show(p.rule, None),
        message=show(p.message, None),
        hint=show(p.hint, None) if p.hint is not None else None,
    )


def format_text(problems: Sequence[Problem]) -> str:
    lines: list[str] = []
    for p in map(_shown, problems):
        where = p.file if p.line is None else f"{p.file}:{p.line}:{p.column or 1}"
        lines.append(f"{where}: {p.severity.value} [{p.rule}] {p.message}")
        if p.path:
            lines.append(f"    at {show(p.json_path, None)}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


def format_json(problems: Sequence[Problem]) -> str:
    records = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "json_path": show(p.json_path, None),
            "rule": p.rule,
            "severity": p.severity.value,
            "message": p.message,
            "hint": p.hint,
        }
        for p in map(_shown, problems)
    ]
    return json.dumps({"problems": records, "summary": summary(problems)}, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on the pull request."""
    lines = []
    for p in map(_shown, problems):
        props = [f"file={_escape_property(p.file)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
            props.append(f"col={p.column or 1}")
        props.append(f"title={_escape_property(p.rule)}")
        where = f" ({show(p.json_path, None)})" if p.path else ""
        message = p.message + where + (f" Hint: {p.hint}" if p.hint else "")
        lines.append(f"::{p.severity.value} {','.join(props)}::{_escape_data(message)}")
    lines.append(summary(problems))
    return "\n".join(lines) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
