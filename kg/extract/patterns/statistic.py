"""The patterns the statistics reader runs: periods, rates, shares, sources of figures."""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.caseless import Caseless
from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import alternation, needed_words


class StatisticPatterns(PatternBase):
    """Patterns of :mod:`kg.extract.statistics`."""

    @cached_property
    def incident_count_after(self) -> Caseless:
        """ "444 terrorist attacks": a count of incidents, not of people."""
        nouns = self.words["incident_plural"]
        return Caseless(
            rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{alternation(nouns, lower=True)})\b",
            needs=needed_words(nouns),
        )

    @cached_property
    def single_incident(self) -> Caseless:
        """A single incident: "a suicide bombing", "the attack", "an explosion"."""
        nouns = self.words["incident_noun"]
        return Caseless(
            r"\b(?:a|an|the|this|that|saturday's|sunday's)\s+(?:\w+\s+){0,2}?"
            rf"(?:{alternation(nouns, lower=True)})\b(?!s)",
            needs=needed_words(nouns),
        )

    @cached_property
    def share(self) -> Caseless:
        """A share or a total: "per cent", "5pc", "%", "accounted for", "nationwide"."""
        cues = self.words["share_cue"]
        return Caseless(
            rf"\b(?:{alternation(cues, lower=True)})\b|\d\s*pc\b|%",
            needs=(*needed_words([*cues, "pc"]), "%"),
        )

    @cached_property
    def year_period(self) -> Caseless:
        """A figure's period: "in 2024", "2024 alone", "over the past year", "annual"."""
        return Caseless(
            rf"\b(?:{self._alt('period_preposition', lower=True)})\s+((?:19|20)\d\d)\b(?!\s*[-–]\d)"
            rf"|\b((?:19|20)\d\d)\s+(?:{self._alt('year_whole', lower=True)})\b"
            r"|\b(?:during|throughout|over|in)\s+the\s+(?:(?:past|last|previous)\s+)?year\b|\b(?:this|last)\s+year\b"
            r"|\bannual\b|\byear-end\b|\bof\s+the\s+year\b|\ba\s+(?:nine|ten|five|\d+)-year\s+high\b"
            rf"|\b(?:{self._alt('period_span', lower=True)})\b"
            # "over the past three months", "in six months": a span counted in months.
            r"|\b(?:during|throughout|over|in)\s+(?:the\s+)?(?:(?:past|last|previous)\s+)?"
            rf"(?:{self._alt('gap_count', lower=True)}|\d{{1,2}})\s+months\b"
            # "has killed 130 people since November": a toll run up over the months since.
            rf"|\bsince\s+(?:last\s+)?(?:{self._alt('month', lower=True)})\b(?!\s+\d)",
            needs=("19", "20", "year", "annual", "period", "half", "months", "quarter", "since"),
        )

    @cached_property
    def _rate(self) -> str:
        return rf"(?:{self._alt('rate_word', lower=True)})\s+(?:{self._alt('rate_unit', lower=True)})\b"

    @cached_property
    def rate(self) -> Caseless:
        """ "ten attacks a week", "on average"; "a week" is a rate, not a gap ("less than a
        week after the attack")."""
        return Caseless(
            rf"\b{self._rate}(?!\s+(?:after|before|since|later|earlier|ago)\b)"
            r"|\bon\s+average\b|\baverage\s+of\b",
            needs=(*needed_words(self.words["rate_unit"]), "average"),
        )

    @cached_property
    def rate_after(self) -> re.Pattern:
        """A rate right after a figure: "15 attacks per day"."""
        return re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?{self._rate}", re.IGNORECASE)

    @cached_property
    def comparison(self) -> re.Pattern:
        """Words after a figure that make the next one repeat its measure."""
        return re.compile(rf"\b(?:{self._alt('comparison_cue')})\b[^.;]{{0,40}}$")

    @cached_property
    def change(self) -> Caseless:
        """A change between two periods: "attacks rose from 17 to 28", "deaths fell from
        nine to four"."""
        verbs = self.words["change_verb"]
        return Caseless(
            rf"\b(?:{alternation(verbs, lower=True)})\s+(?:[\w-]+\s+){{0,2}}?"
            r"from\s+[\w,]+\s+to\s+[\w,]+",
            needs=("from",),
        )

    @cached_property
    def death_words(self) -> re.Pattern:
        return re.compile(rf"\b(?:{self._alt('death_word')})\b", re.IGNORECASE)

    @cached_property
    def statistic_fillers(self) -> frozenset[str]:
        """Lower-cased words left out of a figure's measure ("the other soldiers": soldiers)."""
        return frozenset(w.lower() for w in self.words["statistic_filler"])

    @cached_property
    def statistic_noun(self) -> re.Pattern:
        """Up to three modifiers and the noun of a figure: "383 (security) soldiers"."""
        return re.compile(
            rf"\s+((?:[\w'-]+\s+){{0,3}}?)((?:{self._alt('statistic_noun')}))\b", re.IGNORECASE
        )

    @cached_property
    def outcome_adjacent(self) -> re.Pattern:
        """An outcome word of casualty_words.tsv right after a figure's noun: "26 were killed"."""
        outcome = alternation(self._casualty("killed", "injured"))
        return re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:were\s+|had\s+been\s+)?(?:{outcome})\b")

    @cached_property
    def source_before(self) -> re.Pattern:
        return re.compile(rf"(?:{self._alt('source_preposition')})\s+(?:the\s+)?$")

    @cached_property
    def source_after(self) -> re.Pattern:
        return re.compile(rf"^(?:'s|’s)?\W*(?:\(\w+\)\W*)?(?:{self._alt('source_verb')})")
