"""One exception hierarchy for the whole package.

Every error the package raises on purpose is a `MicroskillsError`: a `click.ClickException`, so
the CLI prints its message and exits 1 with no traceback. Anything else that escapes is a bug
and keeps its full traceback.
"""

from __future__ import annotations

import click

from microskills.core.text import show


class MicroskillsError(click.ClickException):
    """An error whose message says, in a contributor's or operator's terms, what to do."""

    exit_code = 1

    def format_message(self) -> str:
        """The message as printed: each of its own lines passed through `show`, so a path or a
        value inside it cannot carry a control character or start a line of its own."""
        return "\n".join(show(line, None) for line in self.message.split("\n"))
