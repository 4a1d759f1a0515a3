"""CTDL (Credential Transparency Description Language) JSON-LD: the data model of the credential
registries that employers and states use.

One document per credential (its CTDL credential class), per provider (`CredentialOrganization`)
and per pathway (`Pathway` with components and conditions), and one `@graph` of them all. The
tests check every document against the Credential Registry's JSON validation schemas and every
class and property against the CTDL vocabulary (`schema:domainIncludes`), both vendored in
tests/standards/ctdl/. docs/standards.md lists what is mapped and what is not representable yet.

The registry schemas (2019) and the vocabulary (2022) disagree in a few places; where they do,
the vocabulary wins, because it is what consumers read (see `tests/test_ctdl.py:ERRATA`).
"""

from __future__ import annotations

import uuid
from typing import Any

import pycountry

from microskills.exports.common import absolute
from microskills.model import Catalogue, Credential, Pathway, Provider, Skill

CONTEXT = "http://credreg.net/ctdl/schema/context/json"
ESCO_SKILLS = "http://data.europa.eu/esco/concept-scheme/skills"
#: Language of the catalogue's own text (names, descriptions, statements).
LANGUAGE = "en"

CREDENTIAL_CLASS = {
    "micro-credential": "ceterms:MicroCredential",
    "digital-badge": "ceterms:DigitalBadge",
    "nanodegree": "ceterms:Certificate",
    "short-course-certificate": "ceterms:Certificate",
    "professional-certificate": "ceterms:Certificate",
    "specialisation": "ceterms:Certificate",
    "program-certificate": "ceterms:Certificate",
    "certification": "ceterms:Certification",
    "degree": "ceterms:Degree",
}
#: provider type -> CTDL organisation type (concept scheme https://credreg.net/ctdl/terms/OrganizationType)
ORGANIZATION_TYPE = {
    "university": ("orgType:Postsecondary", "Postsecondary Educational Institution"),
    "vendor": ("orgType:Vendor", "Vendor"),
    "mooc-platform": ("orgType:PrimarilyOnline", "Primarily Online"),
    "professional-body": ("orgType:ProfessionalAssociation", "Professional Association"),
    "training-provider": ("orgType:TrainingProvider", "Education and Training Provider"),
    "government": ("orgType:Government", "Government Agency"),
}
#: provider type -> sector, only where the type decides it (a university may be public or private)
AGENT_SECTOR = {
    "vendor": ("agentSector:PrivateForProfit", "Private For-Profit"),
    "government": ("agentSector:Public", "Public"),
    "nonprofit": ("agentSector:PrivateNonProfit", "Private Not-For-Profit"),
}
AUDIENCE_LEVEL = {
    "beginner": ("audLevel:BeginnerLevel", "Beginner Level"),
    "intermediate": ("audLevel:IntermediateLevel", "Intermediate Level"),
    "advanced": ("audLevel:AdvancedLevel", "Advanced Level"),
}
#: SKOS mapping relation of a catalogue skill to its ESCO concept, as the alignment's type.
ESCO_ALIGNMENT = {"exact": "exactMatch", "close": "closeMatch", "broader": "broadMatch"}
#: Properties the Registry's schemas require that the catalogue does not record (no contact
#: e-mail; address, sector and type only when known). Documents then lack them: they are
#: complete as descriptions, and need these added before being published to the Registry.
UNRECORDED = {
    "ceterms:CredentialOrganization": (
        "ceterms:email",
        "ceterms:address",
        "ceterms:agentSectorType",
        "ceterms:agentType",
    ),
}


def node_id(site_url: str, entry: Any) -> str:
    """The same identifier the schema.org JSON-LD gives the entry: one thing, two vocabularies."""
    return absolute(site_url, entry.url) + "#entity"


def ctid(identifier: str) -> str:
    """A stable CTID (`ce-` + UUID) derived from the entity's identifier."""
    return f"ce-{uuid.uuid5(uuid.NAMESPACE_URL, identifier)}"


def publisher_id(site_url: str) -> str:
    return absolute(site_url, "about/") + "#publisher"


def _lang(text: str) -> dict[str, str]:
    return {LANGUAGE: text}


def _concept(framework: str, name: str, node: str, node_name: str, *, lang: bool) -> dict[str, Any]:
    def text(value: str) -> Any:
        return _lang(value) if lang else value

    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:framework": framework,
        "ceterms:frameworkName": text(name),
        "ceterms:targetNode": node,
        "ceterms:targetNodeName": text(node_name),
    }


