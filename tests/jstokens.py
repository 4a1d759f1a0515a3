"""Enough of a JavaScript tokenizer for the static checks of the site's scripts (docs/assets/*.js):
the plain-object check of tests/test_hostile.py and the minifier check of tests/test_build.py.

Tokens are (kind, text, line) for every token but spaces and comments: names, numbers, strings,
regular expression literals, punctuation, and template literals in pieces. A template literal is
cut at its substitutions (`${ ... }`), whose code is tokenized like any other (so a check sees an
object literal inside `${}`, and a template literal inside another is found whole): the pieces are
`template` tokens (`` `text${ ``, `}text${`, ``}text` ``, or a whole `` `text` ``).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |(?P<comment>//[^\n]*|/\*.*?\*/)
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<number>\d[\w.]*|\.\d+)
    |(?P<name>[#A-Za-z_$][\w$]*)
    |(?P<punct>=>|===|!==|==|!=|<=|>=|&&|\|\||\?\?=?|\?\.|\+\+|--|\*\*|[-+*/%&|]=|\.\.\.|[{}()\[\];,.<>+\-*/%!?:=&|^~@])""",
    re.S | re.X,
)
#: The text of a template literal from its start (a backtick, or the `}` ending a substitution) to
#: its end (a backtick) or its next substitution (`${`).
_TEMPLATE = re.compile(r"[`}](?:[^`\\$]|\\.|\$(?!\{))*(?:`|\$\{)", re.S)
_REGEX = re.compile(r"/(?:[^/\\\n\[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
#: After these a `/` starts a regular expression literal, not a division.
REGEX_AFTER = {"(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "&&", "||", "??", "return", "typeof"}


def js_tokens(source: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of every token but spaces and comments."""
    tokens: list[tuple[str, str, int]] = []
    # One entry per open substitution: how many `{` opened inside it are still open.
    substitutions: list[int] = []
    at, line = 0, 1
    while at < len(source):
        previous = tokens[-1][1] if tokens else "("
        char = source[at]
        match: re.Match[str] | None
        if char == "`" or (char == "}" and substitutions and substitutions[-1] == 0):
            match = _TEMPLATE.match(source, at)
            assert match is not None, f"line {line}: a template literal does not end"
            kind = "template"
            if char == "}":
                substitutions.pop()
            if match.group().endswith("${"):
                substitutions.append(0)
        else:
            # `//` and `/*` always start a comment (no regular expression starts with `/` or `*`).
            starts_regex = (
                char == "/"
                and source[at + 1 : at + 2] not in ("/", "*")
                and (previous in REGEX_AFTER or previous.endswith("${"))
            )
            regex = _REGEX.match(source, at) if starts_regex else None
            match = regex or _TOKEN.match(source, at)
            assert match is not None, f"line {line}: cannot read {source[at : at + 20]!r}"
            kind = "regex" if regex else str(match.lastgroup)
            if substitutions and match.group() == "{":
                substitutions[-1] += 1
            elif substitutions and match.group() == "}":
                substitutions[-1] -= 1
        if kind not in ("space", "comment"):
            tokens.append((kind, match.group(), line))
        line += match.group().count("\n")
        at = match.end()
    assert not substitutions, "a template literal's substitution does not end"
    return tokens
