"""Build stage: the generated tree builds with `mkdocs build --strict`, every page exists and links resolve."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from microskills.check.pipeline import check
from microskills.site import build
from microskills.site.build import write_tree

from tests.conftest import (
    BASE,
    REAL_CATALOGUE,
    REAL_TODAY,
    REPO,
    TODAY_ARG,
    build_project,
    make_project,
    materialise,
    run_cli,
)
from tests.jstokens import js_tokens

pytestmark = pytest.mark.slow
SITE_ORIGIN = "https://site.invalid/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        for attr in ("src", "srcset", "poster", "data"):
            if values.get(attr):
                self.resources.append(values[attr] or "")
        if tag == "link" and values.get("href") and (values.get("rel") or "") not in ("canonical", "alternate"):
            self.resources.append(values["href"] or "")


@functools.cache
def _parse(path: Path) -> _Links:
    """A built page's links, read once per test process: three tests walk the ~1,800 pages of the
    bundled site, and the cross-link test reads a provider's page once for each of its credentials."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, href: str) -> Path | None:
    """File an internal link points at, or None for external links."""
    if not href:
        return page
    path = _site_path(page.parent.relative_to(site).as_posix(), href)
    if path is None:
        return None
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


@functools.cache
def _site_path(folder: str, href: str) -> str | None:
    """The site path a link in a page of `folder` points at, or None outside the site. Cached: the
    navigation's links repeat on every page of a folder."""
    absolute = urljoin(SITE_ORIGIN + ("" if folder == "." else folder + "/") + "index.html", href)
    if not absolute.startswith(SITE_ORIGIN):
        return None
    return urlparse(absolute).path.lstrip("/")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_entry_has_a_page(real_site: Path) -> None:
    catalogue = check(REAL_CATALOGUE, today=REAL_TODAY).catalogue
    for entry in catalogue.entries():
        assert (real_site / entry.url / "index.html").is_file(), entry.url


def test_every_internal_link_resolves(real_site: Path) -> None:
    broken = []
    for page in _pages(real_site):
        for href in _parse(page).hrefs:
            target = _target(real_site, page, href.split("#")[0])
            if target is not None and not target.exists():
                broken.append((page.relative_to(real_site).as_posix(), href))
    assert broken == []


def test_no_resource_from_another_origin(real_site: Path) -> None:
    """Stylesheets, scripts, images, fonts: all from the site itself."""
    outside = []
    for page in _pages(real_site):
        for src in _parse(page).resources:
            if _target(real_site, page, src) is None:
                outside.append((page.relative_to(real_site).as_posix(), src))
    assert outside == []
    for css in real_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "@import url(http" not in text, css


def _links_from(site: Path, url: str) -> set[str]:
    page = site / url / "index.html"
    found = set()
    for href in _parse(page).hrefs:
        target = _target(site, page, href.split("#")[0])
        if target is not None:
            found.add(target.parent.relative_to(site).as_posix() + "/")
    return found


def test_cross_links_go_both_ways(real_site: Path) -> None:
    catalogue = check(REAL_CATALOGUE, today=REAL_TODAY).catalogue
    for credential in catalogue.credentials.values():
        out = _links_from(real_site, credential.url)
        provider = catalogue.providers[credential.provider]
        assert provider.url in out
        assert credential.url in _links_from(real_site, provider.url)
        for skill_id in credential.skills:
            skill = catalogue.skills[skill_id]
            assert skill.url in out
            assert credential.url in _links_from(real_site, skill.url)
        for pathway_id in credential.pathways:
            pathway = catalogue.pathways[pathway_id]
            assert pathway.url in out
            assert credential.url in _links_from(real_site, pathway.url)


def test_index_pages_and_downloads(base_site: Path) -> None:
    for page in [
        "index.html",
        "skills/index.html",
        "credentials/index.html",
        "providers/index.html",
        "pathways/index.html",
        "categories/index.html",
        "downloads/index.html",
        "data/catalogue.json",
        "data/skills.csv",
        "data/openbadges.json",
        "data/feed.xml",
        "schemas/credential.schema.json",
        "sitemap.xml",
    ]:
        assert (base_site / page).is_file(), page
    home = (base_site / "index.html").read_text()
    assert re.search(r"<strong>\s*4\s*</strong>\s*credentials", home)


def test_entry_pages_stay_out_of_the_navigation(base_site: Path) -> None:
    """With every entry in the nav, each page would list all others: quadratic build time and size."""
    page = (base_site / "skills" / "object-oriented-design-principles" / "index.html").read_text()
    assert "python-institute-pcap" in page  # it teaches this skill
    assert "python-institute-pcep" not in page  # unrelated: a nav listing every entry would mention it


def test_generated_tree_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    (project / "docs").symlink_to(REPO / "docs")
    proc = run_cli("build", str(BASE), "--no-site", "--today", TODAY_ARG, cwd=project)
    assert proc.returncode == 0, proc.stderr
    config = yaml.safe_load((project / "build" / "mkdocs.yml").read_text())
    assert config["docs_dir"] == "docs" and config["theme"]["font"] is False
    plain = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(project / "build" / "mkdocs.yml"),
            "-d",
            str(tmp_path / "plain"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "plain" / "credentials" / "python-institute-pcap" / "index.html").is_file()


