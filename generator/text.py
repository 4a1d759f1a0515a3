"""Small text helpers shared by the stages: safe display of hostile strings, hints, dates.

`show` is the one escaping function: every string a contributor controls (values, keys, file
names, and whole messages again when they are printed) reaches a terminal, a CI log or a JSON
report through it, so no control character, line break or direction override gets out raw.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Characters that can make text read differently from what it is (Trojan Source, CVE-2021-42574)
# or hide inside it. They are rejected in contributed text and escaped when we echo it back.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
#: Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of every plane. XML 1.0
#: forbids U+FFFE and U+FFFF outright (one of them makes a feed not well-formed) and HTML treats
#: every noncharacter as a parse error.
NONCHARACTERS = frozenset(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
)


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


#: What contributed text may not contain: every character XML 1.0 or HTML forbids in a document
#: (C0 controls other than tab and line feed, DEL, C1 controls, surrogates, noncharacters) plus
#: the bidirectional and invisible characters above. Tab and line feed are allowed in text.
_FORBIDDEN = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _char_class(BIDI_CONTROLS | INVISIBLE | NONCHARACTERS)
_UNSAFE_RE = re.compile(f"[{_FORBIDDEN}]")
#: What a message may not show raw: all of the above, and anything that starts a new line (so a
#: value cannot begin a line of its own, such as a `::command::` GitHub Actions would run).
_DISPLAY_RE = re.compile(f"[{_FORBIDDEN}\t\n\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def show(value: object, limit: int | None = 60) -> str:
    """A value as a person should see it in a message: on one line, with every control, invisible,
    direction-changing and line-breaking character written as an escape (`\\u001b`), and clipped
    to `limit` characters (None: not clipped, for whole messages). Escaping what `show` has
    already escaped changes nothing."""
    if isinstance(value, str):
        text = value if limit is None or len(value) <= limit else value[:limit] + "…"
        return _DISPLAY_RE.sub(_escape, text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null (empty)"
    if isinstance(value, (int, float)):
        return str(value)
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


def strip_invisible(text: str) -> str:
    """`text` without the characters `unsafe_characters` names (for text imported from elsewhere)."""
    return _UNSAFE_RE.sub("", text.replace("\n", " ").replace("\t", " "))


def unsafe_characters(text: str) -> list[str]:
    """Names of the characters in `text` that contributed text may not contain (see `_FORBIDDEN`)."""
    found = []
    for char in dict.fromkeys(_UNSAFE_RE.findall(text)):
        code = ord(char)
        if char in NONCHARACTERS:
            name = "NONCHARACTER"
        elif 0xD800 <= code <= 0xDFFF:
            name = "SURROGATE"
        else:
            name = unicodedata.name(char, "CONTROL CHARACTER")  # C0/C1 controls have no Unicode name
        found.append(f"U+{code:04X} {name}")
    return found


# --- did you mean ------------------------------------------------------------------------------

#: Total string comparisons the hints of one check may make. A comparison takes about 0.1 µs
#: (rapidfuzz), so hints cost at most about half a second however hostile the catalogue; past
#: the budget a problem keeps its message and gets the generic hint.
HINT_COMPARISONS = 5_000_000
#: Longer values are clipped before comparing (ids are at most 64 characters).
HINT_VALUE_LENGTH = 100


@dataclass
class _Budget:
    remaining: int


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("hint_budget", default=None)


@contextlib.contextmanager
def hint_budget(comparisons: int = HINT_COMPARISONS) -> Iterator[None]:
    """Bound the did-you-mean work done inside the block (one check of a catalogue)."""
    token = _BUDGET.set(_Budget(comparisons))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def hint_budget_left() -> int | None:
    budget = _BUDGET.get()
    return None if budget is None else budget.remaining


class HintIndex:
    """Choices for `did_you_mean`, prepared once: sorted (so ties always go the same way) and
    case-folded. Build one for a large pool that is asked many times (the ids of a kind)."""

    __slots__ = ("choices", "lowered")

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices: list[str] = sorted({c for c in choices if isinstance(c, str)})
        self.lowered: dict[str, str] = {}
        for choice in self.choices:
            self.lowered.setdefault(choice.lower(), choice)

    def __len__(self) -> int:
        return len(self.choices)


def did_you_mean(value: object, choices: Iterable[str] | HintIndex, *, cutoff: float = 0.6) -> str | None:
    """'did you mean `x`?' for the closest choice, or None.

    Similarity is rapidfuzz's normalised InDel ratio (difflib's measure, computed in C) with a
    score cutoff; a case-insensitive exact match is the fallback. Inside `hint_budget` each call
    spends one comparison per choice and returns None once the budget is spent.
    """
    if not isinstance(value, str):
        return None
    index = choices if isinstance(choices, HintIndex) else HintIndex(choices)
    budget = _BUDGET.get()
    if budget is not None:
        if budget.remaining < len(index):
            budget.remaining = 0
            return None
        budget.remaining -= len(index)
    query = value[:HINT_VALUE_LENGTH]
    match = process.extractOne(query, index.choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100)
    best = match[0] if match is not None else index.lowered.get(query.lower())
    return f"did you mean `{show(best)}`?" if best is not None else None


_NAME_NOISE = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """Fold a name so trivially different spellings collide (case, accents, punctuation, order)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in _NAME_NOISE.split(folded) if w and w not in {"the", "a", "an", "and", "of", "in"}]
    return " ".join(sorted(words))
