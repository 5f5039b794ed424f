"""What every group of patterns shares: the word lists it is built from."""

from __future__ import annotations

from kg.extract.patterns.build import alternation
from kg.extract.wordlists import Wordlists, get_wordlists
from kg.extract.words import Words


class PatternBase:
    """Patterns built from one set of word lists.

    Args:
        words: the word classes.
        lists: the cue and casualty lists (default: the shipped ones).
    """

    def __init__(self, words: Words, lists: Wordlists | None = None):
        self.words = words
        self._lists = lists

    @property
    def lists(self) -> Wordlists:
        """The cue and casualty lists (cues.tsv, casualty_words.tsv)."""
        if self._lists is None:
            self._lists = get_wordlists()
        return self._lists

    def _alt(self, *names: str, lower: bool = False) -> str:
        return alternation([w for name in names for w in self.words[name]], lower=lower)

    def _casualty(self, *roles: str) -> tuple[str, ...]:
        return tuple(w for role in roles for w in self.lists.casualty.get(role, ()))

    def _cues(self, name: str) -> str:
        return alternation(self.lists.cues.get(name, ()))
