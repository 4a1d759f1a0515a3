"""One exception hierarchy for the whole package.

Every error the package raises on purpose is a `MicroskillsError`: a `click.ClickException`, so
the CLI prints its message and exits 1 with no traceback. Anything else that escapes is a bug
and keeps its full traceback.
"""

from __future__ import annotations

import click


class MicroskillsError(click.ClickException):
    """An error whose message says, in a contributor's or operator's terms, what to do."""

    exit_code = 1
