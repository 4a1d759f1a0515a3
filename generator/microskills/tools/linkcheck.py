"""Link health: check every URL in the catalogue, politely and safely, and remember the results.

- Concurrent but polite: a thread pool with a per-host limit, an honest user agent, a timeout
  on every network step, and retries with exponential back-off (or the server's `Retry-After`)
  for failures that may pass.
- Dead is told from flaky: 404, 410 and a failed DNS lookup are dead; timeouts, 429, 5xx and
  dropped connections are flaky (tried again next run before anyone is told); a permanent
  redirect (301, 308) is reported with where it now goes, so the entry can be updated.
- Results live in a committed JSON file (`catalogue/link-check.json`, `microskills.check.linkdata`) with
  the time of each check, so a weekly run re-checks only what is due: links never checked,
  links that failed, and links whose last good check is older than `recheck_ok_days`. They are
  saved as they come (every `save_every` seconds), so a killed run keeps what it found.

The addresses come from strangers, and the runner that checks them sits inside a network, so
every hop (the URL and each redirect) is checked before anything is sent:

- only `http` and `https`; a redirect to `file:`, `data:` or anything else ends the check with
  an error result;
- the host name is resolved once, and refused unless the address is public (`ipaddress`'s
  `is_global`: no loopback, private, link-local such as 169.254.169.254, or reserved address)
  or in the explicit allow-list `CheckOptions.allow` (one test server's address and port);
- the connection goes to exactly the address that was checked (no second DNS lookup a
  rebinding server could answer differently), with the name kept in the Host header and in
  TLS (SNI and certificate check);
- a total deadline per URL bounds everything (a server that drips one byte a second cannot keep
  a check alive), and only the response headers are read, at most 64 KB of them;
- anything that goes wrong with one URL, even a bug, becomes that URL's error result, never the
  end of the run.

Redirects are followed by hand, so each hop is seen (and permanent moves reported).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import queue
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from microskills.check.linkdata import DEAD, ERROR, FLAKY, MOVED, OK, LinkResult, now_utc, parse_timestamp, timestamp
from microskills.core.version import __version__

USER_AGENT = (
    f"microskills-link-checker/{__version__} "
    "(+https://github.com/microskills-catalogue/microskills-catalogue.github.io; checks that catalogue links work)"
)
_PERMANENT = {301, 308}
_TEMPORARY = {302, 303, 307}
#: Response headers larger than this are not an answer worth reading.
MAX_HEAD_BYTES = 64 * 1024
#: What may stand in an address we send or record; everything else is percent-encoded.
_URL_SAFE = "!#$%&()*+,-./:;=?@[]_~"
_STATUS_LINE = re.compile(rb"^HTTP/1\.[01] ([1-5][0-9][0-9])(?: |\r?$)")
REASON_LENGTH = 200


@dataclass(frozen=True)
class CheckOptions:
    #: Seconds any one network step (connecting, the TLS handshake, one read) may take.
    timeout: float = 15.0
    #: Seconds one URL may take in all: every redirect, retry and back-off included.
    deadline: float = 120.0
    retries: int = 2
    #: Seconds before the first retry; doubled for each further one.
    backoff: float = 2.0
    #: A server's Retry-After is honoured up to this many seconds.
    max_retry_after: float = 60.0
    per_host: int = 2
    workers: int = 16
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    #: A link that worked is checked again after this many days; failing links every run.
    recheck_ok_days: int = 28
    #: (address, port) pairs that may be connected to although they are not public addresses:
    #: a test server on 127.0.0.1. Empty in real runs; never a switch that turns the check off.
    allow: frozenset[tuple[str, int]] = frozenset()


# --- which URLs ------------------------------------------------------------------------------------


def due(urls: Iterable[str], previous: dict[str, LinkResult], now: dt.datetime, options: CheckOptions) -> list[str]:
    """The URLs to check this run: never checked, last seen failing, last good check too old, or
    checked "in the future" (a time no check can have written)."""
    out = []
    for url in urls:
        last = previous.get(url)
        checked = parse_timestamp(last.checked) if last else None
        failing = last is None or checked is None or last.status not in (OK, MOVED)
        if (
            failing
            or checked is None
            or checked > now
            or (now - checked).total_seconds() >= options.recheck_ok_days * 86400
        ):
            out.append(url)
    return out


# --- checking one URL ------------------------------------------------------------------------------


@dataclass
class _Attempt:
    status: str
    code: int | None = None
    reason: str | None = None
    location: str | None = None
    retry_after: float | None = None


class _Refused(Exception):
    """A hop that must not be requested; the message is the result's reason."""


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def classify_http(code: int) -> str:
    if 200 <= code < 300:
        return OK
    if code in (404, 410):
        return DEAD
    if code == 429 or code >= 500:
        return FLAKY
    return ERROR


