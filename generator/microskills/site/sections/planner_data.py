"""`data/planner.json`: the compact graph the planner plans on (its format is `planner_data`'s
docstring). At 10,000 entries it must stay small, hence front-coded names and delta-coded
references instead of records (benchmarks/planner.py, rows j and k)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microskills.model import Catalogue, CostStatus, Credential
from microskills.model.entities import PERIODS_PER_YEAR, difficulty_rank
from microskills.registry import fields, kinds

PLANNER_DATA = "data/planner.json"
#: Compare's list of credential names (ids, names, short names and codes), apart from the
#: planner's data so neither page downloads what only the other needs.
CREDENTIAL_NAMES = "data/credential-names.json"
#: Bumped when the planner data changes shape, so an old cached planner.js can refuse it.
PLANNER_FORMAT = 4
#: Every FRONT_BLOCK-th front-coded value is written whole (see `front_code`).
FRONT_BLOCK = 64
#: Steps the planner's exact search may take before it settles for its best plan so far.
PLAN_NODE_LIMIT = 50_000
#: Cost codes in the planner data for the statuses that have no amount.
COST_CODES = {CostStatus.PAID_UNPRICED: "p", CostStatus.UNPUBLISHED: "u", CostStatus.UNRECORDED: "r"}
#: Billing that repeats: a plan counts one payment per month or year of the published duration,
#: or one payment (and says so) when no duration is published.
RECURRING = tuple(PERIODS_PER_YEAR)
# --- planner data ---------------------------------------------------------------------------------


def front_code(values: list[str], block: int = FRONT_BLOCK) -> list[str]:
    """Front coding of a sorted list: each value that shares a prefix with the one before it is
    written `<length of the shared prefix>:<the rest>` (a value without such a number and colon is
    written whole; one that would read as coded gets `0:` in front). Every `block`-th value is
    written whole, so the planner can decode any value from the start of its block, and find an
    id by binary search, without decoding the thousands before it. Sorted ids and names share
    long prefixes, which gzip alone compresses less well."""
    out: list[str] = []
    previous = ""
    for index, value in enumerate(values):
        if index % block == 0:
            previous = ""
        shared = 0
        limit = min(len(previous), len(value))
        while shared < limit and previous[shared] == value[shared]:
            shared += 1
        if shared >= 3:
            # Counted in UTF-16 code units, as JavaScript's String.slice counts.
            units = len(value[:shared].encode("utf-16-le")) // 2
            out.append(f"{units}:{value[shared:]}")
        elif value[:1].isdigit() and ":" in value:
            out.append(f"0:{value}")  # would read as coded: mark it as sharing nothing
        else:
            out.append(value)
        previous = value
    return out


def _stage_code(rule: str, required: int, optional: bool) -> int:
    code = 0 if rule == "all" else (1 if rule == "any" or required <= 1 else required)
    return -code - 1 if optional else code


def _cost(credential: Credential, currencies: dict[str, int], billings: dict[str, int]) -> Any:
    status = credential.cost_status
    if status is CostStatus.FREE:
        return 0
    amount = credential.sort_cost()
    cost = credential.cost
    currency = credential.price_currency
    if currency is not None and amount is not None and cost is not None:
        value: list[Any] = [amount, currencies.setdefault(currency, len(currencies))]
        if cost.billing:
            value.append(billings[cost.billing])
            if credential.billing_periods is not None:
                value.append(credential.billing_periods)  # payments over the published duration
        return value
    return COST_CODES[status]


def level_code(values: list[str | None]) -> str:
    """Difficulties as one digit per entry (`difficulty_rank`: 0 none, k the k-th of the schema's),
    a string, not a list of numbers: at 10,000 entries it gzips to a kilobyte or two."""
    return "".join(str(difficulty_rank(value)) for value in values)


def credential_names(catalogue: Catalogue) -> dict[str, Any]:
    """Compare's list for adding a credential by name (`CREDENTIAL_NAMES`): `id` and `name`
    front-coded in id order, as in the planner's data, and `short_names`, `{index: [short name,
    ..., code]}` for the credentials that have any, so Compare accepts "CEH" or "AZ-900" (issue 23).
    """
    credentials = sorted(catalogue.credentials.values(), key=lambda c: c.id)
    return {
        "format": PLANNER_FORMAT,
        "front_block": FRONT_BLOCK,
        "id": front_code([c.id for c in credentials]),
        "name": front_code([c.name for c in credentials]),
        "short_names": {str(i): names for i, c in enumerate(credentials) if (names := _short_names(c))},
    }


def _short_names(credential: Credential) -> list[str]:
    """A credential's short names and code (what `search.short_names` indexes)."""
    return list(dict.fromkeys(name for name in [*credential.short_names, credential.code or ""] if name))


def planner_data(catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """The planner's graph, as small as it can be while staying plain JSON (the benchmark's
    target is 150 kB gzipped at 10,000 entries).

    - `skills.id`, `skills.name`, `credentials.id`, ...: columns (one list per field; skills and
      credentials sorted by id, which the planner finds by binary search, pathways by name, the
      order it lists them in), ids and names front-coded (`front_code`).
    - `credentials.skills`: every credential's skill indexes in one list, credential after
      credential, `credentials.skill_counts[i]` of them for credential i; each credential's are
      sorted and delta-coded (each number is the difference from the one before it).
    - `credentials.cost[i]`: 0 free; `[amount, currency index, billing index?, payments?]` priced (payments: how many
      months or years a recurring price runs over the published duration); or a code of
      `cost_codes` (paid but no price published, no published price found, not yet recorded).
    - `credentials.hours[i]`, `credentials.weeks[i]`: published figures, 0 when not published (the
      schema requires figures above 0); `credentials.type[i]` indexes `types`.
    - `credentials.level`, `pathways.level`: a string of one digit per entry, 0 no difficulty, k
      the k-th of `levels` (Beginner, ..., Expert); the planner keeps a pathway's plan near its level.
    - `pathways.stages[i]`: `[name, rule code, item, item, ...]` per stage. Rule code 0: all items;
      1: any one; k >= 2: at least k; an optional stage has the code -(code + 1). An item is
      2 * zigzag(d) + 1 for a credential and 2 * zigzag(d) for a skill, where d is the difference
      between its index and that of the pathway's previous item of the same kind, and zigzag(d) is
      2d for d >= 0 and -2d - 1 below (credentials of one pathway tend to sit close together).
    """
    skills = sorted(catalogue.skills.values(), key=lambda s: s.id)
    credentials = sorted(catalogue.credentials.values(), key=lambda c: c.id)
    # Pathways by name, as the planner lists them (it then needs no collation of its own).
    pathways = sorted(catalogue.pathways.values(), key=lambda p: (p.name.casefold(), p.id))
    skill_index = {s.id: i for i, s in enumerate(skills)}
    credential_index = {c.id: i for i, c in enumerate(credentials)}
    type_info = fields.field_info("credential", "type")
    types = {item.value: i for i, item in enumerate(type_info.enum)}
    billing_info = fields.field_info("credential", "cost.billing")
    billings = {item.value: i for i, item in enumerate(billing_info.enum)}
    difficulty = fields.field_info("credential", "level.difficulty")
    currencies: dict[str, int] = {}

    def skill_list(credential: Credential) -> list[int]:
        indexes = sorted({skill_index[s] for s in credential.skills if s in skill_index})
        return [value - (indexes[i - 1] if i else 0) for i, value in enumerate(indexes)]

    def stages(pathway: Any) -> list[list[Any]]:
        previous = {"skill": 0, "credential": 0}
        out = []
        for stage in pathway.stages:
            row: list[Any] = [stage.name, _stage_code(stage.rule, stage.required_count, stage.optional)]
            for item in stage.items:
                ref = (skill_index if item.kind == "skill" else credential_index).get(item.id)
                if ref is None:  # a dangling reference never gets past the link stage; be safe anyway
                    continue
                delta = ref - previous[item.kind]
                previous[item.kind] = ref
                zigzag = 2 * delta if delta >= 0 else -2 * delta - 1
                row.append(2 * zigzag + (item.kind == "credential"))
            out.append(row)
        return out

    lists = [skill_list(c) for c in credentials]

    credential_columns = {
        "id": front_code([c.id for c in credentials]),
        "name": front_code([c.name for c in credentials]),
        "type": [types.get(c.type, -1) for c in credentials],
        "skill_counts": [len(found) for found in lists],
        "skills": [index for found in lists for index in found],
        "cost": [_cost(c, currencies, billings) for c in credentials],
        "hours": [c.hours or 0 for c in credentials],
        "weeks": [c.duration_weeks or 0 for c in credentials],
        "level": level_code([c.difficulty for c in credentials]),
    }
    return {
        "format": PLANNER_FORMAT,
        "generated": today.isoformat(),
        "front_block": FRONT_BLOCK,
        "kinds": {k.name: {"folder": k.folder, "label": k.label} for k in kinds.KINDS},
        "types": [item.label for item in type_info.enum],
        "levels": [item.label for item in difficulty.enum],
        "billing": [item.label for item in billing_info.enum],
        "recurring": [billings[value] for value in RECURRING if value in billings],
        "currencies": list(currencies),
        "cost_codes": {code: status.value for status, code in COST_CODES.items()},
        "skills": {"id": front_code([s.id for s in skills]), "name": front_code([s.name for s in skills])},
        "credentials": credential_columns,
        "pathways": {
            "id": front_code([p.id for p in pathways]),
            "name": front_code([p.name for p in pathways]),
            "stages": [stages(p) for p in pathways],
            "level": level_code([p.difficulty for p in pathways]),
        },
    }
