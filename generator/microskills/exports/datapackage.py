"""A machine-readable description of the downloads: `data/datapackage.json` (a Frictionless Data
Package) and the table on the Downloads page, both from one list.

Field types are not kept by hand: a CSV column's type comes from the JSON Schema of the field it
is taken from (`exports.tables.csv_columns` lists the columns), a JSON record's fields are the
schema's properties plus the computed links `exports.tables.record` adds. `frictionless validate`
checks the package against the files in the tests, so a column that changes type fails there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from microskills.exports.tables import csv_columns

#: The catalogue's data licence (README.md, "Licence"): the code is MIT, the data CC BY 4.0.
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
ESCO_SOURCE = {
    "title": "ESCO classification v1.2.0 (labels and URIs in `esco` fields), © European Union, reused with "
    "attribution under Commission Decision 2011/833/EU",
    "path": "https://esco.ec.europa.eu/",
}
KIND_SCHEMA = {"skills": "skill", "credentials": "credential", "providers": "provider", "pathways": "pathway"}
#: Fields `exports.tables.record` adds to each kind's contributed fields, with their types.
COMPUTED_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "skills": [
        ("page", "string", "The entry's page on the site."),
        ("taught_by", "array", "Ids of the credentials that teach the skill."),
        ("used_in_pathways", "array", "Ids of the pathways that use the skill."),
        ("narrower", "array", "Ids of the skills whose `broader` is this one."),
    ],
    "credentials": [
        ("page", "string", "The entry's page on the site."),
        ("stacked_from", "array", "Credentials that stack into this one, with the relation."),
        ("used_in_pathways", "array", "Ids of the pathways that use the credential."),
        ("required_by", "array", "Ids of the credentials that require this one."),
    ],
    "providers": [
        ("page", "string", "The entry's page on the site."),
        ("credentials", "array", "Ids of the credentials the provider awards."),
        ("platform_credentials", "array", "Ids of other bodies' credentials offered on this platform."),
        ("children", "array", "Ids of the providers whose `parent` is this one."),
    ],
    "pathways": [
        ("page", "string", "The entry's page on the site."),
        ("computed_totals", "object", "Cheapest and fastest routes, computed; unknown figures counted."),
    ],
}


@dataclass(frozen=True)
class Download:
    """One file on the Downloads page and in the data package."""

    path: str  # under docs/
    title: str
    format: str
    mediatype: str
    standard: str
    standard_url: str
    size: int = 0


def _described(path: str, title: str, fmt: str, mediatype: str, standard: str, url: str) -> Download:
    return Download(path, title, fmt, mediatype, standard, url)


CATALOGUE_FORMAT = "https://microskills-catalogue.github.io/schemas/"
DOWNLOADS: list[Download] = [
    _described("data/catalogue.json", "The whole catalogue", "json", "application/json",
               "Catalogue JSON Schemas", CATALOGUE_FORMAT),
    *(
        d
        for kind in KIND_SCHEMA
        for d in (
            _described(f"data/{kind}.json", f"{kind.capitalize()}", "json", "application/json",
                       "Catalogue JSON Schemas", CATALOGUE_FORMAT),
            _described(f"data/{kind}.csv", f"{kind.capitalize()}", "csv", "text/csv",
                       "CSV (RFC 4180)", "https://www.rfc-editor.org/rfc/rfc4180"),
        )
    ),
    _described("data/openbadges.json", "Open Badges 3.0 achievements, one per credential", "json",
               "application/json", "Open Badges 3.0 (1EdTech)", "https://www.imsglobal.org/spec/ob/v3p0/"),
    _described("data/ctdl.json", "CTDL graph of every credential, provider and pathway", "json",
               "application/ld+json", "CTDL (Credential Engine)", "https://credreg.net/ctdl/terms"),
    _described("data/feed.xml", "Recently verified entries", "xml", "application/atom+xml",
               "Atom (RFC 4287)", "https://www.rfc-editor.org/rfc/rfc4287"),
]  # fmt: skip
PACKAGE = "data/datapackage.json"


def _resolve(node: dict[str, Any], schemas: dict[str, Any], current: str) -> tuple[dict[str, Any], str]:
    """Follow `$ref` (and a single `allOf`) to the definition a field's type is in."""
    while True:
        if "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            current = target or current
            found: Any = schemas[current]
            for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
                found = found[part]
            node = found
        elif "allOf" in node and "type" not in node:
            node = node["allOf"][0]
        else:
            return node, current


def _field_type(node: dict[str, Any], schemas: dict[str, Any], current: str) -> dict[str, Any]:
    """Table Schema type (and constraints) of a JSON Schema node."""
    node, current = _resolve(node, schemas, current)
    if "enum" in node:
        return {"type": "string", "constraints": {"enum": [str(v) for v in node["enum"]]}}
    if node.get("pattern") == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$":
        return {"type": "date"}
    kind = node.get("type")
    if kind in ("string", "number", "integer", "boolean", "array", "object"):
        return {"type": kind}
    return {"type": "any"}


