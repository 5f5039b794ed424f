"""Actors as a reader sees them: outlets, state forces and their units, credits and titles."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import keyed

from kg.core.model import Document
from kg.extract import extract


def _labels(text: str, published: date = date(2024, 5, 2)) -> dict[str, str]:
    """{label: kind} of the entities ``text`` mentions."""
    extraction = extract(Document(id="d", text=text, published=published))
    return {e.label: e.kind for e in extraction.entities if e.mentions}


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "A senior officer told Geo News that the blast in Quetta was a suicide attack.",
            "Geo News",
            "actor:geo-news",
        ),
        (
            "The toll rose to nine, the state-run IRNA news agency said from Zahedan.",
            "IRNA",
            "actor:irna",
        ),
        (
            "Clashes were reported in Paktika province, Khaama Press said.",
            "Khaama Press",
            "actor:khaama-press",
        ),
        (
            "The group's Amaq outlet released a statement on the bombing.",
            "Amaq",
            "actor:amaq",
        ),
        (
            "Afghan Border Forces opened fire on a Pakistani post near Torkham.",
            "Afghan Border Forces",
            "actor:afghan-security-forces",
        ),
        (
            "Iranian police said gunmen attacked a station in Saravan.",
            "Iranian police",
            "actor:iran-lec",
        ),
        (
            "Two Balochistan Constabulary men were wounded in the blast in Sibi.",
            "Balochistan Constabulary",
            "actor:balochistan-constabulary",
        ),
        (
            "The Afghan Defence Ministry said the strikes killed civilians in Khost.",
            "Afghan Defence Ministry",
            "actor:mod-af",
        ),
        (
            "A petition against the curfew was filed in the Peshawar High Court.",
            "Peshawar High Court",
            "actor:phc",
        ),
    ],
)
def test_extract_actors_outlets_forces_and_bodies(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


def test_extract_actors_afghan_border_forces_are_a_state_force(nlp):
    found = keyed(nlp, "Afghan forces shelled villages near Chaman on Sunday.")
    assert found["Afghan forces"] == ("StateForce", "actor:afghan-security-forces")


@pytest.mark.parametrize(
    "text",
    [
        "Turbat, Mar 4 (PTI) Gunmen killed two labourers near a construction site.",
        "KARACHI (PTI) Gunmen killed two labourers near a construction site.",
    ],
)
def test_extract_actors_wire_credit_is_not_a_party(nlp, text):
    assert "actor:pti" not in {e.ent_id_ for e in nlp(text).ents}


@pytest.mark.parametrize(
    "text",
    [
        # the agency's sign-off closing the report
        "Sibi, Feb 3 (PTI) A grenade attack wounded five shoppers in Sibi on Monday.\n\n"
        "The deputy commissioner said the market would stay shut. PTI\n",
        # the agency as the one told or asking
        "Hub, Aug 8 (PTI) Gunmen killed a factory guard in Hub on Thursday.\n\n"
        "A police official told PTI that the attackers fled on a motorcycle.",
        "Hub, Aug 8 (PTI) Gunmen killed a factory guard in Hub on Thursday. "
        "When PTI asked the district police chief about arrests, he gave no answer.",
    ],
)
def test_extract_actors_credited_agency_named_again_is_not_a_party(nlp, text):
    assert "actor:pti" not in {e.ent_id_ for e in nlp(text).ents}


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "A district official told Dawn by phone that the market in Khuzdar stayed shut.",
            "Dawn",
            "actor:dawn",
        ),
        (
            "PARACHINAR (Reuters) - Gunmen fired on a van near the town on Friday.",
            "Reuters",
            "actor:reuters",
        ),
        (
            "Bannu [Pakistan], June 2 (ANI): Two constables were hurt when a grenade hit a post.",
            "ANI",
            "actor:ani",
        ),
        (
            "ZAHEDAN, Iran (AFP) — Gunmen opened fire on a patrol near the border.",
            "AFP",
            "actor:afp",
        ),
        (
            "SUKKUR, Pakistan (AP) — Bandits seized two traders on the highway.",
            "AP",
            "actor:ap",
        ),
        (
            "Quetta, Oct 9 (IANS) A blast hit a rickshaw near a bazaar in the city.",
            "IANS",
            "actor:ians",
        ),
        (
            "The district police chief told APP that the suspects had been arrested.",
            "APP",
            "actor:app",
        ),
    ],
)
def test_extract_actors_news_outlets_cited_as_sources(nlp, text, surface, key):
    assert keyed(nlp, text)[surface] == ("Organization", key)


def test_extract_actors_wire_credit_pti_is_the_indian_agency(nlp):
    text = (
        "Kohat, Feb 2 (PTI) Gunmen shot a guard outside a school on Sunday.\n\n"
        "A senior officer told PTI that a search was under way."
    )
    found = {e.ent_id_ for e in nlp(text).ents if e.text == "PTI"}
    assert found == {"actor:press-trust-of-india"}


@pytest.mark.parametrize(
    "text",
    [
        "CHAMAN, Pakistan (AP) — A roadside bomb killed three soldiers near the border on "
        "Sunday, officials told Reuters.",
        # the outlet told of a victim's state is only the source
        "Gunmen shot a trader in Sukkur on Monday. A police officer told the Dawn newspaper "
        "that the trader was alive but badly wounded.",
        # without the outlet filter these two made Dawn a target beside the victims
        "Gunmen opened fire on a shopkeeper in Sukkur on Monday. A police officer told the Dawn "
        "newspaper that Aslam Khan was badly wounded in the attack.",
        "Militants attacked a police van in Bannu on Monday, a police official told Dawn, adding "
        "that two constables were injured.",
    ],
)
def test_extract_actors_outlet_is_never_an_events_party(text):
    extraction = extract(Document(id="d", text=text, published=date(2024, 5, 2)))
    outlets = {"actor:ap", "actor:reuters", "actor:dawn"}
    for event in extraction.events:
        assert event.perpetrator not in outlets
        assert not outlets & set(event.targets)


def test_extract_actors_party_in_a_credited_report_stays_the_party(nlp):
    text = (
        "Mardan, Apr 5 (PTI) Police baton-charged PTI workers in Mardan on Saturday, "
        "officials said."
    )
    assert "actor:pti" in {e.ent_id_ for e in nlp(text).ents}


def test_extract_actors_acronym_the_text_spells_out_is_that_force(nlp):
    text = (
        "Gunmen attacked a camp of the Federal Constabulary (FC) near Tank on Monday. "
        "Two FC personnel were hurt, and the FC said its men fought back."
    )
    keys = {e.ent_id_ for e in nlp(text).ents}
    assert "actor:frontier-constabulary" in keys
    assert "actor:frontier-corps" not in keys


def test_extract_actors_acronym_spelled_out_leaves_a_name_that_holds_it(nlp):
    text = (
        "The Balochistan Liberation Army (BLA) said it attacked a camp near Turbat, and the "
        "BLA's Majeed Brigade later named the bomber."
    )
    assert keyed(nlp, text)["BLA's Majeed Brigade"][1] == "actor:bla-majeed-brigade"


def test_extract_actors_rank_spelled_out_before_its_short_form_is_no_organization():
    text = (
        "PESHAWAR: Deputy Superintendent of Police (DSP) Gul Zaman said two constables were "
        "killed when militants attacked a post in Bannu on Monday."
    )
    kinds = {e.label: e.kind for e in extract(Document("d", text)).entities}
    assert "Deputy Superintendent of Police" not in kinds
    assert kinds.get("Gul Zaman") == "Person"


def test_extract_actors_party_acronym_outside_a_dateline_is_the_party(nlp):
    found = keyed(nlp, "Workers of the PTI protested in Peshawar on Friday.")
    assert found["PTI"] == ("Organization", "actor:pti")


def test_extract_actors_agency_credit_keeps_its_own_agency(nlp):
    found = keyed(nlp, "GWADAR, Jan. 12 (Xinhua) -- Militants attacked a port office.")
    assert found["Xinhua"] == ("Organization", "actor:xinhua")


@pytest.mark.parametrize(
    "text,force",
    [
        (
            "KP police said militants attacked a checkpost in Lakki Marwat. "
            "Two police officials were martyred and the police cordoned off the area.",
            "Khyber Pakhtunkhwa Police",
        ),
        (
            "The Sindh police chief visited the site in Karachi. "
            "Police said the gunmen fled on a motorcycle.",
            "Sindh Police",
        ),
    ],
)
def test_extract_actors_police_is_the_provincial_police_the_report_names(text, force):
    labels = _labels(text)
    assert labels.get(force) == "StateForce"
    assert "Pakistani police" not in labels


@pytest.mark.parametrize(
    "text,force",
    [
        (
            "Gunmen on a motorcycle opened fire on a police mobile in Dera Ismail Khan on "
            "Monday, wounding three policemen.",
            "Khyber Pakhtunkhwa Police",
        ),
        (
            "Policemen traded fire with robbers near Larkana on Monday; one constable was hurt.",
            "Sindh Police",
        ),
    ],
)
def test_extract_actors_police_is_the_police_of_the_province_the_report_is_about(text, force):
    labels = _labels(text)
    assert labels.get(force) == "StateForce"
    assert "Pakistani police" not in labels


# In a report about Iran, its police are the Law Enforcement Command, the attack's target; a
# report about Pakistan keeps its own police.
@pytest.mark.parametrize(
    "text,force",
    [
        (
            "Armed men fired on a police patrol near Khash in Iran's Sistan and Baluchestan "
            "province on Monday, killing two policemen.",
            "actor:iran-lec",
        ),
        (
            "Armed men fired on a police patrol near Kharan on Monday, killing two policemen.",
            "actor:balochistan-police",
        ),
    ],
)
def test_extract_actors_police_in_a_report_about_iran_are_irans_police(text, force):
    [event] = extract(Document(id="d", text=text, published=date(2024, 5, 2))).events
    assert event.targets == [force]


def test_extract_actors_police_without_a_place_stays_generic():
    labels = _labels(
        "Gunmen opened fire on a police van in Pakistan on Monday, wounding two policemen."
    )
    assert labels.get("Pakistani police") == "StateForce"


@pytest.mark.parametrize(
    "text",
    [
        "Police said gunmen killed two men in Turbat on Monday.",
        "Two shopkeepers were hurt when a bomb went off in Kharan, according to police.",
        "Unknown men shot dead a teacher in Khuzdar on Monday, police have confirmed.",
        "Police, speaking on condition of anonymity, said a bomb killed a man in Kharan.",
        "A bomb killed two men in Kharan on Monday. Police condemned the attack.",
    ],
)
def test_extract_actors_police_that_only_report_the_news_are_no_actor(text):
    labels = _labels(text)
    assert not any("olice" in label for label in labels)


def _people(nlp, text: str) -> list[str]:
    return [e.text for e in nlp(text).ents if e.label_ == "Person"]


@pytest.mark.parametrize(
    "text,name",
    [
        ("DIG West Kamran Yousafzai said the attackers fled.", "Kamran Yousafzai"),
        ("SSP North Syed Ali Haider visited the injured.", "Syed Ali Haider"),
        (
            "Assistant Commissioner Shewa Faisal Mehmood was among the wounded.",
            "Faisal Mehmood",
        ),
        (
            "Minister of State for Interior Tariq Fazal Chaudhry condemned the blast.",
            "Tariq Fazal Chaudhry",
        ),
        ("Interior Minister Sheikh Rashid Ahmed visited Quetta.", "Sheikh Rashid Ahmed"),
        ("Sepoy Kamran Sohail Afridi was martyred in the exchange.", "Kamran Sohail Afridi"),
    ],
)
def test_extract_actors_title_area_is_not_part_of_the_name(nlp, text, name):
    people = _people(nlp, text)
    assert name in people
    assert all(p == name or name not in p for p in people)


@pytest.mark.parametrize(
    "text,names",
    [
        (
            "The dead were identified as Gul Zaman, Rafiq, Shakir and Noor Ahmed.",
            ["Gul Zaman", "Rafiq", "Shakir", "Noor Ahmed"],
        ),
        (
            "Lance Naik Waqas and sepoys Nadir, Basit and Haroon embraced martyrdom.",
            ["Waqas", "Nadir", "Basit", "Haroon"],
        ),
        (
            "Jaswant Singh, 51, and Harpal Singh, 47, were shot outside their shop.",
            ["Jaswant Singh", "Harpal Singh"],
        ),
    ],
)
def test_extract_actors_listed_names_are_people(nlp, text, names):
    assert set(names) <= set(_people(nlp, text))


def test_extract_actors_identified_place_is_not_a_person(nlp):
    text = "Officials said the strike hit a hamlet that residents identified as Sarkani."
    assert "Sarkani" not in _people(nlp, text)


def test_extract_actors_a_title_after_a_list_is_not_a_name(nlp):
    text = "Tariq Mehmood, Zubair and Chief Minister Ali Khan Jadoon attended the funeral."
    people = _people(nlp, text)
    assert "Zubair" in people and "Chief" not in people


@pytest.mark.parametrize(
    "text,surface,key",
    [
        (
            "The military said terrorists of Fitnatul Hindustan stormed the camp in Kalat.",
            "Fitnatul Hindustan",
            "actor:baloch-separatists",
        ),
        (
            "Security forces killed four kharjis in an operation in Tank.",
            "kharjis",
            "actor:ttp",
        ),
        (
            "The Army of Justice said its fighters attacked the border post.",
            "Army of Justice",
            "actor:jaish-al-adl",
        ),
        (
            "The Islamic State's Khorasan branch claimed the bombing in Bajaur.",
            "Islamic State's Khorasan branch",
            "actor:iskp",
        ),
    ],
)
def test_extract_actors_state_labels_and_aliases(nlp, text, surface, key):
    assert keyed(nlp, text)[surface][1] == key


@pytest.mark.parametrize(
    "text,name",
    [
        (
            "The toll was confirmed by Dr Imran Sherani, who heads the district hospital.",
            "Imran Sherani",
        ),
        ("Inspector Noor Mandokhail led the search in Zhob on Friday.", "Noor Mandokhail"),
    ],
)
def test_extract_actors_tribe_a_place_is_named_for_ends_a_titled_name(nlp, text, name):
    """A tribe's name after a titled man's name is his surname, not the district it names."""
    assert name in _people(nlp, text)
    assert not any(e.label_ == "District" and e.text in name for e in nlp(text).ents)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Deputy Commissioner Raheel Gul Wazir said the road was closed.", "Raheel Gul Wazir"),
        ("Assistant Commissioner Usama Khan Afridi visited the site.", "Usama Khan Afridi"),
    ],
)
def test_extract_actors_given_name_before_a_title_s_name_is_no_post(nlp, text, name):
    """ "Deputy Commissioner Raheel Gul Wazir": a given name opens the name; it is no area
    of the post."""
    assert name in _people(nlp, text)


def test_extract_actors_band_named_after_its_leader_is_an_armed_group(nlp):
    found = keyed(nlp, "Police blamed militants of the Zafar Mengal group for the attack.")
    assert found["Zafar Mengal group"][0] == "ArmedGroup"


def test_extract_actors_a_man_is_still_a_man_outside_armed_context(nlp):
    found = keyed(nlp, "Zafar Mengal, a trader, joined the group of elders in Kalat.")
    assert found["Zafar Mengal"][0] == "Person"


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("Gunmen shot dead two Sikh traders in Peshawar.", "Sikh traders", "actor:sikh-community"),
        (
            "Police fired tear gas at protesters in Muzaffarabad.",
            "protesters",
            "actor:protesters",
        ),
        (
            "A van carrying Japanese nationals was attacked in Karachi.",
            "Japanese nationals",
            "actor:japanese-nationals",
        ),
        ("A civilian was wounded in the crossfire in Bannu.", "civilian", "actor:civilians"),
        # victims named by their work or age are the civilians of the report
        ("Gunmen shot dead three labourers at a brick kiln in Kech.", "labourers", "actor:civilians"),
        ("A passer-by was wounded when the bomb went off in Bannu.", "passer-by", "actor:civilians"),
        ("The blast in the bazaar killed four innocent people.", "innocent people",
         "actor:civilians"),
        ("Gunmen killed six workers from Punjab near Panjgur.", "workers from Punjab",
         "actor:civilians"),
    ],
)  # fmt: skip
def test_extract_actors_civilian_groups(nlp, text, surface, key):
    assert keyed(nlp, text)[surface] == ("CivilianGroup", key)


def test_extract_actors_titled_surname_is_the_man_named_before(nlp):
    doc = nlp("Major Kashif Durrani led the raid in Zhob. Officials said Maj Durrani was wounded.")
    people = [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "Person"]
    assert people[0][0] == "Kashif Durrani"
    assert ("Durrani", people[0][1]) in people


def test_extract_actors_titled_surname_of_nobody_named_is_a_person(nlp):
    assert "Qambrani" in _people(nlp, "Dr Qambrani said six wounded were brought in.")


def test_extract_actors_pakistani_military_is_the_army(nlp):
    found = keyed(nlp, "The Pakistani military said it had struck hideouts near the border.")
    assert found["Pakistani military"] == ("StateForce", "actor:pakistan-army")


@pytest.mark.parametrize(
    "text,name",
    [
        (
            "The wounded were taken to the Khyber Institute of Child Health in Peshawar.",
            "Khyber Institute of Child Health",
        ),
        (
            "The contract went to Sui Southern Gas Company Limited last year.",
            "Sui Southern Gas Company Limited",
        ),
        (
            "Shares were held by National Holdings Pakistan Limited and two partners.",
            "National Holdings Pakistan Limited",
        ),
    ],
)
def test_extract_actors_organisation_name_keeps_its_tail(nlp, text, name):
    assert keyed(nlp, text)[name][0] == "Organization"


def test_extract_actors_tribal_place_name_is_not_a_person(nlp):
    people = _people(nlp, "Gunmen fired on a checkpost in Ahmad Khel late on Sunday.")
    assert not any("Khel" in p for p in people)


def test_extract_actors_mission_and_the_city_it_is_in():
    labels = _labels(
        "Gunmen killed four Pakistani workers near Zahedan. "
        "The Pakistani embassy in Tehran said it was in contact with Iranian officials."
    )
    assert labels.get("Embassy of Pakistan in Iran") == "Government"
    assert labels.get("Tehran") == "City"


@pytest.mark.parametrize(
    "text,label",
    [
        (
            "The wounded were taken to the Punjab Institute of Cardiology in Lahore, "
            "where two later died.",
            "Punjab Institute of Cardiology",
        ),
        (
            "Rescuers shifted the injured to the Peshawar Institute of Medical Sciences.",
            "Peshawar Institute of Medical Sciences",
        ),
    ],
)
def test_extract_actors_an_institute_that_treats_the_sick_is_a_site(text, label):
    labels = _labels(text)
    assert labels.get(label) == "Site"


@pytest.mark.parametrize(
    "text,label,kind",
    [
        (
            "A JUI-S leader was shot dead outside his seminary in Nowshera on Friday.",
            "Jamiat Ulema-e-Islam (S)",
            "Organization",
        ),
        (
            "Officials said the commander had links to the Haqqani network across the border.",
            "Haqqani network",
            "ArmedGroup",
        ),
    ],
)
def test_extract_actors_party_factions_and_armed_networks(text, label, kind):
    labels = _labels(text)
    assert labels.get(label) == kind
    assert "Jamiat Ulema-e-Islam-Fazl" not in labels


def test_extract_actors_a_place_name_joined_into_a_longer_name_is_not_that_place():
    labels = _labels(
        "Gunmen fired on a guesthouse in the Kot-e-Ghazni area of Kandahar on Friday, "
        "wounding a guard."
    )
    assert not any("Ghazni" in label and label != "Kot-e-Ghazni" for label in labels)
    assert labels.get("Kandahar") == "City"


def test_extract_actors_the_armed_forces_of_a_pakistani_statement_are_the_army():
    labels = _labels(
        "Two soldiers were martyred in an attack on a post in Kurram on Monday; the armed "
        "forces will not let such cowardly acts go unpunished, the ISPR said."
    )
    assert labels.get("Pakistan Army") == "StateForce"
    assert "Pakistan Armed Forces" not in labels


def test_extract_actors_a_short_form_of_a_full_name_is_the_same_person(nlp):
    text = (
        "Provincial minister Naseem Akhtar Bizenjo survived a bomb attack in Khuzdar on Monday. "
        "Naseem Bizenjo later told reporters he would not be cowed."
    )
    people = {e.ent_id_ for e in nlp(text).ents if e.label_ == "Person"}
    assert len(people) == 1


def test_extract_actors_common_names_sharing_their_ends_stay_apart(nlp):
    text = (
        "Gunmen shot dead Muhammad Khan in Turbat on Monday. "
        "His neighbour Muhammad Ayub Khan was wounded."
    )
    people = {e.ent_id_ for e in nlp(text).ents if e.label_ == "Person"}
    assert len(people) == 2


def _site_parents(text: str) -> dict[str, tuple[str, str | None]]:
    """{surface: (kind, parent label)} of the sites ``text`` mentions."""
    extraction = extract(Document(id="d", text=text, published=date(2024, 5, 2)))
    labels = {e.key: e.label for e in extraction.entities}
    return {
        m.text: (e.kind, labels.get(e.parent))
        for e in extraction.entities
        if e.kind == "Site"
        for m in e.mentions
    }


@pytest.mark.parametrize(
    "text,surface,town",
    [
        # an institution named with its town after the noun is a site of that town
        ("Gunmen shot two guards in Kech on Friday. The wounded were shifted to Teaching "
         "Hospital Turbat.", "Teaching Hospital Turbat", "Turbat"),
        ("A mortar hit a house near the border in Zhob on Monday. The injured were taken to the "
         "District Headquarters Hospital Chaman.", "District Headquarters Hospital Chaman",
         "Chaman"),
        ("A blast killed a policeman in Quetta. Four more were treated at Civil Hospital Sibi.",
         "Civil Hospital Sibi", "Sibi"),
        # a district named before a hospital of the press's usage is the hospital's town
        ("A bomb went off in a market in Quetta on Sunday. The medical superintendent of "
         "Kalat Civil Hospital said three were dead.", "Kalat Civil Hospital", "Kalat District"),
        # jails and dams are sites, their noun written in lower case too
        ("The prisoner was killed by other inmates in Adiala jail in Rawalpindi.",
         "Adiala jail", "Rawalpindi"),
        ("Troops chased the kidnappers towards hideouts near Tarbela Dam.", "Tarbela Dam", None),
    ],
)  # fmt: skip
def test_extract_actors_institutions_jails_and_dams_are_sites(text, surface, town):
    assert _site_parents(text)[surface] == ("Site", town)


def test_extract_actors_a_town_s_jail_is_no_named_site():
    assert "Lahore jail" not in _site_parents("A prisoner was killed inside a Lahore jail.")


@pytest.mark.parametrize(
    "text,name",
    [
        # a town's name inside a titled man's name is part of his name
        ("Provincial Minister Sardar Kohat Khan Marri visited the wounded.", "Sardar Kohat Khan Marri"),
        # ("Mir" before a name that ends in a surname is an honorific the name goes without)
        ("Caretaker Chief Minister Mir Quetta Khan Raisani ordered an inquiry.",
         "Quetta Khan Raisani"),
        # a compound given name opens the name, it is no area of the post
        ("Levies official Dost Muhammad Kakar said two men were held.", "Dost Muhammad Kakar"),
        ("Police official Jan Muhammad Rind said the road was reopened.", "Jan Muhammad Rind"),
        # a man named after his kin is a man even when a place follows
        ("Gunmen took the officer and his nephew Saad Rafiq near Kalat on Monday.", "Saad Rafiq"),
    ],
)  # fmt: skip
def test_extract_actors_names_holding_a_place_or_a_post_word(nlp, text, name):
    assert name in _people(nlp, text)
    assert not any(e.label_ in ("City", "Site") and e.text in name for e in nlp(text).ents)


def test_extract_actors_a_leader_s_given_name_with_another_surname_is_another_man():
    extraction = extract(
        Document(
            id="d",
            text="Prime Minister Shehbaz Sharif condemned the attack in Kharan. Police named "
            "the dead as Tariq Mehmood, Shehbaz Qureshi and Shahzad Qureshi.",
            published=date(2024, 5, 2),
        )
    )
    people = {
        e.label: [m.text for m in e.mentions] for e in extraction.entities if e.kind == "Person"
    }
    assert people["Shehbaz Sharif"] == ["Shehbaz Sharif"]
    assert "Shehbaz Qureshi" in people and "Shahzad Qureshi" in people


@pytest.mark.parametrize(
    "text,surface,key,kind",
    [
        ("The Apex Committee on Tuesday approved a new operation against militants.",
         "Apex Committee", "actor:apex-committee-pk", "Government"),
        ("The SIFC said the mining deal would bring new investment to Chagai.", "SIFC",
         "actor:sifc-pk", "Government"),
        ("An official of the Balochistan Health Department said 12 wounded reached Sibi.",
         "Balochistan Health Department", "actor:health-balochistan", "Government"),
        ("Gunmen looted a branch of the National Bank of Pakistan in Kharan.",
         "National Bank of Pakistan", "actor:nbp", "Organization"),
    ],
)  # fmt: skip
def test_extract_actors_state_bodies_are_the_government(nlp, text, surface, key, kind):
    assert keyed(nlp, text)[surface] == (kind, key)


@pytest.mark.parametrize(
    "text,surface,key",
    [
        ("The prime minister condemned the bombing in Zhob, Radio Pakistan reported.",
         "Radio Pakistan", "actor:radio-pakistan"),
        ("PTV News said the wounded were taken to hospital in Kalat.", "PTV News",
         "actor:ptv-news"),
    ],
)  # fmt: skip
def test_extract_actors_state_broadcasters_are_outlets_not_the_country(nlp, text, surface, key):
    found = keyed(nlp, text)
    assert found[surface] == ("Organization", key)
    assert "Pakistan" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Chief of Army Staff Gen Bilal Akbar chaired a meeting in Rawalpindi on Monday.",
        "The army chief told the meeting in Quetta that the state would not bow to terror.",
    ],
)
def test_extract_actors_a_post_named_after_the_army_is_no_mention_of_it(nlp, text):
    kinds = {e.label_ for e in nlp(text).ents}
    assert "StateForce" not in kinds and "ArmedGroup" not in kinds


def test_extract_actors_border_troops_are_the_security_forces(nlp):
    found = keyed(nlp, "Pakistani border troops returned fire after shells landed in Chaman.")
    assert found["Pakistani border troops"] == ("StateForce", "actor:security-forces")


@pytest.mark.parametrize(
    "text,name",
    [
        ("Additional Deputy Commissioner (Revenue) Shakirullah Marri was shot dead in Kharan.",
         "Shakirullah Marri"),
        ("SSP (Investigation) Naveedullah Kasi said the attackers fled.", "Naveedullah Kasi"),
    ],
)  # fmt: skip
def test_extract_actors_a_post_s_branch_in_brackets_stands_before_the_name(nlp, text, name):
    assert name in _people(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead two traders in Kharan on Tuesday, police said. The province has "
        "long seen an insurgency by Baloch separatist groups seeking a greater share of its gas.",
        "A bomb hidden in a cart killed three people in Turbat on Friday. The province has "
        "been the scene of a low-level revolt by Baloch militants for two decades.",
    ],
)
def test_extract_actors_umbrella_group_in_background_only_is_dropped(text):
    assert "Baloch separatist groups" not in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Baloch separatists attacked a Levies post in Kharan on Tuesday, killing two guards.",
        "Terrorists of Fitna al-Hindustan ambushed a convoy near Turbat on Friday, killing "
        "three soldiers, the military said.",
    ],
)
def test_extract_actors_umbrella_group_blamed_or_named_is_kept(text):
    assert "Baloch separatist groups" in _labels(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen attacked a Frontier Constabulary post in Lakki Marwat on Sunday, killing two.",
        "Two Federal Constabulary personnel were wounded when a mine went off near Tank.",
    ],
)
def test_extract_actors_constabulary_by_its_current_name(text):
    assert _labels(text).get("Federal Constabulary") == "StateForce"


def test_extract_actors_soldiers_of_a_named_force_are_not_the_army():
    labels = _labels(
        "Three Levies soldiers were killed when gunmen raided their post in Kharan on Monday. "
        "The soldiers had been guarding the road to Washuk for a month."
    )
    assert labels.get("Balochistan Levies") == "StateForce"
    assert "Pakistan Army" not in labels


def test_extract_actors_soldiers_stay_the_army_when_the_force_is_not_called_so():
    labels = _labels(
        "Militants stormed a Frontier Corps camp in Kech on Monday. Two soldiers were "
        "killed in the exchange of fire, the military's media wing said."
    )
    assert labels.get("Pakistan Army") == "StateForce"


def test_extract_actors_a_militant_group_charity_front_is_an_organization():
    text = (
        "Gunmen shot dead a cleric in Lahore on Sunday. Neighbours knew him as a member of "
        "Jamaat-ud-Dawa (JuD), a charity tied to the militant group Lashkar-e-Taiba."
    )
    labels = _labels(text)
    assert labels.get("Jamaat-ud-Dawa") == "Organization"
    assert labels.get("Lashkar-e-Taiba") == "ArmedGroup"
