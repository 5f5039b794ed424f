"""The entity component on a blank English pipeline, and collect_entities."""

from __future__ import annotations

import pytest
import spacy
from conftest import keyed

from kg.core.model import Document
from kg.extract.entities import COMPONENT, add_entity_components, collect_entities


@pytest.mark.parametrize(
    "text,surface,kind,key",
    [
        ("Gunmen of the BLF stormed a Levies post in Panjgur.", "BLF", "ArmedGroup", "actor:blf"),
        (
            "Gunmen of the BLF stormed a Levies post in Panjgur.",
            "Levies",
            "StateForce",
            "actor:levies",
        ),
        (
            "The Pakistani Taliban claimed the raid in Bannu.",
            "Pakistani Taliban",
            "ArmedGroup",
            "actor:ttp",
        ),
        (
            "Officials blamed Fitna al-Hindustan for the bombing.",
            "Fitna al-Hindustan",
            "ArmedGroup",
            "actor:baloch-separatists",
        ),
        (
            "Khawarij attacked a checkpost in Lakki Marwat.",
            "Lakki Marwat",
            "District",
            "place:pk-kp-lakki-marwat",
        ),
        (
            "The army's media wing said troops returned fire.",
            "army's media wing",
            "Organization",
            "actor:ispr",
        ),
        (
            "PESHAWAR: A police van was hit in Khyber.",
            "PESHAWAR",
            "City",
            "place:pk-kp-peshawar-city",
        ),
        ("Work on CPEC projects in Gwadar resumed.", "CPEC", "Project", "project:cpec"),
        (
            "Raids in Khyber were stepped up under Azm-i-Istehkam, the minister said.",
            "Azm-i-Istehkam",
            "Project",
            "project:azm-e-istehkam",
        ),
        (
            "A roadside bomb hit the car of a peace committee elder in Tank on Friday.",
            "peace committee",
            "Organization",
            "actor:peace-committee",
        ),
        (
            "Gunmen shot dead two members of a pro-government peace militia near Bannu.",
            "peace militia",
            "Organization",
            "actor:peace-committee",
        ),
        (
            "Figures laid before the National Assembly showed attacks rose in Bannu.",
            "National Assembly",
            "Government",
            "actor:national-assembly-pk",
        ),
        (
            "Critics said the National Action Plan had been left to gather dust.",
            "National Action Plan",
            "Project",
            "project:national-action-plan",
        ),
        (
            "Rockets were fired at Sui in Dera Bugti.",
            "Dera Bugti",
            "District",
            "place:pk-ba-dera-bugti",
        ),
    ],
)
def test_extract_entities_literal_names(nlp, text, surface, kind, key):
    assert keyed(nlp, text)[surface] == (kind, key)


@pytest.mark.parametrize(
    "text,absent",
    [
        ("The fc of the engine failed.", "fc"),
        ("Traders protested new levies on fuel.", "levies"),
        ("An oil tank exploded near the depot.", "tank"),
        ("The hub of the trade route moved.", "hub"),
    ],
)
def test_extract_entities_case_and_cues_keep_common_words(nlp, text, absent):
    assert absent not in {e.text.lower() for e in nlp(text).ents}


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Two soldiers died in Kalat on Monday.", "Kalat", "place:pk-ba-kalat"),
        ("Two soldiers died in Quetta on Monday.", "Quetta", "place:pk-ba-quetta-city"),
        (
            "Two soldiers died in Quetta district on Monday.",
            "Quetta district",
            "place:pk-ba-quetta",
        ),
        ("A convoy was hit in the Turbat district.", "Turbat district", "place:pk-ba-turbat"),
        ("Militants attacked a post in Tank on Friday.", "Tank", "place:pk-kp-tank"),
    ],
)
def test_extract_entities_district_or_town(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Troops raided hideouts in the Ketch district.", "Ketch district", "place:pk-ba-kech"),
        ("Troops raided hideouts in Mastong district.", "Mastong district", "place:pk-ba-mastung"),
    ],
)
def test_extract_entities_spelling_slips_have_lower_confidence(nlp, text, surface, key):
    doc = nlp(text)
    span = next(e for e in doc.ents if e.text == surface)
    assert span.ent_id_ == key and doc._.kg_confidence[(span.start_char, span.end_char)] < 0.9


