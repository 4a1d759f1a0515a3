"""Open Badges 3.0 `Achievement` per credential (validated in the tests against the official schema)."""

from __future__ import annotations

from typing import Any

from microskills.exports.common import absolute
from microskills.model import Catalogue, Credential

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
