"""Events in reports of the genre the rules were not written against: one rule, several wordings."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.casualties import find_casualties, summarize
from kg.extract.dates import date_before

PUBLISHED = date(2025, 1, 8)  # a Wednesday


def _events(text: str, title: str | None = None, published: date | None = PUBLISHED):
    return extract(Document("g", text, title=title, published=published)).events


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Gunmen killed three policemen and their driver in Lakki Marwat on Tuesday.", 4),
        ("A roadside bomb killed two Levies personnel and a passenger in Kech district on Tuesday.", 3),
        ("The IED blast killed four FC soldiers and their guide near Mastung on Tuesday.", 5),
    ],
)  # fmt: skip
def test_genre_n_and_their_one_adds_a_person(text, expected):
    [event] = _events(text)
    assert event.fatalities == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Nine people were killed when militants stormed a police station in Tank on Tuesday. "
         "Police said five attackers were killed in the gunfight that followed.", 14),
        ("Eleven soldiers, including an officer, were martyred in the attack on a checkpost in "
         "North Waziristan on Tuesday, while seven terrorists were killed in the exchange of fire.", 18),
        ("Ten people were killed, six soldiers and four attackers, in a raid on a Levies post in Zhob on Tuesday.", 10),
    ],
)  # fmt: skip
def test_genre_militants_killed_in_the_same_fight_join_the_toll(text, expected):
    [event] = _events(text)
    assert event.fatalities == expected


@pytest.mark.parametrize(
    "text",
    [
        "Militants seized a passenger train in Kachhi district on Tuesday and held passengers hostage. "
        "By Wednesday officials said the siege had ended.",
        "Armed men seized a passenger bus on the highway in Kalat district on Tuesday. "
        "By Wednesday the hostages had been released.",
    ],
)  # fmt: skip
def test_genre_as_of_date_does_not_date_the_incident(text):
    [event] = [e for e in _events(text) if e.kind == "Hijacking"]
    assert event.date == "2025-01-07"


@pytest.mark.parametrize(
    "title,text,place",
    [
        ("12 policemen martyred in attack in Dera Ismail Khan",
         "Twelve policemen were martyred on Tuesday when militants attacked a police station in Daraban, "
         "police said.", "place:pk-kp-daraban"),
        ("Blast in Quetta kills seven",
         "A bomb planted on a motorcycle exploded near a market in Mastung on Tuesday, killing seven people.",
         "place:pk-ba-mastung"),
    ],
)  # fmt: skip
def test_genre_headline_joins_the_lead_incident(title, text, place):
    events = _events(text, title=title)
    assert len(events) == 1
    assert events[0].location == place and events[0].date == "2025-01-07"


@pytest.mark.parametrize(
    "text",
    [
        "Militants attacked a checkpost in Kurram district on Tuesday. Security forces launched a clearance "
        "operation on Tuesday night. The military said 12 terrorists were killed.",
        "Gunmen stormed a Levies post in Zhob on Tuesday. Security forces launched a rescue operation on "
        "Tuesday evening and said eight militants had been killed.",
    ],
)  # fmt: skip
def test_genre_forces_operation_after_an_attack_is_its_own_event(text):
    events = _events(text)
    ops = [e for e in events if e.kind == "MilitaryOperation"]
    assert len(ops) == 1 and ops[0].date == "2025-01-07" and ops[0].location is not None
    assert any(e.kind != "MilitaryOperation" for e in events)


@pytest.mark.parametrize(
    "text,kind,value",
    [
        ("A suicide bomber struck a police van in Peshawar on Tuesday, killing six policemen. "
         "The attack came two days after the TTP attacked a checkpost in the province.", "Attack", "2025-01-05"),
        ("Gunmen shot dead a tribal elder in Bajaur on Tuesday. The killing came less than a week after "
         "militants kidnapped two officials in the district.", "Kidnapping", None),
    ],
)  # fmt: skip
def test_genre_incident_recalled_by_a_gap_is_earlier_background(text, kind, value):
    recalled = [e for e in _events(text) if e.background]
    assert [(e.kind, e.date) for e in recalled] == [(kind, value)]
    assert recalled[0].location is not None


@pytest.mark.parametrize(
    "text,reference,expected",
    [
        ("less than a week after", "2025-03-16", "2025-03"),
        ("three days before", "2024-08-28", "2024-08-25"),
        ("a month after", "2024-03-15", "2024-02"),
        ("less than a week after", "2025-01-07", None),  # the week runs into the old year
        ("a couple of weeks after", "2023-05-27", "2023-05"),
        ("a couple of days before", "2024-08-28", "2024-08-26"),
    ],
)
def test_genre_date_before_a_gap(text, reference, expected):
    assert date_before(text, reference) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The engineers were travelling from Islamabad to their camp at the Dasu project in Upper Kohistan "
        "when a suicide bomber struck their convoy near Besham on Tuesday.",
    ],
)
def test_genre_destination_is_not_the_place(text):
    [event] = _events(text)
    assert event.location == "place:pk-kp-besham"


@pytest.mark.parametrize(
    "text",
    [
        "Two suicide bombers rammed explosive-laden vehicles into the wall of a fort in Bannu on Tuesday, "
        "killing 12 people. A mosque was damaged by the blasts."
    ],
)
def test_genre_two_bombers_then_the_blasts_is_one_suicide_bombing(text):
    [event] = _events(text)
    assert event.kind == "SuicideBombing"


@pytest.mark.parametrize("text,value", [("killing four soldiers and their driver", 5)])
def test_genre_summarize_counts_the_added_person(text, value):
    assert summarize(find_casualties(text))[0] == value


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Gunmen abducted 11 travellers from three vans near Kalat and later killed them.", []),
        ("Militants torched four trucks and killed two drivers.", [(2, "killed")]),
        ("A bomb planted some 5 km from the town killed six people.", [(6, "killed")]),
        ("Two passenger coaches were attacked, injuring eight people.", [(8, "injured")]),
        ("The gunfight lasted three hours and left four policemen wounded.", [(4, "injured")]),
    ],
)  # fmt: skip
def test_genre_a_count_of_things_is_no_casualty_figure(text, expected):
    assert [(c.count.low, c.outcome) for c in find_casualties(text)] == expected


@pytest.mark.parametrize(
    "text,project",
    [
        ("Militants attacked a camp of the Dasu hydropower project in Upper Kohistan on Tuesday, "
         "killing two guards.", "project:dasu"),
        ("Insurgents blew up a section of the CPEC road near Gwadar on Tuesday, killing three labourers.",
         "project:cpec"),
    ],
)  # fmt: skip
def test_genre_project_named_after_attack_verb_is_a_target(text, project):
    [event] = _events(text)
    assert project in event.targets


def test_genre_project_named_in_passing_is_not_a_target():
    [event] = _events("Gunmen killed two guards in Turbat on Tuesday. Officials urged more targeted "
                      "measures to guarantee the security of CPEC.")  # fmt: skip
    assert event.targets == []


@pytest.mark.parametrize(
    "text",
    [
        "A raid on a militant hideout in the Tirah valley of Khyber district left one soldier "
        "and two militants dead on Friday, the army said.",
        "Police said a raid on a terrorist compound near Lakki Marwat left two militants dead "
        "on Friday.",
    ],
)  # fmt: skip
def test_genre_raid_on_a_militant_hideout_is_the_forces_operation(text):
    """A raid whose doer is not named is the forces' when what it hit was militants' den."""
    [event] = _events(text)
    assert event.kind == "MilitaryOperation"


def test_genre_militants_raid_on_a_post_stays_an_attack():
    [event] = _events(
        "Militants raided a police post in Tank district on Friday, killing two constables."
    )
    assert event.kind != "MilitaryOperation"


@pytest.mark.parametrize(
    "title,text",
    [
        (
            "Governor asks police to hit bandits in riverine belt harder",
            "LAHORE: The Punjab governor on Tuesday directed the police to step up "
            "intelligence-based operations against bandits hiding in the riverine areas, saying "
            "the low water was the moment to clear them out. Chairing a meeting, he asked the "
            "provincial police to launch a crackdown before the rains.",
        ),
        (
            "Minister tells police to strike bandits in riverine belt",
            "LAHORE: The interior minister on Tuesday ordered law enforcement agencies to speed "
            "up operations against bandits in the riverine areas and urged officials to finish the "
            "work before the rains.",
        ),
        (
            "Chief minister reviews drive against riverine bandits",
            "LAHORE: Reviewing the crackdown on bandits at a meeting, the chief "
            "minister said the operation had to be intensified before the rains.",
        ),
    ],
)
def test_genre_a_meeting_that_orders_operations_reports_no_event(title, text):
    assert _events(text, title=title) == []


@pytest.mark.parametrize(
    "tail",
    [
        "According to the police, the group had been planning attacks on police stations in "
        "Layyah.",
        "A police spokesman said the militants had been plotting an attack on a police station "
        "in Layyah.",
    ],
)
def test_genre_attacks_a_group_was_planning_are_no_event(tail):
    text = "Police killed four militants in a raid in Bhakkar district on Tuesday. " + tail
    events = _events(text)
    assert [e.kind for e in events] == ["MilitaryOperation"]


def test_genre_an_analysis_counting_the_attacks_it_retells_is_no_event_of_its_own():
    text = (
        "Two attacks three months apart show how exposed the police posts of the riverine belt "
        "remain.\n\n"
        "The latest came on Monday, when a gang of bandits stormed a police post in Kashmore "
        "district and killed a constable.\n\n"
        "In March, bandits had raided another post near Kandhkot late on the night of March 2, "
        "killing two policemen."
    )
    events = _events(text, published=date(2024, 6, 5))
    assert sorted((e.date, e.fatalities) for e in events) == [
        ("2024-03-02", 2),
        ("2024-06-03", 1),
    ]


def test_genre_a_count_of_attacks_said_to_have_fallen_is_a_trend():
    text = (
        "A roadside bomb killed two policemen in Bannu on Tuesday, officials said. The number "
        "of bombings and suicide attacks in Afghanistan has fallen sharply since the Taliban "
        "took power in August 2021."
    )
    events = _events(text)
    assert [(e.kind, e.date) for e in events] == [("Bombing", "2025-01-07")]
