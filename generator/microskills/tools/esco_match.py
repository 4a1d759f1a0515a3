"""Reading ESCO CSVs as a stream and matching catalogue skills to concepts: equal labels first,
then rapidfuzz scores over labels that share a word (an inverted index), so the cost grows with
the CSV, not CSV x catalogue. `microskills.tools.esco` plans and writes what a curator accepts."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from microskills.core.errors import MicroskillsError
from microskills.model import Skill

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