def test_extract_entities_acronym_taught_by_text(nlp):
    doc = nlp(
        "The Zehri Liberation Front (ZLF) claimed the blast. Police said the ZLF had warned traders."
    )
    spans = [(e.text, e.label_, e.ent_id_) for e in doc.ents if "Z" in e.text]
    assert spans == [
        ("Zehri Liberation Front", "ArmedGroup", "armedgroup:zehri-liberation-front"),
        ("ZLF", "ArmedGroup", "armedgroup:zehri-liberation-front"),
        ("ZLF", "ArmedGroup", "armedgroup:zehri-liberation-front"),
    ]


@pytest.mark.parametrize(
    "text,acronym,expansion",
    [
        (
            "Troops began an intelligence-based operation (IBO) in Harnai.",
            "IBO",
            "intelligence-based operation",
        )
    ],
)
def test_extract_entities_learns_lowercase_acronyms(nlp, text, acronym, expansion):
    assert nlp(text)._.kg_acronyms[acronym] == expansion


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Assistant Commissioner Tariq Mengal was wounded. Mengal was shifted to hospital.",
            "Tariq Mengal",
            "person:tariq-mengal",
        ),
        (
            "Deputy Speaker Qasim Suri condemned the blast in Quetta.",
            "Qasim Suri",
            "person:qasim-suri",
        ),
        (
            "Assistant Commissioner Tariq Mengal was wounded. Mengal was shifted to hospital.",
            "Mengal",
            "person:tariq-mengal",
        ),
        (
            "Rahim Dashti, a spokesman for the group, denied it.",
            "Rahim Dashti",
            "person:rahim-dashti",
        ),
        (
            "Sepoy Gul Nawaz Marri embraced martyrdom in the exchange of fire.",
            "Gul Nawaz Marri",
            "person:gul-nawaz-marri",
        ),
        (
            "Chief Minister Sarfraz Bugti condemned the attack. Bugti ordered an inquiry.",
            "Bugti",
            "person:sarfraz-bugti",
        ),
    ],
)
def test_extract_entities_people(nlp, text, surface, key):
    assert keyed(nlp, text)[surface] == ("Person", key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Hawaldar Nadeem and a civilian were hurt when the mine went off near Kohlu.",
            "Nadeem",
            "person:nadeem",
        ),
        (
            "Police said ASI Raheem was shot dead outside his house on Monday.",
            "Raheem",
            "person:raheem",
        ),
        (
            "Sipahi Arif Khan was wounded when gunmen fired on the patrol.",
            "Arif Khan",
            "person:arif-khan",
        ),
        (
            "Inspector Waqar was among the injured, the district police said.",
            "Waqar",
            "person:waqar",
        ),
        (
            "Tehsildar Hamid Ullah escaped unhurt when the bomb went off in Bajaur.",
            "Hamid Ullah",
            "person:hamid-ullah",
        ),
        (
            "Naib Tehsildar Zaman Khan was wounded when the convoy came under fire.",
            "Zaman Khan",
            "person:zaman-khan",
        ),
    ],
)
def test_extract_entities_people_after_ranks_of_police_and_revenue(nlp, text, surface, key):
    """Ranks of the police, the army's other ranks and revenue posts head a name and are
    not part of it, even before a single given name."""
    assert keyed(nlp, text)[surface] == ("Person", key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Maulana Saeed was leaving the seminary when gunmen opened fire.",
            "Maulana Saeed",
            "person:maulana-saeed",
        ),
        (
            "The gathering was addressed by Mufti Kamran before the blast.",
            "Mufti Kamran",
            "person:mufti-kamran",
        ),
        (
            "Maulana Abdul Ghafoor Haideri spoke first. Later Maulana Haideri left the venue.",
            "Haideri",
            "person:abdul-ghafoor-haideri",
        ),
    ],
)
def test_extract_entities_cleric_known_by_one_name_keeps_the_title(nlp, text, surface, key):
    """A cleric named by one name is known by title and name together ("Maulana X")."""
    assert keyed(nlp, text)[surface] == ("Person", key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "The BLA claimed the attack in Noshki. The group said it targeted a convoy.",
            "The group",
            "actor:bla",
        ),
        (
            "Gunmen attacked a bank in Turbat. Shops in the city stayed shut.",
            "the city",
            "place:pk-ba-turbat",
        ),
        (
            "Blasts hit Quetta and Kalat in Pakistan. Schools across the country closed.",
            "the country",
            "place:pk",
        ),
    ],
)
def test_extract_entities_references(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Islamabad accused Kabul of sheltering the TTP.", "Islamabad", "actor:gov-pk"),
        ("Islamabad accused Kabul of sheltering the TTP.", "Kabul", "actor:gov-af"),
        ("Beijing has urged Pakistan to protect its workers.", "Beijing", "place:cn"),
        ("The envoy arrived in Islamabad on Monday.", "Islamabad", "place:pk-is-islamabad"),
        ("ISLAMABAD: The committee met on Monday.", "ISLAMABAD", "place:pk-is-islamabad"),
        # New Delhi that acts is its government, as Islamabad and Kabul are
        ("New Delhi denied that its drones had hit the town.", "New Delhi", "actor:gov-in"),
        # what a capital has long been saying, needs or holds is its government's
        ("This is what Islamabad has long been saying about the border.", "Islamabad",
         "actor:gov-pk"),
        ("What Kabul and Islamabad need is a working border mechanism.", "Kabul", "actor:gov-af"),
        ("What Kabul and Islamabad need is a working border mechanism.", "Islamabad",
         "actor:gov-pk"),
        ("The clerics do not share Islamabad's views on the talks.", "Islamabad", "actor:gov-pk"),
        ("Traders blocked the Peshawar-Islamabad road on Monday.", "Islamabad",
         "place:pk-is-islamabad"),
        # a capital dealt with as a party, or named as a regime, is its government
        ("The raids have strained ties with Kabul, officials conceded.", "Kabul", "actor:gov-af"),
        ("There was no response from Kabul to the charge.", "Kabul", "actor:gov-af"),
        ("Diplomats say the Kabul set-up is split over the TTP.", "Kabul", "actor:gov-af"),
        ("The delegation flew from Kabul to Doha on Monday.", "Kabul", "place:af-kabul"),
    ],
)  # fmt: skip
def test_extract_entities_capitals_that_act(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Pakistani officials said the border stayed closed.", "Pakistani", "place:pk"),
        ("Pakistani troops returned fire.", "Pakistani troops", "actor:pakistan-army"),
        (
            "The Pakistani military announced the operation.",
            "Pakistani military",
            "actor:pakistan-army",
        ),
    ],
)
def test_extract_entities_demonyms(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface",
    [
        ("Pakistani forces and Afghan fighters traded fire across the border.", "Pakistani forces"),
        ("Pakistan's forces answered with artillery, the official said.", "Pakistan's forces"),
    ],
)
def test_extract_entities_a_countrys_forces_unnamed_are_its_security_forces(nlp, text, surface):
    """ "Pakistani forces" names no one force: it is the generic umbrella, not the country."""
    assert keyed(nlp, text)[surface] == ("StateForce", "actor:security-forces")


