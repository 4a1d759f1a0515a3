"""schema.org JSON-LD, embedded in every entry page for search engines and other systems.

DefinedTerm for skills, EducationalOccupationalCredential for credentials, Organization /
EducationalOrganization / CollegeOrUniversity for providers, EducationalOccupationalProgram for
pathways; the awarding body is the credential's `provider`, and the ESCO skills a credential
covers are DefinedTerms of the ESCO DefinedTermSet. The tests check every type and property
against the schema.org 30.0 vocabulary.
"""

from __future__ import annotations

from typing import Any

from microskills.exports.common import absolute
from microskills.model import Catalogue, Credential, Entry, EscoAlignment, Pathway, Provider, Skill
from microskills.registry import kinds

ORGANIZATION_TYPE = {
    "university": "CollegeOrUniversity",
    "mooc-platform": "EducationalOrganization",
    "training-provider": "EducationalOrganization",
}


def jsonld(entry: Entry, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """schema.org description of an entry, for search engines and other systems."""
    url = absolute(site_url, entry.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@id": url + "#entity",
        "url": url,
        "name": entry.name,
        "description": entry.description,
    }
    if entry.same_as:
        data["sameAs"] = list(entry.same_as)
    if entry.tags and isinstance(entry, (Credential, Provider)):  # keywords: CreativeWork, Organization
        data["keywords"] = ", ".join(entry.tags)
    data["@type"] = kinds.spec(entry.kind).jsonld_type  # kinds without a mapping below
    if isinstance(entry, Skill):
        data["@type"] = "DefinedTerm"
        data["termCode"] = entry.id
        if entry.alt_labels:
            data["alternateName"] = list(entry.alt_labels)
        data["inDefinedTermSet"] = {
            "@type": "DefinedTermSet",
            "name": "Microskills Catalogue skills",
            "url": absolute(site_url, "skills/"),
        }
        if entry.esco is not None and entry.esco.match == "exact":
            data["sameAs"] = [*data.get("sameAs", []), entry.esco.uri]
    elif isinstance(entry, Credential):
        data["@type"] = "EducationalOccupationalCredential"
        data["credentialCategory"] = entry.type
        data["sameAs"] = [entry.page_url, *entry.same_as]
        provider = catalogue.providers.get(entry.provider)
        if provider is not None:
            # The awarding body: `provider` ("the service provider ... or performer"); in schema.org
            # `recognizedBy` is an organisation that acknowledges a credential someone else awards.
            data["provider"] = _organization_ref(provider, site_url)
        recognised = [
            {"@type": "Organization", "description": r.description}
            for r in entry.recognition
            if r.type != "framework"  # a framework is not an organisation
        ]
        if recognised:
            data["recognizedBy"] = recognised
        skills = [catalogue.skills[s] for s in entry.skills if s in catalogue.skills]
        data["competencyRequired"] = [
            {
                "@type": "DefinedTerm",
                "name": skill.name,
                "termCode": skill.id,
                "url": absolute(site_url, skill.url),
            }
            for skill in skills
        ]
        esco = {skill.esco.uri: skill.esco for skill in skills if skill.esco is not None}
        data["competencyRequired"] += [esco_term(concept) for concept in esco.values()]
        if entry.difficulty or entry.eqf:
            data["educationalLevel"] = f"EQF level {entry.eqf}" if entry.eqf else str(entry.difficulty).capitalize()
        if entry.hours:
            data["timeRequired"] = f"PT{entry.hours:g}H"
        if entry.validity_months:
            data["validFor"] = f"P{entry.validity_months}M"
        if entry.languages:
            data["inLanguage"] = list(entry.languages)
        cost = entry.cost
        price = entry.sort_cost()
        if cost is not None and price is not None:
            offer: dict[str, Any] = {
                "@type": "Offer",
                "price": price if price else 0,
                "url": entry.page_url,
            }
            if cost.currency:
                offer["priceCurrency"] = cost.currency
            data["offers"] = offer
        parents = [
            catalogue.credentials[s.credential]
            for s in entry.stacks_into
            if s.relation == "part-of" and s.credential in catalogue.credentials
        ]
        if parents:
            data["isPartOf"] = [
                {"@type": "EducationalOccupationalCredential", "name": p.name, "url": absolute(site_url, p.url)}
                for p in parents
            ]
    elif isinstance(entry, Provider):
        data["@type"] = ORGANIZATION_TYPE.get(entry.type, "Organization")
        data["sameAs"] = [entry.page_url, *entry.same_as]
        if entry.country:
            data["address"] = {"@type": "PostalAddress", "addressCountry": entry.country}
        if entry.parent and entry.parent in catalogue.providers:
            data["parentOrganization"] = _organization_ref(catalogue.providers[entry.parent], site_url)
        if entry.credentials:
            data["hasCredential"] = [
                {
                    "@type": "EducationalOccupationalCredential",
                    "name": catalogue.credentials[c].name,
                    "url": absolute(site_url, catalogue.credentials[c].url),
                }
                for c in entry.credentials
                if c in catalogue.credentials
            ]
    elif isinstance(entry, Pathway):
        data["@type"] = "EducationalOccupationalProgram"
        data["occupationalCategory"] = entry.goal
        if entry.destination and entry.destination in catalogue.credentials:
            destination = catalogue.credentials[entry.destination]
            data["educationalCredentialAwarded"] = {
                "@type": "EducationalOccupationalCredential",
                "name": destination.name,
                "url": absolute(site_url, destination.url),
            }
    return data


ESCO_SET = {
    "@type": "DefinedTermSet",
    "@id": "http://data.europa.eu/esco/concept-scheme/skills",
    "name": "ESCO skills",
    "url": "https://esco.ec.europa.eu/",
}


def esco_term(concept: EscoAlignment) -> dict[str, Any]:
    """An ESCO skill as a schema.org DefinedTerm in the ESCO skills DefinedTermSet."""
    return {
        "@type": "DefinedTerm",
        "@id": concept.uri,
        "name": concept.label,
        "termCode": concept.uri.rsplit("/", 1)[-1],
        "url": concept.uri,
        "inDefinedTermSet": ESCO_SET,
    }


def _organization_ref(provider: Provider, site_url: str) -> dict[str, Any]:
    return {
        "@type": ORGANIZATION_TYPE.get(provider.type, "Organization"),
        "name": provider.name,
        "url": absolute(site_url, provider.url),
    }
