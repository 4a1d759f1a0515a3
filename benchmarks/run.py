"""Benchmarks side by side: one command measures the scale targets of issue 4 and prints a table.

    python benchmarks/run.py --entries 10000 [--runs 3] [--quick] [--check]

Rows (median of --runs runs each; every timed command runs as a subprocess, as a user runs it):

  a. `microskills validate` against check-jsonschema with the project's schemas on the same files
  b. `microskills build` (fresh build/ and site/) against plain `mkdocs build -f build/mkdocs.yml`
  c. full build time at 1/4, 1/2 and all of --entries (separate synthetic catalogues)
  d. the rebuild `microskills serve` does after an edit to one entry, against the full build
     (benchmarks/preview_rebuild.py: the preview takes over the built site, one edit, one rebuild)
  e. peak memory of the full build (largest process, and the whole process tree sampled)
  f. bytes a browser downloads before the first search result appears (headless Chromium)
  g. `microskills validate` with many large pathways (30 stages × 50 credentials each, issue 9):
     --pathways P (default 200, the review's largest) and 10 × P, against P / 10 and P
  h. did-you-mean hints (issue 9): --invalid N (default 3,000) one-line invalid skill files and a
     pathway of 1,500 near-miss references, against N alone, and 10 × both against 1 ×
     (benchmarks/amplification.py writes both kinds of catalogue)

  i. `microskills validate --changed HEAD~1` after a one-file change against a full `validate`
     (benchmarks/changed_validate.py: the catalogue in a git repository, one entry re-verified)
  j. the skills-gap planner's data file, compressed, against the full catalogue.json as its data
  k. the time to the planner's first plan in headless Chromium (benchmarks/planner.py, which also
     runs on its own)

`--rows gh` measures only rows g and h (rows a-f and i-k share their catalogues and always run together).

The table goes to stdout and to benchmarks/results.md (see --results), the raw numbers to
benchmarks/out/ as JSON. The exit code is 0 even when targets are missed (this is a measuring
tool) unless --check is given. --quick makes a small run (one run each, no stage breakdown) for
smoke tests.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as `python benchmarks/run.py`
    sys.path.insert(0, str(REPO))

from benchmarks import amplification, changed_validate, synth  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A command installed beside this Python (the project's venv), else on PATH."""
    beside = BIN / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


#: This checkout's generator (run from REPO, as every measured command is), which is what the report's
#: "Generator at commit" names: the venv's `microskills` entry point may belong to another checkout
#: (a git worktree sharing the venv).
MICROSKILLS = [sys.executable, "-m", "microskills"]
SCHEMAS = REPO / "generator" / "microskills" / "schemas"
CONFIG = REPO / "mkdocs.yml"
RESULTS = REPO / "benchmarks" / "results.md"
#: The Performance page of the site shows the latest full run between these markers.
DOCS_PAGE = REPO / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- benchmark results: start -->", "<!-- benchmark results: end -->"
OUT = REPO / "benchmarks" / "out"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEARCH_QUERY = "synthetic"
KINDS = (("skill", "skills"), ("credential", "credentials"), ("provider", "providers"), ("pathway", "pathways"))
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "PyYAML",
    "jsonschema",
    "jsonschema-rs",
    "nh3",
    "check-jsonschema",
    "playwright",
    "rich",
)

# Targets (issue 4). Units are the strict readings: kB = 1,000 bytes, GB = 10^9 bytes.
TARGET_VALIDATE_RATIO = 0.10
TARGET_BUILD_RATIO = 1.25
TARGET_SCALING_RATIO = 4.4
TARGET_DIRTY_RATIO = 0.10
TARGET_PEAK_BYTES = 1_500_000_000
TARGET_SEARCH_BYTES = 300_000
#: Rows g and h (issue 9): ten times the input may cost at most 12.5 times the time (linear, with
#: a quarter for noise); the quadratic code took about 100 times.
TARGET_LINEAR_RATIO = 12.5
TIMEOUT = 3600.0


# --- measuring one command -------------------------------------------------------------------------


@dataclass
class Measured:
    """One subprocess: wall time, peak memory, exit code and output."""

    command: list[str]
    seconds: float
    max_rss: int  # bytes: the largest single process of the tree (wait4 ru_maxrss, includes reaped children)
    tree_rss: int  # bytes: largest sampled sum of RSS over the process and all its descendants
    returncode: int
    stdout: str
    stderr: str
    #: user + system CPU time of the process and the children it waited for (its worker processes)
    cpu_seconds: float = 0.0

    @property
    def peak(self) -> int:
        return max(self.max_rss, self.tree_rss)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1:
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _tree_rss(root: int) -> int:
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss(pid)
        stack.extend(tree.get(pid, []))
    return total


