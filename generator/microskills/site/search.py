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
import json
import os
import shutil
import subprocess
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from microskills.core.errors import MicroskillsError
from microskills.model import Catalogue, Credential, Entry, Pathway, Provider, Skill
from microskills.present.facts import format_cost
from microskills.present.wording import country_name, label, language_name
from microskills.registry import fields
from microskills.registry.fields import FieldInfo, values_at
from microskills.registry.kinds import KIND_FOLDER, KINDS, spec

#: Pagefind leaves records without a sort key out of sorted results, so every record carries every
#: sort key. A sort key is a number: its group times GROUP, plus the value. Group 0 is "has a
#: published figure" (the value), group 1 "priced in another currency than the catalogue's usual
#: one" (the amount: comparing across currencies would mislead), group 2 "no published figure",
#: ordered by name; the result list labels the groups (meta `<key>_group`).
GROUP = 10**8
KNOWN, OTHER_CURRENCY, UNKNOWN = 0, 1, 2
GROUP_NAMES = {KNOWN: "known", OTHER_CURRENCY: "other-currency", UNKNOWN: "none"}


@dataclass(frozen=True)
class SearchRecord:
    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    #: Short names and code: what people type for the entry (indexed with a high weight).
    names: tuple[str, ...] = ()


#: Pagefind weights (0-10; body text is 1, an h1 7): the exact title weighs most, then the short
#: names and code, so "CISSP" or "PL-300" finds the entry they name before pages that mention it.
TITLE_WEIGHT = 10
NAMES_WEIGHT = 8


def short_names(entry: Entry) -> tuple[str, ...]:
    """The short names and code people search for an entry by (credentials and providers)."""
    names = list(getattr(entry, "short_names", None) or [])
    code = getattr(entry, "code", None)
    if isinstance(entry, Credential) and code:
        names.append(code)
    return tuple(dict.fromkeys(name for name in names if name))


NOT_STATED = "Not stated"


def facet_values(entry: Entry, info: FieldInfo, catalogue: Catalogue) -> list[str]:
    """The values `entry` has for a filter the schema declares (`x-facet`): a model method's answer
    (`from`), the names of referenced entries, enum labels, language names, Yes/No for a yes/no
    field, or the values as written; "Not stated" when the entry has none."""
    assert info.facet is not None
    if info.facet.source is not None:
        values = list(getattr(entry, info.facet.source)(catalogue))
    else:
        raw = [value for _, value in values_at(entry.raw, info.path)]
        if info.ref is not None:
            values = [_name(catalogue, info.ref, value) for value in raw]
        elif info.enum:
            values = [info.enum_label(value) for value in raw]
        elif info.format == "bcp-47":
            values = [language_name(value) for value in raw]
        elif info.format == "iso-3166-1":
            values = [country_name(value) for value in raw]
        elif all(isinstance(value, bool) for value in raw):
            values = ["Yes" if value else "No" for value in raw]  # a yes/no fact reads as one
        else:
            values = [str(value) for value in raw]
    return sorted(set(values)) or [NOT_STATED]


def _name(catalogue: Catalogue, kind: str, entry_id: str) -> str:
    target = catalogue.get(kind, entry_id)
    return target.name if target is not None else entry_id


def sort_value(entry: Entry, info: FieldInfo) -> float | None:
    """A sort key's value: the field's number, or a model method's (`x-sort: {from: ...}`)."""
    sort = info.schema.get("x-sort")
    if isinstance(sort, dict) and "from" in sort:
        value = getattr(entry, sort["from"])()
        return None if value is None else float(value)
    for _, value in values_at(entry.raw, info.path):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


@dataclass(frozen=True)
class SortContext:
    """What a record's sort keys need from the whole catalogue: every entry's rank by name (the
    order of the "no published figure" group) and the catalogue's usual currency."""

    rank: dict[tuple[str, str], int]
    currency: str | None

    @classmethod
    def of(cls, catalogue: Catalogue) -> SortContext:
        ordered = sorted(catalogue.entries(), key=lambda e: (e.name.casefold(), e.kind, e.id))
        currencies = Counter(
            c.cost.currency for c in catalogue.credentials.values() if c.cost is not None and c.cost.currency
        )
        usual = max(sorted(currencies), key=lambda code: currencies[code]) if currencies else None
        return cls({(e.kind, e.id): index for index, e in enumerate(ordered)}, usual)


def sort_keys(entry: Entry, context: SortContext) -> tuple[dict[str, str], dict[str, str]]:
    """(sort keys, their groups) for every sort key the schemas declare, for any kind of entry."""
    keys: dict[str, str] = {}
    groups: dict[str, str] = {}
    for name, info in sort_fields():
        value = sort_value(entry, info) if info.kind == entry.kind else None
        group = KNOWN if value is not None else UNKNOWN
        if value is not None and name == "cost" and isinstance(entry, Credential) and entry.cost is not None:
            currency = entry.cost.currency
            if value > 0 and currency is not None and currency != context.currency:
                group = OTHER_CURRENCY
        position = value if value is not None else float(context.rank.get((entry.kind, entry.id), 0))
        keys[name] = f"{group * GROUP + position:g}"
        groups[f"{name}_group"] = GROUP_NAMES[group]
    return keys, groups


