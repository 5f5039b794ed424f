"""Load the word classes the extraction rules read from ``kg/lexicons/words/*.tsv``.

A word class is a list of words or phrases that play one part in a rule: the prepositions
that make a place locative, the verbs that make a name the one attacked, month names. Each
file holds rows of ``word``, ``class`` and, optionally, ``value`` (the number a month or a
number word stands for), one word a row, after a header comment saying what each class is
for. A class may span files; a word may belong to several classes.

>>> words = load_words_from_rows([("in", "locative", ""), ("May", "month", "5")])
>>> words["locative"], words.numbers("month")
(('in',), {'may': 5})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.core.resources import words_dir
from kg.extract.wordlists import WordlistError

__all__ = ["Words", "get_words", "load_words", "load_words_from_rows"]


@dataclass(frozen=True, eq=False)
class Words:
    """Every word class, by name; the words of a class keep their file order."""

    classes: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, str]]

    def __getitem__(self, name: str) -> tuple[str, ...]:
        """The words of class ``name``.

        Raises:
            WordlistError: no file names the class (a misspelt name fails loudly).
        """
        try:
            return self.classes[name]
        except KeyError:
            raise WordlistError(f"no word class {name!r} in {words_dir()}") from None

    def mapping(self, name: str) -> dict[str, str]:
        """Lower-cased word -> its ``value`` column, for the words of ``name`` that have one."""
        values = self.values.get(name, {})
        return {w.lower(): values[w] for w in self[name] if values.get(w)}

    def numbers(self, name: str) -> dict[str, int]:
        """:meth:`mapping` with the values read as integers."""
        return {w: int(v) for w, v in self.mapping(name).items()}


def load_words(folder: Path) -> Words:
    """Read every ``*.tsv`` file in ``folder`` (in name order) into one :class:`Words`.

    Raises:
        WordlistError: a file cannot be read, or a row lacks its class.
    """
    rows: list[tuple[str, str, str]] = []
    for path in sorted(folder.glob("*.tsv")):
        rows.extend(_rows(path))
    return load_words_from_rows(rows)


def load_words_from_rows(rows: Iterable[tuple[str, str, str]]) -> Words:
    """Build :class:`Words` from ``(word, class, value)`` rows; a repeated row counts once."""
    classes: dict[str, list[str]] = {}
    values: dict[str, dict[str, str]] = {}
    for word, name, value in rows:
        members = classes.setdefault(name, [])
        if word not in members:
            members.append(word)
        if value:
            values.setdefault(name, {})[word] = value
    return Words({k: tuple(v) for k, v in classes.items()}, values)


@cache
def get_words() -> Words:
    """Load (once) the word classes shipped in ``kg/lexicons/words``."""
    return load_words(words_dir())


def _rows(path: Path):
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise WordlistError(f"{path}: cannot read ({error.strerror or error})") from None
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:  # the column names
            header_seen = True
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise WordlistError(f"{path}:{number}: expected a word and its class, tab-separated")
        yield cells[0], cells[1], cells[2] if len(cells) > 2 else ""
