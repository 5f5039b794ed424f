"""A time limit on a piece of work, so one document cannot hold a build for ever.

The limit is a ``SIGALRM`` timer: it interrupts Python code at the next bytecode, which
covers the extractors (pure Python) but not one long call into compiled code; the
input bounds in :mod:`kg.ingest.limits` are what keep those short. Signals only reach
the main thread of a process, so elsewhere (a worker thread, Windows) the work runs
without a limit rather than failing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["TimeLimitExceeded", "time_limit"]


class TimeLimitExceeded(BaseException):  # noqa: N818 - read as "raise TimeLimitExceeded"
    """The work ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside the
    interrupted code can swallow it.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the block once ``seconds`` have passed.

    ``None`` or ``0`` means no limit.
    """
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
