"""Helpers every export shares: absolute URLs on the published site, JSON bytes."""

from __future__ import annotations

import json
from typing import Any


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def json_bytes(data: Any, *, compact: bool = False) -> bytes:
    """Readable JSON for single documents; compact for the big aggregate downloads (a third smaller)."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
