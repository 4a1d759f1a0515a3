"""The site's formatting kit: safe HTML from contributed Markdown, any schema field's value as
page markup, JSON for a <script>, front matter the theme prints safely, relative links.

Safety by construction: contributed Markdown (descriptions only) goes through Python-Markdown on
already-escaped text and then the nh3 (ammonia) sanitiser, which keeps a short list of tags and
only http(s) links. Front matter is printable ASCII (see `front_matter_value`).
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from microskills.core.text import replace_unsafe
from microskills.core.urls import safe_url
from microskills.present.wording import field_text
from microskills.registry.fields import FieldInfo

_ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br", "blockquote", "pre"}

_MARKDOWN = markdown_lib.Markdown(output_format="html")
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#|!\\&]|^\s*([-+]|\d+\.)\s|\n\s*\n", re.MULTILINE)


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Contributed Markdown as safe HTML: raw HTML shows as text, links must be http(s), no images.

    Most descriptions are plain prose: those skip the Markdown parser (the same output, 20x faster).
    """
    if not _MARKDOWN_SYNTAX.search(text):
        return Markup("<p>") + Markup.escape(" ".join(text.split())) + Markup("</p>")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    produced = _MARKDOWN.reset().convert(escaped)
    cleaned = nh3.clean(
        produced,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative="deny",  # no relative, protocol-relative or backslash links either
        link_rel="nofollow noopener noreferrer",
    )
    # Blank lines would end the raw-HTML block MkDocs' Markdown sees, so keep the block tight.
    return Markup("\n".join(line for line in cleaned.splitlines() if line.strip()))


def field_value(info: FieldInfo, value: Any) -> Markup:
    """Any schema field's value for a page (`present.wording.field_text`), addresses as links."""
    if isinstance(value, list):
        return Markup(", ").join(field_value(info, item) for item in value)
    if isinstance(value, str) and str(info.schema.get("pattern", "")).startswith("^https?://"):
        return Markup('<a href="{0}" rel="nofollow noopener">{1}</a>').format(safe_url(value), value)
    return Markup.escape(field_text(info, value))


def json_for_html(data: Any) -> Markup:
    """JSON safe to embed in a <script> element: no `</script>` or `<!--` can survive."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def _character_reference(match: re.Match[str]) -> str:
    return f"&#x{ord(match.group()):x};"


def front_matter_value(text: str) -> str:
    """Contributed text as a front-matter value MkDocs always parses and the theme prints safely.

    The theme prints `page.meta` values unescaped, so they are HTML first; then every character
    outside printable ASCII becomes a character reference (`🐍` -> `&#x1f40d;`, which the browser
    shows as 🐍). What is left is printable ASCII without `'` (escaped by `html.escape`), written
    as a single-quoted YAML scalar: nothing in it is special to YAML, so no loader can fail on it
    (json.dumps wrote astral characters as surrogate pairs, which libyaml rejects, and MkDocs
    then left the whole front matter in the page as Markdown).
    """
    # Characters the text rule rejects (controls, surrogates, noncharacters, ...) cannot get here;
    # if one did, it is shown as U+FFFD, as a browser shows a character it may not display.
    text = replace_unsafe(text, "\ufffd")
    return "'" + _NOT_PRINTABLE_ASCII.sub(_character_reference, html.escape(text, quote=True)) + "'"


#: The theme's sidebars a page can do without (Material's `hide` front-matter key).
SIDEBARS = ("navigation", "toc")


def front_matter(title: str, description: str, hide: tuple[str, ...] = ()) -> str:
    """YAML front matter: title and a one-line summary, as `front_matter_value`s, and the
    sidebars the page hides (fixed words, never contributed text)."""
    summary = " ".join(description.split())
    if len(summary) > 160:
        summary = summary[:157].rsplit(" ", 1)[0] + "…"
    lines = f"---\ntitle: {front_matter_value(title)}\ndescription: {front_matter_value(summary)}\n"
    if hide:
        assert all(part in SIDEBARS for part in hide)
        lines += f"hide: [{', '.join(hide)}]\n"
    return lines + "---\n\n"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style site URLs ('' is the home page)."""
    depth = from_url.count("/")
    return "../" * depth + to_url
