"""microskills: check a community catalogue of microskills and micro-credentials (one YAML file per
entry) and publish it as a searchable static site with open-data downloads.

The library surface is small and stable; everything else is internal and may move:

- `check(root)` -> `CheckResult`: every problem of the catalogue at `root` (`Problem`, with file,
  line, column, rule and a hint) and the linked `Catalogue`; `check_changed(root, ref)` checks
  only what a git change touches, with the same stages.
- The model: `Catalogue` and its entries (`Skill`, `Credential`, `Provider`, `Pathway`).
- Building a site: `BuildPaths`, `generate` (the Markdown tree) and `build_site` (MkDocs and the
  search index). They load the site builder only when first used, so checking stays quick.

See docs/library.md ("Use it as a library") for examples; the tests run them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from microskills.check.changed import ChangedResult, check_changed
from microskills.check.pipeline import CheckResult, check
from microskills.core.version import __version__
from microskills.model import Catalogue, Credential, Entry, Pathway, Provider, Skill
from microskills.model.problems import Problem, Severity

if TYPE_CHECKING:
    from microskills.site.build import BuildPaths, build_site, generate


__all__ = [
    "BuildPaths",
    "Catalogue",
    "ChangedResult",
    "CheckResult",
    "Credential",
    "Entry",
    "Pathway",
    "Problem",
    "Provider",
    "Severity",
    "Skill",
    "__version__",
    "build_site",
    "check",
    "check_changed",
    "generate",
]

_SITE = frozenset({"BuildPaths", "build_site", "generate"})


def __getattr__(name: str) -> Any:
    """The site builder's names, imported on first use (Jinja, MkDocs and the exports are heavy)."""
    if name in _SITE:
        from microskills.site import build

        return getattr(build, name)
    raise AttributeError(f"module 'microskills' has no attribute {name!r}")
