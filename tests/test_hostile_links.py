"""Security issue 19, item 2: `catalogue/link-check.json` is input, addresses are filtered, and
the site runs under a Content-Security-Policy.

- The review's reproduction (a `javascript:` redirect target checked "in 2099") and its siblings
  (a wrong type, invalid JSON, duplicate keys, a symbolic link) fail `validate`, `validate
  --changed` and the build with named problems at file and line, exit 1 and no traceback; the
  pull-request summary calls a changed link-check file out.
- Every `href`/`src` a template writes from data goes through the one filter `safe_url`
  (checked over the template sources), so even unvalidated link data links nowhere.
- Every page type works in Chromium under the site's Content-Security-Policy with no violation,
  and the policy really blocks inline script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from microskills.check.linkdata import LinkResult
from microskills.check.pipeline import check
from microskills.core.urls import INVALID, private_host_reason, safe_url
from microskills.site import assemble
from microskills.site.contribute import RepoLinks
from microskills.site.render import RenderOptions

from benchmarks.changed_validate import commit_everything
from tests.conftest import REPO, TODAY, TODAY_ARG, build_project, make_project, materialise, run_cli, serve

pytestmark = pytest.mark.slow

#: A URL the base catalogue uses (a credential's official page).
USED = "https://pythoninstitute.org/pcap"
PAYLOAD = "javascript:alert(document.domain)//x"


def _link_data(results: dict[str, Any]) -> str:
    return json.dumps({"about": "test", "results": results}, indent=1) + "\n"


def _used_url(root: Path) -> str:
    text = (root / "credentials" / "python-institute-pcap.yaml").read_text()
    found = re.search(r"^url: *['\"]?(https?://[^'\"\s]+)", text, re.MULTILINE)
    assert found, "the base credential has an official page"
    return found.group(1)


def _reproduction(root: Path) -> str:
    """The review's link-check.json: one used link "moved" to a script URL, checked in 2099."""
    url = _used_url(root)
    record = {"status": "moved", "checked": "2099-01-01T00:00:00Z", "code": 200, "target": PAYLOAD}
    (root / "link-check.json").write_text(_link_data({url: record}))
    return url


