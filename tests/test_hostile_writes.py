"""Security issue 19, items 1, 7 and 10 (`new`): nothing the tool writes goes through a link.

- The review's reproduction: a pull request adds `catalogue/skills/.abap-cds-data-modelling.yaml.tmp
  -> ../../Makefile` and a badly formatted entry whose description starts `$(shell ...)`. Now
  `validate`, `validate --changed` and its pull-request summary report the link as an error, and
  `fmt` (as the maintainer, or the pre-commit hook, runs it), `check-links` and `import esco`
  leave the Makefile as it was. Siblings: the data file itself a link, a linked kind folder, a
  file given through a linked folder, `new` into a linked folder, stray and hidden files.
- `safewrite`, the one writer: refuses links, folders reached through links, places outside its
  root; a failed write leaves the old file and no temporary file.
- A scan of `generator/` finds no other way of writing a file (an explicit, justified allow-list
  for the build's fresh scratch folders).
- Item 7: a committed `site -> scripts` link, or a folder with a committed marker, is never
  replaced by `build`.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from microskills.check.linkdata import LinkResult, dump_results, entry_urls
from microskills.check.pipeline import check
from microskills.core import safewrite

from benchmarks.changed_validate import commit_everything
from tests.conftest import REPO, TODAY, TODAY_ARG, materialise, run_cli

pytestmark = pytest.mark.slow

PAYLOAD_MAKEFILE = "site:\n\techo building\n"
#: The review's entry: valid data, not in `fmt`'s layout, and a description that is a Make command.
MESSY_ENTRY = """\
name: ABAP CDS data modelling
id: abap-cds-data-modelling
statement: Model data for SAP applications with ABAP Core Data Services views and associations.
category: data-analysis
description: |
  $(shell touch {marker})
  Defining CDS views, associations and annotations over database tables.
skill_type: 'skill'
sources:
- https://help.sap.com/docs/abap-cloud/abap-data-models/abap-data-models
last_verified: '2026-11-21'
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def attack(tmp_path: Path) -> Path:
    """A project (git work tree) whose pull request plants the review's link and entry."""
    project = tmp_path / "project"
    root = materialise(None, project / "catalogue")
    (project / "Makefile").write_text(PAYLOAD_MAKEFILE)
    commit_everything(project, "base")
    (root / "skills" / "abap-cds-data-modelling.yaml").write_text(MESSY_ENTRY.format(marker=tmp_path / "pwned"))
    (root / "skills" / ".abap-cds-data-modelling.yaml.tmp").symlink_to("../../Makefile")
    return project


