"""Shared fixtures: the base example catalogue, a fixed 'today', CLI runners, a built site."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from benchmarks.kit import CHROMIUM, CHROMIUM_FLAGS
from benchmarks.kit import reference_date as kit_reference_date
from benchmarks.kit import serve as serve_directory

REPO = Path(__file__).resolve().parents[1]
CATALOGUES = REPO / "tests" / "catalogues"
BASE = CATALOGUES / "base"
#: The suite's "today". Tests never read the wall clock: a test that compared the bundled catalogue
#: with the real date would start failing every pull request a year after the last curation pass.
#: Real freshness is checked by the scheduled workflow and shown on the site's Quality page.
TODAY = dt.date(2026, 12, 1)
TODAY_ARG = TODAY.isoformat()


def reference_date(root: Path) -> dt.date:
    """'Today' for checks of a catalogue in the repository: the suite's fixed date, or the newest
    `last_verified` in it (benchmarks/kit.py's `reference_date`)."""
    return kit_reference_date(root, TODAY)


REAL_CATALOGUE = REPO / "catalogue"
REAL_TODAY = reference_date(REAL_CATALOGUE)
MEMORY_LIMIT = 2 * 1024**3


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def materialise(case: Path | None, target: Path) -> Path:
    """Copy the base catalogue to `target`, then lay the case's files over it.

    A case may remove base files (`remove:` in expect.yaml) and may build files that cannot live
    in git (huge, binary, symlinks) with a `make_case.py` defining `make(root: Path)`.
    """
    shutil.copytree(BASE, target)
    if case is None:
        return target
    expect = load_expect(case)
    for relative in expect.get("remove", []):
        path = target / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for path in sorted(case.rglob("*")):
        relative = path.relative_to(case)
        if relative.name in ("expect.yaml", "make_case.py", "__pycache__") or "__pycache__" in relative.parts:
            continue
        destination = target / relative
        if path.is_dir() and not path.is_symlink():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination, follow_symlinks=False)
    maker = case / "make_case.py"
    if maker.exists():
        namespace: dict[str, Any] = {}
        exec(compile(maker.read_text(), str(maker), "exec"), namespace)
        namespace["make"](target)
    return target


def load_expect(case: Path) -> dict[str, Any]:
    path = case / "expect.yaml"
    return yaml.safe_load(path.read_text()) if path.exists() else {}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(
    *args: str, cwd: Path, timeout: float = 120, limit_memory: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m microskills ...` as a contributor would, bounded in time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "microskills", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory if limit_memory else None,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        check=False,
    )


def validate_json(root: Path, *extra: str) -> tuple[int, list[dict[str, Any]], str]:
    """Validate `root` with the CLI; return exit code, problems and stderr."""
    proc = run_cli("validate", ".", "--format", "json", "--today", TODAY_ARG, *extra, cwd=root)
    problems = json.loads(proc.stdout)["problems"] if proc.stdout.strip() else []
    return proc.returncode, problems, proc.stderr + proc.stdout


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    """A fresh copy of the base example catalogue, free to modify."""
    return materialise(None, tmp_path / "catalogue")


@pytest.fixture
def write(catalogue_dir: Path) -> Callable[[str, str], Path]:
    def _write(relative: str, text: str) -> Path:
        path = catalogue_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def make_project(directory: Path) -> Path:
    """A project folder as `microskills build` expects it: mkdocs.yml and docs/."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", directory / "mkdocs.yml")
    shutil.copytree(REPO / "docs", directory / "docs")
    return directory


def build_project(
    catalogue: Path, project: Path, *extra: str, env: dict[str, str] | None = None, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """`microskills build` of `catalogue` into project/build and project/site."""
    return run_cli(
        "build",
        str(catalogue),
        "--out",
        str(project / "site"),
        "--build-dir",
        str(project / "build"),
        "--config",
        str(project / "mkdocs.yml"),
        *extra,
        cwd=project,
        limit_memory=False,
        timeout=timeout,
        env=env,
    )


@functools.cache
def _built_catalogue(name: str, root: str, today: str = TODAY_ARG) -> Path:
    """Build a catalogue once per test run (the bundled one takes most of a minute); returns the
    project dir. pytest-xdist's workers share it: the first to ask builds under a lock in a folder
    named after the run, the others wait for it and reuse it, so two cores do not build the same
    site twice."""
    import fcntl
    import tempfile

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:  # one process: nothing to share
        project = make_project(Path(tempfile.mkdtemp(prefix=f"microskills-{name}-")))
        _build_into(project, root, today)
        return project
    shared = Path(tempfile.gettempdir()) / f"microskills-tests-{run}"
    shared.mkdir(exist_ok=True)
    project = shared / f"{name}-{today}"
    with (shared / f"{name}-{today}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, even if the build fails
        if not (project / "built").exists():
            shutil.rmtree(project, ignore_errors=True)  # a failed build of another worker
            _build_into(make_project(project), root, today)
            (project / "built").touch()
    return project


def _build_into(project: Path, root: str, today: str) -> None:
    proc = build_project(Path(root), project, "--strict", "--today", today)
    assert proc.returncode == 0, proc.stderr


def new_page(chromium: Any, origin: str | None = None, **options: Any) -> Any:
    """A page in a browser context of its own that records script errors (`page.errors`) and,
    given the site's address, every request to another origin (`page.foreign`; a `blob:` address
    belongs to the origin inside it: the profile's downloads are made that way)."""
    context = chromium.new_context(**options)
    page = context.new_page()
    page.errors = []
    page.foreign = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    if origin is not None:
        host = urlparse(origin).netloc
        page.on(
            "request",
            lambda r: page.foreign.append(r.url) if urlparse(r.url.removeprefix("blob:")).netloc != host else None,
        )
    return page


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (Playwright cannot download its own browser here)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run `make test`, which installs it")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def base_site() -> Path:
    """The base example catalogue, built with --strict."""
    return _built_catalogue("base", str(BASE)) / "site"


@pytest.fixture(scope="session")
def real_site() -> Path:
    """The bundled catalogue, built with --strict."""
    return _built_catalogue("real", str(REAL_CATALOGUE), REAL_TODAY.isoformat()) / "site"


def serve(directory: Path) -> Iterator[str]:
    """For fixtures: the benchmark's local server (127.0.0.1, quiet, a browser hanging up is fine)."""
    with serve_directory(directory) as base:
        yield base


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    yield from serve(real_site)
