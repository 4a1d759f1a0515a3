"""A parsed catalogue file before it is checked: what the load stage hands to the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microskills.registry.kinds import Kind


@dataclass(slots=True)
class RawEntry:
    """One parsed catalogue file: data as JSON-like values, plus where it came from."""

    kind: Kind
    id: str
    file: str
    data: Any