Located = tuple[dict[str, Any], str]  # a schema node and the file its relative $refs resolve in


def _properties(node: dict[str, Any], schemas: dict[str, Any], current: str) -> dict[str, Located]:
    resolved, current = _resolve(node, schemas, current)
    return {key: (value, current) for key, value in resolved.get("properties", {}).items()}


def csv_fields(kind: str, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """The Table Schema fields of `data/KIND.csv`: the CSV's own column list (`tables.csv_columns`,
    derived from the JSON Schemas), with each column's type and description."""
    found = []
    for column in csv_columns(KIND_SCHEMA[kind]):
        field: dict[str, Any] = {"name": column.name, "type": column.type}
        if column.description:
            field["description"] = column.description
        url_pattern = column.field is not None and str(column.field.schema.get("pattern", "")).startswith("^https?://")
        if column.name == "page" or (url_pattern and not column.names and column.field and not column.field.is_list):
            field["format"] = "uri"
        found.append(field)
    return found


def json_fields(kind: str, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of a record in `data/KIND.json`: the schema's properties and the computed links."""
    name = f"{KIND_SCHEMA[kind]}.schema.json"
    schema, _ = _resolve(schemas[name], schemas, name)
    required = set(schema.get("required", []))
    fields = []
    for prop, (node, current) in _properties(schemas[name], schemas, name).items():
        field: dict[str, Any] = {"name": prop, **_field_type(node, schemas, current)}
        if prop in required:
            field.setdefault("constraints", {})["required"] = True
        fields.append(field)
    for prop, kind_type, description in COMPUTED_FIELDS[kind]:
        fields.append({"name": prop, "type": kind_type, "description": description})
    return fields


def _hash(body: bytes) -> str:
    return "sha256:" + hashlib.sha256(body).hexdigest()


def datapackage(files: dict[str, bytes], schemas: dict[str, Any], generated: str, site_url: str) -> dict[str, Any]:
    """The Frictionless Data Package of the downloads in `files` (paths relative to data/)."""
    resources = []
    for download in DOWNLOADS:
        body = files[download.path]
        resource: dict[str, Any] = {
            "name": download.path.removeprefix("data/").replace(".", "-").replace("/", "-"),
            "path": download.path.removeprefix("data/"),
            "title": download.title,
            "format": download.format,
            "mediatype": download.mediatype,
            "encoding": "utf-8",
            "bytes": len(body),
            "hash": _hash(body),
            "standard": {"title": download.standard, "path": download.standard_url},
        }
        kind = download.path.removeprefix("data/").rsplit(".", 1)[0]
        if kind in KIND_SCHEMA and download.format == "csv":
            resource["type"] = "table"
            resource["schema"] = {"fields": csv_fields(kind, schemas), "primaryKey": ["id"]}
        elif kind in KIND_SCHEMA:
            resource["type"] = "table"
            fields = json_fields(kind, schemas)
            # Records are objects; `keys` reads each field by name, whatever a record's key order.
            resource["dialect"] = {"json": {"property": kind, "keyed": True, "keys": [f["name"] for f in fields]}}
            resource["schema"] = {"fields": fields, "primaryKey": ["id"]}
            # frictionless reads JSON tables as a stream of records and counts no bytes, so it
            # would report stated sizes as wrong; the Downloads page shows the size instead.
            del resource["bytes"], resource["hash"]
        else:
            resource["type"] = "file"
        resources.append(resource)
    return {
        "name": "microskills-catalogue",
        "title": "Microskills Catalogue",
        "description": "Microskills, the micro-credentials that teach or certify them, their providers and "
        "the pathways by which they stack, as published on the site. Regenerated on every build.",
        "homepage": site_url,
        "created": f"{generated}T00:00:00Z",
        "licenses": [LICENCE],
        "sources": [ESCO_SOURCE],
        "resources": resources,
    }


def downloads(files: dict[str, bytes]) -> list[Download]:
    """Every described download with its size, the data package last."""
    listed = [Download(**{**d.__dict__, "size": len(files[d.path])}) for d in DOWNLOADS]
    listed.append(
        Download(
            PACKAGE, "Description of the files above, with field types", "json", "application/json",
            "Frictionless Data Package", "https://datapackage.org/", len(files[PACKAGE]),
        )
    )  # fmt: skip
    return listed


def package_file(files: dict[str, bytes], schemas: dict[str, Any], generated: str, site_url: str) -> bytes:
    text = json.dumps(datapackage(files, schemas, generated, site_url), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
