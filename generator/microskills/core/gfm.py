"""Text from the catalogue or from web servers, made inert in the Markdown we write for GitHub.

The pull-request summary and the weekly issue are GitHub Markdown, and GitHub acts on more
than Markdown syntax: `@name` notifies a person or team, `#123` and `owner/repo#123` link (and
cross-reference) issues, a 7-to-40-digit hexadecimal word links a commit, and a bare
`https://...` or `www.` address becomes a link. So `text` writes every character that means
anything to Markdown or HTML as a numeric character reference (`&#42;`), which GitHub shows as
the character and never parses as syntax, and breaks each of those auto-links with a
zero-width space (written `&#8203;`: the file itself holds no invisible character). It starts
from `text.show`, so control and line-breaking characters are escapes on one line.

`code` puts such text in a `<code>` element (not a backtick span, which a backtick in the text
would close).
"""

from __future__ import annotations

import re

from microskills.core.text import show

_BREAK = "&#8203;"
#: Characters that are Markdown or HTML syntax somewhere (inline, in a table, as a line's start).
_SPECIAL = frozenset("\\`*_{}[]()#+!|~<>&\"':@")
_HEX_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{7,}(?![0-9A-Za-z])")
_WWW = re.compile(r"(?i)\bwww\.")
_SCHEME = re.compile(r"(?i)([a-z][a-z0-9+.-]*:)(//)")


def _encode(char: str) -> str:
    return f"&#{ord(char)};" if char in _SPECIAL else char


def text(value: str, limit: int | None = 300) -> str:
    """`value` as inert GitHub Markdown on one line (clipped to `limit` characters first)."""
    shown = show(value, limit)
    out: list[str] = []
    position = 0
    # Hexadecimal words long enough to be a commit: a break every six characters.
    pieces: list[tuple[str, bool]] = []
    for match in _HEX_RUN.finditer(shown):
        pieces.append((shown[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    pieces.append((shown[position:], False))
    for piece, hexadecimal in pieces:
        if hexadecimal:
            out.append(_BREAK.join(piece[i : i + 6] for i in range(0, len(piece), 6)))
            continue
        # `www.` and `scheme://`: a break inside each (before the dot, after the colon) stops the auto-link.
        piece = _SCHEME.sub("\\1\0\\2", _WWW.sub(lambda m: m.group()[:3] + "\0.", piece))
        for char in piece:
            if char == "\0":
                out.append(_BREAK)
            elif char in "@#":  # mentions and issue references: the sign, then a break
                out.append(_encode(char) + _BREAK)
            else:
                out.append(_encode(char))
    return "".join(out)


def code(value: str, limit: int | None = 300) -> str:
    """`value` in a `<code>` element, inert as `text` makes it."""
    return f"<code>{text(value, limit)}</code>"
