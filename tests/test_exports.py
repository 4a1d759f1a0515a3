"""Exports checked against the real specifications vendored in tests/standards/."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from typing import Any

import jsonschema
import pytest
from microskills.check.pipeline import check
from microskills.exports import achievement, jsonld
from microskills.site.assemble import render
from microskills.site.render import RenderOptions

from tests.conftest import REAL_CATALOGUE, REAL_TODAY, REPO, TODAY

STANDARDS = REPO / "tests" / "standards"
SITE = "https://example.org/"


@cache
def catalogue() -> Any:
    result = check(REAL_CATALOGUE, today=REAL_TODAY)
    assert not result.failed()
    return result.catalogue


@cache
def rendered() -> dict[str, bytes]:
    """The bundled catalogue's site files, rendered once per test process: five tests read them and
    none changes them (a render of the whole catalogue takes seconds)."""
    return render(catalogue(), RenderOptions(site_url=SITE, today=TODAY))


@cache
def achievement_validator() -> jsonschema.Draft201909Validator:
    schema = json.loads((STANDARDS / "openbadges-3.0" / "achievementcredential.json").read_text())
    definition = {"$schema": schema.get("$schema"), "$defs": schema["$defs"], "$ref": "#/$defs/Achievement"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(definition, format_checker=cls.FORMAT_CHECKER)


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org 30.0: superclasses of every type, and the domain of every property."""
    graph = json.loads((STANDARDS / "schema.org-30.0" / "schemaorg-current-https.jsonld").read_text())["@graph"]

    def ids(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].removeprefix("schema:") for item in items}

    parents: dict[str, set[str]] = {}
    domains: dict[str, set[str]] = {}
    for node in graph:
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        name = node["@id"].removeprefix("schema:")
        if "rdfs:Class" in kinds:
            parents[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            domains[name] = ids(node.get("schema:domainIncludes"))
    return parents, domains


def superclasses(parents: dict[str, set[str]], kind: str) -> set[str]:
    """`kind` and every class above it in a vocabulary's class graph (schema.org here, CTDL too)."""
    seen, todo = {kind}, [kind]
    while todo:
        for parent in parents.get(todo.pop(), set()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def ancestors(kind: str) -> set[str]:
    return superclasses(vocabulary()[0], kind)


def check_node(node: Any, where: str) -> None:
    """Every @type exists and every property applies to (a supertype of) that type."""
    if isinstance(node, list):
        for item in node:
            check_node(item, where)
        return
    if not isinstance(node, dict):
        return
    parents, domains = vocabulary()
    kind = node.get("@type")
    if kind is not None:
        assert kind in parents, f"{where}: unknown type {kind}"
        for key, value in node.items():
            if key.startswith("@"):
                continue
            assert key in domains, f"{where}: unknown property {key}"
            assert domains[key] & ancestors(kind), f"{where}: {key} does not apply to {kind}"
            check_node(value, f"{where}.{key}")


def test_every_credential_is_a_valid_open_badges_achievement() -> None:
    validator = achievement_validator()
    for credential in catalogue().credentials.values():
        document = achievement(credential, catalogue(), SITE)
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (credential.id, errors)


def test_achievement_aligns_to_skills() -> None:
    credential = catalogue().credentials["python-institute-pcap"]
    document = achievement(credential, catalogue(), SITE)
    ours = {a["targetCode"] for a in document["alignment"] if a["targetFramework"] == "Microskills Catalogue"}
    assert ours == set(credential.skills)
    assert document["creator"]["name"] == "OpenEDG Python Institute"
    esco = [a for a in document["alignment"] if a["targetFramework"] == "ESCO"]
    aligned = [catalogue().skills[s].esco for s in credential.skills if catalogue().skills[s].esco is not None]
    assert len(esco) == len(aligned) > 0
    for alignment, concept in zip(esco, aligned, strict=True):
        assert concept is not None and alignment["targetUrl"] == concept.uri
        assert alignment["targetCode"] == concept.uri.rsplit("/", 1)[-1] and alignment["targetName"] == concept.label


def test_invalid_achievement_is_caught_by_the_check() -> None:
    """The validator really checks: an achievement without criteria fails."""
    document = achievement(catalogue().credentials["python-institute-pcap"], catalogue(), SITE)
    del document["criteria"]
    assert list(achievement_validator().iter_errors(document))


@pytest.mark.parametrize("kind", ["skill", "credential", "provider", "pathway"])
def test_jsonld_uses_only_real_schema_org_terms(kind: str) -> None:
    table = catalogue().of_kind(kind)
    for entry in table.values():
        check_node(jsonld(entry, catalogue(), SITE), f"{kind}/{entry.id}")


def test_vocabulary_check_can_fail() -> None:
    with pytest.raises(AssertionError):
        check_node({"@type": "DefinedTerm", "price": 3}, "x")
    with pytest.raises(AssertionError):
        check_node({"@type": "Certificate-ish"}, "x")


def test_downloads_hold_the_whole_catalogue() -> None:
    files = rendered()
    everything = json.loads(files["data/catalogue.json"])
    assert everything["counts"]["credentials"] == len(catalogue().credentials)
    ids = [r["id"] for r in everything["skills"]]
    assert ids == sorted(ids)
    skill = next(r for r in everything["skills"] if r["id"] == "python-classes-objects")
    assert "python-institute-pcap" in skill["taught_by"]
    raw_csv = files["data/credentials.csv"]
    assert raw_csv.startswith("\ufeff".encode()), "a byte-order mark, so Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw_csv.decode("utf-8-sig"))))
    assert len(rows) == len(catalogue().credentials)
    pcap = next(r for r in rows if r["id"] == "python-institute-pcap")
    assert pcap["provider"] == "python-institute" and "python-classes-objects" in pcap["skills"].split(";")
    assert pcap["provider_names"] == "OpenEDG Python Institute"
    assert "Write Python classes" in pcap["skills_names"].split(";")
    assert pcap["categories"] == "Programming languages"
    assert pcap["cost_status"] == catalogue().credentials["python-institute-pcap"].cost_status.value
    assert b"<feed" in files["data/feed.xml"]
    assert json.loads(files["schemas/credential.schema.json"])["title"] == "Credential"


def test_published_schemas_validate_real_entries() -> None:
    """The schemas on the site work on their own (as an editor would use them), refs included."""
    import referencing
    from referencing.jsonschema import DRAFT202012

    files = rendered()
    published = {name: json.loads(body) for name, body in files.items() if name.startswith("schemas/")}
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (schema["$id"], DRAFT202012.create_resource(schema)) for schema in published.values()
    )
    validator = jsonschema.Draft202012Validator(published["schemas/credential.schema.json"], registry=registry)
    entry = dict(catalogue().credentials["python-institute-pcap"].raw)
    assert list(validator.iter_errors(entry)) == []
    entry["provider"] = "Not An Id"
    assert list(validator.iter_errors(entry))


def test_jsonld_names_the_awarding_body_as_provider_and_esco_skills_as_defined_terms() -> None:
    credential = catalogue().credentials["python-institute-pcap"]
    data = jsonld(credential, catalogue(), SITE)
    assert data["provider"]["name"] == "OpenEDG Python Institute"
    recorded = [r for r in credential.recognition if r.type != "framework"]
    assert len(data.get("recognizedBy", [])) == len(recorded)
    esco = [t for t in data["competencyRequired"] if t.get("inDefinedTermSet", {}).get("name") == "ESCO skills"]
    assert esco and all(t["@id"].startswith("http://data.europa.eu/esco/skill/") for t in esco)
    assert all(t["inDefinedTermSet"]["@type"] == "DefinedTermSet" for t in esco)
    for entry in catalogue().credentials.values():
        data = jsonld(entry, catalogue(), SITE)
        awarded_by = catalogue().providers[entry.provider]
        assert data["provider"]["url"].endswith(awarded_by.url)
        assert "recognizedBy" not in data or all("description" in r for r in data["recognizedBy"])
        assert not entry.recognition or "recognizedBy" in data or {r.type for r in entry.recognition} == {"framework"}
