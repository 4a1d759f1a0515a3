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
#: Unicode noncharacters: U+FDD0..U+FDEF and the last two code points of every plane. XML 1.0
#: forbids U+FFFE and U+FFFF outright (one of them makes a feed not well-formed) and HTML treats
#: every noncharacter as a parse error.
NONCHARACTERS = frozenset(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
)


def _class(ranges: str) -> str:
    """A regular-expression character class body from "00AD 0600-0605 ..." (hexadecimal)."""
    parts = []
    for item in ranges.split():
        low, _, high = item.partition("-")
        parts.append(re.escape(chr(int(low, 16))) + ("-" + re.escape(chr(int(high, 16))) if high else ""))
    return "".join(parts)


#: Invisible characters: every format character (general category Cf, Unicode 17: soft hyphen,
#: Arabic number signs, zero-width characters, bidirectional controls, invisible operators,
#: interlinear annotation, tags, ...) and every other default-ignorable code point (combining
#: grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and Unicode variation
#: selectors, and the code points Unicode reserves as default-ignorable: U+2065, U+FFF0..U+FFF8,
#: U+E0000..U+E0FFF). A renderer draws most of them as nothing, and the rest only change how
#: their neighbours are drawn, so they can hide text (tag characters spell out ASCII no one sees)
#: or make two names that look the same differ. Some are part of a language or of an emoji;
#: `_allowed_at` names those places.
_INVISIBLE = _class(
    "00AD 034F 0600-0605 061C 06DD 070F 0890-0891 08E2 115F-1160 17B4-17B5 180B-180F 200B-200F"
    " 202A-202E 2060-206F 3164 FE00-FE0F FEFF FFA0 FFF0-FFFB 110BD 110CD 13430-1343F 1BCA0-1BCA3"
    " 1D173-1D17A E0000-E0FFF"
)
ZWNJ, ZWJ, VS15, VS16 = "\u200c", "\u200d", "\ufe0e", "\ufe0f"
#: Extended_Pictographic (Unicode 17 emoji-data.txt): the characters an emoji ZWJ sequence joins.
_PICTOGRAPHIC = re.compile(
    "["
    + _class(
        "A9 AE 203C 2049 2122 2139 2194-2199 21A9-21AA 231A-231B 2328 23CF 23E9-23F3 23F8-23FA 24C2"
        " 25AA-25AB 25B6 25C0 25FB-25FE 2600-2604 260E 2611 2614-2615 2618 261D 2620 2622-2623 2626"
        " 262A 262E-262F 2638-263A 2640 2642 2648-2653 265F-2660 2663 2665-2666 2668 267B 267E-267F"
        " 2692-2697 2699 269B-269C 26A0-26A1 26A7 26AA-26AB 26B0-26B1 26BD-26BE 26C4-26C5 26C8"
        " 26CE-26CF 26D1 26D3-26D4 26E9-26EA 26F0-26F5 26F7-26FA 26FD 2702 2705 2708-270D 270F 2712"
        " 2714 2716 271D 2721 2728 2733-2734 2744 2747 274C 274E 2753-2755 2757 2763-2764 2795-2797"
        " 27A1 27B0 27BF 2934-2935 2B05-2B07 2B1B-2B1C 2B50 2B55 3030 303D 3297 3299 1F004"
        " 1F02C-1F02F 1F094-1F09F 1F0AF-1F0B0 1F0C0 1F0CF-1F0D0 1F0F6-1F0FF 1F170-1F171 1F17E-1F17F"
        " 1F18E 1F191-1F19A 1F1AE-1F1E5 1F201-1F20F 1F21A 1F22F 1F232-1F23A 1F23C-1F23F 1F249-1F25F"
        " 1F266-1F321 1F324-1F393 1F396-1F397 1F399-1F39B 1F39E-1F3F0 1F3F3-1F3F5 1F3F7-1F3FA"
        " 1F400-1F4FD 1F4FF-1F53D 1F549-1F54E 1F550-1F567 1F56F-1F570 1F573-1F57A 1F587 1F58A-1F58D"
        " 1F590 1F595-1F596 1F5A4-1F5A5 1F5A8 1F5B1-1F5B2 1F5BC 1F5C2-1F5C4 1F5D1-1F5D3 1F5DC-1F5DE"
        " 1F5E1 1F5E3 1F5E8 1F5EF 1F5F3 1F5FA-1F64F 1F680-1F6C5 1F6CB-1F6D2 1F6D5-1F6E5 1F6E9"
        " 1F6EB-1F6F0 1F6F3-1F6FF 1F7DA-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F 1F888-1F88F"
        " 1F8AE-1F8AF 1F8BC-1F8BF 1F8C2-1F8CF 1F8D9-1F8FF 1F90C-1F93A 1F93C-1F945 1F947-1F9FF"
        " 1FA58-1FA5F 1FA6E-1FAFF 1FC00-1FFFD"
    )
    + "]"
)
#: What an emoji variation selector (VS15 text, VS16 emoji presentation) may follow: the bases of
#: Unicode's emoji variation sequences are pictographs and the keycap bases # * 0-9.
_VARIATION_BASE = re.compile("[#*0-9" + _PICTOGRAPHIC.pattern[1:])
_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
#: The only tag sequences Unicode recommends (RGI): the flags of England, Scotland and Wales.
FLAG_TAG_SEQUENCES = tuple(
    "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in code) + "\U000e007f" for code in ("gbeng", "gbsct", "gbwls")
)
#: Scripts whose letters join, where ZWNJ and ZWJ choose between joined and separate forms
#: (Unicode's ArabicShaping.txt: Arabic, Syriac, N'Ko, Mandaic, Mongolian, ...).
_JOINING_SCRIPTS = (
    "ARABIC ", "SYRIAC ", "NKO ", "MANDAIC ", "MONGOLIAN ", "PHAGS-PA ", "MANICHAEAN ", "PSALTER PAHLAVI ",
    "HANIFI ROHINGYA ", "SOGDIAN ", "OLD UYGHUR ", "CHORASMIAN ", "ADLAM ",
)  # fmt: skip
#: Combining marks skipped when looking for the letters around a joiner (at most this many).
_MARKS_SKIPPED = 4


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


