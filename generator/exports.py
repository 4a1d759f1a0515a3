"""Open-standard representations of catalogue entries, used by render for pages and downloads.

- schema.org JSON-LD (embedded in every entry page): DefinedTerm, EducationalOccupationalCredential,
  Organization / EducationalOrganization / CollegeOrUniversity, EducationalOccupationalProgram.
- Open Badges 3.0 `Achievement` per credential (validated in tests against the official schema).
- JSON and CSV of every kind, the whole catalogue as one JSON file, the JSON Schemas, an Atom feed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from generator.link import Catalogue
from generator.model import Credential, Entry, Pathway, Provider, Skill

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]

OB3_ACHIEVEMENT_TYPE = {
    "micro-credential": "MicroCredential",
    "digital-badge": "Badge",
    "nanodegree": "LearningProgram",
    "short-course-certificate": "CertificateOfCompletion",
    "professional-certificate": "Certificate",
    "specialisation": "LearningProgram",
    "program-certificate": "Certificate",
    "certification": "Certification",
    "degree": "Degree",
}

ORGANIZATION_TYPE = {
    "university": "CollegeOrUniversity",
    "mooc-platform": "EducationalOrganization",
    "training-provider": "EducationalOrganization",
}


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


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
    elif isinstance(entry, Credential):
        data["@type"] = "EducationalOccupationalCredential"
        data["credentialCategory"] = entry.type
        data["sameAs"] = [entry.page_url, *entry.same_as]
        provider = catalogue.providers.get(entry.provider)
        if provider is not None:
            data["recognizedBy"] = _organization_ref(provider, site_url)
        data["competencyRequired"] = [
            {
                "@type": "DefinedTerm",
                "name": catalogue.skills[s].name,
                "termCode": s,
                "url": absolute(site_url, catalogue.skills[s].url),
            }
            for s in entry.skills
            if s in catalogue.skills
        ]
        if entry.difficulty or entry.eqf:
            data["educationalLevel"] = f"EQF level {entry.eqf}" if entry.eqf else str(entry.difficulty).capitalize()
        if entry.hours:
            data["timeRequired"] = f"PT{entry.hours:g}H"
        if entry.validity_months:
            data["validFor"] = f"P{entry.validity_months}M"
        if entry.languages:
            data["inLanguage"] = list(entry.languages)
        cost = entry.cost
        if cost is not None and (cost.free or cost.amount is not None):
            offer: dict[str, Any] = {
                "@type": "Offer",
                "price": 0 if cost.free and not cost.amount else cost.amount,
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


def _organization_ref(provider: Provider, site_url: str) -> dict[str, Any]:
    return {
        "@type": ORGANIZATION_TYPE.get(provider.type, "Organization"),
        "name": provider.name,
        "url": absolute(site_url, provider.url),
    }


def achievement(credential: Credential, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """Open Badges 3.0 Achievement: what an issuer would put in an OpenBadgeCredential for it."""
    page = absolute(site_url, credential.url)
    narrative_parts = []
    if credential.assessment:
        narrative_parts.append(
            f"Assessment: {credential.assessment.get('type')}"
            + (", proctored" if credential.assessment.get("proctored") else "")
            + "."
        )
    if credential.learning_outcomes:
        narrative_parts.append("Learning outcomes: " + "; ".join(credential.learning_outcomes) + ".")
    narrative_parts.append(f"See the provider's page for the full criteria: {credential.page_url}")
    data: dict[str, Any] = {
        "@context": OB3_CONTEXT,
        "id": page + "#achievement",
        "type": ["Achievement"],
        "achievementType": OB3_ACHIEVEMENT_TYPE.get(credential.type, "Achievement"),
        "name": credential.name,
        "description": credential.description,
        "criteria": {"id": credential.page_url, "narrative": "\n\n".join(narrative_parts)},
    }
    provider = catalogue.providers.get(credential.provider)
    if provider is not None:
        data["creator"] = {
            "id": provider.page_url,
            "type": ["Profile"],
            "name": provider.name,
            "url": provider.page_url,
        }
    if credential.code:
        data["humanCode"] = credential.code
    if credential.ects:
        data["creditsAvailable"] = credential.ects
    if credential.languages:
        data["inLanguage"] = credential.languages[0]
    if credential.tags:
        data["tag"] = list(credential.tags)
    alignments = []
    for skill_id in credential.skills:
        skill = catalogue.skills.get(skill_id)
        if skill is None:
            continue
        alignment: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": skill.name,
            "targetUrl": absolute(site_url, skill.url),
            "targetDescription": skill.statement,
            "targetCode": skill.id,
            "targetFramework": "Microskills Catalogue",
            "targetType": "ceasn:Competency",
        }
        alignments.append(alignment)
        if skill.esco is not None:
            alignments.append(
                {
                    "type": ["Alignment"],
                    "targetName": skill.esco.label,
                    "targetUrl": skill.esco.uri,
                    "targetCode": skill.esco.uri.rsplit("/", 1)[-1],
                    "targetFramework": "ESCO",
                    "targetType": "ceasn:Competency",
                }
            )
    if alignments:
        data["alignment"] = alignments
    return data


def record(entry: Entry, catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """An entry as published in the JSON downloads: contributed fields plus computed links."""
    data = dict(entry.raw)
    data["page"] = absolute(site_url, entry.url)
    if isinstance(entry, Skill):
        data["taught_by"] = list(entry.credentials)
        data["used_in_pathways"] = list(entry.pathways)
        data["narrower"] = list(entry.narrower)
    elif isinstance(entry, Credential):
        data["stacked_from"] = [{"credential": c, "relation": r} for c, r in entry.stacked_from]
        data["used_in_pathways"] = list(entry.pathways)
        data["required_by"] = list(entry.prerequisite_of)
    elif isinstance(entry, Provider):
        data["credentials"] = list(entry.credentials)
        data["children"] = list(entry.children)
    elif isinstance(entry, Pathway) and entry.totals is not None:
        data["computed_totals"] = {
            name: {
                "credentials": route.credentials,
                "hours": route.hours,
                "hours_unknown_items": route.hours_unknown,
                "weeks": route.weeks,
                "weeks_unknown_items": route.weeks_unknown,
                "cost": route.cost,
                "cost_unknown_items": route.cost_unknown,
            }
            for name, route in (("cheapest", entry.totals.cheapest), ("fastest", entry.totals.fastest))
        }
    return data


CSV_COLUMNS: dict[str, list[str]] = {
    "skills": [
        "id",
        "name",
        "category",
        "skill_type",
        "reuse_level",
        "statement",
        "taught_by",
        "last_verified",
        "page",
    ],
    "credentials": [
        "id",
        "name",
        "type",
        "provider",
        "code",
        "url",
        "skills",
        "hours",
        "ects",
        "duration_weeks",
        "difficulty",
        "eqf",
        "assessment",
        "proctored",
        "participation",
        "pace",
        "cost_free",
        "cost_amount",
        "cost_currency",
        "languages",
        "validity_months",
        "last_verified",
        "page",
    ],
    "providers": ["id", "name", "type", "url", "country", "parent", "credentials", "last_verified", "page"],
    "pathways": ["id", "name", "goal", "destination", "stages", "last_verified", "page"],
}


def _csv_row(kind: str, entry: Entry, catalogue: Catalogue, site_url: str) -> list[str]:
    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return ";".join(text(v) for v in value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    row: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "last_verified": entry.last_verified,
        "page": absolute(site_url, entry.url),
    }
    if isinstance(entry, Skill):
        row.update(
            category=entry.category,
            skill_type=entry.skill_type,
            reuse_level=entry.reuse_level,
            statement=entry.statement,
            taught_by=entry.credentials,
        )
    elif isinstance(entry, Credential):
        assessment = entry.assessment or {}
        cost = entry.cost
        row.update(
            type=entry.type,
            provider=entry.provider,
            code=entry.code,
            url=entry.page_url,
            skills=entry.skills,
            hours=entry.hours,
            ects=entry.ects,
            duration_weeks=entry.duration_weeks,
            difficulty=entry.difficulty,
            eqf=entry.eqf,
            assessment=assessment.get("type"),
            proctored=assessment.get("proctored"),
            participation=entry.participation,
            pace=entry.pace,
            cost_free=cost.free if cost else None,
            cost_amount=cost.amount if cost else None,
            cost_currency=cost.currency if cost else None,
            languages=entry.languages,
            validity_months=entry.validity_months,
        )
    elif isinstance(entry, Provider):
        row.update(
            type=entry.type,
            url=entry.page_url,
            country=entry.country,
            parent=entry.parent,
            credentials=entry.credentials,
        )
    elif isinstance(entry, Pathway):
        row.update(
            goal=entry.goal,
            destination=entry.destination,
            stages=[f"{s.name}: {s.rule} " + ",".join(i.id for i in s.items) for s in entry.stages],
        )
    return [text(row.get(column)) for column in CSV_COLUMNS[kind]]


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """CSV that spreadsheets open safely: a cell that would start a formula gets a leading '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([("'" + cell) if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell for cell in row])
    return buffer.getvalue().encode("utf-8")


