"""Render stage: the linked catalogue becomes a Markdown docs tree plus data downloads.

Safety by construction: every template is autoescaped; contributed strings only ever reach
the page through it, inside HTML blocks that Markdown leaves alone. The one place contributed
Markdown is honoured (descriptions) goes through Python-Markdown on already-escaped text and
then the nh3 (ammonia) sanitiser, which keeps a short list of tags and only http(s) links.
Output is a dict of path -> bytes so the build stage can write only what changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
import pycountry
from markupsafe import Markup

from generator import exports, fields, kinds, learner, quality, reference
from generator.contribute import RepoLinks
from generator.fields import FieldInfo
from generator.kinds import KIND_FOLDER
from generator.linkdata import LinkResult
from generator.model import Catalogue, CostStatus, Credential, Entry, Route, Skill, Stage
from generator.schemas import load_schemas
from generator.text import replace_unsafe
from generator.treecheck import GeneratedFiles
from generator.urls import safe_url

_ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br", "blockquote", "pre"}


def label(value: object) -> str:
    """The label of an enum value (from the schemas' `x-enum`) or of a kind (from the registry)."""
    text = str(value)
    found = fields.enum_labels().get(text)
    if found is not None:
        return found
    if text in kinds.names():
        return kinds.spec(text).label
    return text.replace("-", " ").replace("_", " ").capitalize()


@functools.cache
def language_name(tag: str) -> str:
    """ "English" for `en`, "Portuguese (Brazil)" for `pt-BR`: what a reader recognises."""
    language, _, region = tag.partition("-")
    found = (
        pycountry.languages.get(alpha_2=language) if len(language) == 2 else pycountry.languages.get(alpha_3=language)
    )
    name = str(found.name) if found is not None else tag
    if region and len(region) == 2:
        return f"{name} ({country_name(region.upper())})"
    return name


@functools.cache
def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found is not None else code


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


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_money(amount: float, currency: str | None) -> str:
    """USD 100, USD 235.50: whole amounts without decimals, others with the two a price has."""
    figure = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{currency or ''} {figure}".strip()


def format_cost(credential: Credential) -> str | None:
    """The cost as the page, the result list and the tables show it; None when no price is
    recorded (the page then says which kind of absence it is)."""
    status = credential.cost_status
    cost = credential.cost
    if cost is None or status in (CostStatus.UNPUBLISHED, CostStatus.UNRECORDED):
        return None
    if status is CostStatus.PRICED and cost.amount is not None:
        text = format_money(cost.amount, cost.currency)
        if cost.amount_max is not None:
            text += f"–{format_number(cost.amount_max)}"
        if cost.billing:
            text += f" {label(cost.billing)}"
        if cost.region:
            text += f" in {cost.region}"
    else:
        text = status.value
    if cost.note:
        text += f" ({cost.note})"
    return text


def _range(low: float, high: float | None) -> str:
    return format_number(low) if high is None else f"{format_number(low)}–{format_number(high)}"


def workload_text(credential: Credential) -> str:
    parts = []
    if credential.hours:
        parts.append(f"{_range(credential.hours, credential.hours_max)} hours")
    if credential.ects:
        parts.append(f"{format_number(credential.ects)} ECTS credits")
    if credential.credits:
        parts.append(f"{format_number(credential.credits)} {credential.credit_system}")
    text = " · ".join(parts)
    return f"{text} ({credential.workload_note})" if credential.workload_note else text


def duration_text(credential: Credential) -> str:
    """Weeks as published, a range as a range, and how a derived figure was derived."""
    if not credential.duration_weeks:
        return ""
    text = f"{_range(credential.duration_weeks, credential.duration_weeks_max)} weeks"
    return f"{text} ({credential.duration_note})" if credential.duration_note else text


def exam_text(credential: Credential) -> str:
    """The exam's published facts on one line: length, questions, pass mark, delivery, price per
    attempt, version. Empty when none is recorded."""
    exam = credential.exam
    parts = []
    if exam is not None:
        if exam.minutes:
            parts.append(f"{exam.minutes} minutes")
        if exam.questions:
            parts.append(f"{_range(exam.questions, exam.questions_max)} questions")
        if exam.passing_score:
            parts.append(f"pass mark {exam.passing_score}")
        if exam.delivery:
            delivery = fields.field_info("credential", "exam.delivery")
            parts.append(", ".join(delivery.enum_label(d).lower() for d in exam.delivery))
    price = credential.price_per_attempt
    if price is not None:
        money = "free" if price.amount == 0 else format_money(price.amount, price.currency)
        parts.append(f"{money} per attempt" + (f" in {price.region}" if price.region else ""))
    if exam is not None and exam.version:
        parts.append(f"version {exam.version}")
    if not parts and exam is not None:  # only the policies are published
        if exam.retake_policy:
            parts.append(f"Retakes: {exam.retake_policy}")
        elif exam.preparation:
            parts.append("Official preparation: " + ", ".join(prep.title for prep in exam.preparation))
    return " · ".join(parts)


def field_value(info: FieldInfo, value: Any) -> Markup:
    """Any schema field's value for a page, when no template shows it in its own way: labels for
    enum values, names for languages and countries, links for addresses, lists joined."""
    if isinstance(value, list):
        return Markup(", ").join(field_value(info, item) for item in value)
    if isinstance(value, bool):
        return Markup("Yes" if value else "No")
    if isinstance(value, (int, float)):
        return Markup.escape(format_number(value))
    if not isinstance(value, str):
        return Markup.escape(json.dumps(value, ensure_ascii=False))
    if info.enum:
        return Markup.escape(info.enum_label(value))
    if info.format == "bcp-47":
        return Markup.escape(language_name(value))
    if info.format == "iso-3166-1":
        return Markup.escape(country_name(value))
    if str(info.schema.get("pattern", "")).startswith("^https?://"):
        return Markup('<a href="{0}" rel="nofollow noopener">{1}</a>').format(safe_url(value), value)
    return Markup.escape(value)


def rule_text(stage: Stage) -> str:
    """How a learner completes a stage, in words."""
    if stage.rule == "all":
        return "Complete this:" if len(stage.items) == 1 else f"Complete all {len(stage.items)} of these:"
    if stage.rule == "any":
        return "Complete this:" if len(stage.items) == 1 else "Complete any one of these:"
    return f"Complete at least {stage.count} of these {len(stage.items)}:"


def format_route_cost(route: Route) -> str:
    parts = [format_money(amount, currency) for currency, amount in route.cost.items()]
    if not route.cost_unknown:
        return " + ".join(parts) if parts else "Free"
    missing = f"({route.cost_unknown} item{'s' if route.cost_unknown != 1 else ''} without a published price)"
    return f"at least {' + '.join(parts)} {missing}" if parts else f"not published {missing}"


def format_route_figure(total: float, unknown: int, unit: str) -> str:
    if unknown and not total:
        return "not published"
    text = f"{format_number(total)} {unit}"
    if unknown:
        text = f"at least {text} ({unknown} item{'s' if unknown != 1 else ''} without published {unit})"
    return text


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


@dataclass(frozen=True)
class RenderOptions:
    site_url: str
    today: dt.date
    repo: RepoLinks = field(default_factory=RepoLinks)
    #: The last link check of each URL (catalogue/link-check.json), for the Quality page and flags.
    links: dict[str, LinkResult] = field(default_factory=dict)


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style site URLs ('' is the home page)."""
    depth = from_url.count("/")
    return "../" * depth + to_url


class Renderer:
    def __init__(self, catalogue: Catalogue, options: RenderOptions) -> None:
        self.catalogue = catalogue
        self.options = options
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            label=label,
            markdown=render_markdown,
            number=format_number,
            money=format_money,
            cost=format_cost,
            ticks=reference.inline_code,
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
            pick=lambda table, ids: [table[i] for i in ids if i in table],
        )
        self.env.globals.update(quality.template_globals(self))
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

    # --- entity pages --------------------------------------------------------------------------

    def jsonld(self, entry: Entry) -> Markup:
        return json_for_html(exports.jsonld(entry, self.catalogue, self.options.site_url))

    def entry_page(self, entry: Entry) -> bytes:
        template = kinds.spec(entry.kind).template
        return self.page(
            template, entry.url, entry.name, entry.description, wide=False, entry=entry, jsonld=self.jsonld(entry)
        )

    def render(self) -> dict[str, bytes]:
        files = GeneratedFiles()  # a path assigned twice (an entry called `index`) is an error
        catalogue = self.catalogue
        for entry in catalogue.entries():
            files[f"{KIND_FOLDER[entry.kind]}/{entry.id}.md"] = self.entry_page(entry)
        files.update(self.index_pages())
        data = exports.data_files(catalogue, self.options.site_url, load_schemas(), self.options.today.isoformat())
        files.update(data)
        files["downloads/index.md"] = self.page(
            "downloads.md.j2",
            "downloads/",
            "Downloads",
            "The whole catalogue as JSON, CSV, JSON-LD, CTDL and Open Badges 3.0, with the JSON Schemas.",
            counts=self.counts(),
            downloads=exports.datapackage.downloads(data),
            licence=exports.datapackage.LICENCE,
        )
        files.update(learner.data_files(catalogue, self.options.today))
        return files

    def index_pages(self) -> dict[str, bytes]:
        catalogue = self.catalogue
        files: dict[str, bytes] = {}
        skills_by_category: dict[str, list[Skill]] = {c: [] for c in catalogue.categories}
        for skill in sorted(catalogue.skills.values(), key=lambda s: s.name.casefold()):
            skills_by_category.setdefault(skill.category, []).append(skill)
        credentials_in_category: dict[str, list[Credential]] = {c: [] for c in catalogue.categories}
        for credential in sorted(catalogue.credentials.values(), key=lambda c: c.name.casefold()):
            for category_id in credential.categories(catalogue):
                credentials_in_category.setdefault(category_id, []).append(credential)
        credentials_by_category = {c: len(found) for c, found in credentials_in_category.items()}
        recent = sorted(catalogue.entries(), key=lambda e: (e.last_verified, e.kind, e.id), reverse=True)[:12]
        files["index.md"] = self.page(
            "home.md.j2",
            "",
            "Microskills Catalogue",
            "Bite-sized skills and the micro-credentials that prove them: compare badges, certificates and "
            "certifications, and see how they stack toward a role.",
            skills_by_category=skills_by_category,
            credentials_by_category=credentials_by_category,
            recent=recent,
            verified_dates=sorted({e.last_verified for e in catalogue.entries()}),
            pathways=sorted(catalogue.pathways.values(), key=lambda p: p.name.casefold()),
        )
        for kind_spec in kinds.KINDS:
            entries = sorted(catalogue.of_kind(kind_spec.name).values(), key=lambda e: e.name.casefold())
            files[f"{kind_spec.folder}/index.md"] = self.page(
                kind_spec.index_template or "kind_index.md.j2",
                f"{kind_spec.folder}/",
                kind_spec.plural,
                kind_spec.lede or f"Every {kind_spec.label.lower()} in the catalogue.",
                wide=True,
                kind=kind_spec,
                entries=entries,
                skills_by_category=skills_by_category,
                credentials_in_category=credentials_in_category,
            )
        files["categories/index.md"] = self.page(
            "categories_index.md.j2",
            "categories/",
            "Skill categories",
            "The controlled list of skill categories.",
            skills_by_category=skills_by_category,
            credentials_by_category=credentials_by_category,
        )
        for category in catalogue.categories.values():
            files[f"categories/{category.id}.md"] = self.page(
                "category.md.j2",
                f"categories/{category.id}/",
                category.name,
                category.description,
                category=category,
                skills=skills_by_category.get(category.id, []),
                credentials=credentials_in_category.get(category.id, []),
            )
        files["search/index.md"] = self.page(
            "search.md.j2",
            "search/",
            "Search and explore",
            "Search the catalogue and filter by type, provider, category, cost, assessment, level and language.",
            facets=fields.facet_names(),
        )
        files.update(reference.pages(self))
        files.update(learner.pages(self))
        files.update(quality.pages(self))
        return files

    def counts(self) -> dict[str, int]:
        counts = {k.folder: len(self.catalogue.of_kind(k.name)) for k in kinds.KINDS}
        counts["categories"] = len(self.catalogue.categories)
        return counts


def render(catalogue: Catalogue, options: RenderOptions) -> dict[str, bytes]:
    """All generated docs files (Markdown pages and downloads), keyed by path under docs/."""
    return Renderer(catalogue, options).render()
