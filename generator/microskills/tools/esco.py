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

import csv
import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from microskills.check.load import read_entry_file
from microskills.core import safewrite
from microskills.core.errors import MicroskillsError
from microskills.core.text import show, strip_invisible
from microskills.model import Catalogue, EscoAlignment, Skill
from microskills.tools import roundtrip, yamledit

#: The pattern the skill schema requires of `esco.uri`.
SKILL_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
REQUIRED_COLUMNS = ("conceptUri", "preferredLabel")
MATCH_KINDS = ("exact", "close", "broader")
DEFAULT_CUTOFF = 90.0
#: A tag is a hint, not a name: its matches rank below those of names and alternative labels.
TAG_WEIGHT = 0.95
#: A word in more catalogue labels than this (or than 1% of them, in a large catalogue) says
#: nothing about which skill is meant ("data", "skill"): it does not select fuzzy candidates, and
#: an ESCO label made only of such words is matched by equality alone.
COMMON_WORD = 200
STOPWORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to"),
        *("use", "using", "with", "your", "its", "their", "via"),
    }
)
ATTRIBUTION = "Based on the ESCO definition (ESCO {version}, © European Union)."
_NON_WORD = re.compile(r"[^\w#+]+")


class EscoError(MicroskillsError):
    """The CSV or a request about it cannot be used; the message names the file."""


@dataclass(frozen=True, slots=True)
class Concept:
    """One row of an ESCO skills CSV."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    skill_type: str = ""
    reuse_level: str = ""
    description: str = ""


def split_labels(value: str) -> list[str]:
    """Alternative labels: newline-separated in the official download, ` | ` in some copies."""
    parts = value.splitlines() if "\n" in value or "\r" in value else value.split(" | ")
    return [part.strip() for part in parts if part.strip()]


def read_concepts(path: Path) -> Iterator[Concept]:
    """Stream the concepts of an ESCO skills CSV (any of the official skills files)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise EscoError(f"{path}: cannot read the ESCO file ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise EscoError(
                    f"{path}:1: not an ESCO skills CSV: no {', '.join(missing)} column "
                    "(expected the official download format: conceptUri, preferredLabel, altLabels, ...)"
                )
            for row in reader:
                uri = (row.get("conceptUri") or "").strip()
                label = (row.get("preferredLabel") or "").strip()
                if not SKILL_URI.match(uri) or not label:
                    continue  # occupations, groups or blank rows: nothing a skill can align to
                yield Concept(
                    uri=uri,
                    label=label,
                    alt_labels=tuple(split_labels(row.get("altLabels") or "")),
                    skill_type=(row.get("skillType") or "").strip(),
                    reuse_level=(row.get("reuseLevel") or "").strip(),
                    description=" ".join((row.get("description") or "").split()),
                )
        except UnicodeDecodeError as error:
            raise EscoError(f"{path}:{reader.line_num}: not UTF-8 text ({error.reason})") from error
        except csv.Error as error:
            raise EscoError(f"{path}:{reader.line_num}: not valid CSV ({error})") from error


def normalise(text: str) -> str:
    """Case and punctuation folded, keeping `#` and `+` so C, C# and C++ stay different."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def words(normalised: str) -> set[str]:
    """The words that can tell labels apart: no stop words, no one- or two-digit numbers."""
    return {w for w in normalised.split() if w not in STOPWORDS and not (w.isdigit() and len(w) < 3)}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An ESCO concept proposed for one skill, with how it was found."""

    uri: str
    label: str
    #: the ESCO label that matched and the catalogue text it matched
    esco_text: str
    skill_text: str
    #: label / alt-label: equal to the preferred / an alternative ESCO label; fuzzy: similar
    method: str
    #: name, alt-label or tag: which catalogue text matched
    via: str
    score: float
    closeness: float = 0.0

    @property
    def match(self) -> str:
        """The `match` a curator most likely means (they confirm or correct it)."""
        if self.via == "tag":
            return "broader"
        return "exact" if self.method != "fuzzy" else "close"

    def rank(self) -> tuple[float, int, int, float]:
        return (
            self.score,
            {"label": 2, "alt-label": 1, "fuzzy": 0}[self.method],
            {"name": 2, "alt-label": 1, "tag": 0}[self.via],
            self.closeness,
        )

    def describe(self) -> str:
        if self.method == "fuzzy":
            how = f"similar ({self.score:.0f})"
        else:
            how = f"equal to the ESCO {'preferred' if self.method == 'label' else 'alternative'} label"
        return f"{self.via} {self.skill_text!r} {how} {self.esco_text!r}"

    def as_json(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "label": self.label,
            "score": round(self.score, 1),
            "method": self.method,
            "via": self.via,
            "skill_text": self.skill_text,
            "esco_text": self.esco_text,
            "suggested_match": self.match,
        }


