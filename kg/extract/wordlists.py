"""Load the event extractor's word lists from ``kg/lexicons`` (and the packs that add to them).

- ``triggers.jsonl``: event trigger phrases, one JSON object a line with
  ``phrase``, ``kind`` (an ontology event kind, or null for words that only
  refer back to an incident), ``strength`` (0-1: how surely the phrase
  reports a violent incident), and optional ``noun`` (it can head a
  back-reference such as "the attack"), ``creates`` (false: it never starts
  an incident), ``casualty`` (a casualty word, not an act), ``discovery``
  (bodies found: says nothing of who killed them), ``weak_family``,
  ``event_type`` and ``sub_event_type`` (ACLED overrides).
- ``taxonomy/``: event kind -> family and ACLED types (read by :mod:`kg.core.taxonomy`).
- ``casualty_words.tsv``: outcome, group and subset words around counts.
- ``cues.tsv``: claim, attribution, habitual, generic, umbrella and other cues.
- ``abbreviations.tsv``: abbreviations that do not end a sentence.

A user extends a list by editing its file; nothing here names a word.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from kg.core.errors import KgError
from kg.core.packs import read_table
from kg.core.resources import lexicons_dir
from kg.core.taxonomy import acled_codes
from kg.extract.caseless import Caseless

__all__ = [
    "Trigger",
    "AcledRule",
    "Wordlists",
    "get_wordlists",
    "load_wordlists",
    "per_wordlists",
    "WordlistError",
    "phrase_regex",
]


T = TypeVar("T")


class WordlistError(KgError):
    """A word list file is malformed."""


@dataclass(frozen=True)
class Trigger:
    """One trigger phrase and what it says about an incident."""

    phrase: str
    kind: str | None
    strength: float
    noun: bool = False
    creates: bool = True
    casualty: bool = False
    discovery: bool = False
    weak_family: bool = False
    event_type: str | None = None
    sub_event_type: str | None = None


@dataclass(frozen=True)
class AcledRule:
    kind: str
    family: str
    target: str
    event_type: str | None
    sub_event_type: str | None


@dataclass(frozen=True)
class Wordlists:
    """Every list the event, statistics and relation extractors read."""

    triggers: dict[str, Trigger]
    acled: tuple[AcledRule, ...]
    casualty: dict[str, tuple[str, ...]]  # role -> words
    cues: dict[str, tuple[str, ...]]  # cue type -> phrases
    abbreviations: tuple[str, ...]

    def family(self, kind: str | None) -> str | None:
        """The incident family of an event kind ("attack", "engagement", "abduction")."""
        return next((r.family for r in self.acled if r.kind == kind), None)

    def regex(self, name: str) -> re.Pattern:
        """A case-insensitive regex matching any phrase of a cue type or casualty role."""
        return _compiled(self, name)

    def caseless(self, name: str) -> Caseless:
        """:meth:`regex` as a :class:`~kg.extract.caseless.Caseless` pattern: the same
        matches, found faster on lower-cased text."""
        return _compiled(self, name, caseless=True)


def phrase_regex(phrases) -> re.Pattern:
    """Return a regex matching any of ``phrases`` on word boundaries, longest first.

    >>> phrase_regex(["of them", "of"]).findall("two of them")
    ['of them']
    """
    return re.compile(_phrase_pattern(phrases), re.IGNORECASE)


def _phrase_pattern(phrases) -> str:
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or "(?!)"
    return rf"(?<![\w-])(?:{body})(?![\w-])"


_CACHE: dict[tuple[int, str, bool], tuple[Wordlists, re.Pattern | Caseless]] = {}
_MAX_NEEDED = 16  # past this many words, looking for each costs about what the regex does


def _needed_words(phrases) -> tuple[str, ...]:
    """Words one of which every match of the phrases holds: the longest word of each phrase
    (a match spells its words as listed), less those that hold another such word. Empty
    (no test) when there are many, or when a phrase spells letters otherwise than in
    lower-case ASCII (such a pattern runs case-blind on the text as written).

    >>> _needed_words(["denied involvement", "denies involvement", "condemned", "condemns"])
    ('condemned', 'condemns', 'involvement')
    """
    words = {max(p.split(), key=len) for p in phrases if p.strip()}
    if any(not w.isascii() or w != w.lower() for w in words):
        return ()
    needed = sorted(w for w in words if not any(o != w and o in w for o in words))
    return tuple(needed) if len(needed) <= _MAX_NEEDED else ()


def _compiled(lists: Wordlists, name: str, caseless: bool = False):
    key = (id(lists), name, caseless)
    known = _CACHE.get(key)
    if known is not None and known[0] is lists:
        return known[1]
    phrases = lists.cues.get(name) or lists.casualty.get(name)
    if phrases is None:
        raise WordlistError(f"no cue type or casualty role {name!r}")
    if caseless:
        # Matched case-blind either way; ASCII phrases are lower-cased so that the
        # pattern can run on lower-cased text ("FC men" and "fc men" match alike).
        folded = [p.lower() if p.isascii() else p for p in phrases]
        pattern = Caseless(_phrase_pattern(folded), needs=_needed_words(folded))
    else:
        pattern = phrase_regex(phrases)
    # The lists are kept with their pattern: an id can come back for new lists.
    _CACHE[key] = (lists, pattern)
    return pattern


def per_wordlists(func: Callable[[], T]) -> Callable[[], T]:
    """Cache a function of no arguments that builds something from the word lists: once per
    word lists object (one per extractor config), where ``functools.cache`` would keep the
    first config's for good."""
    memo: dict[int, tuple[Wordlists, T]] = {}
    last: list = [None, None]  # the latest (lists, value): rules ask many times per clause

    @functools.wraps(func)
    def wrapper() -> T:
        lists = get_wordlists()
        if last[0] is lists:
            return last[1]
        known = memo.get(id(lists))
        if known is None or known[0] is not lists:
            known = memo[id(lists)] = (lists, func())
        last[0], last[1] = known
        return known[1]

    def clear() -> None:
        memo.clear()
        last[0] = last[1] = None

    wrapper.cache_clear = clear  # type: ignore[attr-defined]
    return wrapper


