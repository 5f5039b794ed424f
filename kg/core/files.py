"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import IO

from kg.core.errors import KgError, OutputError

__all__ = ["atomic_path", "atomic_write", "mark_stale", "remove_file", "remove_stale_temp_files"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_SUFFIX = ".tmp"
# What atomic_path's temporary files are called: "." + the target's name + "." + the
# eight characters mkstemp draws + ".tmp".
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
# A temporary file written to in the last seconds may belong to a writer still running.
_STALE_AFTER = 2.0

# mkstemp creates files 0600; a finished file gets the mode a plain open() would give it.
_FILE_MODE = 0o666 & ~_umask()


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success, move it over ``target``.

    The temporary file is in the same folder (a rename never crosses file systems). Its
    data is fsynced before the rename and the folder after it, so after a crash the
    name points to the whole old file or the whole new one. On any error the temporary
    file is removed, ``target`` keeps its previous version, and the error propagates.
    When the new content equals ``target``'s, ``target`` is left as it was (its time
    too), so a rebuild that changes nothing leaves tools watching the folder alone.

    Args:
        target: the file to write.

    Yields:
        The temporary file's path; write it whole.

    Raises:
        OutputError: ``target`` exists and is not a regular file (a device, a FIFO, a
            folder), or writing failed (an OSError, reported naming ``target``).
    """
    target = Path(target)
    _check_regular(target)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=_SUFFIX)
        os.close(fd)
        tmp = Path(name)
        yield tmp
        if _same_content(tmp, target):
            tmp.unlink()
            tmp = None
            return
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())  # the data is on disk before the name points to it
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(target.parent)  # ... and the rename itself survives a crash
    except BaseException as error:
        if tmp is not None:
            with suppress(FileNotFoundError):
                tmp.unlink()
        if isinstance(error, OSError) and not isinstance(error, KgError):
            raise OutputError(target, error.strerror or str(error), error.errno) from None
        raise


def _check_regular(target: Path) -> None:
    """Refuse to replace anything but a regular file (or a link to one).

    A rename over ``/dev/full`` or a FIFO would replace the node itself (as root, a
    device of the whole system) with a plain file.
    """
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(target, error.strerror or str(error), error.errno) from None
    if not stat.S_ISREG(mode):
        raise OutputError(target, "it exists and is not a regular file (a folder, device or FIFO)")


def atomic_write(path: Path | str, write: Callable[[IO[bytes]], object]) -> Path:
    """Write ``path`` atomically by calling ``write`` with a binary file (see :func:`atomic_path`).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.txt", lambda fh: fh.write(b"hello")).read_bytes()
    b'hello'
    """
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        write(handle)
    return path


def _same_content(new: Path, old: Path, chunk: int = 1 << 20) -> bool:
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        with open(new, "rb") as a, open(old, "rb") as b:
            while True:
                block = a.read(chunk)
                if block != b.read(chunk):
                    return False
                if not block:
                    return True
    except OSError:  # no old file, or it cannot be read: write the new one
        return False


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # a platform that cannot open folders (Windows): the rename stands
        return
    try:
        with suppress(OSError):  # some file systems refuse fsync on a folder
            os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(folder: Path | str) -> list[Path]:
    """Remove the temporary files :func:`atomic_path` left in ``folder`` when killed.

    A ``kill -9`` between the write and the rename leaves a hidden
    ``.NAME.XXXXXXXX.tmp``; nothing else removes it. Only files of that pattern are
    touched (not links or folders), and not those written to in the last two seconds.

    Returns:
        The files removed.
    """
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.fullmatch(entry.name):
            continue
        with suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > _STALE_AFTER:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def remove_file(path: Path | str) -> None:
    """Remove ``path`` (nothing happens when it is missing), durably: the removal is on disk
    when this returns, so a crash after it never brings the file back."""
    path = Path(path)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(path, error.strerror or str(error), error.errno) from None
    _fsync_dir(path.parent)


def mark_stale(path: Path | str) -> None:
    """Mark a state file stale: a SQLite file whose ``meta`` table says ``valid``.

    The next run that reads it then derives everything again. A file that cannot be
    updated is removed, which says the same.
    """
    path = Path(path)
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("UPDATE meta SET value = '0' WHERE name = 'valid'")
    except sqlite3.Error:
        remove_file(path)
