"""What an incident cost: the death toll read from how a report counts its dead."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.numbers import find_counts

PUBLISHED = date(2024, 6, 9)  # a Sunday


def _events(text: str, published: date | None = PUBLISHED):
    return extract(Document("t", text, published=published)).events


@pytest.mark.parametrize(
    "text",
    [
        "SIBI: Two Levies personnel were wounded when militants attacked a Levies post in Sibi "
        "on Saturday night. The guards returned fire and a number of the attackers were killed "
        "or wounded, officials said.",
        "TURBAT: Gunmen raided a customs checkpoint near Turbat on Saturday, wounding three "
        "officials. Several of the raiders were killed or injured in the exchange of fire, "
        "police said.",
    ],
)  # fmt: skip
def test_dead_or_wounded_left_open_is_no_death(text):
    (event,) = _events(text)
    assert event.fatalities == 0


def test_a_figure_killed_or_wounded_is_no_death_toll():
    text = (
        "KHUZDAR: Militants stormed a police station in Khuzdar on Saturday, and some 15 "
        "policemen were killed or injured, a district official said."
    )
    (event,) = _events(text)
    assert event.fatalities is None


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("NOSHKI: A Levies sepoy and a shopkeeper were martyred when gunmen opened fire on a "
         "checkpoint in Noshki on Saturday, police said.", 2),
        ("PESHAWAR: A traffic warden and a passer-by were killed when unidentified men fired on "
         "a police post in Peshawar on Saturday.", 2),
        ("BANNU: An FC soldier and a local elder have been killed in a bomb attack on a "
         "market in Bannu on Saturday, officials said.", 2),
    ],
)  # fmt: skip
def test_two_people_told_one_by_one_are_two_dead(text, toll):
    (event,) = _events(text)
    assert event.fatalities == toll


def _titled(title: str, body: str):
    return extract(Document("t", body, title=title, published=PUBLISHED)).events


def test_more_dead_in_a_headline_counts_on_from_an_earlier_report():
    events = _titled(
        "Three more militants killed in Zhob clearance operation",
        "ZHOB: Security forces killed three militants during a clearance operation in the "
        "Sambaza area of Zhob on Saturday, the ISPR said. The three were hiding in a compound "
        "and opened fire on the troops.",
    )
    assert [e.fatalities for e in events] == [3]


def test_a_total_over_two_operations_is_no_one_operation_toll():
    events = _titled(
        "11 militants killed in two operations in northwest Pakistan",
        "ISLAMABAD, June 8 -- Pakistani security forces killed 11 militants in two separate "
        "operations in the northwestern Khyber Pakhtunkhwa province, the military said on "
        "Saturday. The operations were carried out on June 6 and 7 against militants of the "
        "banned TTP, the military said in a statement. The first operation was launched on a "
        "tip-off about militants in Khyber district, where five militants were killed in an "
        "exchange of fire, the statement said. In another operation in Lakki Marwat district, "
        "security forces killed six militants and recovered weapons.",
    )
    assert sorted(e.fatalities for e in events) == [5, 6]


def test_wounded_told_in_the_narration_alone_cost_no_life():
    (event,) = _events(
        "KARAK: Militants attacked a police checkpost in Karak late on Saturday, firing rockets "
        "and throwing grenades at it, police said. Three constables received minor wounds. "
        "The men at the post answered with heavy fire and the attackers withdrew into the hills."
    )
    assert event.fatalities == 0


@pytest.mark.parametrize(
    "text",
    [
        "DIR: A bank manager was killed when gunmen opened fire on his car in Timergara on "
        "Saturday, police said.",
        "GWADAR: Unidentified men shot dead a road contractor near Gwadar on Saturday, "
        "officials said.",
    ],
)  # fmt: skip
def test_a_manager_or_contractor_killed_is_one_dead(text):
    (event,) = _events(text)
    assert event.fatalities == 1


@pytest.mark.parametrize(
    "text",
    [
        "KOHAT: Gunmen opened fire on a shopkeeper in the Saddar bazaar of Kohat on Saturday, "
        "killing him on the spot, police said.",
        "HANGU: Gunmen stopped a school principal outside his house in Hangu on Saturday and "
        "shot him dead before fleeing, police said.",
    ],
)  # fmt: skip
def test_the_one_person_killed_named_again_by_a_pronoun_is_one_dead(text):
    [event] = _events(text)
    assert event.fatalities == 1


def test_the_one_person_wounded_named_by_a_pronoun_is_no_death():
    text = (
        "MARDAN: Gunmen fired at a trader in the main bazaar of Mardan on Saturday, wounding "
        "him, police said."
    )
    [event] = _events(text)
    assert event.fatalities == 0


@pytest.mark.parametrize(
    "text",
    [
        "WANA: Security forces raided a hideout near Wana on Saturday and killed a suicide "
        "bomber, the military said.",
        "ZHOB: Levies personnel repulsed an attack on their post in Zhob on Saturday, killing "
        "a gunman, officials said.",
    ],
)  # fmt: skip
def test_one_militant_killed_told_by_a_singular_noun_is_one_dead(text):
    [event] = _events(text)
    assert event.fatalities == 1


def test_one_attacker_killed_told_with_an_aside_adds_to_the_dead():
    text = (
        "SUKKUR: Two policemen were martyred when bandits attacked a police post near Sukkur "
        "on Saturday. One of the bandits, identified as Rasool Bux, was killed in the return "
        "fire, police said."
    )
    [event] = _events(text)
    assert event.fatalities == 3


def test_dacoits_killed_are_counted_with_the_police_they_fought():
    text = (
        "SHIKARPUR: Two policemen were martyred and three dacoits were killed in an exchange "
        "of fire near Shikarpur on Saturday, police said."
    )
    [event] = _events(text)
    assert event.fatalities == 5


@pytest.mark.parametrize(
    "text",
    [
        "TANK: A constable of the district police was martyred and two others were wounded "
        "when gunmen attacked a checkpoint in Tank on Saturday, officials said.",
        "PANJGUR: A soldier of the Frontier Corps was martyred when militants fired on a "
        "patrol near Panjgur on Saturday, the military said.",
    ],
)  # fmt: skip
def test_one_person_killed_named_with_the_body_they_belong_to_is_one_dead(text):
    [event] = _events(text)
    assert event.fatalities == 1


# -- Ages in apposition, and the soldiers an operation cost ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Havildar Gul Nawaz, 38, of District Chakwal, was martyred",
        "Naik Sher Afzal, 34, and Sepoy Abdul Wahid, 22, were martyred",
        "Major Tariq Mehmood, 41, who commanded the post, embraced martyrdom",
        "the shopkeeper, aged 52, died on the spot",
        "Sepoy Asif Ali, 24, a resident of Okara, fell in the attack.",
    ],
)  # fmt: skip
def test_an_age_after_a_name_is_no_head_count(text):
    assert find_counts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In Kurram, 12 people were killed",
        "Muhammad said 16 of the wounded were treated",
        "In Kohat, 12, including two constables, were wounded",
    ],
)  # fmt: skip
def test_a_count_after_a_name_or_place_is_still_a_count(text):
    assert find_counts(text)


@pytest.mark.parametrize(
    "text",
    [
        "MIRANSHAH: Militants attacked a checkpost in Datta Khel on Saturday. Havildar Gul "
        "Nawaz, 38, of District Chakwal, fought bravely and was martyred in the attack, the "
        "military said.",
        "MIRANSHAH: Militants attacked a checkpost in Datta Khel on Saturday. Captain Faisal "
        "Rehman, 27, of Sialkot, who was leading the quick reaction force, embraced martyrdom "
        "in the attack, the military said.",
    ],
)  # fmt: skip
def test_a_named_soldier_given_with_his_age_is_one_dead_not_his_age(text):
    (event,) = _events(text)
    assert event.fatalities == 1


def test_soldiers_who_fell_in_each_part_of_a_round_up_add_to_that_part():
    text = (
        "RAWALPINDI: Security forces killed seven terrorists in two separate operations in "
        "Khyber Pakhtunkhwa on Thursday, the military said on Saturday. In the first, an "
        "intelligence-based operation was conducted in the general area of Mir Ali in North "
        "Waziristan District. Troops engaged the terrorists' location effectively, killing four "
        "terrorists. Naik Zafar Iqbal, 31, of Attock, fought gallantly and was martyred during "
        "the operation. In the second action, in the general area of Sararogha in South "
        "Waziristan District, three terrorists were sent to hell. Lance Naik Amjad Ali, 26, of "
        "Mardan, embraced martyrdom in the exchange of fire."
    )
    events = _events(text)
    assert sorted((e.kind, e.fatalities) for e in events) == [
        ("MilitaryOperation", 4),
        ("MilitaryOperation", 5),
    ]


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("SPINWAM: A captain and two soldiers embraced martyrdom when militants attacked a "
         "patrol near Spinwam on Saturday, the military said.", 3),
        ("SPINWAM: A lieutenant colonel and three soldiers were martyred when militants "
         "ambushed a convoy near Spinwam on Saturday, the military said.", 4),
        ("SPINWAM: A policeman and three militants were killed in an exchange of fire near "
         "Spinwam on Saturday, officials said.", 4),
    ],
)  # fmt: skip
def test_one_person_told_before_a_figure_is_one_more(text, toll):
    (event,) = _events(text)
    assert event.fatalities == toll


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("LORALAI: Five members of one family were killed when a mortar shell hit their house "
         "in Loralai on Saturday, officials said.", 5),
        ("LORALAI: Three members of one household were killed and a fourth was injured in a "
         "blast in a village of Loralai on Saturday, officials said.", 3),
    ],
)  # fmt: skip
def test_members_of_one_family_are_counted_by_their_number(text, toll):
    (event,) = _events(text)
    assert event.fatalities == toll


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("DATTA KHEL: Militants ambushed a patrol near Datta Khel on Saturday. Havildar Noor "
         "Zaman, 36, Naik Saeed Akbar, 29, and Sepoy Waqas Ahmed, 21, were martyred, the "
         "military said.", 3),
        ("DATTA KHEL: Militants ambushed a patrol near Datta Khel on Saturday. Subedar Amanat "
         "Ali, Lance Naik Bilal and sepoys Junaid, Kamran and Usman were martyred in the "
         "ambush, the military said.", 5),
        ("DATTA KHEL: Militants ambushed a patrol near Datta Khel on Saturday. Two soldiers, "
         "Naik Bilal Khan and Sepoy Usman Ghani, were martyred in the ambush, the military "
         "said.", 2),
    ],
)  # fmt: skip
def test_people_named_one_by_one_are_counted(text, toll):
    (event,) = _events(text)
    assert event.fatalities == toll


@pytest.mark.parametrize(
    "context",
    [
        "The ambush came at the end of a year in which militants killed more than 500 civilians "
        "across the country.",
        "It capped a month in which insurgents killed 42 policemen in the province.",
        "The attack opened the new year after a year that saw 700 people killed in violence.",
    ],
    ids=["year-in-which", "month-in-which", "year-that-saw"],
)
def test_extract_tolls_a_count_over_a_period_is_no_toll_of_the_incident(context):
    """ "A year in which militants killed more than 500": a figure of the period the incident
    came at the end of, not its toll."""
    text = f"Gunmen fired on a police van in Tank on Saturday, wounding two constables. {context}"
    [event] = extract(Document("t", text, published=date(2025, 1, 5))).events
    assert event.fatalities == 0  # only the wounded are told


@pytest.mark.parametrize(
    "text",
    [
        "SUKKUR: Two men on a motorcycle fired on a rickshaw near Sukkur on Saturday, killing "
        "the driver, police said.",
        "MARDAN: Gunmen opened fire on a grocery shop in Mardan on Saturday and killed the "
        "shopkeeper before escaping, police said.",
    ],
    ids=["killing-the-driver", "killed-the-shopkeeper"],
)
def test_one_person_killed_named_by_the_is_one_dead(text):
    """ "Killing the driver": the one person a clause names with "the" is one dead, as "a
    driver" is."""
    (event,) = _events(text)
    assert event.fatalities == 1


