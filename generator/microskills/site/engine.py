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
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin, urlsplit

from microskills.core.errors import MicroskillsError
from microskills.core.text import show


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
