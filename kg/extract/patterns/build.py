"""Join a word class into a regex: alternations, first-letter groups, and the words a match
must hold (a cheap test before a regex runs)."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable

from kg.extract.caseless import contains_any

__all__ = ["alternation", "by_first_letter", "needed_words", "Hint"]


def alternation(words: Iterable[str], *, lower: bool = False) -> str:
    """Return a regex alternation of ``words``: escaped, longest first, spaces as ``\\s+``.

    Longest first, so that where one word opens another ("of" and "of them") the longer is
    tried first. ``lower`` lower-cases ASCII words, for a pattern run on lower-cased text.
    An empty list gives a pattern that never matches.

    >>> alternation(["of", "of them", "a.m."])
    'of\\\\s+them|a\\\\.m\\\\.|of'
    >>> alternation([])
    '(?!)'
    """
    unique = {w.strip() for w in words if w.strip()}
    if lower:
        unique = {w.lower() if w.isascii() else w for w in unique}
    ordered = sorted(unique, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"


def by_first_letter(words: Iterable[str]) -> str:
    """An alternation of words grouped by first letter, so a regex tests that letter once.

    >>> by_first_letter(["at", "a", "be"])
    '(?:a(?:t|)|b(?:e))'
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return (
        "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"
    )


def needed_words(phrases: Iterable[str], *, stem: int = 4) -> tuple[str, ...]:
    """Lower-cased strings one of which every match of ``phrases`` holds, as few as may be: a
    text holding none of them cannot match, which ``in`` tells faster than a regex.

    Each phrase gives its longest word (the last of equals: "lost their lives" gives
    "lives"); words that open alike share their first ``stem`` or more letters ("martyred",
    "martyring": "martyr"); a word holding another is dropped.

    >>> needed_words(["killed", "kill", "shot dead", "slain", "wounded", "wounds"])
    ('dead', 'kill', 'slain', 'wound')
    """
    words = set()
    for phrase in phrases:
        parts = phrase.lower().split()
        if parts:
            words.add(max(reversed(parts), key=len))
    merged = True
    while merged:
        merged = False
        ordered = sorted(words)
        for first, second in itertools.pairwise(ordered):
            prefix = os.path.commonprefix([first, second])
            if len(prefix) >= stem:
                words -= {first, second}
                words.add(prefix)
                merged = True
                break
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class Hint:
    """A cheap test run before a full pattern: most sentences hold no date at all.

    The hint's regex runs only on a text that holds one of ``needs`` as written (each match
    of the regex spells one), which ``in`` tells faster than the regex can.
    """

    __slots__ = ("pattern", "needs")

    def __init__(self, pattern: re.Pattern, needs: tuple[str, ...] = ()):
        self.pattern, self.needs = pattern, needs

    def search(self, text: str, lower: str | None = None) -> bool:
        """True when ``text`` may hold a match (``lower`` is not read: the hint is exact)."""
        if self.needs and not contains_any(text, self.needs):
            return False
        return self.pattern.search(text) is not None