def test_extract_entities_foreign_troops_are_not_pakistans(nlp):
    assert "actor:pakistan-army" not in {
        e.ent_id_ for e in nlp("Afghan troops fired mortars at the post.").ents
    }


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Gunmen on motorbikes shot dead two police officers in Zahedan and Khash.",
            "police officers",
            "actor:iran-lec",
        ),
        (
            "Gunmen on motorbikes shot dead two police officers in Turbat and Panjgur.",
            "police officers",
            "actor:balochistan-police",
        ),
    ],
)
def test_extract_entities_police_in_iran_are_irans(nlp, text, surface, key):
    """A report from Iran means Iran's national Law Enforcement Command by "police" (Iran
    has no provincial police); a report from Balochistan keeps the province's police."""
    assert keyed(nlp, text)[surface] == ("StateForce", key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "A blast hit a train near Karachi airport.",
            "Karachi airport",
            "place:pk-sd-jinnah-airport",
        ),
        (
            "A bomb went off at Peshawar's railway station.",
            "Peshawar's railway station",
            "place:pk-kp-peshawar-railway-station",
        ),
        (
            "Two were killed in Bannu. Police sealed the railway station.",
            "railway station",
            "place:pk-kp-bannu-city-railway-station",
        ),
    ],
)
def test_extract_entities_facilities_of_a_city(nlp, text, surface, key):
    assert keyed(nlp, text)[surface] == ("Site", key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Militants ambushed a patrol in the Zamuran area of Kech.",
            "Zamuran",
            "place:pk-ba-kech-zamuran",
        ),
        ("Militants ambushed a patrol near Kili Saddar.", "Kili Saddar", "place:kili-saddar"),
        (
            "Students of the Baloch Students Organization marched.",
            "Baloch Students Organization",
            "organization:baloch-students-organization",
        ),
    ],
)
def test_extract_entities_unknown_places_and_groups(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "Gunmen killed six in Mastung and Kalat. The provincial government announced aid.",
            "provincial government",
            "actor:gov-balochistan",
        ),
        (
            "A blast hit Bannu and Lakki Marwat. The provincial government ordered an inquiry.",
            "provincial government",
            "actor:gov-kp",
        ),
    ],
)
def test_extract_entities_provincial_bodies(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,surface",
    [
        ("Jaish al-Fursan claimed the attack in Bannu.", "Jaish al-Fursan"),
        ("Police blamed Lashkar-e-Khorasan for the blast.", "Lashkar-e-Khorasan"),
    ],
)
def test_extract_entities_unknown_armed_groups_by_prefix(nlp, text, surface):
    assert keyed(nlp, text)[surface][0] == "ArmedGroup"


