"""The one way this project writes a file in place: never through a symbolic link, never half.

Catalogue files come from strangers, and a pull request can commit symbolic links. A writer that
opened `catalogue/skills/.x.yaml.tmp` with `Path.write_text` would follow a link planted there
(to `../../Makefile`, say) and overwrite whatever it points at. So every in-place writer
(`fmt`, `import esco`, `check-links`, `new`, the build's output folders) calls `write_bytes` /
`write_text` here, which:

- refuses a destination outside `root` (the catalogue for catalogue writers), a destination
  that is not a regular file (a symbolic link, a folder, a pipe), and a path that passes through
  a symbolic link anywhere below `root`: every folder from `root` down is opened with
  `O_NOFOLLOW` and the file is created relative to that open folder, so a link swapped in while
  we write is not followed either;
- writes a fresh temporary file (`O_CREAT | O_EXCL | O_NOFOLLOW`, an unpredictable name) in
  the destination's folder, flushes it to disk, and renames it over the destination with
  `os.replace` (or links it into place with `exclusive`, which never replaces a file), so a
  reader sees the old file or the new one and a failure leaves the old one untouched.

`tests/test_safewrite.py` checks that nothing in `generator/` writes a file any other way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from microskills.core.errors import MicroskillsError
from microskills.core.text import show

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
#: Relative-to-folder system calls (openat, renameat, linkat). Everywhere but Windows.
_AT_CALLS = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd and bool(_NOFOLLOW)


class UnsafeWriteError(MicroskillsError):
    """A write this module refuses: nothing was written."""


def _refuse(path: Path, reason: str) -> UnsafeWriteError:
    return UnsafeWriteError(f"refusing to write {show(str(path), None)}: {reason}; nothing was written")


def _parts(path: Path, root: Path) -> tuple[Path, tuple[str, ...]]:
    """The absolute root and the path's names below it (lexically: `..` cannot climb out)."""
    root_abs = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    try:
        parts = target.relative_to(root_abs).parts
    except ValueError:
        raise _refuse(path, f"it is outside {show(str(root), None)}") from None
    if not parts:
        raise _refuse(path, "it is the folder itself")
    return root_abs, parts


@contextlib.contextmanager
def _folder(path: Path, root: Path, parents: bool) -> Iterator[tuple[int, str]]:
    """An open descriptor of the destination's folder, reached from `root` without following any
    symbolic link, and the destination's name in it."""
    root_abs, parts = _parts(path, root)
    try:
        fd = os.open(root_abs, _DIR_FLAGS)
    except OSError as error:
        raise _refuse(path, f"cannot open {show(str(root), None)} ({error.strerror})") from None
    try:
        for index, name in enumerate(parts[:-1]):
            try:
                child = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if not parents:
                    raise _refuse(path, f"the folder {show(name)} does not exist") from None
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, dir_fd=fd)
                child = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    where = os.path.join(*parts[: index + 1])
                    raise _refuse(path, f"{show(where)} is a symbolic link or not a folder") from None
                raise
            os.close(fd)
            fd = child
        yield fd, parts[-1]
    finally:
        os.close(fd)


def _check_target(path: Path, fd: int | None, name: str, *, exclusive: bool) -> int | None:
    """The destination's permission bits if it exists (a regular file), None if it does not."""
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False) if fd is not None else os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise _refuse(path, "it is a symbolic link (replace the link with a regular file)")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "it is not a regular file")
    if exclusive:
        raise _refuse(path, "it exists already")
    return stat.S_IMODE(info.st_mode)


def _write_all(fd: int, content: bytes, durable: bool) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]
    if durable:
        os.fsync(fd)


def write_bytes(
    path: Path, content: bytes, *, root: Path, exclusive: bool = False, durable: bool = True, parents: bool = False
) -> None:
    """Put `content` at `path` (inside `root`) atomically, never through a symbolic link.

    `exclusive`: fail if the file exists (never replace one, even one made meanwhile);
    `durable`: flush to disk before the rename (catalogue files; the build's output skips it);
    `parents`: create missing folders below `root`.
    """
    if not _AT_CALLS:  # pragma: no cover - Windows: no openat; check the path, then write beside it
        _write_by_path(path, content, root=root, exclusive=exclusive, durable=durable, parents=parents)
        return
    with _folder(path, root, parents) as (folder, name):
        mode = _check_target(path, folder, name, exclusive=exclusive)
        temporary = f".{name[:80]}.{secrets.token_hex(8)}.tmp"
        handle = os.open(temporary, _CREATE, 0o666 if mode is None else 0o600, dir_fd=folder)
        try:
            try:
                if mode is not None:
                    os.fchmod(handle, mode)
                _write_all(handle, content, durable)
            finally:
                os.close(handle)
            if exclusive:
                os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
                os.unlink(temporary, dir_fd=folder)
            else:
                os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
        if durable:
            with contextlib.suppress(OSError):  # some file systems cannot sync a folder
                os.fsync(folder)


def write_text(
    path: Path, text: str, *, root: Path, exclusive: bool = False, durable: bool = True, parents: bool = False
) -> None:
    """`write_bytes` of `text` in UTF-8."""
    write_bytes(path, text.encode("utf-8"), root=root, exclusive=exclusive, durable=durable, parents=parents)


def check_folders(path: Path, root: Path) -> None:
    """Raise UnsafeWriteError unless `path` is inside `root` and every folder from `root` down to
    it is a real folder, not a symbolic link: for commands that read a file before writing it,
    so they never read through a link either (`read_entry_file` checks the file itself)."""
    if not _AT_CALLS:  # pragma: no cover - Windows
        _check_by_path(path, root, target=False)
        return
    with _folder(path, root, False):
        pass


def _check_by_path(path: Path, root: Path, *, target: bool = True) -> None:  # pragma: no cover - Windows
    root_abs, parts = _parts(path, root)
    current = root_abs
    for name in parts[:-1]:
        current = current / name
        if current.is_symlink() or not current.is_dir():
            raise _refuse(path, f"{show(str(current))} is a symbolic link or not a folder")
    if target:
        _check_target(path, None, parts[-1], exclusive=False)


def _write_by_path(  # pragma: no cover - Windows
    path: Path, content: bytes, *, root: Path, exclusive: bool, durable: bool, parents: bool
) -> None:
    if parents:
        _parts(path, root)
        Path(os.path.abspath(path)).parent.mkdir(parents=True, exist_ok=True)
    _check_by_path(path, root)
    if exclusive and os.path.lexists(path):
        raise _refuse(path, "it exists already")
    folder = Path(os.path.abspath(path)).parent
    temporary = folder / f".{path.name[:80]}.{secrets.token_hex(8)}.tmp"
    handle = os.open(temporary, _CREATE | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            _write_all(handle, content, durable)
        finally:
            os.close(handle)
        if exclusive:
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
