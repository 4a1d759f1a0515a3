"""Checks on the generated docs tree before MkDocs sees it.

- Every page's front matter parses with MkDocs' own loader (`mkdocs.utils.meta.get_data`) into
  a mapping, and every generated page has a title. MkDocs swallows a front matter it cannot
  parse and leaves it in the page as Markdown, where `{: onfocus=... }` becomes a live
  attribute: that must fail the build, never publish.
- No two files become the same file of the site, counting MkDocs' directory URLs
  (`skills/x.md` and `skills/x/index.md` are both `skills/x/index.html`, `README.md` is the
  folder's index) and folding case and Unicode normalisation, as case-insensitive file systems
  and hosts do.

`GeneratedFiles` is the mapping the renderer fills: assigning a path twice is an error instead
of a silent overwrite (an entry with the id `index` would otherwise replace a section page).
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from microskills.core.errors import MicroskillsError
from microskills.core.text import show
from microskills.site import engine


class TreeError(MicroskillsError):
    """The generated tree would publish something other than what was rendered."""


class GeneratedFiles(dict[str, bytes]):
    """path -> bytes, where a path may be assigned only once."""

    def __setitem__(self, key: str, value: bytes) -> None:
        if key in self:
            raise TreeError(
                f"two generated files have the path `{show(key, None)}`: the second would replace the first"
            )
        super().__setitem__(key, value)

    def update(self, *args: Any, **kwargs: bytes) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


def site_path(source: str) -> str:
    """The file MkDocs writes for `source` (a path under docs/) with `use_directory_urls`."""
    if not source.endswith(".md"):
        return source
    parent, name = posixpath.split(source[: -len(".md")])
    if name in ("index", "README"):
        return posixpath.join(parent, "index.html")
    return posixpath.join(parent, name, "index.html")


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", path).casefold())


def front_matter_problem(content: bytes, *, needs_title: bool) -> str | None:
    """Why MkDocs would not read this page's metadata as written, or None."""
    if not content.startswith(b"---"):
        return "it has no front matter" if needs_title else None
    close = content.find(b"\n---", 3)
    end = content.find(b"\n", close + 1) if close >= 0 else -1
    if end < 0:
        return "its front matter is never closed"
    try:
        head = content[: end + 1].decode("utf-8")
    except UnicodeDecodeError:
        return "its front matter is not UTF-8"
    body, meta = engine.read_front_matter(head)
    if not meta or body.startswith("---"):
        return "MkDocs cannot parse its front matter and would show it as text"
    if needs_title and not (isinstance(meta.get("title"), str) and meta["title"].strip()):
        return "its front matter has no title"
    return None


def check_tree(files: Mapping[str, bytes], generated: Iterable[str] = ()) -> None:
    """Raise TreeError unless every page's metadata parses and every file has a site path of its own."""
    titled = set(generated)
    destinations: dict[str, str] = {}
    for path in sorted(files):
        if path.endswith(".md"):
            reason = front_matter_problem(files[path], needs_title=path in titled)
            if reason:
                raise TreeError(f"the generated page {show(path, None)} cannot be published: {reason}")
        folded = _fold(site_path(path))
        first = destinations.setdefault(folded, path)
        if first != path:
            raise TreeError(
                f"{show(first, None)} and {show(path, None)} would both be published as "
                f"{show(site_path(path), None)} (paths are compared ignoring case and Unicode normalisation)"
            )
