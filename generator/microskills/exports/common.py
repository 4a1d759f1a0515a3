"""Helpers every export shares: absolute URLs on the published site, JSON bytes, safe CSV cells."""

from __future__ import annotations

import json
import unicodedata
from typing import Any


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def json_bytes(data: Any, *, compact: bool = False) -> bytes:
    """Readable JSON for single documents; compact for the big aggregate downloads (a third smaller)."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


#: What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"), after whatever
#: spreadsheets skip or fold first: leading spaces of any kind (space, NBSP, U+3000, line breaks,
#: which LibreOffice's "trim spaces" import removes) and full-width or small forms (`＝`, `﹢`,
#: `＠`, which IMEs type and NFKC folds to `=`, `+`, `@`).
_FORMULA_STARTS = frozenset("=+-@")
_CONTROL_STARTS = ("\t", "\r", "\n")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `'` when it could start a formula.

    Deliberately broad: a cell whose first non-space character is (or folds to) `=`, `+`, `-` or
    `@`, or that starts with a tab or line break, is prefixed. The cost is a visible `'` on such
    text (a name starting with "-" or "+"); the numbers we export are never negative.
    """
    if cell.startswith(_CONTROL_STARTS):
        return "'" + cell
    first = cell.lstrip()[:1]
    if first and unicodedata.normalize("NFKC", first)[:1] in _FORMULA_STARTS:
        return "'" + cell
    return cell
