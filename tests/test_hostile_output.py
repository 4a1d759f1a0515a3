"""Security issue 19, items 4, 8 and 10 (the summary's code spans): what the tool prints or writes
for people is inert.

- Terminal escapes (OSC, CSI, C1 controls, direction overrides) in file names that `fmt` prints
  (from the folder and from git) and in ESCO CSV labels (`import esco`, text and JSON) never reach
  stdout or stderr raw. (`check-links`, with a server's Location header:
  tests/test_hostile_linkcheck.py.)
- In the Markdown written for GitHub (the weekly issue, the pull-request summary) no contributed
  or server text makes a mention, an issue or commit link, an auto-linked address, Markdown or
  HTML; a backtick in a file name cannot close a code span.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from microskills.check.linkdata import LinkResult
from microskills.check.pipeline import check
from microskills.core import gfm
from microskills.site.contribute import RepoLinks
from microskills.site.sections.quality import build_report, markdown

from benchmarks.changed_validate import commit_everything
from tests.conftest import TODAY, TODAY_ARG, materialise, run_cli

pytestmark = pytest.mark.slow

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
CONTROLS = "\x1b\x07\x9b\u202e"


def _assert_clean(output: str) -> None:
    for char in CONTROLS:
        assert char not in output, repr(char)


def test_fmt_prints_file_names_through_show(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "repo" / "catalogue")
    commit_everything(root.parent, "base")
    lines = (root / "skills" / "sql-select-queries.yaml").read_text().splitlines(keepends=True)
    hostile = root / "skills" / f"x{ESCAPES}.yaml"
    hostile.write_text("".join([lines[-1], *lines[:-1]]))  # keys out of order: fmt would change it
    for args in (["fmt", "--check", "catalogue"], ["fmt", "--check", "--changed", "HEAD", "catalogue"], ["fmt"]):
        proc = run_cli(*args, cwd=root.parent)
        output = proc.stdout + proc.stderr
        assert "\\u001b]0;pwned\\u0007" in output, output  # named, as an escape
        _assert_clean(output)


def test_import_esco_prints_csv_labels_through_show(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    csv = tmp_path / "skills.csv"
    csv.write_text(
        "conceptUri,preferredLabel,altLabels,skillType,reuseLevel,description\n"
        f'http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d,"Python{ESCAPES}",'
        f'"SQL SELECT queries{ESCAPES}",skill,,x\n'
        f'http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000000,"Evil{ESCAPES}",,skill,,x\n',
        encoding="utf-8",
    )
    for extra in ([], ["--format", "json"]):
        proc = run_cli("import", "esco", str(csv), str(root), "--today", TODAY_ARG, *extra, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "\\u001b" in proc.stdout  # the labels are there, escaped
        _assert_clean(proc.stdout + proc.stderr)


#: What GitHub turns into links or notifications, in the text it renders (references decoded).
AUTO_LINKS = {
    "mention": re.compile(r"(?<![0-9A-Za-z`])@[0-9A-Za-z]"),
    "issue": re.compile(r"(?<![0-9A-Za-z&])#[0-9]"),
    "commit": re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{7,40}(?![0-9A-Za-z])"),
    "address": re.compile(r"(?i)[a-z][a-z0-9+.-]*://|www\."),
}
#: Markdown and HTML syntax, in the Markdown source.
MARKUP = re.compile(r"[<>*_`\[\]|]")
HOSTILE = (
    "ok\xa0@octocat and @org/team #123 owner/repo#45 deadbeefcafe1234 https://evil.example www.evil.example "
    "user@example.com `code` **bold** [x](javascript:y) <img src=x> | cell"
)


def _live(markdown_text: str) -> dict[str, list[str]]:
    """Auto-links left in the text GitHub renders (references decoded), and markup in the source."""
    seen = html.unescape(markdown_text)
    found = {name: hits for name, pattern in AUTO_LINKS.items() if (hits := pattern.findall(seen))}
    markup = MARKUP.findall(markdown_text)
    return {**found, "markup": markup} if markup else found


def test_gfm_text_leaves_nothing_for_github_to_act_on() -> None:
    assert _live(HOSTILE), "the patterns find the raw text's auto-links (so the check can fail)"
    assert _live(gfm.text(HOSTILE)) == {}
    assert _live(gfm.code("a`b@c #1.yaml")) == {"markup": ["<", ">", "<", ">"]}  # the <code> element itself
    assert "\u200b" not in gfm.text(HOSTILE)  # written as a reference: the file holds no invisible character
    assert html.unescape(gfm.text("line\nbreak\u202e")) == "line\\u000abreak\\u202e"


def test_the_weekly_issue_neutralises_what_a_server_says(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    catalogue = check(root, today=TODAY).catalogue
    url = catalogue.credentials["python-institute-pcap"].raw["url"]
    links = {url: LinkResult(url, "dead", "2026-11-30T00:00:00Z", 404, reason="HTTP 404 " + HOSTILE)}
    text = markdown(build_report(catalogue, links, TODAY), RepoLinks())
    row = next(line for line in text.splitlines() if "HTTP 404" in line)
    cells = row.split(" | ")
    assert len(cells) == 4  # no cell was split by a contributed `|`
    reason = cells[1]
    assert gfm.text(HOSTILE) in reason and _live(reason) == {}
    assert "@octocat" not in text


def test_the_summary_neutralises_names_and_file_names(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "repo" / "catalogue")
    commit_everything(root.parent, "base")
    path = root / "providers" / "google.yaml"
    path.write_text(path.read_text().replace("name: Google", "name: Google @octocat #1 deadbeefcafe www.evil.example"))
    (root / "skills" / "a`b.yaml").write_text("id: x\n")  # a backtick in a file name
    proc = run_cli(
        "validate", "catalogue", "--changed", "HEAD", "--format", "summary", "--today", TODAY_ARG, cwd=root.parent
    )
    assert proc.returncode == 1
    text = proc.stdout
    assert "`" not in text  # no code span a name could close: <code> elements
    assert "<code>catalogue/skills/a&#96;b.yaml</code>" in text
    prose = re.sub(r"<code>.*?</code>", "", text)
    assert "@octocat" not in text and "#1 " not in text and "www.evil" not in text
    live = _live(re.sub(r"</?(code|br)>", "", prose))
    assert set(live) <= {"markup"} and set(live.get("markup", [])) <= {"|", "*"}, live  # tables and bold are ours
