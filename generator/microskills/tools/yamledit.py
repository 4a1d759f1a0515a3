"""Set one top-level key of an entry file and leave every other byte as the contributor wrote it.

`roundtrip` keeps comments, key order and quoting, but dumping a whole document also re-wraps
long lines and re-indents lists into the house style, and most catalogue files were written in
other styles. An importer that adds `esco:` to two hundred files would then show two hundred
reformatted files in review. So the document is still parsed and the key placed by `roundtrip`
(schema order via `roundtrip.set_key`), the new key's block is dumped by `roundtrip`, and only
that block is spliced into the original text. The result is parsed again and compared with the
intended document; if the splice cannot be proved right, the whole document is dumped instead.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from microskills.tools import roundtrip


def _plain(value: Any) -> Any:
    """Round-trip containers as plain dicts and lists, for comparing documents by content."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _key_lines(document: CommentedMap) -> dict[str, int]:
    """0-based line of each top-level key in the text the document was loaded from."""
    return {key: document.lc.key(key)[0] for key in document}


def _block_start(lines: list[str], line: int) -> int:
    """Where a key's block begins: full-line comments directly above a key belong to it."""
    while line > 0 and lines[line - 1].lstrip().startswith("#") and not lines[line - 1].startswith(" "):
        line -= 1
    return line


def set_key(text: str, key: str, value: Any, order: list[str]) -> str:
    """`text` with top-level `key` set to `value` (a new key goes where `order` puts it)."""
    document = roundtrip.load(text)
    if not isinstance(document, CommentedMap):
        raise ValueError("the file does not hold a mapping")
    positions = _key_lines(document)
    existed = key in document
    roundtrip.set_key(document, key, value, order)
    expected = _plain(document)
    block = roundtrip.dump(CommentedMap([(key, value)]))
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    keys = list(document)
    following = [k for k in keys[keys.index(key) + 1 :] if k in positions and k != key]
    end = _block_start(lines, positions[following[0]]) if following else len(lines)
    start = _block_start(lines, positions[key]) if existed else end
    if existed:
        # Keep the comments above the old key; replace from the key line to the next block.
        start = positions[key]
    spliced = "".join(lines[:start]) + block + "".join(lines[end:])
    try:
        if _plain(roundtrip.load(spliced)) == expected:
            return spliced
    except Exception:  # any parse failure of the splice means: fall back
        pass
    return roundtrip.dump(document)