def json_bytes(data: Any, *, compact: bool = False) -> bytes:
    """Readable JSON for single documents; compact for the big aggregate downloads (a third smaller)."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def data_files(catalogue: Catalogue, site_url: str, schemas: dict[str, Any], generated: str) -> dict[str, bytes]:
    """Every download, keyed by path under docs/."""
    files: dict[str, bytes] = {}
    tables: dict[str, list[Entry]] = {
        "skills": sorted(catalogue.skills.values(), key=lambda e: e.id),
        "credentials": sorted(catalogue.credentials.values(), key=lambda e: e.id),
        "providers": sorted(catalogue.providers.values(), key=lambda e: e.id),
        "pathways": sorted(catalogue.pathways.values(), key=lambda e: e.id),
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
    for kind, entries in tables.items():
        records = [record(e, catalogue, site_url) for e in entries]
        everything[kind] = records
        files[f"data/{kind}.json"] = json_bytes({"generated": generated, kind: records}, compact=True)
        files[f"data/{kind}.csv"] = csv_bytes(
            CSV_COLUMNS[kind], (_csv_row(kind, e, catalogue, site_url) for e in entries)
        )
    files["data/catalogue.json"] = json_bytes(everything, compact=True)
    for name, schema in schemas.items():
        files[f"schemas/{name}"] = json_bytes(schema)
    achievements = []
    for credential in tables["credentials"]:
        document = achievement(credential, catalogue, site_url)  # type: ignore[arg-type]
        achievements.append(document)
        files[f"data/openbadges/{credential.id}.json"] = json_bytes(document)
    files["data/openbadges.json"] = json_bytes({"generated": generated, "achievements": achievements}, compact=True)
    files["data/feed.xml"] = atom_feed(catalogue, site_url, generated)
    return files


def atom_feed(catalogue: Catalogue, site_url: str, generated: str, limit: int = 50) -> bytes:
    """Recently verified entries, newest first, so followers see what changed."""
    recent = sorted(catalogue.entries(), key=lambda e: (e.last_verified, e.kind, e.id), reverse=True)[:limit]
    updated = recent[0].last_verified if recent else generated
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>Microskills Catalogue: recently verified entries</title>",
        f'<link href="{xml_escape(absolute(site_url, ""))}"/>',
        f'<link rel="self" href="{xml_escape(absolute(site_url, "data/feed.xml"))}"/>',
        f"<id>{xml_escape(absolute(site_url, ''))}</id>",
        f"<updated>{updated}T00:00:00Z</updated>",
    ]
    for entry in recent:
        link = absolute(site_url, entry.url)
        parts += [
            "<entry>",
            f"<title>{xml_escape(entry.name)} ({entry.kind})</title>",
            f'<link href="{xml_escape(link)}"/>',
            f"<id>{xml_escape(link)}</id>",
            f"<updated>{entry.last_verified}T00:00:00Z</updated>",
            f"<summary>{xml_escape(entry.description)}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")
