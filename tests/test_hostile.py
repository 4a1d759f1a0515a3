"""Hostile contributions, end to end.

- Payloads (<script>, onerror=, </textarea>, javascript: links, template syntax, attribute
  break-outs, Markdown tricks) in every free-text field of every kind build into a site in
  which, in real Chromium, no script runs, no element carries an event handler or script URL,
  no contributed element appears, and nothing is fetched from another origin.
- A failed build (catalogue errors, MkDocs errors, a killed process) leaves the previous site/
  byte for byte as it was.
- Two builds of the same catalogue give byte-identical trees, whatever the directory, hash seed
  or time zone; SOURCE_DATE_EPOCH fixes the build date.

The files that cannot be published at all (bombs, tags, symlinks, ...) are the `hostile-*`
example catalogues under tests/catalogues/negative/, run by test_examples.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from generator.render import render_markdown
from generator.safeyaml import parse_yaml
from generator.schemas import load_schemas
from generator.text import unsafe_characters
from tests.conftest import (
    BASE,
    CATALOGUES,
    REPO,
    TODAY_ARG,
    build_project,
    make_project,
    materialise,
    run_cli,
    serve,
)

pytestmark = pytest.mark.slow

MARKER = "__pwned"
#: For one-line fields (at most 200 characters with the original name in front).
LINE = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(2)">'
    "\"'></textarea><svg onload=window.__pwned=3>{{ 7*7 }}"
)
#: For statements and learning outcomes: shown as text, never as Markdown.
STATEMENT = LINE + ' [x](javascript:window.__pwned=4) {: onclick="window.__pwned=5" } &lt;b&gt; &#60;i&#62;'
#: For descriptions (Markdown): every trick at once, one per paragraph.
TEXT = """\
Intro with **bold**, *emphasis* and [a safe link](https://example.org/safe).

<script>window.__pwned=1;alert(1)</script>

<img src=x onerror="window.__pwned=2;alert(2)"> <svg onload="window.__pwned=3">

</p></div></textarea></title></style></noscript><iframe src="https://evil.invalid/"></iframe>

"><script>window.__pwned=4</script> '><script>window.__pwned=5</script>

</script><script>window.__pwned=6</script><!-- ]]> \u2028 \u2029 -->

