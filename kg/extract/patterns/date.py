"""The patterns the date reader runs: month and weekday names, relative days, gaps between
incidents, and the cheap tests that skip sentences without a date.
"""

from __future__ import annotations

import re
from functools import cached_property

from kg.extract.caseless import Caseless
from kg.extract.patterns.base import PatternBase
from kg.extract.patterns.build import Hint, alternation, needed_words


class DatePatterns(PatternBase):
    """Patterns of :mod:`kg.extract.dates`."""

    @cached_property
    def ran_into(self) -> re.Pattern:
        """A word between two days in a row that says the incident ran into the second."""
        return re.compile(rf"\b(?:{self._alt('run_into')})\b", re.IGNORECASE)

    @cached_property
    def night_of(self) -> re.Pattern:
        """Words ending the text before a two-day range that name the night between the days:
        group ``between`` when they do so however the range is written; run on lower-cased
        text."""
        return re.compile(
            rf"\b(?:(?P<between>{self._alt('night_between', lower=True)})"
            rf"|{self._alt('night_of', lower=True)})\s*$"
        )

    @cached_property
    def night_before(self) -> Caseless:
        """A word that puts an incident with no day of its own in the night before the day
        it was reported ("overnight")."""
        words = self.words["night_before"]
        return Caseless(rf"\b(?:{alternation(words, lower=True)})\b", needs=needed_words(words))

    @cached_property
    def day_before_told(self) -> Caseless:
        """A phrase that dates an incident to the day before the last day the report named
        ("the previous day", "a day earlier")."""
        words = self.words["day_before_told"]
        return Caseless(rf"\b(?:{alternation(words, lower=True)})\b", needs=needed_words(words))

    @cached_property
    def same_day(self) -> Caseless:
        """A phrase that puts an incident on the day it was reported ("early in the day")."""
        words = self.words["same_day"]
        return Caseless(rf"\b(?:{alternation(words, lower=True)})\b", needs=needed_words(words))

    @cached_property
    def recalled_opening(self) -> re.Pattern:
        """Words opening a clause that recall an incident from earlier in the month or year
        ("Earlier this month, ...", "Earlier in October, ...")."""
        return re.compile(
            rf"\W{{0,3}}(?:{self._alt('recalled_opening')}"
            rf"|(?:{self._alt('recalled_month_opening')})\s+(?:{self._alt('month')}))\b",
            re.IGNORECASE,
        )

    @cached_property
    def month_numbers(self) -> dict[str, int]:
        """Lower-cased month name or abbreviation -> 1-12."""
        return {**self.words.numbers("month"), **self.words.numbers("month_abbreviation")}

    @cached_property
    def weekday_numbers(self) -> dict[str, int]:
        """Lower-cased weekday -> 0 (Monday) to 6."""
        return self.words.numbers("weekday")

    @cached_property
    def relative_years(self) -> dict[str, int]:
        """Lower-cased words after a month naming its year ("last year") -> years before
        publication."""
        return self.words.numbers("year_relative")

    @cached_property
    def days_count_numbers(self) -> dict[str, int]:
        """Lower-cased number word before "days ago" -> its number."""
        return self.words.numbers("days_count")

    @cached_property
    def relative_days(self) -> dict[str, int]:
        """Lower-cased word naming a day ("yesterday") -> days before publication."""
        return self.words.numbers("relative_day")

    @cached_property
    def date_patterns(self) -> tuple[tuple[str, re.Pattern | Caseless], ...]:
        """The date rules' patterns by name, in the order they are tried. Month and weekday
        names must be capitalised: "may" and "march" are common English words."""
        month = rf"(?P<month>{self._alt('month')}|(?:{self._alt('month_abbreviation')})\.?)"
        day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        day2 = r"(?:\s*(?:-|–|to|and|&)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)"
        year = r"(?P<year>(?:19|20)\d\d)"
        # "Sept. 30 last year", "in March of the previous year": the year told from publication.
        rel_year = rf"(?P<yrel>{self._alt('year_relative', lower=True)})"
        year = rf"(?:{year}|(?i:(?:of\s+)?{rel_year}))"
        weekdays = self._alt("weekday")
        weekday2 = rf"(?:\s+(?:and|or|to|-|–)\s+(?:on\s+)?(?P<weekday2>{weekdays}))"
        days_count = self._alt("days_count", lower=True)
        return (
            ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
            (
                "mdy",
                re.compile(rf"\b{month}\s+{day}{day2}?\b(?:,?\s+{year}\b)?(?!\s*(?:pc|per|%))"),
            ),
            ("dmy", re.compile(rf"\b{day}{day2}?\s+(?:of\s+)?{month}(?![a-z])(?:,?\s+{year}\b)?")),
            (
                "my",
                re.compile(
                    rf"\b(?:(?P<mod>{self._alt('month_modifier')})\s*)?{month}(?![a-z])(?:,?\s+{year}\b)?"
                ),
            ),
            (
                "year",
                re.compile(
                    rf"\b(?P<prep>{self._alt('year_preposition')})\s+{year}\b(?!\s*(?:-|–)\s*\d)"
                ),
            ),
            (
                "weekday",
                re.compile(
                    rf"\b(?P<mid>(?:{self._alt('midnight_preposition')})\s+midnight\s+(?:on\s+)?)?"
                    rf"(?P<last>last\s+|this\s+past\s+|past\s+)?(?P<weekday>{weekdays})(?:'s|’s)?{weekday2}?"
                    rf"(?P<midafter>\s+midnight)?"
                ),
            ),
            (
                # Case-blind, so it runs on lower-cased text (kg.extract.caseless).
                "relative",
                Caseless(
                    rf"\b(?P<rel>{self._alt('relative_day', lower=True)}"
                    rf"|(?P<n>\d|{days_count})\s+days?\s+ago"
                    rf"|(?:over|in|during|within)\s+the\s+(?:last|past|previous)\s+"
                    rf"(?P<span>\d{{1,2}}|{days_count})\s+(?P<spanunit>days|hours)"
                    r"|(?:earlier\s+|late\s+|early\s+)?(?:last|this|past)\s+(?P<unit>week|month|year)"
                    r"|earlier\s+this\s+(?P<unit2>week|month|year)|the\s+previous\s+(?P<unit3>week|month|year))\b"
                ),
            ),
        )

    @cached_property
    def month_cue(self) -> re.Pattern:
        """A word ending the text before a month name alone that makes it a date; run on
        lower-cased text."""
        return re.compile(rf"\b(?:{self._alt('month_cue', lower=True)})\s*$")

    @cached_property
    def common_months(self) -> frozenset[str]:
        """Lower-cased month names that are also common words ("may", "march")."""
        return frozenset(w.lower() for w in self.words["common_month"])

    @cached_property
    def gap(self) -> re.Pattern:
        """ "less than a week after", "two days before": the gap between two incidents."""
        return re.compile(
            rf"\b(?P<hedge>{self._alt('gap_hedge')})?\s*"
            rf"(?P<n>{self._alt('gap_count')}|\d{{1,2}})?\s*"
            rf"(?P<unit>{self._alt('gap_unit')})\s+(?:after|before|since|{self._alt('gap_back')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def gap_back(self) -> re.Pattern:
        """ "a month earlier", "a couple of weeks earlier": a gap back from the incident being
        told, with no later incident named after it; the clause tells an earlier incident."""
        return re.compile(
            rf"\b(?P<hedge>{self._alt('gap_hedge')})?\s*"
            rf"(?P<n>{self._alt('gap_count')}|\d{{1,2}})?\s*"
            rf"(?P<unit>{self._alt('gap_unit')})\s+(?:{self._alt('gap_back')})\b",
            re.IGNORECASE,
        )

    @cached_property
    def gap_units(self) -> dict[str, int]:
        """Lower-cased gap unit ("weeks") -> its days."""
        return self.words.numbers("gap_unit")

    @cached_property
    def gap_hedges(self) -> dict[str, str]:
        """Lower-cased hedge ("less than") -> "below", "above" or "about"."""
        return self.words.mapping("gap_hedge")

    @cached_property
    def month_prefixes(self) -> tuple[str, ...]:
        """The first three letters of every month name, as written: each month match holds
        one."""
        names = (*self.words["month"], *self.words["month_abbreviation"])
        return tuple(dict.fromkeys(name[:3] for name in names))

    @cached_property
    def weekday_suffix(self) -> str:
        """The ending all weekday names share ("day"), or "" when they share none."""
        names = [w[::-1] for w in self.words["weekday"]]
        common = names[0] if names else ""
        for name in names[1:]:
            while not name.startswith(common):
                common = common[:-1]
        return common[::-1]

    @cached_property
    def relative_words(self) -> tuple[str, ...]:
        """Lower-cased words one of which, as a whole word, every relative date holds."""
        longest = [max(w.lower().split(), key=len) for w in self.words["relative_day"]]
        structure = ("ago", "last", "this", "past", "earlier", "previous")
        return tuple(dict.fromkeys([*longest, *structure]))

    @cached_property
    def date_hints(self) -> dict[str, Hint | Caseless]:
        """By date pattern name, a cheaper test that every match passes."""
        months = self.month_prefixes
        month_hint = Hint(re.compile(rf"\b(?:{alternation(months)})"), months)
        weekday = self.weekday_suffix
        relative = self.relative_words
        return {
            "iso": Hint(re.compile(r"\d{4}-\d"), ("-",)),
            "mdy": month_hint,
            "dmy": month_hint,
            "my": month_hint,
            "year": Hint(re.compile(r"(?:19|20)\d\d")),
            "weekday": Hint(re.compile(rf"{re.escape(weekday)}\b" if weekday else r"\b")),
            "relative": Caseless(rf"\b(?:{alternation(relative)})\b", needs=relative),
        }

    @cached_property
    def date_keywords(self) -> tuple[str, ...]:
        """Lower-cased strings one of which every date expression holds: a weekday's ending,
        a month's first letters, a relative word, or the start of a year."""
        weekdays = (self.weekday_suffix,) if self.weekday_suffix else self.words["weekday"]
        lead = (*(w.lower() for w in weekdays), *(m.lower() for m in self.month_prefixes))
        words = needed_words([*lead, *self.relative_words])
        return tuple(dict.fromkeys([*(w for w in lead if w in words), *words, "19", "20"]))