class Matcher:
    """Best ESCO candidates per catalogue skill, fed one concept at a time."""

    def __init__(self, skills: Sequence[Skill], *, cutoff: float = DEFAULT_CUTOFF, keep: int = 3) -> None:
        self.skills = list(skills)
        self.cutoff = cutoff
        self.keep = keep
        self.texts: list[str] = []  # normalised catalogue labels
        self.originals: list[str] = []
        self.owner: list[int] = []  # index into self.skills
        self.via: list[str] = []
        exact: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for index, skill in enumerate(self.skills):
            labelled = [(skill.name, "name")] + [(a, "alt-label") for a in skill.alt_labels]
            labelled += [(t.replace("-", " "), "tag") for t in skill.tags]
            seen: set[str] = set()
            for text, via in labelled:
                normal = normalise(text)
                if not normal or normal in seen:
                    continue
                seen.add(normal)
                position = len(self.texts)
                self.texts.append(normal)
                self.originals.append(text)
                self.owner.append(index)
                self.via.append(via)
                exact.setdefault(normal, []).append(position)
                for word in words(normal):
                    postings.setdefault(word, []).append(position)
        self.exact = exact
        self.postings = postings
        self.common = max(COMMON_WORD, len(self.texts) // 100)
        self.weights = [TAG_WEIGHT if via == "tag" else 1.0 for via in self.via]
        self.best: list[list[Candidate]] = [[] for _ in self.skills]
        self.concepts = 0
        self.unmatched = 0

    def _offer(self, position: int, candidate: Candidate) -> None:
        kept = self.best[self.owner[position]]
        for index, other in enumerate(kept):
            if other.uri == candidate.uri:
                if candidate.rank() > other.rank():
                    kept[index] = candidate
                    kept.sort(key=Candidate.rank, reverse=True)
                return
        if len(kept) < self.keep or candidate.rank() > kept[-1].rank():
            kept.append(candidate)
            kept.sort(key=Candidate.rank, reverse=True)
            del kept[self.keep :]

    def _candidates(self, normal: str) -> list[int]:
        rare = [p for w in words(normal) if len(p := self.postings.get(w, ())) <= self.common and p]
        if len(rare) <= 1:
            return list(rare[0]) if rare else []
        return sorted({position for posting in rare for position in posting})

    def _could_enter(self, position: int, score: float) -> bool:
        """Cheap test before building a candidate: is `score` good enough for this skill's list?"""
        kept = self.best[self.owner[position]]
        return len(kept) < self.keep or score >= kept[-1].score

    def add(self, concept: Concept) -> bool:
        """Offer one concept to every skill it resembles; False when it resembles none."""
        self.concepts += 1
        matched = False
        for esco_text, method in [(concept.label, "label"), *((a, "alt-label") for a in concept.alt_labels)]:
            normal = normalise(esco_text)
            if not normal:
                continue
            equal = self.exact.get(normal, [])
            for position in equal:
                score = 100.0 * self.weights[position]
                self._offer(position, self._candidate(concept, esco_text, position, method, score, 100.0))
                matched = True
            pool = self._candidates(normal)
            if not pool:
                continue
            hits = process.extract(
                normal,
                [self.texts[p] for p in pool],
                scorer=fuzz.token_set_ratio,
                processor=None,
                score_cutoff=self.cutoff,
                limit=None,
            )
            for _, raw, index in hits:
                position = pool[index]
                score = raw * self.weights[position]
                if score < self.cutoff or self.texts[position] == normal:
                    continue
                matched = True
                if self._could_enter(position, score):
                    closeness = fuzz.ratio(normal, self.texts[position])
                    self._offer(position, self._candidate(concept, esco_text, position, "fuzzy", score, closeness))
        if not matched:
            self.unmatched += 1
        return matched

    def _candidate(
        self, concept: Concept, esco_text: str, position: int, method: str, score: float, closeness: float
    ) -> Candidate:
        return Candidate(
            uri=concept.uri,
            label=concept.label,
            esco_text=esco_text,
            skill_text=self.originals[position],
            method=method,
            via=self.via[position],
            score=score,
            closeness=closeness,
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
