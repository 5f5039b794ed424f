"""Case-insensitive regexes, run case-sensitively on lower-cased text where that is exact.

``re.IGNORECASE`` folds every character as it compares it, and it turns off the engine's
fast paths: the first-character set that lets a search skip positions, and the literal
test that skips a branch of an alternation without entering it. The extractors' word-list
patterns are long alternations ("killed|martyred|shot dead|..."), so they pay for both.
Compiled without the flag and run on the lower-cased text, the same pattern finds the same
spans two to three times faster.

That is exact when lower-casing keeps every offset and agrees with how ``re`` folds case.
``str.lower`` maps every character to one character except U+0130 (dotted capital I), and
``re.IGNORECASE`` takes two characters as an ASCII letter that ``str.lower`` leaves alone
(U+0131 dotless i matches "i", U+017F long s matches "s"). A text holding one of these three
takes the case-insensitive pattern; ``tests/test_extract_caseless.py`` checks the list
against every Unicode character. Patterns must spell their letters in lower-case ASCII, so
that both compilations mean the same; any other pattern always runs case-insensitively.

>>> past = Caseless(r"\\b(?:was|were)\\b")
>>> bool(past.search("Two soldiers WERE killed"))
True
"""

from __future__ import annotations

import re

__all__ = [
    "Caseless",
    "OpenedSearch",
    "contains_any",
    "lowered",
    "is_lowercase_pattern",
    "IRREGULAR",
]

#: Characters whose case folding differs between ``str.lower`` and ``re.IGNORECASE``.
IRREGULAR = ("\u0130", "\u0131", "\u017f")


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of ``words``: the test that lets a scan be skipped.

    >>> contains_any("gunmen stormed a post", ("bomb", "storm"))
    True
    """
    for word in words:  # noqa: SIM110 - any() over a generator costs a third more here
        if word in text:
            return True
    return False


def lowered(text: str) -> str | None:
    """``text.lower()`` when it has the same offsets and folds as ``re`` does, else None.

    >>> lowered("QUETTA: Gunmen")
    'quetta: gunmen'
    >>> lowered("\u0130stanbul") is None
    True
    """
    if text.isascii() or not any(ch in text for ch in IRREGULAR):
        return text.lower()
    return None


class Caseless:
    """A case-insensitive pattern that runs case-sensitively on lower-cased text.

    Each method takes the original text and, optionally, its lower-cased form (a slice of a
    lower-cased document has the same offsets as the slice of the document, so callers that
    read many windows of one text lower it once). Matches found on the lower-cased text carry
    lower-cased groups; a caller that needs the original words slices the text by the span.
    A pattern that spells a letter otherwise than in lower-case ASCII (a user's word list
    may) always runs case-insensitively on the original text.
    """

    __slots__ = ("pattern", "folding", "fast", "needs")

    def __init__(self, pattern: str, flags: int = 0, *, needs: tuple[str, ...] = ()):
        """Compile ``pattern`` both ways.

        Args:
            pattern: the regex, letters in lower-case ASCII.
            flags: other ``re`` flags.
            needs: lower-case strings one of which every match contains ("border" for
                "shares borders with|bordering"): a text holding none of them is not searched.
        """
        self.pattern = pattern
        self.folding = re.compile(pattern, flags | re.IGNORECASE)
        self.fast = (
            re.compile(pattern, flags & ~re.IGNORECASE) if is_lowercase_pattern(pattern) else None
        )
        self.needs = needs

    def _pick(self, text: str, lower: str | None) -> tuple[re.Pattern | None, str]:
        """The compiled pattern and the string to run it on; no pattern when nothing can match."""
        if self.fast is None:
            return self.folding, text
        if lower is None:
            lower = lowered(text)
            if lower is None:
                return self.folding, text
        for word in self.needs:  # contains_any, inline: this runs for every search
            if word in lower:
                return self.fast, lower
        return (None, lower) if self.needs else (self.fast, lower)

    def search(self, text: str, lower: str | None = None, pos: int = 0) -> re.Match | None:
        pattern, subject = self._pick(text, lower)
        return pattern.search(subject, pos) if pattern is not None else None

    def match(
        self, text: str, lower: str | None = None, pos: int = 0, endpos: int | None = None
    ) -> re.Match | None:
        pattern, subject = self._pick(text, lower)
        if pattern is None:
            return None
        return pattern.match(subject, pos, len(subject) if endpos is None else endpos)

    def finditer(
        self, text: str, lower: str | None = None, pos: int = 0, endpos: int | None = None
    ):
        pattern, subject = self._pick(text, lower)
        if pattern is None:
            return iter(())
        return pattern.finditer(subject, pos, len(subject) if endpos is None else endpos)


# Escapes stand for themselves or for a class (\w, \S); these may spell a letter instead.
_LETTER_ESCAPES = re.compile(r"\\[NuUx]")
_NAMES = re.compile(r"\(\?P<\w+>|\(\?P=\w+\)")


def is_lowercase_pattern(pattern: str) -> bool:
    r"""True when the pattern's letters are lower-case ASCII, so it means the same compiled with
    or without ``re.IGNORECASE`` on lower-cased text.

    >>> is_lowercase_pattern(r"\bkilled\s+\w+"), is_lowercase_pattern(r"FC\s+men")
    (True, False)
    """
    if _LETTER_ESCAPES.search(pattern) or "(?-" in pattern:
        return False
    plain = re.sub(r"\\.", "", _NAMES.sub("", pattern), flags=re.DOTALL)
    return not any(ch.isalpha() and (not ch.isascii() or ch != ch.lower()) for ch in plain)


class OpenedSearch:
    """``pattern.search`` for a pattern whose matches all open with a case-blind part.

    Some patterns mix a case-blind cue with case-sensitive words after it ("from the
    garrison city of", then a lower-case word), so they cannot run on lower-cased text, and
    being anchored at the end of a window they are tried at every position. A search is the
    first position where the pattern matches; every such position is one where its opening
    part matches, so it is enough to find those (on lower-cased text, all of them, even
    overlapping) and try the whole pattern there, in order.
    """

    __slots__ = ("pattern", "openers")

    def __init__(self, pattern: re.Pattern, opener: str):
        """
        Args:
            pattern: the compiled pattern, as it was.
            opener: a regex, letters in lower-case ASCII, that matches case-blind wherever a
                match of ``pattern`` starts.
        """
        self.pattern = pattern
        self.openers = Caseless(f"(?=(?:{opener}))")

    def search(self, text: str, lower: str | None = None) -> re.Match | None:
        for opening in self.openers.finditer(text, lower):
            found = self.pattern.match(text, opening.start())
            if found is not None:
                return found
        return None
