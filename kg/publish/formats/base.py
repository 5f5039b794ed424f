"""What every export writer shares: the error it raises, atomic files, the build's timestamp."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from kg.core.errors import KgError
from kg.core.files import atomic_path

__all__ = ["ExportError", "atomic_target", "build_timestamp", "SOURCE_DATE_EPOCH"]

#: Overrides :func:`build_timestamp` (the reproducible-builds.org convention).
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


class ExportError(KgError, OSError):
    """An export file could not be written: ``filename`` names it, ``strerror`` says why.

    Still an OSError, for callers that catch one (:func:`kg.pipeline.refresh_outputs`).
    """

    def __init__(self, path: str | Path, problem: str, errno: int | None = None):
        super().__init__(errno, problem, str(path))

    def __reduce__(self):  # rebuilt from its own arguments (as another process sends it)
        return type(self), (self.filename, self.strerror, self.errno)

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """:func:`kg.core.files.atomic_path`, with an OSError reported as an :class:`ExportError`.

    The error (a full disk: the store's serializer, a CSV or XML writer, the fsync)
    names ``target``, not the temporary file; ``target`` keeps its previous version.
    """
    try:
        with atomic_path(target) as tmp:
            yield tmp
    except OSError as error:
        if isinstance(error, ExportError):
            raise
        # pyoxigraph's errors carry no strerror: "No space left on device (os error 28)".
        raise ExportError(target, error.strerror or str(error), error.errno) from None


_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d))?")


def build_timestamp(issued: Iterable[str]) -> int:
    """The time a build stands for, in unix seconds: the newest article's publication.

    ``SOURCE_DATE_EPOCH``, when set, wins. Taking the time from the inputs rather than the
    clock keeps two builds of the same articles byte-identical. A date without a time
    counts as midnight UTC; no date at all gives 0.

    >>> build_timestamp(["2025-01-12", "2025-01-13T08:30:00Z", "not a date"])
    1736757000
    """
    override = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if override.isdigit():
        return int(override)
    newest = 0
    for text in issued:
        match = _DATE.match(str(text))
        if not match:
            continue
        parts = [int(p) for p in match.groups() if p is not None]
        try:
            moment = datetime(*parts, tzinfo=timezone.utc)  # noqa: UP017 (Python 3.10)
        except ValueError:
            continue
        newest = max(newest, int(moment.timestamp()))
    return newest
