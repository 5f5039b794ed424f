"""Date expressions resolved against the publication date, at the precision the text allows."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract.dates import find_dates, precision_of, resolve_date

SAT_9_NOV_2024 = date(2024, 11, 9)


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("on Saturday", SAT_9_NOV_2024, "2024-11-09"),  # the day of publication counts
        ("on Saturday", date(2025, 1, 5), "2025-01-04"),
        ("Saturday's explosion", SAT_9_NOV_2024, "2024-11-09"),
        ("last Saturday", SAT_9_NOV_2024, "2024-11-02"),
        ("at around 11 p.m. Sunday", date(2024, 10, 7), "2024-10-06"),
        ("on Monday", date(2025, 1, 13), "2025-01-13"),
    ],
)
def test_dates_weekday_is_latest_on_or_before_publication(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("on January 4", date(2025, 1, 13), "2025-01-04"),
        ("Jan. 4", date(2025, 1, 13), "2025-01-04"),
        ("4 January 2025", None, "2025-01-04"),
        ("January 4, 2025", None, "2025-01-04"),
        ("on December 27", date(2024, 12, 31), "2024-12-27"),
        ("on December 27", date(2025, 1, 5), "2024-12-27"),  # the year before, not the one after
        ("2024-11-09", None, "2024-11-09"),
    ],
)
def test_dates_day_and_month_take_the_nearest_year(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("In November 2024", None, "2024-11"),
        ("in August 2024", date(2025, 1, 13), "2024-08"),
        ("last month", date(2024, 11, 10), "2024-10"),
        ("last month", date(2025, 1, 13), "2024-12"),
        ("earlier this year", date(2024, 11, 10), "2024"),
        ("in 2024 alone", None, "2024"),
        ("yesterday", date(2024, 3, 1), "2024-02-29"),
        ("two days ago", date(2024, 8, 27), "2024-08-25"),
    ],
)
def test_dates_months_years_and_relative_words(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("the coordinated attacks of August 25-26", date(2024, 11, 10), "2024-08-26"),
        ("launched on Sunday and Monday", date(2024, 8, 27), "2024-08-26"),
        ("around midnight on Sunday", date(2024, 8, 27), "2024-08-26"),
    ],
)
def test_dates_incident_across_midnight_takes_the_later_day(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("the sweep was carried out from May 3 to 7", date(2024, 5, 8), "2024-05-03"),
        ("a search operation conducted 9-12 October", date(2023, 10, 13), "2023-10-09"),
        ("troops combed the hills from Monday to Thursday", date(2025, 3, 14), "2025-03-10"),
        # two days in a row: the night it ran past, the last day
        ("the clashes of May 3-4", date(2024, 5, 8), "2024-05-04"),
    ],
)
def test_dates_a_range_of_three_days_or_more_is_dated_to_the_day_it_began(
    text, published, expected
):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("troops raided the compound on the night of March 11-12", date(2025, 3, 13), "2025-03-11"),
        ("on the intervening night of 2-3 June, militants", date(2024, 6, 4), "2024-06-02"),
        ("during the night between Tuesday and Wednesday", date(2025, 3, 14), "2025-03-11"),
        # spelt out after "night of", the range keeps its last day
        ("on the night of March 11 and 12", date(2025, 3, 13), "2025-03-12"),
        # not a night: the last day
        ("the clashes of March 11-12", date(2025, 3, 13), "2025-03-12"),
    ],
)
def test_dates_a_night_named_by_its_two_days_is_the_first_day(text, published, expected):
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text", ["on Saturday", "January 4", "last month", "yesterday", "in November"]
)
def test_dates_relative_words_stay_unresolved_without_publication(text):
    assert resolve_date(text, None) is None


@pytest.mark.parametrize(
    "text",
    [
        "24-26 people",
        "9/11",
        "February 30",
        "2024-13-45",
        "you may go",
        "the March of time",
        "12-14 killed",
    ],
)
def test_dates_never_invents_a_date(text):
    assert resolve_date(text, date(2024, 11, 10)) is None


def test_dates_find_dates_offsets_point_into_text():
    text = "In November 2024, and again on January 4, militants struck."
    found = find_dates(text, date(2025, 1, 13))
    assert [text[d.start : d.end] for d in found] == ["November 2024", "January 4"]
    assert [precision_of(d.value) for d in found] == ["month", "day"]


@pytest.mark.parametrize(
    "text,published,first",
    [
        ("raids on June 21 and 22", date(2024, 6, 24), "2024-06-21"),
        ("clashes on 3-4 July 2023", None, "2023-07-03"),
        ("fighting from Friday to Sunday", date(2024, 6, 24), "2024-06-21"),
        ("on the night between Friday and Saturday", date(2024, 6, 24), None),
        ("on June 21", date(2024, 6, 24), None),
    ],
)
def test_dates_a_range_of_days_knows_its_first_day(text, published, first):
    assert find_dates(text, published)[0].first == first


@pytest.mark.parametrize(
    "text,published,expected",
    [
        ("over the past three days", date(2024, 6, 20), "2024-06"),
        ("in the last 72 hours", date(2024, 6, 20), "2024-06"),
        ("during the previous 10 days", date(2024, 6, 20), "2024-06"),
        # the span reaches back into May: it names no month
        ("over the last five days", date(2024, 6, 3), None),
    ],
)
def test_dates_a_span_running_up_to_publication_dates_to_what_its_days_share(
    text, published, expected
):
    assert resolve_date(text, published) == expected


def test_dates_ten_days_ago_counts_back_ten_days():
    assert resolve_date("ten days ago", date(2024, 6, 20)) == "2024-06-10"


@pytest.mark.parametrize(
    "text",
    [
        "Earlier, on Tuesday, October 1, a grenade was thrown at a shop.",
        "On Tuesday (October 1) a grenade was thrown at a shop.",
        "On Tuesday 1 October a grenade was thrown at a shop.",
    ],
)  # fmt: skip
def test_dates_a_weekday_beside_its_calendar_day_is_that_day(text):
    # Published on a Tuesday a week later: read alone, "Tuesday" would be the publication day.
    found = find_dates(text, date(2024, 10, 8))
    assert [d.value for d in found] == ["2024-10-01"]


def test_dates_a_weekday_beside_a_month_alone_keeps_both():
    found = find_dates("On Tuesday, in October, a grenade was thrown.", date(2024, 10, 8))
    assert [d.value for d in found] == ["2024-10-08", "2024-10"]


def test_dates_a_couple_of_days_ago_is_two_days_back():
    assert resolve_date("a couple of days ago", date(2024, 8, 28)) == "2024-08-26"
