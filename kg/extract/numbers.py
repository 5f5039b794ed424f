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

from kg.extract.caseless import lowered
from kg.extract.patterns import get_patterns

__all__ = ["Count", "CountSpan", "parse_number", "parse_count", "find_counts"]

# Numbers that are clock times, ages, years, shares or money, not head counts.
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\$|\brs\.?\s*|\bpkr\s*|\busd\s*|\bno\.\s*|#|:|(?:^|\W)no\s+)$", re.IGNORECASE
)
# Compiled once: they run for every count found (``re``'s own cache lookup is not free).
_SPACES = re.compile(r"\s+")
_SPACES_OR_DASHES = re.compile(r"[\s-]+")
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_OF = re.compile(r"\s+of\b")


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
    patterns = get_patterns()
    numbers, scales = patterns.number_values, patterns.scale_values
    total, current, seen = 0, 0, False
    for word in words.split():
        if word in ("and", "a"):
            continue
        if word in numbers:
            current += numbers[word]
        elif word in scales:
            current = max(current, 1) * scales[word]
            if scales[word] >= 1000:
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
    match = get_patterns().count.fullmatch(text.strip())
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
    for match in get_patterns().counts.finditer(text, lower):
        if match.group("vague") is None and not _is_count(text, match, skip_years):
            continue
        count = _to_count(match)
        if count is not None:
            start, end = match.span()
            found.append(CountSpan(start, end, text[start:end], count))
    return tuple(found)


def _is_count(text: str, match: re.Match, skip_years: bool) -> bool:
    after = text[match.end() : match.end() + 16]
    if get_patterns().not_a_count_after.match(after):
        return False
    if _NOT_A_COUNT_BEFORE.search(text[max(0, match.start() - 6) : match.start()]):
        return False
    num = match.group("num")
    if skip_years and _YEAR.fullmatch(num) and not match.group("qual"):
        return False
    if _is_age(text, match, num):
        return False
    if num.lower() == "one" and not match.group("qual"):
        # A lone "one" is more often a pronoun ("one of the group's bombers") than a count,
        # and "of one family" counts the family's members, not one person.
        if _OF.match(after):
            return False
        kin_before, kin_after = get_patterns().one_kin
        return not (
            kin_before.search(text, 0, match.start()) and kin_after.match(text, match.end())
        )
    return True


def _is_age(text: str, match: re.Match, num: str) -> bool:
    """A person's age: "aged 29", or two digits set off by commas after a name ("Sepoy Ali
    Khan, 29, of Jhang", "Naik Zafar, 31, and Sepoy Amin, 24, were martyred")."""
    if match.group("qual") or match.group("num2") or not num.isdigit() or len(num) > 2:
        return False
    patterns = get_patterns()
    before = text[max(0, match.start() - 40) : match.start()]
    if patterns.age_before.search(before):
        return True
    apposed_before, apposed_after = patterns.apposed_age
    return bool(apposed_before.search(before) and apposed_after.match(text, match.end()))


def _to_count(match: re.Match) -> Count | None:
    if match.group("vague"):
        # casefold, not lower: a case-blind match also takes "ſ" for "s" and "K" (Kelvin) for "k".
        word = _SPACES.sub(" ", match.group("vague").casefold())
        vague = get_patterns().vague_values
        return Count(low=vague[word], vague=True) if word in vague else None
    low = parse_number(match.group("num"))
    if low is None:
        return None
    high = parse_number(match.group("num2")) if match.group("num2") else None
    if high is not None and high < low:
        # "24-7" or "7 to 3" is not a range; keep the first figure only.
        high = None
    qualifier = _SPACES.sub(" ", (match.group("qual") or "").lower())
    bounds = get_patterns().qualifiers
    if high is not None:
        return Count(low=low, high=high, approximate=bool(bounds["about"].fullmatch(qualifier)))
    if not qualifier or bounds["lower"].fullmatch(qualifier):
        return Count(low=low)
    if bounds["above"].fullmatch(qualifier):
        return Count(low=low + 1)
    if bounds["below"].fullmatch(qualifier):
        strict = qualifier.startswith(("fewer", "less", "under"))
        return Count(low=None, high=low - 1 if strict else low)
    return Count(low=low, approximate=True)