@cache
def sort_fields() -> tuple[tuple[str, FieldInfo], ...]:
    """(sort key name, field) of every `x-sort` in the schemas."""
    found = []
    for kind_spec in KINDS:
        for info in fields.fields(kind_spec.name):
            key = info.schema.get("x-sort")
            if key is not None:
                found.append((key["name"] if isinstance(key, dict) else str(key), info))
    return tuple(found)


def _detail(entry: Entry, catalogue: Catalogue) -> str:
    """The one-line summary under a result's title."""
    if isinstance(entry, Skill):
        category = catalogue.categories.get(entry.category)
        n = len(entry.credentials)
        return f"{category.name if category else entry.category} · taught by {n} credential{'s' if n != 1 else ''}"
    if isinstance(entry, Credential):
        facts = [label(entry.type), _name(catalogue, "provider", entry.provider)]
        if entry.hours:
            facts.append(f"{entry.hours:g} hour{'s' if entry.hours != 1 else ''}")
        cost = format_cost(entry, note=False)
        if cost:
            facts.append(cost)
        return " · ".join(facts)
    if isinstance(entry, Provider):
        n = len(entry.credentials)
        return f"{label(entry.type)} · {n} credential{'s' if n != 1 else ''}"
    if isinstance(entry, Pathway):
        n = len(entry.stages)
        return f"Toward {entry.goal} · {n} stage{'s' if n != 1 else ''}"
    return spec(entry.kind).label


def searchable(info: FieldInfo) -> bool:
    """Whether full-text search matches a field: text fields and the names of referenced entries
    do; ids, addresses, codes, dates and enum values do not (an enum's label only with
    `x-search: true`); `x-search: false` leaves a field out, with everything inside it."""
    if info.path[-1] in ("id", "last_verified") or info.format is not None or "url" in info.path[-1]:
        return False
    return bool(info.schema.get("x-search", not info.enum))


@cache
def _searchable_fields(kind: str) -> tuple[FieldInfo, ...]:
    excluded = [info.path for info in fields.fields(kind) if info.schema.get("x-search") is False]
    return tuple(
        info
        for info in fields.fields(kind)
        if searchable(info) and not any(info.path[: len(path)] == path for path in excluded)
    )


def _text(entry: Entry, catalogue: Catalogue) -> list[str]:
    """Everything a full-text search should match: the searchable text fields, and the names of
    the entries they refer to (a credential is found by its provider's and its skills' names)."""
    text: list[str] = []
    for info in _searchable_fields(entry.kind):
        for _, value in values_at(entry.raw, info.path):
            if not isinstance(value, str):
                continue
            if info.ref == "category":
                category = catalogue.categories.get(value)
                text.append(category.name if category else value)
            elif info.ref is not None:
                text.append(_name(catalogue, info.ref, value))
            else:
                text.append(info.enum_label(value) if info.enum else value)
    return text


def record(entry: Entry, catalogue: Catalogue, context: SortContext | None = None) -> SearchRecord:
    """What search knows about one entry: text to match, facts to show, facets and sort keys."""
    kind_label = spec(entry.kind).label
    meta = {
        "title": entry.name,
        "kind": kind_label,
        "verified": entry.last_verified,
        "detail": _detail(entry, catalogue),
        "summary": entry.statement if isinstance(entry, Skill) else entry.description,
    }
    if isinstance(entry, Credential):
        meta["id"] = entry.id  # lets the result offer "add to compare"
    names = short_names(entry)
    if names:
        # Explore puts the entry a query names first (name-match.js): it needs the names.
        meta["names"] = json.dumps(list(names), ensure_ascii=False)
    filters: dict[str, list[str]] = {"Kind": [kind_label]}
    for info in fields.fields(entry.kind):
        if info.facet is not None:
            filters.setdefault(info.facet.name, [])
            filters[info.facet.name] = sorted({*filters[info.facet.name], *facet_values(entry, info, catalogue)})
    sort, groups = sort_keys(entry, context or SortContext.of(catalogue))
    meta.update(groups)
    # The title and the names are indexed once each, with their own weights (stub_page).
    weighted = {entry.name, *names}
    content = [t for t in dict.fromkeys(_text(entry, catalogue)) if t and t not in weighted]
    url = f"{KIND_FOLDER[entry.kind]}/{entry.id}/"
    return SearchRecord(url=url, content="\n".join(content), meta=meta, filters=filters, sort=sort, names=names)


def records(catalogue: Catalogue) -> Iterator[SearchRecord]:
    context = SortContext.of(catalogue)
    for entry in sorted(catalogue.entries(), key=lambda e: (e.kind, e.id)):
        yield record(entry, catalogue, context)


