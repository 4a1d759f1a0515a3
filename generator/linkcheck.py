"""Link health: check every URL in the catalogue, politely, and remember the results.

- Concurrent but polite: a thread pool with a per-host limit, an honest user agent, a timeout
  on every request, and retries with exponential back-off (or the server's `Retry-After`) for
  failures that may pass.
- Dead is told from flaky: 404, 410 and a failed DNS lookup are dead; timeouts, 429, 5xx and
  dropped connections are flaky (tried again next run before anyone is told); a permanent
  redirect (301, 308) is reported with where it now goes, so the entry can be updated.
- Results live in a committed JSON file (`catalogue/link-check.json`) with the time of each
  check, so a weekly run re-checks only what is due: links never checked, links that failed,
  and links whose last good check is older than `recheck_ok_days`.

Redirects are followed by hand (urllib's automatic following would hide permanent redirects and
cannot tell a loop from a long chain).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator import __version__
from generator.errors import MicroskillsError
from generator.fields import strings_in

#: The data file, beside categories.yaml; outside the kind folders, so the loader never reads it.
DATA_FILE = "link-check.json"
USER_AGENT = (
    f"microskills-link-checker/{__version__} "
    "(+https://github.com/microskills-catalogue/microskills-catalogue.github.io; checks that catalogue links work)"
)
OK, MOVED, DEAD, FLAKY, ERROR = "ok", "moved", "dead", "flaky", "error"
STATUSES = (OK, MOVED, DEAD, FLAKY, ERROR)
#: What each status means, for reports and the Quality page.
STATUS_TEXT = {
    OK: "works",
    MOVED: "moved permanently",
    DEAD: "dead",
    FLAKY: "failing (may be temporary)",
    ERROR: "broken",
}
_URL_RE = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_PERMANENT = {301, 308}
_TEMPORARY = {302, 303, 307}


class LinkDataError(MicroskillsError):
    """The link-check data file cannot be read."""


@dataclass
class LinkResult:
    """The last check of one URL."""

    url: str
    status: str
    checked: str  # ISO 8601, UTC, to the second
    code: int | None = None
    #: Where a permanent redirect leads (the final address after following every redirect).
    target: str | None = None
    #: In words: "HTTP 404", "DNS lookup failed", "timed out after 15 s", "redirect loop".
    reason: str | None = None
    #: When the link started failing (kept across runs while it keeps failing).
    since: str | None = None

    @property
    def checked_date(self) -> str:
        return self.checked[:10]

    @property
    def text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status)


@dataclass(frozen=True)
class CheckOptions:
    timeout: float = 15.0
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


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_timestamp(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# --- which URLs ------------------------------------------------------------------------------------


def entry_urls(data: Any) -> list[str]:
    """Every field of an entry whose whole value is an http(s) address, in file order, once each."""
    return list(dict.fromkeys(text for _, text in strings_in(data) if _URL_RE.match(text)))


# --- the data file ---------------------------------------------------------------------------------


def load_results(path: Path) -> dict[str, LinkResult]:
    """The results kept in `path` (none when it does not exist)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data["results"]
        fields = set(LinkResult.__dataclass_fields__)
        return {
            url: LinkResult(url=url, **{k: v for k, v in record.items() if k in fields and k != "url"})
            for url, record in records.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise LinkDataError(f"{path}: not a link-check data file ({error})") from None


def dump_results(results: dict[str, LinkResult]) -> str:
    records = {}
    for url in sorted(results):
        record = {k: v for k, v in asdict(results[url]).items() if v is not None and k != "url"}
        records[url] = record
    document = {
        "about": "Last check of every URL in the catalogue, written by `microskills check-links` "
        "(the weekly Link and freshness check workflow). Not an entry: do not edit by hand.",
        "results": records,
    }
    return json.dumps(document, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def save_results(path: Path, results: dict[str, LinkResult]) -> None:
    """Write atomically: a killed run leaves the previous file, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(dump_results(results), encoding="utf-8")
    temporary.replace(path)


def due(urls: Iterable[str], previous: dict[str, LinkResult], now: dt.datetime, options: CheckOptions) -> list[str]:
    """The URLs to check this run: never checked, last seen failing, or last good check too old."""
    out = []
    for url in urls:
        last = previous.get(url)
        checked = parse_timestamp(last.checked) if last else None
        failing = last is None or checked is None or last.status not in (OK, MOVED)
        if failing or checked is None or (now - checked).total_seconds() >= options.recheck_ok_days * 86400:
            out.append(url)
    return out


# --- checking one URL ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back as an HTTPError, so the checker sees (and reports) each hop."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class _Attempt:
    status: str
    code: int | None = None
    reason: str | None = None
    location: str | None = None
    retry_after: float | None = None


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
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        return _Attempt(DEAD, reason="DNS lookup failed: the host name does not exist")
    if isinstance(reason, TimeoutError):
        return _Attempt(FLAKY, reason=f"timed out after {timeout:g} s")
    if isinstance(reason, ssl.SSLCertVerificationError):
        return _Attempt(ERROR, reason="the site's TLS certificate is not valid")
    if isinstance(reason, ConnectionRefusedError):
        return _Attempt(FLAKY, reason="connection refused")
    if isinstance(reason, ConnectionError | http.client.HTTPException):
        return _Attempt(FLAKY, reason="the connection was dropped")
    if isinstance(reason, OSError):
        return _Attempt(FLAKY, reason=f"network error: {reason.strerror or reason}")
    return _Attempt(ERROR, reason=str(reason)[:200])


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


class Checker:
    def __init__(self, options: CheckOptions, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.sleep = sleep
        self.slots = _HostSlots(options.per_host)
        self.opener = urllib.request.build_opener(_NoRedirect())

    def request(self, url: str) -> _Attempt:
        """One GET (headers only: the body is never read), within the host's limit."""
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.options.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
            },
        )
        with self.slots(url):
            try:
                with self.opener.open(request, timeout=self.options.timeout) as response:
                    return _Attempt(classify_http(response.status), response.status, f"HTTP {response.status}")
            except urllib.error.HTTPError as error:
                try:
                    code = error.code
                    location = error.headers.get("Location") if error.headers else None
                    if 300 <= code < 400 and location:
                        return _Attempt("redirect", code, f"HTTP {code}", urljoin(url, location))
                    retry = _retry_after(error.headers.get("Retry-After")) if error.headers else None
                    return _Attempt(classify_http(code), code, f"HTTP {code}", retry_after=retry)
                finally:
                    error.close()
            except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
                return classify_error(error, self.options.timeout)

    def request_with_retries(self, url: str) -> _Attempt:
        attempt = self.request(url)
        for retry in range(self.options.retries):
            if attempt.status != FLAKY:
                break
            wait = self.options.backoff * 2**retry
            if attempt.retry_after is not None:
                wait = min(max(wait, attempt.retry_after), self.options.max_retry_after)
            self.sleep(wait)
            attempt = self.request(url)
        return attempt

    def check(self, url: str, now: Callable[[], dt.datetime] = now_utc) -> LinkResult:
        """Follow redirects by hand; the result is the final page's, with any permanent move noted."""
        seen = [url]
        current = url
        moved = False
        while True:
            attempt = self.request_with_retries(current)
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
        reason = attempt.reason
        if status == OK and moved:
            status = MOVED
            reason = "moved permanently"
        elif status != OK and target:
            reason = f"{reason} (after redirects to {target})"
        return LinkResult(url, status, timestamp(now()), attempt.code, target if moved else None, reason)


@dataclass
class CheckRun:
    results: dict[str, LinkResult] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)
    skipped: int = 0


def check_links(
    urls: Iterable[str],
    previous: dict[str, LinkResult],
    options: CheckOptions,
    *,
    now: Callable[[], dt.datetime] = now_utc,
    check_everything: bool = False,
    checker: Checker | None = None,
) -> CheckRun:
    """Check the due URLs concurrently; return every URL's latest result (old ones kept, gone ones dropped)."""
    wanted = list(dict.fromkeys(urls))
    todo = wanted if check_everything else due(wanted, previous, now(), options)
    checker = checker or Checker(options)
    with ThreadPoolExecutor(max_workers=max(1, options.workers)) as pool:
        fresh = dict(zip(todo, pool.map(lambda u: checker.check(u, now), todo), strict=True))
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
    return CheckRun(results, todo, len(wanted) - len(todo))
