"""Progress for long steps: a spinner with the current step on a terminal, silence elsewhere.

Quiet when standard error is not a terminal or when CI is set, so logs and pipes get only the
messages that matter.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class Steps:
    """`with steps.step("Rendering pages"):` shows a spinner and, when done, the time it took."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = interactive() if enabled is None else enabled
        self._console: Any = None
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True)

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        started = time.perf_counter()
        with self._console.status(f"{label}…"):
            yield
        self._console.print(f"[green]✓[/green] {label} [dim]({time.perf_counter() - started:.1f} s)[/dim]")
