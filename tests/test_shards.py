"""Sharded builds give exactly the site plain `mkdocs build` gives."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from microskills.site.paths import MARKER
from microskills.site.shards import is_entry_page, nav_stub, shard_count

from tests.conftest import BASE, TODAY_ARG, build_project, make_project

pytestmark = pytest.mark.slow
EPOCH = {"SOURCE_DATE_EPOCH": "1795305600", "NO_MKDOCS_2_WARNING": "1"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith("pagefind")
    }


def test_sharded_build_is_byte_identical_to_plain_mkdocs(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    proc = build_project(BASE, project, "--jobs", "3", "--strict", "--today", TODAY_ARG, env=EPOCH)
    assert proc.returncode == 0, proc.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "build/mkdocs.yml", "-d", str(tmp_path / "plain")],
        cwd=project,
        env={**os.environ, **EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode == 0, plain.stderr
    sharded, reference = _tree(project / "site"), _tree(tmp_path / "plain")
    assert sharded.pop(MARKER)  # the marker that lets the next build replace this site (microskills/site/paths.py)
    assert sorted(sharded) == sorted(reference)
    different = [name for name in reference if sharded[name] != reference[name]]
    assert different == []
    assert not (project / "build" / ".shards").exists()
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    assert filecmp.cmp(project / "site" / "sitemap.xml", tmp_path / "plain" / "sitemap.xml", shallow=False)


def test_entry_pages_and_stubs(tmp_path: Path) -> None:
    assert is_entry_page("skills/sql-select-queries.md")
    assert not is_entry_page("skills/index.md")
    assert not is_entry_page("data/openbadges/x.json")
    generated = tmp_path / "a.md"
    generated.write_text('---\ntitle: "Skills"\ndescription: "x"\n---\n\n<header>big page</header>\n')
    assert nav_stub(generated) == b'---\ntitle: "Skills"\ndescription: "x"\n---\n\n'
    written = tmp_path / "b.md"
    written.write_text("Intro [link](missing.md)\n\n# About the catalogue\n\nText.\n")
    assert nav_stub(written) == b"# About the catalogue\n"


def test_shard_count(tmp_path: Path) -> None:
    (tmp_path / "skills").mkdir()
    for i in range(30):
        (tmp_path / "skills" / f"s{i}.md").write_text("x")
    assert shard_count(tmp_path, 2) == 2
    assert shard_count(tmp_path, 100) == 30
    assert shard_count(tmp_path, None) == 1  # too few pages to pay for a second process
