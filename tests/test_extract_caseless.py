"""Case-insensitive regexes run on lower-cased text must find exactly what re.IGNORECASE finds."""

from __future__ import annotations

import doctest
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.extract.caseless
from kg.extract import casualties, clauses, dates, numbers, relations, statistics
from kg.extract.caseless import IRREGULAR, Caseless, is_lowercase_pattern, lowered
from kg.extract.patterns import get_patterns
from kg.extract.wordlists import get_wordlists


def _module_patterns() -> dict[str, Caseless]:
    """Every Caseless pattern the extractors use, by a readable name."""
    found = {}
    for module in (casualties, clauses, dates, numbers, relations, statistics):
        for name, value in vars(module).items():
            if isinstance(value, Caseless):
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = value
    for name, value in get_patterns().caseless_patterns().items():
        found[f"patterns.{name}"] = value
    lists = get_wordlists()
    for name in [*lists.cues, *lists.casualty]:
        found[f"wordlists.{name}"] = lists.caseless(name)
    return found


SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PATTERNS = _module_patterns()


def _texts() -> list[str]:
    """Sentences of the seed articles, each also in capitals and with the irregular letters."""
    texts = []
    for path in sorted(SEEDS.rglob("*.md")) + sorted(SEEDS.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line):
                if sentence.strip():
                    texts += [sentence, sentence.upper(), sentence.replace("s", "\u017f")]
    texts += ["İstanbul: ıt was KİLLED", "Seventy-ſix were killed", "ſhare borders with Iran"]
    return texts


TEXTS = _texts()


def test_extract_caseless_doctests_run():
    assert doctest.testmod(kg.extract.caseless).failed == 0


def test_extract_caseless_irregular_characters_are_all_listed():
    """Every character where str.lower and re.IGNORECASE disagree is in IRREGULAR."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    classes = [re.compile(c) for c in (r"\w", r"\s", r"\d")]
    disagree = []
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        low = ch.lower()
        if (
            len(low) != 1
            or bool(letter.fullmatch(ch)) != ("a" <= low <= "z")
            or any(bool(c.fullmatch(ch)) != bool(c.fullmatch(low)) for c in classes)
        ):
            disagree.append(ch)
    assert tuple(disagree) == IRREGULAR


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_extract_caseless_patterns_take_the_fast_road(name):
    assert PATTERNS[name].fast is not None, "spell the pattern's letters in lower-case ASCII"


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_extract_caseless_matches_what_ignorecase_matches(name):
    pattern = PATTERNS[name]
    for text in TEXTS:
        expected = [m.span() for m in pattern.folding.finditer(text)]
        assert [m.span() for m in pattern.finditer(text)] == expected, text
        first = pattern.folding.search(text)
        assert (m.span() if (m := pattern.search(text)) else None) == (
            first.span() if first else None
        ), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAsSkKiI \u0130\u0131\u017f\u212a'-,.0123456789", max_size=30))
def test_extract_caseless_agrees_on_any_text(text):
    for pattern in (
        PATTERNS["patterns.past_tense"],
        PATTERNS["patterns.counts"],
        PATTERNS["wordlists.killed"],
    ):
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in pattern.folding.finditer(text)
        ]


@pytest.mark.parametrize(
    "pattern,expected",
    [(r"\bkilled\s+\w+", True), (r"FC\s+men", False), (r"[A-Z]\w+", False), ("caf\u00e9", False),
     (r"(?P<Verb>kill)", True), (r"(?-i:x)", False), (r"\u0041", False)],
)  # fmt: skip
def test_extract_caseless_only_lower_case_patterns_are_fast(pattern, expected):
    assert is_lowercase_pattern(pattern) is expected
    assert (Caseless(pattern).fast is not None) is expected


@pytest.mark.parametrize(
    "text,expected", [("ABC def", "abc def"), ("\u0130zmir", None), ("\u017fo", None)]
)
def test_extract_caseless_lowered_keeps_offsets(text, expected):
    assert lowered(text) == expected


OPENED = {
    "locative": get_patterns().locative,
    "not_location": get_patterns().not_location,
}


@pytest.mark.parametrize("name", sorted(OPENED))
def test_extract_caseless_opened_search_is_pattern_search(name):
    """Searching only where the cue opens finds what searching everywhere finds."""
    opened = OPENED[name]
    for text in TEXTS:
        for word in re.finditer(r"\S+", text):
            window = text[max(0, word.start() - 60) : word.start()]
            expected = opened.pattern.search(window)
            found = opened.search(window)
            assert (found and (found.span(), found.groupdict())) == (
                expected and (expected.span(), expected.groupdict())
            ), window
