"""Build the extraction rules' regexes from the word classes (``kg/lexicons/words``) and the
casualty words (``casualty_words.tsv``).

Each pattern is a shape written here once, with its words taken from a class: a word added
to a file is matched the next time the lists are loaded, and no rule spells a word.
:func:`alternation` joins a class's words, escaped, longest first, any run of space between
the words of a phrase. :class:`Patterns` compiles each pattern the first time a rule asks
for it, once per loaded set of lists; :func:`get_patterns` holds the set built from the
shipped files.

Patterns that rules run on every sentence are :class:`~kg.extract.caseless.Caseless`, and
their words are lower-cased so that they can run on lower-cased text.

>>> from kg.extract.words import load_words_from_rows
>>> words = load_words_from_rows([("was", "past_tense", ""), ("slew", "past_tense", "")])
>>> bool(Patterns(words).past_tense.search("Gunmen slew two guards"))
True
"""

from __future__ import annotations

from functools import cached_property

from kg.extract.caseless import Caseless, OpenedSearch
from kg.extract.patterns.build import Hint, alternation, by_first_letter, needed_words
from kg.extract.patterns.casualty import CasualtyPatterns
from kg.extract.patterns.clause import ClausePatterns
from kg.extract.patterns.date import DatePatterns
from kg.extract.patterns.event import EventPatterns
from kg.extract.patterns.number import NumberPatterns
from kg.extract.patterns.statistic import StatisticPatterns
from kg.extract.wordlists import get_wordlists, per_wordlists
from kg.extract.words import get_words

__all__ = ["Patterns", "Hint", "get_patterns", "alternation", "by_first_letter", "needed_words"]


class Patterns(
    ClausePatterns, CasualtyPatterns, EventPatterns, StatisticPatterns, NumberPatterns, DatePatterns
):
    """Every regex the rules read, built from one set of word lists; each group of patterns
    is built the first time a rule asks for it.

    Args:
        words: the word classes.
        lists: the cue and casualty lists (default: the shipped ones).
    """

    def caseless_patterns(self) -> dict[str, Caseless]:
        """Every :class:`~kg.extract.caseless.Caseless` pattern built here, by a readable name
        (for tests that check each finds what ``re.IGNORECASE`` does)."""
        found: dict[str, Caseless] = {}

        def collect(name: str, value) -> None:
            if isinstance(value, Caseless):
                found[name] = value
            elif isinstance(value, OpenedSearch):
                found[f"{name}.openers"] = value.openers
            elif isinstance(value, dict):
                for key, item in value.items():
                    collect(f"{name}.{key}", item)
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    collect(f"{name}.{i}", item)

        for group in type(self).__mro__:
            for name, member in vars(group).items():
                if isinstance(member, cached_property):
                    collect(name, getattr(self, name))
        return found


@per_wordlists
def get_patterns() -> Patterns:
    """The patterns built from the word lists of the active extractor config (once per
    config: :func:`~kg.extract.wordlists.per_wordlists`)."""
    return Patterns(get_words(), get_wordlists())
