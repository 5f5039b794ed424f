"""Errors conflict-kg raises, all subclasses of :class:`KgError`, and the warnings it reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KgError",
    "InputError",
    "InputWarning",
    "LexiconError",
    "StoreError",
    "StoreLocked",
    "QueryError",
    "OutputError",
]


class KgError(Exception):
    """Base class of every error conflict-kg raises on purpose."""


class InputError(KgError):
    """An input file (or one record of it) could not be read."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.message = message
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class LexiconError(KgError):
    """A lexicon or region pack file is malformed; the message names the file and line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.message = message
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class InputWarning:
    """An input file was read, but not whole: what was left out and why.

    Not an exception: the document is still built, and the build reports the warning
    beside its errors (``BuildReport.warnings``).
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class StoreError(KgError):
    """The graph store could not be opened, read or written."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown or refused."""


class OutputError(KgError, OSError):
    """An output file could not be written: ``filename`` names it, ``strerror`` says why.

    Still an OSError, for callers that catch one.
    """

    def __init__(self, path: str | Path, problem: str, errno: int | None = None):
        super().__init__(errno, problem, str(path))

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"
