"""Every call into MkDocs, in one module: a successor engine (Zensical reads the same
`mkdocs.yml`) means changing this module, not the generator.

The generator writes a plain Markdown tree and a stock `mkdocs.yml` (`microskills.site.build`);
this module builds it in-process (`run_mkdocs`), writes the sitemap the way MkDocs does for the
sharded build (`write_sitemap`), reads front matter with MkDocs' own loader
(`read_front_matter`, for the tree check), and makes the live-reload server for `serve`
(`live_reload_server`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from microskills.core import safewrite
from microskills.core.errors import MicroskillsError
from microskills.core.text import show

#: The engines that can build the generated tree: MkDocs (in-process, sharded on large sites) and
#: Zensical, Material for MkDocs' successor, which reads the same mkdocs.yml (in its own process).
ENGINES = ("mkdocs", "zensical")
#: Where Zensical builds: it wants `site_dir` inside the project (the build folder).
ZENSICAL_SITE = ".zensical-site"
ZENSICAL_CONFIG = "zensical.yml"


class BuildError(MicroskillsError):
    """A build that cannot go on; the message says why in a contributor's terms."""


@contextlib.contextmanager
def source_date_epoch(today: dt.date) -> Iterator[None]:
    """Pin MkDocs' build date (sitemap, gzip headers) unless the caller already did."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(
        int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp())
    )
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("A 'dirty' build is being performed"):  # we asked for it
            self.messages.append(message)


def run_mkdocs(config_file: Path, site_dir: Path, *, strict: bool, dirty: bool = False, today: dt.date) -> list[str]:
    """Run MkDocs in-process into `site_dir`; returns its warnings. Raises BuildError on failure."""
    from mkdocs import exceptions as mkdocs_exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    collector = _Collect()
    logger.addHandler(collector)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with source_date_epoch(today):
            config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
            mkdocs_build(config, dirty=dirty)
    except mkdocs_exceptions.MkDocsException as error:
        details = "\n".join(f"  {show(m, None)}" for m in collector.messages)
        raise BuildError(f"MkDocs failed: {show(str(error), None)}" + (f"\n{details}" if details else "")) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous_level)
    return collector.messages


def write_sitemap(config_file: Path, site: Path) -> None:
    """sitemap.xml(.gz) for every page, exactly as MkDocs writes it (its template, its gzip)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils import get_build_date, get_build_timestamp

    config = load_config(config_file=str(config_file), site_dir=str(site))
    base = config.site_url or ""
    if base and not base.endswith("/"):
        base += "/"
    update_date = get_build_date()
    pages = []
    for file in get_files(config).documentation_pages():
        canonical = urljoin(base, file.url) if base else None
        pages.append(
            SimpleNamespace(
                page=SimpleNamespace(
                    is_link=False,
                    canonical_url=canonical,
                    abs_url=urlsplit(canonical).path if canonical else None,
                    update_date=update_date,
                )
            )
        )
    output = config.theme.get_env().get_template("sitemap.xml").render(pages=pages)
    target = site / "sitemap.xml"
    target.write_bytes(output.encode("utf-8"))
    gz_filename = f"{target}.gz"
    timestamp = get_build_timestamp(pages=[p.page for p in pages])
    with (
        open(gz_filename, "wb") as handle,
        gzip.GzipFile(fileobj=handle, filename=gz_filename, mode="wb", mtime=timestamp) as compressed,
    ):
        compressed.write(output.encode("utf-8"))


def read_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """(body, metadata) of a page's text, read by MkDocs' own loader."""
    from mkdocs.utils.meta import get_data

    body, meta = get_data(text)
    return body, meta


def live_reload_server(builder: Callable[[], None], *, host: str, port: int, root: Path) -> Any:
    """MkDocs' live-reload server over `root`, calling `builder` after each change it watches."""
    from mkdocs.livereload import LiveReloadServer

    return LiveReloadServer(builder=builder, host=host, port=port, root=str(root))


def run_zensical(config_file: Path, site_dir: Path, *, strict: bool, today: dt.date) -> list[str]:
    """Build the generated tree with Zensical into `site_dir`; returns its warnings.

    Zensical reads the same configuration but refuses a `site_dir` outside the project, so it gets
    a copy of `mkdocs.yml` that builds into the build folder, and the result is moved into place.
    """
    build_dir = config_file.parent
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["site_dir"] = ZENSICAL_SITE
    output = build_dir / ZENSICAL_SITE
    shutil.rmtree(output, ignore_errors=True)
    safewrite.write_text(
        build_dir / ZENSICAL_CONFIG, yaml.safe_dump(config, sort_keys=False), root=build_dir, durable=False
    )
    command = [str(Path(sys.executable).with_name("zensical")), "build", "-f", ZENSICAL_CONFIG]
    if strict:
        command.append("--strict")
    with source_date_epoch(today):
        try:
            proc = subprocess.run(command, cwd=build_dir, capture_output=True, text=True, check=False)
        except OSError as error:
            raise BuildError(f"cannot run Zensical: {show(error.strerror, None)} (is it installed?)") from None
    if proc.returncode != 0:
        raise BuildError(f"Zensical failed: {show(proc.stderr.strip() or proc.stdout.strip(), None)}")
    for item in output.iterdir():
        target = site_dir / item.name
        if target.exists() and not target.is_symlink():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        item.rename(target)
    output.rmdir()
    return [line for line in proc.stderr.splitlines() if "warning" in line.lower()]
