"""How far the catalogue reaches: providers by country, credit-bearing credentials, credential
types and pathways beyond IT. `microskills stats` prints it so the catalogue's growth targets
(issue 21) are figures anyone can re-run, not claims."""

from __future__ import annotations

from collections import Counter
from typing import Any

from microskills.model.entities import Catalogue, Pathway
from microskills.registry import kinds

#: The member states of the European Union (ISO 3166-1 alpha-2), for "ECTS-bearing credentials
#: from N EU countries": ECTS is the EU's credit system, used beyond it too (Norway, the UK).
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
#: The country whose providers the catalogue began with; "outside" counts the rest.
HOME_COUNTRY = "US"
#: The platforms people look for first (issue 21): present with credentials, awarded or hosted.
NAMED_PROVIDERS = ("edx", "futurelearn", "udacity", "ibm-skillsbuild", "coursera")


def pathway_outside_it(catalogue: Catalogue, pathway: Pathway) -> bool:
    """A pathway is beyond IT when most of the skills it builds (its stages' skills and its
    credentials' skills) are in categories marked `information_technology: false`."""
    skills: set[str] = set()
    for stage in pathway.stages:
        for item in stage.items:
            if item.kind == "skill":
                skills.add(item.id)
            elif (credential := catalogue.credentials.get(item.id)) is not None:
                skills.update(credential.skills)
    known = [catalogue.skills[s] for s in skills if s in catalogue.skills]
    beyond = sum(
        1
        for skill in known
        if (category := catalogue.categories.get(skill.category)) is not None and not category.information_technology
    )
    return bool(known) and beyond * 2 > len(known)


def coverage(catalogue: Catalogue) -> dict[str, Any]:
    """The figures; countries are the awarding providers' `country`."""
    providers = catalogue.providers
    countries = Counter(p.country for p in providers.values() if p.country)
    credentials = list(catalogue.credentials.values())
    types = Counter(c.type for c in credentials)

    def country_of(provider_id: str) -> str | None:
        provider = providers.get(provider_id)
        return provider.country if provider is not None else None

    credit = [c for c in credentials if c.ects or c.credits]
    credit_countries = Counter(country for c in credit if (country := country_of(c.provider)))
    ects_countries = Counter(country for c in credentials if c.ects and (country := country_of(c.provider)))
    named: dict[str, int] = {}
    for provider_id in NAMED_PROVIDERS:
        provider = providers.get(provider_id)
        named[provider_id] = len(provider.credentials) + len(provider.platform_credentials) if provider else 0
    beyond_it = sorted(p.id for p in catalogue.pathways.values() if pathway_outside_it(catalogue, p))
    return {
        "entries": sum(len(catalogue.of_kind(kind.name)) for kind in kinds.KINDS),
        "providers": len(providers),
        "providers_outside_home": sum(1 for p in providers.values() if p.country and p.country != HOME_COUNTRY),
        "provider_countries": len(countries),
        "credit_bearing": len(credit),
        "credit_countries": len(credit_countries),
        "ects_bearing": sum(1 for c in credentials if c.ects),
        "ects_eu_countries": sorted(c for c in ects_countries if c in EU_COUNTRIES),
        "types": dict(types.most_common()),
        "certification_share": round(types["certification"] / len(credentials), 3) if credentials else 0.0,
        "pathways": len(catalogue.pathways),
        "pathways_beyond_it": beyond_it,
        "named_providers": named,
    }


def format_coverage(report: dict[str, Any]) -> list[str]:
    types = ", ".join(f"{name} {count}" for name, count in report["types"].items())
    named = ", ".join(f"{name} {count}" for name, count in report["named_providers"].items())
    return [
        "",
        "Reach",
        f"  entries                   {report['entries']:>6,}",
        f"  providers                 {report['providers']:>6,}   outside {HOME_COUNTRY}: "
        f"{report['providers_outside_home']:,}, countries: {report['provider_countries']}",
        f"  credit-bearing            {report['credit_bearing']:>6,}   from {report['credit_countries']} countries "
        "(workload.ects or workload.credits)",
        f"  ECTS-bearing              {report['ects_bearing']:>6,}   from {len(report['ects_eu_countries'])} EU "
        f"countries ({' '.join(report['ects_eu_countries'])})",
        f"  credential types          {types}",
        f"  certifications            {report['certification_share']:>6.0%}   of credentials",
        f"  pathways                  {report['pathways']:>6,}   beyond IT: {len(report['pathways_beyond_it'])} "
        "(most of their skills in categories with information_technology: false)",
        f"  credentials, awarded or hosted: {named}",
    ]
