"""The assembler: the site is its sections. Each section (`microskills.site.sections.*`) offers
pages, downloads and template globals as a `Section`; adding a part of the site is one module and
one line in `SECTIONS`.
"""

from __future__ import annotations

from microskills.model import Catalogue, Entry
from microskills.registry.kinds import KIND_FOLDER
from microskills.site.render import Files, Renderer, RenderOptions, Section
from microskills.site.sections import browse, downloads, learner, quality, reference
from microskills.site.treecheck import GeneratedFiles

#: Every section, in the order their pages are written.
SECTIONS: tuple[Section, ...] = (
    browse.SECTION,
    reference.SECTION,
    learner.SECTION,
    quality.SECTION,
    downloads.SECTION,
)


def renderer(catalogue: Catalogue, options: RenderOptions) -> Renderer:
    return Renderer(catalogue, options, SECTIONS)


def section_pages(renderer: Renderer) -> Files:
    """Every section's pages (not entry pages, not downloads)."""
    files: Files = {}
    for section in renderer.sections:
        if section.pages is not None:
            files.update(section.pages(renderer))
    return files


def credential_files(renderer: Renderer, credential: Entry) -> Files:
    """What the sections write for one credential (its Compare document, its Open Badges file)."""
    files: Files = {}
    for section in renderer.sections:
        if section.credential_files is not None:
            files.update(section.credential_files(renderer, credential))
    return files


def render(catalogue: Catalogue, options: RenderOptions) -> Files:
    """All generated docs files (Markdown pages and downloads), keyed by path under docs/."""
    site = renderer(catalogue, options)
    files = GeneratedFiles()  # a path assigned twice (an entry called `index`) is an error
    for entry in catalogue.entries():
        files[f"{KIND_FOLDER[entry.kind]}/{entry.id}.md"] = site.entry_page(entry)
    files.update(section_pages(site))
    for section in site.sections:
        if section.data_files is not None:
            files.update(section.data_files(site))
    return files
