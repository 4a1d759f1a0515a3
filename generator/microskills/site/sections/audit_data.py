"""`data/audit.json`: what the skills audit (docs/assets/audit.js, issue 24) matches a pasted text
against, beyond the skill names the planner's data already carries: each skill's other labels and
ESCO label, its category and its broader skill. Only the audit page fetches it, and only with the
planner's data, whose skill order (by id) it shares; the format is `audit_data`'s docstring and
`docs/assets/types.d.ts` `AuditData`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from microskills.model import Catalogue, Skill
from microskills.site.sections.planner_data import FRONT_BLOCK, front_code

AUDIT_DATA = "data/audit.json"
#: Bumped when the audit data changes shape, so an old cached audit.js can refuse it.
AUDIT_FORMAT = 1
#: ESCO alignments whose label names the skill itself; a `broader` one names a wider concept.
EXACT_ESCO = ("exact", "close")


def tag_terms(skill: Skill) -> list[str]:
    """The names of products, languages and methods a skill's tags give, as its own name and labels
    write them: the tag `power-bi` is "Power BI" in "Build an interactive report in Power BI", `r`
    is "R" in "Program in R for data analysis". Only tags written there with a capital letter
    count (a proper name, not a common word such as `tables`); a text that names one names the
    tool, not this skill of it, so these are inferred matches. Tags of one or two letters (`go`,
    `r`, `c`) are left out: "Go" in a list of languages says nothing of the Neo4j Go driver."""
    texts = [skill.name, *skill.alt_labels, *([skill.esco.label] if skill.esco else [])]
    out: list[str] = []
    for tag in skill.tags:
        words = [re.escape(word) for word in tag.split("-") if word]
        if not words or len("".join(words)) <= 2:
            continue
        pattern = re.compile(r"(?<![\w.+#&-])" + r"[\s-]+".join(words) + r"(?![\w+#&]|-\w|\.\w)", re.IGNORECASE)
        for text in texts:
            found = pattern.search(text)
            if found and any(c.isupper() for c in found.group()) and found.group() not in out:
                out.append(found.group())
                break
    return out


def audit_data(catalogue: Catalogue, today: dt.date) -> dict[str, Any]:
    """The audit's terms and the skills' categories and hierarchy, skills indexed as in the
    planner's data (sorted by id).

    - `terms`: every label a skill answers to other than its name (which the planner's data holds):
      its `alt_labels`, and its ESCO label; sorted, front-coded (`front_code`), each once.
      And the tools its tags name (`tag_terms`).
    - `term_skills[i]`: the skills term i names: a skill index s where the term is the skill's own
      label (an exact match), -s - 1 where it is the label of a wider ESCO concept the skill is
      aligned to (`match: broader`) or a tool its tags name (inferred matches); a list when it
      names several.
    - `categories`: category names; `category[s]` indexes it (-1: not in categories.yaml).
    - `broader[s]`: the index of skill s's broader skill, -1 for none.
    """
    skills = sorted(catalogue.skills.values(), key=lambda s: s.id)
    index = {s.id: i for i, s in enumerate(skills)}
    category_ids = sorted(catalogue.categories)
    category_index = {c: i for i, c in enumerate(category_ids)}
    named: dict[str, list[int]] = {}
    for i, skill in enumerate(skills):
        own = {skill.name.casefold()}
        labels = [(label, True) for label in skill.alt_labels]
        if skill.esco is not None:
            labels.append((skill.esco.label, skill.esco.match in EXACT_ESCO))
        labels += [(term, False) for term in tag_terms(skill)]
        for label, exact in labels:
            text = label.strip()
            if not text or text.casefold() in own:
                continue
            own.add(text.casefold())
            code = i if exact else -i - 1
            found = named.setdefault(text, [])
            if code not in found:
                found.append(code)
    terms = sorted(named)
    return {
        "format": AUDIT_FORMAT,
        "generated": today.isoformat(),
        "front_block": FRONT_BLOCK,
        "terms": front_code(terms),
        "term_skills": [named[t][0] if len(named[t]) == 1 else named[t] for t in terms],
        "categories": [catalogue.categories[c].name for c in category_ids],
        "category": [category_index.get(s.category, -1) for s in skills],
        "broader": [index.get(s.broader, -1) if s.broader else -1 for s in skills],
    }
