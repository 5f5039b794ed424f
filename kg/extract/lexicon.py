"""Actor and project lexicons: the names the extractor knows, loaded from TSV files.

Every ``*.tsv`` file in the package's ``lexicons`` folder and in each folder named
by the ``KG_LEXICONS`` environment variable (``os.pathsep``-separated) is read.
A file takes part when its header (the first line that is not a ``#`` comment)
has the columns ``id``, ``label`` and ``kind``; files with another header belong
to other components and are skipped. Rows whose kind is an actor kind or
``Project`` become :class:`LexiconEntry` objects; rows with a place kind are read
by :mod:`kg.extract.gazetteer`. A user extends the tool by adding a file, not code.

Columns (only ``id``, ``label``, ``kind`` are required)::

    id  label  kind  aliases  wikidata  parent  funded_by  jurisdiction  generic  note

``generic`` ("yes") marks an umbrella actor that names no specific group ("security forces").

``aliases`` are ``|``-separated surface forms. How an alias is matched follows
from how it is written: an all-capital alias (``BLA``, ``FC``) matches only in
capitals; an alias with a capital letter matches any case as long as the text
has a capital too (so ``Levies`` is not the tax ``levies``); an all-lowercase
alias (``security forces``) matches in any case.

Keys: ``person:<id>`` for persons, ``project:<id>`` for projects and
``actor:<id>`` for every other actor; an ``id`` that already holds a ``:`` is
taken as the key. ``parent`` (memberOf / part of) and ``funded_by`` hold keys.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.core.errors import KgError
from kg.core.model import ACTOR_KINDS, PLACE_KINDS
from kg.core.resources import lexicons_dir

__all__ = [
    "LexiconError",
    "LexiconEntry",
    "Lexicon",
    "get_lexicon",
    "load_lexicon",
    "lexicon_files",
    "read_table",
    "entry_key",
    "ENV_VAR",
]

#: Environment variable naming extra lexicon folders.
ENV_VAR = "KG_LEXICONS"
ENTRY_KINDS = (*ACTOR_KINDS, "Project")
_REQUIRED = ("id", "label", "kind")


class LexiconError(KgError):
    """A lexicon file is malformed."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LexiconEntry:
    """One known actor or project."""

    key: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    parent: str | None = None
    funded_by: str | None = None
    jurisdiction: str | None = None
    note: str | None = None
    generic: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by every alias."""
        return (self.label, *self.aliases)


def entry_key(kind: str, ident: str) -> str:
    """Return the entity key of a lexicon row.

    >>> entry_key("ArmedGroup", "bla"), entry_key("Person", "sarfraz-bugti")
    ('actor:bla', 'person:sarfraz-bugti')
    """
    if ":" in ident:
        return ident
    if kind == "Person":
        return f"person:{ident}"
    if kind == "Project":
        return f"project:{ident}"
    if kind in PLACE_KINDS:
        return f"place:{ident}"
    return f"actor:{ident}"


class Lexicon:
    """Known actors and projects, by key."""

    def __init__(self, entries: Iterable[LexiconEntry] = ()):
        self._entries: dict[str, LexiconEntry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: LexiconEntry) -> None:
        """Add an entry; a later entry with the same key replaces the earlier one."""
        self._entries[entry.key] = entry

    def entry(self, key: str) -> LexiconEntry | None:
        """Return the entry with this key, or None."""
        return self._entries.get(key)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries


def lexicon_files(extra_dirs: Iterable[str | Path] | None = None) -> list[Path]:
    """Return the TSV files to read: the package's, then each user folder's, sorted by name.

    Args:
        extra_dirs: user folders; defaults to those in ``$KG_LEXICONS``.
    """
    if extra_dirs is None:
        extra_dirs = [d for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
    files = sorted(lexicons_dir().glob("*.tsv"))
    for folder in extra_dirs:
        files.extend(sorted(Path(folder).glob("*.tsv")))
    return files


def read_table(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Read an entry table; return ``(line number, row)`` pairs, or ``[]`` for other tables.

    Raises:
        LexiconError: a row has more cells than the header, or lacks an id, label or kind.
    """
    path = Path(path)
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if header is None:
                header = [cell.lower() for cell in cells]
                if not all(column in header for column in _REQUIRED):
                    return []
                continue
            if len(cells) > len(header):
                raise LexiconError(path, f"{len(cells)} cells for {len(header)} columns", number)
            row = dict(zip(header, cells, strict=False))
            missing = [column for column in _REQUIRED if not row.get(column)]
            if missing:
                raise LexiconError(path, f"missing {', '.join(missing)}", number)
            rows.append((number, row))
    return rows


def split_aliases(cell: str | None) -> tuple[str, ...]:
    """Split a ``|``-separated alias cell, dropping blanks and repeats."""
    seen: dict[str, None] = {}
    for alias in (cell or "").split("|"):
        alias = alias.strip()
        if alias:
            seen.setdefault(alias, None)
    return tuple(seen)


def load_lexicon(paths: Iterable[str | Path]) -> Lexicon:
    """Read actor and project rows from entry tables.

    Raises:
        LexiconError: a row is malformed or has an unknown kind.
    """
    lexicon = Lexicon()
    for path in paths:
        for number, row in read_table(path):
            kind = row["kind"]
            if kind in PLACE_KINDS:
                continue
            if kind not in ENTRY_KINDS:
                raise LexiconError(path, f"unknown kind {kind!r}", number)
            lexicon.add(
                LexiconEntry(
                    key=entry_key(kind, row["id"]),
                    label=row["label"],
                    kind=kind,
                    aliases=tuple(
                        a for a in split_aliases(row.get("aliases")) if a != row["label"]
                    ),
                    wikidata=row.get("wikidata") or None,
                    parent=row.get("parent") or None,
                    funded_by=row.get("funded_by") or None,
                    jurisdiction=row.get("jurisdiction") or None,
                    note=row.get("note") or None,
                    generic=(row.get("generic") or "").lower() in ("yes", "true", "1"),
                )
            )
    return lexicon


@cache
def _cached_lexicon(user_dirs: str) -> Lexicon:
    return load_lexicon(lexicon_files([d for d in user_dirs.split(os.pathsep) if d]))


def get_lexicon() -> Lexicon:
    """Return the lexicon of the package and of ``$KG_LEXICONS``.

    It is read once per value of ``$KG_LEXICONS``; ``get_lexicon.cache_clear()`` forgets it.
    """
    return _cached_lexicon(os.environ.get(ENV_VAR, ""))


get_lexicon.cache_clear = _cached_lexicon.cache_clear  # type: ignore[attr-defined]
