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
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import MicroskillsError
from generator.model import KIND_FOLDER, Catalogue, Credential, Entry, Pathway, Provider, Skill
from generator.render import format_cost, label

#: Pagefind leaves records without a sort key out of sorted results. Only credentials carry the
#: keys (sorting skills by price means nothing), and an unpublished figure sorts after every
#: published one. Each sort key adds ~2 bytes per record to the metadata every query loads
#: first, so there are only two: the first-query payload at 10,000 entries must stay < 300 KB.
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
    sort: dict[str, str] = {}
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
        amount = entry.cost.known_amount if entry.cost is not None else None
        sort = {"hours": _number(entry.hours), "cost": _number(amount)}
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
    for key, value in sorted(item.meta.items()):
        tag = "h1" if key == "title" else "p"
        parts.append(f'<{tag} data-pagefind-meta="{esc(key)}">{esc(value)}</{tag}>')
    if facets:
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