def measure(
    command: Sequence[str], *, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: float = TIMEOUT
) -> Measured:
    """Run `command`; time it and track its memory. Output goes to files, so no pipe can fill up."""
    sampling = Path("/proc/self/stat").exists()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], _tree_rss(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if sampling:
            sampler.start()
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        done.set()
        if sampling:
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(
            command=[str(c) for c in command],
            seconds=seconds,
            max_rss=usage.ru_maxrss * 1024,  # Linux reports kilobytes
            tree_rss=peak[0],
            returncode=process.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )


class BenchmarkError(Exception):
    """A measured command failed, so its number would mean nothing."""


def checked(result: Measured, what: str) -> Measured:
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
        raise BenchmarkError(f"{what} failed (exit {result.returncode}): {' '.join(result.command)}\n{tail}")
    return result


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- the commands ----------------------------------------------------------------------------------


@dataclass
class Paths:
    work: Path
    catalogue: Path
    build: Path
    site: Path

    @classmethod
    def under(cls, work: Path, name: str, catalogue: Path) -> Paths:
        return cls(work, catalogue, work / f"{name}-build", work / f"{name}-site")

    def clean(self) -> None:
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.rmtree(self.site, ignore_errors=True)


def validate_ours(catalogue: Path, today: str) -> Measured:
    return measure([*MICROSKILLS, "validate", str(catalogue), "--format", "json", "--today", today])


def validate_check_jsonschema(catalogue: Path) -> tuple[float, list[Measured]]:
    """check-jsonschema takes one schema per run: one run per kind over the same files, times summed."""
    runs = []
    for kind, folder in KINDS:
        schema = SCHEMAS / f"{kind}.schema.json"
        files = sorted(p.name for p in (catalogue / folder).glob("*.yaml"))
        command = [
            tool("check-jsonschema"),
            "--schemafile",
            str(schema),
            # The schemas' $ids are https URLs; resolve the relative $ref to common.schema.json locally.
            "--base-uri",
            schema.as_uri(),
            *files,
        ]
        runs.append(checked(measure(command, cwd=catalogue / folder), f"check-jsonschema ({kind})"))
    return sum(r.seconds for r in runs), runs


def build_arguments(paths: Paths, today: str) -> list[str]:
    """`microskills build` arguments for one benchmark catalogue."""
    return [
        "build",
        str(paths.catalogue),
        "--out",
        str(paths.site),
        "--build-dir",
        str(paths.build),
        "--config",
        str(CONFIG),
        "--today",
        today,
    ]


def build_ours(paths: Paths, today: str) -> Measured:
    return measure([*MICROSKILLS, *build_arguments(paths, today)])


def build_mkdocs(build_dir: Path, site: Path) -> Measured:
    return measure([tool("mkdocs"), "build", "-q", "-f", str(build_dir / "mkdocs.yml"), "-d", str(site)])


# --- search payload --------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


#: What static hosts (GitHub Pages among them) compress: text, scripts, data and WebAssembly.
_COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm", ".pagefind")


class _GzipHandler(_QuietHandler):
    """Serves files gzip-compressed when the browser accepts it, as a static host would; files that
    are gzip already (Pagefind's index chunks) go as they are."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.name.endswith(_COMPRESSIBLE)):
            super().do_GET()
            return
        data = path.read_bytes()
        compressed = data if data[:2] == b"\x1f\x8b" else gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compressed is not data:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(compressed)))
        self.end_headers()
        self.wfile.write(compressed)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser context closed while a response was still being sent: not a server fault.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, *, compress: bool = False) -> Iterator[str]:
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Requests that belong to search: mkdocs-material's index, worker and lunr, or anything of Pagefind's.
_SEARCH_URL = re.compile(r"/search/search_index\.json|/workers/search\.|lunr|/pagefind/")
# Where to type, by search UI: (page, marker in its HTML, input selector). The first present is used.
SEARCH_BOXES = (
    ("search/", 'id="ms-explore-q"', "#ms-explore-q"),  # the catalogue's Explore page (Pagefind)
    ("", "pagefind-ui", ".pagefind-ui__search-input"),  # Pagefind's default UI
    ("about/", 'data-md-component="search-query"', "input[data-md-component='search-query']"),  # material
    ("", 'data-md-component="search-query"', "input[data-md-component='search-query']"),
)
SEARCH_RESULTS = ".ms-explore__list li, .pagefind-ui__result, .md-search-result__item"


def _is_search(url: str) -> bool:
    return bool(_SEARCH_URL.search(url))


def _search_box(site: Path) -> tuple[str, str] | None:
    for page, marker, selector in SEARCH_BOXES:
        html = site / page / "index.html"
        if html.is_file() and marker in html.read_text(encoding="utf-8", errors="replace"):
            return page, selector
    return None


def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # pagefind's index files are gzip already
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _site_file(site: Path, url: str, base: str) -> Path | None:
    relative = url[len(base) :].split("?")[0].split("#")[0] if url.startswith(base) else ""
    path = site / relative
    if relative.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def search_payload_browser(site: Path, query: str = SEARCH_QUERY, timeout_ms: int = 300_000) -> dict[str, Any]:
    """What a visitor downloads on Explore: every request (HTML, CSS, scripts, WebAssembly, index)
    from opening the page until the first results of a one-word query are on screen, as a static
    host that compresses would serve them (gzip), counted as Chromium received them (encoded body
    plus headers). The same visit uncompressed is the comparison.
    """
    from playwright.sync_api import sync_playwright

    box = _search_box(site)
    if box is None:
        raise BenchmarkError("no search box found on the site")
    start_page, selector = box
    visits: dict[bool, dict[str, Any]] = {}
    for compress in (True, False):
        with serve(site, compress=compress) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                finished: list[Any] = []

                def record(request: Any, into: list[Any] = finished) -> None:
                    into.append(request)

                page.on("requestfinished", record)
                page.goto(base + start_page, wait_until="load")
                loaded = len(finished)
                page.wait_for_load_state("networkidle", timeout=timeout_ms)
                field = page.locator(selector).first
                field.click()
                typed = time.perf_counter()
                field.press_sequentially(query, delay=30)
                page.locator(SEARCH_RESULTS).first.wait_for(state="visible", timeout=timeout_ms)
                first_result = time.perf_counter() - typed
                # Explore marks the end of drawing the results of the last search (the whole query
                # is typed by now): count every request of that page of results (its fragments),
                # not whichever had finished when the first result appeared.
                if page.locator("#ms-explore").count():
                    page.locator("#ms-explore[data-state=done]").wait_for(state="attached", timeout=timeout_ms)
                requests = []
                for index, request in enumerate(list(finished)):
                    sizes = request.sizes()
                    url = request.url
                    response = request.response()
                    length = response.all_headers().get("content-length", "") if response else ""
                    body = max(sizes["responseBodySize"], int(length) if length.isdigit() else 0)
                    requests.append(
                        {
                            "url": url[len(base) - 1 :] if url.startswith(base) else url,
                            "search": _is_search(url),
                            "before_typing": index < loaded,
                            "transfer_bytes": body + sizes["responseHeadersSize"],
                        }
                    )
            finally:
                browser.close()
        visits[compress] = {
            "bytes": sum(r["transfer_bytes"] for r in requests),
            "bytes_before_typing": sum(r["transfer_bytes"] for r in requests if r["before_typing"]),
            "search_bytes": sum(r["transfer_bytes"] for r in requests if r["search"]),
            "requests": len(requests),
            "requests_before_typing": sum(1 for r in requests if r["before_typing"]),
            "seconds_to_first_result": round(first_result, 2),
            "all_requests": requests,
        }
    gz, plain = visits[True], visits[False]
    return {
        "method": f"headless Chromium opening /{start_page} and typing '{query}', every request, gzip as a "
        "static host serves it",
        "bytes": gz["bytes"],
        "gzip_bytes": gz["bytes"],
        "uncompressed_bytes": plain["bytes"],
        "bytes_before_typing": gz["bytes_before_typing"],
        "search_bytes": gz["search_bytes"],
        "requests": gz["requests"],
        "requests_before_typing": gz["requests_before_typing"],
        "seconds_to_first_result": gz["seconds_to_first_result"],
        "all_requests": gz["all_requests"],
    }


def search_payload_files(site: Path) -> dict[str, Any]:
    """Fallback without a browser: the files the search must fetch, by size on disk."""
    files: list[Path] = []
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        for pattern in ("pagefind.js", "pagefind-entry.json", "wasm.*.pagefind", "pagefind.*.pf_meta"):
            files += sorted(pagefind.glob(pattern))[:1]
        files += sorted((pagefind / "filter").glob("*.pf_filter"))  # the Explore page loads every filter
        chunks = sorted((pagefind / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
        files += chunks[-1:]  # the largest chunk stands in for the one a common term needs
        files += sorted((pagefind / "fragment").glob("*.pf_fragment"))[:5]  # first page of results
    else:
        files += [site / "search" / "search_index.json"]
        files += sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    files = [f for f in files if f.is_file()]
    return {
        "method": "file sizes (no browser)",
        "bytes": sum(f.stat().st_size for f in files),
        "gzip_bytes": sum(_gzip_size(f) for f in files),
        "requests": len(files),
        "seconds_to_first_result": None,
        "all_requests": [{"url": "/" + f.relative_to(site).as_posix(), "bytes": f.stat().st_size} for f in files],
    }


def search_payload(site: Path, *, browser: bool) -> dict[str, Any]:
    if browser and Path(CHROMIUM).exists():
        try:
            return search_payload_browser(site)
        except Exception as error:  # a missing Playwright or a changed page must not lose the other rows
            result = search_payload_files(site)
            result["method"] += f"; the browser measurement failed: {type(error).__name__}: {error}"[:300]
            return result
    return search_payload_files(site)


# --- the machine -----------------------------------------------------------------------------------


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _ram() -> str:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    return "unknown"


def _git() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "generator", "mkdocs.yml", "docs"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in generator/, docs/ or mkdocs.yml" if changed else "")


def _chromium_version() -> str | None:
    if not Path(CHROMIUM).exists():
        return None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(
            [CHROMIUM, "--version", *CHROMIUM_FLAGS], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    return None


def _load() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "unknown"


def machine(browser: bool) -> dict[str, Any]:
    packages = {}
    for name in PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            packages[name] = importlib.metadata.version(name)
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram": _ram(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": packages,
        "chromium": _chromium_version() if browser else None,
        "commit": _git(),
        "load_average_at_start": _load(),
    }


# --- the table -------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    measurement: str
    ours: str
    alternative: str
    ratio: str
    target: str
    met: bool | None  # None: information only
    details: dict[str, Any] = field(default_factory=dict)


def seconds(value: float) -> str:
    return f"{value:.2f} s"


def cpu_text(cpu: float, wall: float) -> str:
    return f"{cpu:.2f} s CPU ({wall:.2f} s wall)"


def mebibytes(value: float) -> str:
    return f"{value / 1024**2:,.0f} MiB"


def kilobytes(value: float) -> str:
    return f"{value / 1000:,.1f} kB"


def ratio_text(value: float) -> str:
    return f"{value:.3f}×" if value < 0.1 else f"{value:.2f}×"


def markdown_table(rows: Sequence[Row]) -> str:
    lines = [
        "| measurement | ours | alternative | ratio | target | met? |",
        "| --- | ---: | ---: | ---: | --- | :---: |",
    ]
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "**no**")
        cells = [f"{row.key}. {row.measurement}", row.ours, row.alternative, row.ratio, row.target, met]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def report(rows: Sequence[Row], info: dict[str, Any], notes: Sequence[str], breakdown: str) -> str:
    m = info["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    scale = bool(set(info.get("rows_selected", "abcdef")) & set("abcdef"))
    title = f"{info['entries']:,}-entry synthetic catalogue" if scale else f"rows {', '.join(info['rows_selected'])}"
    text = [
        f"# Benchmarks: {title}",
        "",
        f"Generated by `{info['command']}` on {info['date']}; median of {info['runs']} run(s) each.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}",
        f"- Python {m['python']}; {packages}" + (f"; {m['chromium']}" if m.get("chromium") else ""),
        f"- Generator at commit {m['commit']}",
        f"- Load average at start {m['load_average_at_start']}, at end {info.get('load_average_at_end', '?')}: "
        "other work on the machine slows every number",
        f"- Catalogues: `benchmarks/synth.py --seed {info['seed']} --today {info['today']}` "
        + "; ".join(f"{size:,} entries = {counts}" for size, counts in info["catalogues"].items())
        + (
            f"; rows g and h: `benchmarks/amplification.py` ({info['pathways']:,} pathways, "
            f"{info['invalid']:,} invalid files at 1×)"
            if set(info.get("rows_selected", "")) & set("gh")
            else ""
        ),
        "",
        markdown_table(rows),
    ]
    if notes:
        text += ["Notes:", "", *[f"- {n}" for n in notes], ""]
    if breakdown:
        text += [breakdown]
    return "\n".join(text)


def breakdown_table(timings: dict[str, Any]) -> str:
    stages = timings.get("stages", {})
    if not stages:
        return ""
    lines = [
        f"## Where the full build spends its time ({timings['entries']:,} entries, one instrumented run)",
        "",
        f"Total {timings['total_seconds']:.2f} s in-process (plus interpreter start-up). Timers nest: a stage "
        "includes the stages it calls.",
        "",
        "| stage | seconds | calls |",
        "| --- | ---: | ---: |",
    ]
    for label, value in stages.items():
        lines.append(f"| {label} | {value['seconds']:.2f} | {int(value['calls']):,} |")
    return "\n".join(lines) + "\n"


# --- progress ----------------------------------------------------------------------------------------


class Steps:
    """A rich progress bar over named steps; silent when not on a terminal or under CI."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        quiet = not sys.stderr.isatty() or bool(os.environ.get("CI"))
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=quiet,
        )
        self.task = self.progress.add_task("starting", total=total)

    def __enter__(self) -> Steps:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def step(self, description: str) -> None:
        self.progress.update(self.task, description=description)

    def done(self) -> None:
        self.progress.advance(self.task)


