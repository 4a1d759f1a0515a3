"""Sharded MkDocs build: the same site as one `mkdocs build`, on every core.

MkDocs renders pages one after another on one core; entry pages are 95% of a large site and
each is independent of the others (they are not in the navigation and link to each other in
plain HTML). So entry pages are split into shards, each built by stock MkDocs from its own docs
tree of hard links in its own process, and the outputs are merged:

- shard 0 gets every page except other shards' entry pages, and all assets and downloads;
- shard k > 0 gets its entry pages, the hand-written pages, and for each generated page in the
  navigation a stub holding only its front matter, so the navigation every page shows (titles
  and links) is identical to that of a single build;
- the sitemap, which each shard would write for its own pages only, is rendered once for the
  whole tree with MkDocs' own template.

The tests compare a sharded build with plain `mkdocs build` of the same tree byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import yaml

from microskills.registry.kinds import KIND_FOLDER

ENTRY_FOLDERS = (*KIND_FOLDER.values(), "categories")
#: Below this many entry pages a second MkDocs process costs more than it saves.
MIN_PAGES_PER_SHARD = 500


def is_entry_page(relative: str) -> bool:
    folder, _, name = relative.partition("/")
    return folder in ENTRY_FOLDERS and "/" not in name and name.endswith(".md") and name != "index.md"


def shard_of(relative: str, shards: int) -> int:
    return zlib.crc32(relative.encode("utf-8")) % shards


def shard_count(docs: Path, jobs: int | None) -> int:
    """`jobs` shards when asked for; otherwise one per core, if each gets enough pages to pay off."""
    pages = sum(1 for folder in ENTRY_FOLDERS if (docs / folder).is_dir() for _ in (docs / folder).glob("*.md"))
    if jobs is not None:
        return max(1, min(jobs, pages))
    return max(1, min(os.cpu_count() or 1, pages // MIN_PAGES_PER_SHARD))


_H1 = re.compile(rb"^# .*$", re.MULTILINE)


def nav_stub(source: Path) -> bytes:
    """What MkDocs needs of a page to title it in the navigation: its front matter, or its first
    `# heading`. Links inside the page are not there to be checked by the shards that only
    need its title."""
    text = source.read_bytes()
    if text.startswith(b"---\n"):
        end = text.find(b"\n---\n", 3)
        if end != -1 and b"\ntitle:" in text[: end + 1]:
            return text[: end + 5] + b"\n"
    heading = _H1.search(text)
    return (heading.group(0) + b"\n") if heading else b""


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links here
        shutil.copy2(source, target)


def prepare(build_dir: Path, shards: int) -> list[Path]:
    """Write one docs tree and mkdocs.yml per shard under build/.shards/; returns the config files."""
    docs = build_dir / "docs"
    root = build_dir / ".shards"
    if root.exists():
        shutil.rmtree(root)
    config = yaml.safe_load((build_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((build_dir / theme["custom_dir"]).resolve())
    configs = []
    for shard in range(shards):
        shard_docs = root / str(shard) / "docs"
        shard_docs.mkdir(parents=True)
        shard_config = {**config, "docs_dir": "docs", "theme": theme}
        path = root / str(shard) / "mkdocs.yml"
        path.write_text(yaml.safe_dump(shard_config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        configs.append(path)
    for source in sorted(docs.rglob("*")):
        if not source.is_file():
            continue
        relative = source.relative_to(docs).as_posix()
        if is_entry_page(relative):
            _link(source, root / str(shard_of(relative, shards)) / "docs" / relative)
            continue
        _link(source, root / "0" / "docs" / relative)
        if not relative.endswith(".md"):
            continue
        stub = nav_stub(source)
        for shard in range(1, shards):
            target = root / str(shard) / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(stub)
    return configs


def start_shard(config_file: Path, site_dir: Path, *, strict: bool) -> subprocess.Popen[bytes]:
    """Build one shard in its own interpreter (SOURCE_DATE_EPOCH is inherited)."""
    command = [sys.executable, "-m", "microskills.site.shards", str(config_file.resolve()), str(site_dir.resolve())]
    if strict:
        command.append("--strict")
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def merge(shard_site: Path, site: Path) -> None:
    """Move a shard's entry pages into the site; everything else it built is shard 0's too."""
    for folder in ENTRY_FOLDERS:
        source = shard_site / folder
        if not source.is_dir():
            continue
        for page in source.iterdir():
            if page.is_dir() and not (site / folder / page.name).exists():
                (site / folder).mkdir(parents=True, exist_ok=True)
                page.rename(site / folder / page.name)


def _main(argv: list[str]) -> int:
    """Entry point of a shard process: a plain in-process MkDocs build of one shard."""
    from microskills.check.pipeline import build_date
    from microskills.site.engine import BuildError, run_mkdocs

    config_file, site_dir = Path(argv[0]), Path(argv[1])
    try:
        warnings = run_mkdocs(config_file, site_dir, strict="--strict" in argv, today=build_date())
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    for message in warnings:
        print(f"MkDocs warning: {message}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
