"""CTDL exports against the Credential Registry's validation schemas and the CTDL vocabulary,
both vendored in tests/standards/ctdl/.

The registry's schemas date from 2019 and the vocabulary snapshot from 2022; they disagree in a
few places. Where they do, the documents follow the vocabulary (what consumers resolve terms
against) and the schema is corrected here, each correction named in ERRATA and each asserted to
be still needed, so a newer vendored schema that fixes one shows up as a failing test.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

import jsonschema
import pytest
from microskills.exports import ctdl

from tests.test_exports import SITE, STANDARDS, catalogue, superclasses

CTDL = STANDARDS / "ctdl"
LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

#: (schema file, what is wrong with it as published, why the correction is right)
ERRATA = [
    ("pathway.json", "#/definitions/ceasn:hasChild is referenced but not defined", "it is ceterms:hasChild's"),
    ("pathway.json", "#/definitions/ceasn:hasCondition is referenced but not defined", "ceterms:hasCondition's"),
    ("pathway.json", "#/definitions/ceasn:hasDestinationComponent is referenced but not defined", "likewise"),
    ("pathway.json", "#/definitions/ceterms:description is referenced but not defined", "as ceterms:name"),
    ("pathway.json", "property ceasn:hasCondition", "the vocabulary's term is ceterms:hasCondition"),
    ("pathway.json", "property ceasn:hasDestinationComponent", "the vocabulary's ceterms:hasDestinationComponent"),
    ("pathway.json", "property ceasn:isDestinationComponentOf", "the vocabulary's ceterms:isDestinationComponentOf"),
    ("pathway.json", "PathwayComponent @type only ceterms:PathwayComponent", "the vocabulary types its subclasses"),
    ("pathway.json", "ComponentCondition requires ceterms:ctid", "not a property of ComponentCondition"),
    ("pathway.json", "Pathway requires ceterms:inLanguage", "inLanguage does not apply to Pathway"),
]


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CTDL / name).read_text(encoding="utf-8"))
    return data


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """CTDL: superclasses of every class, and the domain of every property."""
    parents: dict[str, set[str]] = {}
    domains: dict[str, set[str]] = {}
    for node in _load("ctdl-vocabulary.json")["@graph"]:
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]

        def ids(value: Any) -> set[str]:
            return set(value if isinstance(value, list) else [value] if value else [])

        if "rdfs:Class" in kinds:
            parents[node["@id"]] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            domains[node["@id"]] = ids(node.get("schema:domainIncludes"))
    return parents, domains


def ancestors(kind: str) -> set[str]:
    return superclasses(vocabulary()[0], kind)


def check_terms(node: Any, where: str) -> None:
    """Every class exists in CTDL and every property applies to its class (or a superclass).
    A mapping without @type must be a language map: nothing else escapes the check."""
    if isinstance(node, list):
        for item in node:
            check_terms(item, where)
        return
    if not isinstance(node, dict):
        return
    parents, domains = vocabulary()
    kind = node.get("@type")
    if kind is None:
        assert node and all(isinstance(v, str) for v in node.values()), f"{where}: untyped node {node}"
        assert all(re.match(LANGUAGE_TAG, k) for k in node), f"{where}: not a language map"
        return
    assert kind in parents, f"{where}: {kind} is not a CTDL class"
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert key in domains, f"{where}: {key} is not a CTDL property"
        assert domains[key] & ancestors(kind), f"{where}: {key} does not apply to {kind}"
        check_terms(value, f"{where}.{key}")


def _validator(schema: dict[str, Any], definition: str) -> jsonschema.Draft4Validator:
    root = {"definitions": schema["definitions"], "$ref": f"#/definitions/{definition}"}
    return jsonschema.Draft4Validator(root, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@cache
def pathway_schema() -> dict[str, Any]:
    """pathway.json with the ERRATA applied."""
    schema = copy.deepcopy(_load("pathway.json"))
    d = schema["definitions"]
    d["ceasn:hasChild"] = d["ceterms:hasChild"]
    d["ceasn:hasCondition"] = d["ceterms:hasCondition"]
    d["ceasn:hasDestinationComponent"] = d["ceterms:hasDestinationComponent"]
    d["ceterms:description"] = d["ceterms:name"]
    component = d["ceterms:PathwayComponent"]["properties"]
    component["ceterms:hasCondition"] = component.pop("ceasn:hasCondition")
    component["ceterms:isDestinationComponentOf"] = component.pop("ceasn:isDestinationComponentOf")
    pathway = d["ceterms:Pathway"]["properties"]
    pathway["ceterms:hasDestinationComponent"] = pathway.pop("ceasn:hasDestinationComponent")
    parents, _ = vocabulary()
    subclasses = sorted(
        c for c in parents if "ceterms:PathwayComponent" in ancestors(c) and c != "ceterms:PathwayComponent"
    )
    component["@type"] = {"enum": subclasses}
    d["ceterms:ComponentCondition"]["required"].remove("ceterms:ctid")
    d["ceterms:Pathway"]["required"].remove("ceterms:inLanguage")
    return schema


def test_the_errata_are_still_needed() -> None:
    """Each correction answers a real defect of the vendored file (else drop it from ERRATA)."""
    raw = _load("pathway.json")
    d = raw["definitions"]
    text = json.dumps(raw)
    for name in ("ceasn:hasChild", "ceasn:hasCondition", "ceasn:hasDestinationComponent", "ceterms:description"):
        assert f"#/definitions/{name}" in text and name not in d
    _, domains = vocabulary()
    assert "ceasn:hasCondition" not in domains and "ceterms:hasCondition" in domains
    assert "ceasn:hasDestinationComponent" not in domains and "ceterms:hasDestinationComponent" in domains
    assert "ceasn:isDestinationComponentOf" in d["ceterms:PathwayComponent"]["properties"]
    assert "ceasn:isDestinationComponentOf" not in domains and "ceterms:isDestinationComponentOf" in domains
    assert d["ceterms:PathwayComponent"]["properties"]["@type"] == {"enum": ["ceterms:PathwayComponent"]}
    assert not domains["ceterms:name"] & {"ceterms:PathwayComponent"}, "the abstract class has no properties"
    assert "ceterms:ctid" in d["ceterms:ComponentCondition"]["required"]
    assert "ceterms:ComponentCondition" not in domains["ceterms:ctid"]
    assert "ceterms:inLanguage" in d["ceterms:Pathway"]["required"]
    assert "ceterms:Pathway" not in domains["ceterms:inLanguage"]
    assert len(ERRATA) == 10


def registry_errors(document: dict[str, Any]) -> list[str]:
    """Errors of `document` against the Registry schema for its class.

    Organisations may lack the properties `ctdl.UNRECORDED` names (the catalogue does not record
    them); every other requirement of the schema stands.
    """
    kind = document["@type"]
    if kind == "ceterms:Pathway":
        schema = pathway_schema()
    elif kind == "ceterms:CredentialOrganization":
        schema = copy.deepcopy(_load("agentSchema.json"))
        required = schema["definitions"][kind]["required"]
        for name in ctdl.UNRECORDED[kind]:
            if name not in document:
                required.remove(name)
    else:
        schema = _load("credentialSchema.json")
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(schema, kind).iter_errors(document)
    ]


def documents() -> dict[str, Any]:
    return ctdl.ctdl_files(catalogue(), SITE)


def test_every_document_validates_against_the_registry_schema() -> None:
    found = documents()
    assert len(found) == len(catalogue().credentials) + len(catalogue().providers) + len(catalogue().pathways) + 2
    for path, document in found.items():
        if path != "data/ctdl.json":
            assert registry_errors(document) == [], path


def test_every_document_uses_only_ctdl_terms_that_apply_to_their_class() -> None:
    for path, document in documents().items():
        if path != "data/ctdl.json":  # the graph's nodes are checked below
            check_terms(document, path)


def test_checks_can_fail() -> None:
    document = documents()["data/ctdl/credentials/python-institute-pcap.json"]
    wrong = {**document, "ceterms:price": 3}
    with pytest.raises(AssertionError):
        check_terms(wrong, "x")
    with pytest.raises(AssertionError):
        check_terms({**document, "@type": "ceterms:Nanodegree"}, "x")
    with pytest.raises(AssertionError):
        check_terms({**document, "ceterms:estimatedCost": [{"ceterms:price": 3}]}, "x")
    assert registry_errors({**document, "ceterms:ctid": 3})
    pathway = documents()["data/ctdl/pathways/python-developer.json"]
    assert registry_errors({k: v for k, v in pathway.items() if k != "ceterms:ownedBy"})
    organisation = documents()["data/ctdl/providers/python-institute.json"]
    assert registry_errors({k: v for k, v in organisation.items() if k != "ceterms:subjectWebpage"})


def test_credential_mapping() -> None:
    found = documents()
    pcap = found["data/ctdl/credentials/python-institute-pcap.json"]
    assert pcap["@type"] == "ceterms:Certification"
    institute = found["data/ctdl/providers/python-institute.json"]
    assert pcap["ceterms:ownedBy"] == [institute["@id"]] and pcap["@id"] in institute["ceterms:owns"]
    competencies = pcap["ceterms:requires"][0]["ceterms:targetCompetency"]
    esco = [c for c in competencies if c["ceterms:frameworkName"] == "ESCO"]
    assert esco and all(c["ceterms:targetNode"].startswith("http://data.europa.eu/esco/skill/") for c in esco)
    types = {d["@type"] for p, d in found.items() if p.startswith("data/ctdl/credentials/")}
    assert {"ceterms:MicroCredential", "ceterms:DigitalBadge", "ceterms:Certificate", "ceterms:Certification"} <= types
    priced = [d for p, d in found.items() if "ceterms:estimatedCost" in d]
    assert priced and all(c["ceterms:price"] >= 0 for d in priced for c in d["ceterms:estimatedCost"])
    assert any("ceterms:isPartOf" in d for d in found.values())
    assert any("ceterms:estimatedDuration" in d for d in found.values())


def test_pathway_has_components_and_conditions() -> None:
    pathway = catalogue().pathways["python-developer"]
    document = documents()["data/ctdl/pathways/python-developer.json"]
    destination = document["ceterms:hasDestinationComponent"]
    assert document["ceasn:hasChild"] == [destination]
    conditions = destination["ceterms:hasCondition"]
    assert len(conditions) == len(pathway.stages)
    for stage, condition in zip(pathway.stages, conditions, strict=True):
        targets = {c["@id"].rsplit("#", 1)[1] for c in condition["ceterms:targetComponent"]}
        assert targets == {f"{i.kind}-{i.id}" for i in stage.items}
        assert condition["ceterms:requiredNumber"] == (0 if stage.optional else stage.required_count)


def test_the_graph_holds_every_document_once() -> None:
    found = documents()
    graph = found["data/ctdl.json"]
    assert graph["@context"] == ctdl.CONTEXT
    ids = [node["@id"] for node in graph["@graph"]]
    assert len(ids) == len(set(ids)) == len(found) - 1
    for node in graph["@graph"]:
        check_terms(node, node["@id"])