def stub_page(item: SearchRecord, *, facets: bool) -> bytes:
    """A minimal HTML page Pagefind indexes in place of the full rendered page.

    Every value goes through html.escape; filters, metadata and sort keys are element content,
    not attribute lists, so commas or colons in contributed names cannot split them.
    """
    esc = html.escape
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(item.meta.get('title', ''))}</title></head><body><main data-pagefind-body>",
    ]
    # Metadata, filters and sort keys are captured from inside an ignored block, so the words of a
    # title, summary or detail line are not indexed a second time (the content has them once).
    parts.append("<div data-pagefind-ignore>")
    for key, value in sorted(item.meta.items()):
        parts.append(f'<p data-pagefind-meta="{esc(key)}">{esc(value)}</p>')
    if facets:
        for key, values in sorted(item.filters.items()):
            parts.extend(f'<span data-pagefind-filter="{esc(key)}">{esc(value)}</span>' for value in values)
        parts.extend(
            f'<span data-pagefind-sort="{esc(key)}">{esc(value)}</span>' for key, value in sorted(item.sort.items())
        )
    parts.append("</div>")
    # Stub pages are never shown, so nothing here needs hiding: Pagefind reads the markup only.
    parts.append(f'<h1 data-pagefind-weight="{TITLE_WEIGHT}">{esc(item.meta.get("title", ""))}</h1>')
    parts.extend(f'<p data-pagefind-weight="{NAMES_WEIGHT}">{esc(name)}</p>' for name in item.names)
    parts.extend(f"<p>{esc(line)}</p>" for line in item.content.splitlines())
    parts.append("</main></body></html>\n")
    return "".join(parts).encode("utf-8")


def pagefind_executable() -> str:
    from pagefind_bin import get_executable  # ships the Pagefind binary inside the PyPI package

    return str(get_executable())


#: The two bundles the site gets. Pagefind loads every filter index with any query (to count
#: results per facet), ~120 KB at 10,000 entries, so plain text searches use a bundle without
#: filters or sort keys and stay under the 300 KB first-query budget; the faceted bundle is
#: fetched once results are on screen, or at once when the address already holds filters.
BUNDLES = {"pagefind": False, "pagefind-facets": True}


class SearchIndexer:
    """Builds the search bundles while MkDocs renders the real pages.

    Stub pages are rendered here (fast) and written by a thread (mostly system calls, so it
    hardly competes with MkDocs for the interpreter); Pagefind then runs as a child process,
    single-threaded so that MkDocs keeps one core to itself on a two-core machine.
    """

    def __init__(self, catalogue: Catalogue, workdir: Path) -> None:
        self.workdir = workdir
        self.log = workdir / "pagefind.log"
        self._error: BaseException | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = threading.Event()
        items = list(records(catalogue))
        stubs = {
            bundle: [(item.url.rstrip("/") + ".html", stub_page(item, facets=facets)) for item in items]
            for bundle, facets in BUNDLES.items()
        }
        self._thread = threading.Thread(target=self._run, args=(stubs,), name="pagefind", daemon=True)
        self._thread.start()

    def _stubs(self, bundle: str) -> Path:
        return self.workdir / f"stubs-{bundle}"

    def _run(self, stubs: dict[str, list[tuple[str, bytes]]]) -> None:
        try:
            if self.workdir.exists():
                shutil.rmtree(self.workdir)
            for bundle, pages in stubs.items():
                root = self._stubs(bundle)
                for folder in {name.rsplit("/", 1)[0] for name, _ in pages}:
                    (root / folder).mkdir(parents=True, exist_ok=True)
                for name, content in pages:
                    (root / name).write_bytes(content)
            environment = {**os.environ, "RAYON_NUM_THREADS": "1"}
            for bundle in stubs:
                if self._cancelled.is_set():
                    return
                # Output goes to a file: a pipe nobody reads until the end fills up and stalls Pagefind.
                with self.log.open("ab") as log:
                    self._process = subprocess.Popen(
                        [
                            pagefind_executable(),
                            "--site",
                            str(self._stubs(bundle)),
                            "--output-path",
                            str(self.workdir / bundle),
                            "--force-language",
                            "en",
                            "--quiet",
                        ],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        env=environment,
                    )
                if self._cancelled.is_set():
                    self._process.kill()
                if self._process.wait() != 0:
                    output = self.log.read_text(errors="replace").strip()
                    raise SearchIndexError(f"Pagefind failed ({self._process.returncode}): {output}")
        except SearchIndexError as error:
            self._error = error
        except OSError as error:  # writing the stub pages or the log, or starting Pagefind
            self._error = SearchIndexError(f"could not build the search index: {error}")
        except Exception as error:  # a bug: re-raised whole, with its traceback, by wait()
            self._error = error

    def wait(self) -> dict[str, Path]:
        """Wait for Pagefind; the bundle directories by name under the site, or SearchIndexError."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return {bundle: self.workdir / bundle for bundle in BUNDLES}

    def cancel(self) -> None:
        """Stop and clean up (after a failed build, or after the bundles were moved into the site)."""
        self._cancelled.set()
        while self._thread.is_alive():
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
            self._thread.join(timeout=0.1)
        shutil.rmtree(self.workdir, ignore_errors=True)


class SearchIndexError(MicroskillsError):
    """Pagefind could not index the site (it failed, or its files could not be written)."""