def _json(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return list(json.loads(proc.stdout)["problems"]) if proc.stdout.startswith("{") else []


LINK = "catalogue/skills/.abap-cds-data-modelling.yaml.tmp"


def test_the_planted_link_fails_validate_and_the_pull_request_summary(attack: Path) -> None:
    full = run_cli("validate", "catalogue", "--format", "json", "--today", TODAY_ARG, cwd=attack)
    assert full.returncode == 1
    assert ("file.symlink", "error") in {(p["rule"], p["severity"]) for p in _json(full) if p["file"] == LINK}
    changed = run_cli(
        "validate", "catalogue", "--changed", "HEAD", "--format", "json", "--today", TODAY_ARG, cwd=attack
    )
    assert changed.returncode == 1
    assert [p["rule"] for p in _json(changed) if p["file"] == LINK] == ["file.symlink"]
    summary = run_cli(
        "validate", "catalogue", "--changed", "HEAD", "--format", "summary", "--today", TODAY_ARG, cwd=attack
    )
    assert summary.returncode == 1
    assert "| other files | 1 | 0 | 0 |" in summary.stdout
    assert "<code>file.symlink</code>" in summary.stdout
    assert ".abap-cds-data-modelling.yaml.tmp" in summary.stdout


def test_fmt_as_the_maintainer_runs_it_leaves_the_makefile_alone(attack: Path) -> None:
    makefile = attack / "Makefile"
    before = _digest(makefile)
    check_only = run_cli("fmt", "--check", "catalogue", cwd=attack)
    assert check_only.returncode == 1
    assert f"{LINK}: error [file.symlink]" in check_only.stderr  # fmt --check names the link too
    for command in (["fmt", "catalogue"], ["fmt", "catalogue/skills/abap-cds-data-modelling.yaml"]):
        run_cli(*command, cwd=attack)
        assert _digest(makefile) == before
    entry = (attack / "catalogue" / "skills" / "abap-cds-data-modelling.yaml").read_text()
    assert entry.startswith("id: abap-cds-data-modelling\n")  # the entry itself was formatted
    leftovers = [p.name for p in (attack / "catalogue").rglob(".*.tmp") if not p.is_symlink()]
    assert leftovers == []


def test_check_links_writes_its_data_file_without_following_a_link(attack: Path) -> None:
    root = attack / "catalogue"
    makefile = attack / "Makefile"
    before = _digest(makefile)
    (root / ".link-check.json.tmp").symlink_to("../Makefile")
    # Every link checked yesterday: nothing is due, no request is made, and the file is saved.
    urls = [url for entry in check(root, today=TODAY).catalogue.entries() for url in entry_urls(entry.raw)]
    checked = {url: LinkResult(url, "ok", "2026-11-30T00:00:00Z", 200, reason="HTTP 200") for url in urls}
    (root / "link-check.json").write_text(dump_results(checked))
    proc = run_cli("check-links", "catalogue", "--now", "2026-12-01T03:00:00Z", cwd=attack)
    assert proc.returncode == 0 and "Checked 0 of" in proc.stderr, proc.stderr
    assert _digest(makefile) == before
    assert (root / ".link-check.json.tmp").is_symlink() and not (root / "link-check.json").is_symlink()
    assert set(json.loads((root / "link-check.json").read_text())["results"]) == set(urls)


def test_a_linked_data_file_is_neither_read_nor_written(attack: Path) -> None:
    root = attack / "catalogue"
    makefile = attack / "Makefile"
    before = _digest(makefile)
    (root / "link-check.json").symlink_to("../Makefile")
    proc = run_cli("check-links", "catalogue", "--now", "2026-12-01T03:00:00Z", cwd=attack)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "[file.symlink]" in proc.stderr
    assert _digest(makefile) == before and (root / "link-check.json").is_symlink()


def test_import_esco_refuses_a_catalogue_with_the_link(attack: Path, tmp_path: Path) -> None:
    csv = tmp_path / "skills.csv"
    csv.write_text(
        "conceptUri,preferredLabel,altLabels,skillType,reuseLevel,description\n"
        "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d,Python,,skill,,Python.\n"
    )
    before = _digest(attack / "Makefile")
    proc = run_cli("import", "esco", str(csv), "catalogue", "--write", "--today", TODAY_ARG, cwd=attack)
    assert proc.returncode == 1 and "[file.symlink]" in proc.stderr and "Nothing was imported" in proc.stderr
    assert _digest(attack / "Makefile") == before


def test_fmt_finds_files_as_validate_does(tmp_path: Path) -> None:
    """A linked kind folder is reported, never entered: files outside the catalogue stay as they are."""
    root = materialise(None, tmp_path / "catalogue")
    outside = tmp_path / "elsewhere"
    (root / "pathways").rename(outside)
    (root / "pathways").symlink_to(outside)
    messy = outside / "junior-data-analyst.yaml"
    messy.write_text("name: Junior data analyst\n" + messy.read_text())  # out of order, would be formatted
    before = {p.name: _digest(p) for p in outside.iterdir()}
    proc = run_cli("fmt", "catalogue", cwd=tmp_path)
    assert proc.returncode == 1 and "catalogue/pathways: error [file.symlink]" in proc.stderr, proc.stderr
    assert {p.name: _digest(p) for p in outside.iterdir()} == before
    # Named directly, through the linked folder: refused, not read, not written.
    proc = run_cli("fmt", "catalogue/pathways/junior-data-analyst.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and "[file.symlink]" in proc.stderr
    assert {p.name: _digest(p) for p in outside.iterdir()} == before


def test_new_never_writes_through_a_linked_folder(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in os.listdir(root / "providers"):
        (root / "providers" / name).unlink()
    (root / "providers").rmdir()
    (root / "providers").symlink_to(outside)
    proc = run_cli("new", "provider", "acme", "--catalogue", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 1 and "symbolic link" in proc.stderr and "Traceback" not in proc.stderr
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("entry_id", "reason"),
    [("python-basics\n", "is not a valid id"), ("con", "device name"), ("index", "reserved"), ("aux", "device name")],
)
def test_new_refuses_ids_validate_would_refuse(entry_id: str, reason: str, tmp_path: Path) -> None:
    materialise(None, tmp_path / "catalogue")
    proc = run_cli("new", "skill", entry_id, "--catalogue", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 1 and reason in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    assert sorted(p.name for p in (tmp_path / "catalogue" / "skills").iterdir()) == sorted(
        p.name for p in (REPO / "tests" / "catalogues" / "base" / "skills").iterdir()
    )


@pytest.mark.parametrize(
    ("plant", "file", "rule"),
    [
        (lambda root: (root / "skills" / ".notes").write_text("x"), "skills/.notes", "file.stray"),
        (lambda root: (root / "skills" / "README.md").write_text("x"), "skills/README.md", "file.stray"),
        (lambda root: (root / "skills" / "sub").mkdir(), "skills/sub", "file.stray"),
        (
            lambda root: (root / ".link-check.json.tmp").symlink_to("../Makefile"),
            ".link-check.json.tmp",
            "file.symlink",
        ),
        (lambda root: (root / "docs").mkdir() or (root / "docs" / "x").symlink_to("/etc"), "docs/x", "file.symlink"),
        (lambda root: (root / "skills" / ".x.yaml").symlink_to("/etc/passwd"), "skills/.x.yaml", "file.symlink"),
    ],
)
def test_stray_files_and_links_anywhere_are_errors(plant: Any, file: str, rule: str, tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "repo" / "catalogue")
    commit_everything(root.parent, "base")
    plant(root)
    for extra in ([], ["--changed", "HEAD"]):
        proc = run_cli("validate", "catalogue", "--format", "json", "--today", TODAY_ARG, *extra, cwd=root.parent)
        assert proc.returncode == 1, proc.stdout
        problems = _json(proc)
        assert [(p["rule"], p["severity"]) for p in problems] == [(rule, "error")], (extra, problems)
        assert problems[0]["file"] == f"catalogue/{file}"


# --- the one writer -----------------------------------------------------------------------------------


def test_safewrite_refuses_links_and_places_outside_its_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "skills").mkdir(parents=True)
    secret = tmp_path / "secret"
    secret.write_text("keep")
    (root / "skills" / "link.yaml").symlink_to(secret)
    (root / "linked").symlink_to(tmp_path)
    (root / "dangling.yaml").symlink_to(tmp_path / "created-through-the-link")
    for target, reason in [
        (root / "skills" / "link.yaml", "symbolic link"),
        (root / "dangling.yaml", "symbolic link"),
        (root / "linked" / "secret", "symbolic link or not a folder"),
        (root / ".." / "secret", "outside"),
        (tmp_path / "secret", "outside"),
        (root / "skills", "not a regular file"),
    ]:
        with pytest.raises(safewrite.UnsafeWriteError, match=reason):
            safewrite.write_text(target, "changed", root=root)
    assert secret.read_text() == "keep" and not (tmp_path / "created-through-the-link").exists()
    safewrite.write_text(root / "skills" / "new.yaml", "new", root=root)
    with pytest.raises(safewrite.UnsafeWriteError, match="exists already"):
        safewrite.write_text(root / "skills" / "new.yaml", "again", root=root, exclusive=True)
    assert (root / "skills" / "new.yaml").read_text() == "new"
    safewrite.write_text(root / "a" / "b" / "c.yaml", "deep", root=root, parents=True)
    assert (root / "a" / "b" / "c.yaml").read_text() == "deep"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "entry.yaml"
    target.write_text("old")
    target.chmod(0o640)

    def broken(fd: int, content: bytes, durable: bool) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite, "_write_all", broken)
    with pytest.raises(OSError, match="No space"):
        safewrite.write_text(target, "new", root=tmp_path)
    monkeypatch.undo()
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["entry.yaml"]
    safewrite.write_text(target, "new", root=tmp_path)
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640  # permissions kept


#: Writes outside `safewrite`, each justified. (module, function) -> why it is safe.
ALLOWED_WRITES = {
    ("generator/microskills/core/safewrite.py", "*"): "the one writer itself",
    (
        "generator/microskills/site/build.py",
        "swap_in",
    ): "renames whole folders: the staging site (made by mkdtemp beside the site) "
    "into place and the retired site aside, after `may_replace` (marker, nothing tracked, no link)",
    (
        "generator/microskills/site/build.py",
        "build_site",
    ): "moves Pagefind's bundles from build/.search, which the indexer deletes "
    "and recreates, into the staging site made by mkdtemp",
    (
        "generator/microskills/site/shards.py",
        "prepare",
    ): "writes into build/.shards, which it deletes and recreates first, inside "
    "the build folder `check_outputs` vetted",
    ("generator/microskills/site/shards.py", "_link"): "hard-links or copies a page into build/.shards (see `prepare`)",
    (
        "generator/microskills/site/shards.py",
        "merge",
    ): "moves pages from a shard's fresh site into the staging site made by mkdtemp",
    (
        "generator/microskills/site/engine.py",
        "run_zensical",
    ): "moves Zensical's fresh output from build/.zensical-site (removed first) into the staging site made by mkdtemp",
    (
        "generator/microskills/site/engine.py",
        "write_sitemap",
    ): "writes sitemap.xml(.gz) into the staging site made by mkdtemp",
    (
        "generator/microskills/site/search.py",
        "SearchIndexer._run",
    ): "stub pages and Pagefind's log in build/.search, which it deletes and recreates first",
}
_WRITE_METHODS = {"write_text", "write_bytes", "rename", "symlink_to", "hardlink_to", "touch", "link_to", "mkstemp"}
_WRITE_FUNCTIONS = {
    ("os", "replace"),
    ("os", "rename"),
    ("os", "renames"),
    ("os", "link"),
    ("os", "symlink"),
    ("os", "write"),
    ("os", "truncate"),
    ("shutil", "move"),
    ("shutil", "copy"),
    ("shutil", "copy2"),
    ("shutil", "copyfile"),
    ("shutil", "copytree"),
    ("tempfile", "mkstemp"),
    ("tempfile", "NamedTemporaryFile"),
}
_WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}


def _mode(call: ast.Call, position: int) -> str | None:
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return str(call.args[position].value)
    for keyword in call.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    return None


def _is_write(call: ast.Call) -> str | None:
    """What the call writes with, or None: the patterns of an in-place write in this code base."""
    func = call.func
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        if owner == "safewrite":  # the one writer
            return None
        if (owner, func.attr) in _WRITE_FUNCTIONS:
            return f"{owner}.{func.attr}"
        if owner == "os" and func.attr == "open":
            flags = {n.attr for n in ast.walk(call) if isinstance(n, ast.Attribute)} | {
                n.id for n in ast.walk(call) if isinstance(n, ast.Name)
            }
            return "os.open for writing" if flags & _WRITE_FLAGS or len(call.args) > 2 else None
        if owner == "os" and func.attr == "fdopen":
            mode = _mode(call, 1) or "r"
            return "os.fdopen for writing" if set(mode) & set("wax+") else None
        if func.attr in _WRITE_METHODS:
            return f".{func.attr}()"
        if func.attr == "replace" and len(call.args) == 1 and not call.keywords:  # Path.replace (str has 2 args)
            return ".replace(target)"
        if func.attr == "open":
            mode = _mode(call, 0) or "r"
            return f".open({mode!r})" if set(mode) & set("wax+") else None
    if isinstance(func, ast.Name) and func.id == "open":
        mode = _mode(call, 1) or "r"
        return f"open({mode!r})" if set(mode) & set("wax+") else None
    return None


def writes_in(source: str) -> list[tuple[str, str, int]]:
    """(function, pattern, line) of every write in `source`."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(child, [*scope, child.name])
                continue
            if isinstance(child, ast.Call):
                what = _is_write(child)
                if what:
                    found.append((".".join(scope) or "<module>", what, child.lineno))
            visit(child, scope)

    visit(ast.parse(source), [])
    return found


def test_every_write_in_the_code_goes_through_safewrite() -> None:
    unexplained = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        module = path.relative_to(REPO).as_posix()
        for function, what, line in writes_in(path.read_text(encoding="utf-8")):
            top = function.split(".")
            allowed = {(module, "*"), (module, function), (module, top[-1] if len(top) > 1 else function)}
            if not allowed & set(ALLOWED_WRITES):
                unexplained.append(f"{module}:{line} {function}: {what}")
    assert unexplained == [], "write through microskills.core.safewrite (or justify it in ALLOWED_WRITES)"
    # Every allow-list entry is still needed (a stale one would hide nothing, but mislead).
    used = {
        (path.relative_to(REPO).as_posix(), function)
        for path in (REPO / "generator").rglob("*.py")
        for function, _, _ in writes_in(path.read_text(encoding="utf-8"))
    }
    for module, function in ALLOWED_WRITES:
        assert function == "*" or (module, function) in used, (module, function)


def test_the_scan_finds_each_kind_of_write() -> None:
    """The scan can fail: the review's writers, as they were, are each found."""
    review = """
def fmt(path, formatted):
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(formatted, encoding="utf-8")
    temporary.replace(path)

def others(path, fd):
    open(path, "w").write("x")
    path.open("a")
    os.replace("a", "b")
    os.open(path, os.O_WRONLY | os.O_CREAT)
    shutil.copy2("a", "b")
    "text".replace("a", "b")
    open(path).read()
    os.open(path, os.O_RDONLY)
"""
    found = [(function, what) for function, what, _ in writes_in(review)]
    assert found == [
        ("fmt", ".write_text()"),
        ("fmt", ".replace(target)"),
        ("others", "open('w')"),
        ("others", ".open('a')"),
        ("others", "os.replace"),
        ("others", "os.open for writing"),
        ("others", "shutil.copy2"),
    ]


# --- item 7: build never replaces a tracked folder, or one reached through a link -----------------


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    materialise(None, project / "catalogue")
    (project / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    (project / "docs").mkdir()
    (project / "scripts").mkdir()
    (project / "scripts" / "deploy.sh").write_text("#!/bin/sh\necho deploy\n")
    return project


def test_a_committed_site_link_with_a_planted_marker_is_refused(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "scripts" / ".microskills-output").write_text("planted\n")
    (project / "site").symlink_to("scripts")
    commit_everything(project, "a pull request")
    before = {p.name: _digest(p) for p in (project / "scripts").iterdir()}
    proc = run_cli("build", "catalogue", "--today", TODAY_ARG, cwd=project, timeout=300)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr, proc.stderr
    assert {p.name: _digest(p) for p in (project / "scripts").iterdir()} == before
    # Through a linked folder further up, too.
    (project / "out").symlink_to("scripts")
    proc = run_cli("build", "catalogue", "--out", "out/site", "--today", TODAY_ARG, cwd=project, timeout=300)
    assert proc.returncode == 2 and "passes through the symbolic link" in proc.stderr


def test_a_marker_that_git_tracks_makes_no_folder_ours(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / ".microskills-output").write_text("planted\n")
    (project / "site" / "keep.txt").write_text("tracked work\n")
    commit_everything(project, "a pull request")
    proc = run_cli("build", "catalogue", "--today", TODAY_ARG, cwd=project, timeout=300)
    assert proc.returncode == 2 and "refusing --out site" in proc.stderr, proc.stderr
    assert (project / "site" / "keep.txt").read_text() == "tracked work\n"
    # The same folder, untracked (as a real build leaves it): accepted.
    subprocess.run(["git", "-C", str(project), "rm", "-rq", "--cached", "site"], check=True)
    subprocess.run(["git", "-C", str(project), "commit", "-qm", "untrack"], check=True)
    from microskills.site.paths import git_tracks

    assert not git_tracks(project / "site")
    assert git_tracks(project / "catalogue")
