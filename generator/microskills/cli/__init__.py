"""`microskills` command line: parses arguments and wires the stages, nothing more.

Exit codes: 0 clean (warnings allowed unless --strict), 1 problems or a failed build,
2 usage errors (click's own, and output folders the build must not replace).

The commands live by group in `check`, `site` and `tools`; importing them registers them on
`main`. Everything printed goes through `text.show`.
"""

from __future__ import annotations

from microskills.cli import check, site, tools
from microskills.cli.common import main

__all__ = ["check", "main", "site", "tools"]
