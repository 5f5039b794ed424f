"""PartialDate: a day, a month or a year, and when two of them agree."""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kg.core.dates
from kg.core.dates import PartialDate, date_precision, parse_partial_date


@st.composite
def partial_dates(draw) -> PartialDate:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    if precision == "day":
        return PartialDate(day.year, day.month, day.day)
    return PartialDate(day.year, day.month) if precision == "month" else PartialDate(day.year)


def test_core_dates_doctests_run():
    assert doctest.testmod(kg.core.dates).failed == 0


@given(partial_dates())
def test_core_dates_str_and_parse_round_trip(value):
    assert PartialDate.parse(str(value)) == value
    assert date_precision(str(value)) == value.precision


@given(partial_dates(), partial_dates(), st.integers(min_value=0, max_value=3))
def test_core_dates_agrees_is_symmetric(a, b, window):
    assert a.agrees(b, window) == b.agrees(a, window)


@given(partial_dates(), partial_dates())
def test_core_dates_containment_is_agreement(a, b):
    """Calendar spans nest or are apart: two dates agree (no window) when one holds the other."""
    assert a.agrees(b) == (a.contains(b) or b.contains(a))


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13", "24", "2024-1-05", "soon", "", None])
def test_core_dates_malformed_text_is_no_date(text):
    assert parse_partial_date(text) is None


@pytest.mark.parametrize(
    "a,b,window,expected",
    [
        ("2024-11", "2024-11-09", 0, True),
        ("2024-11-30", "2024-12-01", 1, True),
        ("2024-11-30", "2024-12-01", 0, False),
        ("2024-11", "2024-12-01", 1, False),
        ("2024", "2024-06", 0, True),
    ],
)
def test_core_dates_agrees(a, b, window, expected):
    assert PartialDate.parse(a).agrees(PartialDate.parse(b), window) is expected


@pytest.mark.parametrize("parts", [(2024, None, 3), (2023, 2, 29), (2024, 13)])
def test_core_dates_rejects_impossible_parts(parts):
    with pytest.raises(ValueError):
        PartialDate(*parts)
