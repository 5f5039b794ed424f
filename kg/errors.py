"""Errors conflict-kg raises; all subclass :class:`KgError`."""

from __future__ import annotations

__all__ = ["KgError", "InputError", "StoreError", "StoreLocked", "QueryError"]


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


class StoreError(KgError):
    """The graph store could not be opened, read or written."""


class StoreLocked(StoreError):
    """Another process is writing to the store."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown or refused."""