![tracker](https://tracker.invalid/pixel.gif)

{: onclick="window.__pwned=7" }

<a href="javascript:window.__pwned=8">html link</a>
<form action="javascript:window.__pwned=9"><button>go</button></form>

{{ 7*7 }} {% raw %} ${7*7} &lt;b&gt;entity&lt;/b&gt; &#x3C;script&#x3E;

    <script>window.__pwned=10</script>

<style>body{display:none}</style>
"""
ESCO_PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
MARKDOWN_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br", "blockquote", "pre"}


class _QuotingDumper(yaml.SafeDumper):
    """Every string double-quoted, so the YAML 1.2 loader reads back exactly what was written."""


_QuotingDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def _line(original: str) -> str:
    return f"{original} {LINE}"[:200]


def _poison(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with a payload in every free-text field its kind has."""
    data = {**data, "name": _line(data["name"]), "description": TEXT}
    data["sources"] = [*data["sources"], {"url": "https://example.org/source", "title": _line("Source")}]
    if kind == "skill":
        data.update(
            statement=STATEMENT,
            alt_labels=[_line("Also")],
            occupations=[_line("Analyst")],
            esco={"uri": ESCO_PYTHON, "label": _line("Python"), "match": "broader"},
        )
    elif kind == "credential":
        data.update(
            learning_outcomes=[STATEMENT],
            assessment={**data.get("assessment", {"type": "exam"}), "description": TEXT},
            quality_assurance={"type": "internal", "bodies": [_line("Body")], "description": TEXT},
            recognition=[{"type": "industry", "description": TEXT, "url": "https://example.org/recognition"}],
            prerequisites={**data.get("prerequisites", {}), "description": TEXT},
            cost={"amount": 10, "currency": "USD", "note": _line("Note")},
            workload={"credits": 15, "credit_system": _line("Credits")},
            stacks_into=[{**link, "note": _line("Stacks")} for link in data.get("stacks_into", [])],
        )
    elif kind == "provider":
        data.update(accreditation=[_line("Accredited")])
    elif kind == "pathway":
        data.update(
            goal=_line(data["goal"]),
            stages=[{**stage, "name": _line(stage["name"]), "description": TEXT} for stage in data["stages"]],
        )
    return data


def payload_catalogue(target: Path) -> Path:
    """The base catalogue with a payload in every free-text field of every entry and category."""
    root = materialise(None, target)
    for path in sorted(root.rglob("*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8"))
        if path.name == "categories.yaml":
            data = {"categories": [{**c, "name": _line(c["name"]), "description": TEXT} for c in data["categories"]]}
        else:
            data = _poison(path.parent.name[:-1], data)
        path.write_text(yaml.dump(data, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def _tree(root: Path) -> dict[str, str]:
    """Every file under `root` by relative path, as a digest of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def payload_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The payload catalogue, built (warnings are expected: HTML in text is shown as text)."""
    folder = tmp_path_factory.mktemp("payloads")
    catalogue = payload_catalogue(folder / "catalogue")
    project = make_project(folder / "project")
    proc = build_project(catalogue, project, "--today", TODAY_ARG)
    assert proc.returncode == 0, proc.stderr
    assert "[text.html]" in proc.stderr and "[text.image]" in proc.stderr
    return project


# --- the payload catalogue covers every free-text field ----------------------------------------


def free_text_paths(kind: str) -> set[tuple[str, ...]]:
    """Where a kind's schema allows free text (ids, URLs, dates, codes and enums are not free)."""
    schemas = load_schemas()
    defs = schemas["common.schema.json"]["$defs"]
    found: set[tuple[str, ...]] = set()

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        name = ref.rsplit("/", 1)[-1] if ref else None
        if name in ("line", "text"):
            found.add(path)
            return
        if name:
            walk(defs[name], path)
        if node.get("type") == "string" and node.get("pattern") in (None, "\\S") and "enum" not in node:
            found.add(path)
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key))
        if "items" in node:
            walk(node["items"], (*path, "*"))
        for part in node.get("allOf", []) + node.get("anyOf", []) + node.get("oneOf", []):
            walk(part, path)

    walk(schemas[f"{kind}.schema.json"], ())
    return found


def _payload_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, str) and MARKER in value:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _payload_paths(item, (*path, key))
    elif isinstance(value, list):
        for item in value:
            yield from _payload_paths(item, (*path, "*"))


def test_payloads_reach_every_free_text_field(tmp_path: Path) -> None:
    root = payload_catalogue(tmp_path / "catalogue")
    for folder, kind in (("skills", "skill"), ("credentials", "credential"), ("providers", "provider"),
                         ("pathways", "pathway")):  # fmt: skip
        filled: set[tuple[str, ...]] = set()
        for path in (root / folder).glob("*.yaml"):
            filled |= set(_payload_paths(parse_yaml(path.read_text(encoding="utf-8"))))
        assert free_text_paths(kind) <= filled, f"{kind}: no payload in {free_text_paths(kind) - filled}"
    categories = set(_payload_paths(parse_yaml((root / "categories.yaml").read_text(encoding="utf-8"))))
    assert free_text_paths("categories") <= categories


# --- messages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["hostile-bidi-controls", "hostile-nul-byte", "hostile-id-confusable"])
def test_messages_never_echo_control_characters(case: str, tmp_path: Path) -> None:
    """A terminal or CI log shows what the problem is, not what hostile text would do to it."""
    root = materialise(CATALOGUES / "negative" / case, tmp_path / "catalogue")
    for output_format in ("text", "json", "github"):
        proc = run_cli("validate", ".", "--format", output_format, "--today", TODAY_ARG, cwd=root)
        assert proc.returncode == 1, proc.stderr
        assert not unsafe_characters(proc.stdout + proc.stderr), (output_format, proc.stdout)


# --- the built site, read as files ------------------------------------------------------------------


