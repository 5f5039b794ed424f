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
