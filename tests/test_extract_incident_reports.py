"""Which incidents a report tells: monthly tallies, denials and changes between periods
report none."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract

PUBLISHED = date(2024, 3, 2)  # a Saturday


def _events(text: str, published: date | None = PUBLISHED):
    return extract(Document("t", text, published=published)).events


@pytest.mark.parametrize(
    "text",
    [
        "The provincial police said no terrorist attack was recorded in Gwadar during the week.",
        "Officials in Quetta reported no militant attack in the city over the holidays.",
    ],
)  # fmt: skip
def test_an_attack_denied_is_no_incident(text):
    assert _events(text) == []


def test_a_monthly_tally_broken_down_by_province_reports_no_incident_but_the_day_told():
    text = (
        "A security think tank counted 74 militant attacks across the country in February, "
        "its highest monthly figure in a decade. "
        "Three suicide attacks were carried out in February, two of them in the tribal districts "
        "and one in Balochistan. "
        "In Sindh, attacks went up from two to six, the think tank said. "
        "Attacks in Balochistan fell from 21 to 16 although deaths there rose. "
        "On Friday, a bomb exploded in a vegetable market in Parachinar, and the death toll "
        "rose from nine to 14 overnight, officials said."
    )
    [event] = _events(text)
    assert event.kind == "Bombing" and event.date == "2024-03-01"


def test_the_separate_incident_named_again_tells_more_of_it():
    text = (
        "Troops killed three militants in an operation in Khyber district on Thursday. "
        "Separately, police said two terrorists were killed in an encounter in Bannu district "
        "on Thursday. "
        "In the separate Bannu encounter, counter-terrorism police surrounded a compound in "
        "the Domel area after a tip-off, an official said."
    )
    events = _events(text)
    assert len(events) == 2
    assert sorted(e.fatalities for e in events) == [2, 3]


def test_a_part_of_a_series_told_apart_on_a_day_of_its_own_keeps_that_day():
    text = (
        "Security forces have killed 11 militants in a series of operations in Balochistan, "
        "the military said on Saturday. "
        "According to the military, seven militants were killed on Friday when troops raided "
        "a hideout in Kech district. "
        "Four more militants were eliminated on Saturday in separate IBOs in Panjgur and "
        "Awaran districts, the statement added."
    )
    dates = {e.location: e.date for e in _events(text)}
    assert dates == {"place:pk-ba-kech": "2024-03-01", "place:pk-ba-panjgur": "2024-03-02"}


def test_an_undated_incident_takes_the_weekday_of_the_account_that_follows():
    text = (
        "PESHAWAR: Six Afghan border guards were killed and nine wounded when Pakistani troops "
        "returned fire during a clash on the frontier near Bajaur district, officials said. "
        "According to the officials, Afghan guards fired mortars at a Pakistani border post in "
        "the Ghakhi area early on Thursday."
    )
    [event] = _events(text)
    assert event.date == "2024-02-29"


def test_an_explosion_put_down_to_an_accident_is_no_incident_but_a_bomb_in_a_cylinder_is():
    text = (
        "Four people were killed when a gas cylinder exploded inside a restaurant in Sibi on "
        "Friday, rescue officials said. "
        "Separately on Friday, militants planted a bomb in a gas cylinder near a checkpoint in "
        "Kalat, and the blast wounded two policemen, police said."
    )
    [event] = _events(text)
    assert event.kind == "Bombing" and event.location == "place:pk-ba-kalat"


@pytest.mark.parametrize(
    "protest",
    [
        "Traders in Turbat observed a shutter-down strike on Saturday to mourn the victims.",
        "Transporters called a wheel-jam strike across Kech on Saturday in protest.",
    ],
)  # fmt: skip
def test_a_strike_called_in_protest_is_no_second_incident(protest):
    text = (
        "A bomb exploded near a bus stand in Turbat on Friday, killing four passengers. " + protest
    )
    [event] = _events(text)
    assert event.kind == "Bombing" and event.date == "2024-03-01"


def test_a_round_up_incident_dated_by_weekday_and_calendar_day_keeps_its_day():
    text = (
        "Two policemen were shot dead in Turbat on Saturday, officials said. "
        "Earlier, on Monday, February 19, a grenade attack on a shop in Khuzdar injured four "
        "people, the police said."
    )
    dates = sorted(e.date for e in _events(text))
    assert dates == ["2024-02-19", "2024-03-02"]


def test_a_day_that_opens_a_statement_is_not_a_second_incident():
    # Published on Saturday 2 March 2024; the attack was on Thursday.
    text = (
        "Militants attacked a police van in Tank on Thursday, killing two constables, "
        "officials said. "
        "On Friday, however, the district police chief said three constables had died in the "
        "attack."
    )
    assert [e.date for e in _events(text)] == ["2024-02-29"]


def test_a_day_that_opens_a_sentence_of_the_incident_stays_its_day():
    text = (
        "On Friday, militants attacked a checkpost in Tank, killing two policemen, officials said."
    )
    assert [e.date for e in _events(text)] == ["2024-03-01"]


def test_a_day_that_opens_a_statement_of_another_incident_is_that_incident_s_day():
    text = (
        "Troops killed four militants in an intelligence-based operation in Tank on Friday, "
        "the military said. "
        "On Wednesday, the military had said that three militants were killed in a firefight "
        "in Lakki Marwat."
    )
    assert sorted(e.date for e in _events(text)) == ["2024-02-28", "2024-03-01"]


@pytest.mark.parametrize(
    "text",
    [
        "On Tuesday the outlawed group called off the truce it had agreed with the authorities in March and instructed its fighters to carry out attacks across the province.",
        "The banned outfit on Tuesday ended its ceasefire with the government and ordered its cadres to launch attacks on the police.",
        "The militant alliance rejected the talks on Tuesday and asked its members to step up attacks on the highway.",
    ],
)  # fmt: skip
def test_an_order_or_call_to_attack_is_no_incident(text):
    assert _events(text) == []


def test_an_incident_recalled_with_only_its_date_is_no_record():
    text = (
        "Gunmen shot dead two policemen guarding a polio team in Bajaur on Thursday, officials "
        "said. "
        "The local commander of the group is known for sermons that celebrate the attacks of "
        "September 2001."
    )
    assert [(e.kind, e.date) for e in _events(text)] == [("Attack", "2024-02-29")]


def test_a_town_named_like_its_district_joins_the_incident_told_in_the_district():
    title = "Two policemen killed in Dera Ismail Khan; soldier dies in Kech blast"
    text = (
        "At least two policemen were killed and five other people were wounded when a police "
        "patrol came under attack in the Kulachi tehsil of Dera Ismail Khan district, officials "
        "said on Saturday.\n\n"
        "In Balochistan, a soldier was killed on Friday when a roadside bomb went off near a "
        "Frontier Corps vehicle in the Buleda area of Kech district, the ISPR said."
    )
    events = extract(Document("t", text, title=title, published=PUBLISHED)).events
    assert sorted((e.kind, e.location) for e in events) == [
        ("Attack", "place:pk-kp-kulachi"),
        ("Bombing", "place:pk-ba-buleda"),
    ]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Judge escapes gun attack in Skardu; cleric wounded in separate ambush",
            "SKARDU: Two separate gun attacks shook Skardu on Friday, police said. A judge was "
            "driving near the city hospital on Friday morning when gunmen opened fire on his "
            "car; he escaped unhurt. Earlier the same day, gunmen ambushed the convoy of a "
            "cleric close to the main bazaar, wounding him and two guards.",
        ),
        (
            "Judge escapes gun attack in Chilas; cleric wounded in separate ambush",
            "CHILAS: Two separate gun attacks shook Chilas on Friday, police said. A judge was "
            "driving near the district hospital on Friday morning when gunmen opened fire on "
            "his car; he escaped unhurt. Earlier the same day, gunmen ambushed the convoy of a "
            "cleric close to the police lines, wounding him and two guards.",
        ),
    ],
    ids=["skardu", "chilas"],
)
def test_a_headline_with_no_day_names_the_incidents_the_body_tells(title, body):
    """A headline names the incidents its body tells on their day; it adds no incident of
    its own dated to the month of publication."""
    events = extract(Document("t", body, title=title, published=PUBLISHED)).events
    assert events and all(e.date == "2024-03-01" for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "Afghan officials on Saturday accused Pakistani forces of carrying out overnight strikes "
        "on villages across the border.",
        "Taliban border guards opened fire on Pakistani posts on Friday, officials said, and the "
        "crossing stayed shut.",
    ],
)  # fmt: skip
def test_an_incident_placed_in_no_place_finer_than_a_country_and_with_no_toll_is_none(text):
    """A charge or an exchange told with no town, district or site is no incident a report
    places; the incident it stands for is told (or not) where the report names its place."""
    assert _events(text) == []


def test_a_lead_campaign_over_a_whole_country_told_with_a_toll_stays_an_incident():
    text = (
        "Missiles struck several towns in Punjab and Azad Kashmir overnight, killing 20 "
        "civilians, the military said on Saturday."
    )
    [event] = _events(text)
    assert event.fatalities == 20


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # A share word ("nationwide") beside the day something happened.
        (
            "Gunmen opened fire on health workers in two villages of Kohat on Thursday, the "
            "third day of a nationwide vaccination drive.",
            "2024-02-29",
        ),
        # A running count over a period ("in a month") after the incident of the day.
        (
            "Dacoits abducted three farmers from a village near Kashmore on Friday, police said, "
            "taking the number of people kidnapped in the district in a month to 11.",
            "2024-03-01",
        ),
        # "this year" dating a day, not a year's figures.
        (
            "Then on February 12 this year, troops surrounded a hideout near Zhob and killed "
            "four militants.",
            "2024-02-12",
        ),
    ],
)  # fmt: skip
def test_a_sentence_telling_the_day_of_an_incident_is_no_aggregate_for_its_period(text, day):
    events = _events(text)
    assert [e.date for e in events] == [day]


@pytest.mark.parametrize(
    "text",
    [
        # The day is only the statement's, or the dateline's: the figures stay a tally.
        "Militant attacks across the country rose by 40 per cent in January, a think tank "
        "said on Thursday.",
        "Islamabad, Mar 1 (APP) Militant attacks in the country jumped by 30 per cent in "
        "February compared with January, a research body said.",
    ],
)  # fmt: skip
def test_a_tally_dated_only_by_its_statement_or_dateline_stays_no_incident(text):
    assert _events(text) == []


def test_a_running_toll_told_with_a_day_and_a_period_starts_no_incident_of_its_own():
    text = (
        "Tribesmen in Kurram district fought over a disputed orchard for a fourth day. "
        "Three more people were killed on Friday in the fighting in Kurram district, bringing "
        "the death toll from four days of clashes to 15."
    )
    assert len(_events(text)) <= 1


def test_a_sentence_placed_only_by_its_dateline_stays_an_aggregate():
    text = (
        "QUETTA (Reuters) — Gunmen on Friday shot dead a guard of two vaccinators in the "
        "west of the country, a day after a nationwide drive began."
    )
    assert _events(text) == []


def test_a_recalled_incident_dated_by_its_month_is_no_aggregate_for_the_year():
    text = (
        "It was the second such deadly incident along the border in Kurram since January, when "
        "three villagers were killed by mortar fire."
    )
    assert [e.date for e in _events(text)] == ["2024-01"]


def test_a_monthly_tally_with_a_toll_stays_no_incident():
    text = (
        "In February, the think tank counted 74 militant attacks across Balochistan, which "
        "killed 90 people, more than in any month this year."
    )
    assert _events(text) == []
