"""`microskills check-links` against a real HTTP server on 127.0.0.1 (never another host): every
kind of answer is classified, politeness holds (per-host limit, retries, user agent), and the
results file makes the next run re-check only what is due."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import socket
import threading
import urllib.error
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from microskills.check import linkdata
from microskills.check.linkdata import LinkResult
from microskills.tools import linkcheck
from microskills.tools.linkcheck import Checker, CheckOptions, check_links, classify_error, due

from tests.conftest import TODAY, TODAY_ARG, materialise, run_cli

NOW = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 3, 0, tzinfo=dt.UTC)


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.active = 0
        self.max_active = 0
        self.release = threading.Event()  # the slow page answers only once the test is over


def _handler(state: _State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        counted = False  # is this request counted as active (until its answer starts)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def answer(self, code: int, headers: dict[str, str] | None = None) -> None:
            # Counted as active until the answer starts: once the headers are out, the checker may
            # hang up and start its next request before this thread has finished writing.
            self.done()
            body = b"ok" if code == 200 else b""
            self.send_response(code)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            counted = path != "/slow"  # the checker gives up on it (and frees its slot) long before it ends
            self.counted = counted
            with state.lock:
                state.hits[path] += 1
                state.agents.add(self.headers.get("User-Agent", ""))
                state.active += counted
                state.max_active = max(state.max_active, state.active)
                hit = state.hits[path]
            try:
                if path.startswith("/ok"):
                    self.answer(200)
                elif path == "/moved-301":
                    self.answer(301, {"Location": "/ok-new-home"})
                elif path == "/moved-308":
                    self.answer(308, {"Location": "/ok-308-target"})
                elif path == "/temporary-302":
                    self.answer(302, {"Location": "/ok-after-302"})
                elif path == "/gone-404":
                    self.answer(404)
                elif path == "/gone-410":
                    self.answer(410)
                elif path == "/busy-429":
                    self.answer(429, {"Retry-After": "0"})
                elif path == "/broken-500":
                    self.answer(500)
                elif path == "/busy-then-ok":
                    self.answer(429 if hit == 1 else 200)
                elif path == "/loop-a":
                    self.answer(301, {"Location": "/loop-b"})
                elif path == "/loop-b":
                    self.answer(301, {"Location": "/loop-a"})
                elif path == "/forbidden":
                    self.answer(403)
                elif path == "/slow":
                    state.release.wait()
                    self.close_connection = True  # the client has gone: nothing to answer
                else:
                    self.answer(404)
            finally:
                self.done()

        def done(self) -> None:
            with state.lock:
                state.active -= self.counted
                self.counted = False

    return Handler


@pytest.fixture
def server() -> Iterator[tuple[str, _State]]:
    state = _State()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()


FAST = CheckOptions(timeout=0.5, retries=2, backoff=0.0, per_host=2, workers=8)


def fast(base: str) -> CheckOptions:
    """FAST, allowed to connect to the one test server at `base` (127.0.0.1 is refused otherwise)."""
    port = int(base.rsplit(":", 1)[1])
    return CheckOptions(**{**FAST.__dict__, "allow": frozenset({("127.0.0.1", port)})})


EXPECTED = {
    "/ok": ("ok", 200, None),
    "/moved-301": ("moved", 200, "/ok-new-home"),
    "/moved-308": ("moved", 200, "/ok-308-target"),
    "/temporary-302": ("ok", 200, None),
    "/gone-404": ("dead", 404, None),
    "/gone-410": ("dead", 410, None),
    "/busy-429": ("flaky", 429, None),
    "/broken-500": ("flaky", 500, None),
    "/busy-then-ok": ("ok", 200, None),
    "/loop-a": ("error", 301, None),
    "/forbidden": ("error", 403, None),
    "/slow": ("flaky", None, None),
}


def test_every_kind_of_answer_is_classified(server: tuple[str, _State]) -> None:
    base, state = server
    urls = [base + path for path in EXPECTED]
    run = check_links(urls, {}, fast(base), now=lambda: NOW)
    assert sorted(run.checked) == sorted(urls)
    for path, (status, code, target) in EXPECTED.items():
        result = run.results[base + path]
        assert (result.status, result.code) == (status, code), (path, result)
        assert result.target == (base + target if target else None), path
        assert result.checked == "2026-12-01T03:00:00Z"
    assert run.results[base + "/loop-a"].reason == "redirect loop"
    assert run.results[base + "/slow"].reason == "timed out after 0.5 s"
    assert run.results[base + "/gone-404"].since == "2026-12-01T03:00:00Z"
    # Flaky answers are retried (with back-off); dead ones are not.
    assert state.hits["/busy-429"] == 1 + FAST.retries
    assert state.hits["/broken-500"] == 1 + FAST.retries
    assert state.hits["/busy-then-ok"] == 2
    assert state.hits["/gone-404"] == 1
    # Polite: never more requests at once to one host than allowed, and an honest user agent.
    assert state.max_active <= FAST.per_host
    assert state.agents == {linkcheck.USER_AGENT}
    assert "microskills-link-checker" in linkcheck.USER_AGENT and "https://" in linkcheck.USER_AGENT


def test_dns_failure_is_dead_and_connection_problems_are_flaky() -> None:
    dns = classify_error(urllib.error.URLError(socket.gaierror(-2, "Name or service not known")), 15)
    assert dns.status == "dead" and "DNS" in (dns.reason or "")
    assert classify_error(urllib.error.URLError(TimeoutError()), 15).status == "flaky"
    assert classify_error(urllib.error.URLError(ConnectionRefusedError()), 15).status == "flaky"
    assert classify_error(ConnectionResetError(), 15).status == "flaky"


def test_refused_connection_on_the_loopback_is_flaky() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = CheckOptions(timeout=0.5, retries=0, allow=frozenset({("127.0.0.1", port)}))
    result = Checker(options).check(f"http://127.0.0.1:{port}/", lambda: NOW)
    assert result.status == "flaky" and result.reason == "connection refused"


def test_retry_after_is_honoured_within_a_limit() -> None:
    waits: list[float] = []
    checker = Checker(CheckOptions(retries=2, backoff=1.0, max_retry_after=5.0), sleep=waits.append)
    answers = iter([linkcheck._Attempt("flaky", 429, "HTTP 429", retry_after=120.0)] * 3)
    checker.request = lambda url, deadline=None: next(answers)  # type: ignore[method-assign]
    checker.check("https://example.org/", lambda: NOW)
    assert waits == [5.0, 5.0]  # capped Retry-After, not 120 s; more than the 1 s, 2 s back-off


def test_only_due_links_are_checked_again() -> None:
    options = CheckOptions(recheck_ok_days=28)
    previous = {
        "https://a.example/": LinkResult("https://a.example/", "ok", "2026-11-20T00:00:00Z"),  # 11 days: not due
        "https://b.example/": LinkResult("https://b.example/", "ok", "2026-10-01T00:00:00Z"),  # 61 days: due
        "https://c.example/": LinkResult("https://c.example/", "flaky", "2026-11-30T00:00:00Z"),  # failing: due
    }
    wanted = [*previous, "https://d.example/"]  # never checked: due
    assert due(wanted, previous, NOW, options) == ["https://b.example/", "https://c.example/", "https://d.example/"]


def test_results_file_round_trips_and_keeps_when_a_failure_started(tmp_path: Path, server: tuple[str, _State]) -> None:
    base, _ = server
    path = tmp_path / "link-check.json"
    first = check_links([base + "/gone-404", base + "/ok"], {}, fast(base), now=lambda: NOW)
    linkdata.save_results(path, first.results, root=tmp_path)
    later = NOW + dt.timedelta(days=7)
    previous = linkdata.load_results(path, later.date())
    second = check_links([base + "/gone-404", base + "/ok"], previous, fast(base), now=lambda: later)
    assert second.checked == [base + "/gone-404"]  # the working link is not due yet
    dead = second.results[base + "/gone-404"]
    assert dead.checked == "2026-12-08T03:00:00Z" and dead.since == "2026-12-01T03:00:00Z"
    assert second.results[base + "/ok"].checked == "2026-12-01T03:00:00Z"
    text = linkdata.dump_results(second.results)
    assert json.loads(text)["results"][base + "/ok"] == {
        "status": "ok",
        "checked": "2026-12-01T03:00:00Z",
        "code": 200,
        "reason": "HTTP 200",
    }


def test_check_links_command_writes_the_data_file(tmp_path: Path, server: tuple[str, _State]) -> None:
    base, _ = server
    root = materialise(None, tmp_path / "catalogue")
    skill = root / "skills" / "sql-select-queries.yaml"
    text = skill.read_text()
    skill.write_text(text.replace("https://www.postgresql.org/docs/current/sql-select.html", base + "/gone-410"))

    def local(value: Any) -> Any:  # every other link in the copy points at the local server too
        if isinstance(value, dict):
            return {key: local(item) for key, item in value.items() if key != "esco"}  # ESCO URIs are fixed
        if isinstance(value, list):
            return [local(item) for item in value]
        if isinstance(value, str) and re.match(r"^https?://", value) and not value.startswith(base):
            return base + "/ok/" + value.split("://", 1)[1]
        return value

    for entry in [*root.glob("*/*.yaml")]:
        entry.write_text(yaml.safe_dump(local(yaml.safe_load(entry.read_text())), sort_keys=False))
    options = ["--timeout", "1", "--backoff", "0", "--allow-address", "127.0.0.1:" + base.rsplit(":", 1)[1]]
    proc = run_cli("check-links", "catalogue", *options, "--now", "2026-12-01T03:00:00Z", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"dead: {base}/gone-410 (HTTP 410)" in proc.stdout
    data = json.loads((root / "link-check.json").read_text())["results"]
    assert data[base + "/gone-410"]["status"] == "dead"
    assert all(url.startswith(base) for url in data)  # no other host was ever asked
    assert all(r["status"] == "ok" for url, r in data.items() if url != base + "/gone-410")
    # The data file is not an entry: the catalogue still validates with no problem about it.
    proc = run_cli("validate", "catalogue", "--today", TODAY_ARG, cwd=tmp_path)
    assert proc.returncode == 0 and "link-check" not in proc.stdout
    again = run_cli("check-links", "catalogue", *options, "--now", "2026-12-08T03:00:00Z", cwd=tmp_path)
    assert "Checked 1 of" in again.stderr  # only the dead link was due
