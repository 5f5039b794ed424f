"""The date of an incident a report gives no day for."""

from __future__ import annotations

from datetime import date

from kg.core.model import Document
from kg.extract import extract


def _events(text: str, published: date | None):
    return extract(Document("t", text, published=published)).events


def test_an_incident_told_without_a_day_is_news_of_the_month_the_report_is_published_in():
    text = (
        "Unidentified gunmen opened fire on a police patrol in the Saddar area of Dera Ismail "
        "Khan, killing two constables, a police spokesman said. "
        "The attackers fled on motorcycles and a search of the area was launched."
    )
    [event] = _events(text, date(2024, 5, 14))
    assert event.date == "2024-05"


def test_each_undated_incident_of_a_round_up_takes_the_month():
    text = (
        "Armed men attacked a Levies checkpoint in Surab, killing one Levies official, "
        "officials said. "
        "In another incident, a roadside bomb struck a vehicle of the Frontier Corps near "
        "Turbat, wounding three soldiers."
    )
    events = _events(text, date(2023, 9, 20))
    assert len(events) == 2
    assert {e.date for e in events} == {"2023-09"}


def test_an_undated_incident_in_a_report_of_the_first_of_a_month_has_no_date():
    text = (
        "Unidentified gunmen opened fire on a police patrol in the Saddar area of Dera Ismail "
        "Khan, killing two constables, a police spokesman said."
    )
    [event] = _events(text, date(2024, 6, 1))
    assert event.date is None


def test_an_incident_told_with_its_day_keeps_the_day():
    text = (
        "Unidentified gunmen opened fire on a police patrol in the Saddar area of Dera Ismail "
        "Khan on Sunday, killing two constables, a police spokesman said."
    )
    [event] = _events(text, date(2024, 5, 14))
    assert event.date == "2024-05-12"


def test_an_incident_a_gap_before_an_undated_later_one_is_dated_from_the_main_day():
    # The later incident ("the protest") is told again with no day of its own: the gap counts
    # back from the report's main day, not from publication.
    text = (
        "Three people were killed on Friday when police fired at a crowd of protesters in "
        "Darra Adam Khel, officials said.\n\n"
        "The marchers came under fire near the Kohat tunnel road, a police officer said.\n\n"
        "A local councillor said that two days before the protest a rocket had struck a shop "
        "in the bazaar and killed a shopkeeper."
    )
    events = _events(text, date(2025, 3, 16))
    assert sorted(e.date for e in events if e.fatalities == 1) == ["2025-03-12"]


def test_the_incident_a_protest_followed_is_an_earlier_one_of_its_own():
    text = (
        "At least three people were killed on Friday when shots were fired at protesters in "
        "the Kurram valley, officials said.\n\n"
        "The demonstration followed the death of a shopkeeper, killed a day earlier when a "
        "rocket struck a market in Kurram district."
    )
    events = _events(text, date(2025, 3, 16))
    assert sorted(e.date for e in events) == ["2025-03-13", "2025-03-14"]


def test_a_day_in_the_phrase_that_names_the_reported_incident_is_its_day():
    # The lead tells the incident on the dateline's day, that of a later decision; the phrase
    # "the March 2 ambush" then names it by its own day: one incident, on that day.
    text = (
        "KHAR, Pakistan (Reuters) — Authorities on Thursday lifted the curfew on the town and "
        "reopened its markets, a week after gunmen ambushed a Levies patrol there and killed "
        "two men.\n\n"
        "The March 2 ambush emptied the bazaar and shut the schools of the town."
    )
    events = _events(text, date(2025, 3, 14))
    assert [e.date for e in events] == ["2025-03-02"]


def test_an_operation_run_over_several_days_is_dated_to_the_day_it_began():
    text = (
        "Security forces have killed six militants in an intelligence-based operation in "
        "Lakki Marwat district, the military said on Saturday.\n\n"
        "The operation was conducted from March 4 to 7 on the reported presence of militants "
        "in the area, the statement said."
    )
    [event] = _events(text, date(2025, 3, 8))
    assert event.date == "2025-03-04"


_ROUND_UP_TITLE = (
    "Eight militants killed in Bhakkar CTD raid; operations this week in Punjab and Khyber "
    "Pakhtunkhwa"
)
_ROUND_UP_PARTS = (
    "Bhakkar: A CTD spokesman said the team moved on the hideout on a tip-off. The militants "
    "opened fire as the team approached, and all eight were killed in the exchange.\n\n"
    "Kohat: Earlier this week, five militants were killed in a CTD operation in Kohat "
    "district."
)


def _round_up(lead: str):
    document = Document(
        "t", lead + "\n\n" + _ROUND_UP_PARTS, title=_ROUND_UP_TITLE, published=date(2025, 3, 7)
    )
    return [(e.fatalities, e.date) for e in extract(document).events]


def test_a_round_ups_lead_part_keeps_the_day_announced_beside_a_part_told_earlier_this_week():
    lead = (
        "Eight militants were killed during an intelligence-based operation by the Counter "
        "Terrorism Department in a village of Bhakkar district, officials said on Thursday."
    )
    assert _round_up(lead) == [(8, "2025-03-06"), (5, "2025-03")]


def test_a_round_ups_part_told_earlier_this_week_takes_the_day_the_lead_tells():
    lead = (
        "Eight militants were killed during an intelligence-based operation by the Counter "
        "Terrorism Department in a village of Bhakkar district, officials said on Thursday. It "
        "was the second CTD raid of the week, after an operation in Khyber Pakhtunkhwa on "
        "Monday."
    )
    assert _round_up(lead) == [(8, "2025-03-06"), (5, "2025-03-03")]


def test_a_day_told_inside_the_month_that_opens_the_clause_dates_the_incident():
    text = (
        "In March, gunmen had raided a police post near Shikarpur late on the night of March "
        "11, killing three constables, police said."
    )
    [event] = _events(text, date(2024, 5, 20))
    assert event.date == "2024-03-11"


def test_an_incident_counted_back_from_the_reported_one_is_an_earlier_one_of_its_own():
    # "A month earlier, ...": the gap counts back from the incident being reported and names
    # no later one after it, so the clause tells an older incident, dated by the gap.
    text = (
        "A roadside bomb struck a police van in Mingora on Monday, wounding two constables, "
        "police said.\n\n"
        "A month earlier, gunmen shot dead a shopkeeper in Buner."
    )
    events = _events(text, date(2024, 10, 23))
    assert sorted(e.date for e in events) == ["2024-09", "2024-10-21"]


def test_a_victim_killed_some_weeks_before_the_reported_incident_is_an_incident_of_its_own():
    text = (
        "Police killed three robbers in an encounter in Karachi on Tuesday, officials said.\n\n"
        "The police said the gang had shot dead a security guard in Clifton two weeks earlier."
    )
    events = _events(text, date(2024, 3, 20))
    assert sorted(e.date for e in events) == ["2024-03", "2024-03-19"]