class _Document(HTMLParser):
    """Start tags with their attributes, whether inside <article>, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None], bool]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._article_depth = 0
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values, self._article_depth > 0))
        if tag == "article":
            self._article_depth += 1
        if tag == "script":
            self._script = values
            self.scripts.append((values, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article_depth -= 1
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            values, text = self.scripts[-1]
            self.scripts[-1] = (values, text + data)


def _parse(path: Path) -> _Document:
    document = _Document()
    document.feed(path.read_text(encoding="utf-8"))
    document.close()
    return document


def _content_tags(site: Path) -> set[str]:
    """Tags our templates and the theme put inside <article>: nothing else may appear."""
    return {tag for page in site.rglob("*.html") for tag, _, inside in _parse(page).tags if inside} | MARKDOWN_TAGS


_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "xlink:href", "poster", "data"}


def test_payload_site_has_no_live_markup(payload_project: Path, base_site: Path) -> None:
    site = payload_project / "site"
    allowed = _content_tags(base_site)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        document = _parse(page)
        where = page.relative_to(site).as_posix()
        for tag, attrs, inside in document.tags:
            assert not [name for name in attrs if name.startswith("on")], f"{where}: <{tag} {attrs}>"
            for name in _URL_ATTRIBUTES & set(attrs):
                value = attrs[name] or ""
                assert not _SCRIPT_URL.match(value) or (tag == "link" and value.startswith("data:image/")), (
                    f"{where}: <{tag} {name}={value!r}>"
                )
                assert MARKER not in value, f"{where}: <{tag} {name}={value!r}>"
            if inside:
                assert tag in allowed, f"{where}: contributed <{tag} {attrs}> in the content"
        for attrs, text in document.scripts:
            if attrs.get("type") == "application/ld+json":
                data = json.loads(text)  # the payload cannot close the element or break the JSON
                assert MARKER in json.dumps(data)
            else:
                assert MARKER not in text, f"{where}: payload inside an executable <script>"


def test_payload_is_shown_as_text(payload_project: Path) -> None:
    page = (payload_project / "site" / "credentials" / "python-institute-pcap" / "index.html").read_text()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page  # visible, escaped, not dropped
    assert "{{ 7*7 }}" in page and "{% raw %}" in page  # template syntax is text, never evaluated


def test_downloads_stay_well_formed(payload_project: Path) -> None:
    site = payload_project / "site"
    feed = ET.parse(site / "data" / "feed.xml").getroot()
    assert any(MARKER in (e.text or "") for e in feed.iter())
    for path in sorted((site / "data").rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))


def test_markdown_emits_only_http_links() -> None:
    for text in (
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](data:text/html,x)",
        "[a][r]\n\n[r]: vbscript:x",
        "[a](//evil.example/x)",
        "[a](/\\evil.example)",
        "[a](../../downloads/)",
        "<a href='https://ok.example' onclick='x'>a</a>",
        "[ok](https://example.org/ok)",
    ):
        for href in re.findall(r'href="([^"]*)"', str(render_markdown(text))):
            assert urlparse(href).scheme in ("http", "https") and urlparse(href).netloc, (text, href)


# --- the built site, in Chromium ------------------------------------------------------------------

_DOM_CHECK = """
([marker, allowed]) => {
  const problems = [];
  const urlAttributes = ["href", "src", "action", "formaction", "srcdoc", "xlink:href", "poster", "data"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`<${el.localName}> has ${name}`);
      if (urlAttributes.includes(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript):/.test(value)) problems.push(`<${el.localName} ${name}=${attr.value}>`);
        if (value.startsWith("data:") && el.localName !== "link") problems.push(`<${el.localName} ${name}=data:>`);
        if (attr.value.includes(marker)) problems.push(`<${el.localName} ${name}> carries the payload`);
      }
    }
    if (el.localName === "script" && el.type !== "application/ld+json" && el.textContent.includes(marker)) {
      problems.push("an executable <script> carries the payload");
    }
  }
  const article = document.querySelector("article");
  if (article) {
    for (const el of article.querySelectorAll("*")) {
      if (!allowed.includes(el.localName)) problems.push(`contributed <${el.localName}> in the content`);
    }
  }
  if (window.__pwned !== undefined) problems.push(`a payload ran: window.__pwned = ${window.__pwned}`);
  return problems;
}
"""


@pytest.fixture(scope="module")
def payload_url(payload_project: Path) -> Iterator[str]:
    yield from serve(payload_project / "site")


class _Watch:
    """A page that records dialogs (alert, confirm, prompt) and requests to any other origin."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on(
            "request",
            lambda request: (
                self.foreign.append(request.url)
                if urlparse(request.url).netloc != origin and not request.url.startswith(("data:", "blob:"))
                else None
            ),
        )

    def problems(self, allowed: list[str]) -> list[str]:
        found: list[str] = self.page.evaluate(_DOM_CHECK, [MARKER, allowed])
        return found + [f"dialog: {m}" for m in self.dialogs] + [f"request to {u}" for u in self.foreign]


