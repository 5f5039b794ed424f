"""Perpetrators as a reader sees them: who carried out an attack, on whose word."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract

PUBLISHED = date(2025, 1, 5)


def _events(text: str, published: date | None = PUBLISHED):
    return extract(Document("t", text, published=published)).events


@pytest.mark.parametrize(
    "text,perpetrator",
    [
        ("Five villagers were killed on Saturday when Afghan forces shelled homes near Chaman.", "actor:afghan-security-forces"),
        ("At least nine people were killed when missiles fired by the Indian military hit a village near Kotli on Saturday.", "actor:indian-armed-forces"),
        ("Twelve people were killed on Saturday as Pakistani jets carried out strikes on the Barmal district of Paktika.", "actor:pakistan-air-force"),
        ("Three protesters were killed in Muzaffarabad on Saturday when Rangers opened fire on a rally.", "actor:rangers"),
        # "opened fire" with a word between: the force still fired
        ("A shopkeeper was killed near Chaman on Saturday when Afghan forces opened indiscriminate fire on the town.", "actor:afghan-security-forces"),
        ("Two villagers died in Kotli on Saturday after Indian troops opened heavy fire across the Line of Control.", "actor:indian-armed-forces"),
        # passive, or "fire from": the force is still the one that fired
        ("A farmer was shot dead by Indian forces near the Line of Control in Kotli on Saturday, police said.", "actor:indian-armed-forces"),
        ("A boy was killed by mortar fire from Afghan forces in Chaman on Saturday, officials said.", "actor:afghan-security-forces"),
    ],
)  # fmt: skip
def test_extract_perpetrators_a_force_that_struck_is_the_perpetrator(text, perpetrator):
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == (perpetrator, "stated")


def test_extract_perpetrators_force_that_fired_outranks_a_group_blamed_in_general():
    text = (
        "Eight civilians were killed on Saturday when Pakistani warplanes bombed houses in Khost. "
        "Islamabad has accused the Taliban of sheltering the TTP, which it blames for attacks."
    )
    [event] = _events(text)
    assert event.perpetrator == "actor:pakistan-air-force"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead two teachers in Kurram on Saturday. Police launched a search operation for the gunmen.",
        "Militants attacked a checkpost in Bannu on Saturday, killing a soldier; troops returned fire.",
        "A bomb killed four policemen in Lakki Marwat on Saturday. Police later carried out a search.",
    ],
)
def test_extract_perpetrators_a_force_that_answered_is_not_the_perpetrator(text):
    attacks = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert attacks and all(
        e.perpetrator not in ("actor:police", "actor:pakistan-army") for e in attacks
    )


def test_extract_perpetrators_a_force_that_struck_is_not_its_own_target():
    [event] = _events("Four civilians were killed on Saturday when Afghan forces shelled Chaman.")
    assert "actor:afghan-security-forces" not in event.targets
    assert "actor:civilians" in event.targets


def test_extract_perpetrators_each_operation_of_a_statement_is_the_forces():
    text = (
        "RAWALPINDI: Security forces killed seven terrorists in two operations in Khyber "
        "Pakhtunkhwa on Saturday, the ISPR said. In the first operation, in Tank district, "
        "troops raided a hideout and killed four terrorists. In a second intelligence-based "
        "operation, in Khyber district, three more terrorists were killed in an exchange of fire."
    )
    operations = [e for e in _events(text) if e.kind == "MilitaryOperation"]
    assert len(operations) >= 2
    assert {e.perpetrator for e in operations} == {"actor:security-forces"}


def test_extract_perpetrators_a_statements_troops_are_the_security_forces():
    text = (
        "Troops engaged a terrorist hideout in Datta Khel on Saturday and killed five terrorists, "
        "the ISPR said, adding that security forces were determined to wipe out terrorism."
    )
    [event] = [e for e in _events(text) if e.kind == "MilitaryOperation"]
    assert event.perpetrator == "actor:security-forces"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a bank in Turbat on Saturday, killing two guards. Officials blamed the BLF, but the BLA later claimed the attack.",
        "Gunmen attacked a bank in Turbat on Saturday, killing two guards. The BLA claimed the attack, though police had blamed the BLF.",
    ],
)  # fmt: skip
def test_extract_perpetrators_the_claimant_not_the_group_blamed(text):
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:bla", "claimed")


def test_extract_perpetrators_a_group_blamed_that_claimed_is_the_claimant():
    text = (
        "A bomb killed three soldiers in Kech on Saturday. Officials blamed the BLF, "
        "which claimed the attack in a statement."
    )
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:blf", "claimed")


def test_extract_perpetrators_a_groups_own_unit_acts_in_its_name():
    text = (
        "A suicide bomber struck a convoy in Noshki on Saturday, killing five soldiers. "
        "The BLA's Fateh Squad claimed the attack."
    )
    [event] = _events(text)
    assert event.perpetrator == "actor:bla"


def test_extract_perpetrators_a_faction_with_a_name_of_its_own_stays_itself():
    text = (
        "A bomb killed six policemen in Peshawar on Saturday. Jamaat-ul-Ahrar, a faction of "
        "the TTP, claimed the attack."
    )
    [event] = _events(text)
    assert event.perpetrator == "actor:jamaat-ul-ahrar"


def test_extract_perpetrators_a_group_whose_hideouts_were_struck_is_not_the_perpetrator():
    text = (
        "Eleven people were killed when Pakistani jets hit villages in Paktika on Saturday. "
        "Security officials claimed the jets had targeted suspected hideouts of the "
        "Tehreek-e-Taliban Pakistan (TTP) in the strikes."
    )
    events = _events(text)
    assert events and all(e.perpetrator != "actor:ttp" for e in events)
    assert events[0].perpetrator == "actor:pakistan-air-force"


def test_extract_perpetrators_an_attack_likened_to_a_groups_work_has_no_perpetrator():
    text = (
        "Gunmen shot dead six labourers in Kech on Saturday. A police officer said the "
        "killing bore the hallmarks of the BLF, and no group claimed responsibility."
    )
    [event] = _events(text)
    assert event.perpetrator is None


def test_extract_perpetrators_a_strike_told_alone_after_a_states_strikes_is_theirs():
    text = (
        "At least 20 civilians were killed on Saturday when missiles fired by the Indian "
        "military struck several towns in Punjab. The deadliest single strike hit a seminary "
        "in Bahawalpur, where nine people died."
    )
    events = _events(text)
    assert events and {e.perpetrator for e in events} == {"actor:indian-armed-forces"}


def test_extract_perpetrators_a_militant_attack_does_not_pass_its_group_to_the_next():
    text = (
        "The BLA claimed a bombing that killed four soldiers in Kech on Saturday. "
        "In Gwadar, gunmen shot dead two labourers on Saturday."
    )
    events = _events(text)
    gwadar = [e for e in events if e.fatalities == 2]
    assert gwadar and gwadar[0].perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "Two soldiers and five militants were killed in a gunfight near the border in North "
        "Waziristan on Saturday, the military said. Security forces later cleared the area.",
        "Three soldiers were martyred in an exchange of fire with terrorists in the Datta Khel "
        "area of North Waziristan on Saturday. Security forces have cordoned off the area.",
    ],
)
def test_extract_perpetrators_a_fight_the_state_lost_men_in_was_fought_by_its_forces(text):
    [event] = _events(text)
    assert event.kind == "Clash"
    assert event.perpetrator == "actor:security-forces"


@pytest.mark.parametrize(
    "text",
    [
        "Two policemen were killed on Saturday when dacoits attacked a police post near Shikarpur.",
        "A gang of dacoits stormed a police picket in Ghotki on Saturday, killing a constable.",
    ],
)
def test_extract_perpetrators_dacoits_who_raid_a_post_are_the_perpetrator(text):
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:dacoits", "stated")


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed two policemen at a checkpoint in Tank on Saturday and fled. Islamabad "
        "accuses Kabul of harbouring the TTP and letting it use Afghan soil for attacks.",
        "A roadside bomb killed four soldiers in Kurram on Saturday. Pakistan says the Afghan "
        "Taliban give the TTP safe havens across the border, a charge Kabul denies.",
    ],
)
def test_extract_perpetrators_a_state_said_to_harbour_a_group_names_no_perpetrator(text):
    [event] = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        # Only suspected: the charge that it shelters abroad blames it for nothing.
        "Gunmen shot dead two shopkeepers in Kohat on Saturday. No group claimed the killing, "
        "but suspicion is likely to fall on the TTP. Islamabad accuses the TTP of operating "
        "freely from Afghan soil.",
        # Accused as "the group", not by name.
        "Gunmen shot dead two shopkeepers in Kohat on Saturday. The TTP has grown stronger "
        "since 2021. Islamabad accuses the group of operating freely from Afghan soil.",
    ],
)
def test_extract_perpetrators_a_group_only_suspected_or_unnamed_is_not_blamed(text):
    [event] = _events(text)
    assert event.perpetrator is None


def test_extract_perpetrators_a_group_accused_by_name_of_sheltering_abroad_is_blamed():
    text = (
        "Gunmen stormed a police station in Saravan on Saturday, killing five officers. Tehran "
        "accuses Jaish al-Adl of operating from safe havens across the border."
    )
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:jaish-al-adl", "attributed")


@pytest.mark.parametrize(
    "text",
    [
        "Seven people were killed as fighting between the Turi and Bangash tribes raged in Kurram on Monday.",
        "A gunfight between the Malikhel and Boshehra tribes over farmland killed four men near Parachinar on Monday.",
    ],
)  # fmt: skip
def test_extract_perpetrators_two_tribes_at_war_are_sides_not_a_perpetrator(text):
    extraction = extract(Document("t", text, published=PUBLISHED))
    tribes = {e.label for e in extraction.entities if e.kind == "ArmedGroup" and e.mentions}
    assert len(tribes) == 2 and all(t.endswith(" tribe") for t in tribes)
    assert [e.perpetrator for e in extraction.events] == [None]


def test_extract_perpetrators_a_village_before_tribe_is_the_tribe_not_the_village():
    text = "Elders of the Mali Khel tribe met officials in Parachinar on Monday after a shooting."
    extraction = extract(Document("t", text, published=PUBLISHED))
    kinds = {e.label: e.kind for e in extraction.entities if e.mentions}
    assert kinds.get("Malikhel tribe") == "ArmedGroup"
    assert "Malikhel" not in kinds


@pytest.mark.parametrize(
    "text",
    [
        "A search operation was launched in the hills outside Kohlu on Sunday after a hideout was "
        "found there; four terrorists were killed in the exchange of fire.",
        "QUETTA: A clearance operation was carried out near Dalbandin on Tuesday, and three "
        "militants were killed, officials said.",
    ],
)
def test_extract_perpetrators_an_operation_no_force_is_named_for_is_the_states(text):
    [event] = _events(text)
    assert event.kind == "MilitaryOperation"
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:security-forces", "stated")


def test_extract_perpetrators_an_operation_keeps_the_force_named_for_it():
    text = (
        "Police launched an operation in the Katcha area of Rajanpur on Monday and killed two "
        "dacoits in an exchange of fire."
    )
    [event] = _events(text)
    assert event.perpetrator not in (None, "actor:security-forces")


@pytest.mark.parametrize(
    "text",
    [
        "A bomb hidden in a cart killed two Levies men in Dera Bugti on Monday. Nobody claimed "
        "the blast, but suspicion fell on the Balochistan Liberation Army.",
        "Militants ambushed a police van in Bannu on Monday, killing two officers; suspicion "
        "fell on the TTP.",
    ],
)
def test_extract_perpetrators_a_group_under_suspicion_is_no_perpetrator(text):
    [event] = _events(text)
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "A bomb killed three policemen in Karak on Sunday. Suspicion is likely to fall on the "
        "Pakistani Taliban, or TTP, whom officials have blamed for similar attacks.",
        "A bomb killed three policemen in Karak on Sunday. Suspicion will likely fall on the "
        "Pakistani Taliban, whom officials blame for most such attacks.",
        "A bomb killed three policemen in Karak on Sunday. Suspicion fell on the Pakistani "
        "Taliban, or TTP, which officials blame for most such attacks.",
    ],
)
def test_extract_perpetrators_a_group_suspicion_may_fall_on_is_no_perpetrator(text):
    [event] = _events(text)
    assert event.perpetrator is None


def test_extract_perpetrators_the_group_is_not_the_taliban_government_named_after_it():
    text = (
        "A bomb killed three policemen in Karak on Sunday. Violence has been blamed on the TTP, "
        "which is separate from but allied with Afghanistan's Taliban government. Islamabad "
        "says the group shelters in Afghanistan."
    )
    extraction = extract(Document("t", text, published=PUBLISHED))
    [group] = [e.key for e in extraction.entities for m in e.mentions if m.text == "the group"]
    assert group == "actor:ttp"


@pytest.mark.parametrize(
    "text",
    [
        "The CTD said its team killed four terrorists in a raid in Mianwali on Saturday. "
        "Separately, two terrorists were killed on Friday in an operation in Layyah.",
        "Security forces killed five terrorists in an intelligence-based operation in Kech on "
        "Saturday, the ISPR said. Last month, three terrorists were killed in another operation "
        "in Awaran.",
    ],
)
def test_extract_perpetrators_an_operation_told_apart_with_no_force_has_none(text):
    first, other = _events(text)
    assert first.perpetrator is not None and other.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        'Two Iranian border guards were killed on Saturday when militants attacked their post near Mirjaveh. Officials blamed "Jaish al-Zulm" for the attack.',
        "Officials blamed Jaish ul-Zulm for Saturday's attack on a border post near Saravan, in which three guards were killed.",
    ],
)  # fmt: skip
def test_extract_perpetrators_the_states_label_for_a_group_names_the_group(text):
    # Tehran calls Jaish al-Adl ("army of justice") Jaish al-Zulm ("army of injustice").
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == ("actor:jaish-al-adl", "attributed")


@pytest.mark.parametrize(
    "text",
    [
        "A local leader of the banned Lashkar-e-Jhangvi and two of his guards were shot dead in Quetta on Saturday, police said.",
        "A TTP commander and his brother were killed when unidentified gunmen fired on their car in Peshawar on Saturday.",
        "A former BLA commander was shot dead by unknown gunmen in Turbat on Saturday.",
    ],
)  # fmt: skip
def test_extract_perpetrators_a_group_whose_leader_was_hit_did_not_strike(text):
    [event] = _events(text)
    assert event.perpetrator is None


def test_extract_perpetrators_a_group_whose_commander_led_the_attack_struck():
    text = (
        "TTP commander Ahmad led the attack on a police post in Bannu on Saturday that killed "
        "two constables."
    )
    [event] = _events(text)
    assert event.perpetrator == "actor:ttp"


def test_extract_perpetrators_the_same_group_claims_an_earlier_attack():
    # "The same group" is the group the report named before; "said it was behind" is its claim.
    text = (
        "Gunmen stormed a police post in Mand on Tuesday, killing two constables. The Balochistan "
        "Liberation Front said its fighters carried out the raid. The same group also said it was "
        "behind a roadside bombing on Sunday that wounded three soldiers near Tump."
    )
    events = _events(text, published=date(2025, 1, 8))
    bombing = next(e for e in events if e.kind == "Bombing")
    assert bombing.date == "2025-01-05"
    assert (bombing.perpetrator, bombing.perpetrator_basis) == ("actor:blf", "claimed")


def test_extract_perpetrators_a_group_named_nowhere_before_is_no_perpetrator():
    text = (
        "A bomb exploded near a mosque in Quetta on Tuesday, killing four worshippers. Later, the "
        "group said it was behind the blast."
    )
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "A Lashkar-e-Jhangvi spokesman confirmed that two of its commanders died when a roadside "
        "bomb exploded near their vehicle in Khost on Saturday.",
        "According to the TTP, three of its fighters died when a landmine went off in Paktika on "
        "Saturday.",
    ],
)
def test_group_that_tells_of_its_own_losses_is_no_perpetrator(text):
    [event] = _events(text)
    assert event.perpetrator is None


def test_a_group_only_present_at_the_scene_is_not_the_perpetrator():
    text = (
        "A gunman from across the border shot dead a Pakistani soldier at the Torkham "
        "crossing on Sunday, officials said.\n\n"
        "Video footage showed the man suddenly drawing a pistol and opening fire while "
        "Taliban guards were present."
    )
    [event] = extract(Document("t", text, published=date(2024, 6, 3))).events
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "A roadside bomb struck a police van in Tank on Saturday, killing two constables. No group "
        "claimed the blast. The TTP and the Islamic State's Khorasan branch have both claimed "
        "attacks on police and civilians in the province.",
        "Gunmen shot dead a shopkeeper in Chaman on Saturday. Nobody claimed responsibility. "
        "Jaish al-Adl has claimed several attacks on Iranian forces along the border.",
    ],
    ids=["two-groups", "one-group"],
)
def test_extract_perpetrators_groups_that_claimed_attacks_in_general_claimed_no_one(text):
    """A group's record of claims ("has claimed attacks on police") is context: the incident
    nobody claimed has no perpetrator."""
    [event] = _events(text)
    assert event.perpetrator is None


def test_extract_perpetrators_a_group_the_forces_operate_against_is_not_the_bomber():
    text = (
        "A blast tore through a market in Jalalabad on Saturday, killing five people, officials "
        "said. The Taliban government has conducted operations against Islamic State cells in "
        "the province."
    )
    [event] = _events(text)
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text",
    [
        "Militants attacked a check post in Bannu on Saturday, killing two soldiers. The TTP "
        "claimed responsibility for the attack.",
        "Militants attacked check posts in Bannu and Lakki Marwat on Saturday, killing five "
        "soldiers. The TTP claimed responsibility for the attacks.",
        "Gunmen shot dead two policemen in Tank on Saturday. The TTP claimed responsibility.",
    ],
)
def test_extract_perpetrators_a_claim_of_the_incident_still_names_the_group(text):
    assert all(e.perpetrator == "actor:ttp" for e in _events(text))


@pytest.mark.parametrize(
    "text",
    [
        "Police and the Counter Terrorism Department killed four terrorists in a joint raid "
        "near Bhakkar on Saturday, a police spokesman said.",
        "Five militants were killed on Saturday in a shootout with counter-terrorism police "
        "near Layyah, in Punjab province, officials said.",
    ],
)
def test_extract_perpetrators_the_counter_terrorism_wing_ran_the_raid(text):
    """The police's counter-terrorism wing named beside the police (or as "counter-terrorism
    police") is the force that ran the operation."""
    [event] = _events(text)
    assert event.perpetrator == "actor:ctd"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen stormed a police post in Kulachi on Saturday, killing two constables. The "
        "Lashkar-e-Jhangvi said in a statement emailed to journalists that it had carried out "
        "the raid.",
        "Two soldiers were killed on Saturday when militants attacked a check post in Kohlu. "
        "The BLA said in a message to reporters that it carried out the attack.",
    ],
)
def test_extract_perpetrators_a_statement_that_it_carried_out_the_raid_is_a_claim(text):
    [event] = _events(text)
    assert event.perpetrator_basis == "claimed"


def test_extract_perpetrators_a_wing_told_only_after_the_force_that_led_is_not_the_doer():
    text = (
        "Three terrorists were killed on Saturday in a search operation launched by Punjab "
        "Police near Taunsa, a spokesman said. The operation was mounted by the police, the CTD "
        "and other agencies."
    )
    [event] = _events(text)
    assert event.perpetrator == "actor:punjab-police"
