"""Build stage: write the generated docs tree and mkdocs.yml into build/, then run MkDocs.

- Only files whose bytes changed are written (so `mkdocs build --dirty` and the preview stay
  cheap), and generated files that no longer exist are removed.
- The site is built into a temporary directory beside the target and swapped in only when
  MkDocs succeeds, so a failed build leaves the previous site untouched.
- SOURCE_DATE_EPOCH is set for MkDocs when the caller has not set it, so two builds of the
  same catalogue on the same day are byte-identical.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from microskills.core import safewrite
from microskills.model import Catalogue
from microskills.registry.kinds import KIND_FOLDER, KINDS
from microskills.site import engine, shards
from microskills.site.assemble import render
from microskills.site.contribute import RepoLinks
from microskills.site.engine import BuildError, run_mkdocs, run_zensical, source_date_epoch
from microskills.site.paths import UnsafeOutputError, may_replace, write_marker
from microskills.site.render import RenderOptions
from microskills.site.search import SearchIndexer, SearchIndexError
from microskills.site.sections import reference
from microskills.site.treecheck import check_tree

DEFAULT_SITE_URL = "https://microskills-catalogue.github.io/"


@dataclass
class TreeChanges:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


def read_project_config(config_file: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data (safe YAML: no `!!python` tags are allowed there either)."""
    try:
        data = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise BuildError(f"cannot read {config_file}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise BuildError(f"{config_file} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise BuildError(f"{config_file} must be a YAML mapping")
    return data


def hand_written_files(docs_dir: Path) -> dict[str, bytes]:
    """Pages and assets from the project's docs/ (theme overrides are handled separately)."""
    files: dict[str, bytes] = {}
    if not docs_dir.is_dir():
        return files
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(docs_dir).as_posix()
            if relative.startswith("overrides/") or relative.endswith(".d.ts"):
                continue  # theme overrides; the type checker's declarations (docs/assets/types.d.ts)
            content = path.read_bytes()
            if relative.endswith(".md"):
                files[relative] = reference.expand_markers(content)
            else:
                files[relative] = minified(relative, content)
    return files


def minified(relative: str, content: bytes) -> bytes:
    """The project's own CSS and JavaScript without comments and spare whitespace.

    The sources stay commented for maintainers; visitors download about a fifth less of them
    (row f of the benchmarks counts every byte of a visit to Explore). rcssmin and rjsmin are
    conservative minifiers: they never rename or reorder, so the browser tests cover their output.
    rjsmin keeps ES module syntax (`import`, `export`) and template literals as they are, but takes
    a template literal inside another's `${...}` for the end of the outer one and can then drop
    code as a comment: tests/test_build.py checks that minifying every script of docs/assets keeps
    each of its tokens.
    """
    if relative.endswith(".css"):
        import rcssmin

        return str(rcssmin.cssmin(content.decode("utf-8"))).encode("utf-8") + b"\n"
    if relative.endswith(".js"):
        import rjsmin

        return str(rjsmin.jsmin(content.decode("utf-8"))).encode("utf-8") + b"\n"
    return content


def theme_overrides(docs_dir: Path) -> dict[str, bytes]:
    overrides = docs_dir / "overrides"
    if not overrides.is_dir():
        return {}
    return {
        p.relative_to(overrides).as_posix(): p.read_bytes()
        for p in sorted(overrides.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def mkdocs_config(project: dict[str, Any], *, build_dir: Path, site_dir: Path, has_overrides: bool) -> dict[str, Any]:
    """The mkdocs.yml written to build/: the project's settings, pointed at the generated tree."""
    config = dict(project)
    config["docs_dir"] = "docs"
    config["site_dir"] = os.path.relpath(site_dir, build_dir)
    config["use_directory_urls"] = True
    config.setdefault("site_url", DEFAULT_SITE_URL)
    theme = dict(config.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    if has_overrides:
        theme["custom_dir"] = "overrides"
    theme.setdefault("font", False)  # never Google Fonts: the site makes no third-party requests
    config["theme"] = theme
    # A kind from the registry whose index page the project's nav does not list gets a nav entry.
    nav = config.get("nav")
    if isinstance(nav, list):
        listed = yaml.safe_dump(nav)
        extra = [{k.plural: f"{k.folder}/index.md"} for k in KINDS if f"{k.folder}/index.md" not in listed]
        config["nav"] = [*nav, *extra]
    # Entry pages are reachable from index pages; keeping them out of the nav keeps the build linear.
    config["not_in_nav"] = (
        "\n".join(f"/{folder}/*.md" for folder in [*KIND_FOLDER.values(), "categories", "reference"]) + "\n"
    )
    return config


def write_files(root: Path, files: dict[str, bytes]) -> TreeChanges:
    """Write `files` under `root`, touching only those whose bytes differ (mtimes drive `--dirty`).

    Each file is replaced atomically (a running preview may be reading it) through `safewrite`,
    so nothing is written through a symbolic link, whatever the folder held."""
    changes = TreeChanges()
    root.mkdir(parents=True, exist_ok=True)
    for relative, content in sorted(files.items()):
        target = root / relative
        try:
            info = target.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size == len(content) and target.read_bytes() == content:
                changes.unchanged += 1
                continue
        except OSError:
            pass
        safewrite.write_bytes(target, content, root=root, durable=False, parents=True)
        changes.written.append(relative)
    return changes


def write_tree(root: Path, files: dict[str, bytes]) -> TreeChanges:
    """Make `root` hold exactly `files`: write what differs, delete what is no longer generated."""
    changes = write_files(root, files)
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in files:
            path.unlink()
            changes.deleted.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changes


@dataclass(frozen=True)
class BuildPaths:
    config_file: Path
    build_dir: Path
    site_dir: Path

    @property
    def docs_dir(self) -> Path:
        return self.config_file.parent / "docs"


def render_options(project: dict[str, Any], *, today: dt.date, catalogue_dir: Path | None) -> RenderOptions:
    """What rendering needs from mkdocs.yml and the catalogue folder (its link-check data file)."""
    from microskills.check.linkdata import DATA_FILE, LinkDataError, load_results

    site_url = str(project.get("site_url") or DEFAULT_SITE_URL)
    try:
        links = load_results(catalogue_dir / DATA_FILE, today) if catalogue_dir is not None else {}
    except LinkDataError as error:
        raise BuildError(error.message) from None
    return RenderOptions(site_url=site_url, today=today, repo=RepoLinks.from_config(project), links=links)


def generate(
    catalogue: Catalogue, paths: BuildPaths, *, today: dt.date, catalogue_dir: Path | None = None
) -> TreeChanges:
    """Write build/docs, build/overrides and build/mkdocs.yml for `catalogue`."""
    project = read_project_config(paths.config_file)
    source_docs = paths.config_file.parent / str(project.get("docs_dir", "docs"))
    generated = render(catalogue, render_options(project, today=today, catalogue_dir=catalogue_dir))
    manual = hand_written_files(source_docs)
    clash = sorted(set(manual) & set(generated))
    if clash:
        raise BuildError(f"hand-written files in {source_docs} would overwrite generated ones: {', '.join(clash)}")
    check_tree({**manual, **generated}, generated)  # metadata parses; no two files share a site path
    overrides = theme_overrides(source_docs)
    config = mkdocs_config(project, build_dir=paths.build_dir, site_dir=paths.site_dir, has_overrides=bool(overrides))
    config_text = "# Generated by `microskills build` from ../mkdocs.yml: edit that file, not this one.\n"
    config_text += yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    if not may_replace(paths.build_dir, "build"):
        raise UnsafeOutputError(f"refusing to write into {paths.build_dir}: it was not written by `microskills build`")
    paths.build_dir.mkdir(parents=True, exist_ok=True)
    write_marker(paths.build_dir)
    changes = write_tree(paths.build_dir / "docs", {**manual, **generated})
    override_changes = write_tree(paths.build_dir / "overrides", overrides)
    changes.written += [f"overrides/{p}" for p in override_changes.written]
    config_changes = _write_file(paths.build_dir / "mkdocs.yml", config_text.encode("utf-8"))
    if config_changes:
        changes.written.append("mkdocs.yml")
    return changes


def _write_file(path: Path, content: bytes) -> bool:
    if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
        return False
    safewrite.write_bytes(path, content, root=path.parent, durable=False)
    return True


def _run_mkdocs_sharded(paths: BuildPaths, site: Path, *, strict: bool, today: dt.date, jobs: int | None) -> list[str]:
    """MkDocs over the generated tree, split across processes when the site is large (see shards.py)."""
    config_file = paths.build_dir / "mkdocs.yml"
    count = shards.shard_count(paths.build_dir / "docs", jobs)
    if count == 1:
        return run_mkdocs(config_file, site, strict=strict, today=today)
    configs = shards.prepare(paths.build_dir, count)
    workers: list[tuple[Path, subprocess.Popen[bytes]]] = []
    try:
        with source_date_epoch(today):
            for index, shard_config in enumerate(configs[1:], start=1):
                shard_site = paths.build_dir / ".shards" / str(index) / "site"
                workers.append((shard_site, shards.start_shard(shard_config, shard_site, strict=strict)))
            warnings = run_mkdocs(configs[0], site, strict=strict, today=today)
            for shard_site, process in workers:
                output, _ = process.communicate()
                text = output.decode("utf-8", "replace").strip()
                if process.returncode != 0:
                    raise BuildError(text or f"a MkDocs shard failed ({process.returncode})")
                warnings += [line.removeprefix("MkDocs warning: ") for line in text.splitlines() if line]
                shards.merge(shard_site, site)
            engine.write_sitemap(config_file, site)
        return warnings
    finally:
        for _, process in workers:
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(paths.build_dir / ".shards", ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False where unsupported."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(result == 0)


def swap_in(staging: Path, site: Path) -> None:
    """Make `staging` the site. Readers see the old site or the new one, never none (on Linux).

    The previous site is deleted, so `site` must be absent, empty or a folder this tool wrote.
    """
    if not may_replace(site, "site"):
        raise UnsafeOutputError(f"refusing to replace {site}: it was not written by `microskills build`")
    if site.exists() and _exchange(staging, site):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    retired = None
    if site.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{site.name}-old-", dir=site.parent))
        retired.rmdir()
        site.rename(retired)
    staging.rename(site)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def build_site(
    paths: BuildPaths,
    catalogue: Catalogue,
    *,
    strict: bool,
    today: dt.date,
    dirty: bool = False,
    jobs: int | None = None,
    engine: str = "mkdocs",
) -> list[str]:
    """Build into a temporary sibling of the site directory and swap it in on success.

    `engine` is `mkdocs` or `zensical` (`microskills.site.engine.ENGINES`); the search index is
    the same for both: Pagefind indexes stub pages the generator writes, not the engine's HTML.

    The Pagefind index is built in its own process at the same time as MkDocs renders pages.
    With `dirty` (the live preview), MkDocs rebuilds in place only the pages whose Markdown
    changed and the search index is left as it was; speed matters more there than atomicity.
    """
    site_dir = paths.site_dir.resolve()
    if dirty and site_dir.is_dir():
        return run_mkdocs(paths.build_dir / "mkdocs.yml", site_dir, strict=False, dirty=True, today=today)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}-new-*"):  # left by a build that was killed
        if may_replace(stale, "site"):
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    write_marker(staging)  # MkDocs keeps hidden files when it cleans the folder it builds into
    indexer = SearchIndexer(catalogue, paths.build_dir / ".search")
    try:
        if engine == "zensical":
            warnings = run_zensical(paths.build_dir / "mkdocs.yml", staging, strict=strict, today=today)
        else:
            warnings = _run_mkdocs_sharded(paths, staging, strict=strict, today=today, jobs=jobs)
        try:
            bundles = indexer.wait()
        except SearchIndexError as error:
            raise BuildError(str(error)) from None
        for name, bundle in bundles.items():
            bundle.rename(staging / name)
        swap_in(staging, site_dir)
        return warnings
    finally:
        indexer.cancel()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
