"""Consistency across siblings: facts that disagree with how the same provider's other credentials
are recorded. Warnings with hints, never errors: a sibling is evidence to look again, not proof.

- `cost.sibling-priced`: no price found, while a credential of the same provider and type records
  one, and the mark cites no page on the provider's domains nor on the host the sibling's price
  came from (issue 20: AI-900 "unpublished" beside AZ-900 at USD 99).
- `cost.billing-missing`: a price without how it is billed (once, per month, per attempt...).
- `level.expert-title`: level `advanced` on a credential whose name says Expert (the schema has
  `expert`).
"""

from __future__ import annotations

import re
from collections import defaultdict

from microskills.model import Catalogue, CostStatus, Credential, url_host, within
from microskills.model.problems import Problem, Severity

_EXPERT = re.compile(r"\bExpert\b")


def consistency(catalogue: Catalogue) -> list[Problem]:
    """Every sibling-consistency warning of the catalogue, in credential id order."""
    priced: dict[tuple[str, str], list[Credential]] = defaultdict(list)
    for credential in catalogue.credentials.values():
        if credential.cost_status is CostStatus.PRICED:
            priced[(credential.provider, credential.type)].append(credential)
    problems: list[Problem] = []
    for credential in sorted(catalogue.credentials.values(), key=lambda c: c.id):
        problems.extend(_sibling_price(credential, catalogue, priced[(credential.provider, credential.type)]))
        cost = credential.cost
        if cost is not None and credential.cost_status is CostStatus.PRICED and not cost.billing:
            problems.append(
                Problem(
                    credential.file,
                    "cost.billing-missing",
                    "the price does not say how it is billed",
                    ("cost",),
                    Severity.WARNING,
                    "add `billing:` (one-time, per-month, per-year or per-attempt) as the source states it",
                )
            )
        if credential.difficulty == "advanced" and _EXPERT.search(credential.name):
            problems.append(
                Problem(
                    credential.file,
                    "level.expert-title",
                    f"level `advanced`, but the name says Expert ({credential.name})",
                    ("level", "difficulty"),
                    Severity.WARNING,
                    "use `expert` when the provider calls it an expert-level credential",
                )
            )
    return problems


def _sibling_price(credential: Credential, catalogue: Catalogue, siblings: list[Credential]) -> list[Problem]:
    if credential.cost_status is not CostStatus.UNPUBLISHED or "cost" not in credential.unpublished:
        return []
    others = [s for s in siblings if s.id != credential.id]
    if not others:
        return []
    # Where a price would be: the provider's own domains, and the hosts the siblings' prices came
    # from (a member board or an exam provider, for a scheme that publishes no price itself).
    places = [*catalogue.owner_domains(credential.provider)]
    places += [url_host(s.url) for sibling in others for s in sibling.fact_sources("cost")]
    mark = credential.unpublished["cost"]
    if any(within(page, [p for p in places if p]) for page in mark.pages):
        return []  # such a page was read and states no price: the mark stands
    sibling = sorted(others, key=lambda s: s.id)[0]
    return [
        Problem(
            credential.file,
            "cost.sibling-priced",
            f"no price found, but {sibling.name} ({sibling.id}) of the same provider and type records "
            f"{_price(sibling)}, and the mark cites no page of the provider's or of where that price came from",
            ("unpublished", "cost"),
            Severity.WARNING,
            "look for the price where the sibling's came from, or list the provider's page you checked",
        )
    ]


def _price(credential: Credential) -> str:
    cost = credential.cost
    assert cost is not None and cost.amount is not None
    billing = f" {cost.billing.replace('-', ' ')}" if cost.billing else ""
    return f"{cost.currency} {cost.amount:g}{billing}"
