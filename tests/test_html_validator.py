"""The site's markup passes the W3C validator's engine, the Nu Html Checker (vnu.jar, pinned in
tools/vnu/package-lock.json; Java from `make java`), except for the errors in Material for
MkDocs' own markup, which are listed below with the reason each is the theme's.

One JVM start for the whole module: the built pages and a small page of known mistakes go to vnu
in one call (`--format json`), so the check of the site and the proof that the check can fail
read the same run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

VNU_JAR = REPO / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: The pages checked: one of each page template a visitor meets. For entry pages, the largest page
#: of its kind (the one with the most sections filled in), so the choice follows the catalogue.
PAGES = (
    "index.html",
    "404.html",
    "search/index.html",
    "plan/index.html",
    "compare/index.html",
    "audit/index.html",
    "profile/index.html",
    "stats/index.html",
    "quality/index.html",
    "downloads/index.html",
    "contributing/index.html",
    "glossary/index.html",
)
ENTRY_KINDS = ("credentials", "skills", "providers", "pathways")


@dataclass(frozen=True)
class ThemeError:
    """An error in markup that Material for MkDocs writes and this project does not override:
    the message, the start tag vnu points at, and why the element is the theme's."""

    message: re.Pattern[str]
    element: re.Pattern[str]
    why: str


THEME_ERRORS = (
    ThemeError(
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
        re.compile(r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1"'),
        "Material's base.html: the drawer and search toggles are checkboxes with autocomplete=off, "
        "which keeps Firefox from restoring them checked on reload; the attribute is not allowed on "
        "checkboxes. We do not override base.html.",
    ),
    ThemeError(
        re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
        re.compile(r'^<label class="md-nav__link" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">$'),
        "Material's partials/nav-item.html: with navigation.tabs, the heading of the section the page "
        'is in gets tabindex="{{ tabindex }}" with tabindex left unset for sections: an empty value.',
    ),
)


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    message: str
    element: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.message} [{self.element}]"


@dataclass(frozen=True)
class Report:
    """vnu's errors, sorted into ours and the theme's, and its non-error messages."""

    ours: list[Finding]
    theme: list[tuple[ThemeError, Finding]]
    warnings: list[Finding]
    pages: list[str]


def theme_error(finding: Finding) -> ThemeError | None:
    for known in THEME_ERRORS:
        if known.message.search(finding.message) and known.element.search(finding.element):
            return known
    return None


def largest_page(site: Path, kind: str) -> str:
    pages = [p for p in (site / kind).glob("*/index.html")]
    assert pages, f"no {kind} pages in {site}"
    return max(pages, key=lambda p: (p.stat().st_size, str(p))).relative_to(site).as_posix()


#: A page with the mistakes this check exists for, in markup we write: an empty form action, a
#: label pointing at a hidden control, a details element without a summary, and the theme's
#: autocomplete mistake on a checkbox that is not the theme's toggle (so it is ours).
BAD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Known mistakes</title></head>
<body>
<form action="" method="get"><label for="q">Search</label><input type="hidden" id="q" name="q"></form>
<details class="ms-more" hidden></details>
<input class="ms-toggle" type="checkbox" id="ms-toggle" autocomplete="off">
<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">
</body></html>
"""


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    java = shutil.which("java")
    assert java, "Java is missing: `make test` installs Debian's default-jre-headless (scripts/ensure-java.sh)"
    assert VNU_JAR.is_file(), "vnu.jar is missing: run `make node-tools` (tools/vnu/package-lock.json)"
    # C1 only and the serial collector: a short run spends most of its time compiling, and these
    # cut it from about 12 s to 3.5 s on the 2-core machine with the same messages; the quicker
    # code needs a deeper stack than the default 512 kB for vnu's schema.
    jvm = ("-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
    proc = subprocess.run(
        [java, *jvm, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    messages: list[dict[str, Any]] = json.loads(proc.stdout)["messages"]
    return messages


def message_path(message: dict[str, Any]) -> Path:
    """The file a message is about (vnu writes `file:/path` addresses)."""
    return Path(str(message.get("url", "")).removeprefix("file:"))


def sort_messages(messages: list[dict[str, Any]], root: Path) -> Report:
    ours: list[Finding] = []
    theme: list[tuple[ThemeError, Finding]] = []
    warnings: list[Finding] = []
    for message in messages:
        extract = str(message.get("extract", ""))
        start = int(message.get("hiliteStart", 0))
        element = extract[start : start + int(message.get("hiliteLength", 0))]
        path = message_path(message)
        page = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        finding = Finding(page, int(message.get("lastLine", 0)), str(message["message"]), element)
        if message["type"] == "info":
            warnings.append(finding)
        elif message["type"] == "error" and (known := theme_error(finding)) is not None:
            theme.append((known, finding))
        else:  # errors, and "non-document-error" (a page vnu could not read): never passed over
            ours.append(finding)
    return Report(ours, theme, warnings, [])


@pytest.fixture(scope="module")
def report(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    """(the site's pages, the page of known mistakes), from one vnu run."""
    bad = tmp_path_factory.mktemp("vnu") / "known-mistakes.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    pages = [*PAGES, *(largest_page(real_site, kind) for kind in ENTRY_KINDS)]
    files = [real_site / page for page in pages]
    for file in files:
        assert file.is_file(), file
    messages = run_vnu([*files, bad])
    on_bad = [message_path(m) == bad for m in messages]
    site = sort_messages([m for m, b in zip(messages, on_bad, strict=True) if not b], real_site)
    known = sort_messages([m for m, b in zip(messages, on_bad, strict=True) if b], bad.parent)
    return Report(site.ours, site.theme, site.warnings, pages), known


def test_our_markup_has_no_validator_errors(report: tuple[Report, Report]) -> None:
    site, _ = report
    assert len(site.pages) == len(PAGES) + len(ENTRY_KINDS)
    assert site.ours == [], "\n".join(map(str, site.ours))


def test_the_theme_errors_listed_are_all_still_there(report: tuple[Report, Report]) -> None:
    """The list of the theme's errors stays exact: one that a Material upgrade fixed is removed from
    THEME_ERRORS (and from docs/performance.md), so it cannot hide the same mistake in our markup."""
    site, _ = report
    seen = Counter(known.why for known, _ in site.theme)
    assert set(seen) == {known.why for known in THEME_ERRORS}, seen


def test_the_check_finds_our_mistakes_and_tells_them_from_the_themes(report: tuple[Report, Report]) -> None:
    _, known = report
    messages = [finding.message for finding in known.ours]
    assert any("Bad value “” for attribute “action” on element “form”" in m for m in messages), messages
    assert any("“label” element must be the ID of a non-hidden form control" in m for m in messages), messages
    assert any("“details” is missing a required instance of child element “summary”" in m for m in messages), messages
    ours_autocomplete = [f for f in known.ours if "autocomplete" in f.message]
    assert [f.element for f in ours_autocomplete] == [
        '<input class="ms-toggle" type="checkbox" id="ms-toggle" autocomplete="off">'
    ]
    assert [f.element for _, f in known.theme] == [
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    ]
