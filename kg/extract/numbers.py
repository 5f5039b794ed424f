"""Parse the counts news reports give: digits, number words and hedged figures.

A count is kept as a range: ``low`` is the lower bound the words allow and
``high`` the upper one (``None`` when open). "more than 20" is at least 21,
"up to 30" is at most 30, "24 to 27" is 24-27, "dozens" is at least 24
(``vague``), and "nearly/about/around/some 20" is 20, marked ``approximate``.

>>> parse_count("at least twenty-seven")
Count(low=27, high=None, approximate=False, vague=False)
>>> parse_count("more than 50")
Count(low=51, high=None, approximate=False, vague=False)
>>> parse_count("24 to 27")
Count(low=24, high=27, approximate=False, vague=False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.caseless import Caseless, lowered

__all__ = ["Count", "CountSpan", "parse_number", "parse_count", "find_counts"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# The smallest number each vague word allows: "dozens" is at least two dozen.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3, "a few": 2}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SPELLED = (
    rf"(?:(?:{_WORD})(?:[\s-]+(?:{_WORD}))?(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:{_WORD})(?:[\s-]+(?:{_WORD}))?)?)?"
    r"|a\s+hundred|a\s+thousand)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_DOZEN = rf"(?:(?:a|one|two|three|four|five|half\s+a|{_DIGITS})\s+dozen)"
_NUMBER = rf"(?:{_DOZEN}|{_DIGITS}|{_SPELLED})"


def _phrases(*phrases: str) -> str:
    """An alternation of phrases, any run of space between their words."""
    return "(?:" + "|".join(p.replace(" ", r"\s+") for p in phrases) + ")"


_LOWER_WORDS = ("at least", "a minimum of", "no fewer than", "not less than")
_ABOVE_WORDS = ("more than", "over", "above", "in excess of", "upwards of")
_BELOW_WORDS = (
    "up to", "as many as", "fewer than", "less than", "under", "at most", "no more than",
)  # fmt: skip
_ABOUT_WORDS = (
    "nearly", "almost", "about", "around", "some", "roughly", "approximately", "close to",
    "an estimated", "estimated", "circa", "just over", "just under",
)  # fmt: skip
_LOWER, _ABOVE, _BELOW, _ABOUT = (
    _phrases(*words) for words in (_LOWER_WORDS, _ABOVE_WORDS, _BELOW_WORDS, _ABOUT_WORDS)
)
_QUALIFIER = rf"(?:{_LOWER}|{_ABOVE}|{_BELOW}|{_ABOUT})"
# "and" joins a range only after "between": "between 24 and 27", not "5 and 7 injured".
_RANGE_SEP = r"(?(between)\s+and\s+|\s*(?:-|–|to)\s*)"

_COUNT = (
    rf"\b(?:(?P<between>between)\s+)?(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?P<num>{_NUMBER})"
    rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{_NUMBER}))?\b"
    rf"|\b(?P<vague>dozens|scores|hundreds|thousands|several|a\s+few)\b"
)
_COUNT_RE = re.compile(_COUNT, re.IGNORECASE)


def _first_word_test() -> str:
    """A lookahead that holds wherever a count can start: the word that opens it.

    A count opens with "between", a qualifier's first word, "a"/"half" ("a dozen", "half a
    dozen", "a few"), a vague word, a digit, or a number word; all but the number words end
    there (a range joins its numbers without a space: "seven-to-ten", "20-25"). At most word
    starts of a sentence none of these opens, and the lookahead rejects them at once instead
    of trying every branch of the count pattern; a first-letter test rejects most sooner still.
    """
    qualifiers = (*_LOWER_WORDS, *_ABOVE_WORDS, *_BELOW_WORDS, *_ABOUT_WORDS)
    openers = {p.split()[0] for p in ("between", "a", "half", *_VAGUE, *qualifiers)}
    numbers = {*_UNITS, *_TENS}
    letters = "".join(sorted({w[0] for w in openers | numbers}))
    return rf"(?=[\d{letters}])(?={_by_first_letter(openers)}\b|\d|{_by_first_letter(numbers)})"


def _by_first_letter(words) -> str:
    """An alternation of words grouped by first letter, so a regex tests that letter once.

    >>> _by_first_letter(["at", "a", "be"])
    '(?:a(?:t|)|b(?:e))'
    """
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return (
        "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"
    )


# The same counts, found faster: every sentence is scanned for them. Both branches of _COUNT
# open with \b, so "\b(?=opener)(?:branch|branch)" matches exactly what _COUNT does; and it
# runs on lower-cased text (kg.extract.caseless).
_COUNTS = Caseless(
    r"\b"
    + _first_word_test()
    + "(?:"
    + _COUNT.removeprefix(r"\b").replace(r"|\b(?P<vague>", r"|(?P<vague>", 1)
    + ")"
)


# Numbers that are clock times, ages, years, shares or money, not head counts.
_NOT_A_COUNT_AFTER = re.compile(
    r"\s*(?::\d|\.\d|a\.?m\b|p\.?m\b|gmt\b|hrs\b|hours?\b(?!\s+(?:of|later))|per\s*cent|percent|pc\b|%"
    r"|st\b|nd\b|rd\b|th\b|-year|-day|-hour|km\b|kilomet|miles?\b|metres?\b|meters?\b|kg\b|years?\s+old)",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\$|\brs\.?\s*|\bpkr\s*|\busd\s*|\bno\.\s*|#|:|(?:^|\W)no\s+)$", re.IGNORECASE
)
# Compiled once: they run for every count found (``re``'s own cache lookup is not free).
_SPACES = re.compile(r"\s+")
_SPACES_OR_DASHES = re.compile(r"[\s-]+")
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OF = re.compile(r"\s+of\b")
_ABOUT_RE, _LOWER_RE, _ABOVE_RE, _BELOW_RE = (
    re.compile(p) for p in (_ABOUT, _LOWER, _ABOVE, _BELOW)
)


@dataclass(frozen=True)
class Count:
    """A head count as a range; ``low`` is what a lower-bound field should store."""

    low: int | None
    high: int | None = None
    approximate: bool = False
    vague: bool = False

    @property
    def value(self) -> int | None:
        """The figure to report: the lower bound, else the upper bound."""
        return self.low if self.low is not None else self.high


@dataclass(frozen=True)
class CountSpan:
    """A count found in a text, with its character offsets."""

    start: int
    end: int
    text: str
    count: Count


def parse_number(text: str) -> int | None:
    """Return the integer a number written in digits or words denotes.

    >>> parse_number("1,166")
    1166
    >>> parse_number("Twenty-seven")
    27
    >>> parse_number("two dozen")
    24
    >>> parse_number("three hundred and five")
    305
    >>> parse_number("many") is None
    True
    """
    words = _SPACES_OR_DASHES.sub(" ", text.strip().lower())
    if not words:
        return None
    if _DIGITS_RE.fullmatch(words):
        return int(words.replace(",", ""))
    if words.endswith(" dozen"):
        head = words[: -len(" dozen")].strip()
        if head == "half a":
            return 6
        times = 1 if head in ("a", "one") else parse_number(head)
        return None if times is None else times * 12
    total, current, seen = 0, 0, False
    for word in words.split():
        if word in ("and", "a"):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """Parse a whole count expression such as "more than 20" or "24 to 27".

    >>> parse_count("up to 30")
    Count(low=None, high=30, approximate=False, vague=False)
    >>> parse_count("nearly 100")
    Count(low=100, high=None, approximate=True, vague=False)
    >>> parse_count("dozens")
    Count(low=24, high=None, approximate=False, vague=True)
    >>> parse_count("a dozen")
    Count(low=12, high=None, approximate=False, vague=False)
    """
    match = _COUNT_RE.fullmatch(text.strip())
    return _to_count(match) if match else None


def find_counts(text: str, *, skip_years: bool = True) -> list[CountSpan]:
    """Return every head count in ``text`` with its offsets.

    Clock times, percentages, ordinals, distances, money and (unless
    ``skip_years`` is false) bare years such as 2024 are not counts.

    >>> [c.count.low for c in find_counts("At least 27 were killed at 8:45 in 2024; 61 hurt")]
    [27, 61]
    """
    return list(_find_counts(text, skip_years))


@lru_cache(maxsize=8192)
def _find_counts(text: str, skip_years: bool) -> tuple[CountSpan, ...]:
    # Cached: the same sentence is read for events, casualties and statistics. The scan is
    # as quick as any test for a number would be on the three sentences in four with none.
    lower = lowered(text)
    found = []
    # Groups are read case-blind (parse_number lower-cases); the span's text is the original.
    for match in _COUNTS.finditer(text, lower):
        if match.group("vague") is None and not _is_count(text, match, skip_years):
            continue
        count = _to_count(match)
        if count is not None:
            start, end = match.span()
            found.append(CountSpan(start, end, text[start:end], count))
    return tuple(found)


def _is_count(text: str, match: re.Match, skip_years: bool) -> bool:
    after = text[match.end() : match.end() + 16]
    if _NOT_A_COUNT_AFTER.match(after):
        return False
    if _NOT_A_COUNT_BEFORE.search(text[max(0, match.start() - 6) : match.start()]):
        return False
    num = match.group("num")
    if skip_years and _YEAR.fullmatch(num) and not match.group("qual"):
        return False
    # A lone "one" is more often a pronoun ("one of the group's bombers") than a count.
    return not (num.lower() == "one" and not match.group("qual") and _OF.match(after))


def _to_count(match: re.Match) -> Count | None:
    if match.group("vague"):
        # casefold, not lower: a case-blind match also takes "ſ" for "s" and "K" (Kelvin) for "k".
        word = _SPACES.sub(" ", match.group("vague").casefold())
        return Count(low=_VAGUE[word], vague=True) if word in _VAGUE else None
    low = parse_number(match.group("num"))
    if low is None:
        return None
    high = parse_number(match.group("num2")) if match.group("num2") else None
    if high is not None and high < low:
        # "24-7" or "7 to 3" is not a range; keep the first figure only.
        high = None
    qualifier = _SPACES.sub(" ", (match.group("qual") or "").lower())
    if high is not None:
        return Count(low=low, high=high, approximate=bool(_ABOUT_RE.fullmatch(qualifier)))
    if not qualifier or _LOWER_RE.fullmatch(qualifier):
        return Count(low=low)
    if _ABOVE_RE.fullmatch(qualifier):
        return Count(low=low + 1)
    if _BELOW_RE.fullmatch(qualifier):
        strict = qualifier.startswith(("fewer", "less", "under"))
        return Count(low=None, high=low - 1 if strict else low)
    return Count(low=low, approximate=True)