def _competencies(skill: Skill, site_url: str) -> list[dict[str, Any]]:
    """The catalogue skill as a competency, and its ESCO concept when it has one."""
    found = [
        {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:framework": absolute(site_url, "skills/"),
            "ceterms:frameworkName": "Microskills Catalogue skills",
            "ceterms:targetNode": absolute(site_url, skill.url),
            "ceterms:targetNodeName": skill.name,
            "ceterms:targetNodeDescription": skill.statement,
            "ceterms:codedNotation": skill.id,
        }
    ]
    if skill.esco is not None:
        found.append(
            {
                "@type": "ceterms:CredentialAlignmentObject",
                "ceterms:framework": ESCO_SKILLS,
                "ceterms:frameworkName": "ESCO",
                "ceterms:targetNode": skill.esco.uri,
                "ceterms:targetNodeName": skill.esco.label,
                "ceterms:codedNotation": skill.esco.uri.rsplit("/", 1)[-1],
                "ceterms:alignmentType": ESCO_ALIGNMENT[skill.esco.match],
            }
        )
    return found


def _duration(iso: str, description: str) -> dict[str, Any]:
    return {"@type": "ceterms:DurationProfile", "ceterms:exactDuration": iso, "ceterms:description": description}


def credential_document(credential: Credential, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """A credential in CTDL: its class, owner, cost, duration, stacking, requirements, competencies."""
    identifier = node_id(site_url, credential)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": identifier,
        "@type": CREDENTIAL_CLASS.get(credential.type, "ceterms:Certificate"),
        "ceterms:ctid": ctid(identifier),
        "ceterms:name": credential.name,
        "ceterms:description": credential.description,
        "ceterms:subjectWebpage": credential.page_url,
        # The catalogue lists only credentials that are currently offered.
        "ceterms:credentialStatusType": _concept(
            "https://credreg.net/ctdl/terms/CredentialStatus",
            "Credential Status",
            "credentialStat:Active",
            "Active",
            lang=False,
        ),
    }
    provider = catalogue.providers.get(credential.provider)
    if provider is not None:
        # The catalogue records the awarding body, which owns the credential and offers it on
        # the official page; a separate delivery platform is not recorded.
        data["ceterms:ownedBy"] = [node_id(site_url, provider)]
        data["ceterms:offeredBy"] = [node_id(site_url, provider)]
    if credential.languages:
        data["ceterms:inLanguage"] = list(credential.languages)
    if credential.tags:
        data["ceterms:keyword"] = list(credential.tags)
    if credential.difficulty in AUDIENCE_LEVEL:
        node, name = AUDIENCE_LEVEL[credential.difficulty]
        data["ceterms:audienceLevelType"] = [
            _concept("https://credreg.net/ctdl/terms/AudienceLevel", "Audience Level", node, name, lang=False)
        ]
    cost = credential.cost
    if cost is not None and cost.known_amount is not None:
        details = next((s.url for s in credential.fact_sources("cost")), credential.page_url)
        profile: dict[str, Any] = {
            "@type": "ceterms:CostProfile",
            "ceterms:costDetails": details,
            "ceterms:description": "Free" if cost.known_amount == 0 else "Price as published by the provider",
            "ceterms:price": cost.known_amount,
        }
        if cost.currency:
            profile["ceterms:currency"] = cost.currency
        if cost.note:
            profile["ceterms:description"] += f" ({cost.note})"
        data["ceterms:estimatedCost"] = [profile]
    durations = []
    if credential.duration_weeks:
        durations.append(_duration(f"P{credential.duration_weeks:g}W", "Typical elapsed time, as published"))
    if credential.hours:
        durations.append(_duration(f"PT{credential.hours:g}H", "Notional learning hours (workload), as published"))
    if durations:
        data["ceterms:estimatedDuration"] = durations
    if credential.validity_months:
        data["ceterms:renewalFrequency"] = f"P{credential.validity_months}M"
    _stacking(data, credential, catalogue, site_url)
    _requirements(data, credential, catalogue, site_url)
    return data