def test_only_changed_files_are_written(tmp_path: Path) -> None:
    first = write_tree(tmp_path, {"a.md": b"one", "b/c.md": b"two"})
    assert sorted(first.written) == ["a.md", "b/c.md"]
    mtime = (tmp_path / "a.md").stat().st_mtime_ns
    second = write_tree(tmp_path, {"a.md": b"one", "b/d.md": b"three"})
    assert second.written == ["b/d.md"] and second.deleted == ["b/c.md"] and second.unchanged == 1
    assert (tmp_path / "a.md").stat().st_mtime_ns == mtime


def test_catalogue_with_errors_builds_nothing(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    path = root / "credentials" / "python-institute-pcap.yaml"
    path.write_text(path.read_text().replace("provider: python-institute", "provider: nobody"))
    proc = build_project(root, make_project(tmp_path / "project"), "--today", TODAY_ARG)
    assert proc.returncode == 1
    assert "ref.unknown" in proc.stderr and "Nothing was built" in proc.stderr
    assert not (tmp_path / "project" / "site").exists() and not (tmp_path / "project" / "build").exists()


# --- the site's scripts, minified --------------------------------------------------------------------

SCRIPTS = sorted((REPO / "docs" / "assets").rglob("*.js"))


def _same_tokens(minified: str, source: str) -> bool:
    """Whether two scripts have the same tokens (False when the minified one does not even read)."""
    try:
        found = js_tokens(minified)
    except AssertionError:
        return False
    return [token[:2] for token in found] == [token[:2] for token in js_tokens(source)]


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.relative_to(REPO / "docs" / "assets").as_posix() for p in SCRIPTS])
def test_minifying_a_script_keeps_every_token(path: Path) -> None:
    """rjsmin (build.minified) only drops comments and spaces: the minified module has the same
    tokens, template literals and regular expressions included, as the source."""
    source = path.read_text(encoding="utf-8")
    minified = build.minified(path.name, source.encode("utf-8")).decode("utf-8")
    assert len(minified) < len(source)
    assert _same_tokens(minified, source)


def test_the_minifier_check_finds_a_template_literal_rjsmin_cuts_short() -> None:
    """rjsmin takes the backtick of a template literal inside another's `${...}` for the end of
    the outer one, and then drops `// ...` inside it as a comment: the check above fails on that,
    and passes a template literal that holds no other."""
    nested = "export const a = `x ${`y ${1} // z`} w`;\n"
    assert not _same_tokens(build.minified("a.js", nested.encode()).decode(), nested)
    plain = "export const b = `plain ${a ? 1 : 2} // text ${{ a: 1 }.a}`; // a comment\n"
    assert _same_tokens(build.minified("b.js", plain.encode()).decode(), plain)


# --- the module graphs, fetched with the page ------------------------------------------------------

ASSETS = REPO / "docs" / "assets"
_IMPORT = re.compile(r'^import\b[^;]*?\bfrom\s+"\./([\w-]+\.js)";', re.MULTILINE)
#: `{{ link('assets/x.js') }}` in page templates, `{{ 'assets/x.js' | url }}` in theme overrides.
_PRELOAD = re.compile(
    r"""<link rel="modulepreload" href="\{\{ (?:link\(')?'?assets/([\w-]+\.js)'?(?:\)| \| url) \}\}">"""
)
_MODULE = re.compile(r"""<script src="\{\{ link\('assets/([\w-]+\.js)'\) \}\}" type="module"></script>""")


def module_graph(entry: str) -> set[str]:
    """The modules `entry` imports, directly or not (static imports of docs/assets/)."""
    seen: set[str] = set()
    todo = [entry]
    while todo:
        for imported in _IMPORT.findall((ASSETS / todo.pop()).read_text(encoding="utf-8")):
            if imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return seen


def test_pages_preload_every_module_their_scripts_import() -> None:
    """Each page's scripts are modules whose imports the browser finds only once it has fetched
    the importing module: every page preloads compare.js's (main.html), each tool page the rest of
    its script's, so the whole graph is fetched at once instead of one level per round trip."""
    every_page = set(_PRELOAD.findall((REPO / "docs" / "overrides" / "main.html").read_text(encoding="utf-8")))
    assert every_page == module_graph("compare.js")
    templates = REPO / "generator" / "microskills" / "site" / "templates"
    pages = 0
    for template in sorted(templates.glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        scripts = _MODULE.findall(text)
        data = text.count('<script type="application/ld+json">')
        assert len(scripts) + data == text.count("<script"), f"{template.name}: a script that is not a module"
        for script in scripts:
            pages += 1
            preloads = _PRELOAD.findall(text)
            assert len(preloads) == len(set(preloads)) == text.count("modulepreload"), template.name
            assert set(preloads) == module_graph(script) - every_page, template.name
    assert pages == 5  # planner, audit, skills profile, compare, Explore
    assert module_graph("plan-problem.js") == {"plan-solver.js", "plan-words.js"}
