"""Small text helpers shared by the stages: safe display of hostile strings, hints, dates."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable

# Characters that can make text read differently from what it is (Trojan Source, CVE-2021-42574)
# or hide inside it. They are rejected in contributed text and escaped when we echo it back.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS | INVISIBLE)) + "]")


def show(value: object, limit: int = 60) -> str:
    """A value as a contributor should see it in a message: short, with control characters escaped."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[:limit] + "…"
        return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null (empty)"
    if isinstance(value, (int, float)):
        return str(value)
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= limit else text[:limit] + "…"


def strip_invisible(text: str) -> str:
    """`text` without the characters `unsafe_characters` names (for text imported from elsewhere)."""
    return _UNSAFE_RE.sub("", text.replace("\n", " ").replace("\t", " "))


def unsafe_characters(text: str) -> list[str]:
    """Names of bidi-control, invisible or control characters found in `text`."""
    found = []
    for char in dict.fromkeys(_UNSAFE_RE.findall(text.replace("\n", "").replace("\t", ""))):
        name = unicodedata.name(char, "CONTROL CHARACTER")  # C0/C1 controls have no Unicode name
        found.append(f"U+{ord(char):04X} {name}")
    return found


def did_you_mean(value: object, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """'did you mean `x`?' for the closest choice, or None."""
    if not isinstance(value, str):
        return None
    pool = list(choices)
    matches = difflib.get_close_matches(value, pool, n=1, cutoff=cutoff)
    if not matches:
        lowered = value.lower()
        matches = [c for c in pool if c.lower() == lowered]
    return f"did you mean `{matches[0]}`?" if matches else None


_NAME_NOISE = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Fold a name so trivially different spellings collide (case, accents, punctuation, order)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _NAME_NOISE.split(folded) if w and w not in {"the", "a", "an", "and", "of", "in"}]
    return " ".join(sorted(words))