def _validate(root: Path, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    proc = run_cli("validate", str(root), "--format", "json", "--today", TODAY_ARG, *args, cwd=root.parent)
    data = json.loads(proc.stdout) if proc.stdout.startswith("{") else {"problems": []}
    return proc.returncode, data["problems"], proc.stdout + proc.stderr


# --- the data file is checked like any catalogue file ------------------------------------------------


def test_the_reviews_link_data_fails_validation_at_its_lines(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    _reproduction(root)
    code, problems, output = _validate(root)
    assert code == 1 and "Traceback" not in output
    found = {
        (p["rule"], p["json_path"].rsplit(".", 1)[-1]): p for p in problems if p["file"].endswith("link-check.json")
    }
    # The schema says what is wrong with the target; the date is refused once the schema holds.
    target = found.get(("schema.pattern", "target"))
    assert target is not None, problems
    assert target["line"] == 8 and target["column"] is not None  # the line of `"target"` in the file


@pytest.mark.parametrize(
    ("record", "rule"),
    [
        ({"status": "ok", "checked": "2099-01-01T00:00:00Z"}, "date.future"),
        ({"status": "ok", "checked": "2026-02-30T00:00:00Z"}, "date.invalid"),
        ({"status": "ok", "checked": 5}, "schema.type"),
        ({"status": "fine", "checked": "2026-11-01T00:00:00Z"}, "schema.enum"),
        ({"status": "moved", "checked": "2026-11-01T00:00:00Z", "target": "data:text/html,x"}, "schema.pattern"),
        ({"status": "dead", "checked": "2026-11-01T00:00:00Z", "reason": "x" * 5000}, "schema.maxLength"),
        ({"status": "dead", "checked": "2026-11-01T00:00:00Z", "reason": "HTTP 404\u202e"}, "text.unsafe-characters"),
        ({"status": "dead", "checked": "2026-11-01T00:00:00Z", "code": 1000}, "schema.maximum"),
        ({"status": "ok", "checked": "2026-11-01T00:00:00Z", "html": "<b>"}, "schema.unknown-field"),
    ],
)
def test_bad_link_data_is_a_problem_with_a_line_never_a_crash(
    record: dict[str, Any], rule: str, tmp_path: Path
) -> None:
    root = materialise(None, tmp_path / "catalogue")
    url = _used_url(root)
    (root / "link-check.json").write_text(_link_data({url: record}))
    code, problems, output = _validate(root)
    assert code == 1 and "Traceback" not in output
    mine = [p for p in problems if p["file"].endswith("link-check.json")]
    assert [p["rule"] for p in mine] == [rule], mine
    assert mine[0]["line"] is not None and mine[0]["line"] >= 3


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ('{"results": {"https://a.example/": {"status": "ok",}}}\n', "link-data.syntax", 1),
        ('{\n "results": {},\n "results": {}\n}\n', "link-data.duplicate-key", 3),
        ('{"results": {"ftp://a.example/": {"status": "ok", "checked": "2026-01-01T00:00:00Z"}}}', "schema.pattern", 1),
    ],
)
def test_link_data_that_is_not_json_or_has_duplicates(text: str, rule: str, line: int, tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    (root / "link-check.json").write_text(text)
    code, problems, output = _validate(root)
    assert code == 1 and "Traceback" not in output
    assert [(p["rule"], p["line"]) for p in problems] == [(rule, line)], output


def test_a_linked_link_data_file_is_refused_and_not_read(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    (tmp_path / "elsewhere.json").write_text(_link_data({}))
    (root / "link-check.json").symlink_to(tmp_path / "elsewhere.json")
    code, problems, _ = _validate(root)
    assert code == 1
    assert [(p["rule"], p["file"]) for p in problems] == [("file.symlink", "catalogue/link-check.json")]


def test_bad_link_data_stops_the_build_cleanly(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    url = _used_url(root)
    (root / "link-check.json").write_text(_link_data({url: {"status": "ok", "checked": 5}}))
    project = make_project(tmp_path / "project")
    proc = build_project(root, project, "--today", TODAY_ARG, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert "link-check.json:" in proc.stderr and "[schema.type]" in proc.stderr
    assert not (project / "site").exists()
    # The other commands that read it say what is wrong, in one message, and exit 1.
    for command in (["quality-report", str(root)], ["check-links", str(root), "--now", "2026-12-01T00:00:00Z"]):
        proc = run_cli(*command, cwd=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert "is not valid link-check data" in proc.stderr and "[schema.type]" in proc.stderr


def test_a_pull_request_that_touches_link_data_is_checked_and_called_out(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "repo" / "catalogue")
    (root / "link-check.json").write_text(_link_data({}))
    commit_everything(root.parent, "base")
    _reproduction(root)
    proc = run_cli("validate", "catalogue", "--changed", "HEAD", "--today", TODAY_ARG, cwd=root.parent)
    assert proc.returncode == 1 and "catalogue/link-check.json:8:" in proc.stdout, proc.stdout + proc.stderr
    summary = run_cli(
        "validate", "catalogue", "--changed", "HEAD", "--format", "summary", "--today", TODAY_ARG, cwd=root.parent
    ).stdout
    assert "changes no catalogue file" not in summary
    assert "[!CAUTION]" in summary and "results of the weekly link check" in summary
    assert "| link data | 0 | 1 | 0 |" in summary
    assert "javascript" not in summary.replace("&#58;", ":").split("[!CAUTION]")[0]  # nothing before the note
    assert PAYLOAD not in summary  # the schema problem's value is shown inert, never as a link


def test_a_check_in_the_future_is_due_again() -> None:
    from microskills.tools.linkcheck import CheckOptions, due

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    previous = {"https://a.example/": LinkResult("https://a.example/", "ok", "2099-01-01T00:00:00Z")}
    assert due(["https://a.example/"], previous, now, CheckOptions()) == ["https://a.example/"]


# --- one URL filter ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        PAYLOAD,
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//evil.example/",
        "/relative",
        "https:evil.example",
        "https://",
        'https://a.example/"onmouseover="x',
        "https://a.example/\x1b]0;x\x07",
        "https://a.example:port/",
        None,
        5,
    ],
)
def test_the_url_filter_lets_only_http_addresses_through(value: object) -> None:
    assert safe_url(value) == INVALID


@pytest.mark.parametrize(
    "value", ["https://a.example/x?y=1#z", "http://data.europa.eu/esco/skill/1", "HTTPS://A.EXAMPLE"]
)
def test_the_url_filter_keeps_real_addresses(value: str) -> None:
    assert safe_url(value) == value


#: Where a browser follows or fetches an address.
_URL_ATTRIBUTES = re.compile(r"\b(href|src|action|formaction|poster|srcset|data|xlink:href)=\"(\{\{.*?\}\})", re.DOTALL)


def _unfiltered(source: str) -> list[str]:
    """Attributes whose address starts with a template expression that is neither `link(...)`
    (a site-relative path built from ids) nor passed through `| safe_url`."""
    found = []
    for match in _URL_ATTRIBUTES.finditer(source):
        expression = match.group(2)[2:-2].strip()
        if expression.startswith("link(") or re.search(r"\|\s*safe_url\s*$", expression):
            continue
        found.append(match.group(0))
    return found


def test_no_template_writes_an_address_from_data_without_the_filter() -> None:
    templates = sorted((REPO / "generator" / "microskills" / "site" / "templates").glob("*.j2"))
    assert len(templates) > 10
    offenders = {p.name: _unfiltered(p.read_text()) for p in templates}
    assert {name: found for name, found in offenders.items() if found} == {}
    # The check can fail: it finds exactly the review's line as it was.
    review = '<a href="{{ row.result.target }}" rel="nofollow noopener">'
    assert _unfiltered(review) == ['href="{{ row.result.target }}']
    assert _unfiltered('<a href="{{ row.result.target | safe_url }}">') == []


#: Python that writes an `href`, and why it needs no filter.
PYTHON_LINKS = {
    "formatting.py": "field_value: the address goes through safe_url",
    "charts.py": "a bar links to a site page: `link` (relative) plus a path built from ids",
    "feed.py": "entries link to their own pages: the configured site_url plus a path built from ids",
}


def test_python_that_builds_links_uses_the_filter() -> None:
    found = {p.name for p in (REPO / "generator").rglob("*.py") if "href=" in p.read_text()}
    assert found == set(PYTHON_LINKS)
    assert "safe_url(value)" in (REPO / "generator" / "microskills" / "site" / "formatting.py").read_text()


def test_even_unvalidated_link_data_links_nowhere(tmp_path: Path) -> None:
    """Defence in depth: the Quality page rendered from link data that never met the validator."""
    root = materialise(None, tmp_path / "catalogue")
    url = _used_url(root)
    result = check(root, today=TODAY)
    links = {url: LinkResult(url, "dead", "2026-11-30T00:00:00Z", 404, PAYLOAD, "HTTP 404")}
    renderer = assemble.renderer(result.catalogue, RenderOptions("https://example.org/", TODAY, RepoLinks(), links))
    pages = assemble.section_pages(renderer)
    quality = pages["quality/index.md"].decode()
    assert 'href="about:invalid"' in quality and 'href="javascript' not in quality.lower()
    entry = renderer.entry_page(result.catalogue.credentials["python-institute-pcap"]).decode()
    assert "Dead link." in entry and 'href="javascript' not in entry.lower()


def test_validate_warns_about_addresses_that_are_not_public_sites() -> None:
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://2130706433/",
        "http://localhost:8080/",
        "https://intranet.localhost/",
        "http://10.0.0.1/",
        "http://8.8.8.8/",
    ):
        assert private_host_reason(url), url
    assert private_host_reason("https://www.example.org/") is None


def test_private_hosts_are_a_named_warning(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    path = root / "credentials" / "python-institute-pcap.yaml"
    url = _used_url(root)
    path.write_text(path.read_text().replace(url, "http://169.254.169.254/latest/meta-data/"))
    code, problems, _ = _validate(root)
    assert code == 0
    assert problems and {(p["rule"], p["severity"]) for p in problems} == {("url.private-host", "warning")}
    assert "link-local" in problems[0]["message"]


# --- the Content-Security-Policy ------------------------------------------------------------------------

_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def test_every_page_has_the_policy_before_any_script_and_no_inline_script(base_site: Path) -> None:
    pages = sorted(base_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text()
        meta = _CSP_META.search(html)
        assert meta, page
        policy = meta.group(1)
        assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "unsafe-inline" not in policy
        assert "default-src 'none'" in policy and "connect-src 'self'" in policy
        first_script = html.find("<script")
        assert first_script == -1 or meta.start() < first_script, page
        for attributes in _SCRIPT.findall(html):
            # Executable only from a file; inline blocks are data (JSON, JSON-LD), which CSP allows.
            assert "src=" in attributes or re.search(r'type="application/(ld\+)?json"', attributes), (page, attributes)


@pytest.fixture(scope="module")
def base_url(base_site: Path) -> Iterator[str]:
    yield from serve(base_site)


#: The page types and the event each waits for (the page's own "done" state): home, an entry of
#: each kind, Explore with a query, the planner, compare, stats, quality, a missing page.
PAGES = {
    "": None,
    "skills/sql-select-queries/": None,
    "credentials/python-institute-pcap/": None,
    "providers/python-institute/": None,
    "pathways/junior-data-analyst/": None,
    "categories/": None,
    "search/?q=python": "#ms-explore[data-state=done]",
    "plan/?pathway=junior-data-analyst": "#ms-planner[data-state=done]",
    "compare/?ids=python-institute-pcap,python-institute-pcep": "#ms-compare[data-state=done]",
    "stats/": None,
    "quality/": None,
    "glossary/": None,
    "404.html": None,
}

_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""


@pytest.mark.browser
def test_every_page_type_works_under_the_policy(chromium: Any, base_url: str, base_site: Path) -> None:
    for path in PAGES:
        if not path.startswith(("search/", "plan/", "compare/", "404")):
            assert (base_site / path.split("?")[0] / "index.html").exists() or path == "", path
    context = chromium.new_context()
    page = context.new_page()
    page.add_init_script(_RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    try:
        failures: dict[str, list[str]] = {}
        for path, done in PAGES.items():
            page.goto(base_url + path, wait_until="load")
            if done:
                page.wait_for_selector(done, timeout=15_000)
            if path.startswith("search/"):
                assert page.locator(".ms-result").count() > 0
            violations = page.evaluate("window.__violations")
            found = violations + [m for m in console if "Content Security Policy" in m]
            assert page.evaluate("typeof __md_get") == "function", path  # the theme's start-up ran
            if found:
                failures[path] = found
            console.clear()
        assert failures == {}
        # The policy is really enforced: an injected inline script does not run, and is reported.
        page.goto(base_url, wait_until="load")
        inject = "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; "
        page.evaluate(inject + "document.body.append(s); }")
        page.wait_for_function("() => window.__violations.length > 0")
        assert page.evaluate("window.__ran") is None
        assert page.evaluate("window.__violations")[0].startswith("script-src")
    finally:
        context.close()


@pytest.mark.browser
def test_the_palette_choice_survives_under_the_policy(chromium: Any, base_url: str) -> None:
    """The theme's inline start-up code now runs from files: the colour scheme choice is kept."""
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        before = page.get_attribute("body", "data-md-color-scheme")
        page.click("label[for=__palette_1]")
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {json.dumps(before)}")
        chosen = page.get_attribute("body", "data-md-color-scheme")
        page.goto(base_url + "stats/", wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == chosen != before
    finally:
        context.close()
