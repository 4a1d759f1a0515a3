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
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from generator import exports, quality
from generator.contribute import RepoLinks
from generator.linkcheck import LinkResult
from generator.model import KIND_FOLDER, Catalogue, Credential, Entry, Route, Skill, Stage
from generator.validate import load_schemas

LABELS: dict[str, str] = {
    "micro-credential": "Micro-credential",
    "digital-badge": "Digital badge",
    "nanodegree": "Nanodegree",
    "short-course-certificate": "Short-course certificate",
    "professional-certificate": "Professional certificate",
    "specialisation": "Specialisation",
    "program-certificate": "Programme certificate",
    "degree": "Degree",
    "certification": "Certification",
    "university": "University",
    "vendor": "Vendor",
    "mooc-platform": "MOOC platform",
    "professional-body": "Professional body",
    "training-provider": "Training provider",
    "government": "Government body",
    "nonprofit": "Non-profit",
    "exam": "Exam",
    "project": "Project",
    "portfolio": "Portfolio",
    "performance": "Performance-based",
    "quiz": "Quizzes",
    "none": "No assessment",
    "online": "Online",
    "onsite": "On site",
    "blended": "Blended",
    "self-paced": "Self-paced",
    "scheduled": "Scheduled",
    "skill": "Skill",
    "knowledge": "Knowledge",
    "competence": "Competence",
    "transversal": "Transversal",
    "cross-sector": "Cross-sector",
    "sector-specific": "Sector-specific",
    "occupation-specific": "Occupation-specific",
    "part-of": "Part of",
    "advanced-standing": "Gives advanced standing toward",
    "preparation-for": "Prepares for",
    "credit-toward": "Counts as credit toward",
    "external-accreditation": "Externally accredited",
    "institutional": "Institutional quality assurance",
    "internal": "Provider's own quality assurance",
    "none-stated": "None stated",
    "academic-credit": "Academic credit",
    "framework": "Qualifications framework",
    "employer": "Employers",
    "regulator": "Regulator",
    "industry": "Industry",
    "beginner": "Beginner",
    "intermediate": "Intermediate",
    "advanced": "Advanced",
    "expert": "Expert",
    "rising": "Rising",
    "stable": "Stable",
    "declining": "Declining",
    "one-time": "one-time",
    "per-month": "per month",
    "per-year": "per year",
    "per-attempt": "per exam attempt",
    "learning_outcomes": "Learning outcomes",
    "quality_assurance": "Quality assurance",
}

_ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br", "blockquote", "pre"}


def label(value: object) -> str:
    text = str(value)
    return LABELS.get(text, text.replace("-", " ").capitalize())


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
    return f"{currency or ''} {format_number(amount)}".strip()


def format_cost(credential: Credential) -> str | None:
    cost = credential.cost
    if cost is None:
        return None
    if cost.free and not cost.amount:
        text = "Free"
    elif cost.amount is not None:
        text = format_money(cost.amount, cost.currency)
        if cost.billing:
            text += f" {label(cost.billing)}"
    else:
        text = "Paid"
    if cost.note:
        text += f" ({cost.note})"
    return text


def workload_text(credential: Credential) -> str:
    parts = []
    if credential.hours:
        parts.append(f"{format_number(credential.hours)} hours")
    if credential.ects:
        parts.append(f"{format_number(credential.ects)} ECTS credits")
    if credential.credits:
        parts.append(f"{format_number(credential.credits)} {credential.credit_system}")
    return " · ".join(parts)


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


def front_matter(title: str, description: str) -> str:
    """YAML front matter; values are HTML-escaped because the theme prints them unescaped."""
    summary = " ".join(description.split())
    if len(summary) > 160:
        summary = summary[:157].rsplit(" ", 1)[0] + "…"
    data = {"title": html.escape(title, quote=True), "description": html.escape(summary, quote=True)}
    return "---\n" + "".join(f"{key}: {json.dumps(value)}\n" for key, value in data.items()) + "---\n\n"


