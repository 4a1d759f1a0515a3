"""Bounded did-you-mean hints for references.

A reference that resolves to nothing gets "did you mean `x`?", the closest id of the kind. That
comparison is the one piece of work whose cost grows with the size of the catalogue for every
bad reference, so it is bounded three ways:

- the ids of a kind are indexed once (`text.HintIndex`: sorted, case-folded) and compared in C
  by rapidfuzz with a score cutoff, instead of difflib in Python for every reference;
- a file reports at most `MAX_REFERENCE_PROBLEMS_PER_FILE` reference problems (the rest are
  counted in one `ref.too-many-problems`), and hints are computed only for those shown;
- a whole check spends at most `text.HINT_COMPARISONS` comparisons (`text.hint_budget`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from microskills.core.text import HintIndex, did_you_mean
from microskills.model import Kind
from microskills.model.problems import Problem

#: Like the schema's 50 problems per file: enough to fix, not one per item of a hostile list.
MAX_REFERENCE_PROBLEMS_PER_FILE = 50


class ReferenceHints:
    """Hints for the reference problems of one link stage, within the per-file cap."""

    def __init__(self, known: Mapping[Kind, set[str]]) -> None:
        self.known = known
        self.indexes: dict[Kind, HintIndex] = {}
        self.asked: Counter[str] = Counter()

    def __call__(self, file: str, kind: Kind, target: str) -> str | None:
        """The hint for a reference problem about to be reported in `file` (None past the cap)."""
        self.asked[file] += 1
        if self.asked[file] > MAX_REFERENCE_PROBLEMS_PER_FILE:
            return None  # the problem will not be shown: see cap_reference_problems
        index = self.indexes.get(kind)
        if index is None:
            index = self.indexes[kind] = HintIndex(self.known.get(kind, ()))
        return did_you_mean(target, index)


def cap_reference_problems(problems: Iterable[Problem]) -> list[Problem]:
    """At most MAX_REFERENCE_PROBLEMS_PER_FILE `ref.*` problems per file, then one that counts the rest."""
    shown: Counter[str] = Counter()
    hidden: Counter[str] = Counter()
    kept: list[Problem] = []
    for problem in problems:
        if problem.rule.startswith("ref."):
            shown[problem.file] += 1
            if shown[problem.file] > MAX_REFERENCE_PROBLEMS_PER_FILE:
                hidden[problem.file] += 1
                continue
        kept.append(problem)
    for file, count in sorted(hidden.items()):
        kept.append(
            Problem(
                file,
                "ref.too-many-problems",
                f"{count} more reference problem{'s' if count != 1 else ''} in this file are not shown",
                hint="fix the references above and validate again",
            )
        )
    return kept
