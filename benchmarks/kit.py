"""The benchmarks' common kit: running and measuring a command, serving a built site, the machine
it ran on, and the results table. Every benchmark script takes these from here; `run.py` is the
one that measures the scale rows (a-k), and it is one user of the kit among the others."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

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


# --- the catalogue's own date ----------------------------------------------------------------------

_VERIFIED = re.compile(r"^last_verified:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


def reference_date(root: Path, floor: dt.date) -> dt.date:
    """'Today' for checks of a catalogue in the repository: `floor`, or the newest `last_verified`
    in it once curators have verified entries after that date. Derived from the files, never from
    the clock, so it cannot change while the repository does not (the tests and the audit quality
    row both use it)."""
    newest = floor
    for path in root.rglob("*.yaml"):
        for match in _VERIFIED.finditer(path.read_text(encoding="utf-8", errors="replace")):
            try:
                newest = max(newest, dt.date.fromisoformat(match.group(1)))
            except ValueError:
                continue
    return newest


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


def load_average() -> str:
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
        "load_average_at_start": load_average(),
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
