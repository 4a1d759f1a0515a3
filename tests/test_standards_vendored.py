"""The vendored standards are byte-for-byte the files their README names, and nothing in the
repository reads outside it (a clone on GitHub has no sibling folders)."""

from __future__ import annotations

import hashlib
import re
import subprocess

from tests.conftest import REPO

STANDARDS = REPO / "tests" / "standards"


def test_vendored_files_match_their_recorded_digests() -> None:
    readme = (STANDARDS / "README.md").read_text(encoding="utf-8")
    recorded = dict((path, digest) for digest, path in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.MULTILINE))
    on_disk = {
        path.relative_to(STANDARDS).as_posix()
        for path in STANDARDS.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert set(recorded) == on_disk, "every vendored file has a recorded digest, and only those"
    for path, digest in recorded.items():
        assert hashlib.sha256((STANDARDS / path).read_bytes()).hexdigest() == digest, path


def test_nothing_reads_outside_the_repository() -> None:
    """No code, test, script or workflow refers to a folder beside the repository."""
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    )
    pattern = re.compile(r"\.\./shared|parent\s*/\s*[\"']shared[\"']|parents\[\d\]\s*/\s*[\"']shared")
    offenders = []
    for name in tracked:
        if not name or name.endswith((".md", ".csv", ".json", ".jsonld")) or name.startswith("tests/catalogues/"):
            continue
        path = REPO / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{name}: {m.group()}" for m in pattern.finditer(text)]
    assert offenders == []
