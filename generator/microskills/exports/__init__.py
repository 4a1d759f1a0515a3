"""Open-standard representations of the catalogue, one module per standard.

- `schemaorg`: JSON-LD embedded in every entry page;
- `openbadges`: an Open Badges 3.0 Achievement per credential;
- `tables`: JSON records and CSV of every kind;
- `feed`: an Atom feed of recently verified entries;
- `ctdl`: CTDL JSON-LD per credential, provider and pathway, and one graph of them all;
- `datapackage`: the Frictionless Data Package describing the downloads.

`data_files` assembles every download the site offers.
"""

from __future__ import annotations

from typing import Any

from microskills.exports.common import absolute, json_bytes
from microskills.exports.ctdl import ctdl_files
from microskills.exports.datapackage import PACKAGE, package_file
from microskills.exports.feed import atom_feed
from microskills.exports.openbadges import achievement
from microskills.exports.schemaorg import jsonld
from microskills.exports.tables import csv_bytes, csv_columns, csv_row, record
from microskills.model import Catalogue, Credential, Entry
from microskills.registry import kinds

__all__ = ["absolute", "achievement", "atom_feed", "csv_bytes", "data_files", "json_bytes", "jsonld", "record"]


def data_files(catalogue: Catalogue, site_url: str, schemas: dict[str, Any], generated: str) -> dict[str, bytes]:
    """Every download, keyed by path under docs/."""
    files: dict[str, bytes] = {}
    tables: dict[str, list[Entry]] = {
        k.folder: sorted(catalogue.of_kind(k.name).values(), key=lambda e: e.id) for k in kinds.KINDS
    }
    everything: dict[str, Any] = {
        "generated": generated,
        "site": site_url,
        "counts": {kind: len(entries) for kind, entries in tables.items()},
        "categories": [
            {"id": c.id, "name": c.name, "description": c.description}
            for c in sorted(catalogue.categories.values(), key=lambda c: c.id)
        ],
    }
    for kind_spec in kinds.KINDS:
        folder, entries = kind_spec.folder, tables[kind_spec.folder]
        records = [record(e, catalogue, site_url) for e in entries]
        everything[folder] = records
        files[f"data/{folder}.json"] = json_bytes({"generated": generated, folder: records}, compact=True)
        header = [column.name for column in csv_columns(kind_spec.name)]
        files[f"data/{folder}.csv"] = csv_bytes(
            header, (csv_row(kind_spec.name, e, catalogue, site_url) for e in entries)
        )
    files["data/catalogue.json"] = json_bytes(everything, compact=True)
    for name, schema in schemas.items():
        files[f"schemas/{name}"] = json_bytes(schema)
    achievements = []
    for credential in tables["credentials"]:
        assert isinstance(credential, Credential)
        document = achievement(credential, catalogue, site_url)
        achievements.append(document)
        files[f"data/openbadges/{credential.id}.json"] = json_bytes(document)
    files["data/openbadges.json"] = json_bytes({"generated": generated, "achievements": achievements}, compact=True)
    files["data/feed.xml"] = atom_feed(catalogue, site_url, generated)
    for path, document in ctdl_files(catalogue, site_url).items():
        files[path] = json_bytes(document, compact=path == "data/ctdl.json")
    files[PACKAGE] = package_file(files, schemas, generated, site_url)
    return files