@dataclass(frozen=True)
class RenderOptions:
    site_url: str
    today: dt.date
    stale_after_days: int = 365
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
        )
        self.env.globals.update(
            catalogue=catalogue,
            label=label,
            route_cost=format_route_cost,
            route_figure=format_route_figure,
            rule_text=rule_text,
            workload_text=workload_text,
            is_stale=self.is_stale,
            KIND_FOLDER=KIND_FOLDER,
            pick=lambda table, ids: [table[i] for i in ids if i in table],
        )
        self.env.globals.update(quality.template_globals(self))
        self.env.globals["contribute"] = self.env.get_template("_contribute.j2").module.contribute  # type: ignore[attr-defined]

    def is_stale(self, entry: Entry) -> bool:
        try:
            verified = dt.date.fromisoformat(entry.last_verified)
        except ValueError:
            return True
        return (self.options.today - verified).days > self.options.stale_after_days

    def page(self, template: str, url: str, title: str, description: str, **context: Any) -> bytes:
        base = relative(url, "")

        def link(target: Entry | str) -> str:
            return base + (target.url if isinstance(target, Entry) else target)

        body = self.env.get_template(template).render(base=base, link=link, url=url, **context)
        return (front_matter(title, description) + body).encode("utf-8")

    # --- entity pages --------------------------------------------------------------------------

    def jsonld(self, entry: Entry) -> Markup:
        return json_for_html(exports.jsonld(entry, self.catalogue, self.options.site_url))

    def entry_page(self, entry: Entry) -> bytes:
        template = f"{entry.kind}.md.j2"
        return self.page(template, entry.url, entry.name, entry.description, entry=entry, jsonld=self.jsonld(entry))

    def render(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        catalogue = self.catalogue
        for entry in catalogue.entries():
            files[f"{KIND_FOLDER[entry.kind]}/{entry.id}.md"] = self.entry_page(entry)
        files.update(self.index_pages())
        files.update(
            exports.data_files(catalogue, self.options.site_url, load_schemas(), self.options.today.isoformat())
        )
        return files

    def index_pages(self) -> dict[str, bytes]:
        catalogue = self.catalogue
        files: dict[str, bytes] = {}
        skills_by_category: dict[str, list[Skill]] = {c: [] for c in catalogue.categories}
        for skill in sorted(catalogue.skills.values(), key=lambda s: s.name.casefold()):
            skills_by_category.setdefault(skill.category, []).append(skill)
        credentials_by_category: Counter[str] = Counter()
        for credential in catalogue.credentials.values():
            for category_id in {catalogue.skills[s].category for s in credential.skills if s in catalogue.skills}:
                credentials_by_category[category_id] += 1
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
            pathways=sorted(catalogue.pathways.values(), key=lambda p: p.name.casefold()),
        )
        files["skills/index.md"] = self.page(
            "skills_index.md.j2",
            "skills/",
            "Skills",
            "Every microskill in the catalogue, grouped by category.",
            skills_by_category=skills_by_category,
        )
        files["credentials/index.md"] = self.page(
            "credentials_index.md.j2",
            "credentials/",
            "Credentials",
            "Micro-credentials, badges, certificates and certifications with their workload, cost and assessment.",
            credentials=sorted(catalogue.credentials.values(), key=lambda c: c.name.casefold()),
        )
        files["providers/index.md"] = self.page(
            "providers_index.md.j2",
            "providers/",
            "Providers",
            "Organisations that award the credentials in the catalogue.",
            providers=sorted(catalogue.providers.values(), key=lambda p: p.name.casefold()),
        )
        files["pathways/index.md"] = self.page(
            "pathways_index.md.j2",
            "pathways/",
            "Pathways",
            "Routes of stackable credentials and skills toward a target role, with computed totals.",
            pathways=sorted(catalogue.pathways.values(), key=lambda p: p.name.casefold()),
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
            skills = skills_by_category.get(category.id, [])
            credential_ids = sorted({c for s in skills for c in s.credentials})
            files[f"categories/{category.id}.md"] = self.page(
                "category.md.j2",
                f"categories/{category.id}/",
                category.name,
                category.description,
                category=category,
                skills=skills,
                credentials=sorted((catalogue.credentials[c] for c in credential_ids), key=lambda c: c.name.casefold()),
            )
        files["search/index.md"] = self.page(
            "search.md.j2",
            "search/",
            "Search and explore",
            "Search the catalogue and filter by type, provider, category, cost, assessment, level and language.",
        )
        files["downloads/index.md"] = self.page(
            "downloads.md.j2",
            "downloads/",
            "Downloads",
            "The whole catalogue as JSON, CSV, JSON-LD and Open Badges 3.0, with the JSON Schemas.",
            counts=self.counts(),
        )
        files.update(quality.pages(self))
        return files

    def counts(self) -> dict[str, int]:
        c = self.catalogue
        return {
            "skills": len(c.skills),
            "credentials": len(c.credentials),
            "providers": len(c.providers),
            "pathways": len(c.pathways),
            "categories": len(c.categories),
        }


def render(catalogue: Catalogue, options: RenderOptions) -> dict[str, bytes]:
    """All generated docs files (Markdown pages and downloads), keyed by path under docs/."""
    return Renderer(catalogue, options).render()