@pytest.mark.parametrize(
    "text",
    [
        "HUB: Militants attacked a police checkpost in Hub on Saturday night. The constable "
        "was shot dead before the attackers fled, officials said.",
        "LORALAI: A grenade was hurled at a Levies post in Loralai on Saturday. Their guard "
        "was killed on the spot, officials said.",
    ],
    ids=["the-constable-was-shot-dead", "their-guard-was-killed"],
)
def test_one_person_named_by_the_or_a_possessive_then_killed_is_one_dead(text):
    (event,) = _events(text)
    assert event.fatalities == 1


@pytest.mark.parametrize(
    "text",
    [
        "MARDAN: A bomb planted on a motorcycle went off in a Mardan bazaar on Saturday. A "
        "shopkeeper standing outside his shop died on the spot, police said.",
        "KHARAN: Gunmen attacked a mobile tower site in Kharan on Saturday. A watchman "
        "guarding the site later died of his wounds, officials said.",
    ],
    ids=["standing-outside-died", "guarding-later-died"],
)
def test_one_person_told_with_what_he_was_doing_then_died_is_one_dead(text):
    """ "A shopkeeper standing outside his shop died": the words of what the one person was
    doing stand between him and his death."""
    (event,) = _events(text)
    assert event.fatalities == 1


