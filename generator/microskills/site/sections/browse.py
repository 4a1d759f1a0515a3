"""The pages for browsing: home, an index page per kind, the categories, and the Explore page."""

from __future__ import annotations

from microskills.model import Credential, Skill
from microskills.registry import fields, kinds
from microskills.site.render import Files, Renderer, Section


def pages(renderer: Renderer) -> Files:
    catalogue = renderer.catalogue
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
    files["index.md"] = renderer.page(
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
        files[f"{kind_spec.folder}/index.md"] = renderer.page(
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
    files["categories/index.md"] = renderer.page(
        "categories_index.md.j2",
        "categories/",
        "Skill categories",
        "The controlled list of skill categories.",
        skills_by_category=skills_by_category,
        credentials_by_category=credentials_by_category,
    )
    for category in catalogue.categories.values():
        files[f"categories/{category.id}.md"] = renderer.page(
            "category.md.j2",
            f"categories/{category.id}/",
            category.name,
            category.description,
            category=category,
            skills=skills_by_category.get(category.id, []),
            credentials=credentials_in_category.get(category.id, []),
        )
    files["search/index.md"] = renderer.page(
        "search.md.j2",
        "search/",
        "Search and explore",
        "Search the catalogue and filter by type, provider, category, cost, assessment, level and language.",
        facets=fields.facet_names(),
    )
    return files


SECTION = Section("browse", pages=pages)
