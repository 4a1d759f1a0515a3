"""The downloads: every export (JSON, CSV, JSON-LD, CTDL, Open Badges 3.0, the schemas, the data
package) and the page that lists them."""

from __future__ import annotations

from microskills import exports
from microskills.model import Credential, Entry
from microskills.registry.schemas import load_schemas
from microskills.site.render import Files, Renderer, Section


def data_files(renderer: Renderer) -> Files:
    catalogue, options = renderer.catalogue, renderer.options
    return exports.data_files(catalogue, options.site_url, load_schemas(), options.today.isoformat())


def pages(renderer: Renderer) -> Files:
    data = data_files(renderer)
    return {
        "downloads/index.md": renderer.page(
            "downloads.md.j2",
            "downloads/",
            "Downloads",
            "The whole catalogue as JSON, CSV, JSON-LD, CTDL and Open Badges 3.0, with the JSON Schemas.",
            counts=renderer.counts(),
            downloads=exports.datapackage.downloads(data),
            licence=exports.datapackage.LICENCE,
        )
    }


def credential_files(renderer: Renderer, entry: Entry) -> Files:
    """A credential's Open Badges 3.0 Achievement (the live preview rewrites it when it changes)."""
    if not isinstance(entry, Credential):
        return {}
    document = exports.achievement(entry, renderer.catalogue, renderer.options.site_url)
    return {f"data/openbadges/{entry.id}.json": exports.json_bytes(document)}


SECTION = Section("downloads", pages=pages, data_files=data_files, credential_files=credential_files)
