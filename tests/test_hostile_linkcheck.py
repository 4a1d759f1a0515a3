"""Security issue 19, item 3: `check-links` asks only public http(s) addresses, within a deadline.

Against servers on 127.0.0.1 only: one test server the policy allows explicitly (an allow-list of
one address and port, as the CLI's `--allow-address`), and a second one it must never reach.
Redirects to `file:`, `data:`, the loopback (by address, `localhost`, `[::1]`, `0x7f000001`) and
the cloud metadata address end in an error result without a request; a server that drips its
headers is given up on at the deadline; a failure of one URL is that URL's result, never the end
of the run; results are saved as they come.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from microskills.check import linkdata
from microskills.check.linkdata import LinkResult
from microskills.tools import linkcheck
from microskills.tools.linkcheck import Checker, CheckOptions, address_allowed, check_links

from tests.conftest import TODAY, TODAY_ARG, materialise, run_cli

pytestmark = pytest.mark.slow

NOW = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 3, 0, tzinfo=dt.UTC)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
#: The characters of ESCAPES a terminal acts on: none may reach any output raw.
CONTROLS = "\x1b\x07\x9b\u202e"


class _Server:
    """A raw HTTP server on 127.0.0.1: each path answers as `routes` says; `hits` counts requests."""

    def __init__(self, routes: dict[str, Any]) -> None:
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode("latin-1")
            self.hits[path] += 1
            route = self.routes.get(path, (200, {}) if path.startswith("/ok/") else (404, {}))
            try:
                if callable(route):
                    route(conn, self)
                    return
                code, headers = route
                head = f"HTTP/1.1 {code} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                conn.sendall((head + "Content-Length: 0\r\nConnection: close\r\n\r\n").encode("latin-1"))
            except OSError:
                pass

    def close(self) -> None:
        self.release.set()
        self.sock.close()


def _drip(conn: socket.socket, server: _Server) -> None:
    """A status line, then one header byte every 0.2 s until the client hangs up (or the test ends)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while not server.release.wait(0.2):
        conn.sendall(b"x")


@pytest.fixture
def servers() -> Iterator[tuple[_Server, _Server]]:
    """(allowed, forbidden): the checker may connect to the first only."""
    forbidden = _Server({"/": (200, {}), "/secret": (200, {})})
    other = forbidden.port
    allowed = _Server(
        {
            "/ok": (200, {}),
            "/to-file": (302, {"Location": "file:///etc/passwd"}),
            "/to-data": (301, {"Location": "data:text/html,<script>alert(1)</script>"}),
            "/to-loopback": (301, {"Location": f"http://127.0.0.1:{other}/secret"}),
            "/to-localhost": (302, {"Location": f"http://localhost:{other}/"}),
            "/to-ipv6-loopback": (302, {"Location": f"http://[::1]:{other}/"}),
            "/to-hex-loopback": (302, {"Location": f"http://0x7f000001:{other}/"}),
            "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}),
            "/to-broken": (302, {"Location": "http://[::1/"}),
            "/to-escapes": (301, {"Location": "/gone" + ESCAPES.encode("utf-8").decode("latin-1")}),
            "/drip": _drip,
        }
    )
    try:
        yield allowed, forbidden
    finally:
        allowed.close()
        forbidden.close()


def _options(server: _Server, **changes: Any) -> CheckOptions:
    base = {"timeout": 2.0, "deadline": 5.0, "retries": 0, "backoff": 0.0, "workers": 8}
    return CheckOptions(**{**base, **changes, "allow": frozenset({("127.0.0.1", server.port)})})


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-file", "not a web address (file scheme)"),
        ("/to-data", "not a web address (data scheme)"),
        ("/to-loopback", "loopback address"),
        ("/to-localhost", "loopback address"),
        ("/to-ipv6-loopback", "loopback address"),
        ("/to-hex-loopback", "loopback address"),
        ("/to-metadata", "link-local address"),
        ("/to-broken", "not valid"),
    ],
)
def test_redirects_leave_the_web_or_reach_inside_never_followed(
    path: str, reason: str, servers: tuple[_Server, _Server]
) -> None:
    allowed, forbidden = servers
    result = Checker(_options(allowed)).check(allowed.base + path, lambda: NOW)
    assert result.status == "error" and reason in (result.reason or ""), result
    assert result.target is None  # nothing inside is published as where the link "moved"
    assert sum(forbidden.hits.values()) == 0


@pytest.mark.parametrize(
    "url",
    ["http://localhost:{port}/", "http://[::1]:{port}/", "http://0x7f000001:{port}/", "http://127.1:{port}/"],
)
def test_catalogue_urls_on_the_loopback_are_refused(url: str, servers: tuple[_Server, _Server]) -> None:
    allowed, forbidden = servers
    result = Checker(_options(allowed)).check(url.format(port=forbidden.port), lambda: NOW)
    assert result.status == "error" and "refused" in (result.reason or "")
    assert sum(forbidden.hits.values()) == 0


def test_the_allow_list_is_one_address_and_port_not_a_switch() -> None:
    allow = frozenset({("127.0.0.1", 8123)})
    assert address_allowed("127.0.0.1", 8123, allow)
    assert not address_allowed("127.0.0.1", 8124, allow)
    assert not address_allowed("127.0.0.2", 8123, allow)
    for address in ("127.0.0.1", "::1", "10.1.2.3", "192.168.1.1", "169.254.169.254", "::ffff:127.0.0.1", "0.0.0.0"):
        assert not address_allowed(address, 80), address
    assert address_allowed("93.184.215.14", 443)


