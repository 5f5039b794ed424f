"""General rules for reports of a new incident: denials, possessive weekdays, ISPR operations,
targets, one incident told with several verbs, localities and named sites, and the entities
that keys point to."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import keyed

from kg.core.model import Document
from kg.extract import extract

PUBLISHED = date(2025, 1, 8)  # a Wednesday


def _extract(text: str, published: date | None = PUBLISHED):
    return extract(Document("r", text, published=published))


@pytest.mark.parametrize(
    "text",
    [
        "A bomb tore through a market in Quetta on Tuesday, killing nine people. No group claimed "
        "the blast. The TTP distanced itself from the bombing.",
        "Gunmen killed six labourers in Kech district on Tuesday. The BLA denied any involvement "
        "in the attack.",
        "A suicide bomber struck a rally in Bajaur on Tuesday, killing 11. The Pakistani Taliban "
        "condemned the attack in a statement.",
    ],
)  # fmt: skip
def test_report_a_denial_names_no_perpetrator(text):
    [event] = _extract(text).events
    assert event.perpetrator is None


@pytest.mark.parametrize(
    "text,perpetrator,basis",
    [
        ("A blast killed five policemen in Bannu on Tuesday. Jaish al-Fursan claimed the attack, "
         "though a TTP spokesman said the group was not involved.", "armedgroup:jaish-al-fursan", "claimed"),
        ("A blast killed five policemen in Bannu on Tuesday. Officials blamed the TTP, which "
         "denied involvement.", "actor:ttp", "attributed"),
    ],
)  # fmt: skip
def test_report_a_claim_or_blame_outweighs_a_denial(text, perpetrator, basis):
    [event] = _extract(text).events
    assert (event.perpetrator, event.perpetrator_basis) == (perpetrator, basis)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("LAHORE: The toll from Monday's car bombing in Lahore rose to 19 on Wednesday, officials said.",
         "2025-01-06"),
        ("Police said Sunday's attack on a checkpoint in Tank killed four policemen.", "2025-01-05"),
        ("Investigators said last Friday's blast near Quetta killed seven people.", "2025-01-03"),
    ],
)  # fmt: skip
def test_report_a_possessive_weekday_dates_the_incident(text, expected):
    [event] = _extract(text).events
    assert event.date == expected


@pytest.mark.parametrize(
    "text,perpetrator",
    [
        ("Security forces killed 14 terrorists in Zhob district, the ISPR said on Wednesday.",
         "actor:security-forces"),
        ("Troops killed eight khawarij during an operation in Tank district, the military said on Wednesday.",
         "actor:pakistan-army"),
        ("The Frontier Corps killed six militants who tried to cross the border near Chaman, "
         "officials said on Wednesday.", "actor:frontier-corps"),
    ],
)  # fmt: skip
def test_report_forces_killing_militants_is_an_operation(text, perpetrator):
    [event] = _extract(text).events
    assert (event.kind, event.perpetrator) == ("MilitaryOperation", perpetrator)


def test_report_a_calendar_date_later_in_the_text_dates_an_announced_operation():
    text = (
        "Security forces killed 20 terrorists in South Waziristan, the ISPR said on Wednesday. "
        "The militants were spotted on the night of January 5 and 6 and engaged by troops."
    )
    [event] = _extract(text).events
    assert event.date == "2025-01-06"


@pytest.mark.parametrize(
    "text,wanted,unwanted",
    [
        ("Six soldiers of the Frontier Corps were martyred in an attack in Kech on Tuesday.",
         "actor:frontier-corps", "actor:pakistan-army"),
        ("Four FC soldiers were killed in Panjgur on Tuesday. The funeral of the soldiers was held in Quetta.",
         "actor:frontier-corps", "actor:pakistan-army"),
        ("A bomb went off among worshippers at a mosque in Peshawar on Tuesday, killing 12.",
         "actor:civilians", None),
        ("Gunmen fired on pilgrims in Kurram on Tuesday, killing seven.", "actor:civilians", None),
        ("A blast hit mourners at a funeral in Bajaur on Tuesday, killing nine, including women and children.",
         "actor:civilians", None),
    ],
)  # fmt: skip
def test_report_targets(text, wanted, unwanted):
    [event] = [e for e in _extract(text).events if e.fatalities]
    assert wanted in event.targets
    assert unwanted is None or unwanted not in event.targets


@pytest.mark.parametrize(
    "text,kind,place",
    [
        ("Gunmen opened fire on a bus in Kech district on Tuesday, killing 9 people. The bus was "
         "heading to Quetta when it was ambushed in the Hoshab area of Kech.", "Ambush", "Hoshab"),
        ("Militants attacked a convoy in Kurram district on Tuesday, killing 15. The convoy was "
         "ambushed in the Bagan area of Lower Kurram, an official said.", "Ambush", "Bagan"),
    ],
)  # fmt: skip
def test_report_a_later_sentence_about_the_same_target_joins_the_incident(text, kind, place):
    ex = _extract(text)
    [event] = ex.events
    labels = {e.key: e.label for e in ex.entities}
    assert (event.kind, labels[event.location]) == (kind, place)


@pytest.mark.parametrize(
    "text,surface,kind,parent",
    [
        ("Gunmen attacked a convoy in the Bagan area of Lower Kurram.", "Bagan", "City", "place:pk-kp-kurram"),
        ("Gunmen attacked a convoy in the Bagan area of Lower Kurram.", "Lower Kurram", "District", "place:pk-kp-kurram"),
        ("Clashes broke out in North Waziristan's Datta Khel area.", "Datta Khel", "City", "place:pk-kp-north-waziristan"),
    ],
)  # fmt: skip
def test_report_localities_of_a_district(text, surface, kind, parent):
    ex = _extract(text)
    [entity] = [e for e in ex.entities if any(m.text == surface for m in e.mentions)]
    assert (entity.kind, entity.parent) == (kind, parent)
    assert all(e.label != "Lower" for e in ex.entities)


@pytest.mark.parametrize(
    "text,surface,parent",
    [
        ("A bomber struck the Police Lines compound in Quetta.", "Police Lines", "place:pk-ba-quetta-city"),
        ("The wounded were taken to Khyber Teaching Hospital in Peshawar.", "Khyber Teaching Hospital",
         "place:pk-kp-peshawar-city"),
        ("The injured were shifted to the Combined Military Hospital in Bannu.", "Combined Military Hospital",
         "place:pk-kp-bannu-city"),
        ("Militants tried to storm the Bannu Cantonment.", "Bannu Cantonment", "place:pk-kp-bannu-city"),
    ],
)  # fmt: skip
def test_report_named_sites(nlp, text, surface, parent):
    ex = _extract(text)
    [entity] = [e for e in ex.entities if any(m.text == surface for m in e.mentions)]
    assert (entity.kind, entity.parent) == ("Site", parent)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Pakistan urged the Afghan interim government to act.", "Afghan interim government", "actor:gov-af"),
        ("Islamabad has asked the Taliban government to rein in militants.", "Taliban government", "actor:gov-af"),
        ("Kabul rejected the charge.", "Kabul", "actor:gov-af"),
        ("Troops killed five khwarij in Tank.", "khwarij", "actor:ttp"),
        ("Troops killed five Khawarij in Tank.", "Khawarij", "actor:ttp"),
    ],
)  # fmt: skip
def test_report_actor_names(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,key,label,kind",
    [
        ("Pakistani soldiers were deployed in Kech.", "actor:pakistan-armed-forces", "Pakistan Armed Forces", "StateForce"),
        ("The Chinese embassy condemned the attack.", "actor:gov-cn", "Government of China", "Government"),
        ("Jamaat-ul-Ahrar claimed the attack.", "actor:ttp", "Tehreek-e-Taliban Pakistan", "ArmedGroup"),
    ],
)  # fmt: skip
def test_report_referenced_parents_are_entities(text, key, label, kind):
    ex = _extract(text)
    [entity] = [e for e in ex.entities if e.key == key]
    assert (entity.label, entity.kind, entity.mentions) == (label, kind, [])


def test_report_every_key_used_is_described():
    text = (
        "Jamaat-ul-Ahrar claimed a suicide bombing at a mosque in Peshawar on Tuesday that killed "
        "30 policemen. The Chinese embassy condemned the attack."
    )
    ex = _extract(text)
    keys = {e.key for e in ex.entities}
    used = {k for ev in ex.events for k in (ev.location, ev.perpetrator, *ev.targets) if k}
    used |= {k for r in ex.relations for k in (r.subject, r.object)} - {ev.id for ev in ex.events}
    used |= {e.parent for e in ex.entities if e.parent}
    assert used <= keys
    assert all(e.label != e.key.split(":", 1)[-1] for e in ex.entities)


@pytest.mark.parametrize(
    "text,target",
    [
        ("A suicide bomber struck a mosque in Bannu on Tuesday, killing 20. Most of the victims "
         "were policemen.", "actor:kp-police"),
        ("A bomb exploded at a bus stop in Quetta on Tuesday, killing eight. The dead included "
         "passengers waiting for a coach.", "actor:civilians"),
    ],
)  # fmt: skip
def test_report_a_sentence_about_the_victims_names_the_target(text, target):
    [event] = _extract(text).events
    assert target in event.targets
