"""The link-check data file (`catalogue/link-check.json`): read, checked and written.

The weekly `check-links` job writes it, but it is committed beside the entries, so a pull request
can change it, and the Quality page, the entry flags and the weekly issue are built from it. So
it is checked like any catalogue file (`check_file`, run by `validate` and `validate --changed`):
its JSON Schema (`schemas/link-check.schema.json`: statuses, http(s) addresses, bounded text),
times that are real and not in the future, the text rules, and no duplicate keys; each problem
with its file, line and column. `load_results` refuses (a clear error, exit 1) a file with any
error, so bad data never reaches a page or crashes a build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from microskills.check.load import display_path
from microskills.check.safeyaml import ParseError, decode
from microskills.core import safewrite
from microskills.core.errors import MicroskillsError
from microskills.core.text import show, unsafe_characters
from microskills.model.problems import JsonPath, Problem, Severity, errors, format_text
from microskills.registry.fields import strings_in

#: The data file, beside categories.yaml; outside the kind folders, so the loader never reads it.
DATA_FILE = "link-check.json"
#: 250,000 results of about 200 bytes: far more than any catalogue has links.
MAX_DATA_BYTES = 64 * 1024 * 1024
OK, MOVED, DEAD, FLAKY, ERROR = "ok", "moved", "dead", "flaky", "error"
STATUSES = (OK, MOVED, DEAD, FLAKY, ERROR)
#: What each status means, for reports and the Quality page.
STATUS_TEXT = {
    OK: "works",
    MOVED: "moved permanently",
    DEAD: "dead",
    FLAKY: "failing (may be temporary)",
    ERROR: "broken",
}


_URL_RE = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


def entry_urls(data: Any) -> list[str]:
    """Every field of an entry whose whole value is an http(s) address, in file order, once each."""
    return list(dict.fromkeys(text for _, text in strings_in(data) if _URL_RE.match(text)))


class LinkDataError(MicroskillsError):
    """The link-check data file cannot be used."""


@dataclass
class LinkResult:
    """The last check of one URL."""

    url: str
    status: str
    checked: str  # ISO 8601, UTC, to the second
    code: int | None = None
    #: Where a permanent redirect leads (the final address after following every redirect).
    target: str | None = None
    #: In words: "HTTP 404", "DNS lookup failed", "timed out after 15 s", "redirect loop".
    reason: str | None = None
    #: When the link started failing (kept across runs while it keeps failing).
    since: str | None = None

    @property
    def checked_date(self) -> str:
        return self.checked[:10]

    @property
    def text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status)


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_timestamp(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- checking the file ----------------------------------------------------------------------------


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found


def _position(text: str, path: JsonPath) -> tuple[int, int] | None:
    """Line and column of the key at `path` (found by searching for each key in turn: the file
    is JSON written one key per line, and a hand edit keeps each key findable)."""
    if not path:
        return None
    index = 0
    for part in path:
        if not isinstance(part, str):
            continue
        found = text.find(json.dumps(part, ensure_ascii=False), index)
        if found < 0:
            found = text.find(json.dumps(part), index)
        if found < 0:
            break
        index = found
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _read(path: Path, display: str) -> tuple[str | None, Problem | None]:
    try:
        info = path.lstat()
    except OSError as error:
        return None, Problem(display, "file.unreadable", f"cannot read the file: {error.strerror}")
    if stat.S_ISLNK(info.st_mode):
        return None, Problem(
            display, "file.symlink", "the link-check data must be a regular file, not a symbolic link", hint="delete it"
        )
    if not stat.S_ISREG(info.st_mode):
        return None, Problem(display, "file.not-regular", "the link-check data must be a regular file")
    if info.st_size > MAX_DATA_BYTES:
        return None, Problem(display, "file.too-large", f"the file is over {MAX_DATA_BYTES // 1024 // 1024} MB")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_DATA_BYTES + 1)
        return decode(raw), None
    except OSError as error:
        return None, Problem(display, "file.unreadable", f"cannot read the file: {error.strerror}")
    except ParseError as error:
        return None, Problem(
            display, error.rule, error.message, (), Severity.ERROR, error.hint, error.line, error.column
        )


def _semantic(display: str, data: dict[str, Any], today: dt.date) -> list[Problem]:
    """What the schema cannot say: real times, none after `today`, and the text rules (also on
    the URLs, which are keys)."""
    from microskills.check.lint import text_problems  # the same text rules as every entry

    problems: list[Problem] = []
    for url, record in data["results"].items():
        found = unsafe_characters(url)
        if found:
            problems.append(
                Problem(
                    display,
                    "text.unsafe-characters",
                    f"the address contains invisible, control or direction-changing characters: {', '.join(found)}",
                    ("results", url),
                    hint="delete them",
                )
            )
        for key in ("checked", "since"):
            value = record.get(key)
            if not isinstance(value, str):
                continue
            moment = parse_timestamp(value)
            if moment is None:
                problems.append(
                    Problem(display, "date.invalid", f"`{show(value)}` is not a real time", ("results", url, key))
                )
            elif moment.astimezone(dt.UTC).date() > today:
                problems.append(
                    Problem(
                        display,
                        "date.future",
                        f"`{show(value)}` is in the future (after {today.isoformat()})",
                        ("results", url, key),
                        hint="only `microskills check-links` writes this file, with the time of each check",
                    )
                )
        problems += [
            Problem(p.file, p.rule, p.message, ("results", url, *p.path), p.severity, p.hint)
            for p in text_problems(display, record)
        ]
    return problems


def check_file(root: Path, today: dt.date) -> tuple[dict[str, LinkResult], list[Problem]]:
    """The results in `root/link-check.json` and its problems (see `check_data`)."""
    return check_data(root / DATA_FILE, today)


def check_data(path: Path, today: dt.date) -> tuple[dict[str, LinkResult], list[Problem]]:
    """The results in the link-check data file `path` and its problems (none, and no results,
    when the file does not exist). Results are returned only when there is no error."""
    from microskills.check.validate import validate_data

    if not os.path.lexists(path):
        return {}, []
    display = display_path(path)
    text, problem = _read(path, display)
    if text is None:
        return {}, [problem] if problem else []
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as error:  # pointed at the key's last occurrence: a repeat of an earlier one
        index = max(text.rfind(json.dumps(error.key)), text.rfind(json.dumps(error.key, ensure_ascii=False)))
        line = text.count("\n", 0, index) + 1 if index >= 0 else None
        column = index - (text.rfind("\n", 0, index) + 1) + 1 if index >= 0 else None
        return {}, [
            Problem(
                display, "link-data.duplicate-key", f"`{show(error.key)}` appears twice", (), line=line, column=column
            )
        ]
    except ValueError as error:  # json.JSONDecodeError, and numbers too large to read
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        message = getattr(error, "msg", str(error))
        return {}, [
            Problem(
                display,
                "link-data.syntax",
                f"not valid JSON: {show(message, 200)}",
                line=line,
                column=column,
                hint="restore the file from the default branch; only `microskills check-links` writes it",
            )
        ]
    problems = validate_data("link-check", data, display)
    if not problems:
        problems = _semantic(display, data, today)
    located = []
    for found in problems:
        where = _position(text, found.path) if found.line is None else None
        located.append(found.at(*where) if where else found)
    if errors(located):
        return {}, located
    fields = set(LinkResult.__dataclass_fields__) - {"url"}
    results = {
        url: LinkResult(url=url, **{k: v for k, v in record.items() if k in fields})
        for url, record in data["results"].items()
    }
    return results, located


def load_results(path: Path, today: dt.date | None = None) -> dict[str, LinkResult]:
    """The results kept in `path` (none when it does not exist), checked as `validate` checks
    them; any error is a LinkDataError (exit 1, the problems listed), never a traceback."""
    results, problems = check_data(path, today or now_utc().date())
    if errors(problems):
        raise LinkDataError(
            f"{display_path(path)} is not valid link-check data:\n"
            + format_text(errors(problems)).rstrip("\n")
            + "\nRestore it from the default branch, or delete it: `microskills check-links` writes it again."
        )
    return results


def dump_results(results: dict[str, LinkResult]) -> str:
    records = {}
    for url in sorted(results):
        record = {k: v for k, v in asdict(results[url]).items() if v is not None and k != "url"}
        records[url] = record
    document = {
        "about": "Last check of every URL in the catalogue, written by `microskills check-links` "
        "(the weekly Link and freshness check workflow). Not an entry: do not edit by hand.",
        "results": records,
    }
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def save_results(path: Path, results: dict[str, LinkResult], *, root: Path) -> None:
    """Write atomically inside `root` (the catalogue), never through a symbolic link
    (`safewrite`): a killed run leaves the previous file, never half of one."""
    safewrite.write_text(path, dump_results(results), root=root)