#: What contributed text may not contain: every character XML 1.0 or HTML forbids in a document
#: (C0 controls other than tab and line feed, DEL, C1 controls, surrogates, noncharacters) plus
#: the bidirectional and invisible characters above, except where `_allowed_at` allows one. Tab
#: and line feed are allowed in text.
_FORBIDDEN = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _INVISIBLE + _char_class(BIDI_CONTROLS | NONCHARACTERS)
_UNSAFE_RE = re.compile(f"[{_FORBIDDEN}]")
#: What a message may not show raw: all of the above, and anything that starts a new line (so a
#: value cannot begin a line of its own, such as a `::command::` GitHub Actions would run).
_DISPLAY_RE = re.compile(f"[{_FORBIDDEN}\t\n\u2028\u2029]")
#: The same for text that is all ASCII (most of it), which only a control character can spoil:
#: a much smaller class to scan for, so `show`, on every line of output, stays fast.
_ASCII_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_DISPLAY_RE = re.compile("[\x00-\x1f\x7f]")
#: The invisible characters that are allowed in some places (`_allowed_at`); tag characters are
#: allowed only inside `FLAG_TAG_SEQUENCES`.
_CONTEXTUAL = frozenset((ZWNJ, ZWJ, VS15, VS16))


def _is_tag(char: str) -> bool:
    return "\U000e0020" <= char <= "\U000e007f"


def _joining_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L") and unicodedata.name(char, "").startswith(_JOINING_SCRIPTS)


