"""Edit catalogue files as people wrote them: comments, order and quoting kept.

The formatter and the ESCO importer change entry files in place. A plain YAML load and dump
would drop comments and reorder keys, so a review diff would show noise instead of the change;
ruamel.yaml's round-trip mode keeps them. Reading for *checking* never goes through here: that
is `microskills.check.safeyaml`, which rejects anything hostile first. So only files that already passed
the safe parser are edited here, and the callers write the result through `microskills.core.safewrite`.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

#: The house style: two-space indents, list items indented under their key, long lines left alone
#: (wrapping is the formatter's business, not the dumper's).
INDENT = {"mapping": 2, "sequence": 4, "offset": 2}
WIDTH = 4096


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(**INDENT)
    return yaml


def load(text: str) -> Any:
    """A round-trip document (CommentedMap / CommentedSeq) from YAML text."""
    return _yaml().load(text)


def dump(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


def set_key(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set `key` in `mapping`; a new key goes where `order` (the schema's field order) puts it."""
    if key in mapping:
        mapping[key] = value
        return
    position = len(mapping)
    if key in order:
        rank = order.index(key)
        for index, existing in enumerate(mapping):
            if existing in order and order.index(existing) > rank:
                position = index
                break
    mapping.insert(position, key, value)