def classify_error(error: BaseException, timeout: float) -> _Attempt:
    """A failed request in a contributor's words: dead (the name does not resolve) or flaky."""
    reason = getattr(error, "reason", error) if type(error).__name__ == "URLError" else error
    if isinstance(reason, socket.gaierror):
        return _Attempt(DEAD, reason="DNS lookup failed: the host name does not exist")
    if isinstance(reason, TimeoutError):
        return _Attempt(FLAKY, reason=f"timed out after {timeout:g} s")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return _Attempt(ERROR, reason="the site's TLS certificate is not valid")
    if isinstance(reason, ConnectionRefusedError):
        return _Attempt(FLAKY, reason="connection refused")
    if isinstance(reason, ConnectionError | ssl.SSLError):
        return _Attempt(FLAKY, reason="the connection was dropped")
    if isinstance(reason, OSError):
        return _Attempt(FLAKY, reason=f"network error: {reason.strerror or type(reason).__name__}")
    return _Attempt(ERROR, reason=f"the check failed ({type(reason).__name__})")


def clean_url(url: str) -> str:
    """`url` with every character an address may not hold raw (spaces, quotes, controls,
    non-ASCII) percent-encoded: what we send, and what we may record as a redirect target."""
    return quote(url, safe=_URL_SAFE)