def test_the_connection_goes_to_the_address_that_was_checked(
    servers: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host name that resolved to the allowed address is connected to at that address, with the
    name in the Host header: a second lookup (DNS rebinding) never happens."""
    allowed, _ = servers
    lookups: list[str] = []
    real = socket.getaddrinfo

    def resolve(host: str, *args: Any, **kwargs: Any) -> Any:
        lookups.append(host)
        return real("127.0.0.1", *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    allowed.routes["/host"] = lambda conn, server: conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
    result = Checker(_options(allowed)).check(f"http://rebind.example:{allowed.port}/host", lambda: NOW)
    assert result.status == "ok" and lookups == ["rebind.example"]


def test_a_server_that_drips_its_headers_is_given_up_on_at_the_deadline(servers: tuple[_Server, _Server]) -> None:
    allowed, _ = servers
    options = _options(allowed, timeout=1.0, deadline=1.5, retries=2, backoff=0.1)
    started = time.monotonic()
    result = Checker(options).check(allowed.base + "/drip", lambda: NOW)
    elapsed = time.monotonic() - started
    assert result.status == "flaky" and result.reason == "gave up after 1.5 s (the answer was too slow)"
    assert elapsed < 1.5 + 1.0, elapsed  # the deadline covers the retries too
    assert allowed.hits["/drip"] == 1  # no retry started after the time was up


def test_one_urls_failure_is_its_result_and_the_run_goes_on(
    servers: tuple[_Server, _Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed, _ = servers
    real = Checker.check

    def check(self: Checker, url: str, now: Any = linkdata.now_utc) -> LinkResult:
        if url.endswith("/bug"):
            raise TypeError("a bug in the checker")
        return real(self, url, now)

    monkeypatch.setattr(Checker, "check", check)
    run = check_links([allowed.base + "/bug", allowed.base + "/ok"], {}, _options(allowed), now=lambda: NOW)
    assert run.results[allowed.base + "/ok"].status == "ok"
    bug = run.results[allowed.base + "/bug"]
    assert (bug.status, bug.reason) == ("error", "the check failed (TypeError)")


def test_results_are_saved_as_they_come(servers: tuple[_Server, _Server], tmp_path: Path) -> None:
    allowed, _ = servers
    hold = threading.Event()
    allowed.routes["/hold"] = lambda conn, server: (hold.wait(30), conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n"))
    path = tmp_path / "link-check.json"
    saved = threading.Event()

    def save(results: dict[str, LinkResult]) -> None:
        linkdata.save_results(path, results, root=tmp_path)
        saved.set()

    urls = [allowed.base + "/hold", allowed.base + "/ok"]
    done: list[linkcheck.CheckRun] = []
    worker = threading.Thread(
        target=lambda: done.append(
            check_links(urls, {}, _options(allowed, deadline=30), now=lambda: NOW, on_result=save)
        )
    )
    worker.start()
    try:
        assert saved.wait(30)
        on_disk = json.loads(path.read_text())["results"]
        assert list(on_disk) == [allowed.base + "/ok"]  # saved while the other check still runs
        assert not done
    finally:
        hold.set()
        worker.join(30)
    assert set(json.loads(path.read_text())["results"]) == set(urls)


def test_the_command_checks_safely_and_prints_nothing_raw(servers: tuple[_Server, _Server], tmp_path: Path) -> None:
    allowed, forbidden = servers
    root = materialise(None, tmp_path / "catalogue")

    def local(value: Any) -> Any:  # every link points at the allowed server: no other host is asked
        if isinstance(value, dict):
            return {key: local(item) for key, item in value.items() if key != "esco"}  # ESCO URIs are fixed
        if isinstance(value, list):
            return [local(item) for item in value]
        if isinstance(value, str) and re.match(r"^https?://", value):
            return allowed.base + "/ok/" + value.split("://", 1)[1]
        return value

    for entry in root.glob("*/*.yaml"):
        entry.write_text(yaml.safe_dump(local(yaml.safe_load(entry.read_text())), sort_keys=False))
    path = root / "skills" / "sql-select-queries.yaml"
    data = yaml.safe_load(path.read_text())
    data["sources"] += [allowed.base + p for p in ("/to-escapes", "/to-loopback", "/to-file")]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    proc = run_cli(
        "check-links",
        "catalogue",
        "--timeout",
        "2",
        "--backoff",
        "0",
        "--retries",
        "0",
        "--allow-address",
        f"127.0.0.1:{allowed.port}",
        "--now",
        "2026-12-01T03:00:00Z",
        "--workers",
        "2",
        cwd=tmp_path,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert sum(forbidden.hits.values()) == 0
    for char in CONTROLS:
        assert char not in output, repr(char)
    data = json.loads((root / "link-check.json").read_text())["results"]
    escaped = data[allowed.base + "/to-escapes"]
    assert escaped["status"] == "dead" and "%1B]0;pwned%07" in escaped["reason"]
    assert data[allowed.base + "/to-loopback"]["status"] == "error"
    # What the checker wrote passes the data file's own checks (http(s) targets, text rules).
    proc = run_cli("validate", "catalogue", "--today", TODAY_ARG, "--format", "json", cwd=tmp_path)
    problems = json.loads(proc.stdout)["problems"]
    assert not [p for p in problems if p["file"].endswith("link-check.json")], problems
    report = run_cli("quality-report", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert report.returncode == 0
    for char in CONTROLS:
        assert char not in report.stdout + report.stderr, repr(char)
