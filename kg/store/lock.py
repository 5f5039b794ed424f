"""The writer's lock: one process writes an output folder's store at a time.

A writer takes an exclusive, non-blocking ``flock`` on ``OUT/store.lock``, so a second
writer fails at once with :class:`~kg.core.errors.StoreLocked` instead of waiting, and
learns the holder's pid from the file. The kernel releases a ``flock`` when its
process dies, so a killed build never leaves a stale lock; the temporary files it was
writing are removed by the next writer that takes the lock.
"""

from __future__ import annotations

import fcntl
import os
import stat
from pathlib import Path

from kg.core.errors import StoreError, StoreLocked
from kg.core.files import remove_stale_temp_files

__all__ = ["LOCK_FILE", "WriterLock"]

LOCK_FILE = "store.lock"


class WriterLock:
    """The lock on the store in ``out``; :meth:`acquire` it, :meth:`release` it.

    Args:
        out: the output folder (created if missing).
        store: the store folder, for messages.
    """

    def __init__(self, out: Path, store: Path):
        self.out, self.store = Path(out), Path(store)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock and write our pid into the lock file.

        Raises:
            StoreLocked: another process holds it.
            StoreError: the lock file cannot be opened or written (a full disk); no lock
                is kept then.
        """
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            fd = _open_lock_file(self.out / LOCK_FILE)
        except OSError as error:
            raise StoreError(
                f"cannot open the lock file in {self.out}: {error.strerror or error}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise StoreLocked(
                f"store in use: {self.store} is being written by another process (pid {holder}); "
                "wait for it to finish, or open the store read-only"
            ) from None
        try:  # the holder's pid, for the message a second writer gets
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as error:  # a full disk: let go of the lock rather than hold it
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise StoreError(
                f"cannot write the lock file in {self.out}: {error.strerror or error}"
            ) from None
        self._fd = fd
        # Holding the lock, no other build or export is writing here: a temporary file
        # of ours left in the folder is from a writer that was killed.
        remove_stale_temp_files(self.out)

    def release(self) -> None:
        """Let go of the lock (nothing happens if it is not held)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _open_lock_file(path: Path) -> int:
    """Open ``path`` for the lock, refusing anything but a regular file of its own.

    The lock file is truncated when taken, so a symbolic link planted in its place
    (``store.lock -> ../victim.txt``) would empty a file outside the output folder;
    O_NOFOLLOW refuses the link and O_NONBLOCK keeps a FIFO from hanging the open.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        if os.path.islink(path):
            raise OSError(error.errno, f"{path.name} is a symbolic link; remove it") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(0, f"{path.name} is not a regular file; remove it")
    return fd
