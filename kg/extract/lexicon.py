"""Actor and project lexicons: the names the extractor knows, loaded from the packs' tables.

The entry tables (``actors.tsv``, ``places.tsv``, ``projects.tsv``, or any ``.tsv`` with an
``id``/``label``/``kind`` header) of every pack the config names are read
(:mod:`kg.core.packs` checks each against its schema; :mod:`kg.extract.config` says
which packs). Rows whose kind is an actor kind or ``Project`` become :class:`LexiconEntry`
objects; rows with a place kind are read by :mod:`kg.extract.gazetteer`. A user extends the
tool by adding a pack folder, not code.

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
from pathlib import Path

from kg.core.model import ACTOR_KINDS, PLACE_KINDS
from kg.core.packs import ENTRY_TABLES, LexiconError, pack_tables, shipped_packs, table_kind
from kg.core.packs import read_table as _read_schema_table

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

#: Environment variable naming extra pack folders.
ENV_VAR = "KG_LEXICONS"
ENTRY_KINDS = (*ACTOR_KINDS, "Project")


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
    """Return the entry tables to read: the shipped packs', then each user folder's.

    Args:
        extra_dirs: user pack folders; defaults to those in ``$KG_LEXICONS``.
    """
    if extra_dirs is None:
        extra_dirs = [d for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
    return [path for folder in (*shipped_packs(), *extra_dirs) for path in pack_tables(folder)]


def read_table(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Read an entry table; return ``(line number, row)`` pairs.

    Raises:
        LexiconError: the file is no entry table, or a row breaks its schema
            (:data:`kg.core.packs.SCHEMAS`).
    """
    kind = table_kind(path)
    if kind not in ENTRY_TABLES:
        raise LexiconError(path, f"a {kind} table holds no actors, places or projects")
    return _read_schema_table(path, kind)


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


def get_lexicon() -> Lexicon:
    """Return the lexicon of the active extractor config (:mod:`kg.extract.config`): while
    extracting, the run's; otherwise the shipped packs' and ``$KG_LEXICONS``'s.

    ``get_lexicon.cache_clear()`` forgets every loaded config.
    """
    from kg.extract.config import current_data  # late: the config module loads this one

    return current_data().lexicon


def _clear() -> None:
    from kg.extract.config import clear_cache

    clear_cache()


get_lexicon.cache_clear = _clear  # type: ignore[attr-defined]