def _stacking(data: dict[str, Any], credential: Credential, catalogue: Catalogue, site_url: str) -> None:
    part_of: list[str] = []
    standing: list[dict[str, Any]] = []
    preparation: list[dict[str, Any]] = []
    for link in credential.stacks_into:
        target = catalogue.credentials.get(link.credential)
        if target is None:
            continue
        reference = node_id(site_url, target)
        if link.relation == "part-of":
            part_of.append(reference)
            continue
        what = {
            "advanced-standing": "Gives advanced standing toward",
            "credit-toward": "Counts as credit toward",
            "preparation-for": "Prepares for",
        }[link.relation]
        condition = {
            "@type": "ceterms:ConditionProfile",
            "ceterms:description": f"{what} {target.name}" + (f" ({link.note})" if link.note else ""),
            "ceterms:targetCredential": [reference],
        }
        (preparation if link.relation == "preparation-for" else standing).append(condition)
    parts = [
        node_id(site_url, catalogue.credentials[c])
        for c, relation in credential.stacked_from
        if relation == "part-of" and c in catalogue.credentials
    ]
    if part_of:
        data["ceterms:isPartOf"] = part_of
    if parts:
        data["ceterms:hasPart"] = parts
    if standing:
        data["ceterms:isAdvancedStandingFor"] = standing
    if preparation:
        data["ceterms:isPreparationFor"] = preparation


def _requirements(data: dict[str, Any], credential: Credential, catalogue: Catalogue, site_url: str) -> None:
    skills = [catalogue.skills[s] for s in credential.skills if s in catalogue.skills]
    requires: list[dict[str, Any]] = []
    if skills:
        assessed = credential.assessment.get("type") if credential.assessment else None
        requires.append(
            {
                "@type": "ceterms:ConditionProfile",
                "ceterms:name": "Skills taught or assessed",
                "ceterms:description": "The skills this credential teaches or assesses"
                + (f" (assessment: {assessed})" if assessed else "")
                + ".",
                "ceterms:targetCompetency": [c for skill in skills for c in _competencies(skill, site_url)],
            }
        )
    before = [catalogue.credentials[c] for c in credential.prerequisite_credentials if c in catalogue.credentials]
    needed = [catalogue.skills[s] for s in credential.prerequisite_skills if s in catalogue.skills]
    if before or needed or credential.prerequisite_text:
        condition: dict[str, Any] = {
            "@type": "ceterms:ConditionProfile",
            "ceterms:name": "Prerequisites",
            "ceterms:description": credential.prerequisite_text or "Required before starting this credential.",
        }
        if before:
            condition["ceterms:targetCredential"] = [node_id(site_url, c) for c in before]
        if needed:
            condition["ceterms:targetCompetency"] = [c for skill in needed for c in _competencies(skill, site_url)]
        requires.append(condition)
    if requires:
        data["ceterms:requires"] = requires


def provider_document(provider: Provider, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """A provider as a CTDL CredentialOrganization."""
    identifier = node_id(site_url, provider)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": identifier,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid(identifier),
        "ceterms:name": _lang(provider.name),
        "ceterms:description": _lang(provider.description),
        "ceterms:subjectWebpage": provider.page_url,
    }
    if provider.type in ORGANIZATION_TYPE:
        node, name = ORGANIZATION_TYPE[provider.type]
        data["ceterms:agentType"] = [
            _concept("https://credreg.net/ctdl/terms/OrganizationType", "Organization Type", node, name, lang=True)
        ]
    if provider.type in AGENT_SECTOR:
        node, name = AGENT_SECTOR[provider.type]
        data["ceterms:agentSectorType"] = [
            _concept("https://credreg.net/ctdl/terms/AgentSector", "Agent Sector", node, name, lang=True)
        ]
    if provider.country:
        country = pycountry.countries.get(alpha_2=provider.country)
        data["ceterms:address"] = [
            {
                "@type": "ceterms:Place",
                "ceterms:addressCountry": _lang(country.name if country is not None else provider.country),
            }
        ]
    if provider.parent and provider.parent in catalogue.providers:
        data["ceterms:parentOrganization"] = [node_id(site_url, catalogue.providers[provider.parent])]
    owned = [node_id(site_url, catalogue.credentials[c]) for c in provider.credentials if c in catalogue.credentials]
    if owned:
        data["ceterms:owns"] = owned
        data["ceterms:offers"] = owned
    if provider.same_as:
        data["ceterms:sameAs"] = list(provider.same_as)
    if provider.tags:
        data["ceterms:keyword"] = [_lang(tag) for tag in provider.tags]
    return data


def publisher_document(site_url: str) -> dict[str, Any]:
    """The catalogue's curators: the pathways are their description, so they own them."""
    identifier = publisher_id(site_url)
    return {
        "@context": CONTEXT,
        "@id": identifier,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:ctid": ctid(identifier),
        "ceterms:name": _lang("Microskills Catalogue"),
        "ceterms:description": _lang(
            "The curators of the Microskills Catalogue, a community-contributed catalogue of microskills, "
            "micro-credentials, their providers and the pathways by which they stack toward a role."
        ),
        "ceterms:subjectWebpage": absolute(site_url, "about/"),
    }


