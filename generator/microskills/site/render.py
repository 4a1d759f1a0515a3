"""The renderer: one Jinja environment (autoescaped, strict) and the page skeleton every section
writes through. It knows no section: the assembler (`microskills.site.assemble`) hands it the
sections' template globals and filters and collects their pages.

Safety by construction: every template is autoescaped; contributed strings only ever reach the
page through it, inside HTML blocks that Markdown leaves alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from microskills import exports
from microskills.check.linkdata import LinkResult
from microskills.core.urls import safe_url
from microskills.model import Catalogue, Entry
from microskills.present.credential import rows as credential_rows
from microskills.present.facts import (
    duration_text,
    exam_text,
    format_cost,
    format_route_cost,
    format_route_figure,
    rule_text,
    workload_text,
)
from microskills.present.wording import country_name, format_money, format_number, label
from microskills.registry import kinds
from microskills.registry.kinds import FOLDERS, KIND_FOLDER
from microskills.site.contribute import RepoLinks
from microskills.site.formatting import field_value, front_matter, json_for_html, relative, render_markdown


@dataclass(frozen=True)
class RenderOptions:
    site_url: str
    today: dt.date
    repo: RepoLinks = field(default_factory=RepoLinks)
    #: The last link check of each URL (catalogue/link-check.json), for the Quality page and flags.
    links: dict[str, LinkResult] = field(default_factory=dict)


Files = dict[str, bytes]


@dataclass(frozen=True)
class Section:
    """A part of the site, plugged into the assembler: the pages it offers, the downloads it
    writes, and what its templates (or every template) need. Each field is optional."""

    name: str
    #: Pages under docs/ (path -> bytes), written through the renderer.
    pages: Callable[[Renderer], Files] | None = None
    #: Downloads and data files the section's pages read (path -> bytes).
    data_files: Callable[[Renderer], Files] | None = None
    #: Files for one credential (the live preview rewrites only these when it changes).
    credential_files: Callable[[Renderer, Entry], Files] | None = None
    #: Names every template may use (functions, tables), given the renderer.
    template_globals: Callable[[Renderer], Mapping[str, Any]] | None = None
    #: Jinja filters every template may use.
    filters: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process. Each Renderer has an environment of its
    own (its globals hold its catalogue), and compiling the templates anew cost about 70 ms a page
    type for every one: the preview server and the tests make many. Jinja checks each entry
    against the template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class Renderer:
    """The Jinja environment and the page skeleton. `sections` add their globals and filters."""

    def __init__(self, catalogue: Catalogue, options: RenderOptions, sections: Iterable[Section] = ()) -> None:
        self.catalogue = catalogue
        self.options = options
        self.sections = tuple(sections)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("microskills.site", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(
            label=label,
            markdown=render_markdown,
            number=format_number,
            money=format_money,
            cost=format_cost,
            safe_url=safe_url,  # the one filter for every address from data in an href or src
        )
        self.env.globals.update(
            catalogue=catalogue,
            label=label,
            route_cost=format_route_cost,
            route_figure=format_route_figure,
            rule_text=rule_text,
            workload_text=workload_text,
            duration_text=duration_text,
            exam_text=exam_text,
            field_value=field_value,
            country_name=country_name,
            is_stale=self.is_stale,
            KIND_FOLDER=KIND_FOLDER,
            KIND_FOLDER_KIND=FOLDERS,
            pick=lambda table, ids: [table[i] for i in ids if i in table],
            credential_rows=lambda entry: credential_rows(entry, catalogue),
        )
        for section in self.sections:
            self.env.filters.update(section.filters)
            if section.template_globals is not None:
                self.env.globals.update(section.template_globals(self))
        self.env.globals["contribute"] = self.env.get_template("_contribute.j2").module.contribute  # type: ignore[attr-defined]

    def is_stale(self, entry: Entry) -> bool:
        return entry.freshness(self.options.today) != "fresh"

    def page(
        self, template: str, url: str, title: str, description: str, *, wide: bool = True, **context: Any
    ) -> bytes:
        """A page; `wide` pages (lists, tools) use the whole width, others keep their table of contents.
        No page has the left navigation: entry pages are not in it, and sections are the tabs."""
        base = relative(url, "")

        def link(target: Entry | str) -> str:
            return base + (target.url if isinstance(target, Entry) else target)

        body = self.env.get_template(template).render(base=base, link=link, url=url, **context)
        hide = ("navigation", "toc") if wide else ("navigation",)
        return (front_matter(title, description, hide) + body).encode("utf-8")

    def jsonld(self, entry: Entry) -> Markup:
        return json_for_html(exports.jsonld(entry, self.catalogue, self.options.site_url))

    def entry_page(self, entry: Entry) -> bytes:
        """An entry's page, from its kind's template."""
        template = kinds.spec(entry.kind).template
        return self.page(
            template, entry.url, entry.name, entry.description, wide=False, entry=entry, jsonld=self.jsonld(entry)
        )

    def counts(self) -> dict[str, int]:
        counts = {k.folder: len(self.catalogue.of_kind(k.name)) for k in kinds.KINDS}
        counts["categories"] = len(self.catalogue.categories)
        counts["entries"] = len(self.catalogue)
        return counts
