"""An Atom feed of recently verified entries."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from microskills.exports.common import absolute
from microskills.model import Catalogue

#: Characters XML 1.0 does not allow anywhere in a document (`Char` in the spec). The text rule
#: rejects them in contributed text; the feed replaces any that get here, so it always parses.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_escape(text: str) -> str:
    """Text as XML character data or attribute value: `&<>"` escaped, non-XML characters replaced."""
    return escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})


def atom_feed(catalogue: Catalogue, site_url: str, generated: str, limit: int = 50) -> bytes:
    """Recently verified entries, newest first, so followers see what changed."""
    recent = sorted(catalogue.entries(), key=lambda e: (e.last_verified, e.kind, e.id), reverse=True)[:limit]
    updated = recent[0].last_verified if recent else generated
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Microskills Catalogue: recently verified entries</title>",
        f'<link href="{xml_escape(absolute(site_url, ""))}"/>',
        f'<link rel="self" href="{xml_escape(absolute(site_url, "data/feed.xml"))}"/>',
        f"<id>{xml_escape(absolute(site_url, ''))}</id>",
        f"<updated>{updated}T00:00:00Z</updated>",
    ]
    for entry in recent:
        link = absolute(site_url, entry.url)
        parts += [
            "<entry>",
            f"<title>{xml_escape(entry.name)} ({entry.kind})</title>",
            f'<link href="{xml_escape(link)}"/>',
            f"<id>{xml_escape(link)}</id>",
            f"<updated>{entry.last_verified}T00:00:00Z</updated>",
            f"<summary>{xml_escape(entry.description)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")