_current_data = None


def get_wordlists() -> Wordlists:
    """Return the word lists of the active extractor config (:mod:`kg.extract.config`)."""
    global _current_data
    if _current_data is None:
        from kg.extract.config import current_data  # late: the config module loads this one

        _current_data = current_data
    return _current_data().wordlists


def load_wordlists(packs: Iterable[Path] = ()) -> Wordlists:
    """Load the word lists shipped in ``kg/lexicons``, extended by the packs' own.

    A pack adds triggers (``triggers.jsonl``; a phrase it lists replaces the shipped one),
    cue phrases (``cues.tsv``), casualty words (``casualty_words.tsv``) and abbreviations
    (``abbreviations.tsv``) when it holds a file of that name.
    """
    folder = lexicons_dir()
    lists = Wordlists(
        triggers=_read_triggers(folder / "triggers.jsonl"),
        acled=tuple(AcledRule(**vars(code)) for code in acled_codes()),
        casualty=_read_roles(folder / "casualty_words.tsv", "word", "role"),
        cues=_read_roles(folder / "cues.tsv", "phrase", "type"),
        abbreviations=tuple(row[0] for row in _rows(folder / "abbreviations.tsv", 1)),
    )
    for pack in packs:
        lists = _extended(lists, Path(pack))
    return lists


def _extended(lists: Wordlists, pack: Path) -> Wordlists:
    """``lists`` with the word lists a pack folder holds added (unchanged when it holds none)."""
    files = {name: pack / name for name in _PACK_LISTS if (pack / name).is_file()}
    if not files:
        return lists
    for name, path in files.items():
        if name.endswith(".tsv"):
            read_table(path, name.removesuffix(".tsv"))  # the schema check, with file:line
    triggers, casualty, cues = dict(lists.triggers), dict(lists.casualty), dict(lists.cues)
    if "triggers.jsonl" in files:
        triggers.update(_read_triggers(files["triggers.jsonl"]))
    for name, table, value_col, key_col in (
        ("casualty_words.tsv", casualty, "word", "role"),
        ("cues.tsv", cues, "phrase", "type"),
    ):
        if name in files:
            for key, words in _read_roles(files[name], value_col, key_col).items():
                table[key] = tuple(dict.fromkeys((*table.get(key, ()), *words)))
    abbreviations = lists.abbreviations
    if "abbreviations.tsv" in files:
        extra = (row[0] for row in _rows(files["abbreviations.tsv"], 1))
        abbreviations = tuple(dict.fromkeys((*abbreviations, *extra)))
    return replace(
        lists, triggers=triggers, casualty=casualty, cues=cues, abbreviations=abbreviations
    )


# Word lists a pack may extend, by file name.
_PACK_LISTS = ("triggers.jsonl", "casualty_words.tsv", "cues.tsv", "abbreviations.tsv")


def _rows(path, width: int):
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise WordlistError(f"{path}: cannot read ({error.strerror or error})") from None
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        if len(cells) < width and width > 1:
            raise WordlistError(f"{path}:{number}: expected {width} tab-separated columns")
        yield [c.strip() for c in cells] + [""] * (width - len(cells))


def _read_roles(path, value_col: str, key_col: str) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for cells in _rows(path, 2):
        first, second = cells[0], cells[1]
        key, value = (second, first) if value_col == "word" else (first, second)
        grouped[key].append(value)
    return {k: tuple(v) for k, v in grouped.items()}


def _read_triggers(path) -> dict[str, Trigger]:
    triggers: dict[str, Trigger] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise WordlistError(f"{path}: cannot read ({error.strerror or error})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            trigger = Trigger(**row)
        except (json.JSONDecodeError, TypeError) as error:
            raise WordlistError(f"{path}:{number}: {error}") from None
        triggers[trigger.phrase.lower()] = trigger
    return triggers
