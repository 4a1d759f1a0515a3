"""Search index: Pagefind records built straight from the catalogue model.

Why Pagefind: at 10,000 entries mkdocs-material's built-in search ships one ~13 MB index before
the first result; Pagefind splits its index into chunks so a query loads a small part, and it
supports the filters (facets) and sorting the Explore page needs.

Why records rather than crawling the HTML: we already hold every fact as data, so the index gets
clean fields (filters, sort keys, result metadata) without re-parsing 10,000 pages, and it can
be built in the Pagefind process while MkDocs renders the pages in ours.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.link import Catalogue
from generator.model import KIND_FOLDER, Credential, Entry, Pathway, Provider, Skill
from generator.render import format_cost, label

#: Sort keys must exist on every record (Pagefind drops records without the key from sorted
#: results), so an unpublished figure sorts after every published one.
UNKNOWN_NUMBER = "999999"


@dataclass(frozen=True)
class SearchRecord:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def _cost_filter(credential: Credential) -> str:
    cost = credential.cost
    if cost is None or (not cost.free and cost.amount is None):
        return "Not published"
    if cost.free and not cost.amount:
        return "Free"
    return "Paid"


def _number(value: float | None) -> str:
    return UNKNOWN_NUMBER if value is None else f"{value:g}"


def record(entry: Entry, catalogue: Catalogue) -> SearchRecord:
    """What search knows about one entry: text to match, facts to show, facets and sort keys."""
    kind_label = {"skill": "Skill", "credential": "Credential", "provider": "Provider", "pathway": "Pathway"}
    text = [entry.name, entry.description, *entry.tags]
    meta = {"title": entry.name, "kind": kind_label[entry.kind], "verified": entry.last_verified}
    filters: dict[str, list[str]] = {"Kind": [kind_label[entry.kind]]}
    sort = {
        "name": entry.name.casefold(),
        "verified": entry.last_verified,
        "hours": UNKNOWN_NUMBER,
        "cost": UNKNOWN_NUMBER,
    }
    if isinstance(entry, Skill):
        category = catalogue.categories.get(entry.category)
        category_name = category.name if category else entry.category
        text += [entry.statement, *entry.alt_labels, category_name]
        meta["detail"] = f"{category_name} · taught by {len(entry.credentials)} credential(s)"
        meta["summary"] = entry.statement
        filters["Category"] = [category_name]
    elif isinstance(entry, Credential):
        provider = catalogue.providers.get(entry.provider)
        provider_name = provider.name if provider else entry.provider
        skills = [catalogue.skills[s] for s in entry.skills if s in catalogue.skills]
        text += [provider_name, entry.code or "", *(s.name for s in skills), *entry.learning_outcomes]
        facts = [label(entry.type), provider_name]
        if entry.hours:
            facts.append(f"{entry.hours:g} hours")
        cost = format_cost(entry)
        if cost:
            facts.append(cost)
        meta["detail"] = " · ".join(facts)
        meta["summary"] = entry.description
        filters.update(
            {
                "Credential type": [label(entry.type)],
                "Provider": [provider_name],
                "Category": sorted(
                    {catalogue.categories[s.category].name for s in skills if s.category in catalogue.categories}
                ),
                "Cost": [_cost_filter(entry)],
                "Assessment": [label(entry.assessment["type"])] if entry.assessment else ["Not stated"],
                "Participation": [label(entry.participation)] if entry.participation else ["Not stated"],
                "Level": [label(entry.difficulty)] if entry.difficulty else ["Not stated"],
                "Language": sorted(entry.languages) or ["Not stated"],
            }
        )
        sort["hours"] = _number(entry.hours)
        amount = entry.cost.known_amount if entry.cost is not None else None
        sort["cost"] = _number(amount)
    elif isinstance(entry, Provider):
        text += [label(entry.type), entry.country or ""]
        meta["detail"] = f"{label(entry.type)} · {len(entry.credentials)} credential(s)"
        meta["summary"] = entry.description
        filters["Provider type"] = [label(entry.type)]
    elif isinstance(entry, Pathway):
        text += [entry.goal, *(stage.name for stage in entry.stages)]
        meta["detail"] = f"Toward {entry.goal} · {len(entry.stages)} stage(s)"
        meta["summary"] = entry.description
    return SearchRecord(
        url=f"{KIND_FOLDER[entry.kind]}/{entry.id}/",
        content="\n".join(t for t in text if t),
        meta=meta,
        filters=filters,
        sort=sort,
    )


def records(catalogue: Catalogue) -> Iterator[SearchRecord]:
    for entry in sorted(catalogue.entries(), key=lambda e: (e.kind, e.id)):
        yield record(entry, catalogue)


def stub_page(item: SearchRecord) -> bytes:
    """A minimal HTML page Pagefind indexes in place of the full rendered page.

    Every value goes through html.escape; filters, metadata and sort keys are element content,
    not attribute lists, so commas or colons in contributed names cannot split them.
    """
    esc = html.escape
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(item.meta.get('title', ''))}</title></head><body><main data-pagefind-body>",
    ]
    for key, value in sorted(item.meta.items()):
        tag = "h1" if key == "title" else "p"
        parts.append(f'<{tag} data-pagefind-meta="{esc(key)}">{esc(value)}</{tag}>')
    parts.append("<div data-pagefind-ignore>")
    for key, values in sorted(item.filters.items()):
        parts.extend(f'<span data-pagefind-filter="{esc(key)}">{esc(value)}</span>' for value in values)
    parts.extend(
        f'<span data-pagefind-sort="{esc(key)}">{esc(value)}</span>' for key, value in sorted(item.sort.items())
    )
    parts.append("</div>")
    parts.extend(f"<p>{esc(line)}</p>" for line in item.content.splitlines())
    parts.append("</main></body></html>\n")
    return "".join(parts).encode("utf-8")


def pagefind_executable() -> str:
    from pagefind_bin import get_executable  # ships the Pagefind binary inside the PyPI package

    return str(get_executable())


class SearchIndexer:
    """Runs Pagefind in its own process over stub pages while MkDocs renders the real ones."""

    def __init__(self, catalogue: Catalogue, workdir: Path) -> None:
        self.stubs = workdir / "stubs"
        self.output = workdir / "pagefind"
        for directory in (self.stubs, self.output):
            if directory.exists():
                shutil.rmtree(directory)
        for item in records(catalogue):
            target = self.stubs / item.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stub_page(item))
        self._process = subprocess.Popen(
            [
                pagefind_executable(),
                "--site",
                str(self.stubs),
                "--output-path",
                str(self.output),
                "--force-language",
                "en",
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait(self) -> Path:
        """Wait for Pagefind; the bundle directory, or SearchIndexError with its output."""
        output, _ = self._process.communicate()
        shutil.rmtree(self.stubs, ignore_errors=True)
        if self._process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed ({self._process.returncode}): {output.strip()}")
        return self.output

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self.stubs, ignore_errors=True)
        shutil.rmtree(self.output, ignore_errors=True)


class SearchIndexError(Exception):
    pass