@pytest.mark.parametrize(
    "text",
    [
        "BANNU: Gunmen stormed the house of a police inspector in Bannu on Saturday and killed "
        "his nephew, police said.",
        "KHUZDAR: Armed men fired on a shop in Khuzdar on Saturday, killing Abdul Ghani, a "
        "local trader, police said.",
    ],
    ids=["killed-his-nephew", "killing-name-a-trader"],
)
def test_one_kinsman_or_named_person_killed_is_one_dead(text):
    """ "Killed his nephew", "killing Abdul Ghani, a local trader": one dead."""
    (event,) = _events(text)
    assert event.fatalities == 1


def test_another_one_killed_adds_to_those_counted_before():
    text = (
        "JACOBABAD: Police shot dead two dacoits in an encounter near Jacobabad on Saturday "
        "night; another dacoit was killed as the gang fled, police said."
    )
    (event,) = _events(text)
    assert event.fatalities == 3


@pytest.mark.parametrize(
    "text",
    [
        "KHOST: A senior commander of the banned TTP was killed in a roadside blast in Khost on "
        "Saturday. Three other men, all of them his guards, died with him when the bomb "
        "hit their car, the group said.",
        "KHOST: A senior commander of the banned TTP was killed in a roadside blast in Khost on "
        "Saturday. Three other men, all of them his guards, died with him when the bomb "
        "hit their car. A spokesman for the group confirmed the four deaths.",
    ],
    ids=["others-died-with-him", "then-a-total"],
)
def test_others_who_died_with_the_one_named_add_him(text):
    """ "Three other men died with him" are three besides him: four dead, which a total
    told after them already holds."""
    (event,) = _events(text)
    assert event.fatalities == 4


