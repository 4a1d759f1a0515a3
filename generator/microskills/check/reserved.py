"""Names an entry may not take, and file names every checkout must be able to hold.

- `id.reserved`: an entry id (its file name) or a category id that is a name the generator
  itself writes beside entry pages (`index`: `skills/index.md` is the Skills page, so a skill
  called `index` would replace it or be replaced), or a Windows device name (`con`, `aux`,
  `nul`, `com1`, ...), which no file on Windows can be called, whatever its extension.
- `file.windows-name`: any other file or folder in the catalogue whose name Windows cannot
  create (a device name, a trailing dot or space, one of `<>:"\\|?*`, a control character).
- `file.name-collision`: two names in one folder that differ only by case or Unicode
  normalisation; Windows and macOS hold only one of them, so a checkout there loses a file.

The generator's own names are checked against what it writes in a test (`GENERATED_NAMES`), and
the build refuses a tree where two files share a site path (`microskills.site.treecheck`) in case
something slips through.
"""

from __future__ import annotations

import os
import unicodedata
from collections import defaultdict
from pathlib import Path

from microskills.check.load import LoadResult, display_path
from microskills.core.text import show
from microskills.model.problems import Problem

#: Names the generator writes beside entry pages, in every kind folder and in categories/.
GENERATED_NAMES = frozenset({"index"})
#: Reserved device names on Windows (compared ignoring case and any extension).
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in [*"0123456789", "¹", "²", "³"]}
)
_WINDOWS_FORBIDDEN = frozenset('<>:"\\|?*') | frozenset(chr(c) for c in range(32))


def windows_device(name: str) -> bool:
    """`aux`, `AUX.yaml`, `com1.tar.gz`: a name Windows reserves for a device."""
    return name.split(".", 1)[0].rstrip(" ").lower() in WINDOWS_DEVICE_NAMES


def windows_problem(name: str) -> str | None:
    """Why Windows cannot create a file called `name`, or None."""
    if windows_device(name):
        return f"`{show(name.split('.', 1)[0])}` is a device name on Windows"
    bad = sorted({c for c in name if c in _WINDOWS_FORBIDDEN})
    if bad:
        return "it contains " + ", ".join(f"`{show(c)}`" for c in bad) + ", which Windows does not allow in names"
    if name.endswith((".", " ")):
        return "it ends in a dot or a space, which Windows drops"
    return None


def fold(name: str) -> str:
    """A name as case-insensitive, normalising file systems compare it (NTFS, APFS, HFS+)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def reserved_reason(identifier: str) -> str | None:
    if identifier in GENERATED_NAMES:
        return f"`{identifier}` is reserved: the generator writes its own `{identifier}` page beside entry pages"
    if windows_device(identifier):
        return f"`{show(identifier)}` is a device name on Windows, where no file can have it as its name"
    return None


def _id_problems(loaded: LoadResult) -> list[Problem]:
    problems: list[Problem] = []
    for raw in loaded.entries:
        reason = reserved_reason(raw.id)
        if reason:
            problems.append(
                Problem(
                    raw.file,
                    "id.reserved",
                    reason,
                    ("id",),
                    hint="choose a more specific id, e.g. `index-funds-basics` or `aux-power-systems`, "
                    "and rename the file to match",
                )
            )
    categories = loaded.categories
    if categories is not None and isinstance(categories.data, dict):
        items = categories.data.get("categories")
        for index, item in enumerate(items if isinstance(items, list) else []):
            identifier = item.get("id") if isinstance(item, dict) else None
            reason = reserved_reason(identifier) if isinstance(identifier, str) else None
            if reason:
                problems.append(
                    Problem(
                        categories.file,
                        "id.reserved",
                        reason,
                        ("categories", index, "id"),
                        hint="category pages are written as categories/<id>.md: choose a more specific id",
                    )
                )
    return problems


def _tree_problems(root: Path, entries: set[Path]) -> list[Problem]:
    """Windows-invalid names and case or normalisation collisions anywhere under `root`
    (`entries`: the parsed entry files, whose reserved names `_id_problems` reports)."""
    problems: list[Problem] = []
    for directory, folders, files in os.walk(root, followlinks=False):
        here = Path(directory)
        names = sorted(folders + files)
        groups: dict[str, list[str]] = defaultdict(list)
        for name in names:
            groups[fold(name)].append(name)
            reason = None if here / name in entries else windows_problem(name)
            if reason:
                problems.append(
                    Problem(
                        display_path(here / name),
                        "file.windows-name",
                        f"this name cannot be checked out on Windows: {reason}",
                        hint="rename it",
                    )
                )
        for group in groups.values():
            # The name already in folded form (lower case, composed) is kept; the others are reported.
            kept = min(group, key=lambda n: (n != fold(n), n))
            for name in sorted(set(group) - {kept}):
                problems.append(
                    Problem(
                        display_path(here / name),
                        "file.name-collision",
                        f"`{show(name)}` differs from `{show(kept)}` only by case or Unicode normalisation; "
                        "Windows and macOS keep only one of them",
                        hint="remove one, or give them names that differ in letters",
                    )
                )
        folders[:] = sorted(f for f in folders if not f.startswith("."))
    return problems


def name_problems(root: Path, loaded: LoadResult) -> list[Problem]:
    """Reserved ids and unportable file names in the catalogue at `root`."""
    if not root.is_dir():
        return []
    entries = {loaded.files[raw.file] for raw in loaded.entries if raw.file in loaded.files}
    return [*_id_problems(loaded), *_tree_problems(root, entries)]
