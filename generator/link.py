"""Link stage: turn schema-valid raw entries into a Catalogue of typed, cross-referenced entities.

Checks that need the whole catalogue live here: file name equals id, every reference resolves
to an entry of the right kind, no entry refers to itself, the stacking / prerequisite / broader /
parent graphs have no cycles, pathway stages can be satisfied. It then computes everything
that is never typed twice: reverse links and pathway totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator.hints import ReferenceHints, cap_reference_problems
from generator.load import ID_RE, LoadResult, RawEntry
from generator.model import (
    Catalogue,
    Category,
    Cost,
    Credential,
    Entry,
    EscoAlignment,
    Kind,
    Pathway,
    Provider,
    Recognition,
    Skill,
    Source,
    StackLink,
    Stage,
    StageItem,
)
from generator.problems import JsonPath, Problem, Severity
from generator.text import did_you_mean, show
from generator.totals import compute_all_totals


def _common(raw: RawEntry) -> dict[str, Any]:
    data = raw.data
    return {
        "id": data["id"],
        "name": data["name"],
        "description": data["description"],
        "sources": [_source(item) for item in data["sources"]],
        "last_verified": data["last_verified"],
        "file": raw.file,
        "tags": list(data.get("tags", [])),
        "same_as": list(data.get("same_as", [])),
        "raw": data,
    }


def _source(item: str | dict[str, Any]) -> Source:
    if isinstance(item, str):
        return Source(item)
    return Source(item["url"], tuple(item.get("supports", ())), item.get("kind", "provider"), item.get("title"))


def _build_skill(raw: RawEntry) -> Skill:
    d = raw.data
    return Skill(
        **_common(raw),
        statement=d["statement"],
        category=d["category"],
        skill_type=d["skill_type"],
        reuse_level=d.get("reuse_level"),
        alt_labels=list(d.get("alt_labels", [])),
        broader=d.get("broader"),
        related=list(d.get("related", [])),
        occupations=list(d.get("occupations", [])),
        demand=d.get("demand"),
        esco=EscoAlignment(**d["esco"]) if "esco" in d else None,
    )


def _build_credential(raw: RawEntry) -> Credential:
    d = raw.data
    cost = d.get("cost")
    prerequisites = d.get("prerequisites", {})
    workload = d.get("workload", {})
    level = d.get("level", {})
    return Credential(
        **_common(raw),
        type=d["type"],
        provider=d["provider"],
        page_url=d["url"],
        skills=list(d["skills"]),
        code=d.get("code"),
        learning_outcomes=list(d.get("learning_outcomes", [])),
        hours=workload.get("hours"),
        ects=workload.get("ects"),
        credits=workload.get("credits"),
        credit_system=workload.get("credit_system"),
        duration_weeks=d.get("duration_weeks"),
        eqf=level.get("eqf"),
        difficulty=level.get("difficulty"),
        assessment=d.get("assessment"),
        participation=d.get("participation"),
        pace=d.get("pace"),
        cost=Cost(**cost) if cost else None,
        languages=list(d.get("languages", [])),
        quality_assurance=d.get("quality_assurance"),
        recognition=[Recognition(**r) for r in d.get("recognition", [])],
        prerequisite_credentials=list(prerequisites.get("credentials", [])),
        prerequisite_skills=list(prerequisites.get("skills", [])),
        prerequisite_text=prerequisites.get("description"),
        stacks_into=[StackLink(**s) for s in d.get("stacks_into", [])],
        validity_months=d.get("validity_months"),
        expires=d.get("expires"),
        unpublished=dict(d.get("unpublished", {})),
    )


def _build_provider(raw: RawEntry) -> Provider:
    d = raw.data
    return Provider(
        **_common(raw),
        type=d["type"],
        page_url=d["url"],
        country=d.get("country"),
        accreditation=list(d.get("accreditation", [])),
        parent=d.get("parent"),
    )


def _build_pathway(raw: RawEntry) -> Pathway:
    d = raw.data
    level = d.get("level", {})
    stages = []
    for s in d["stages"]:
        items = [
            StageItem("credential" if "credential" in i else "skill", i.get("credential") or i["skill"])
            for i in s["items"]
        ]
        stages.append(
            Stage(
                name=s["name"],
                rule=s["rule"],
                items=items,
                count=s.get("count"),
                optional=bool(s.get("optional", False)),
                description=s.get("description"),
            )
        )
    return Pathway(
        **_common(raw),
        goal=d["goal"],
        eqf=level.get("eqf"),
        difficulty=level.get("difficulty"),
        destination=d.get("destination"),
        stages=stages,
    )


_BUILDERS = {
    "skill": _build_skill,
    "credential": _build_credential,
    "provider": _build_provider,
    "pathway": _build_pathway,
}


class _Linker:
    def __init__(self, loaded: LoadResult, invalid_files: set[str]) -> None:
        self.loaded = loaded
        self.invalid_files = invalid_files
        self.problems: list[Problem] = []
        self.catalogue = Catalogue()
        # Every id that has a file counts as existing, even if its file has schema errors:
        # one broken entry should not make every reference to it fail as well.
        self.known: dict[Kind, set[str]] = defaultdict(set)
        for raw in loaded.entries:
            self.known[raw.kind].add(raw.id)
        for kind, entry_id in loaded.unparsed:
            self.known[kind].add(entry_id)
        # Likewise a category list with errors: its own errors say enough.
        self.categories_usable = loaded.categories is not None and loaded.categories.file not in invalid_files
        self.hints = ReferenceHints(self.known)  # bounded did-you-mean, at most 50 per file

    def problem(
        self,
        file: str,
        rule: str,
        message: str,
        path: JsonPath = (),
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(file, rule, message, path, severity, hint))

    def run(self) -> Catalogue:
        self.load_categories()
        used = 0
        for raw in self.loaded.entries:
            if not ID_RE.match(raw.id) or len(raw.id) > 64:
                self.problem(
                    raw.file,
                    "file.name",
                    f"the file name `{show(raw.id)}.yaml` is not a valid id",
                    hint="ids are lower-case letters and digits joined by single hyphens, "
                    "at most 64 characters, e.g. `aws-solutions-architect-associate`",
                )
                continue
            if raw.file in self.invalid_files or not isinstance(raw.data, dict):
                continue
            if raw.data.get("id") != raw.id:
                self.problem(
                    raw.file,
                    "id.mismatch",
                    f"the id `{show(raw.data.get('id'))}` differs from the file name `{raw.id}.yaml`",
                    ("id",),
                    hint=f"change the id to `{raw.id}` or rename the file",
                )
                continue
            entity = _BUILDERS[raw.kind](raw)
            self.catalogue.of_kind(raw.kind)[raw.id] = entity
            used += 1
        self.catalogue.complete = used == len(self.loaded.entries) and not self.loaded.unparsed
        for skill in self.catalogue.skills.values():
            self.link_skill(skill)
        for credential in self.catalogue.credentials.values():
            self.link_credential(credential)
        for provider in self.catalogue.providers.values():
            self.link_provider(provider)
        for pathway in self.catalogue.pathways.values():
            self.link_pathway(pathway)
        self.check_cycles()
        compute_all_totals(self.catalogue)
        self.sort_reverse_links()
        return self.catalogue

    def load_categories(self) -> None:
        raw = self.loaded.categories
        if raw is None or raw.file in self.invalid_files or not isinstance(raw.data, dict):
            return
        self.catalogue.categories_source = raw
        seen: set[str] = set()
        for index, item in enumerate(raw.data.get("categories", [])):
            if item["id"] in seen:
                self.problem(
                    raw.file,
                    "category.duplicate",
                    f"the category `{item['id']}` is listed twice",
                    ("categories", index, "id"),
                )
                continue
            seen.add(item["id"])
            self.catalogue.categories[item["id"]] = Category(
                item["id"], item["name"], item["description"], item.get("esco")
            )

    def ref(self, entry: Entry, kind: Kind, target: str, path: JsonPath, *, allow_self: bool = False) -> bool:
        """Check one reference; True when it resolves to an entry of `kind`."""
        if target in self.known[kind]:
            if not allow_self and kind == entry.kind and target == entry.id:
                self.problem(entry.file, "ref.self", f"`{target}` refers to the entry itself", path)
                return False
            return True
        if target == entry.id and target in self.known[entry.kind]:
            self.problem(
                entry.file,
                "ref.self",
                f"`{show(target)}` is this {entry.kind} itself; a {kind} is expected here",
                path,
                hint=self.hints(entry.file, kind, target),
            )
            return False
        for other, ids in sorted(self.known.items()):
            if target in ids:
                self.problem(
                    entry.file,
                    "ref.wrong-kind",
                    f"`{show(target)}` is a {other}, not a {kind}",
                    path,
                    hint=self.hints(entry.file, kind, target),
                )
                return False
        self.problem(
            entry.file,
            "ref.unknown",
            f"there is no {kind} with id `{show(target)}`",
            path,
            hint=self.hints(entry.file, kind, target) or f"add catalogue/{kind}s/{show(target)}.yaml or fix the id",
        )
        return False

    def link_skill(self, skill: Skill) -> None:
        if skill.category not in self.catalogue.categories and self.categories_usable:
            self.problem(
                skill.file,
                "ref.category",
                f"`{show(skill.category)}` is not a category in categories.yaml",
                ("category",),
                hint=did_you_mean(skill.category, self.catalogue.categories)
                or "choose an id from catalogue/categories.yaml",
            )
        if skill.broader is not None and self.ref(skill, "skill", skill.broader, ("broader",)):
            broader = self.catalogue.skills.get(skill.broader)
            if broader is not None:
                broader.narrower.append(skill.id)
        for index, other in enumerate(skill.related):
            if self.ref(skill, "skill", other, ("related", index)):
                target = self.catalogue.skills.get(other)
                if target is not None and skill.id not in target.related:
                    target.related_from.append(skill.id)

    def link_credential(self, credential: Credential) -> None:
        if self.ref(credential, "provider", credential.provider, ("provider",)):
            provider = self.catalogue.providers.get(credential.provider)
            if provider is not None:
                provider.credentials.append(credential.id)
        for index, skill_id in enumerate(credential.skills):
            if self.ref(credential, "skill", skill_id, ("skills", index)):
                skill = self.catalogue.skills.get(skill_id)
                if skill is not None:
                    skill.credentials.append(credential.id)
        for index, link in enumerate(credential.stacks_into):
            if self.ref(credential, "credential", link.credential, ("stacks_into", index, "credential")):
                target = self.catalogue.credentials.get(link.credential)
                if target is not None:
                    target.stacked_from.append((credential.id, link.relation))
        for index, other in enumerate(credential.prerequisite_credentials):
            if self.ref(credential, "credential", other, ("prerequisites", "credentials", index)):
                target = self.catalogue.credentials.get(other)
                if target is not None:
                    target.prerequisite_of.append(credential.id)
        for index, other in enumerate(credential.prerequisite_skills):
            if self.ref(credential, "skill", other, ("prerequisites", "skills", index)):
                skill = self.catalogue.skills.get(other)
                if skill is not None:
                    skill.prerequisite_of.append(credential.id)

    def link_provider(self, provider: Provider) -> None:
        if provider.parent is not None and self.ref(provider, "provider", provider.parent, ("parent",)):
            parent = self.catalogue.providers.get(provider.parent)
            if parent is not None:
                parent.children.append(provider.id)

    def link_pathway(self, pathway: Pathway) -> None:
        if pathway.destination is not None:
            self.ref(pathway, "credential", pathway.destination, ("destination",))
        # What this pathway has already been added to: a set, not `pathway.id in entity.pathways`,
        # which scanned a list as long as the number of pathways for every item (quadratic).
        linked_credentials: set[str] = set()
        linked_skills: set[str] = set()
        for s_index, stage in enumerate(pathway.stages):
            seen: set[tuple[str, str]] = set()
            for i_index, item in enumerate(stage.items):
                path: JsonPath = ("stages", s_index, "items", i_index, item.kind)
                if (item.kind, item.id) in seen:
                    self.problem(
                        pathway.file,
                        "pathway.duplicate-item",
                        f"`{item.id}` is listed twice in stage “{show(stage.name)}”",
                        path,
                    )
                    continue
                seen.add((item.kind, item.id))
                if not self.ref(pathway, item.kind, item.id, path):
                    continue
                if item.kind == "credential":
                    credential = self.catalogue.credentials.get(item.id)
                    if credential is not None and item.id not in linked_credentials:
                        linked_credentials.add(item.id)
                        credential.pathways.append(pathway.id)
                    skills = credential.skills if credential is not None else []
                else:
                    skills = [item.id]
                for skill_id in skills:
                    skill = self.catalogue.skills.get(skill_id)
                    if skill is not None and skill_id not in linked_skills:
                        linked_skills.add(skill_id)
                        skill.pathways.append(pathway.id)
            if stage.rule == "at-least" and stage.count is not None and stage.count > len(stage.items):
                self.problem(
                    pathway.file,
                    "pathway.unsatisfiable",
                    f"stage “{show(stage.name)}” asks for at least {stage.count} items but lists "
                    f"only {len(stage.items)}",
                    ("stages", s_index, "count"),
                    hint="lower `count` or add items",
                )
        if pathway.destination is not None:
            credential = self.catalogue.credentials.get(pathway.destination)
            if credential is not None and pathway.destination not in linked_credentials:
                credential.pathways.append(pathway.id)

    def check_cycles(self) -> None:
        graphs: list[tuple[str, dict[str, list[str]], dict[str, Any], str]] = [
            (
                "stacks_into",
                {c.id: [s.credential for s in c.stacks_into] for c in self.catalogue.credentials.values()},
                self.catalogue.credentials,
                "credentials stack into each other in a circle",
            ),
            (
                "prerequisites",
                {c.id: list(c.prerequisite_credentials) for c in self.catalogue.credentials.values()},
                self.catalogue.credentials,
                "credentials require each other in a circle",
            ),
            (
                "broader",
                {s.id: [s.broader] if s.broader else [] for s in self.catalogue.skills.values()},
                self.catalogue.skills,
                "skills are broader than each other in a circle",
            ),
            (
                "parent",
                {p.id: [p.parent] if p.parent else [] for p in self.catalogue.providers.values()},
                self.catalogue.providers,
                "providers are each other's parent in a circle",
            ),
        ]
        for field_name, graph, table, message in graphs:
            for cycle in find_cycles(graph):
                first = table[cycle[0]]
                self.problem(
                    first.file,
                    "graph.cycle",
                    f"{message}: {' → '.join([*cycle, cycle[0]])}",
                    (field_name,),
                    hint="one of these links is the wrong way round",
                )

    def sort_reverse_links(self) -> None:
        for skill in self.catalogue.skills.values():
            skill.credentials.sort()
            skill.pathways.sort()
            skill.narrower.sort()
            skill.related_from.sort()
            skill.prerequisite_of.sort()
        for credential in self.catalogue.credentials.values():
            credential.stacked_from.sort()
            credential.pathways.sort()
            credential.prerequisite_of.sort()
        for provider in self.catalogue.providers.values():
            provider.credentials.sort()
            provider.children.sort()


def find_cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once (iterative DFS, so a long chain cannot overflow the stack)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            targets = [t for t in graph.get(node, []) if t in graph]
            if index < len(targets):
                stack.append((node, index + 1))
                target = targets[index]
                if state.get(target) == 1:
                    cycles.append(path[path.index(target) :])
                elif not state.get(target):
                    stack.append((target, 0))
            else:
                state[node] = 2
                path.pop()
    return cycles


def link(loaded: LoadResult, schema_problems: Iterable[Problem]) -> tuple[Catalogue, list[Problem]]:
    """Build the catalogue from entries that passed the schema; return it with link problems."""
    invalid = {p.file for p in schema_problems if p.severity is Severity.ERROR}
    linker = _Linker(loaded, invalid)
    catalogue = linker.run()
    return catalogue, cap_reference_problems(linker.problems)