def pathway_document(pathway: Pathway, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """A pathway as a CTDL Pathway: its goal is the destination component, each stage a condition
    on it (how many of its items are needed), each item a credential or competency component."""
    identifier = node_id(site_url, pathway)
    page = absolute(site_url, pathway.url)
    destination_id = page + "#destination"
    components: dict[str, dict[str, Any]] = {}

    def component(kind: str, item_id: str) -> dict[str, Any] | None:
        key = f"{kind}-{item_id}"
        if key in components:
            return components[key]
        entry: Skill | Credential | None
        if kind == "credential":
            entry = catalogue.credentials.get(item_id)
            text = entry.description if entry else ""
        else:
            entry = catalogue.skills.get(item_id)
            text = entry.statement if entry else ""
        if entry is None:
            return None
        component_id = f"{page}#{key}"
        components[key] = {
            "@type": "ceterms:CredentialComponent" if kind == "credential" else "ceterms:CompetencyComponent",
            "@id": component_id,
            "ceterms:ctid": ctid(component_id),
            "ceterms:name": _lang(entry.name),
            "ceterms:description": _lang(text),
            "ceterms:subjectWebpage": absolute(site_url, entry.url),
            "ceterms:sourceData": node_id(site_url, entry),
            "ceasn:isChildOf": [destination_id],
        }
        return components[key]

    conditions = []
    for number, stage in enumerate(pathway.stages, start=1):
        targets = [c for item in stage.items if (c := component(item.kind, item.id)) is not None]
        rule = {"all": "Complete all of these", "any": "Complete any one of these"}.get(
            stage.rule, f"Complete at least {stage.count} of these"
        )
        description = f"{rule}{' (optional stage)' if stage.optional else ''}."
        if stage.description:
            description += " " + stage.description
        conditions.append(
            {
                "@type": "ceterms:ComponentCondition",
                "ceterms:name": _lang(f"Stage {number}: {stage.name}"),
                "ceterms:description": _lang(description),
                "ceterms:requiredNumber": 0 if stage.optional else stage.required_count,
                "ceterms:targetComponent": targets,
            }
        )
    goal = f"The goal of this pathway: {pathway.goal}."
    if pathway.destination and pathway.destination in catalogue.credentials:
        goal += f" It leads to {catalogue.credentials[pathway.destination].name}."
    destination = {
        "@type": "ceterms:BasicComponent",
        "@id": destination_id,
        "ceterms:ctid": ctid(destination_id),
        "ceterms:name": _lang(pathway.goal),
        "ceterms:description": _lang(goal),
        "ceterms:subjectWebpage": page,
        "ceasn:isChildOf": [identifier],
        "ceterms:isDestinationComponentOf": [identifier],
        "ceasn:hasChild": list(components.values()),
        "ceterms:hasCondition": conditions,
    }
    return {
        "@context": CONTEXT,
        "@id": identifier,
        "@type": "ceterms:Pathway",
        "ceterms:ctid": ctid(identifier),
        "ceterms:name": _lang(pathway.name),
        "ceterms:description": _lang(pathway.description),
        "ceterms:subjectWebpage": page,
        "ceterms:ownedBy": [publisher_id(site_url)],
        "ceasn:hasChild": [destination],
        "ceterms:hasDestinationComponent": destination,
    }


def ctdl_files(catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """Every CTDL document keyed by its path under docs/, and `data/ctdl.json`, the whole graph."""
    documents: dict[str, Any] = {"data/ctdl/publisher.json": publisher_document(site_url)}
    for credential in sorted(catalogue.credentials.values(), key=lambda e: e.id):
        documents[f"data/ctdl/credentials/{credential.id}.json"] = credential_document(credential, catalogue, site_url)
    for provider in sorted(catalogue.providers.values(), key=lambda e: e.id):
        documents[f"data/ctdl/providers/{provider.id}.json"] = provider_document(provider, catalogue, site_url)
    for pathway in sorted(catalogue.pathways.values(), key=lambda e: e.id):
        documents[f"data/ctdl/pathways/{pathway.id}.json"] = pathway_document(pathway, catalogue, site_url)
    graph = [{k: v for k, v in document.items() if k != "@context"} for document in documents.values()]
    documents["data/ctdl.json"] = {"@context": CONTEXT, "@graph": graph}
    return documents
