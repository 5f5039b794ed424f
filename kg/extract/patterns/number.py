"""The patterns the count reader runs: spelled and written numbers, qualifiers, vague counts."""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.caseless import Caseless
from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import alternation, by_first_letter


class NumberPatterns(PatternBase):
    """Patterns of :mod:`kg.extract.numbers`."""

    @cached_property
    def number_values(self) -> dict[str, int]:
        """Lower-cased number word below a hundred ("seven", "forty") -> its value."""
        return {**self.words.numbers("number_unit"), **self.words.numbers("number_ten")}

    @cached_property
    def scale_values(self) -> dict[str, int]:
        """Lower-cased scale word ("hundred") -> its factor."""
        return self.words.numbers("number_scale")

    @cached_property
    def vague_values(self) -> dict[str, int]:
        """Lower-cased vague count ("dozens") -> the smallest number it allows."""
        return self.words.numbers("vague_count")

    @cached_property
    def qualifiers(self) -> dict[str, re.Pattern]:
        """By bound ("about", "lower", "above", "below"): a pattern for a whole qualifier."""
        return {
            bound: re.compile(f"(?:{self._alt('qualifier_' + bound)})")
            for bound in ("about", "lower", "above", "below")
        }

    @cached_property
    def _count_pattern(self) -> str:
        """A head count: "between 24 and 27", "at least 27", "two dozen", "dozens"."""
        words = alternation(self.number_values)
        spelled = (
            rf"(?:(?:{words})(?:[\s-]+(?:{words}))?(?:\s+(?:{self._alt('count_scale')})"
            rf"(?:\s+(?:and\s+)?(?:{words})(?:[\s-]+(?:{words}))?)?)?"
            rf"|a\s+(?:{self._alt('count_scale')}))"
        )
        digits = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
        dozen = rf"(?:(?:{self._alt('dozen_count')}|{digits})\s+dozen)"
        number = rf"(?:{dozen}|{digits}|{spelled})"
        bounds = ("lower", "above", "below", "about")
        qualifier = "(?:" + "|".join(self._alt("qualifier_" + b) for b in bounds) + ")"
        # "and" joins a range only after "between": "between 24 and 27", not "5 and 7 injured".
        range_sep = r"(?(between)\s+and\s+|\s*(?:-|–|to)\s*)"
        return (
            rf"\b(?:(?P<between>between)\s+)?(?:(?P<qual>{qualifier})\s+)?"
            rf"(?P<num>{number})"
            rf"(?:(?P<sep>{range_sep})(?P<num2>{number}))?\b"
            rf"|\b(?P<vague>{self._alt('vague_count')})\b"
        )

    @cached_property
    def not_a_count_after(self) -> re.Pattern:
        """After a number: a clock time, a share, an ordinal, an age or a distance."""
        return re.compile(
            r"\s*(?::\d|\.\d|hours?\b(?!\s+(?:of|later))|per\s*cent|percent|%"
            rf"|(?:{self._alt('unit_after')}|st|nd|rd|th)\b|-year|-day|-hour|kilomet)",
            re.IGNORECASE,
        )

    @cached_property
    def age_before(self) -> re.Pattern:
        """Before a number: the words that make it a person's age ("aged 29")."""
        return re.compile(rf"(?<![\w-])(?:{self._alt('age_before')})\s*$", re.IGNORECASE)

    @cached_property
    def one_kin(self) -> tuple[re.Pattern, re.Pattern]:
        """ "four members of one family": "of" before "one", a group of kin after it (before,
        after the number)."""
        return (
            re.compile(r"\bof\s+$", re.IGNORECASE),
            re.compile(rf"\s+(?:{self._alt('kin_group')})\b", re.IGNORECASE),
        )

    @cached_property
    def apposed_age(self) -> tuple[re.Pattern, re.Pattern]:
        """A number set off by commas after a name: "Sepoy Ali Khan, 29, of Jhang", "Captain
        Amir, 25, who led his men", "... and Naik Zafar, 31." (before, after the number)."""
        before = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.-]*,\s*$")
        after = re.compile(
            r"(?:,(?!\s*(?:including|among|of\s+(?:them|whom))\b)|\.(?!\d)|\s*$|\s+and\s+[A-Z])"
        )
        return before, after

    @cached_property
    def count(self) -> re.Pattern:
        """A head count, matched case-blind (for :func:`~kg.extract.numbers.parse_count`)."""
        return re.compile(self._count_pattern, re.IGNORECASE)

    @cached_property
    def counts(self) -> Caseless:
        """The same counts, found faster: every sentence is scanned for them.

        A count opens with "between", a qualifier's first word, a dozen's or vague word's, a
        digit, or a number word; all but the number words end there (a range joins its
        numbers without a space: "seven-to-ten", "20-25"). At most word starts of a sentence
        none of these opens, and a lookahead rejects them at once instead of trying every
        branch; a first-letter test rejects most sooner still. Both branches of the count
        open with ``\\b``, so ``\\b(?=opener)(?:branch|branch)`` matches exactly what
        :attr:`count` does, and it runs on lower-cased text (kg.extract.caseless).
        """
        phrases = ["between", *self.words["dozen_count"], *self.words["vague_count"]]
        for bound in ("lower", "above", "below", "about"):
            phrases += self.words["qualifier_" + bound]
        openers = {p.split()[0].lower() for p in phrases}
        numbers = set(self.number_values)
        letters = "".join(sorted({w[0] for w in openers | numbers}))
        opener = rf"(?=[\d{letters}])(?={by_first_letter(openers)}\b|\d|{by_first_letter(numbers)})"
        body = self._count_pattern.removeprefix(r"\b").replace(r"|\b(?P<vague>", r"|(?P<vague>", 1)
        return Caseless(rf"\b{opener}(?:{body})")
