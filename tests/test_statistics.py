"""Aggregate figures are statistics, not events."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.statistics import SentenceInfo, extract_statistics, is_aggregate


@pytest.mark.parametrize(
    "text,aggregate",
    [
        ("383 soldiers and 925 militants were killed in 2024 alone.", True),
        (
            "At least 685 members of the security forces lost their lives in 444 attacks in 2024.",
            True,
        ),
        ("On average, almost seven people died every day.", True),
        ("Civilians accounted for 1,612 of the deaths, over 63pc of the total.", True),
        ("In November 2024, an attack killed 26 people at a station in Quetta.", False),
        ("A suicide bomber killed 12 people in Peshawar on Monday.", False),
        ("The prime minister condemned the attack.", False),
        # the days of a date count nothing
        (
            "Troops killed seven militants in three separate raids in Bajaur on June 21 and 22.",
            False,
        ),
        ("Militants carried out 31 separate attacks in the province last month.", True),
        # a share of all incidents
        ("Nearly 80 per cent of the bombings were recorded in the tribal districts.", True),
        # a span of time without a year
        ("Police killed 118 suspects and arrested 240 over the period, the report said.", True),
        ("In the first half, 412 people died in militant violence.", True),
        # "annual" naming a fair, a bomb naming the incident
        (
            "A bomb exploded at the annual cattle fair in Dera Bugti on Friday, killing three.",
            False,
        ),
    ],
)
def test_statistics_is_aggregate(text, aggregate):
    assert is_aggregate(text) is aggregate


def test_statistics_follow_on_sentence_continues_the_aggregate():
    text = "Balochistan followed, with 782 fatalities."
    assert is_aggregate(text, follows_aggregate=True) and not is_aggregate(text)


def test_statistics_lives_claimed_after_an_aggregate_continue_it():
    text = "These attacks claimed 350 lives and left 610 people wounded."
    assert is_aggregate(text, follows_aggregate=True)


@pytest.mark.parametrize(
    "sentence,entities,expected",
    [
        (
            "According to the ISPR, 925 terrorists were killed during the year.",
            [(17, 21, "actor:ispr", "Organization")],
            [(925, "terrorists killed", "2024", "place:pk", "actor:ispr")],
        ),
        (
            "Khyber Pakhtunkhwa counted 1,616 fatalities in 2024, followed by Balochistan with 782.",
            [(0, 18, "place:pk-kp", "Province"), (65, 76, "place:pk-ba", "Province")],
            [
                (1616, "fatalities", "2024", "place:pk-kp", None),
                (782, "fatalities", "2024", "place:pk-ba", None),
            ],
        ),
    ],
)
def test_statistics_extract_value_measure_period_scope_source(sentence, entities, expected):
    stats = extract_statistics(
        [SentenceInfo(sentence, 0, entities)], "d", date(2024, 12, 31), country="place:pk"
    )
    assert [(s.value, s.measure, s.period, s.scope, s.source) for s in stats] == expected


def test_statistics_source_carries_over_to_the_next_sentence():
    sentences = [
        SentenceInfo(
            "The CRSS released its annual report on Tuesday.",
            0,
            [(4, 8, "actor:crss", "Organization")],
        ),
        SentenceInfo("The think-tank counted 2,546 violence-linked fatalities in 2024.", 50, []),
    ]
    [stat] = extract_statistics(sentences, "d", date(2024, 12, 31))
    assert (stat.value, stat.source, stat.evidence.start) == (2546, "actor:crss", 50)


def test_statistics_are_not_events_in_an_extraction():
    document = Document(
        "d",
        "ISLAMABAD: At least 685 security personnel were killed in 444 terrorist attacks in 2024, "
        "according to the Center for Research and Security Studies (CRSS).",
        published=date(2024, 12, 31),
    )
    extraction = extract(document)
    assert extraction.events == []
    assert {s.value for s in extraction.statistics} == {685, 444}


def test_statistics_a_report_of_forces_figures_over_a_period_is_no_operation():
    document = Document(
        "d",
        "ISLAMABAD: Militant attacks rose by 40 per cent in the first half of the year, a "
        "think tank said in a report released on Sunday. Security forces stepped up their "
        "operations over the period: at least 180 militants were killed and 220 suspects "
        "arrested across the country, the report said.",
        published=date(2024, 7, 2),
    )
    extraction = extract(document)
    assert extraction.events == []
    assert {180, 220} <= {s.value for s in extraction.statistics}


@pytest.mark.parametrize(
    "text",
    [
        "Troops intensified raids across the province, killing 64 insurgents, the centre said.",
        "Another 41 people died in clashes between the forces and militants.",
    ],
)
def test_statistics_a_toll_told_by_its_verb_after_an_aggregate_continues_it(text):
    assert is_aggregate(text, follows_aggregate=True) and not is_aggregate(text)


def test_statistics_a_monthly_report_with_a_number_of_attacks_is_no_incident():
    document = Document(
        "d",
        "PESHAWAR: Violence in Khyber Pakhtunkhwa fell in March 2024 despite a number of deadly "
        "attacks, a research centre said on Monday in its monthly review. It counted 61 attacks "
        "in the province during the month, in which 88 people were killed. Police and troops "
        "intensified raids, killing 34 militants, the centre said, while three policemen died "
        "in those raids.",
        published=date(2024, 4, 2),
    )
    extraction = extract(document)
    assert extraction.events == []
    assert {61, 88} <= {s.value for s in extraction.statistics}


def test_statistics_one_incident_told_by_its_attacker_in_a_year_is_no_aggregate():
    text = (
        "Earlier this year, a soldier was killed and two others were hurt when a suicide "
        "bomber rammed a checkpost in Khyber."
    )
    assert not is_aggregate(text)


def test_statistics_a_monthly_report_goes_on_past_a_sentence_with_no_figure():
    document = Document(
        "d",
        "PESHAWAR: Militant attacks in Khyber Pakhtunkhwa rose by 35 per cent in October, a "
        "research centre said in its monthly review. Its director presented the findings to "
        "reporters at the press club. Police stations in the south bore the brunt of the "
        "violence. Insurgents also kidnapped 12 people, seven of whom were later freed. "
        "Five officials were killed in Lakki Marwat, two in Tank and four in Karak.",
        published=date(2023, 11, 3),
    )
    extraction = extract(document)
    assert extraction.events == []
    values = sorted(s.value for s in extraction.statistics)
    assert values == [2, 4, 5, 12, 35]
    [share] = [s for s in extraction.statistics if s.value == 35]
    assert share.measure == "attacks (per cent)"


def test_statistics_a_share_of_something_other_than_violence_is_no_statistic():
    text = "The province will hold 30 percent of the new mining company, officials said in 2024."
    stats = extract_statistics([SentenceInfo(text, 0, [])], "d", date(2024, 5, 1))
    assert stats == []


def test_statistics_a_breakdown_opened_by_of_the_injured_counts_injuries():
    text = "Of the injured in 2024, nine were in Quetta, three in Turbat and one in Gwadar."
    stats = extract_statistics([SentenceInfo(text, 0, [])], "d", date(2025, 1, 2))
    assert [(s.value, s.measure) for s in stats] == [
        (9, "injuries"),
        (3, "injuries"),
        (1, "injuries"),
    ]


def test_statistics_a_toll_dated_to_its_day_after_a_report_is_an_incident():
    document = Document(
        "d",
        "QUETTA: At least 210 people were killed in militant violence in Balochistan in 2024, "
        "a think tank said. On Tuesday, two Levies men were killed when gunmen attacked "
        "their checkpost in Kalat.",
        published=date(2025, 1, 9),
    )
    extraction = extract(document)
    assert [e.fatalities for e in extraction.events] == [2]
    assert [s.value for s in extraction.statistics] == [210]


def test_statistics_a_headline_figure_repeated_in_the_body_counts_once():
    headline = "Pakistan: 40 soldiers killed in attacks in three months"
    body = "At least 40 soldiers were killed in attacks in Balochistan over the period in 2024."
    sentences = [SentenceInfo(headline, 0, []), SentenceInfo(body, len(headline) + 2, [])]
    stats = extract_statistics(sentences, "d", date(2024, 4, 2), headline_end=len(headline))
    assert [s.value for s in stats] == [40]
    assert stats[0].evidence.start > 0


def test_statistics_a_figure_over_the_past_ten_months_does_not_become_an_incident_toll():
    document = Document(
        "d",
        "Three Levies men were shot dead by gunmen at a checkpost in Kalat on Monday, "
        "officials said. Government data show that 610 people were killed in militant "
        "attacks in the province over the past ten months.",
        published=date(2025, 3, 11),
    )
    extraction = extract(document)
    assert [e.fatalities for e in extraction.events] == [3]
    assert [s.value for s in extraction.statistics] == [610]