@pytest.mark.parametrize(
    "text",
    [
        # an attack beaten back, the attackers' losses left without a figure
        "RAJANPUR: Police repulsed an attack by militants on a border check post in Rajanpur "
        "on Saturday night. The attackers fled after an hour-long exchange of fire and suffered "
        "heavy losses, a spokesman said.",
        # an abduction of which no death is told
        "KHUZDAR: Armed men kidnapped six road workers from a construction camp in Khuzdar "
        "district on Saturday, police said. Two of them were later freed.",
        # a grenade thrown, and nothing told of what it cost
        "Unknown men hurled a hand grenade at a bank in Panjgur on Saturday, police said.",
    ],
)  # fmt: skip
def test_an_incident_whose_words_tell_no_death_has_a_toll_of_zero(text):
    (event,) = _events(text)
    assert event.fatalities == 0


def test_a_part_of_a_wave_told_with_its_toll_has_no_toll_of_its_own():
    text = (
        "QUETTA: Militants carried out coordinated attacks across Balochistan on Saturday, "
        "killing at least 30 people. In Bela, attackers stormed a paramilitary camp. In Kalat, "
        "gunmen killed five policemen."
    )
    tolls = {e.location: e.fatalities for e in _events(text)}
    assert tolls == {"place:pk-ba": 30, "place:pk-ba-bela": None, "place:pk-ba-kalat": 5}


def test_an_incident_named_only_as_what_another_came_after_has_no_toll():
    text = (
        "QUETTA: A bomb blast at a vegetable market in Quetta on Saturday killed six people, "
        "police said. The blast came four days after gunmen hijacked a bus in the province."
    )
    assert [(e.kind, e.fatalities) for e in _events(text)] == [("Bombing", 6), ("Hijacking", None)]
