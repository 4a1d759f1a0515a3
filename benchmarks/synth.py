"""Deterministic synthetic catalogues of any size, for benchmarks only.

    python benchmarks/synth.py --entries 10000 --out /tmp/synthetic [--seed 0] [--today 2026-11-21]

The same arguments always give byte-identical files. Every entry is valid against the JSON
Schemas in generator/schemas and the whole catalogue validates with no error and no warning
under `microskills validate --today TODAY`: every skill is taught by a credential, every
provider awards credentials, names and credential URLs are unique, ISO codes are real,
`last_verified` lies within the year before TODAY, and the stacking, prerequisite, broader and
parent graphs are acyclic (links only ever point one way along the entry numbering).

Proportions follow the bundled catalogue, scaled: about 45% skills, 43% credentials, 4%
providers (a few large ones with hundreds of credentials, a long tail of small ones) and 8%
pathways. Names and text are obviously synthetic ("Synthetic skill 00412: ..."): this data
must never be mixed into the real catalogue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CATEGORIES_FILE = REPO / "catalogue" / "categories.yaml"
DEFAULT_TODAY = dt.date(2026, 11, 21)
MARKER = ".synthetic-catalogue"
MIN_ENTRIES = 8
KIND_FOLDERS = ("skills", "credentials", "providers", "pathways")

try:  # libyaml's emitter is several times faster; output is the same text.
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

# A fixed vocabulary gives the search index a realistic spread of terms.
NOUNS = (
    "widget pipelines",
    "ledger reconciliation",
    "packet routing",
    "schema migration",
    "access policies",
    "container images",
    "event streams",
    "query plans",
    "dashboard layouts",
    "load balancers",
    "feature stores",
    "test fixtures",
    "audit trails",
    "cache layers",
    "message queues",
    "service meshes",
    "data contracts",
    "backup rotations",
    "identity federation",
    "release trains",
    "cost allocation",
    "incident timelines",
    "threat models",
    "content calendars",
    "survey samples",
    "budget forecasts",
    "supply schedules",
    "sensor telemetry",
    "model registries",
    "prompt templates",
    "vector indexes",
    "form validation",
    "style tokens",
    "keyboard navigation",
    "firewall rules",
    "certificate chains",
    "shell scripts",
    "cron schedules",
    "log retention",
    "capacity plans",
    "api gateways",
    "webhook handlers",
    "graph traversals",
    "spreadsheet models",
    "pivot summaries",
    "regression estimates",
    "cohort analyses",
    "funnel reports",
    "ad campaigns",
    "keyword clusters",
    "email sequences",
    "onboarding flows",
    "sprint backlogs",
    "risk registers",
    "vendor contracts",
    "procurement requests",
    "quality checklists",
)
VERBS = (
    "Configure",
    "Design",
    "Audit",
    "Troubleshoot",
    "Automate",
    "Document",
    "Estimate",
    "Optimise",
    "Deploy",
    "Monitor",
    "Analyse",
    "Review",
    "Harden",
    "Model",
    "Test",
    "Migrate",
    "Secure",
    "Profile",
)
CONTEXTS = (
    "for small teams",
    "in regulated environments",
    "at scale",
    "under tight deadlines",
    "across regions",
    "for batch workloads",
    "for interactive workloads",
    "with open-source tools",
    "in a hybrid setup",
    "on a shared platform",
    "for public-sector clients",
    "with limited budgets",
)
FILLER = (
    "This entry exists only to exercise the generator at scale and describes no real competency.",
    "It follows the shape of real entries so that pages, links and search look realistic.",
    "Learners practise the technique on worked examples before applying it to their own projects.",
    "The emphasis is on repeatable steps, clear records and checking results against expectations.",
    "Common pitfalls are covered together with the signals that show when something went wrong.",
    "Practitioners combine it with neighbouring skills listed on this page.",
    "Assessment focuses on applying the steps to an unfamiliar but comparable scenario.",
    "Typical evidence includes a short written rationale and a reproducible worked example.",
)
OCCUPATIONS = (
    "Data analyst",
    "Cloud engineer",
    "Security analyst",
    "Web developer",
    "Project manager",
    "Network administrator",
    "Marketing specialist",
    "Machine-learning engineer",
    "UX designer",
    "Database administrator",
    "Support technician",
    "Product manager",
    "Business analyst",
    "DevOps engineer",
)
CREDENTIAL_TYPES = (
    ("certification", 55),
    ("short-course-certificate", 15),
    ("professional-certificate", 10),
    ("micro-credential", 8),
    ("digital-badge", 5),
    ("specialisation", 3),
    ("nanodegree", 2),
    ("program-certificate", 2),
)
PROVIDER_TYPES = (
    ("vendor", 35),
    ("mooc-platform", 15),
    ("university", 20),
    ("professional-body", 12),
    ("training-provider", 10),
    ("nonprofit", 5),
    ("government", 3),
)
COUNTRIES = ("US", "US", "US", "GB", "DE", "FR", "IN", "CA", "AU", "NL", "ES", "IT", "JP", "SG", "IE", "CH", "NO")
CURRENCIES = ("USD", "USD", "USD", "USD", "EUR", "EUR", "GBP", "INR", "JPY", "AUD")
LANGUAGES = ("en", "es", "fr", "de", "pt-BR", "ja", "zh-Hans", "ar", "hi", "ko", "it", "nl", "pl", "tr", "es-MX")
DIFFICULTIES = ("beginner", "intermediate", "advanced", "expert")


def _weighted(rng: random.Random, table: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


class _Synth:
    def __init__(self, n: int, seed: int, today: dt.date, categories: list[str]) -> None:
        if n < MIN_ENTRIES:
            raise ValueError(f"a synthetic catalogue needs at least {MIN_ENTRIES} entries, not {n}")
        self.rng = random.Random(seed)
        self.today = today
        self.categories = categories
        self.n_providers = max(1, round(n * 0.04))
        self.n_pathways = max(1, round(n * 0.08))
        self.n_credentials = max(2, round(n * 0.43))
        self.n_skills = n - self.n_providers - self.n_pathways - self.n_credentials
        self.width = max(5, len(str(n)))
        # Topics fix each entry's name (and id) up front, so references can be written in any order.
        self.skill_topics = [self._topic() for _ in range(self.n_skills)]
        self.skill_category = [self.rng.choice(categories) for _ in range(self.n_skills)]
        self.credential_topics = [self._topic() for _ in range(self.n_credentials)]
        self.provider_topics = [self._topic() for _ in range(self.n_providers)]
        self.pathway_topics = [self._topic() for _ in range(self.n_pathways)]

    # --- ids and text ----------------------------------------------------------------------------

    def _topic(self) -> tuple[str, str]:
        return self.rng.choice(VERBS), self.rng.choice(NOUNS)

    def number(self, index: int) -> str:
        return f"{index:0{self.width}d}"

    def skill_id(self, i: int) -> str:
        return f"skill-{self.number(i)}-{_slug(self.skill_topics[i][1])}"

    def credential_id(self, i: int) -> str:
        return f"credential-{self.number(i)}-{_slug(self.credential_topics[i][1])}"

    def provider_id(self, i: int) -> str:
        return f"provider-{self.number(i)}"

    def pathway_id(self, i: int) -> str:
        return f"pathway-{self.number(i)}-{_slug(self.pathway_topics[i][1])}"

    def provider_host(self, i: int) -> str:
        return f"https://provider-{self.number(i)}.example.org"

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.rng.sample(FILLER, self.rng.randint(low, high)))

    def description(self, what: str) -> str:
        text = f"Synthetic benchmark {what}. " + self.sentences(1, 3)
        roll = self.rng.random()
        if roll < 0.10:
            text += f" It stresses *{self.rng.choice(NOUNS)}* and **{self.rng.choice(NOUNS)}**."
        elif roll < 0.15:
            items = "\n".join(f"- {verb.lower()} {self.rng.choice(NOUNS)}" for verb in self.rng.sample(VERBS, 3))
            text += "\n\nIt covers:\n\n" + items
        elif roll < 0.20:
            text += f" See [the synthetic notes](https://docs.example.org/notes/{self.rng.randrange(10**6)})."
        return text

    def verified(self) -> str:
        return (self.today - dt.timedelta(days=self.rng.randint(0, 330))).isoformat()

    def tags(self, low: int, high: int) -> list[str]:
        words = sorted({_slug(noun).split("-")[-1] for noun in self.rng.sample(NOUNS, self.rng.randint(low, high))})
        return ["synthetic", *words]

    def level(self) -> dict[str, Any]:
        roll = self.rng.random()
        if roll < 0.2:
            return {"eqf": self.rng.randint(3, 7), "difficulty": self.rng.choice(DIFFICULTIES)}
        if roll < 0.3:
            return {"eqf": self.rng.randint(3, 7)}
        return {"difficulty": self.rng.choice(DIFFICULTIES)}

    # --- entries -----------------------------------------------------------------------------------

    def skill(self, i: int) -> dict[str, Any]:
        rng = self.rng
        verb, noun = self.skill_topics[i]
        context = rng.choice(CONTEXTS)
        data: dict[str, Any] = {
            "id": self.skill_id(i),
            "name": f"Synthetic skill {self.number(i)}: {verb.lower()} {noun}",
            "statement": f"{verb} {noun} {context}, checking the result against agreed criteria.",
            "description": self.description(f"skill about {noun}"),
            "category": self.skill_category[i],
            "skill_type": _weighted(rng, (("skill", 70), ("knowledge", 25), ("competence", 5))),
            "reuse_level": _weighted(
                rng, (("transversal", 10), ("cross-sector", 45), ("sector-specific", 35), ("occupation-specific", 10))
            ),
        }
        if _chance(rng, 0.9):
            data["alt_labels"] = [f"Synthetic label {self.number(i)}-{k}: {rng.choice(NOUNS)}" for k in range(1, 4)]
        if i > 0 and _chance(rng, 0.1):
            data["broader"] = self.skill_id(rng.randrange(i))
        if self.n_skills > 1 and _chance(rng, 0.95):
            others = {rng.randrange(self.n_skills) for _ in range(rng.randint(1, 4))} - {i}
            if others:
                data["related"] = [self.skill_id(j) for j in sorted(others)]
        data["occupations"] = sorted(rng.sample(OCCUPATIONS, rng.randint(1, 4)))
        if _chance(rng, 0.3):
            data["demand"] = {
                "trend": rng.choice(("rising", "stable", "declining")),
                "as_of": (self.today - dt.timedelta(days=rng.randint(0, 700))).isoformat(),
                "source": f"https://labour-market.example.org/reports/{rng.randrange(10**6)}",
            }
        data["tags"] = self.tags(1, 3)
        if _chance(rng, 0.2):
            data["same_as"] = [f"https://esco.example.org/skill/{self.number(i)}"]
        data["sources"] = [f"https://skills.example.org/{self.skill_id(i)}"]
        data["last_verified"] = self.verified()
        return data

    def assign_providers(self) -> list[int]:
        """Provider of each credential: every provider gets one, the rest follow a Zipf-like curve."""
        rng = self.rng
        owners = list(range(self.n_providers))
        weights = [1 / (p + 1) ** 0.9 for p in range(self.n_providers)]
        owners += rng.choices(range(self.n_providers), weights=weights, k=self.n_credentials - self.n_providers)
        rng.shuffle(owners)
        return owners

    def assign_skills(self) -> list[list[int]]:
        """2-8 skills per credential (mostly 3-5), clustered by category; every skill taught at least once."""
        rng = self.rng
        order = sorted(range(self.n_skills), key=lambda s: (self.skill_category[s], rng.random()))
        by_category: dict[str, list[int]] = {}
        for s in range(self.n_skills):
            by_category.setdefault(self.skill_category[s], []).append(s)
        cursor = 0
        result: list[list[int]] = []
        for c in range(self.n_credentials):
            k = min(self.n_skills, _weighted_int(rng, ((2, 16), (3, 21), (4, 20), (5, 16), (6, 12), (7, 6), (8, 9))))
            quota = math.ceil((self.n_skills - cursor) / (self.n_credentials - c))
            k = max(k, min(quota, 8, self.n_skills))
            chosen: list[int] = []
            for _ in range(min(quota, k)):
                chosen.append(order[cursor])
                cursor += 1
            home = by_category[self.skill_category[chosen[0]]] if chosen else list(range(self.n_skills))
            attempts = 0
            while len(chosen) < k and attempts < 50:
                attempts += 1
                pool = home if _chance(rng, 0.7) else range(self.n_skills)
                pick = rng.choice(pool)
                if pick not in chosen:
                    chosen.append(pick)
            result.append(chosen)
        assert cursor == self.n_skills
        return result

    def credential(self, i: int, provider: int, skills: list[int]) -> dict[str, Any]:
        rng = self.rng
        verb, noun = self.credential_topics[i]
        kind = _weighted(rng, CREDENTIAL_TYPES)
        data: dict[str, Any] = {
            "id": self.credential_id(i),
            "name": f"Synthetic credential {self.number(i)}: {noun} {kind.replace('-', ' ')}",
        }
        if _chance(rng, 0.35):
            data["code"] = f"SYN-{self.number(i)}"
        data["description"] = self.description(f"{kind.replace('-', ' ')} in {noun}")
        data["type"] = kind
        data["provider"] = self.provider_id(provider)
        data["url"] = f"{self.provider_host(provider)}/credentials/{self.credential_id(i)}"
        data["skills"] = [self.skill_id(s) for s in skills]
        if _chance(rng, 0.2):
            data["learning_outcomes"] = [
                f"{verb} {rng.choice(NOUNS)} {context}." for context in rng.sample(CONTEXTS, rng.randint(3, 6))
            ]
        if _chance(rng, 0.3):
            workload: dict[str, Any] = {"hours": rng.choice((4, 8, 10, 12, 20, 24, 40, 60, 80, 120, 150))}
            if _chance(rng, 0.3):
                workload["ects"] = rng.choice((1, 2, 2.5, 3, 5, 6, 10))
            data["workload"] = workload
        if _chance(rng, 0.25):
            data["duration_weeks"] = rng.choice((1, 2, 4, 6, 8, 10, 12, 16, 24, 26))
        if _chance(rng, 0.8):
            data["level"] = self.level()
        if _chance(rng, 0.8):
            assessment: dict[str, Any] = {
                "type": _weighted(
                    rng,
                    (("exam", 60), ("project", 12), ("quiz", 12), ("performance", 8), ("portfolio", 5), ("none", 3)),
                )
            }
            if assessment["type"] == "exam":
                assessment["proctored"] = _chance(rng, 0.8)
                if _chance(rng, 0.5):
                    assessment["identity_verified"] = True
            if _chance(rng, 0.2):
                assessment["description"] = self.sentences(1, 2)
            data["assessment"] = assessment
        if _chance(rng, 0.5):
            data["participation"] = _weighted(rng, (("online", 80), ("blended", 12), ("onsite", 8)))
        if _chance(rng, 0.45):
            data["pace"] = rng.choice(("self-paced", "scheduled"))
        roll = rng.random()
        if roll < 0.2:
            data["cost"] = {"free": True}
        elif roll < 0.45:
            currency = rng.choice(CURRENCIES)
            amount = rng.choice((49, 99, 150, 165, 199, 249, 300, 350, 395, 499, 749))
            cost: dict[str, Any] = {
                "amount": amount * 100 if currency in ("JPY", "INR") else amount,
                "currency": currency,
                "billing": _weighted(rng, (("per-attempt", 50), ("one-time", 30), ("per-month", 15), ("per-year", 5))),
            }
            if _chance(rng, 0.3):
                cost["note"] = "Synthetic price, regional discounts may apply"
            data["cost"] = cost
        if _chance(rng, 0.4):
            data["languages"] = ["en", *sorted(set(rng.sample(LANGUAGES[1:], rng.randint(0, 4))))]
        if _chance(rng, 0.85):
            qa: dict[str, Any] = {
                "type": _weighted(
                    rng, (("external-accreditation", 30), ("institutional", 20), ("internal", 35), ("none-stated", 15))
                )
            }
            if qa["type"] == "external-accreditation":
                qa["bodies"] = [f"Synthetic Accreditation Board {rng.randint(1, 40)}"]
            data["quality_assurance"] = qa
        if _chance(rng, 0.1):
            data["recognition"] = [
                {
                    "type": rng.choice(("academic-credit", "framework", "employer", "regulator", "industry")),
                    "description": self.sentences(1, 1),
                    "url": f"https://recognition.example.org/{self.credential_id(i)}/{k}",
                }
                for k in range(rng.randint(1, 2))
            ]
        if i > 0 and _chance(rng, 0.15):
            prerequisites: dict[str, Any] = {}
            if _chance(rng, 0.7):
                prerequisites["credentials"] = sorted(
                    {self.credential_id(rng.randrange(max(0, i - 200), i)) for _ in range(rng.randint(1, 2))}
                )
            if _chance(rng, 0.4):
                prerequisites["skills"] = sorted({self.skill_id(rng.randrange(self.n_skills)) for _ in range(2)})
            prerequisites["description"] = "Synthetic prerequisite: earlier credentials in the same series."
            data["prerequisites"] = prerequisites
        if i < self.n_credentials - 1 and _chance(rng, 0.17):
            targets = sorted({rng.randrange(i + 1, min(self.n_credentials, i + 200)) for _ in range(rng.randint(1, 2))})
            data["stacks_into"] = [
                {
                    "credential": self.credential_id(t),
                    "relation": rng.choice(("part-of", "advanced-standing", "preparation-for", "credit-toward")),
                    **({"note": "Synthetic stacking rule."} if _chance(rng, 0.3) else {}),
                }
                for t in targets
            ]
        if _chance(rng, 0.37):
            data["validity_months"] = rng.choice((12, 24, 36, 60))
        data["tags"] = self.tags(1, 4)
        if _chance(rng, 0.1):
            data["same_as"] = [f"https://credentialfinder.example.org/credential/{self.number(i)}"]
        data["sources"] = [data["url"]] + ([f"{self.provider_host(provider)}/exam-guide"] if _chance(rng, 0.3) else [])
        data["last_verified"] = self.verified()
        return data

    def provider(self, i: int) -> dict[str, Any]:
        rng = self.rng
        _, noun = self.provider_topics[i]
        kind = _weighted(rng, PROVIDER_TYPES)
        data: dict[str, Any] = {
            "id": self.provider_id(i),
            "name": f"Synthetic provider {self.number(i)}: {noun} {kind.replace('-', ' ')}",
            "description": self.description(f"{kind.replace('-', ' ')} offering {noun} training"),
            "type": kind,
            "url": f"{self.provider_host(i)}/",
        }
        if _chance(rng, 0.93):
            data["country"] = rng.choice(COUNTRIES)
        if _chance(rng, 0.12):
            data["accreditation"] = [f"Synthetic ISO/IEC 17024 scheme {rng.randint(1, 99)}"]
        if i > 0 and _chance(rng, 0.15):
            data["parent"] = self.provider_id(rng.randrange(i))
        data["tags"] = self.tags(1, 2)
        if _chance(rng, 0.25):
            data["same_as"] = [f"https://www.wikidata.example.org/wiki/Q{900000 + i}"]
        data["sources"] = [f"{self.provider_host(i)}/about"]
        data["last_verified"] = self.verified()
        return data

    def pathway(self, i: int) -> dict[str, Any]:
        rng = self.rng
        _, noun = self.pathway_topics[i]
        occupation = rng.choice(OCCUPATIONS)
        n_stages = _weighted_int(rng, ((2, 10), (3, 15), (4, 30), (5, 30), (6, 15)))
        sizes = [_weighted_int(rng, ((1, 25), (2, 28), (3, 20), (4, 12), (5, 8), (6, 7))) for _ in range(n_stages)]
        kinds = [["credential" if _chance(rng, 0.7) else "skill" for _ in range(size)] for size in sizes]
        wanted = min(sum(k.count("credential") for k in kinds), self.n_credentials)
        # Credentials in later stages have higher numbers; prerequisites point to lower numbers,
        # so no stage ever requires something from a later one.
        start = rng.randrange(max(1, self.n_credentials - 400))
        window = range(start, min(self.n_credentials, start + 400))
        credentials = iter(sorted(rng.sample(window, min(wanted, len(window)))))
        stages: list[dict[str, Any]] = []
        for number, stage_kinds in enumerate(kinds, start=1):
            items: list[dict[str, str]] = []
            seen: set[str] = set()
            for kind in stage_kinds:
                if kind == "credential":
                    c = next(credentials, None)
                    if c is None:
                        continue
                    item = {"credential": self.credential_id(c)}
                else:
                    item = {"skill": self.skill_id(rng.randrange(self.n_skills))}
                key = next(iter(item.values()))
                if key not in seen:
                    seen.add(key)
                    items.append(item)
            if not items:
                items.append({"skill": self.skill_id(rng.randrange(self.n_skills))})
            rule = _weighted(rng, (("all", 45), ("any", 45), ("at-least", 10))) if len(items) > 1 else "all"
            stage: dict[str, Any] = {"name": f"Stage {number}: {rng.choice(NOUNS)}", "rule": rule}
            if rule == "at-least":
                stage["count"] = rng.randint(1, len(items) - 1) if len(items) > 2 else 1
            if number > 1 and _chance(rng, 0.15):
                stage["optional"] = True
            if _chance(rng, 0.3):
                stage["description"] = self.sentences(1, 1)
            stage["items"] = items
            stages.append(stage)
        data: dict[str, Any] = {
            "id": self.pathway_id(i),
            "name": f"Synthetic pathway {self.number(i)}: {occupation.lower()} via {noun}",
            "description": self.description(f"pathway toward {occupation.lower()} roles"),
            "goal": f"{occupation} (synthetic)",
            "level": self.level(),
        }
        if _chance(rng, 0.3):
            data["destination"] = self.credential_id(rng.randrange(self.n_credentials))
        data["stages"] = stages
        data["tags"] = self.tags(1, 3)
        data["sources"] = [f"https://careers.example.org/pathways/{self.pathway_id(i)}"]
        data["last_verified"] = self.verified()
        return data


def _weighted_int(rng: random.Random, table: Sequence[tuple[int, int]]) -> int:
    return rng.choices([value for value, _ in table], weights=[weight for _, weight in table])[0]


_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../generator/microskills/schemas/{kind}.schema.json\n"
_BANNER = "# Synthetic benchmark data from benchmarks/synth.py: not a real entry.\n"


def _dump(kind: str, data: dict[str, Any]) -> bytes:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return (_SCHEMA_COMMENT.format(kind=kind) + _BANNER + body).encode("utf-8")


def _prepare(out: Path) -> None:
    """Create `out`, or empty a previous synthetic catalogue there; never touch anything else."""
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} exists and is not a directory")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise FileExistsError(f"{out} is not empty and holds no synthetic catalogue; refusing to overwrite it")
        for folder in KIND_FOLDERS:
            shutil.rmtree(out / folder, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Generated by benchmarks/synth.py. Safe to delete.\n", encoding="utf-8")


def generate(n: int, out: Path, seed: int = 0, today: dt.date = DEFAULT_TODAY) -> dict[str, int]:
    """Write a synthetic catalogue of `n` entries to `out`; returns the number of entries per kind."""
    categories_text = CATEGORIES_FILE.read_bytes()
    categories = [c["id"] for c in yaml.safe_load(categories_text)["categories"]]
    synth = _Synth(n, seed, today, categories)
    _prepare(out)
    (out / "categories.yaml").write_bytes(categories_text)
    for folder in KIND_FOLDERS:
        (out / folder).mkdir()

    def write(folder: str, kind: str, data: dict[str, Any]) -> None:
        (out / folder / f"{data['id']}.yaml").write_bytes(_dump(kind, data))

    for i in range(synth.n_skills):
        write("skills", "skill", synth.skill(i))
    owners = synth.assign_providers()
    skill_sets = synth.assign_skills()
    for i in range(synth.n_credentials):
        write("credentials", "credential", synth.credential(i, owners[i], skill_sets[i]))
    for i in range(synth.n_providers):
        write("providers", "provider", synth.provider(i))
    for i in range(synth.n_pathways):
        write("pathways", "pathway", synth.pathway(i))
    return {
        "skills": synth.n_skills,
        "credentials": synth.n_credentials,
        "providers": synth.n_providers,
        "pathways": synth.n_pathways,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, required=True, help=f"number of entries (at least {MIN_ENTRIES})")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the catalogue into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY, help="date the entries are fresh as of"
    )
    args = parser.parse_args(argv)
    try:
        counts = generate(args.entries, args.out, seed=args.seed, today=args.today)
    except (ValueError, FileExistsError) as error:
        print(f"synth.py: {error}", file=sys.stderr)
        return 2
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"Wrote {sum(counts.values())} entries to {args.out}: {summary}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
