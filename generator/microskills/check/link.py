"""Link stage: turn schema-valid raw entries into a Catalogue of typed, cross-referenced entities.

Checks that need the whole catalogue live here: file name equals id, every reference resolves
to an entry of the right kind, no entry refers to itself, the graphs the schemas mark acyclic
(stacking, prerequisites, broader skills, parent providers) have no cycles, pathway stages can
be satisfied. It then computes everything that is never typed twice: reverse links and pathway
totals. Which fields are references, to what, and under which name they appear on the target
comes from one table, `microskills.registry.fields.references()`, read from the schemas' `x-ref`
annotations.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from microskills.check.hints import ReferenceHints, cap_reference_problems
from microskills.check.load import ID_RE, LoadResult
from microskills.check.totals import compute_all_totals
from microskills.core.text import did_you_mean, show
from microskills.model import Catalogue, Category, Entry, Kind, SourcePolicy, build_entry, within
from microskills.model.declare import computed_fields
from microskills.model.problems import JsonPath, Problem, Severity
from microskills.registry.fields import Reference, references, values_at
from microskills.registry.kinds import KINDS

#: Reference fields whose reverse link is not added when the target already links back (two
#: skills that name each other as related are related once, not twice).
_MUTUAL = {("skill", ("related",))}


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
        # Sets mirroring the reverse-link lists, so adding a link is O(1) rather than a scan of
        # the list (pathways of 30 stages × 50 items made `in list` quadratic).
        self.members: dict[tuple[str, str, str], set[Any]] = {}
        self.hints = ReferenceHints(self.known)  # bounded did-you-mean, at most 50 per file

    def add_link(self, target: Entry, attribute: str, item: Any) -> None:
        key = (target.kind, target.id, attribute)
        # A reverse link the target's model declares is an attribute; any other (a new kind's
        # `x-reverse` on an existing kind) goes into `reverse_links`, which every page shows.
        links: list[Any] = (
            getattr(target, attribute)
            if attribute in computed_fields(type(target))
            else target.reverse_links.setdefault(attribute, [])
        )
        seen = self.members.get(key)
        if seen is None:
            seen = self.members[key] = set(links)
        if item not in seen:
            seen.add(item)
            links.append(item)

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
        self.load_source_policy()
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
            self.catalogue.of_kind(raw.kind)[raw.id] = build_entry(raw.kind, raw.data, raw.file)
            used += 1
        self.catalogue.complete = (
            self.loaded.complete
            if self.loaded.complete is not None
            else used == len(self.loaded.entries) and not self.loaded.unparsed
        )
        for kind_spec in KINDS:
            for entry in self.catalogue.of_kind(kind_spec.name).values():
                self.link_references(entry)
        for pathway in self.catalogue.pathways.values():
            self.check_pathway(pathway)
        self.add_pathway_skills()
        self.check_cycles()
        self.mark_source_owners()
        compute_all_totals(self.catalogue)
        self.sort_reverse_links()
        return self.catalogue

    def load_source_policy(self) -> None:
        raw = self.loaded.source_policy
        if raw is None or raw.file in self.invalid_files or not isinstance(raw.data, dict):
            return
        self.catalogue.source_policy = SourcePolicy.from_data(raw.data)

    def mark_source_owners(self) -> None:
        """Set `Source.third_party` on credentials' and providers' sources from the provider's
        domains: whose page it is is worked out, never typed."""
        for credential in self.catalogue.credentials.values():
            domains = self.catalogue.owner_domains(credential.provider)
            official = credential.page_url.rstrip("/")
            credential.sources = [
                dataclasses.replace(
                    s, third_party=bool(domains) and s.url.rstrip("/") != official and not within(s.url, domains)
                )
                for s in credential.sources
            ]
        for provider in self.catalogue.providers.values():
            domains = self.catalogue.owner_domains(provider.id)
            provider.sources = [
                dataclasses.replace(s, third_party=bool(domains) and not within(s.url, domains))
                for s in provider.sources
            ]

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
                item["id"],
                item["name"],
                item["description"],
                item.get("esco"),
                item.get("information_technology", True) is not False,
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

    def ref_category(self, entry: Entry, target: Any, path: JsonPath) -> None:
        if target not in self.catalogue.categories and self.categories_usable:
            self.problem(
                entry.file,
                "ref.category",
                f"`{show(target)}` is not a category in categories.yaml",
                path,
                hint=did_you_mean(target, self.catalogue.categories) or "choose an id from catalogue/categories.yaml",
            )

    def link_references(self, entry: Entry) -> None:
        """Check every reference the entry makes and record the reverse links on the targets."""
        for reference in _references_of(entry.kind):
            for path, target in values_at(entry.raw, reference.path):
                if reference.target == "category":
                    self.ref_category(entry, target, path)
                    continue
                if not self.ref(entry, reference.target, target, path):
                    continue
                self.add_reverse(entry, reference, target, path)

    def add_reverse(self, entry: Entry, reference: Reference, target_id: str, path: JsonPath) -> None:
        if reference.reverse is None:
            return
        target = self.catalogue.get(reference.target, target_id)
        if target is None:
            return
        if (reference.kind, reference.path) in _MUTUAL and entry.id in getattr(target, reference.path[-1]):
            return
        item: Any = entry.id
        if reference.reverse_with is not None:
            item = (entry.id, _sibling(entry.raw, path, reference.reverse_with))
        self.add_link(target, reference.reverse, item)

    def check_pathway(self, pathway: Any) -> None:
        for s_index, stage in enumerate(pathway.stages):
            seen: set[tuple[str, str]] = set()
            for i_index, item in enumerate(stage.items):
                if (item.kind, item.id) in seen:
                    self.problem(
                        pathway.file,
                        "pathway.duplicate-item",
                        f"`{item.id}` is listed twice in stage “{show(stage.name)}”",
                        ("stages", s_index, "items", i_index, item.kind),
                    )
                seen.add((item.kind, item.id))
            if stage.rule == "at-least" and stage.count is not None and stage.count > len(stage.items):
                self.problem(
                    pathway.file,
                    "pathway.unsatisfiable",
                    f"stage “{show(stage.name)}” asks for at least {stage.count} items but lists "
                    f"only {len(stage.items)}",
                    ("stages", s_index, "count"),
                    hint="lower `count` or add items",
                )

    def add_pathway_skills(self) -> None:
        """A skill is on a pathway when a credential of the pathway teaches it."""
        for pathway in self.catalogue.pathways.values():
            for credential_id in sorted({i.id for s in pathway.stages for i in s.items if i.kind == "credential"}):
                credential = self.catalogue.credentials.get(credential_id)
                if credential is None:
                    continue
                for skill_id in credential.skills:
                    skill = self.catalogue.skills.get(skill_id)
                    if skill is not None:
                        self.add_link(skill, "pathways", pathway.id)

    def check_cycles(self) -> None:
        for reference in references():
            if not reference.acyclic:
                continue
            table = self.catalogue.of_kind(reference.kind)
            graph = {
                entry.id: [target for _, target in values_at(entry.raw, reference.path) if isinstance(target, str)]
                for entry in table.values()
            }
            for cycle in find_cycles(graph):
                first = table[cycle[0]]
                self.problem(
                    first.file,
                    "graph.cycle",
                    f"{reference.kind}s are linked by `{reference.name}` in a circle: {' → '.join([*cycle, cycle[0]])}",
                    (reference.path[0],),
                    hint="one of these links is the wrong way round",
                )

    def sort_reverse_links(self) -> None:
        for reference in references():
            if reference.reverse is None or reference.target == "category":
                continue
            for entry in self.catalogue.of_kind(reference.target).values():
                getattr(entry, reference.reverse).sort()


def _references_of(kind: str) -> tuple[Reference, ...]:
    return tuple(r for r in references() if r.kind == kind)


def _sibling(data: Any, path: JsonPath, name: str) -> Any:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node.get(name) if isinstance(node, dict) else None


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