def _letter_around(text: str, index: int, step: int) -> str:
    """The character next to `index` in direction `step` (-1, +1), past a few combining marks
    (the vowel signs of Arabic script), or "" at the end of the text."""
    index += step
    for _ in range(_MARKS_SKIPPED):
        if not 0 <= index < len(text) or unicodedata.category(text[index]) != "Mn" or _UNSAFE_RE.match(text[index]):
            break
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _allowed_at(text: str, index: int) -> bool:
    """Whether the invisible character at `index` is one a language or an emoji needs there:

    - ZWNJ or ZWJ right after a virama (an Indic conjunct shown in another form, IDNA2008's
      CONTEXTJ rule), or between two letters of a script whose letters join (Persian `می‌خواهم`);
    - ZWJ in an emoji ZWJ sequence: after a pictograph, itself optionally followed by VS16 or a
      skin tone, and before a pictograph (`👩‍💻`, `🏳️‍🌈`, `👩🏽‍🚀`; Unicode's UAX #29 rule GB11);
    - VS15 or VS16 right after a character it can show as text or emoji (`❤️`, keycap `#️⃣`);
    - a tag character inside the flag of England, Scotland or Wales.
    Nothing else: a second joiner or selector in a row is never allowed.
    """
    char = text[index]
    before = text[index - 1] if index else ""
    if char in (VS15, VS16):
        return bool(before) and _VARIATION_BASE.match(before) is not None
    if char in (ZWJ, ZWNJ):
        if before and unicodedata.combining(before) == 9:  # canonical combining class 9: virama
            return True
        after = text[index + 1] if index + 1 < len(text) else ""
        if not after:
            return False
        left, right = _letter_around(text, index, -1), _letter_around(text, index, 1)
        if left and right and _joining_letter(left) and _joining_letter(right):
            return True
        if char == ZWNJ or _PICTOGRAPHIC.match(after) is None:
            return False
        if before in _SKIN_TONES or before == VS16:
            before = text[index - 2] if index >= 2 else ""
        return bool(before) and _PICTOGRAPHIC.match(before) is not None
    if _is_tag(char):
        return "\U0001f3f4" in text[max(0, index - 6) : index] and any(
            text.startswith(flag, start)
            for flag in FLAG_TAG_SEQUENCES
            for start in range(max(0, index - len(flag) + 1), index)
        )
    return False


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape_unless_allowed(match: re.Match[str]) -> str:
    char = match.group()
    if (char in _CONTEXTUAL or _is_tag(char)) and _allowed_at(match.string, match.start()):
        return char
    return _escape(match)


def show(value: object, limit: int | None = 60) -> str:
    """A value as a person should see it in a message: on one line, with every control, invisible,
    direction-changing and line-breaking character written as an escape (`\\u001b`), and clipped
    to `limit` characters (None: not clipped, for whole messages). The joiners and selectors the
    text rule allows where they stand (`👩‍💻`, `❤️`) are kept. Escaping what `show` has already
    escaped changes nothing."""
    if isinstance(value, str):
        text = value if limit is None or len(value) <= limit else value[:limit] + "…"
        return (_ASCII_DISPLAY_RE if text.isascii() else _DISPLAY_RE).sub(_escape_unless_allowed, text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null (empty)"
    if isinstance(value, (int, float)):
        return str(value)
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


def _unsafe_matches(text: str) -> Iterator[re.Match[str]]:
    """The characters of `text` that contributed text may not contain where they stand."""
    for match in (_ASCII_UNSAFE_RE if text.isascii() else _UNSAFE_RE).finditer(text):
        char = match.group()
        if not ((char in _CONTEXTUAL or _is_tag(char)) and _allowed_at(text, match.start())):
            yield match


def replace_unsafe(text: str, replacement: str) -> str:
    """`text` with each character `unsafe_characters` names replaced by `replacement`."""
    out = []
    at = 0
    for match in _unsafe_matches(text):
        out += [text[at : match.start()], replacement]
        at = match.end()
    return "".join(out) + text[at:] if out else text


def strip_invisible(text: str) -> str:
    """`text` without the characters `unsafe_characters` names (for text imported from elsewhere)."""
    return replace_unsafe(text.replace("\n", " ").replace("\t", " "), "")


#: `unsafe_characters` names at most this many different characters (text hidden in tag
#: characters would otherwise list its whole alphabet).
NAMES_SHOWN = 8


def unsafe_characters(text: str) -> list[str]:
    """Names of the characters in `text` that contributed text may not contain where they stand
    (see `_FORBIDDEN` and `_allowed_at`): at most `NAMES_SHOWN`, then how many more."""
    found = []
    chars = dict.fromkeys(match.group() for match in _unsafe_matches(text))
    for char in list(chars)[:NAMES_SHOWN]:
        code = ord(char)
        if char in NONCHARACTERS:
            name = "NONCHARACTER"
        elif 0xD800 <= code <= 0xDFFF:
            name = "SURROGATE"
        elif unicodedata.category(char) == "Cc":
            name = "CONTROL CHARACTER"  # C0/C1 controls have no Unicode name
        else:  # reserved default-ignorable code points, or characters newer than this Python
            name = unicodedata.name(char, "RESERVED INVISIBLE CHARACTER")
        found.append(f"U+{code:04X} {name}")
    if len(chars) > NAMES_SHOWN:
        found.append(f"and {len(chars) - NAMES_SHOWN} more")
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
