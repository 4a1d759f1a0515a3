"""The live preview: incremental rebuilds that touch only what an edit changes, and `serve`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from queue import Empty, Queue

import pytest
from microskills.check.pipeline import check
from microskills.site.build import BuildPaths
from microskills.site.preview import Preview, affected_entries, changed_entries, neighbours

from tests.conftest import BASE, REPO, TODAY, make_project, materialise

pytestmark = pytest.mark.slow


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make_project(tmp_path)
    materialise(None, tmp_path / "catalogue")
    return tmp_path


def _preview(project: Path) -> Preview:
    paths = BuildPaths(project / "mkdocs.yml", project / "build", project / "site")
    return Preview(project / "catalogue", paths, today=TODAY)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_neighbours_of_a_credential() -> None:
    catalogue = check(BASE, today=TODAY).catalogue
    found = neighbours(catalogue, ("credential", "google-data-analytics-professional-certificate"))
    assert ("provider", "google") in found
    assert ("skill", "sql-select-queries") in found
    assert ("pathway", "junior-data-analyst") in found
    assert ("credential", "python-institute-pcap") not in found


def test_changed_entries(project: Path) -> None:
    before = check(project / "catalogue", today=TODAY).catalogue
    _edit(project / "catalogue" / "providers" / "google.yaml", "name: Google", "name: Google LLC")
    after = check(project / "catalogue", today=TODAY).catalogue
    changed = changed_entries(before, after)
    assert changed == {("provider", "google")}
    assert ("credential", "google-data-analytics-professional-certificate") in affected_entries(before, after, changed)


def test_rebuild_touches_only_affected_pages(project: Path) -> None:
    preview = _preview(project)
    assert preview.full_build(lambda _: None).ok
    site = project / "site"
    unrelated = site / "credentials" / "python-institute-pcap" / "index.html"
    unrelated_mtime = unrelated.stat().st_mtime_ns
    _edit(project / "catalogue" / "providers" / "google.yaml", "name: Google", "name: Google LLC")
    report = preview.rebuild(lambda _: None)
    assert report.ok and report.changed == {("provider", "google")}
    assert "Google LLC" in (site / "providers" / "google" / "index.html").read_text()
    credential = site / "credentials" / "google-data-analytics-professional-certificate" / "index.html"
    assert "Google LLC" in credential.read_text()
    assert unrelated.stat().st_mtime_ns == unrelated_mtime


def test_bad_edit_is_reported_and_the_site_kept(project: Path) -> None:
    preview = _preview(project)
    assert preview.full_build(lambda _: None).ok
    page = project / "site" / "skills" / "sql-select-queries" / "index.html"
    before = page.read_bytes()
    _edit(project / "catalogue" / "skills" / "sql-select-queries.yaml", "skill_type: skill", "skill_type: [")
    messages: list[str] = []
    report = preview.rebuild(messages.append)
    assert not report.ok
    assert any("sql-select-queries.yaml" in m and "yaml.syntax" in m for m in messages)
    assert page.read_bytes() == before
    _edit(project / "catalogue" / "skills" / "sql-select-queries.yaml", "skill_type: [", "skill_type: skill")
    assert preview.rebuild(messages.append).ok


def test_added_and_removed_entries(project: Path) -> None:
    preview = _preview(project)
    assert preview.full_build(lambda _: None).ok
    skills = project / "catalogue" / "skills"
    text = (skills / "sql-select-queries.yaml").read_text()
    (skills / "sql-window-functions.yaml").write_text(
        text.replace("id: sql-select-queries", "id: sql-window-functions").replace(
            "name: Write SQL SELECT queries", "name: Write SQL window functions"
        )
    )
    credential = project / "catalogue" / "credentials" / "google-data-analytics-professional-certificate.yaml"
    _edit(credential, "  - sql-select-queries\n", "  - sql-select-queries\n  - sql-window-functions\n")
    assert preview.rebuild(lambda _: None).ok
    assert (project / "site" / "skills" / "sql-window-functions" / "index.html").is_file()
    _edit(credential, "  - sql-window-functions\n", "")
    (skills / "sql-window-functions.yaml").unlink()
    assert preview.rebuild(lambda _: None).ok
    assert not (project / "site" / "skills" / "sql-window-functions").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def test_serve_rebuilds_on_edit_and_survives_errors(project: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "microskills",
            "serve",
            "catalogue",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--today",
            TODAY.isoformat(),
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines: list[str] = []
    queue: Queue[str] = Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: [queue.put(line) for line in process.stdout or []], daemon=True)
    reader.start()

    def wait_for(pattern: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = queue.get(timeout=max(0.1, deadline - time.monotonic()))
            except Empty:
                break
            lines.append(line)
            if re.search(pattern, line):
                return
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(lines)}")

    try:
        wait_for("Serving on")
        base = f"http://127.0.0.1:{port}/"
        page = _get(base + "providers/google/")
        assert "Google" in page and "livereload" in page
        _edit(project / "catalogue" / "providers" / "google.yaml", "name: Google", "name: Google Preview")
        wait_for(r"Rebuilt in [0-9.]+ s \(1 entry changed")
        assert "Google Preview" in _get(base + "providers/google/")
        _edit(project / "catalogue" / "providers" / "google.yaml", "type: vendor", "type: vendr")
        wait_for(r"schema\.enum")
        wait_for("last good version")
        assert "Google Preview" in _get(base + "providers/google/")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
