"""Counts as news reports give them: digits, words and hedged figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.numbers import Count, find_counts, parse_count, parse_number
from kg.extract.patterns import get_patterns

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    "text,value",
    [("27", 27), ("2,546", 2546), ("twenty-seven", 27), ("Twenty seven", 27), ("a dozen", 12),
     ("two dozen", 24), ("three hundred and five", 305), ("one thousand", 1000), ("many", None)],
)  # fmt: skip
def test_numbers_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text,expected",
    [
        ("at least 27", Count(27)),
        ("more than 20", Count(21)),
        ("over 50", Count(51)),
        ("nearly 100", Count(100, approximate=True)),
        ("about 35", Count(35, approximate=True)),
        ("some 20", Count(20, approximate=True)),
        ("24 to 27", Count(24, 27)),
        ("between 24 and 27", Count(24, 27)),
        ("up to 30", Count(None, 30)),
        ("fewer than 10", Count(None, 9)),
        ("dozens", Count(24, vague=True)),
    ],
)
def test_numbers_parse_count_hedges(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    "text,values",
    [
        ("At least 27 were killed and 61 wounded", [27, 61]),
        ("at 8:45am on the 1800 GMT flight", []),
        ("a 35-year-old man, seven kilometres away", []),
        ("a rise of 66 per cent and 63pc of deaths", []),
        ("in 2024 alone", []),
        ("No one was killed", []),
        ("5 and 7 injured", [5, 7]),
    ],
)
def test_numbers_find_counts_skips_times_ages_shares_and_years(text, values):
    assert [c.count.value for c in find_counts(text)] == values


def test_numbers_find_counts_offsets_point_into_text():
    text = "Officials said more than 50 people died."
    [found] = find_counts(text)
    assert text[found.start : found.end] == "more than 50" and found.count.low == 51


_COUNT_WORDS = [
    "a", "an", "at", "least", "more", "than", "no", "fewer", "up", "to", "as", "many", "half",
    "twenty", "seven", "seventeen", "one", "oneself", "of", "them", "dozen", "dozens", "few",
    "several", "between", "and", "hundred", "thousand", "27", "1,234", "2024", "killed", "x",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_COUNT_WORDS), st.sampled_from([" ", "", "-", "  ", ", ", "–"])),
        max_size=12,
    ),
    st.booleans(),
)
def test_numbers_fast_count_pattern_matches_the_plain_one(words, capitals):
    """The count scan (first-word lookahead, lower-cased text) finds what the plain pattern finds."""
    text = "".join(w + sep for w, sep in words)
    text = text.upper() if capitals else text

    def found(matches):
        return [
            (m.span(), {k: (v or "").lower() for k, v in m.groupdict().items()}) for m in matches
        ]

    assert found(get_patterns().counts.finditer(text)) == found(get_patterns().count.finditer(text))


def test_numbers_fast_count_pattern_matches_the_plain_one_on_the_seeds():
    for path in sorted(SEEDS.rglob("*.md")) + sorted(SEEDS.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in get_patterns().counts.finditer(text)] == [
            m.span() for m in get_patterns().count.finditer(text)
        ], path


@pytest.mark.parametrize(
    "text", ["dozenſ", "ſeveral", "hundredſ", "\u212aILLED dozens", "ſixty-ſix"]
)
def test_numbers_letters_a_case_blind_match_folds_never_crash(text):
    """A case-blind regex takes "ſ" for "s" and the Kelvin sign for "k"; reading must not fail."""
    from kg.core.model import Document
    from kg.extract import extract

    extract(Document("x", f"{text} people were killed in Quetta on Monday."))