def _reason(text: str) -> str:
    """A reason as the data file's schema takes it: one line of at most 200 characters."""
    text = " ".join(text.split())
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def address_allowed(address: str, port: int, allow: frozenset[tuple[str, int]] = frozenset()) -> bool:
    """May the checker connect to `address` (an IP address) on `port`? Only a public address,
    or one the caller allowed explicitly with its port."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if (str(ip), port) in allow:
        return True
    embedded: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):  # an IPv4 address inside an IPv6 one counts as itself
        for inner in (ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())):
            if inner is not None:
                embedded.append(inner)
    return all(candidate.is_global for candidate in embedded)


def _kind_of_address(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for name in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    return "non-public"


def _resolve(host: str, port: int, seconds: float) -> list[tuple[Any, ...]]:
    """getaddrinfo, given at most `seconds` (it has no timeout of its own)."""
    answer: queue.Queue[list[tuple[Any, ...]] | BaseException] = queue.Queue(maxsize=1)

    def lookup() -> None:
        try:
            answer.put(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP))
        except BaseException as error:  # handed to the caller
            answer.put(error)

    threading.Thread(target=lookup, name="link-check-dns", daemon=True).start()
    try:
        found = answer.get(timeout=max(seconds, 0.001))
    except queue.Empty:
        raise TimeoutError("DNS lookup timed out") from None
    if isinstance(found, BaseException):
        raise found
    return found


class _HostSlots:
    """At most `limit` requests at a time to any one host."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lock = threading.Lock()
        self.slots: dict[str, threading.BoundedSemaphore] = {}

    def __call__(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self.lock:
            return self.slots.setdefault(host, threading.BoundedSemaphore(self.limit))


class _Deadline(Exception):
    """The URL's total time is up."""


class Checker:
    def __init__(self, options: CheckOptions, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.sleep = sleep
        self.slots = _HostSlots(options.per_host)
        self.tls = ssl.create_default_context()

    # One hop: resolve, check the address, connect to it, read the status line and headers.

    def _target(self, url: str) -> tuple[str, str, int, str, str]:
        """(scheme, host, port, Host header, request target) of an address we may request."""
        try:
            parts = urlsplit(url)
        except ValueError:  # e.g. an unclosed `[` of an IPv6 address
            raise _Refused("the address is not valid") from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise _Refused(f"not a web address ({scheme or 'no'} scheme); only http and https are checked")
        try:
            host = (parts.hostname or "").encode("idna").decode("ascii")
            port = parts.port or (443 if scheme == "https" else 80)
        except (UnicodeError, ValueError):
            raise _Refused("the host name or port is not valid") from None
        if not host:
            raise _Refused("the address has no host name")
        shown = f"[{host}]" if ":" in host else host
        header = shown if port == (443 if scheme == "https" else 80) else f"{shown}:{port}"
        target = clean_url(parts.path or "/") + (f"?{clean_url(parts.query)}" if parts.query else "")
        return scheme, host, port, header, target

    def _connect(self, scheme: str, host: str, port: int, remaining: Callable[[], float]) -> socket.socket:
        def step() -> float:
            return max(0.001, min(self.options.timeout, remaining()))

        addresses = _resolve(host, port, step())
        usable = [a for a in addresses if address_allowed(str(a[4][0]), port, self.options.allow)]
        if not usable:
            kind = _kind_of_address(str(addresses[0][4][0])) if addresses else "no"
            raise _Refused(f"refused: the host resolves to a {kind} address, not a public one")
        family, kind, proto, _, address = usable[0]
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(step())
            sock.connect(address)  # the address just checked: no second lookup
            if scheme == "https":
                sock.settimeout(step())
                sock = self.tls.wrap_socket(sock, server_hostname=host)  # SNI and certificate: the name
            return sock
        except BaseException:
            sock.close()
            raise

    def _head(self, sock: socket.socket, remaining: Callable[[], float]) -> tuple[int, dict[str, str]]:
        """The final status code and headers (interim 1xx answers skipped), read within the deadline."""
        buffer = b""
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > MAX_HEAD_BYTES:
                    raise _Refused("the answer's headers are too large")
                left = remaining()
                if left <= 0:
                    raise _Deadline()
                sock.settimeout(max(0.001, min(self.options.timeout, left)))
                chunk = sock.recv(4096)
                if not chunk:
                    raise ConnectionResetError("the server closed the connection")
                buffer += chunk
                continue
            head, buffer = buffer[:end], buffer[end + 4 :]
            lines = head.split(b"\r\n")
            match = _STATUS_LINE.match(lines[0])
            if match is None:
                raise _Refused("the server's answer is not HTTP")
            code = int(match.group(1))
            if 100 <= code < 200:
                continue
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, colon, value = line.partition(b":")
                if colon:
                    headers.setdefault(name.strip().lower().decode("latin-1"), value.strip().decode("latin-1"))
            return code, headers

    def request(self, url: str, deadline: float | None = None) -> _Attempt:
        """One GET (headers only: the body is never read), within the host's limit."""
        end = deadline if deadline is not None else time.monotonic() + self.options.deadline

        def remaining() -> float:
            return end - time.monotonic()

        try:
            scheme, host, port, header, target = self._target(url)
        except _Refused as refused:
            return _Attempt(ERROR, reason=str(refused))
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {header}\r\nUser-Agent: {self.options.user_agent}\r\n"
            "Accept: text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8\r\n"
            "Accept-Encoding: identity\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        with self.slots(url):
            sock = None
            try:
                if remaining() <= 0:
                    raise _Deadline()
                sock = self._connect(scheme, host, port, remaining)
                sock.settimeout(max(0.001, min(self.options.timeout, remaining())))
                sock.sendall(request)
                code, headers = self._head(sock, remaining)
            except _Refused as refused:
                return _Attempt(ERROR, reason=str(refused))
            except _Deadline:
                return self._gave_up()
            except (OSError, ValueError, UnicodeError) as error:
                if isinstance(error, TimeoutError) and remaining() <= 0.01:  # the URL's time ran out
                    return self._gave_up()
                return classify_error(error, self.options.timeout)
            finally:
                if sock is not None:
                    sock.close()
        location = headers.get("location")
        if 300 <= code < 400 and location:
            try:
                return _Attempt("redirect", code, f"HTTP {code}", clean_url(urljoin(url, location)))
            except ValueError:
                return _Attempt(ERROR, code, f"HTTP {code} with a redirect to an address that is not valid")
        retry = _retry_after(headers.get("retry-after"))
        return _Attempt(classify_http(code), code, f"HTTP {code}", retry_after=retry)

    def _gave_up(self) -> _Attempt:
        return _Attempt(FLAKY, reason=f"gave up after {self.options.deadline:g} s (the answer was too slow)")

    def request_with_retries(self, url: str, deadline: float) -> _Attempt:
        attempt = self.request(url, deadline)
        for retry in range(self.options.retries):
            if attempt.status != FLAKY:
                break
            wait_for = self.options.backoff * 2**retry
            if attempt.retry_after is not None:
                wait_for = min(max(wait_for, attempt.retry_after), self.options.max_retry_after)
            if time.monotonic() + wait_for >= deadline:
                break  # no time left for another try
            self.sleep(wait_for)
            attempt = self.request(url, deadline)
        return attempt

    def check(self, url: str, now: Callable[[], dt.datetime] = now_utc) -> LinkResult:
        """Follow redirects by hand; the result is the final page's, with any permanent move noted."""
        deadline = time.monotonic() + self.options.deadline
        seen = [url]
        current = url
        moved = False
        while True:
            attempt = self.request_with_retries(current, deadline)
            if attempt.status != "redirect" or attempt.location is None:
                break
            moved = moved or attempt.code in _PERMANENT
            if attempt.location in seen:
                return LinkResult(url, ERROR, timestamp(now()), attempt.code, reason="redirect loop")
            if len(seen) > self.options.max_redirects:
                return LinkResult(url, ERROR, timestamp(now()), attempt.code, reason="too many redirects")
            seen.append(attempt.location)
            current = attempt.location
        status = attempt.status
        target = current if current != url else None
        reason = attempt.reason or status
        if status == OK and moved:
            status = MOVED
            reason = "moved permanently"
        elif status != OK and target:
            reason = f"{reason} (after redirects to {target})"
        recorded = target if moved and status == MOVED and len(target or "") <= 2000 else None
        return LinkResult(url, status, timestamp(now()), attempt.code, recorded, _reason(reason))


# --- the run ---------------------------------------------------------------------------------------


@dataclass
class CheckRun:
    results: dict[str, LinkResult] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    skipped: int = 0


def _merge(wanted: list[str], previous: dict[str, LinkResult], fresh: dict[str, LinkResult]) -> dict[str, LinkResult]:
    """Every wanted URL's latest result: this run's, else the last one (gone URLs are dropped)."""
    results: dict[str, LinkResult] = {}
    for url in wanted:
        result = fresh.get(url) or previous.get(url)
        if result is None:
            continue
        before = previous.get(url)
        if url in fresh and result.status not in (OK, MOVED):
            failing_before = before is not None and before.status not in (OK, MOVED)
            result.since = (before.since or before.checked) if failing_before and before else result.checked
        results[url] = result
    return results


def _safe_check(checker: Checker, url: str, now: Callable[[], dt.datetime]) -> LinkResult:
    """One URL's result, whatever happens: an unexpected failure is that URL's error result."""
    try:
        return checker.check(url, now)
    except Exception as error:  # a bug must not end the run and lose every other result
        return LinkResult(url, ERROR, timestamp(now()), reason=f"the check failed ({type(error).__name__})")


def check_links(
    urls: Iterable[str],
    previous: dict[str, LinkResult],
    options: CheckOptions,
    *,
    now: Callable[[], dt.datetime] = now_utc,
    check_everything: bool = False,
    checker: Checker | None = None,
    on_result: Callable[[dict[str, LinkResult]], None] | None = None,
) -> CheckRun:
    """Check the due URLs concurrently; return every URL's latest result (old ones kept, gone ones
    dropped). `on_result` gets the results so far each time a URL's check ends (to save them)."""
    wanted = list(dict.fromkeys(urls))
    todo = wanted if check_everything else due(wanted, previous, now(), options)
    checker = checker or Checker(options)
    fresh: dict[str, LinkResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        pending: dict[Future[LinkResult], str] = {pool.submit(_safe_check, checker, u, now): u for u in todo}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                fresh[pending.pop(future)] = future.result()
            if on_result is not None:
                on_result(_merge(wanted, previous, {u: fresh[u] for u in todo if u in fresh}))
    results = _merge(wanted, previous, {u: fresh[u] for u in todo})
    return CheckRun(results, todo, len(wanted) - len(todo))
