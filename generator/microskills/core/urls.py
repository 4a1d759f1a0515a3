"""Addresses from the catalogue, made safe to link to and judged for where they point.

- `safe_url` is the one filter every `href` and `src` built from data goes through (the
  templates' `safe_url` filter, `render.field_value`, the compare data): an absolute `http://`
  or `https://` address with a host comes out as it went in; anything else (`javascript:`,
  `data:`, `//host`, a relative path, text with spaces or quotes) becomes `about:invalid`, which
  no browser runs or fetches. Validation already rejects such addresses; this holds even for
  data that was never validated (the link-check file before it had a schema, say).
  `tests/test_hostile_links.py` checks that no template writes an address from data without it.
- `private_host_reason` says why a URL's host is not a public web site (`localhost`, an IP
  address, a loopback, private or link-local one): `validate` warns (`url.private-host`), and
  `check-links` never connects to such an address.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

#: What a link becomes when its address is not a safe http(s) one.
INVALID = "about:invalid"
_SAFE = re.compile(r"^https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+$", re.IGNORECASE)
_MAX_LENGTH = 2000
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def safe_url(value: object) -> str:
    """`value` if it is an absolute http(s) address with a host name, else `about:invalid`."""
    if not isinstance(value, str) or len(value) > _MAX_LENGTH or not _SAFE.match(value):
        return INVALID
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return INVALID
    if parts.scheme.lower() not in ("http", "https") or not host:
        return INVALID
    return value


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host written as an IP address stands for, including the forms C libraries
    accept (`0x7f000001`, `2130706433`, `127.1`), which is how they reach the loopback."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        pass
    if re.fullmatch(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}", host, re.IGNORECASE):
        import socket

        try:
            return ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def private_host_reason(url: str) -> str | None:
    """Why `url` does not point at a public web site by name, or None."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    if host in _LOCAL_NAMES or host.endswith(".localhost"):
        return "`localhost` is the machine that opens the link, not a web site"
    address = _ip_literal(host)
    if address is None:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind in ("loopback", "link_local", "private", "unspecified", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return f"the host is a {kind.replace('_', '-')} IP address ({address}), not a public web site"
    return f"the host is an IP address ({address}), not a web site's name"
