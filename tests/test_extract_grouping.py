"""Grouping classes seen on unseen reports (issue #12 items 3, 4, 6, 8, 9), each with invented
sentences: one incident one event, several incidents kept apart, type and toll from the whole
incident."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.casualties import find_casualties, summarize


def _events(text: str, published: date = date(2025, 3, 9)):
    return extract(Document(id="d", text=text, published=published)).events


# -- several incidents kept apart -----------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        # a round-up of operations: each part is an event with its place and toll; the
        # umbrella total is none of them
        (
            "Security forces killed nine militants in two separate operations in Bajaur and "
            "Khyber on Tuesday, the ISPR said. In the first operation, in Bajaur district, troops "
            "raided a hideout and killed four militants. A second operation, in Khyber district, "
            "left five militants dead.",
            [
                ("MilitaryOperation", "2025-03-04", "place:pk-kp-bajaur", 4),
                ("MilitaryOperation", "2025-03-04", "place:pk-kp-khyber", 5),
            ],
        ),
        # ISPR wording: "engagements", the second part's toll "more"
        (
            "Security forces killed eleven khwarij in two separate engagements in Khyber "
            "Pakhtunkhwa on Tuesday, the ISPR said. Troops carried out an intelligence-based "
            "operation in Lakki Marwat District, and after an exchange of fire, seven khwarij "
            "were sent to hell. In a second operation, in Tank District, four more khwarij were "
            "neutralised.",
            [
                ("MilitaryOperation", "2025-03-04", "place:pk-kp-lakki-marwat", 7),
                ("MilitaryOperation", "2025-03-04", "place:pk-kp-tank", 4),
            ],
        ),
        (
            "Security forces killed six militants in two separate operations in North "
            "Waziristan on Monday. In the first raid, troops killed four militants near Mir Ali. "
            "Another raid, near Datta Khel, left two militants dead.",
            [
                ("MilitaryOperation", "2025-03-03", "place:pk-kp-mir-ali", 4),
                ("MilitaryOperation", "2025-03-03", "place:pk-kp-datta-khel", 2),
            ],
        ),
    ],
)
def test_grouping_a_round_up_is_its_parts(text, expected):
    found = [(e.kind, e.date, e.location, e.fatalities) for e in _events(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text,tolls",
    [
        (
            "Militants attacked a police post in Bannu on Monday night, martyring three "
            "policemen, police said. In a separate incident, two soldiers were martyred when "
            "troops repulsed an infiltration bid in Kurram district.",
            [3, 2],
        ),
        (
            "Two policemen were martyred in an attack in Bannu on Monday. In a separate incident "
            "in Bannu, a shopkeeper was shot dead.",
            [2, 1],
        ),
        (
            "Gunmen shot dead two customs officials in Dera Ismail Khan on Thursday. Separately, "
            "a soldier was martyred when militants fired on a patrol.",
            [2, 1],
        ),
        # the same attackers striking again is another incident
        (
            "Gunmen stopped a van near Mastung on Sunday and shot dead five passengers. The same "
            "gunmen later fired on a truck at their roadblock, killing its driver.",
            [5, 1],
        ),
        (
            "Two policemen were martyred in an attack in Bannu on Monday. Elsewhere, gunmen "
            "shot dead a tribal elder.",
            [2, 1],
        ),
        # a round-up recalled after the main incident counts other incidents
        (
            "A roadside bomb killed six soldiers in North Waziristan on Saturday, officials said. "
            "Earlier this month, five soldiers were killed in two separate attacks in the province.",
            [6, 5],
        ),
    ],
)
def test_grouping_an_incident_told_apart_stays_apart(text, tolls):
    assert [e.fatalities for e in _events(text)] == tolls


@pytest.mark.parametrize(
    "text,toll",
    [
        # "separately" said of a statement, a toll revision: the same incident
        (
            "Two policemen were martyred in an attack in Bannu on Monday. The prime minister "
            "separately condemned the attack.",
            2,
        ),
        (
            "Two policemen were martyred in an attack in Bannu on Monday. In a separate "
            "statement, police said the death toll had risen to three.",
            3,
        ),
    ],
)
def test_grouping_separate_words_about_the_same_incident_join_it(text, toll):
    assert [e.fatalities for e in _events(text)] == [toll]


# -- statements about an incident are not incidents ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # condemned where the minister was, not where it happened
        "Gunmen opened fire on a polio team in Mardan on Sunday, killing two policemen escorting "
        "it. In Peshawar, the chief minister condemned the attack and paid tribute to the slain "
        "policemen.",
        "A suicide bomber struck a police van in Quetta on Friday, killing four officers. In "
        "Islamabad, the interior minister expressed grief over the martyred policemen.",
        # a comparison
        "A roadside bomb killed four soldiers in North Waziristan on Wednesday. It was the third "
        "attack on troops in the district this month.",
        "Militants stormed a Levies post in Kalat on Tuesday, killing two guards. This was the "
        "deadliest attack on the force in the district since January.",
    ],
)
def test_grouping_a_reaction_or_comparison_starts_no_incident(text):
    assert len(_events(text)) == 1


def test_grouping_a_comparison_about_the_incident_tells_its_kind():
    text = (
        "A bomb killed three people in a market in Kalat on Monday. The bombing was the second "
        "in the town this week."
    )
    assert [e.kind for e in _events(text)] == ["Bombing"]


def test_grouping_a_round_up_told_as_one_is_one_incident_of_its_kind():
    text = (
        "Two blasts killed five people at a market in Quetta on Monday, police said. Two more "
        "people died in hospital later."
    )
    [event] = _events(text)
    assert (event.kind, event.acled_event_type, event.fatalities) == (
        "Bombing",
        "Explosions/Remote violence",
        7,
    )


def test_grouping_a_comparison_introduces_the_incident_it_recalls():
    text = (
        "A roadside bomb killed four soldiers in North Waziristan on Wednesday. This is the "
        "second attack on the army in the region this month. Last month, militants stormed a "
        "checkpost in Bannu, killing one soldier."
    )
    events = _events(text)
    assert [(e.fatalities, e.background) for e in events] == [(4, False), (1, True)]


def test_grouping_a_clause_whose_subject_is_the_incident_tells_more_of_it():
    # whatever the places it names resolve to ("the city" read as the dateline's Quetta)
    text = (
        "QUETTA: Militants stormed a police training centre in Kalat on Friday, killing seven "
        "policemen. The assault targeted the centre's hostel in the city's Model Town area, "
        "police said."
    )
    assert [e.fatalities for e in _events(text)] == [7]


# -- the response within the incident ------------------------------------------------------


def test_grouping_the_fight_an_attack_sets_off_is_the_attack():
    text = (
        "Militants stormed a Frontier Corps camp in Nushki late on Sunday, triggering a gunfight "
        "that lasted for hours. Five soldiers were martyred. Four of the attackers were killed by "
        "the guards, and two more died in a clearance operation in which commandos joined the "
        "troops."
    )
    [event] = _events(text)
    assert (event.kind, event.fatalities) == ("Attack", 11)


def test_grouping_a_search_operation_on_a_later_day_with_its_own_toll_stays_apart():
    text = (
        "Militants attacked a police checkpost in Lakki Marwat late on Friday night, killing two "
        "policemen. On Saturday, police killed three militants in a search operation in the area."
    )
    found = [(e.kind, e.date, e.fatalities) for e in _events(text)]
    assert found == [("Attack", "2025-03-07", 2), ("MilitaryOperation", "2025-03-08", 3)]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead three labourers in Kech on Monday. Security forces cordoned off the "
        "area and a search operation was launched to trace the attackers.",
        "Gunmen shot dead three labourers in Kech on Monday. Security forces cordoned off the "
        "area; the pursuit was continuing and a search operation had been launched on Tuesday.",
    ],
)
def test_grouping_a_pursuit_with_no_outcome_is_no_incident(text):
    assert [e.kind for e in _events(text)] == ["Attack"]


# -- type from the whole incident ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen abducted six passengers from a coach near Kalat on Tuesday night and shot them "
        "dead after checking their identity cards.",
        "Gunmen abducted and killed two teachers in Kech on Monday, police said.",
        "Six passengers kidnapped from a coach killed in Kalat. Gunmen kidnapped six passengers "
        "from a coach near Kalat on Tuesday night and killed them.",
    ],
)
def test_grouping_people_taken_and_killed_were_attacked(text):
    [event] = _events(text)
    assert event.kind == "Attack"
    if "passengers" in text:  # civilians named as such: ACLED's violence against civilians
        assert (event.acled_event_type, event.acled_sub_event_type) == (
            "Violence against civilians",
            "Attack",
        )


def test_grouping_a_kidnapping_without_deaths_stays_a_kidnapping():
    [event] = _events("Armed men kidnapped two engineers in Gwadar on Monday, police said.")
    assert event.kind == "Kidnapping"


@pytest.mark.parametrize(
    "text,kind",
    [
        (
            "Gunmen stormed a bank in Turbat on Monday, killing four guards. Officials said a "
            "suicide bomber may have been among the attackers.",
            "Attack",
        ),
        (
            "Gunmen stormed a bank in Turbat on Monday, killing four guards. There were "
            "unconfirmed reports of a suicide bombing at the gate.",
            "Attack",
        ),
        (
            "Gunmen stormed a hotel in Gwadar on Monday, killing four guards. Residents heard "
            "gunfire and explosions for hours.",
            "Attack",
        ),
        (
            "Gunmen attacked a police station in Kalat on Monday, killing three policemen, in "
            "what officials described as a possible suicide attack.",
            "Attack",
        ),
        (
            "Gunmen stormed a bank in Turbat on Monday, killing four guards. A suicide bomber "
            "blew himself up at the gate.",
            "SuicideBombing",
        ),
    ],
)
def test_grouping_a_hedged_word_sets_no_kind(text, kind):
    [event] = _events(text)
    assert event.kind == kind


# -- tolls: a total with its breakdown once, distinct groups added -------------------------


@pytest.mark.parametrize(
    "text,toll",
    [
        (
            "Militants stormed a court complex in Quetta on Monday. The attack left eleven people "
            "dead, seven policemen and four militants. Security officials said all four militants "
            "were killed by the guards.",
            11,
        ),
        (
            "Four soldiers were martyred when militants attacked a checkpost in Khyber on Monday. "
            "Troops killed three attackers at the gate, and the remaining two were shot dead "
            "inside the building.",
            9,
        ),
        (
            "Around a dozen militants attacked a Levies post in Zhob on Monday night; one of them "
            "was killed in the retaliation, police said.",
            1,
        ),
        ("Gunmen ambushed the vehicle of a judge in Kech on Monday, killing his driver.", 1),
        (
            "At least nine policemen and four militants were killed after gunmen stormed a police "
            "station in Bannu on Monday, officials said.",
            13,
        ),
        (
            "Gunmen attacked a mosque in Peshawar on Friday; at least ten people, two of the "
            "attackers among them, were killed. The group said two of its fighters died.",
            10,
        ),
    ],
)
def test_grouping_tolls_count_each_victim_once(text, toll):
    [event] = _events(text)
    assert event.fatalities == toll


@pytest.mark.parametrize(
    "text,figure",
    [
        ("Three attackers were killed at the gate and three more died inside.", 6),
        ("Five people were killed on Monday; another two died in hospital on Tuesday.", 7),
        ("Four other people, two policemen and a driver, were killed.", 4),
        ("The blast left nine people dead, six soldiers and three civilians.", 9),
    ],
)
def test_grouping_summarize_adds_continuations_and_reads_breakdowns(text, figure):
    assert summarize(find_casualties(text))[0] == figure


def test_grouping_pattern_groups_name_each_pattern_once():
    """The pattern groups are mixed into one class: a name two groups define would silently
    give one group's rule the other's regex."""
    from functools import cached_property

    from kg.extract.patterns import Patterns

    seen: dict[str, str] = {}
    for group in Patterns.__mro__[1:]:
        for name, member in vars(group).items():
            if isinstance(member, cached_property):
                assert name not in seen, f"{name} in {group.__name__} and {seen[name]}"
                seen[name] = group.__name__


# -- a round-up told as place-labelled paragraphs -----------------------------------------------


def test_place_labelled_paragraphs_are_incidents_of_the_lead_day():
    text = (
        "Attacks across Khyber Pakhtunkhwa\n\n"
        "PESHAWAR: Four policemen were killed and nine people hurt in a wave of militant "
        "violence in several districts of the province on Thursday.\n\n"
        "Bannu: Gunmen opened fire on a police patrol near the city, killing two constables. "
        "The area had been under a curfew since February 20.\n\n"
        "Lakki Marwat: In a separate statement, police said two officers were martyred when a "
        "roadside bomb hit their van.\n\n"
        "Karak: Five people were wounded when a hand grenade exploded outside a shop in the "
        "main bazaar."
    )
    events = _events(text, published=date(2025, 3, 7))
    found = sorted((e.location, e.date) for e in events)
    assert found == [
        ("place:pk-kp-bannu-city", "2025-03-06"),
        ("place:pk-kp-karak", "2025-03-06"),
        ("place:pk-kp-lakki-marwat", "2025-03-06"),
    ], found


def test_toll_told_for_one_of_the_places_a_strike_hit_is_the_same_strike():
    text = (
        "Drone strikes hit Paktika and Khost provinces before dawn on Tuesday, killing 19 "
        "people, Afghan officials said. Most of the dead were in Paktika, where 15 civilians "
        "were killed. In Khost, four people were killed, a local official added."
    )
    events = _events(text, published=date(2025, 3, 5))
    assert len(events) == 1, [(e.kind, e.location, e.fatalities) for e in events]
    assert events[0].fatalities == 19


# -- a raid is whoever does it: the militants' attack or the forces' operation ------------------


@pytest.mark.parametrize(
    "text,kind",
    [
        ("TTP fighters raid police post in Dera Ismail Khan, two constables martyred", "Attack"),
        (
            "Three policemen martyred as militants raid police station in Lakki Marwat\n\n"
            "Three policemen were martyred when militants attacked a police station in Lakki "
            "Marwat district on Monday night, police said.",
            "Attack",
        ),
        (
            "Terrorists on Friday night raided a Frontier Corps camp in Kohlu, killing two "
            "soldiers.",
            "Attack",
        ),
        (
            "Security forces raided a compound in Khyber district on Saturday and arrested four "
            "suspects.",
            "MilitaryOperation",
        ),
    ],
)
def test_grouping_a_raid_takes_its_family_from_who_raids(text, kind):
    events = _events(text)
    assert [e.kind for e in events] == [kind], [(e.kind, e.date, e.location) for e in events]


# -- a coarser date that holds a finer one is the same incident, on the finer day --------------


@pytest.mark.parametrize(
    "text,published,expected",
    [
        (
            "Militants attacked a Frontier Corps post in Panjgur district earlier this month, "
            "killing four soldiers, officials said on Friday. The assault, which officials called "
            "a night raid, was carried out on March 3, the officials said.",
            date(2025, 3, 14),
            [("Attack", "2025-03-03", "place:pk-ba-panjgur", 4)],
        ),
        (
            "Six soldiers were martyred when militants attacked a checkpost in Kurram district "
            "last week, the military said on Saturday. According to the statement, the assault "
            "began late on March 4 and lasted several hours.",
            date(2025, 3, 15),
            [("Attack", "2025-03-04", "place:pk-kp-kurram", 6)],
        ),
    ],
)
def test_grouping_a_finer_date_inside_the_coarser_one_dates_the_same_incident(
    text, published, expected
):
    events = _events(text, published=published)
    assert [(e.kind, e.date, e.location, e.fatalities) for e in events] == expected


def test_grouping_an_attack_running_past_midnight_takes_the_day_it_ran_into():
    text = (
        "Four policemen were martyred when militants attacked a police post in Tank district "
        "this week, officials said on Friday. The attack began on the night of March 4 and "
        "continued until the morning of March 5."
    )
    events = _events(text, published=date(2025, 3, 7))
    assert [(e.date, e.fatalities) for e in events] == [("2025-03-05", 4)]


def test_grouping_a_statement_night_dates_the_incident_to_its_first_day():
    text = (
        "PESHAWAR: Three soldiers were martyred and seven terrorists killed when militants "
        "attacked a check post in Lakki Marwat district, the ISPR said on Thursday. The "
        "attackers struck on the night of June 3-4, the military's media wing said."
    )
    events = _events(text, published=date(2025, 6, 5))
    assert [(e.date, e.fatalities) for e in events] == [("2025-06-03", 10)]


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # the night before the day the police spoke
        (
            "QUETTA: Armed men attacked a Levies post overnight in Kalat district, killing two "
            "personnel, officials said on Tuesday.",
            date(2025, 4, 9),
            [("2025-04-07", 2)],
        ),
        # no day at all: the night before the report
        (
            "KARACHI: Unknown gunmen ambushed a police mobile overnight near Gadap, martyring "
            "a constable, the police said.",
            date(2025, 4, 9),
            [("2025-04-08", 1)],
        ),
        # a day of its own stays
        (
            "PESHAWAR: Militants stormed a checkpost overnight on Sunday in Bannu district, "
            "killing three policemen, officials said on Tuesday.",
            date(2025, 4, 9),
            [("2025-04-06", 3)],
        ),
        # a late-night attack told the next day: the night before the report
        (
            "MULTAN: Police repelled a late-night attack by gunmen on a checkpoint in Rajanpur "
            "district, killing one attacker, a spokesman said on Wednesday.",
            date(2025, 4, 9),
            [("2025-04-08", 1)],
        ),
        (
            "SUKKUR: Dacoits fired on a police picket late at night near Kandhkot, injuring "
            "two constables, officials said on Wednesday.",
            date(2025, 4, 9),
            [("2025-04-08", 0)],
        ),
        (
            "HYDERABAD: Robbers shot dead a shopkeeper during the night in Tando Jam, police "
            "said on Wednesday.",
            date(2025, 4, 9),
            [("2025-04-08", 1)],
        ),
        # told as early in the day it was reported: that day
        (
            "ISLAMABAD, April 9: Rockets hit two villages in Bajaur early in the day, officials "
            "said. Four people were killed when the rockets landed overnight, they said.",
            date(2025, 4, 9),
            [("2025-04-09", 4)],
        ),
    ],
)
def test_grouping_an_overnight_incident_is_the_night_before_it_was_reported(
    text, published, expected
):
    events = _events(text, published=published)
    assert [(e.date, e.fatalities) for e in events] == expected


def test_grouping_an_undated_incident_takes_the_date_the_next_sentence_tells():
    text = (
        "A policeman was martyred in Kurram district on Monday when gunmen attacked a "
        "checkpoint, officials said. In a separate statement, the military said a soldier was "
        "martyred when troops foiled an infiltration attempt from Afghanistan. On the night of "
        "June 1-2, troops spotted a group of militants trying to cross into Bajaur district. "
        "Two militants were killed in the exchange."
    )
    events = _events(text, published=date(2025, 6, 3))
    dates = sorted(e.date for e in events)
    assert dates == ["2025-06-01", "2025-06-02"]


def test_grouping_an_operation_dated_by_the_statement_not_the_dateline():
    text = (
        "ISLAMABAD, June 6 (Xinhua) -- Pakistani security forces killed four terrorists in an "
        "operation in Khyber district, a police official said on Thursday. The operation was "
        "launched after information about the presence of militants."
    )
    events = _events(text, published=date(2025, 6, 6))
    assert [(e.kind, e.date) for e in events] == [("MilitaryOperation", "2025-06-05")]


def test_grouping_a_round_up_told_part_by_part_in_turn_is_its_parts():
    text = (
        "Gunmen killed five people in two attacks in Bannu district on Tuesday, police said. "
        "Police said the attackers first opened fire on a shopkeeper, Gul Zaman, outside his "
        "shop on Railway Road. In the second attack, armed men entered a madrassa in Domel "
        "and shot dead four students. Police launched a search operation for the attackers."
    )
    events = _events(text, published=date(2025, 3, 5))
    found = [(e.kind, e.date, e.location, e.fatalities) for e in events]
    # the first part is the shooting on the road, not the round-up's whole toll; the search
    # for the attackers is no incident of its own
    assert [(e.date, e.fatalities) for e in events] == [("2025-03-04", None), ("2025-03-04", 4)]
    assert events[0].location != "place:pk-kp-bannu", found


# -- what a report says around its incident starts nothing ---------------------------------------


def test_grouping_what_surrounds_the_incident_starts_no_other():
    """A source before the subject ("According to the officials, the blast ..."), the highway
    it was on, where the victims came from or were taken, and the series it is set beside are
    all the one incident."""
    text = (
        "Seven Levies personnel killed in bomb attack in Mastung\n\n"
        "At least seven Levies personnel were killed on Monday when a roadside bomb hit their "
        "vehicle in Mastung district, officials said. According to the officials, the blast took "
        "place near the Kardgap bridge on the Quetta-Karachi highway and struck a Levies van. "
        "The personnel were returning from duty at the Quetta cantonment when they were "
        "targeted. The wounded were taken to the district headquarters hospital in Kalat. The "
        "bombing follows a string of attacks in different parts of the province."
    )
    events = _events(text, published=date(2025, 3, 11))
    found = [(e.kind, e.date, e.location, e.fatalities) for e in events]
    # the bridge it took place near, in the district named before it
    assert found == [("Bombing", "2025-03-10", "place:pk-ba-mastung-kardgap-bridge", 7)], found


def test_grouping_the_operation_ending_an_attack_told_in_the_headline_is_the_attack():
    title = "Troops kill all six militants who stormed Tank police station; four policemen dead"
    text = (
        "TANK, Pakistan (AP) — Pakistani troops killed all six militants who stormed a police "
        "station in the northwest, ending a siege that lasted through the night, officials "
        "said Thursday. Four policemen were killed on Wednesday evening when the attackers "
        "blew open the gate of the police station in Tank, police said."
    )
    doc = Document(id="d", title=title, text=text, published=date(2025, 6, 5))
    events = extract(doc).events
    assert [(e.date, e.fatalities) for e in events] == [("2025-06-04", 10)]


def test_grouping_a_recent_spate_of_attacks_named_as_context_is_no_series():
    text = (
        "Pakistan on Monday carried out airstrikes on militant hideouts in Kurram that killed "
        "six fighters, officials said, as tensions grew over a recent spate of militant attacks "
        "on border posts. Officials said the strikes hit two compounds near Parachinar."
    )
    events = _events(text, published=date(2025, 6, 3))
    assert len(events) == 1
    assert events[0].fatalities == 6


def test_grouping_strikes_conducted_are_something_that_happened():
    text = (
        "The military conducted airstrikes on hideouts in the Tirah valley of Khyber district "
        "on Sunday, killing nine militants, security officials said."
    )
    events = _events(text, published=date(2025, 6, 3))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("AirStrike", "2025-06-01", 9)]


def test_grouping_a_group_stepping_up_its_attacks_since_a_date_is_no_incident():
    text = (
        "A roadside bomb killed three policemen in Lakki Marwat district on Tuesday, police "
        "said. The TTP has stepped up its attacks on the police since the ceasefire collapsed "
        "in November 2022."
    )
    events = _events(text, published=date(2025, 6, 4))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Bombing", "2025-06-03", 3)]


def test_grouping_the_incident_named_as_doer_of_the_next_verb_is_the_same_incident():
    text = (
        "A suicide bomber rammed an explosives-laden car into a police van near Tank on "
        "Friday, killing six policemen, officials said. A resident of Gomal village said the "
        "explosion went off shortly after dawn. A police officer in Dera Ismail Khan, the "
        "division's headquarters, said the bomber hit the van from behind."
    )
    events = _events(text, published=date(2025, 6, 7))
    assert [(e.kind, e.date, e.location, e.fatalities) for e in events] == [
        ("SuicideBombing", "2025-06-06", "place:pk-kp-tank", 6)
    ]


def test_grouping_a_visit_to_condemn_the_attack_a_day_later_is_no_new_incident():
    text = (
        "Gunmen opened fire on a van carrying engineers in Hub on Monday, wounding two "
        "foreign nationals, police said. On Tuesday, the chief minister travelled to Karachi "
        "to condemn the attack and meet the wounded."
    )
    events = _events(text, published=date(2025, 6, 4))
    assert [(e.date, e.fatalities) for e in events] == [("2025-06-02", 0)]


def test_grouping_a_wounded_man_dying_a_day_later_raises_the_toll_of_the_same_incident():
    text = (
        "Militants ambushed a police patrol in Kulachi on Monday, killing four policemen and "
        "wounding three, officials said. One of the wounded constables died in hospital on "
        "Tuesday, raising the toll to five."
    )
    events = _events(text, published=date(2025, 6, 4))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Ambush", "2025-06-02", 5)]


def test_grouping_a_lead_after_a_wire_dateline_naming_an_annual_fair_is_read():
    # "annual" names the fair, not a period the figures count over
    text = (
        "KARACHI, Pakistan (AP) — A bomb exploded near the main gate of a stadium in Turbat on "
        "Friday, killing four policemen, shortly after the governor had opened the annual "
        "sports gala there."
    )
    events = _events(text, published=date(2025, 6, 7))
    assert [(e.kind, e.date, e.location, e.fatalities) for e in events] == [
        ("Bombing", "2025-06-06", "place:pk-ba-turbat", 4)
    ]


def test_grouping_minutes_after_a_visit_and_a_suicide_finding_tell_the_same_blast():
    text = (
        "A bomb went off near a market in Turbat on Friday, killing four policemen. A police "
        "officer said the blast came some ten minutes after the governor left and that first "
        'findings pointed to a suicide attack. "It happened 20 minutes after the governor '
        'spoke," a witness said, putting the toll at four policemen killed.'
    )
    events = _events(text, published=date(2025, 6, 7))
    assert [(e.kind, e.date, e.fatalities, e.background) for e in events] == [
        ("SuicideBombing", "2025-06-06", 4, False)
    ]


def test_grouping_a_headline_joins_the_lead_it_sums_up():
    document = Document(
        id="d",
        title="Bomb kills four policemen after governor leaves Turbat gala",
        text=(
            "QUETTA, Pakistan (AFP) — A bomb went off near the stadium in Turbat on Friday, "
            "killing four policemen, shortly after the governor had left the annual gala."
        ),
        published=date(2025, 6, 7),
    )
    events = extract(document).events
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Bombing", "2025-06-06", 4)]


# -- air and missile strikes ------------------------------------------------------------------


def test_grouping_a_toll_headline_over_airstrikes_is_the_air_strike():
    document = Document(
        id="d",
        title="Six killed, say Afghan officials",
        text=(
            "KABUL: Pakistan on Sunday carried out airstrikes in Kunar province that left six "
            "civilians dead, Afghan officials said. The strikes had hit two villages in the "
            "province, they said."
        ),
        published=date(2025, 3, 10),
    )
    events = extract(document).events
    assert [(e.kind, e.date, e.location, e.fatalities) for e in events] == [
        ("AirStrike", "2025-03-09", "place:af-knr", 6)
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        # jets that hit: an air strike; a bare "were targeted" after it tells more of it
        (
            "Pakistani jets hit three villages in Paktika province on Sunday, killing nine "
            "people, Afghan officials said. Houses of farmers were targeted, a resident said.",
            [("AirStrike", "2025-03-09", "place:af-pka", 9)],
        ),
        # a state's strikes
        (
            "Iranian strikes on two villages in Panjgur district on Sunday killed four "
            "people, officials said.",
            [("AirStrike", "2025-03-09", "place:pk-ba-panjgur", 4)],
        ),
        # militants or troops that strike: no air strike
        (
            "Militants struck a police post in Bannu on Sunday, killing two policemen.",
            [("Attack", "2025-03-09", "place:pk-kp-bannu-city", 2)],
        ),
        (
            "Troops struck a militant hideout in Kurram on Sunday and killed five terrorists, "
            "the ISPR said.",
            [("MilitaryOperation", "2025-03-09", "place:pk-kp-kurram", 5)],
        ),
    ],
)
def test_grouping_what_an_air_weapon_strikes_is_an_air_strike(text, expected):
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.date, e.location, e.fatalities) for e in events] == expected


def test_grouping_one_strike_of_a_campaign_told_with_its_own_toll_is_its_own_event():
    text = (
        "At least 20 people were killed when missiles fired by the Indian army struck several "
        "towns in Punjab and Azad Kashmir on Wednesday, officials said. In Kotli, a missile hit "
        "a mosque, killing four worshippers."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [
        ("AirStrike", "2025-03-05", 20),
        ("AirStrike", "2025-03-05", 4),
    ]
    assert events[1].location == "place:pk-jk-kotli-city"


def test_grouping_a_labelled_paragraph_with_no_date_has_the_round_ups_day():
    document = Document(
        id="d",
        title="Two policemen martyred in Karak, shopkeeper shot dead in Kohat",
        text=(
            "KOHAT: Gunmen struck in two districts of Khyber Pakhtunkhwa, killing three people "
            "in separate shootings.\n\n"
            "Karak: Two policemen were martyred on Saturday when gunmen opened fire on their "
            "patrol.\n\n"
            "Kohat: In the neighbouring district, a shopkeeper was shot dead by unknown "
            "attackers outside his shop."
        ),
        published=date(2025, 3, 9),
    )
    events = extract(document).events
    assert [(e.date, e.fatalities) for e in events] == [("2025-03-08", 2), ("2025-03-08", 1)]


# -- one assault, one event: the clearance that ends it, its parts on one site ---------------


def test_grouping_a_clearance_operation_that_ends_an_attack_is_that_attack():
    document = Document(
        id="d",
        title="Clearance operation at Dalbandin Levies post ends, ISPR says",
        text=(
            "The clearance operation at a Levies post in the Dalbandin area of Chagai district "
            "was completed on Tuesday morning, the ISPR said. Militants had stormed the post on "
            "Monday night and were cornered in its barracks. Four soldiers embraced shahadat "
            "and all five attackers were sent to hell, the military said."
        ),
        published=date(2025, 3, 11),
    )
    events = extract(document).events
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Attack", "2025-03-10", 9)]


def test_grouping_a_sanitisation_operation_after_a_bombing_stays_its_own_event():
    # Only a clearance of the stormed site ends the attack; an area sweep after a bombing
    # that kills other militants is the forces' own operation.
    text = (
        "A suicide bomber rammed an explosive-laden car into a police van in Tank on Monday, "
        "killing three policemen. On Wednesday, troops killed six militants in an "
        "intelligence-based operation in Jandola, the ISPR said."
    )
    events = _events(text, published=date(2025, 3, 12))
    assert sorted((e.kind, e.fatalities) for e in events) == [
        ("MilitaryOperation", 6),
        ("SuicideBombing", 3),
    ]


def test_grouping_a_string_of_attacks_on_one_post_is_one_event():
    text = (
        "Five soldiers were killed on Sunday when a group of militants carried out a string of "
        "suicide attacks on a border post in the Datta Khel area of North Waziristan. All four "
        "assailants who stormed the post were shot dead. The troops went on to kill two more "
        "militants in the clearance operation that followed."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert len(events) == 1
    assert (events[0].date, events[0].fatalities) == ("2025-03-09", 11)


def test_grouping_a_raid_on_sites_of_one_town_and_its_clearance_is_one_event():
    text = (
        "Some 30 gunmen carried out coordinated attacks in Mastung on Wednesday, targeting the "
        "Levies station and a branch of a bank. Nine militants were killed in two separate "
        "engagements during the clearance operation that followed, officials said."
    )
    events = _events(text, published=date(2025, 3, 13))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Attack", "2025-03-12", 9)]


def test_grouping_forces_engaging_a_raid_s_attackers_is_no_clash_of_its_own():
    text = (
        "Militants carried out multiple attacks in Panjgur town on Monday, targeting a police "
        "station and a bank. The security forces responded and engaged the attackers, forcing "
        "them to withdraw. Seven militants were killed in the clearance operation that followed."
    )
    events = _events(text, published=date(2025, 3, 11))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Attack", "2025-03-10", 7)]


@pytest.mark.parametrize(
    "text",
    [
        "A shopkeeper was shot dead by unknown attackers in Wana on Thursday as he closed his "
        "shop. The shooting came just two days after tribal elders announced a truce lasting "
        "from March 3 to March 5.",
        "A teacher was gunned down in Wana on Thursday as he walked home from school. The "
        "attack came days after the provincial government announced a peace jirga starting on "
        "March 2.",
    ],
)
def test_grouping_a_date_after_came_days_after_is_not_the_incident_s(text):
    events = _events(text, published=date(2025, 3, 8))
    assert [(e.kind, e.date, e.location) for e in events] == [
        ("Attack", "2025-03-06", "place:pk-kp-wana")
    ]


def test_grouping_a_toll_run_up_since_a_month_is_no_incident():
    text = (
        "Gunmen ambushed a passenger van near Sadda in Kurram district on Monday, killing four "
        "people. Tribal clashes over grazing land have killed more than 60 people in the "
        "district since last August."
    )
    events = _events(text, published=date(2025, 3, 11))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Ambush", "2025-03-10", 4)]


def test_grouping_a_string_of_attacks_on_two_sites_stays_a_series():
    text = (
        "Militants carried out a string of attacks on a police station and a Levies post in "
        "Kech district on Sunday. In Turbat, two policemen were killed. In Tump, three Levies "
        "men were martyred."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert sorted(e.fatalities for e in events if e.fatalities) == [2, 3]


# -- tolls: the words of military statements ---------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ('Three of the raiders had been "sent to hell" by evening.', [(3, "militant")]),
        ("Two sepoys embraced shahadat in the exchange of fire.", [(2, "security")]),
        ("Six soldiers embraced martyrdom while repulsing the raid.", [(6, "security")]),
        ("Three members of the LEAs were martyred at the checkpoint.", [(3, "security")]),
        ("Two personnel of the Levies were killed.", [(2, "security")]),
        ("Five members of a family were killed.", [(5, "total")]),
    ],
)
def test_casualties_military_statement_wording(text, expected):
    found = find_casualties(text)
    assert [(c.count.value, c.group) for c in found if c.outcome == "killed"] == expected


def test_grouping_attackers_killed_count_in_the_attack_toll_in_statement_wording():
    text = (
        "Militants raided a Frontier Corps camp in Zhob before dawn on Sunday. Two soldiers "
        "embraced shahadat and three others were injured. Three of the terrorists had been "
        '"sent to hell" so far, according to the ISPR.'
    )
    events = _events(text, published=date(2025, 3, 9))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [("Attack", "2025-03-09", 5)]


def test_grouping_a_bare_toll_under_a_series_counts_the_other_side_of_the_part_told():
    text = (
        "Militants attacked two security forces camps in Kharan and Washuk on Friday. At "
        "Kharan, troops beat back the attack and the raiders fled. Three fleeing terrorists "
        "were killed later. Two soldiers, including a captain, embraced shahadat, the ISPR said."
    )
    events = _events(text, published=date(2025, 3, 9))
    assert 5 in [e.fatalities for e in events]
    assert 2 not in [e.fatalities for e in events]


# -- dates: the day a case was filed is not the day of the killing ----------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Police on Friday registered a case against a suspect accused of gunning down a "
            "tribal elder in Sibi on Wednesday.",
            ("2025-03-05", 1),
        ),
        (
            "The CTD on Saturday lodged an FIR against a suspect accused of gunning down two "
            "policemen near a checkpoint in Bannu on Thursday.",
            ("2025-03-06", 2),
        ),
    ],
)
def test_grouping_a_killing_is_dated_by_its_day_not_the_case_filed(text, expected):
    events = _events(text, published=date(2025, 3, 9))
    assert [(e.date, e.fatalities) for e in events] == [expected]


# -- tolls: people killed besides someone named ------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The district mayor and four others were killed.", 5),
        ("A schoolteacher and two other people died.", 3),
        ("Two policemen and three others were killed.", 5),
        ("Two policemen and three others were killed. Two more died in hospital.", 7),
        ("Two policemen were killed and three others were injured.", 2),
    ],
)
def test_casualties_others_count_besides_the_named(text, expected):
    assert summarize(find_casualties(text))[0] == expected


def test_grouping_others_killed_with_a_named_victim_count_him_too():
    text = (
        "A provincial minister was killed on Monday when a bomb went off at a rally in "
        "Bajaur. Five other people died in the blast along with him, officials said."
    )
    [event] = _events(text, published=date(2025, 3, 11))
    assert (event.date, event.fatalities) == ("2025-03-10", 6)


def test_grouping_a_bombing_that_also_claimed_other_lives_counts_the_named_victim():
    text = (
        "On Thursday, a tribal chief died in a car bombing in Khar that also claimed at least "
        "three other lives, police said."
    )
    [event] = _events(text, published=date(2025, 3, 8))
    assert (event.date, event.fatalities) == ("2025-03-06", 4)


# -- tolls: revised figures and one-person figures ---------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Early reports put the dead at three; the figure was later raised to six.", 6),
        ("Officials revised the toll to eleven on Sunday.", 11),
        ("A constable was martyred when the grenade went off.", 1),
        ("A head constable was martyred and two passers-by were hurt.", 1),
        ("A sepoy was martyred.", 1),
    ],
)
def test_casualties_revised_and_one_person_figures(text, expected):
    assert summarize(find_casualties(text))[0] == expected


def test_grouping_a_bombing_toll_counts_the_policeman_and_the_bombers():
    text = (
        "A head constable was martyred on Friday when a suicide bomber blew himself up at a "
        "checkpoint in Rawalpindi, police said. The home minister said two attackers had died "
        "in the blast."
    )
    [event] = _events(text, published=date(2025, 3, 8))
    assert (event.date, event.fatalities) == ("2025-03-07", 3)


# -- a round-up told in labelled paragraphs ------------------------------------------------------


def test_grouping_labelled_paragraphs_take_the_leads_day_and_their_labels_place():
    document = Document(
        id="d",
        title="Policeman martyred in Kohat shooting; raid on Karak post repulsed",
        text=(
            "KOHAT/KARAK: Militants struck at the police twice on Sunday in southern Khyber "
            "Pakhtunkhwa, killing a policeman in Kohat, while an attack on a post in Karak was "
            "beaten back.\n\n"
            "Kohat: Officials said a patrol was stopped by armed men on motorcycles near a "
            "bazaar. The gunmen opened fire on the patrol and fled.\n\n"
            "Karak: Shortly after midnight, militants crept up to a police post and called on "
            "the guard to surrender. The guard refused and opened fire instead."
        ),
        published=date(2025, 3, 10),
    )
    events = extract(document).events
    assert [(e.date, e.location) for e in events] == [
        ("2025-03-09", "place:pk-kp-kohat-city"),
        ("2025-03-09", "place:pk-kp-karak"),
    ]


def test_grouping_militants_killed_beating_back_a_series_counted_again_are_no_operation():
    text = (
        "Security forces killed seven terrorists while beating back coordinated attacks on the "
        "town of Kalat on Sunday night, officials said. In a later statement, the home "
        "minister said six terrorists had been neutralised."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 7)]


def test_grouping_militants_killed_at_a_place_of_their_own_under_a_series_stay_a_part():
    text = (
        "Militants carried out coordinated attacks across Balochistan on Sunday, killing nine "
        "people. In Kalat, four terrorists were killed when troops raided their hideout."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert len(events) == 2


def test_casualties_a_figure_at_large_repeating_the_militants_is_theirs():
    text = (
        "Four soldiers were martyred. Troops killed 18 terrorists. When the rest refused to "
        "surrender, the forces went in and killed 18 of them."
    )
    assert summarize(find_casualties(text))[0] == 22


# -- a round-up over two days ----------------------------------------------------------------


def test_grouping_a_round_up_over_two_days_is_its_parts_on_the_first_day():
    text = (
        "Security forces killed nine militants in three separate clashes in Khyber Pakhtunkhwa "
        "on February 11 and 12, the military said on Thursday.\n\n"
        "Bajaur: In the first clash, in the Mamund area of Bajaur district, troops killed four "
        "militants.\n\n"
        "Tank: The second engagement was in Tank district, where three militants were killed "
        "in an exchange of fire.\n\n"
        "Khyber: In the third encounter, in Khyber district, soldiers killed two militants."
    )
    events = _events(text, date(2025, 2, 14))
    assert [e.fatalities for e in events] == [4, 3, 2]
    assert {e.date for e in events} == {"2025-02-11"}


def test_grouping_one_operation_over_two_days_keeps_the_last_day():
    text = (
        "Troops killed six militants in an intelligence-based operation in Bajaur district "
        "on February 11 and 12, the military said."
    )
    assert [e.date for e in _events(text, date(2025, 2, 14))] == ["2025-02-12"]


# -- one incident told in more words ---------------------------------------------------------


def test_grouping_a_place_nothing_places_tells_no_other_incident():
    text = (
        "PESHAWAR: Several people are feared dead after a blast hit a pickup carrying "
        "woodcutters in the Datta Khel area of North Waziristan on Sunday, officials said.\n\n"
        "A district official said the pickup had struck a roadside mine in the Tor Ghundai "
        "area, leaving seven woodcutters dead and three injured."
    )
    events = _events(text, date(2025, 3, 10))
    assert [(e.date, e.location, e.fatalities) for e in events] == [
        ("2025-03-09", "place:pk-kp-datta-khel", 7)
    ]


def test_grouping_a_headline_place_does_not_part_a_body_village_from_its_incident():
    title = "Six policemen martyred as suicide bomber hits patrol in Dera Ismail Khan"
    text = (
        "PESHAWAR: Six policemen embraced martyrdom and four others were wounded when a "
        "suicide bomber rammed his car into a police patrol in the Kulachi area of Dera Ismail "
        "Khan district on Tuesday, officials said."
    )
    doc = Document(id="d", title=title, text=text, published=date(2025, 3, 12))
    events = extract(doc).events
    assert [(e.date, e.location, e.fatalities) for e in events] == [
        ("2025-03-11", "place:pk-kp-kulachi", 6)
    ]


@pytest.mark.parametrize(
    "text,toll",
    [
        (
            "Several people were feared killed when a bomb struck a bus in Kurram on Monday. "
            "Officials later said nine passengers had been killed in the blast.",
            9,
        ),
        ("Dozens of people were killed when a bomb struck a market in Kurram on Monday.", None),
    ],
)
def test_grouping_an_exact_toll_wins_over_a_vague_one(text, toll):
    events = _events(text)
    assert len(events) == 1
    if toll is not None:
        assert events[0].fatalities == toll
    else:
        assert events[0].fatalities is not None


@pytest.mark.parametrize(
    "text",
    [
        "A policeman lost his life when gunmen attacked a checkpoint in Tank on Monday.",
        "A soldier embraced shahadat during an exchange of fire with militants in Kurram on "
        "Monday, the military said.",
    ],
)
def test_grouping_one_person_dying_is_a_toll_of_one(text):
    assert [e.fatalities for e in _events(text)] == [1]


@pytest.mark.parametrize(
    "text,published,expected",
    [
        (
            "Two policemen were killed when gunmen opened fire on their patrol in Tank on Monday. "
            "Attacks on police stations in the southern districts have risen since militants "
            "called off a truce in November 2022.",
            date(2025, 3, 9),
            ("2025-03-03", 2),
        ),
        # Without the trend cue, the second paragraph became an attack in Pakistan in
        # August of the year before.
        (
            "Three Levies men were killed on Sunday when gunmen fired on their checkpost in Zhob "
            "district, officials said.\n\nAttacks on security forces across the country have "
            "grown since the Taliban took over Kabul in August last year.",
            date(2023, 2, 6),
            ("2023-02-05", 3),
        ),
    ],
)
def test_grouping_a_trend_of_attacks_is_no_incident(text, published, expected):
    assert [(e.date, e.fatalities) for e in _events(text, published)] == [expected]


@pytest.mark.parametrize(
    "text,toll",
    [
        (
            "Mortar shells fired across the border struck a house in Kurram on Monday, killing "
            "a man and three children, officials said.",
            4,
        ),
        (
            "A policeman was martyred and two suspects were arrested after a raid in Tank on "
            "Monday, police said.",
            1,
        ),
    ],
)
def test_grouping_a_verb_before_one_person_and_a_figure_counts_both(text, toll):
    assert [e.fatalities for e in _events(text)] == [toll]


@pytest.mark.parametrize(
    "text",
    [
        "TURBAT: Gunmen stormed a Levies post in Buleda on Saturday night, killing two "
        "personnel, officials said. Earlier on Saturday, a roadside bomb hit a vehicle of the "
        "assistant commissioner of Panjgur district, wounding four guards.",
        "TURBAT: Gunmen stormed a Levies post in Buleda on Saturday night, killing two "
        "personnel, officials said. Earlier in the day, a roadside bomb hit a vehicle of the "
        "assistant commissioner of Panjgur district, wounding four guards.",
    ],
)
def test_grouping_another_incident_told_as_earlier_that_day_stays_apart(text):
    events = _events(text, published=date(2025, 3, 9))
    assert [(e.kind, e.date, e.location) for e in events] == [
        ("Attack", "2025-03-08", "place:pk-ba-buleda"),
        ("Bombing", "2025-03-08", "place:pk-ba-panjgur"),
    ]


def test_grouping_the_day_the_account_gives_inside_a_coarser_date_dates_the_incident():
    text = (
        "QUETTA: A government engineer abducted by gunmen in Kalat earlier this week has been "
        "found dead, officials said on Friday.\n\n"
        "According to the officials, six armed men stopped the engineer's jeep near Mangochar "
        "on the evening of May 13, as he returned from a site visit."
    )
    events = _events(text, published=date(2025, 5, 16))
    assert [e.date for e in events] == ["2025-05-13"]


def test_grouping_a_day_told_after_an_older_year_dates_the_clause_incident():
    text = (
        "PESHAWAR: A tribal elder, acquitted of a murder in Bara in 2019, was wounded when "
        "gunmen opened fire on his car on Tuesday, police said."
    )
    events = _events(text, published=date(2025, 5, 15))
    assert [(e.kind, e.date, e.background) for e in events] == [("Attack", "2025-05-13", False)]


@pytest.mark.parametrize(
    "tail",
    [
        "Militants have stepped up their attacks since the ceasefire ended in October.",
        "Insurgents in the province have intensified their violence since talks broke down in "
        "September.",
    ],
)
def test_grouping_a_campaign_stepped_up_since_a_month_is_no_incident(tail):
    text = (
        "QUETTA: A bomb planted on a motorcycle went off in a market in Kohlu on Saturday, "
        "killing three people, police said. " + tail
    )
    events = _events(text, published=date(2025, 3, 9))
    assert [(e.kind, e.date) for e in events] == [("Bombing", "2025-03-08")]


def test_grouping_an_incident_recalled_from_earlier_in_the_month_or_year_is_background():
    text = (
        "GWADAR: Gunmen attacked a fishermen's jetty in Pasni on Sunday, killing three "
        "workers, police said.\n\n"
        "Earlier in August, armed men set fire to two trucks on the coastal highway near "
        "Ormara, killing a driver.\n\n"
        "Earlier this year, a constable was killed and two others were hurt when a suicide "
        "bomber targeted a police mobile in Gwadar."
    )
    events = _events(text, published=date(2025, 8, 25))
    assert [(e.kind, e.date, e.background) for e in events] == [
        ("Attack", "2025-08-24", False),
        ("Attack", "2025-08", True),
        ("SuicideBombing", "2025", True),
    ]


def test_grouping_what_an_operation_s_targets_had_done_is_no_incident_of_its_own():
    text = (
        "On Tuesday, gunmen fired on a Levies patrol near Mashkel, martyring two men, officials "
        "said.\n\n"
        "In the second incident, on Monday, troops carried out an intelligence-based operation "
        "against a hideout near Dalbandin. The militants there had attacked passing convoys "
        "and planted IEDs on the road. Three militants were killed."
    )
    events = _events(text, published=date(2025, 3, 12))
    assert [(e.kind, e.date, e.fatalities) for e in events] == [
        ("Attack", "2025-03-11", 2),
        ("MilitaryOperation", "2025-03-10", 3),
    ]


def test_grouping_two_separate_incidents_told_in_turn_are_two_events():
    text = (
        "QUETTA: Three soldiers were martyred and five terrorists killed in two separate "
        "incidents in Balochistan, the military said.\n\n"
        "On Sunday, terrorists fired on a patrol in the Parom area of Panjgur district, "
        "martyring three soldiers.\n\n"
        "In the second incident, on Saturday, security forces conducted an operation against a "
        "hideout near Kahan in Kohlu district. Five terrorists were killed."
    )
    doc = Document(
        id="d",
        title="Three soldiers martyred in Panjgur; five terrorists killed in Kohlu",
        text=text,
        published=date(2025, 3, 10),
    )
    events = extract(doc).events
    assert [(e.kind, e.date) for e in events] == [
        ("Attack", "2025-03-09"),
        ("MilitaryOperation", "2025-03-08"),
    ]


def test_grouping_a_headline_part_of_another_family_adds_nothing_to_the_toll():
    doc = Document(
        id="d",
        title="Gunmen kill 2 Levies men in Kalat; 9 militants die in army raid",
        text=(
            "QUETTA: Gunmen attacked a Levies post in Kalat district on Monday, killing two "
            "personnel, officials said."
        ),
        published=date(2025, 3, 11),
    )
    events = extract(doc).events
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 2)]


def test_grouping_outlets_reporting_a_death_are_no_casualty_figure():
    text = (
        "LAHORE: Two traders were critically wounded when gunmen opened fire on them in "
        "Shahdara on Sunday, police said. Several news outlets reported that they had died, but "
        "police said both were alive."
    )
    events = _events(text, published=date(2025, 3, 11))
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 0)]


@pytest.mark.parametrize(
    "text",
    [
        "LAKKI MARWAT: Attacks on police checkpoints in the Tajazai area claimed the lives of "
        "two constables, officials said.",
        "LAKKI MARWAT: Attacks on police checkpoints in the Tajazai area on Sunday claimed the "
        "lives of two constables, officials said.",
    ],
)
def test_grouping_bare_plural_attacks_that_took_lives_are_an_incident(text):
    events = _events(text, published=date(2025, 3, 11))
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 2)]


def test_grouping_a_claim_sent_to_the_media_a_day_later_is_the_same_incident():
    text = (
        "HYDERABAD: A bomb fixed to a motorcycle went off near a railway crossing in Latifabad "
        "late on Tuesday, wounding four people. A separatist group claimed the blast in a "
        "statement sent to the media on Wednesday morning."
    )
    events = _events(text, published=date(2025, 3, 13))
    assert [(e.kind, e.date) for e in events] == [("Bombing", "2025-03-11")]


@pytest.mark.parametrize(
    "tail",
    [
        "Three policemen were martyred, and IEDs, rifles and ammunition were recovered.",
        "Three policemen were martyred, and police later recovered two IEDs and a rifle.",
        "Three policemen were martyred and a cache of IEDs was seized.",
        # a long list of items found, a vest among them
        "Three policemen were martyred. A suicide jacket, four hand grenades, two Kalashnikov "
        "rifles, 300 rounds of ammunition and a quantity of explosives were recovered.",
        "Three policemen were martyred. A suicide jacket and a rifle were found on the body "
        "of one attacker.",
    ],
)
def test_grouping_bombs_recovered_after_a_shooting_make_no_bombing(tail):
    text = (
        "PESHAWAR: Gunmen fired on a police post in the Datta Khel area of North Waziristan on "
        "Sunday, police said. " + tail
    )
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 3)]


def test_grouping_the_parts_of_a_round_up_of_the_forces_encounters_are_operations():
    text = (
        "RAWALPINDI: Security forces killed seven terrorists in three separate encounters in "
        "Balochistan on Monday, the ISPR said.\n\n"
        "Zhob: The first encounter took place near Sambaza, where troops killed four "
        "terrorists.\n\n"
        "Kech: In the second encounter, in the Buleda area, two terrorists were killed in an "
        "exchange of fire.\n\n"
        "Kalat: In the third encounter, security forces killed one terrorist near Mangochar."
    )
    events = _events(text, published=date(2025, 3, 11))
    assert [(e.kind, e.fatalities) for e in events] == [
        ("MilitaryOperation", 4),
        ("MilitaryOperation", 2),
        ("MilitaryOperation", 1),
    ]


def test_grouping_an_operation_launched_after_an_attack_with_its_own_toll_is_its_own():
    text = (
        "RAWALPINDI: Five soldiers were martyred when a suicide bomber rammed an "
        "explosive-laden car into a military convoy in the Spinwam area of North Waziristan, "
        "the ISPR said on Monday.\n\n"
        "Following the attack, troops launched a clearance operation in the area, and nine "
        "terrorists were killed in the ensuing exchange of fire, the statement said."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.fatalities) for e in events] == [
        ("SuicideBombing", 5),
        ("MilitaryOperation", 9),
    ]


def test_grouping_a_headline_figure_the_body_tells_of_another_incident_is_that_one_s():
    doc = Document(
        id="d",
        title="Five soldiers martyred in Spinwam suicide attack, nine terrorists killed after",
        text=(
            "RAWALPINDI: Five soldiers were martyred when a suicide bomber rammed an "
            "explosive-laden car into a military convoy in the Spinwam area of North "
            "Waziristan, the ISPR said on Monday.\n\n"
            "Following the attack, troops launched a clearance operation in the area, and nine "
            "terrorists were killed in the ensuing exchange of fire, the statement said."
        ),
        published=date(2025, 3, 10),
    )
    events = extract(doc).events
    assert [(e.kind, e.fatalities) for e in events] == [
        ("SuicideBombing", 5),
        ("MilitaryOperation", 9),
    ]


def test_grouping_a_paragraph_ending_no_one_was_reported_hurt_tolls_nobody():
    text = (
        "KOHAT: Around midnight on Friday, armed men crept up to a police post in the Lachi area "
        "and opened fire on the sentry.\n\n"
        "The constable fired back. Police spokesman Ali Khan said the attackers used rockets "
        "but withdrew when reinforcements reached the post. No one was reported hurt."
    )
    events = _events(text, published=date(2025, 3, 10))
    assert [(e.kind, e.fatalities) for e in events] == [("Attack", 0)]


@pytest.mark.parametrize(
    "text,figures",
    [
        ("Sub-Inspector Gul Zaman was martyred near the bazaar.", [("killed", 1)]),
        ("The driver, constable Nadeem Akhtar, was wounded in the firing.", [("injured", 1)]),
        ("Head Constable Saifullah was shot dead outside his house.", [("killed", 1)]),
        ("The constable said his brother was killed.", []),
    ],
)
def test_grouping_one_person_named_after_a_rank_is_one_figure(text, figures):
    assert [(c.outcome, c.count.value) for c in find_casualties(text)] == figures


def test_grouping_operations_told_over_the_last_days_take_the_month_of_that_span():
    text = (
        "Security forces killed 11 militants in two operations in Khyber Pakhtunkhwa, the "
        "military said on Thursday. The operations were conducted over the past three days. "
        "In Kurram district, troops raided a hideout and killed seven militants. In a separate "
        "operation in Tank district, four militants were killed."
    )
    events = _events(text, published=date(2025, 4, 17))
    assert events
    assert {e.date for e in events} == {"2025-04"}


@pytest.mark.parametrize(
    "text",
    [
        "QUETTA: Levies repulsed an attack on a checkpoint in Zhob district on Monday, killing "
        "two militants. The Levies had foiled three earlier attacks on the same post, an "
        "official said.",
        "BANNU: Gunmen attacked a police station in Domel on Monday, injuring a constable. "
        "Police said militants had carried out four earlier attacks on the station.",
    ],
)
def test_grouping_a_tally_of_earlier_attacks_is_no_incident(text):
    events = _events(text, published=date(2025, 3, 4))
    assert len(events) == 1
    assert events[0].date == "2025-03-03"


def test_grouping_an_earlier_attack_told_alone_is_an_incident():
    text = (
        "PESHAWAR: Militants attacked a police checkpost in Lakki Marwat on Monday, killing a "
        "constable. In an earlier attack on Saturday, gunmen killed two policemen in Karak."
    )
    events = _events(text, published=date(2025, 3, 4))
    assert sorted(e.date for e in events) == ["2025-03-01", "2025-03-03"]


def test_grouping_a_recalled_operation_keeps_the_place_its_own_sentence_names():
    text = (
        "PESHAWAR, August 12 — Gunmen opened fire on a police van in Lakki Marwat district on "
        "Tuesday, killing two constables. Earlier this month, the military said soldiers had "
        "killed 12 militants who were trying to sneak into South Waziristan from Afghanistan."
    )
    events = _events(text, published=date(2025, 8, 12))
    recalled = [e for e in events if e.fatalities == 12]
    assert len(recalled) == 1
    assert recalled[0].location == "place:pk-kp-south-waziristan"
    assert recalled[0].targets == []


def test_grouping_an_encounter_told_hours_earlier_is_an_incident_of_its_own():
    text = (
        "LARKANA: Police killed three robbers in an exchange of fire near Ratodero, a police "
        "spokesman said on Tuesday. The robbers had opened fire on a police patrol. Hours "
        "earlier, another robber was killed in a police encounter in the same area, officials "
        "said."
    )
    events = _events(text, published=date(2025, 6, 10))
    assert len(events) == 2


def test_grouping_a_raid_told_as_the_previous_day_is_the_day_before_the_day_named():
    text = (
        "QUETTA: Balochistan has seen a rise in militancy this year, officials say. Speaking "
        "to journalists in Quetta on Tuesday, the provincial police chief gave details. He "
        "described the raid his officers carried out the previous day in Pishin, where three "
        "suspected militants were killed."
    )
    events = _events(text, published=date(2025, 9, 18))
    assert [(e.date, e.fatalities) for e in events] == [("2025-09-15", 3)]


# -- a round-up of operations told part by part ---------------------------------------------

_ROUND_UP = (
    "PESHAWAR: A policeman was martyred in a bomb blast in Bajaur district, while security "
    "forces killed four terrorists in two separate intelligence-based operations in the Lakki "
    "Marwat and Khyber districts, the ISPR said on Wednesday.\n\n"
    "Troops conducted an IBO in the general area of Serai Naurang in Lakki Marwat district on "
    "March 3, 2024, and three terrorists were killed in an exchange of fire.\n\n"
    "In a second operation, in the general area of Bara in Khyber, the troops killed one more "
    "terrorist. Arms were recovered from all four dead men, the statement said.\n\n"
    "Separately, a constable embraced martyrdom when an improvised explosive device went off "
    "in the Khar area of Bajaur."
)


def test_each_operation_of_a_round_up_is_the_forces_operation_and_keeps_its_own_day():
    events = _events(_ROUND_UP, date(2024, 3, 6))
    operations = sorted(
        (e.date, e.fatalities, e.perpetrator) for e in events if e.kind == "MilitaryOperation"
    )
    assert operations == [
        ("2024-03", 1, "actor:security-forces"),
        ("2024-03-03", 3, "actor:security-forces"),
    ]


def test_a_blast_told_apart_after_a_round_up_is_the_blast_the_lead_told():
    events = _events(_ROUND_UP, date(2024, 3, 6))
    assert len(events) == 3
    assert [e.kind for e in events].count("Bombing") == 1


def test_grouping_a_headline_that_tells_only_a_toll_takes_the_kind_the_body_tells():
    # killed by their own side's fire in the forces' raid: the raid is the event
    title = "Four militants killed by own comrades' fire in Punjab"
    text = (
        "BHAKKAR: Four militants were killed by the fire of their own accomplices during a "
        "shootout with counter-terrorism police near a canal in Bhakkar district on Sunday, "
        "officials said.\n\n"
        "A spokesman said the intelligence-based operation was launched on information that "
        "militants were hiding in the area. The militants opened fire when the team arrived."
    )
    document = Document(id="d", text=text, title=title, published=date(2025, 3, 10))
    events = extract(document).events
    assert [(e.kind, e.fatalities) for e in events] == [("MilitaryOperation", 4)]


# -- the blasts of one bombing counted again ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Two bombs went off outside a police post in Bannu on Friday, killing four constables. "
        "Shopkeepers nearby said they heard three blasts in quick succession.",
        "A suicide bomber struck a paramilitary camp in Khar on Friday, killing six soldiers. "
        "Witnesses said two blasts shook the camp minutes apart.",
    ],
)
def test_grouping_counted_blasts_after_a_bombing_are_its_parts(text):
    # A count of blasts told after a bombing is how many went off in it, not a round-up of
    # bombings elsewhere.
    [event] = _events(text)
    assert event.date == "2025-03-07"


def test_grouping_counted_blasts_elsewhere_or_another_day_stay_apart():
    text = (
        "Two bombs went off outside a police post in Bannu on Friday, killing four constables. "
        "On Tuesday, three blasts had hit markets in Quetta, killing nine people."
    )
    assert len(_events(text)) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "Two bombs went off outside a police post in Bannu on Friday, killing four constables. "
        "The provincial government on Saturday set up a three-member committee to probe the blasts.",
        "Gunmen attacked a checkpoint in Tank on Friday, killing two policemen. The inspector "
        "general on Saturday formed a committee to investigate the attack.",
    ],
)
def test_grouping_a_body_set_up_to_probe_an_incident_tells_no_incident(text):
    # The day a committee or team was set up to probe an incident is not another incident.
    [event] = _events(text)
    assert event.date == "2025-03-07"


# -- one incident restated in a later sentence ----------------------------------------------


def test_a_later_sentence_about_the_same_blast_is_no_second_event():
    """An analysis tells a blast, recalls an older one, then comes back to the first ("the two
    blasts were alike"): the sentence restates the first blast, it is no new event."""
    text = (
        "NOWSHERA: On Friday, a bomb hidden under a culvert on the Pabbi road in Nowshera went "
        "off as a police van drove past. Two passers-by were killed. Two years earlier, on May "
        "3, 2023, a bomb beside a police post outside Charsadda killed a constable. The two "
        "blasts were alike: bombs hidden where police vans pass, set off from a distance."
    )
    found = [(e.kind, e.date, e.fatalities, e.background) for e in _events(text)]
    assert found == [("Bombing", "2025-03-07", 2, False), ("Attack", "2023-05-03", 1, True)]


def _record(n: int, kind: str, where: str, toll: int | None, **fields):
    from kg.core.model import EventRecord, Evidence

    evidence = [Evidence(doc_id="d", sentence=f"sentence {n}", start=10 * n, end=10 * n + 9)]
    return EventRecord(
        id=f"d/event/{n}",
        kind=kind,
        evidence=evidence,
        date=fields.pop("date", "2025-03-07"),
        location=where,
        fatalities=toll,
        **fields,
    )


_RESTATED_PLACES = {
    "place:pk": ("Country", None),
    "place:pk-kp": ("Province", "place:pk"),
    "place:pk-kp-mardan": ("District", "place:pk-kp"),
    "place:pk-kp-swabi": ("District", "place:pk-kp"),
    "place:pk-kp-katlang": ("City", "place:pk-kp-mardan"),
}


@pytest.mark.parametrize(
    "first,second,kept",
    [
        # a less exact word for the same blast, at the district around the town: folded in
        (("Bombing", "place:pk-kp-katlang", 2), ("SuicideBombing", "place:pk-kp-mardan", None), 1),
        # the province is no spot; another district; its own toll; another day
        (("Bombing", "place:pk-kp", 2), ("Bombing", "place:pk-kp", None), 2),
        # two parts of a round-up told of one district
        (("Attack", "place:pk-kp-mardan", 2), ("Attack", "place:pk-kp-mardan", None), 2),
        (("Bombing", "place:pk-kp-katlang", 2), ("Bombing", "place:pk-kp-swabi", None), 2),
        (("Bombing", "place:pk-kp-katlang", 2), ("Bombing", "place:pk-kp-katlang", 1), 2),
        # no dead in the first: nothing tells which record is the incident
        (("Bombing", "place:pk-kp-katlang", 0), ("Bombing", "place:pk-kp-katlang", None), 2),
        # another kind of incident
        (("Bombing", "place:pk-kp-katlang", 2), ("Kidnapping", "place:pk-kp-katlang", None), 2),
    ],
    ids=["restated", "province", "district", "other-district", "own-toll", "no-dead", "other-kind"],
)
def test_merge_restatements_folds_only_a_record_that_adds_nothing(first, second, kept):
    from kg.extract.restatements import merge_restatements

    records = [_record(1, *first), _record(2, *second)]
    merged = merge_restatements(records, _RESTATED_PLACES)
    assert len(merged) == kept
    if kept == 1:
        assert merged[0].kind == first[0] and merged[0].fatalities == first[2]
        assert [e.start for e in merged[0].evidence] == [10, 20]


def test_merge_restatements_leaves_a_record_with_a_victim_or_two_hosts():
    from kg.extract.restatements import merge_restatements

    host = _record(1, "Attack", "place:pk-kp-katlang", 3, targets=["actor:kp-police"])
    victim = _record(2, "Attack", "place:pk-kp-katlang", None, targets=["actor:civilians"])
    assert len(merge_restatements([host, victim], _RESTATED_PLACES)) == 2
    other = _record(2, "Attack", "place:pk-kp-katlang", 2)
    told = _record(3, "Attack", "place:pk-kp-mardan", None)
    assert len(merge_restatements([host, other, told], _RESTATED_PLACES)) == 3
    assert [r.id for r in merge_restatements([host, told], _RESTATED_PLACES)] == ["d/event/1"]


@pytest.mark.parametrize(
    "injured,kept",
    [(None, 1), (4, 2)],
    ids=["no-dead-no-wounded", "own-wounded"],
)
def test_merge_restatements_folds_a_record_with_no_dead_of_its_own(injured, kept):
    """A later sentence that tells no death has a toll of 0, and tells no dead of its own: it
    restates the incident that gives them; one that counts its own wounded may be another."""
    from kg.extract.restatements import merge_restatements

    host = _record(1, "Bombing", "place:pk-kp-katlang", 3)
    told = _record(2, "Bombing", "place:pk-kp-katlang", 0, injured=injured)
    assert len(merge_restatements([host, told], _RESTATED_PLACES)) == kept