def test_extract_entities_component_follows_sentencizer(nlp):
    add_entity_components(nlp)
    assert nlp.pipe_names == ["sentencizer", COMPONENT]


@pytest.fixture
def document():
    return Document(
        id="d1",
        title="FC convoy attacked in Kech",
        text="Militants attacked an FC convoy in Kech district on Saturday.\nThe FC said two soldiers died.",
    )


def test_collect_entities_one_entity_per_key(nlp, document):
    entities = collect_entities(nlp(document.content), document)
    fc = next(e for e in entities if e.key == "actor:frontier-corps")
    assert [m.text for m in fc.mentions] == ["FC", "FC", "FC"] and fc.aliases == ("FC",)


def test_collect_entities_offsets_point_into_content(nlp, document):
    for entity in collect_entities(nlp(document.content), document):
        for m in entity.mentions:
            assert document.content[m.start : m.end] == m.text
            assert document.content[m.evidence.start : m.evidence.end] == m.evidence.sentence
            assert (
                m.evidence.start <= m.start < m.end <= m.evidence.end and m.evidence.doc_id == "d1"
            )


def test_collect_entities_adds_ancestors_without_mentions(nlp, document):
    entities = {e.key: e for e in collect_entities(nlp(document.content), document)}
    assert entities["place:pk-ba-kech"].parent == "place:pk-ba"
    assert entities["place:pk-ba"].mentions == [] and entities["place:pk"].mentions == []
    assert entities["place:pk"].wikidata == "Q843"