# --- the run -----------------------------------------------------------------------------------------


@dataclass
class Options:
    entries: int
    runs: int
    quick: bool
    seed: int
    today: dt.date
    browser: bool
    breakdown: bool
    results: Path
    json_out: Path
    work: Path | None
    keep: bool
    command: str
    rows: str = "abcdefghijk"
    pathways: int = 200
    invalid: int = 3_000

    @property
    def scale_rows(self) -> bool:
        return bool(set(self.rows) & set("abcdefijk"))


def _sizes(entries: int) -> list[int]:
    return sorted({max(synth.MIN_ENTRIES, entries // 4), max(synth.MIN_ENTRIES, entries // 2), entries})


def _pathway_sizes(pathways: int) -> list[int]:
    """Row g: a tenth of --pathways (for the curve), --pathways, and ten times it (the target)."""
    return sorted({max(1, pathways // 10), pathways, 10 * pathways})


def search_files_bytes(site: Path) -> int | None:
    """Size of the site's search index (Pagefind's folder or material's JSON), to spot a partial rebuild."""
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        return sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"
    return index.stat().st_size if index.is_file() else None


class Bench:
    """One benchmark run: each `row_*` method measures one row of the table."""

    def __init__(self, options: Options, work: Path, steps: Steps) -> None:
        self.options = options
        self.work = work
        self.steps = steps
        self.n = options.entries
        self.runs = options.runs
        self.today = options.today.isoformat()
        self.sizes = _sizes(self.n)
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.raw: dict[str, Any] = {}
        self.catalogues: dict[int, Path] = {}
        self.counts: dict[int, str] = {}
        self.full: list[Measured] = []
        self.plain: list[Measured] = []
        self.main = Paths.under(work, f"ours-{self.n}", work / f"catalogue-{self.n}")

    @staticmethod
    def total_steps(options: Options) -> int:
        sizes = _sizes(options.entries)
        runs = options.runs
        total = 0
        if options.scale_rows:
            # generate, a (2 per run), b (2 per run), c (smaller sizes), f, j and k, d, i, breakdown
            total += len(sizes) + 2 * runs + 2 * runs + (len(sizes) - 1) * runs + 1 + runs
            total += int(bool(set("jk") & set(options.rows))) + int("i" in options.rows) + int(options.breakdown)
        if "g" in options.rows:
            total += 2 * len(_pathway_sizes(options.pathways))
        if "h" in options.rows:
            total += 2 * 3
        return total

    def step(self, description: str) -> None:
        self.steps.step(description)

    def generate(self) -> None:
        for size in self.sizes:
            self.step(f"generating a {size:,}-entry catalogue")
            self.catalogues[size] = self.work / f"catalogue-{size}"
            counts = synth.generate(size, self.catalogues[size], seed=self.options.seed, today=self.options.today)
            self.counts[size] = ", ".join(f"{v:,} {k}" for k, v in counts.items())
            self.steps.done()

    def row_validate(self) -> None:
        ours, alternative = [], []
        for r in range(self.runs):
            self.step(f"a. microskills validate, run {r + 1}/{self.runs}")
            result = checked(validate_ours(self.main.catalogue, self.today), "microskills validate")
            problems = json.loads(result.stdout)["problems"]
            if problems:
                raise BenchmarkError(f"the synthetic catalogue is not clean: {problems[:3]}")
            ours.append(result.seconds)
            self.steps.done()
            self.step(f"a. check-jsonschema, run {r + 1}/{self.runs}")
            total, per_kind = validate_check_jsonschema(self.main.catalogue)
            alternative.append(total)
            self.raw.setdefault("check_jsonschema_seconds_per_kind", []).append(
                {kind: m.seconds for (kind, _), m in zip(KINDS, per_kind, strict=True)}
            )
            self.steps.done()
        a_ours, a_alt = median(ours), median(alternative)
        self.rows.append(
            Row(
                "a",
                f"validate {self.n:,} entries: `microskills validate` vs `check-jsonschema` (one run per kind, summed)",
                seconds(a_ours),
                seconds(a_alt),
                ratio_text(a_ours / a_alt),
                f"≤ {TARGET_VALIDATE_RATIO:.2f}×",
                a_ours / a_alt <= TARGET_VALIDATE_RATIO,
                {"ours_seconds": ours, "alternative_seconds": alternative},
            )
        )

    def row_build(self) -> None:
        plain_site = self.work / "mkdocs-site"
        for r in range(self.runs):
            self.step(f"b. microskills build, {self.n:,} entries, run {r + 1}/{self.runs}")
            self.main.clean()
            self.full.append(checked(build_ours(self.main, self.today), "microskills build"))
            self.steps.done()
            self.step(f"b. mkdocs build of the generated tree, run {r + 1}/{self.runs}")
            shutil.rmtree(plain_site, ignore_errors=True)
            self.plain.append(checked(build_mkdocs(self.main.build, plain_site), "mkdocs build"))
            shutil.rmtree(plain_site, ignore_errors=True)
            self.steps.done()
        b_ours, b_alt = self.full_seconds, median([m.seconds for m in self.plain])
        self.rows.append(
            Row(
                "b",
                f"full build, {self.n:,} entries: `microskills build` vs `mkdocs build -f build/mkdocs.yml`",
                seconds(b_ours),
                seconds(b_alt),
                ratio_text(b_ours / b_alt),
                f"≤ {TARGET_BUILD_RATIO:.2f}×",
                b_ours / b_alt <= TARGET_BUILD_RATIO,
                {
                    "ours_seconds": [m.seconds for m in self.full],
                    "alternative_seconds": [m.seconds for m in self.plain],
                    "ours_stderr_tail": self.full[-1].stderr.strip().splitlines()[-3:],
                },
            )
        )

    @property
    def full_seconds(self) -> float:
        return median([m.seconds for m in self.full])

    def row_scaling(self) -> None:
        by_size: dict[int, list[float]] = {self.n: [m.seconds for m in self.full]}
        for size in self.sizes[:-1]:
            paths = Paths.under(self.work, f"ours-{size}", self.catalogues[size])
            for r in range(self.runs):
                self.step(f"c. microskills build, {size:,} entries, run {r + 1}/{self.runs}")
                paths.clean()
                by_size.setdefault(size, []).append(checked(build_ours(paths, self.today), "build").seconds)
                self.steps.done()
            paths.clean()
        base = self.sizes[0]
        t_base = median(by_size[base])
        for size in self.sizes[1:]:
            t_size = median(by_size[size])
            factor = size / base
            limit = TARGET_SCALING_RATIO * factor / 4  # the target is for 4× the entries
            is_target = size == self.n
            self.rows.append(
                Row(
                    "c",
                    f"full build time, {size:,} vs {base:,} entries (×{factor:g} entries)",
                    seconds(t_size),
                    seconds(t_base),
                    ratio_text(t_size / t_base),
                    f"≤ {limit:.2f}×" if is_target else "— (for the curve)",
                    t_size / t_base <= limit if is_target else None,
                    {"seconds_by_size": {str(k): v for k, v in sorted(by_size.items())}},
                )
            )

    def row_dirty(self) -> None:
        timings: list[float] = []
        details: list[dict[str, Any]] = []
        files = sorted((self.main.catalogue / "credentials").glob("*.yaml"))
        edited = files[len(files) // 2]
        for r in range(self.runs):
            self.step(f"d. preview rebuild after one edit, run {r + 1}/{self.runs}")
            command = [
                sys.executable,
                str(REPO / "benchmarks" / "preview_rebuild.py"),
                "--catalogue",
                str(self.main.catalogue),
                "--build",
                str(self.main.build),
                "--site",
                str(self.main.site),
                "--config",
                str(CONFIG),
                "--today",
                self.today,
                "--edit",
                str(edited),
            ]
            run = checked(measure(command), "preview rebuild")
            result = json.loads(run.stdout.strip().splitlines()[-1])
            if not result.get("edit_visible"):
                raise SystemExit(f"the preview rebuild did not show the edit: {result}")
            timings.append(float(result["seconds"]))
            details.append(result)
            self.steps.done()
        d_ours, full = median(timings), self.full_seconds
        self.rows.append(
            Row(
                "d",
                f"`microskills serve` rebuild after editing {edited.parent.name}/{edited.name} vs the full build",
                seconds(d_ours),
                seconds(full),
                ratio_text(d_ours / full),
                f"≤ {TARGET_DIRTY_RATIO:.2f}×",
                d_ours / full <= TARGET_DIRTY_RATIO,
                {"ours_seconds": timings, "runs": details},
            )
        )

    def row_memory(self) -> None:
        ours = max(m.peak for m in self.full)
        alternative = max(m.peak for m in self.plain)
        self.rows.append(
            Row(
                "e",
                f"peak memory of the full build, {self.n:,} entries (RSS, whole process tree) vs plain mkdocs",
                mebibytes(ours),
                mebibytes(alternative),
                ratio_text(ours / alternative),
                f"≤ {TARGET_PEAK_BYTES / 1e9:g} GB",
                ours <= TARGET_PEAK_BYTES,
                {
                    "max_rss_largest_process": [m.max_rss for m in self.full],
                    "sampled_tree_rss": [m.tree_rss for m in self.full],
                    "alternative_max_rss": [m.max_rss for m in self.plain],
                    "alternative_tree_rss": [m.tree_rss for m in self.plain],
                },
            )
        )

    def row_search(self) -> None:
        self.step(f"f. what a visitor downloads on Explore, {self.n:,}-entry site")
        payload = search_payload(self.main.site, browser=self.options.browser)
        self.steps.done()
        uncompressed = payload.get("uncompressed_bytes")
        self.rows.append(
            Row(
                "f",
                f"Explore, {self.n:,}-entry site: bytes from opening /search/ to the first results of a one-word "
                f"query ({payload['method']}) vs the same visit uncompressed",
                kilobytes(payload["bytes"]),
                kilobytes(uncompressed) if uncompressed else "—",
                ratio_text(payload["bytes"] / uncompressed) if uncompressed else "—",
                f"≤ {TARGET_SEARCH_BYTES / 1000:g} kB",
                payload["bytes"] <= TARGET_SEARCH_BYTES,
                payload,
            )
        )
        if payload.get("seconds_to_first_result") is not None:
            self.notes.append(
                f"Explore (row f): {payload['requests']} requests in all, {payload['requests_before_typing']} of them "
                f"({kilobytes(payload['bytes_before_typing'])}) while the page opens, before anything is typed; the "
                f"search index and code are {kilobytes(payload['search_bytes'])}; the first results appeared "
                f"{payload['seconds_to_first_result']} s after typing began. The filter index is fetched only when "
                "a visitor opens the filters or sorts, so it is not in this figure."
            )

    def row_changed(self) -> None:
        self.step(f"i. validate --changed HEAD~1 against a full validate, {self.runs} run(s) each")
        repo = self.work / f"changed-{self.n}"
        shutil.copytree(self.main.catalogue, repo)
        edited = changed_validate.one_file_change(repo, self.options.today)

        env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's generator, both times

        def run_one(command: list[str], cwd: Path) -> tuple[float, str]:
            result = checked(measure(command, cwd=cwd, env=env), "microskills validate")
            return result.seconds, result.stdout

        command = [sys.executable, "-m", "microskills"]
        found = changed_validate.compare(repo, command, self.today, self.runs, run_one)
        ours, full = float(found["changed"]), float(found["full"])  # type: ignore[arg-type]
        self.rows.append(
            Row(
                "i",
                f"`validate --changed HEAD~1` after editing {edited} vs full `validate`, {self.n:,} entries",
                seconds(ours),
                seconds(full),
                ratio_text(ours / full),
                f"≤ {changed_validate.TARGET_CHANGED_RATIO:.2f}×",
                ours / full <= changed_validate.TARGET_CHANGED_RATIO,
                {"ours_seconds": found["changed_runs"], "alternative_seconds": found["full_runs"]},
            )
        )
        shutil.rmtree(repo, ignore_errors=True)
        self.steps.done()

    def _validate_seconds(self, catalogue: Path, what: str, expect_errors: bool) -> tuple[float, float]:
        """Median CPU and wall seconds of `microskills validate` over --runs runs.

        Rows g and h compare CPU time (user + system, worker processes included): on a shared
        machine it moves far less than wall time, and the question is how the work grows.
        """
        cpu, wall = [], []
        for r in range(self.runs):
            self.step(f"{what}, run {r + 1}/{self.runs}")
            result = validate_ours(catalogue, self.today)
            if result.returncode != (1 if expect_errors else 0) or not result.stdout.strip():
                tail = (result.stderr or result.stdout)[-2000:]
                raise BenchmarkError(f"validate of {catalogue} exited {result.returncode}: {tail}")
            cpu.append(result.cpu_seconds)
            wall.append(result.seconds)
            self.steps.done()
        return median(cpu), median(wall)

    def _validate_generated(
        self, what: str, catalogue: Path, generate: Callable[[Path], object], *, expect_errors: bool
    ) -> tuple[float, float]:
        """Rows g and h: write a catalogue, time `validate` on it (CPU, wall), and remove it."""
        self.step(f"{what}: generating")
        generate(catalogue)
        self.steps.done()
        try:
            return self._validate_seconds(catalogue, f"{what}: validate", expect_errors)
        finally:
            shutil.rmtree(catalogue, ignore_errors=True)

    def row_pathways(self) -> None:
        """Row g: linking many large pathways must be linear in their number."""
        sizes = _pathway_sizes(self.options.pathways)
        seconds_by_size: dict[int, float] = {}
        wall_by_size: dict[int, float] = {}
        for size in sizes:
            seconds_by_size[size], wall_by_size[size] = self._validate_generated(
                f"g. {size:,} pathways of {amplification.STAGES * amplification.PER_STAGE:,} items",
                self.work / f"pathways-{size}",
                functools.partial(amplification.pathway_catalogue, pathways=size, today=self.options.today),
                expect_errors=False,
            )
        for small, large in itertools.pairwise(sizes):
            ratio = seconds_by_size[large] / seconds_by_size[small]
            factor = large / small
            targeted = large == sizes[-1]
            self.rows.append(
                Row(
                    "g",
                    f"`microskills validate`, {large:,} vs {small:,} pathways of 30 stages × 50 credentials "
                    f"(×{factor:g} pathways, {large * 1500:,} stage items)",
                    cpu_text(seconds_by_size[large], wall_by_size[large]),
                    cpu_text(seconds_by_size[small], wall_by_size[small]),
                    ratio_text(ratio),
                    f"≤ {TARGET_LINEAR_RATIO * factor / 10:.2f}×" if targeted else "— (for the curve)",
                    ratio <= TARGET_LINEAR_RATIO * factor / 10 if targeted else None,
                    {
                        "cpu_seconds_by_pathways": {str(k): v for k, v in seconds_by_size.items()},
                        "wall_seconds_by_pathways": {str(k): v for k, v in wall_by_size.items()},
                    },
                )
            )

    def row_hints(self) -> None:
        """Row h: did-you-mean hints must cost a bounded amount however many near misses there are."""
        invalid = self.options.invalid
        cases = {"alone": (invalid, 0), "1x": (invalid, 1), "10x": (10 * invalid, 10)}
        timings: dict[str, float] = {}
        wall: dict[str, float] = {}
        for name, (files, pathways) in cases.items():
            timings[name], wall[name] = self._validate_generated(
                f"h. {files:,} invalid skill files and {pathways} near-miss pathway(s)",
                self.work / f"hints-{name}",
                functools.partial(
                    amplification.hint_catalogue, invalid=files, pathways=pathways, today=self.options.today
                ),
                expect_errors=True,
            )
        self.rows.append(
            Row(
                "h",
                f"`microskills validate`, {invalid:,} invalid skill files + a pathway of 1,500 near-miss "
                f"references vs the {invalid:,} files alone (the cost of the hints)",
                cpu_text(timings["1x"], wall["1x"]),
                cpu_text(timings["alone"], wall["alone"]),
                ratio_text(timings["1x"] / timings["alone"]),
                "— (information)",
                None,
                {"cpu_seconds": timings, "wall_seconds": wall},
            )
        )
        ratio = timings["10x"] / timings["1x"]
        self.rows.append(
            Row(
                "h",
                f"`microskills validate`, {10 * invalid:,} invalid files + 10 near-miss pathways vs "
                f"{invalid:,} + 1 (×10 both)",
                cpu_text(timings["10x"], wall["10x"]),
                cpu_text(timings["1x"], wall["1x"]),
                ratio_text(ratio),
                f"≤ {TARGET_LINEAR_RATIO:.2f}×",
                ratio <= TARGET_LINEAR_RATIO,
                {"cpu_seconds": timings, "wall_seconds": wall},
            )
        )

    def row_planner(self) -> None:
        from benchmarks import planner  # imports this module: import it only when needed

        self.step(f"j, k. planner data and first plan on the {self.n:,}-entry site")
        result = planner.measure(self.main.site, max(self.runs, planner.RUNS), browser=self.options.browser)
        self.steps.done()
        self.rows.extend(planner.rows(result, self.n))
        self.notes.extend(planner.notes(result))

    def breakdown(self) -> str:
        self.step(f"breakdown: one instrumented full build, {self.n:,} entries")
        timings = profile_build(self.main, self.today, self.work)
        timings["entries"] = self.n
        self.raw["breakdown"] = timings
        self.steps.done()
        return breakdown_table(timings)


def run(options: Options) -> tuple[list[Row], dict[str, Any], str]:
    """Measure every row; returns the rows, the raw numbers and the Markdown report."""
    work = options.work or Path(tempfile.mkdtemp(prefix="microskills-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    info: dict[str, Any] = {
        "entries": options.entries,
        "rows_selected": options.rows,
        "pathways": options.pathways,
        "invalid": options.invalid,
        "runs": options.runs,
        "seed": options.seed,
        "today": options.today.isoformat(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": options.command,
        "machine": machine(options.browser),
    }
    breakdown = ""
    try:
        with Steps(Bench.total_steps(options)) as steps:
            bench = Bench(options, work, steps)
            if options.scale_rows:
                bench.generate()
                bench.row_validate()
                bench.row_build()
                bench.row_scaling()
                bench.row_search()  # on the fresh full site, before the dirty rebuilds change it
                if set("jk") & set(options.rows):
                    bench.row_planner()
                bench.row_dirty()
                bench.row_memory()
                if "i" in options.rows:
                    bench.row_changed()
                if options.breakdown:
                    breakdown = bench.breakdown()
            if "g" in options.rows:
                bench.row_pathways()
            if "h" in options.rows:
                bench.row_hints()
    finally:
        if not options.keep and options.work is None:
            shutil.rmtree(work, ignore_errors=True)
    rows = sorted(bench.rows, key=lambda row: row.key)
    info["load_average_at_end"] = _load()
    info["catalogues"] = bench.counts
    info["rows"] = [asdict(row) for row in rows]
    info["notes"] = bench.notes
    info["raw"] = bench.raw
    return rows, info, report(rows, info, bench.notes, breakdown)


def profile_build(paths: Paths, today: str, work: Path) -> dict[str, Any]:
    """One full build through benchmarks/profile_build.py, which times the stages."""
    paths.clean()
    timings_file = work / "timings.json"
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "profile_build.py"),
        "--timings",
        str(timings_file),
        "--",
        *build_arguments(paths, today),
    ]
    result = checked(measure(command), "instrumented build")
    timings: dict[str, Any] = json.loads(timings_file.read_text(encoding="utf-8"))
    timings["wall_seconds"] = result.seconds
    return timings


def parse_args(argv: Sequence[str] | None) -> tuple[Options, bool]:
    parser = argparse.ArgumentParser(
        description="Measure the scale targets of issue 4 side by side and print a Markdown table."
    )
    parser.add_argument("--entries", type=int, default=None, help="catalogue size (default 10000; 200 with --quick)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--quick", action="store_true", help="one run each and no stage breakdown (smoke test)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic catalogues")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=synth.DEFAULT_TODAY)
    parser.add_argument("--no-browser", action="store_true", help="measure the search payload by file sizes")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the instrumented build")
    parser.add_argument("--results", type=Path, default=RESULTS, help="Markdown file to write the table to")
    parser.add_argument("--json", type=Path, default=None, help="JSON file for the raw numbers")
    parser.add_argument("--work", type=Path, default=None, help="working directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary working directory")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--rows", default="abcdefghijk", help="rows to measure (a-f and i-k run together), e.g. gh")
    parser.add_argument("--pathways", type=int, default=None, help="row g: pathways (default 200; 2 with --quick)")
    parser.add_argument("--invalid", type=int, default=None, help="row h: invalid files (default 3000; 300 quick)")
    args = parser.parse_args(argv)
    entries = args.entries if args.entries is not None else (200 if args.quick else 10_000)
    if entries < synth.MIN_ENTRIES * 4:
        parser.error(f"--entries must be at least {synth.MIN_ENTRIES * 4}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not args.rows or set(args.rows) - set("abcdefghijk"):
        parser.error("--rows takes letters from a to k")
    pathways = args.pathways if args.pathways is not None else (2 if args.quick else 200)
    invalid = args.invalid if args.invalid is not None else (300 if args.quick else 3_000)
    if pathways < 1 or invalid < amplification.PER_STAGE:
        parser.error(f"--pathways must be at least 1 and --invalid at least {amplification.PER_STAGE}")
    shown = ["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]
    options = Options(
        entries=entries,
        runs=1 if args.quick else args.runs,
        quick=args.quick,
        seed=args.seed,
        today=args.today,
        browser=not args.no_browser,
        breakdown=not (args.quick or args.no_breakdown),
        results=args.results,
        json_out=args.json or OUT / f"results-{entries}.json",
        work=args.work,
        keep=args.keep,
        command=" ".join(shown),
        rows=args.rows,
        pathways=pathways,
        invalid=invalid,
    )
    return options, args.check


def update_docs_page(text: str, page: Path = DOCS_PAGE) -> None:
    """Put the results of a full run on the site's Performance page (between its markers)."""
    body = page.read_text(encoding="utf-8")
    start, end = body.index(DOCS_START) + len(DOCS_START), body.index(DOCS_END)
    table = text.split("\n", 1)[1].strip()  # the page has its own title
    page.write_text(body[:start] + "\n\n" + table + "\n\n" + body[end:], encoding="utf-8")


def main(argv: Sequence[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    options, check = parse_args(argv)
    try:
        rows, info, text = run(options)
    except BenchmarkError as error:
        print(f"run.py: {error}", file=sys.stderr)
        return 2
    echo(text)
    results = options.results
    every_row = set(options.rows) == set("abcdefghijk")
    if results == RESULTS and not every_row:  # a partial run must not replace the full table
        results = OUT / f"results-rows-{options.rows}.md"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(text, encoding="utf-8")
    if results == RESULTS and not options.quick and options.entries >= 10_000:
        update_docs_page(text)
    options.json_out.parent.mkdir(parents=True, exist_ok=True)
    options.json_out.write_text(json.dumps(info, indent=2, default=str) + "\n", encoding="utf-8")
    missed = [row for row in rows if row.met is False]
    return 1 if check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
