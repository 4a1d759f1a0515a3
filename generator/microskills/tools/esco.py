"""ESCO import: propose an ESCO concept for each catalogue skill, write the accepted ones, and
create skill entries from chosen concepts.

The ESCO CSV downloads are large (the full skills pillar is about 14,000 rows with long
descriptions), so the file is streamed row by row and never held in memory: every catalogue
skill keeps only its best few candidates, and only the concepts asked for by `--skill ID=URI` or
`--create URI` are remembered whole. Matching goes from cheap and certain to fuzzy:

1. a catalogue name or alternative label equal (after normalising case and punctuation) to a
   concept's preferred or alternative label;
2. otherwise rapidfuzz's token-set ratio between the two, compared only for catalogue labels
   that share a word with the concept's label (an inverted index over the catalogue), so the
   cost grows with the CSV and not with CSV x catalogue.

Tags take part too, at a lower weight: a skill tagged `ansible` and the ESCO concept "Ansible"
is a broader concept that includes the skill. Every proposal carries its score and a suggested
`match` (exact, close or broader); a curator accepts, corrects or rejects it. Nothing is written
unless asked, existing alignments are never replaced unless asked, and writing keeps the file
as written (`microskills.tools.yamledit`), so running the import twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from microskills.check.load import read_entry_file
from microskills.core import safewrite
from microskills.core.text import show, strip_invisible
from microskills.model import Catalogue, EscoAlignment, Skill
from microskills.tools import roundtrip, yamledit
from microskills.tools.esco_match import (
    ATTRIBUTION,
    DEFAULT_CUTOFF,
    SKILL_URI,
    Candidate,
    Concept,
    EscoError,
    Matcher,
    read_concepts,
)

# --- the import run ---------------------------------------------------------------------------------


@dataclass
class Proposal:
    skill: Skill
    candidates: list[Candidate]
    #: the alignment that would be written (None: nothing to write for this skill)
    chosen: EscoAlignment | None = None
    status: str = ""

    def as_json(self) -> dict[str, Any]:
        current = self.skill.esco

        def alignment(value: EscoAlignment | None) -> dict[str, str] | None:
            return None if value is None else {"uri": value.uri, "label": value.label, "match": value.match}

        return {
            "id": self.skill.id,
            "file": self.skill.file,
            "name": self.skill.name,
            "current": alignment(current),
            "status": self.status,
            "write": alignment(self.chosen),
            "candidates": [c.as_json() for c in self.candidates],
        }


@dataclass
class ImportRequest:
    csv_path: Path
    cutoff: float = DEFAULT_CUTOFF
    keep: int = 3
    #: skill id -> chosen concept URI (None: take the best proposal); empty: every skill
    skills: dict[str, str | None] = field(default_factory=dict)
    match: str | None = None
    replace: bool = False
    create: list[str] = field(default_factory=list)
    category: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    esco_version: str = "v1.2.0"
    match_only: bool = False
    #: plan the alignment edits (the CLI's --write); created entries are planned whenever asked
    write: bool = False
    #: how many concepts without any catalogue match to list (a sample for choosing --create)
    sample: int = 20


@dataclass
class ImportResult:
    proposals: list[Proposal]
    concepts: int
    unmatched: int
    unmatched_sample: list[Concept]
    #: path -> new text, for the files `write` changes or creates
    changes: dict[Path, str] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for proposal in self.proposals:
            counts[proposal.status] = counts.get(proposal.status, 0) + 1
        return counts


def _alignment(uri: str, label: str, match: str) -> CommentedMap:
    return CommentedMap([("uri", uri), ("label", label), ("match", match)])


def _skill_order() -> list[str]:
    from microskills.registry.fields import order

    return order("skill")


def run_import(catalogue: Catalogue, root: Path, request: ImportRequest) -> ImportResult:
    """Match every catalogue skill (or the chosen ones) against the CSV; work out what to write."""
    unknown = sorted(set(request.skills) - set(catalogue.skills))
    if unknown:
        raise EscoError(f"{root}: there is no skill with id {', '.join(f'`{u}`' for u in unknown)}")
    if request.create and (request.category is None or request.category not in catalogue.categories):
        choices = ", ".join(sorted(catalogue.categories))
        raise EscoError(f"--create needs --category, one of the ids in {root}/categories.yaml: {choices}")
    skills = sorted(catalogue.skills.values(), key=lambda s: s.id)
    if request.skills:
        skills = [s for s in skills if s.id in request.skills]
    matcher = Matcher(skills, cutoff=request.cutoff, keep=request.keep)
    wanted = {uri for uri in request.skills.values() if uri} | set(request.create)
    remembered: dict[str, Concept] = {}
    sample: list[Concept] = []
    for concept in read_concepts(request.csv_path):
        if concept.uri in wanted:
            remembered[concept.uri] = concept
        matched = matcher.add(concept)
        if not matched and not (request.match_only or request.skills) and len(sample) < request.sample:
            sample.append(concept)
    missing = sorted(wanted - set(remembered))
    if missing:
        raise EscoError(f"{request.csv_path}: no ESCO skill with URI {', '.join(missing)}")
    proposals = [Proposal(skill, matcher.best[index]) for index, skill in enumerate(skills)]
    for proposal in proposals:
        _decide(proposal, request, remembered)
    # Concepts "resembling no skill" only mean something against the whole catalogue.
    unmatched = -1 if request.skills else matcher.unmatched
    result = ImportResult(proposals, matcher.concepts, unmatched, sample)
    if request.write:
        _plan_writes(result, root, request)
    if request.create:
        _plan_creations(result, catalogue, root, request, remembered)
    return result


def _decide(proposal: Proposal, request: ImportRequest, remembered: dict[str, Concept]) -> None:
    """Status of one skill, and the alignment the run would write for it."""
    skill, current = proposal.skill, proposal.skill.esco
    chosen_uri = request.skills.get(skill.id)
    if chosen_uri:
        concept = remembered[chosen_uri]
        match = request.match or next((c.match for c in proposal.candidates if c.uri == chosen_uri), "close")
        chosen: EscoAlignment | None = EscoAlignment(concept.uri, concept.label, match)
    elif proposal.candidates:
        best = proposal.candidates[0]
        chosen = EscoAlignment(best.uri, best.label, request.match or best.match)
    else:
        chosen = None
    if current is None:
        proposal.status = "proposed" if chosen else "no match"
        proposal.chosen = chosen
    elif chosen is None:
        proposal.status = "aligned, no match found"
    elif chosen == current:
        proposal.status = "aligned, unchanged"
    elif chosen.uri == current.uri and not (request.replace and skill.id in request.skills):
        proposal.status = "aligned, same concept"
    elif request.replace and skill.id in request.skills:
        proposal.status = "replaced"
        proposal.chosen = chosen
    else:
        proposal.status = "aligned, differs (kept)"


def _plan_writes(result: ImportResult, root: Path, request: ImportRequest) -> None:
    order = _skill_order()
    for proposal in result.proposals:
        chosen = proposal.chosen
        if chosen is None or proposal.skill.esco == chosen:
            continue
        path = _entry_path(root, proposal.skill)
        safewrite.check_folders(path, root)  # read nothing through a symbolic link either
        text = read_entry_file(path)
        new = yamledit.set_key(text, "esco", _alignment(chosen.uri, chosen.label, chosen.match), order)
        if new != text:
            result.changes[path] = new


def _entry_path(root: Path, skill: Skill) -> Path:
    return root / "skills" / f"{skill.id}.yaml"


def _new_path(root: Path, entry_id: str) -> Path:
    return root / "skills" / f"{entry_id}.yaml"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return re.sub(r"-+", "-", slug)[:64].strip("-") or "esco-skill"


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def new_skill(concept: Concept, category: str, today: dt.date, version: str) -> CommentedMap:
    """A skill entry written from an ESCO concept, with the concept as its source."""
    label = concept.label
    if concept.skill_type == "knowledge":
        statement = f"Apply knowledge of {label} in practice."
    else:
        statement = _sentence(label).rstrip(".") + "."
    if len(statement) < 10:
        statement = f"Apply {label} in practice."
    # ESCO's words are quoted and attributed, never passed off as the catalogue's own. Its text
    # holds the odd zero-width space: the catalogue's text rule rejects those, so they go.
    definition = " ".join(strip_invisible(concept.description).split()) if concept.description else ""
    intro = f"The ESCO concept “{label}”"
    description = (
        f"{intro}. ESCO defines it as: “{definition}” {ATTRIBUTION.format(version=version)}"
        if definition
        else f"{intro}. {ATTRIBUTION.format(version=version)}"
    )
    data = CommentedMap()
    data["id"] = _slug(label)
    data["name"] = _sentence(label)
    data["statement"] = statement
    data["description"] = description
    data["category"] = category
    data["skill_type"] = "knowledge" if concept.skill_type == "knowledge" else "skill"
    if concept.reuse_level in ("transversal", "cross-sector", "sector-specific", "occupation-specific"):
        data["reuse_level"] = concept.reuse_level
    alt = list(dict.fromkeys(a for a in concept.alt_labels if a != label and len(a) <= 200))[:20]
    if alt:
        data["alt_labels"] = CommentedSeq(alt)
    data["esco"] = _alignment(concept.uri, label, "exact")
    data["sources"] = CommentedSeq([concept.uri])
    data["last_verified"] = today.isoformat()
    return data


SCHEMA_COMMENT = "# yaml-language-server: $schema=../../generator/microskills/schemas/skill.schema.json\n"


def _plan_creations(
    result: ImportResult, catalogue: Catalogue, root: Path, request: ImportRequest, remembered: dict[str, Concept]
) -> None:
    from microskills.check.validate import validate_data

    taken = {s.esco.uri: s.id for s in catalogue.skills.values() if s.esco is not None}
    for uri in request.create:
        concept = remembered[uri]
        assert request.category is not None
        data = new_skill(concept, request.category, request.today, request.esco_version)
        path = _new_path(root, str(data["id"]))
        if uri in taken:
            raise EscoError(f"{uri}: skill `{taken[uri]}` is aligned to this concept already")
        if data["id"] in catalogue.skills or os.path.lexists(path):
            raise EscoError(f"{path}: a skill with id `{data['id']}` exists already (ESCO {uri})")
        plain = json.loads(json.dumps(data))
        problems = validate_data("skill", plain, str(path))
        if problems:
            raise EscoError(f"{path}: the entry written from {uri} would not be valid: {problems[0].message}")
        result.changes[path] = SCHEMA_COMMENT + roundtrip.dump(data)
        result.created.append(str(data["id"]))


def write_changes(result: ImportResult, root: Path) -> list[Path]:
    """Write every planned file inside the catalogue `root` (each atomically, never through a
    symbolic link: `safewrite`; a created entry never replaces a file); the files written."""
    created = {_new_path(root, entry_id) for entry_id in result.created}
    written = []
    for path, text in sorted(result.changes.items()):
        safewrite.write_text(path, text, root=root, exclusive=path in created, parents=path in created)
        written.append(path)
    return written


# --- reporting --------------------------------------------------------------------------------------


def format_report(result: ImportResult, *, written: bool, match_only: bool) -> str:
    """One line per skill, then a summary; `written`: the run wrote files."""
    lines = []
    for proposal in result.proposals:
        skill = proposal.skill
        best = proposal.candidates[0] if proposal.candidates else None
        if best is None and skill.esco is None:
            lines.append(f"{skill.id}: no ESCO concept found")
            continue
        parts = [f"{skill.id}: [{proposal.status}]"]
        if skill.esco is not None:
            parts.append(f"current {skill.esco.label!r} ({skill.esco.match})")
        if proposal.chosen is not None and proposal.status in ("proposed", "replaced"):
            parts.append(f"-> {proposal.chosen.label!r} <{proposal.chosen.uri}> match: {proposal.chosen.match}")
        if best is not None:
            parts.append(f"best: {best.label!r}, {best.describe()}")
        lines.append(" ".join(parts))
    counts = result.counts()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    lines.append("")
    lines.append(f"{len(result.proposals)} skills against {result.concepts:,} ESCO concepts: {summary}.")
    if not match_only and result.unmatched >= 0:
        lines.append(f"{result.unmatched:,} ESCO concepts resemble no catalogue skill.")
        if result.unmatched_sample:
            lines.append(
                "Some of them (add one with --create URI --category ID): "
                + "; ".join(f"{c.label} <{c.uri}>" for c in result.unmatched_sample[:10])
            )
    pending = sum(1 for p in result.proposals if p.status in ("proposed", "replaced") and p.chosen)
    if written:
        created = f"; created {', '.join(result.created)}" if result.created else ""
        lines.append(f"Wrote {len(result.changes)} file(s){created}.")
    elif pending and not match_only:
        lines.append(f"Nothing written: add --write to apply the {pending} proposal(s) above.")
    # ESCO labels are someone else's text: every line through `show`, so none carries a control,
    # direction-changing or line-breaking character to the terminal.
    return "\n".join(show(line, None) for line in lines) + "\n"


def _shown(value: Any) -> Any:
    """Every string in `value` through `show` (the JSON report is read in terminals and logs too)."""
    if isinstance(value, str):
        return show(value, None)
    if isinstance(value, dict):
        return {_shown(key): _shown(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def format_json(result: ImportResult, *, written: bool) -> str:
    return (
        json.dumps(
            _shown(
                {
                    "concepts": result.concepts,
                    "unmatched_concepts": result.unmatched,
                    "unmatched_sample": [{"uri": c.uri, "label": c.label} for c in result.unmatched_sample],
                    "counts": result.counts(),
                    "written": sorted(str(p) for p in result.changes) if written else [],
                    "created": result.created,
                    "skills": [p.as_json() for p in result.proposals],
                }
            ),
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def parse_skill_choices(values: Iterable[str]) -> dict[str, str | None]:
    """`--skill ID` or `--skill ID=URI` options as a mapping."""
    chosen: dict[str, str | None] = {}
    for value in values:
        skill_id, _, uri = value.partition("=")
        if uri and not SKILL_URI.match(uri):
            raise EscoError(
                f"--skill {value}: {uri!r} is not an ESCO skill URI (http://data.europa.eu/esco/skill/UUID)"
            )
        chosen[skill_id.strip()] = uri or None
    return chosen