@pytest.mark.browser
def test_no_payload_runs_on_any_page(chromium: Any, payload_url: str, payload_project: Path, base_site: Path) -> None:
    site = payload_project / "site"
    allowed = sorted(_content_tags(base_site))
    watch = _Watch(chromium, urlparse(payload_url).netloc)
    failures: dict[str, list[str]] = {}
    try:
        for page in sorted(site.rglob("*.html")):
            path = page.relative_to(site).as_posix()
            url = payload_url + path.removesuffix("index.html")
            watch.page.goto(url, wait_until="load")
            problems = watch.problems(allowed)
            if re.match(r"(skills|credentials|providers|pathways)/[a-z0-9-]+/index\.html$", path):
                heading = watch.page.inner_text("article h1")
                if "<script>window.__pwned=1</script>" not in heading:
                    problems.append(f"the payload is not shown as text in the heading: {heading!r}")
            if problems:
                failures[path] = problems
            watch.dialogs.clear()
            watch.foreign.clear()
    finally:
        watch.context.close()
    assert not failures, json.dumps(failures, indent=1)


#: What the search page's script builds from index data (results, facets): our elements, not contributed ones.
SEARCH_RESULT_TAGS = ["li", "a", "p", "span", "div", "h2", "h3", "label", "input", "fieldset", "legend", "button"]


@pytest.mark.browser
def test_search_shows_payloads_as_text(chromium: Any, payload_url: str, base_site: Path) -> None:
    """Search results are built in the browser from the index: the classic place for DOM XSS."""
    allowed = sorted(_content_tags(base_site))
    watch = _Watch(chromium, urlparse(payload_url).netloc)
    try:
        watch.page.goto(payload_url + "search/?q=pwned", wait_until="load")
        results = watch.page.locator(".ms-explore__list li")
        results.first.wait_for(timeout=15_000)
        assert results.count() > 0
        assert "<script>" in results.first.inner_text()
        assert watch.problems(allowed + SEARCH_RESULT_TAGS) == []
        # The query itself is hostile (reflected into the page from the address).
        hostile = "search/?q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D99%3E&Provider=%3Csvg%20onload%3Dalert(1)%3E"
        watch.page.goto(payload_url + hostile, wait_until="load")
        # Wait until the page has run that search and shown its outcome, then prove it did.
        watch.page.wait_for_selector("#ms-explore[data-state=done]", timeout=15_000)
        assert watch.page.input_value("#ms-explore-q") == "<img src=x onerror=window.__pwned=99>"
        assert watch.page.inner_text(".ms-explore__status") == "No entries match."
        assert watch.problems(allowed + SEARCH_RESULT_TAGS) == []
    finally:
        watch.context.close()


# --- atomic output ------------------------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A project with a good site already built from a copy of the base catalogue."""
    catalogue = materialise(None, tmp_path / "catalogue")
    project = make_project(tmp_path / "project")
    proc = build_project(catalogue, project, "--strict", "--today", TODAY_ARG)
    assert proc.returncode == 0, proc.stderr
    return catalogue, project, _tree(project / "site")


def _leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def test_catalogue_errors_leave_the_previous_site(built: tuple[Path, Path, dict[str, str]]) -> None:
    catalogue, project, before = built
    (catalogue / "skills" / "bomb.yaml").write_text('a: &a ["lol"]\nb: [*a, *a]\n', encoding="utf-8")
    proc = build_project(catalogue, project, "--strict", "--today", TODAY_ARG)
    assert proc.returncode == 1 and "yaml.alias" in proc.stderr and "Traceback" not in proc.stderr
    assert _tree(project / "site") == before
    assert _leftovers(project) == []