def test_collect_entities_marks_minted_entities(nlp):
    doc_ = Document(
        id="d2", text="Spokesman Jalal Zarkhel said the Kachhi Traders Association would strike."
    )
    entities = {e.key: e for e in collect_entities(nlp(doc_.content), doc_)}
    assert entities["person:jalal-zarkhel"].from_lexicon is False
    assert entities["organization:kachhi-traders-association"].kind == "Organization"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen of the BLF stormed a Levies post in Panjgur, killing two FC soldiers.",
        "QUETTA: The Balochistan Liberation Army (BLA) said its Majeed Brigade attacked Quetta.",
    ],
)
def test_extract_entities_written_as_doc_ents_would_write_them(nlp, text):
    """The component writes entities through an array; Doc.ents = spans gives the same tokens."""
    attrs = ["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]
    doc = nlp(text)
    written = doc.to_array(attrs)
    doc.ents = [
        spacy.tokens.Span(doc, e.start, e.end, e.label_, span_id=e.ent_id_) for e in doc.ents
    ]
    assert len(doc.ents) > 1 and (doc.to_array(attrs) == written).all()


@pytest.mark.parametrize(
    "text,surface,key",
    [
        # once the district is named, the bare name of its namesake town is the district
        (
            "Gunmen stormed a police picket in Sukkur district late on Monday. Policing in "
            "Sukkur has been stretched thin for months.",
            "Sukkur",
            "place:pk-sd-sukkur",
        ),
        (
            "Two constables were shot dead in Mianwali district. Mianwali police said the "
            "attackers had crossed over from the hills.",
            "Mianwali",
            "place:pk-pb-mianwali",
        ),
        # the dateline and "X city" stay the town
        (
            "SUKKUR: Gunmen stormed a police picket in Sukkur district on Monday.",
            "SUKKUR",
            "place:pk-sd-sukkur-city",
        ),
        (
            "A bomb went off in Ghotki district on Monday, then a second one in Ghotki city.",
            "Ghotki",
            "place:pk-sd-ghotki-city",
        ),
        # with no district named, the name is the town
        ("Two soldiers died in Sukkur on Monday.", "Sukkur", "place:pk-sd-sukkur-city"),
    ],
)
def test_extract_entities_a_district_named_outright_takes_its_towns_name(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


def test_extract_entities_the_line_of_control_is_a_site(nlp):
    found = keyed(nlp, "Troops traded fire across the Line of Control (LoC) on Sunday night.")
    assert found["Line of Control"] == ("Site", "place:pk-jk-line-of-control")
    assert found["LoC"] == ("Site", "place:pk-jk-line-of-control")


# -- localities: an area no gazetteer knows is a site, a village said so is a town, namesakes


def _place_kinds(text: str) -> dict[str, str]:
    from datetime import date

    from kg.extract import extract

    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    return {e.label: e.kind for e in extraction.entities if e.is_place and e.mentions}


@pytest.mark.parametrize(
    "text,site",
    [
        (
            "Militants fired rockets at a Levies post in the Tor Ghundai area of Zhob district "
            "late on Sunday, officials said.",
            "Tor Ghundai",
        ),
        (
            "Troops killed three terrorists in an operation in general area Spin Kach of North "
            "Waziristan district, the military's media wing said.",
            "Spin Kach",
        ),
        (
            "A roadside bomb hit a police van in the Landai Sar area on Tuesday, police said.",
            "Landai Sar",
        ),
    ],
)
def test_extract_entities_an_unknown_area_is_a_site(text, site):
    assert _place_kinds(text).get(site) == "Site"


def test_extract_entities_an_area_the_text_calls_a_village_is_a_town():
    kinds = _place_kinds(
        "Gunmen shot dead two farmers in the Spina Tangi area of Bannu district on Friday. "
        "Elders in Spina Tangi village blocked the road in protest."
    )
    assert kinds.get("Spina Tangi") == "City"


def test_extract_entities_a_known_town_named_as_an_area_stays_a_town():
    assert (
        _place_kinds(
            "Two policemen were wounded when gunmen attacked a patrol in the Kulachi area of Dera "
            "Ismail Khan district on Monday."
        ).get("Kulachi")
        == "City"
    )


def test_extract_entities_a_post_named_after_a_town_of_another_district_is_no_town():
    kinds = _place_kinds(
        "Police repulse attack on Kulachi checkpost in Mianwali\n\n"
        "Police beat back an attack on the Kulachi Checkpost in the Isa Khel area of Mianwali "
        "on Sunday night. The Kulachi checkpost has been attacked twice this year."
    )
    assert "Kulachi" not in kinds
    assert kinds.get("Kulachi Checkpost") == "Site"


def test_extract_entities_a_districts_name_as_an_area_of_another_district_is_a_village():
    kinds = _place_kinds(
        "Four soldiers were martyred when militants ambushed a patrol in South Waziristan's "
        "Hassan Khel area on Friday, the military said."
    )
    assert kinds.get("Hassan Khel") == "City"
    assert "Hassan Khel area" not in kinds
    # the former Frontier Region of Peshawar of that name is named like a district
    assert (
        _place_kinds("Militants fired on a police van in Hassan Khel on Peshawar's outskirts.").get(
            "Hassan Khel"
        )
        == "District"
    )


def test_extract_entities_a_village_named_like_a_surname_needs_a_place_cue():
    kinds = _place_kinds("Sepoy Imran Badar was martyred in the exchange of fire, the ISPR said.")
    assert "Badar" not in kinds
    kinds = _place_kinds("A convoy was ambushed in the Badar area of South Waziristan on Monday.")
    assert kinds.get("Badar") == "City"


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "In Quetta, the provincial Home Department ordered an inquiry after the blast in Kalat.",
            "provincial Home Department",
            "actor:home-balochistan",
        ),
        (
            "The Khyber Pakhtunkhwa Home Department put Islamabad and Lahore on alert; "
            "the Home Department also shut schools in Rawalpindi.",
            "Home Department",
            "actor:home-kp",
        ),
        (
            "The KP apex committee met in Peshawar after the attack in Bannu.",
            "KP apex committee",
            "actor:apex-kp",
        ),
        (
            "In Karachi, the provincial apex committee approved an operation in Kashmore.",
            "provincial apex committee",
            "actor:apex-sindh",
        ),
    ],
)
def test_extract_entities_a_provinces_departments_and_committees(nlp, text, surface, key):
    """Every province has a Home Department and an apex committee: "the provincial ..." or
    "the Home Department" is the one of the province told of, or of one named before."""
    assert keyed(nlp, text)[surface] == ("Government", key)


@pytest.mark.parametrize(
    "text,surface,kind,key",
    [
        (
            "A Dolphin Squad patrol came under fire in Rawalpindi at night.",
            "Dolphin Squad",
            "StateForce",
            "actor:dolphin-force",
        ),
        (
            "Officers of the Intelligence Bureau and Military Intelligence briefed the meeting.",
            "Intelligence Bureau",
            "Government",
            "actor:intelligence-bureau",
        ),
        (
            "Officers of the Intelligence Bureau and Military Intelligence briefed the meeting.",
            "Military Intelligence",
            "StateForce",
            "actor:military-intelligence",
        ),
    ],
)
def test_extract_entities_police_units_and_intelligence_agencies(nlp, text, surface, kind, key):
    assert keyed(nlp, text)[surface] == (kind, key)


def test_collect_entities_a_provinces_department_names_the_province(nlp):
    doc_ = Document(id="d3", text="The Sindh Home Department said two guards died in Ghotki.")
    entities = {e.key: e for e in collect_entities(nlp(doc_.content), doc_)}
    assert [m.text for m in entities["place:pk-sd"].mentions] == ["Sindh"]
    assert entities["actor:home-sindh"].kind == "Government"