def test_mkdocs_failure_leaves_the_previous_site(built: tuple[Path, Path, dict[str, str]]) -> None:
    catalogue, project, before = built
    (project / "docs" / "about.md").write_text("# About\n\nSee [a page that is not there](missing.md).\n")
    proc = build_project(catalogue, project, "--strict", "--today", TODAY_ARG)
    assert proc.returncode == 1, proc.stderr
    assert "left as it was" in proc.stderr and "Traceback" not in proc.stderr
    assert _tree(project / "site") == before
    assert _leftovers(project) == []


def test_killed_build_leaves_the_previous_site(built: tuple[Path, Path, dict[str, str]]) -> None:
    """SIGKILL while MkDocs writes the new site: site/ is still the previous one, whole."""
    catalogue, project, before = built
    args = [sys.executable, "-m", "generator", "build", str(catalogue), "--out", str(project / "site"), "--build-dir",
            str(project / "build"), "--config", str(project / "mkdocs.yml"), "--today", TODAY_ARG]  # fmt: skip
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class FirstPage(FileSystemEventHandler):
        """Fires when MkDocs writes the first page at the top of a staging folder. The build creates
        the folder before MkDocs starts, so a watch added on its creation sees the first page."""

        def __init__(self, observer: Any) -> None:
            self.observer = observer
            self.written = threading.Event()

        def on_created(self, event: FileSystemEvent) -> None:
            path = Path(str(event.src_path))
            if event.is_directory and path.name.startswith(".site-new-"):
                self.observer.schedule(self, str(path), recursive=False)
                if any(path.glob("*.html")):  # written before the watch was in place
                    self.written.set()
            elif path.suffix == ".html" and path.parent.name.startswith(".site-new-"):
                self.written.set()

    for _ in range(5):  # MkDocs writes into the staging folder for about a second: stop it there
        observer = Observer()
        handler = FirstPage(observer)
        observer.schedule(handler, str(project), recursive=False)
        observer.start()
        try:
            process = subprocess.Popen(
                args, cwd=project, env={**os.environ, "PYTHONPATH": str(REPO)}, stderr=subprocess.DEVNULL
            )
            caught = handler.written.wait(timeout=120)
            if caught and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                assert _tree(project / "site") == before
                return
            process.wait()
        finally:
            observer.stop()
            observer.join()
        before = _tree(project / "site")  # it finished first: that is the previous site now
    pytest.fail("the build never stayed in its staging phase long enough to be interrupted")


# --- reproducible builds ----------------------------------------------------------------------------


#: Pagefind (1.5) writes its filter indexes in hash-map order, so in the faceted bundle they (and
#: the metadata file that names them) differ from run to run on identical input. Upstream:
#: https://github.com/Pagefind/pagefind/issues/638 ("Other files will still change, such as the
#: filter/metadata indexes"). The plain-text bundle has no filters and is byte-identical, as is
#: everything else.
UNSTABLE_UPSTREAM = re.compile(r"^pagefind-facets/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$")


def test_two_builds_are_byte_identical(payload_project: Path, tmp_path: Path) -> None:
    """Another directory, hash seed and time zone; same catalogue and date: the same bytes."""
    catalogue = payload_catalogue(tmp_path / "elsewhere" / "catalogue")
    project = make_project(tmp_path / "elsewhere" / "project")
    proc = build_project(
        catalogue, project, "--today", TODAY_ARG, env={"PYTHONHASHSEED": "12345", "TZ": "Asia/Kathmandu"}
    )
    assert proc.returncode == 0, proc.stderr
    first, second = (
        {path: digest for path, digest in _tree(site).items() if not UNSTABLE_UPSTREAM.match(path)}
        for site in (payload_project / "site", project / "site")
    )
    assert len(first) > 50
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differing = [path for path in first if first[path] != second[path]]
    assert not differing, f"differ between two builds: {differing[:10]}"


def test_source_date_epoch_sets_the_build_date(tmp_path: Path) -> None:
    epoch = 1_795_219_200  # 2026-11-21T00:00:00Z
    project = make_project(tmp_path / "project")
    proc = build_project(BASE, project, "--strict", env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    assert "<lastmod>2026-11-21</lastmod>" in (site / "sitemap.xml").read_text()
    with gzip.open(site / "sitemap.xml.gz") as handle:
        handle.read()
        assert handle.mtime == epoch
    assert json.loads((site / "data" / "catalogue.json").read_text())["generated"] == "2026-11-21"
