"""Where an incident happened, with invented sentences for each class of error seen on unseen
reports: datelines, destinations, unknown localities near a known town, a place told in a
sentence with no event word, and where officials spoke (issue #12)."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.clauses import find_dateline
from kg.extract.incidents import Places


def _places(text: str, published: date = date(2025, 3, 4)) -> list[list[str]]:
    """Each event's place and the places holding it, by label."""
    extraction = extract(Document(id="d", text=text, published=published))
    entities = {e.key: e for e in extraction.entities}
    found = []
    for event in extraction.events:
        chain, key = [], event.location
        while key in entities and len(chain) < 6:
            chain.append(entities[key].label)
            key = entities[key].parent
        found.append(chain)
    return found


def _event(text: str, published: date = date(2025, 3, 4)):
    [event] = extract(Document(id="d", text=text, published=published)).events
    return event


# -- 1. datelines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,dateline",
    [
        ("Peshawar [Pakistan], March 4: Militants attacked", "Peshawar [Pakistan], March 4"),
        ("New Delhi: Gunmen shot dead four labourers", "New Delhi"),
        ("Lahore, Jun 2 (PTI) Two soldiers were killed", "Lahore, Jun 2 (PTI)"),
        (
            "Kohat (Khyber Pakhtunkhwa), Sep 9 (IANS) A bomb",
            "Kohat (Khyber Pakhtunkhwa), Sep 9 (IANS)",
        ),
        ("Lashkar-e-Jhangvi (LeJ) fighters killed two men", None),
    ],
)
def test_dateline_formats(text, dateline):
    span = find_dateline(text, 0)
    assert (text[span[0] : span[1]] if span else None) == dateline


@pytest.mark.parametrize(
    "text,place,day",
    [
        # "the city of X" names X; it does not refer back to the city the story was filed from
        (
            "Peshawar [Pakistan], March 4: Militants attacked a police post on the outskirts "
            "of the city of Kohat late on Monday, killing three constables.",
            "Kohat",
            "2025-03-03",
        ),
        # the dateline's date is the day the story was filed, not the day of the attack
        (
            "Sialkot, Mar 4 (PTI) Gunmen shot dead two policemen at a checkpoint in Kurram "
            "district, officials said.",
            "Kurram District",
            "2025-03-04",
        ),
        (
            "New Delhi: Gunmen shot dead four labourers at a brick kiln in Kech district on "
            "Sunday, Pakistani officials said.",
            "Kech District",
            "2025-03-02",
        ),
    ],
)
def test_dateline_is_not_where_it_happened(text, place, day):
    event = _event(text)
    assert _places(text)[0][0] == place
    assert event.date == day


# -- 2. destinations and routes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text,place",
    [
        ("Gunmen opened fire on a Karachi-bound coach near Hub on Tuesday, killing three.", "Hub"),
        (
            "Militants ambushed a Parachinar–bound convoy in Lower Kurram on Friday, killing "
            "five people.",
            "Lower Kurram",
        ),
        (
            "Two soldiers were killed when their vehicle, on its way to Turbat, was ambushed "
            "in Kech on Sunday.",
            "Kech District",
        ),
    ],
)
def test_destination_is_not_where_it_happened(text, place):
    assert _places(text)[0][0] == place


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "QUETTA: A grenade hurt a shopkeeper in Pishin on Monday. Last week, the army said "
            "soldiers had shot dead 12 insurgents who tried to sneak into Zhob from across the "
            "border.",
            "Zhob District",
        ),
        (
            "PESHAWAR: Police defused a bomb in Mardan on Friday. On Tuesday, troops killed "
            "eight fighters attempting to cross into South Waziristan, the military said.",
            "South Waziristan District",
        ),
    ],
)
def test_place_entered_after_to_is_where_it_happened(text, place):
    """ "Militants who tried to slip into a district": the place entered is where the forces
    met them, not a destination."""
    assert _places(text)[-1][0] == place


# -- 3. an unknown locality near a known town -------------------------------------------------


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "Gunmen killed six fishermen in the fishing village of Dhorpani, some 40km west "
            "of Pasni, on Monday.",
            ["Dhorpani", "Pasni", "Gwadar District"],
        ),
        (
            "A bomb killed two policemen in the hamlet of Kotkai, about 15 kilometres north "
            "of Bannu, on Friday.",
            ["Kotkai", "Bannu", "Bannu District"],
        ),
        # the dateline's city does not hold a locality the report places elsewhere
        (
            "TURBAT / QUETTA: Gunmen killed five labourers in the town of Shapuk, 30 km west "
            "of Turbat, on Friday.",
            ["Shapuk", "Turbat", "Kech District"],
        ),
        # a name that "near" and a town place is a locality, whatever its first word
        (
            "Armed men stopped a van near Sultan Kot outside the town of Kalat and shot "
            "dead four passengers on Monday.",
            ["Sultan Kot", "Kalat District"],
        ),
    ],
)
def test_unknown_locality_near_a_known_town(text, chain):
    assert _places(text)[0][: len(chain)] == chain


def test_a_town_a_distance_away_is_given_when_nothing_finer_is():
    text = "Gunmen killed two levies personnel in the hills some 40 km north of Khuzdar on Monday."
    assert _places(text)[0][0] == "Khuzdar"


def test_person_of_a_town_stays_a_person():
    text = (
        "Gunmen killed two men in Kech on Monday. They were identified as Abdul Karim of "
        "Gwadar and Nadir Ali of Pasni."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    people = {e.label for e in extraction.entities if e.kind == "Person"}
    assert {"Abdul Karim", "Nadir Ali"} <= people


# -- 4. the place is told in a sentence with no event word -------------------------------------


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "QUETTA: Gunmen in southwestern Pakistan killed seven passengers on Friday, "
            "officials said.\n\nThe assailants blocked the highway near Kardigap in Mastung "
            "district and checked identity cards, an official said. The victims came from "
            "Sheikhupura.",
            "Kardigap",
        ),
        (
            "Militants killed five soldiers in northwestern Pakistan on Tuesday, the army "
            "said.\n\nThe soldiers were on patrol in the Datta Khel area of North Waziristan "
            "when they came under fire.",
            "Datta Khel",
        ),
        # a home town is not where it happened
        (
            "Gunmen killed four labourers in Balochistan on Friday.\n\nAll four belonged to "
            "Bahawalpur, police said.",
            "Balochistan",
        ),
    ],
)
def test_place_told_without_an_event_word(text, place):
    assert _places(text)[0][0] == place


def test_passing_mention_elsewhere_does_not_widen_the_place_to_the_province():
    text = (
        "Gunmen shot dead six workers in the town of Jiwani in Gwadar district on Thursday.\n\n"
        "The killings resembled recent attacks in Turbat. It was the second attack on "
        "labourers in Balochistan this month."
    )
    assert _places(text)[0][0] == "Jiwani"


# -- 5. where officials spoke ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed four policemen at a checkpost in Lakki Marwat on Monday. In Peshawar, "
        "the chief minister condemned the attack and paid tribute to the martyred policemen.",
        "A bomb killed three soldiers in Lakki Marwat on Monday. Speaking at the Peshawar "
        "Press Club, the provincial spokesman condemned the attack.",
        "A bomb killed three soldiers in Lakki Marwat on Monday. Addressing a news "
        "conference in Islamabad, the interior minister said the attack was cowardly.",
        "A bomb killed three soldiers in Lakki Marwat on Monday. In Islamabad, a spokesman "
        "said the attack would not go unpunished.",
    ],
)
def test_where_officials_spoke_is_not_where_it_happened(text):
    assert [chain[0] for chain in _places(text)] == ["Lakki Marwat District"]


def test_reaction_naming_the_place_keeps_it():
    text = "The attack in Kohat was condemned by the prime minister on Tuesday."
    assert _places(text)[0][0] == "Kohat"


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "Gunmen killed five labourers in Balochistan on Friday.\n\nOfficials in Quetta "
            "said the bodies were found beside a road.",
            "Balochistan",
        ),
        (
            "Police in Quetta said militants killed four soldiers in Kalat on Monday.",
            "Kalat District",
        ),
        ("Militants killed four soldiers in Kalat on Monday, police said.", "Kalat District"),
    ],
)
def test_where_the_speaker_is_is_not_where_it_happened(text, place):
    assert _places(text)[0][0] == place


@pytest.mark.parametrize(
    "text,chain",
    [
        # an Iranian county is the district the town or attack lies in
        (
            "TEHRAN: Gunmen killed four border guards on Tuesday in Saravan county of "
            "Sistan-Baluchestan province, state media said.",
            ["Saravan County", "Sistan and Baluchestan Province", "Iran"],
        ),
        (
            "TEHRAN: Militants attacked a police station in Zahedan on Tuesday, killing two "
            "officers.",
            ["Zahedan", "Zahedan County", "Sistan and Baluchestan Province", "Iran"],
        ),
        # a Punjab district named after its headquarters town
        (
            "LAHORE: Two policemen were shot dead on Tuesday in Okara district, police said.",
            ["Okara District", "Punjab", "Pakistan"],
        ),
    ],
)
def test_place_lies_in_its_district_or_county(text, chain):
    assert _places(text)[0] == chain


@pytest.mark.parametrize(
    "text,chain",
    [
        # tehsil towns of the tribal districts and of Swat, Karak and Mianwali
        (
            "PESHAWAR: Gunmen opened fire on a polio team in Chamkani on Tuesday, killing a "
            "policeman escorting the vaccinators.",
            ["Chamkani", "Peshawar", "Peshawar District", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
        (
            "A roadside bomb hit a security convoy near Sararogha on Monday, killing two "
            "soldiers, officials said.",
            ["Sararogha", "South Waziristan District", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
        (
            "Militants stormed a police post in Takht-e-Nasrati late on Friday, injuring three "
            "constables.",
            ["Takht-e-Nasrati", "Karak District", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
        (
            "A bomb went off outside a school in Charbagh on Sunday, wounding a watchman.",
            ["Charbagh", "Swat District", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
        (
            "Terrorists attacked a police check post in Kundal on Wednesday night; one "
            "constable was killed.",
            ["Kundal", "Mianwali District", "Punjab", "Pakistan"],
        ),
    ],
)
def test_tehsil_town_is_the_place(text, chain):
    assert _places(text)[0] == chain


def test_town_of_south_waziristan_has_it_as_district():
    text = (
        "WANA: Two soldiers were martyred when militants fired on a patrol in Lower South "
        "Waziristan's Wana on Thursday, the military said."
    )
    assert _places(text)[0][:2] == ["Wana", "South Waziristan District"]


# -- round-ups told paragraph by paragraph, names that hold a place noun or a town's name ----

_ROUNDUP = """Grenade attacks wound nine across Balochistan

QUETTA: Nine people were wounded in a series of grenade attacks in several districts of \
Balochistan on Monday, officials said.

Mastung: A grenade was lobbed at a shop in the Kardgap area, wounding three people, police said.

Hub: Two people were hurt when a grenade exploded outside a bank, the SSP said.

Kalat: A hand grenade went off near a police post on Johan Road, injuring four passers-by."""


def test_roundup_paragraph_head_places_its_incident():
    # the locality of each paragraph lies in the place that heads it, and a head that is an
    # ambiguous word ("Hub") still names the place of its paragraph
    assert _places(_ROUNDUP) == [
        ["Kardgap", "Mastung District", "Balochistan", "Pakistan"],
        ["Hub", "Hub District", "Balochistan", "Pakistan"],
        ["Johan Road", "Kalat District", "Balochistan", "Pakistan"],
    ]


def test_story_dateline_heads_no_paragraph():
    # the dateline of the lead is where the story was filed, not a paragraph's place
    [chain] = _places(
        "PESHAWAR: Gunmen shot dead two policemen at a checkpoint in the Sardar Garhi area "
        "on Monday, police said."
    )
    assert chain == ["Sardar Garhi"]


@pytest.mark.parametrize(
    "text,chain",
    [
        # a name before a town's name makes another place, not the town (Bagh in AJK)
        (
            "PESHAWAR: Gunmen shot dead two policemen at a checkpoint in Hayat Bagh on Monday, "
            "police said.",
            ["Hayat Bagh"],
        ),
        # a capitalised "Town" ends a neighbourhood's name; "Mehran" is no slip for Tehran
        (
            "KARACHI: Two men were shot dead on Monday near a shop in the Mehran Town area of "
            "the city, police said.",
            ["Mehran Town", "Karachi", "Sindh", "Pakistan"],
        ),
        (
            "Two traders were shot dead on Monday in the Gulshan Colony area of Mardan, police "
            "said.",
            ["Gulshan Colony", "Mardan", "Mardan District", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
    ],
)
def test_name_holding_a_place_is_a_place_of_its_own(text, chain):
    assert _places(text) == [chain]


@pytest.mark.parametrize(
    "text,site",
    [
        (
            "QUETTA: Militants hurled a grenade at the Kuchlak Imambargah in Quetta on Friday, "
            "wounding five people.",
            "Kuchlak Imambargah",
        ),
        (
            "A bomb exploded outside the Central Jamia Masjid in Kohat on Friday, killing three "
            "worshippers, police said.",
            "Central Jamia Masjid",
        ),
        (
            "Gunmen opened fire at the Pir Baba Shrine in Buner on Sunday, killing two devotees.",
            "Pir Baba Shrine",
        ),
    ],
)
def test_place_of_worship_is_a_site_in_its_town(text, site):
    [chain] = _places(text)
    assert chain[0] == site and len(chain) > 2


def test_border_between_two_regions_is_in_neither():
    chains = _places(
        "Two policemen martyred as militants storm check post in Taunsa\n\n"
        "DERA GHAZI KHAN: Two policemen were martyred on Tuesday when militants stormed a "
        "police check post near the Balochistan-Punjab border, officials said."
    )
    assert chains[0] == ["Taunsa Sharif", "Dera Ghazi Khan District", "Punjab", "Pakistan"]
    assert ["Balochistan", "Pakistan"] not in chains


def test_iranian_town_spelt_as_the_press_does_lies_in_its_county():
    assert _places(
        "TEHRAN: Gunmen killed three road workers on Sunday on a road outside Meharistan, "
        "Iranian officials said."
    ) == [["Mehrestan", "Mehrestan County", "Sistan and Baluchestan Province", "Iran"]]


def test_incident_told_with_no_place_happened_where_the_story_did():
    # the second attack names no place: it happened where the ambush it follows did
    chains = _places(
        "LAHORE: Dacoits killed four policemen in an ambush in the riverine area of Rajanpur "
        "district on Tuesday, police said. One of the wounded died on Wednesday, raising the "
        "toll to five. On Thursday, the same gang attacked a police picket, wounding two "
        "constables.",
        published=date(2025, 3, 7),
    )
    assert chains == [["Rajanpur District", "Punjab", "Pakistan"]] * 2


@pytest.mark.parametrize(
    "text,site",
    [
        # the site stormed is finer than the town a later sentence places the attack in
        (
            "Militants stormed the Mardan Police Office on Monday, killing three policemen, "
            "officials said. The attack in Mardan lasted four hours.",
            "Mardan Police Office",
        ),
        # a hospital is where the wounded went, not a site that was hit
        (
            "Gunmen opened fire on a police van in Kohat on Monday, killing two constables. "
            "The wounded were taken to the Kohat District Headquarters Hospital.",
            "Kohat",
        ),
    ],
)
def test_site_hit_in_its_town_is_the_place(text, site):
    assert _places(text)[0][0] == site


def test_part_of_the_city_is_finer_than_the_city():
    # "the city's Baldia area" is read as a locality, then made a site of the city: it is
    # the finer place, not a town of the same rank as the city
    assert _places(
        "KARACHI: A gunman shot dead a shopkeeper in the city's Baldia area on Monday, police said."
    ) == [["Baldia", "Karachi", "Sindh", "Pakistan"]]


@pytest.mark.parametrize(
    "text,sector",
    [
        (
            "ISLAMABAD: Gunmen on motorcycles shot dead a police constable in the capital's "
            "G-11/2 sector on Monday, police said.",
            "G-11/2 sector",
        ),
        (
            "A cracker blast damaged two shops in Sector F-7 on Monday, police said.",
            "Sector F-7",
        ),
        ("Gunmen robbed and shot a jeweller in the I-8 Markaz on Monday.", "I-8 Markaz"),
    ],
)
def test_sector_of_the_capital_by_its_code(text, sector):
    assert _places(text)[0][:2] == [sector, "Islamabad"]


def test_incident_across_listed_towns_and_others_lies_in_their_region():
    chains = _places(
        "MIRPUR: Protesters and police clashed on Tuesday in Kotli, Bhimber and other towns, "
        "leaving four people dead, officials said."
    )
    assert chains == [["Azad Jammu and Kashmir", "Pakistan"]]


def test_attacks_on_listed_towns_keep_their_town():
    # two camps attacked, one in each town: no one incident across the province
    chains = _places(
        "QUETTA: Militants attacked the camps at Kharan and Washuk on Tuesday, officials said."
    )
    assert ["Balochistan", "Pakistan"] not in chains


@pytest.mark.parametrize(
    "text,chain",
    [
        # the seminary named by its kind first, then its own name, lies in the town after it
        (
            "MARDAN: A bomb went off at Darul Uloom Rahimia in Takht Bhai on Friday, killing "
            "three students.",
            ["Darul Uloom Rahimia", "Takht Bhai", "Mardan District"],
        ),
        (
            "A suicide bomber struck Jamia Masjid Noor in Charsadda after prayers, killing six "
            "worshippers.",
            ["Jamia Masjid Noor", "Charsadda", "Charsadda District"],
        ),
        # hyphenated spellings and the joined particle of the name
        (
            "PESHAWAR: A blast tore through the Dar-ul-Uloom Islamia in Peshawar on Friday, "
            "killing two people.",
            ["Dar-ul-Uloom Islamia", "Peshawar", "Peshawar District"],
        ),
        (
            "Three teachers of the Madrassa-e-Faridia in Tangi were among those killed in the "
            "blast on Friday, police said.",
            ["Madrassa-e-Faridia", "Tangi", "Charsadda District"],
        ),
        # an unnamed madrassa leaves the town
        (
            "QUETTA: Three people were killed in a blast at a madrassa in Quetta on Friday.",
            ["Quetta", "Quetta District"],
        ),
    ],
)
def test_seminary_named_after_its_kind_is_the_place(text, chain):
    assert _places(text)[0][: len(chain)] == chain


@pytest.mark.parametrize(
    "text,place",
    [
        # the capital that claims a toll is the government speaking, not the target
        (
            "Pakistani jets bombed hideouts in Khost province of Afghanistan on Monday, in what "
            "Islamabad described as a strike on militant camps. Local officials said nine "
            "people were killed.",
            "Khost Province",
        ),
        (
            "Islamabad claims 40 militants dead as air strikes hit Kunar\n\nPakistani aircraft "
            "struck targets in Kunar province of Afghanistan on Tuesday, officials said.",
            "Kunar Province",
        ),
        # a verb of striking before the provinces places the strikes there
        (
            "Pakistani air strikes killed eleven people late on Sunday, hitting Kunar and "
            "Nangarhar provinces, the Taliban said.",
            "Kunar Province",
        ),
    ],
)
def test_strike_across_the_border_is_where_it_hit(text, place):
    assert _places(text, published=date(2025, 3, 4))[0][0] == place


@pytest.mark.parametrize(
    "text,place",
    [
        # where the officials spoke, put before them, is not where it happened
        (
            "In Lahore, provincial officials said on Monday that shelling had killed four "
            "villagers in Kotli overnight.",
            "Kotli",
        ),
        # one strike campaign across regions lies in the area holding them all
        (
            "At least 20 people were killed when artillery shells struck civilian areas of "
            "Punjab and Azad Jammu and Kashmir on Tuesday, officials said.",
            "Pakistan",
        ),
        (
            "Drones hit several towns overnight, killing nine people; the towns hit included "
            "Kotli, Bagh and Sialkot, officials said.",
            "Pakistan",
        ),
        (
            "Nine civilians were killed when shells struck areas of Kotli and other parts of "
            "the country on Friday, the military said.",
            "Pakistan",
        ),
        # a list of towns of one region lies in that region
        (
            "Twelve people were killed when shells struck border villages in the areas of "
            "Kotli and Bagh on Friday, officials said.",
            "Azad Jammu and Kashmir",
        ),
    ],
)
def test_strike_across_regions_lies_in_the_area_holding_them(text, place):
    assert _places(text)[0][0] == place


@pytest.mark.parametrize(
    "text,place",
    [
        # the building it hit, when the report names no other place, is where it happened
        (
            "QUETTA: Security forces regained control of the Quetta Police Office late on "
            "Monday after gunmen stormed the building. Three policemen were martyred.",
            "Quetta Police Office",
        ),
        # a quarter of the town hit is given by its town
        (
            "KOHAT: Security forces cleared the Kohat Cantonment late on Monday after gunmen "
            "stormed its gate. Three soldiers were martyred.",
            "Kohat",
        ),
    ],
)
def test_site_the_report_alone_names_is_the_place(text, place):
    assert _places(text)[0][0] == place


@pytest.mark.parametrize(
    "text,chain",
    [
        # a locality put where it happened, right after the one town named, lies in that town
        (
            "Peshawar, May 3 (AP): Two policemen were killed on Saturday in a bomb blast in "
            "Kohat. The blast took place near Garhi Dilawar Chowk, police said.",
            ["Garhi Dilawar Chowk", "Kohat", "Kohat District"],
        ),
        (
            "Three shopkeepers were shot dead in Mastung on Sunday. The gunmen struck at "
            "Sheikhan Adda and fled on motorcycles, police said.",
            ["Sheikhan Adda", "Mastung District", "Balochistan"],
        ),
    ],
)
def test_locality_after_its_town_lies_in_it(text, chain):
    """Regional nouns of places ("Adda", "Morr", "Sarak", "Chowk") name a locality too."""
    assert _places(text)[0][: len(chain)] == chain


# -- unknown localities placed by a region, ISPR's "general area", valleys named like districts


@pytest.mark.parametrize(
    "text,chain",
    [
        # a compass word between "area of" and the province: the locality lies in the province,
        # and it is finer than the province
        (
            "QUETTA: Gunmen stormed a Levies post in the Shinghar Kalan area of south-western "
            "Balochistan on Monday night, killing two guards, officials said.",
            ["Shinghar Kalan", "Balochistan", "Pakistan"],
        ),
        (
            "PESHAWAR: Militants attacked a police checkpoint in the Sar Kanda area of northern "
            "Khyber Pakhtunkhwa on Friday, wounding three constables.",
            ["Sar Kanda", "Khyber Pakhtunkhwa", "Pakistan"],
        ),
    ],
)
def test_locality_in_a_qualified_province_is_the_place(text, chain):
    assert _places(text)[0] == chain


def test_general_area_names_a_locality_of_its_district():
    """Military press releases write "in general area X of <district>"."""
    text = (
        "RAWALPINDI: Security forces killed three terrorists in an intelligence-based "
        "operation in general area Spin Tangi of Kurram District on Wednesday, the ISPR said."
    )
    assert _places(text)[0][:2] == ["Spin Tangi", "Kurram District"]


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "GILGIT: Unknown men torched a primary school in the Darel Valley of Diamer "
            "district on Sunday night, police said.",
            ["Darel Valley", "Diamer District", "Gilgit-Baltistan"],
        ),
        (
            "Arsonists torched a boys' school in Diamer's Darel Valley on Sunday, police said.",
            ["Darel Valley", "Diamer District", "Gilgit-Baltistan"],
        ),
    ],
)
def test_valley_named_like_a_district_but_placed_in_another_is_a_locality(text, chain):
    assert _places(text)[0][: len(chain)] == chain


def test_valley_of_its_own_district_stays_the_district():
    text = "Gunmen shot dead a shopkeeper in the Swat valley on Sunday, police said."
    assert _places(text)[0][0] == "Swat District"


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "QUETTA: Two Levies men were shot dead at a checkpost in Muslim Bagh, "
            "Balochistan, on Tuesday, officials said.",
            ["Muslim Bagh", "Qila Saifullah District", "Balochistan"],
        ),
        (
            "A roadside bomb wounded four policemen near Khwazakhela on Sunday, police said.",
            ["Khwazakhela", "Swat District", "Khyber Pakhtunkhwa"],
        ),
        (
            "Gunmen on motorcycles killed a shopkeeper in Dargai on Friday, police said.",
            ["Dargai", "Malakand District", "Khyber Pakhtunkhwa"],
        ),
    ],
)
def test_tehsil_town_is_the_place_not_its_province(text, chain):
    """Tehsil headquarters that conflict news names lie in their district."""
    assert _places(text)[0][: len(chain)] == chain


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "Militants attacked the Assistant Commissioner's office beside the Wana Bazaar in "
            "South Waziristan on Friday, killing a guard, officials said.",
            "Wana",
        ),
        (
            "A bomb planted behind the Mir Ali bus terminal in North Waziristan went off on "
            "Monday, wounding six people.",
            "Mir Ali",
        ),
    ],
)
def test_town_a_landmark_beside_it_names_is_the_place_not_the_district(text, place):
    """ "beside", "behind", "next to", "opposite" put what happened where the place is."""
    assert _places(text)[0][0] == place


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "Gunmen opened fire on a Levies checkpost on Kanraj Road off the N-25 on Monday, "
            "killing two guards.",
            ["Kanraj Road", "N-25 highway", "Balochistan"],
        ),
        (
            "Unidentified men shot dead a driver on Shatial Road off the Karakoram Highway on "
            "Tuesday, police said.",
            ["Shatial Road", "Karakoram Highway"],
        ),
    ],
)
def test_road_off_a_highway_lies_along_it(text, chain):
    """An unknown road that branches off a known highway is placed by it, and is finer."""
    assert _places(text)[0][: len(chain)] == chain


def test_area_that_saw_another_incident_is_the_story_s_area():
    """ "The province also saw clashes ...": told with no place of its own, the other incident
    happened in the province of the story's incident, not at its exact place."""
    text = (
        "TURBAT: Gunmen shot dead three labourers at a construction site in Turbat on "
        "Tuesday, police said. The province also saw clashes on Sunday between police and "
        "protesters, which left two people dead."
    )
    assert [chain[0] for chain in _places(text)] == ["Turbat", "Balochistan"]


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "Militants blew up the Government Girls Primary School Shewa in North Waziristan "
            "on Monday night, police said.",
            ["Government Girls Primary School Shewa", "North Waziristan District"],
        ),
        (
            "Unknown men torched the Government Middle School Sra Kala in Bajaur district on "
            "Sunday night, police said.",
            ["Government Middle School Sra Kala", "Bajaur District"],
        ),
    ],
)
def test_school_named_by_its_kind_is_the_place_in_its_district(text, chain):
    """A government school is named by its kind, then its village ("Government High School
    X"); a district right after it holds it."""
    assert _places(text)[0][: len(chain)] == chain


@pytest.mark.parametrize("cue", ["next to", "close to", "adjacent to"])
def test_place_close_to_which_it_happened_is_no_destination(cue):
    """ "to" alone says where someone went; "close to", "next to" say where it happened."""
    text = (
        f"A grenade was hurled at a police van {cue} the Pezu bus stand in Lakki Marwat "
        "district on Monday, police said."
    )
    assert _places(text)[0][:2] == ["Pezu", "Lakki Marwat District"]


def test_place_fled_to_stays_a_destination():
    text = "Gunmen killed two policemen in Lakki Marwat district and fled to Pezu on Monday."
    assert _places(text)[0][0] == "Lakki Marwat District"


def test_same_district_refers_back_to_the_district_named_before():
    """ "in the same district": the district of the story's incident, not its province."""
    text = (
        "Five porters died in an explosion in Kurram on Monday. Only days earlier, on March 1, "
        "two men were shot dead in targeted attacks in the same district. The surge is traced "
        "to the Tehreek-e-Taliban Pakistan, and the violence is the worst the province has "
        "seen in a decade."
    )
    assert [chain[0] for chain in _places(text)] == ["Kurram District", "Kurram District"]


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "A bomb exploded beside a bus carrying pilgrims from several cities through "
            "Mastung in Balochistan on Sunday, killing three people.",
            "Mastung District",
        ),
        (
            "Militants ambushed a convoy taking workers from the capital through Khyber "
            "district on Friday, killing two guards.",
            "Khyber District",
        ),
    ],
)
def test_place_a_convoy_was_passing_through_is_where_it_was_hit(text, place):
    """ "carrying X from Y through Z": where those aboard came from is no place of the
    incident, but the place they were passing through is."""
    assert _places(text)[0][0] == place


@pytest.mark.parametrize("noun", ["Chowk", "Market"])
def test_square_named_after_a_man_is_a_site_of_the_town(noun):
    """ "Imran Aslam Chowk": a square or a market named after a man is a place, not the man."""
    text = (
        f"A bomb hidden in a motorbike exploded at Imran Aslam {noun} in Turbat on Friday, "
        "killing two people, police said."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    assert not any(e.kind == "Person" for e in extraction.entities)
    assert _places(text)[0][:2] == [f"Imran Aslam {noun}", "Turbat"]


@pytest.mark.parametrize(
    "text,chain",
    [
        # a town a newer district was carved around is the town
        ("QUETTA: Gunmen attacked the tehsil office in Surab on Tuesday, killing a guard.",
         ["Surab", "Surab District", "Balochistan", "Pakistan"]),
        # a district's large headquarters town is the town
        ("PESHAWAR: A bomb went off near a bus stand in Nowshera on Tuesday, killing two.",
         ["Nowshera", "Nowshera District", "Khyber Pakhtunkhwa", "Pakistan"]),
        # a town heading a district of another name is the town, in that district
        ("SUKKUR: Dacoits killed a constable at a picket in Kandhkot on Tuesday.",
         ["Kandhkot", "Kashmore District", "Sindh", "Pakistan"]),
        ("QUETTA: Militants stormed the Levies station in Bhag on Tuesday, killing two men.",
         ["Bhag", "Kachhi District", "Balochistan", "Pakistan"]),
        # "<name> district" is still the district
        ("QUETTA: Two Levies men were shot dead in Surab district on Tuesday.",
         ["Surab District", "Balochistan", "Pakistan"]),
    ],
)  # fmt: skip
def test_a_town_named_like_its_district_is_the_town(text, chain):
    assert _places(text)[0] == chain


def test_the_country_a_report_never_names_is_no_entity():
    extraction = extract(
        Document(
            id="d",
            text="Gunmen killed two policemen in Tank on Tuesday. The attack was the third on "
            "the police in the country this month.",
            published=date(2025, 3, 4),
        )
    )
    assert not any(e.kind == "Country" and e.mentions for e in extraction.entities)


def test_the_country_a_report_names_is_referred_back_to():
    extraction = extract(
        Document(
            id="d",
            text="Gunmen killed two policemen in Tank, Pakistan, on Tuesday. The attack was the "
            "third on the police in the country this month.",
            published=date(2025, 3, 4),
        )
    )
    [country] = [e for e in extraction.entities if e.kind == "Country" and e.mentions]
    assert [m.text for m in country.mentions] == ["Pakistan", "the country"]


def test_a_division_named_after_a_district_does_not_contradict_a_town_in_it():
    text = (
        "QUETTA: Gunmen stormed Surab in the Kalat division of Balochistan on Friday, torching "
        "the tehsil office and killing a Levies man."
    )
    assert _places(text)[0] == ["Surab", "Surab District", "Balochistan", "Pakistan"]


def test_where_a_victim_was_posted_is_not_where_it_happened():
    text = (
        "PESHAWAR: Gunmen ambushed the car of a revenue official in Lakki Marwat district on "
        "Monday, killing him. He was posted in Miran Shah near the border."
    )
    assert _places(text)[0][0] == "Lakki Marwat District"


def _named(text: str) -> dict[str, str]:
    """Label -> kind of every entity the text mentions."""
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    return {e.label: e.kind for e in extraction.entities if e.mentions}


def test_villages_of_kurram_are_towns_of_the_district():
    text = (
        "PARACHINAR: Gunfire between rival groups spread to Pewar, Sangina and Kunj Alizai in "
        "Kurram district on Sunday, killing four people."
    )
    named = _named(text)
    assert {named.get(v) for v in ("Peewar", "Sangina", "Kunj Alizai")} == {"City"}
    one = "A rocket fired from the hills hit a house in Khumsa on Sunday, killing two children."
    assert _places(one)[0][:2] == ["Khumsa", "Kurram District"]


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("Gunmen shot dead a shopkeeper on Gwadar Road in Turbat on Monday.", "Gwadar Road"),
        (
            "Militants ambushed a convoy on the Kalat-Khuzdar Road on Monday, killing one.",
            "Kalat-Khuzdar Road",
        ),
        (
            "Border guards of the two countries traded fire near the Khyber Pass on Monday.",
            "Khyber Pass",
        ),
        (
            "Troops killed three militants in the Shorawak Range of Kech district on Monday.",
            "Shorawak Range",
        ),
    ],
)
def test_a_road_pass_or_range_named_after_a_town_is_a_site(text, site):
    named = _named(text)
    assert named.get(site) == "Site"


def test_a_village_ending_a_school_name_is_the_school_name():
    text = "Gunmen stormed the Government Middle School Zeran on Tuesday and killed a guard."
    named = _named(text)
    assert named.get("Government Middle School Zeran") == "Site"
    assert "Zeran" not in named


def test_towns_listed_before_districts_are_the_districts():
    text = (
        "Militant attacks rose across the Kohat, Lakki Marwat and Bannu districts of Khyber "
        "Pakhtunkhwa in May, killing 30 people, officials said on Monday."
    )
    named = _named(text)
    assert named.get("Kohat District") == "District"
    assert named.get("Bannu District") == "District"
    assert "Kohat" not in named and "Bannu" not in named


@pytest.mark.parametrize(
    ("text", "town", "district"),
    [
        ("Gunmen attacked a police post in Wahwa on Monday, killing two constables.", "Wahwa", "Dera Ghazi Khan District"),
        ("A bomb hit a police van in Mamond on Monday, killing five.", "Mamund", "Bajaur District"),
        ("Militants fired on a checkpoint in Isa Khel on Monday, wounding two policemen.", "Isa Khel", "Mianwali District"),
        ("Coal miners were shot dead in Chamalang on Monday.", "Chamalang", "Duki District"),
    ],
)  # fmt: skip
def test_towns_of_the_border_districts_are_towns(text, town, district):
    assert _places(text)[0][:2] == [town, district]


def test_the_soviet_union_is_a_country_not_a_body():
    text = "Refugees fled to Bajaur during the Soviet Union's war in Afghanistan in the 1980s."
    assert _named(text).get("Soviet Union") == "Country"


def test_a_punjab_town_lies_in_its_district():
    text = (
        "Gunmen shot dead a shopkeeper in Daska on Friday evening, police said. "
        "The killing took place at the Rehmat Market near the grain depot."
    )
    chain = _places(text)[0]
    assert chain[-4:-1] == ["Daska", "Sialkot District", "Punjab"]


def test_a_locality_of_islamabad_is_a_site_in_the_capital():
    text = (
        "ISLAMABAD: Unidentified gunmen shot dead a traffic warden near the Karachi Company "
        "bus stop on Thursday night, police said."
    )
    chain = _places(text)[0]
    assert chain[:2] == ["Karachi Company", "Islamabad"]
    assert "Karachi" not in _named(text)


def test_malakand_division_is_the_division_not_the_district():
    text = (
        "A bomb killed two policemen in Swat on Monday, the latest of several attacks across "
        "Malakand division this month."
    )
    named = _named(text)
    assert named.get("Malakand Division") == "District"
    assert "Malakand District" not in named
    assert _places(text)[0][0] == "Swat District"


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "A roadside bomb wounded four policemen near Gomal on Monday. They were moved to "
            "the District Headquarters Hospital Tank.",
            "District Headquarters Hospital Tank",
        ),
        (
            "Gunmen wounded two traffic wardens on Friday. Both were taken to the District "
            "Headquarters Hospital Lakki Marwat, police said.",
            "District Headquarters Hospital Lakki Marwat",
        ),
    ],
)
def test_a_hospital_named_after_its_district_town_holds_the_name(text, site):
    named = _named(text)
    assert named.get(site) == "Site"
    assert "District Headquarters Hospital" not in named


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "Militants attacked the Gandi Khan police station in Bannu district on Sunday night, "
            "killing two constables.",
            "Gandi Khan police station",
        ),
        (
            "Two constables were killed when gunmen fired on the Shadi Khel police post in Karak "
            "on Sunday.",
            "Shadi Khel police post",
        ),
    ],
)
def test_a_post_named_by_a_name_before_police_station_is_a_site(text, site):
    assert _named(text).get(site) == "Site"
    assert _places(text)[0][0] == site


def test_a_post_named_as_a_landmark_is_not_where_it_happened():
    text = (
        "A bomb went off outside a bank that stands near the Gandi Khan police station in Bannu "
        "on Sunday, killing two passers-by."
    )
    assert "Gandi Khan police station" not in _named(text)


def test_a_gulf_wire_dateline_is_a_city_not_where_it_happened():
    text = (
        "DUBAI (Reuters) - Gunmen killed three border guards near Saravan in Iran's southeast "
        "on Friday, state media reported."
    )
    assert _named(text).get("Dubai") == "City"
    assert "Dubai" not in _places(text)[0]


def _place_entities(text: str) -> set[tuple[str, str]]:
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    return {
        (e.label, e.kind) for e in extraction.entities if e.kind in ("City", "District", "Site")
    }


@pytest.mark.parametrize(
    "text,district,town",
    [
        (
            "Gunmen on motorcycles shot dead two traffic wardens in the Sanghar area on "
            "Thursday, police said.",
            "Sanghar District",
            "Sanghar",
        ),
        (
            "Dacoits ambushed a police patrol in the riverine area of Okara late on Monday, "
            "killing a constable.",
            "Okara District",
            "Okara",
        ),
    ],
)
def test_headquarters_town_named_as_an_area_is_its_district(text, district, town):
    found = _place_entities(text)
    assert (district, "District") in found
    assert (town, "City") not in found


@pytest.mark.parametrize("spelling", ["Miramshah", "Miranshah", "Miran Shah"])
def test_a_town_spelt_several_ways_has_the_name_the_press_gives_it(spelling):
    text = f"A drone struck a house in {spelling} on Sunday, killing three militants."
    assert _places(text)[0][:2] == ["Miran Shah", "North Waziristan District"]


@pytest.mark.parametrize(
    ("text", "unit", "town"),
    [
        (
            "A suicide bomber struck a convoy on Thursday in Kohat, a district of Khyber "
            "Pakhtunkhwa province, killing four soldiers.",
            "Kohat District",
            "Kohat",
        ),
        (
            "A bomb went off near a market in Sialkot, a Punjab district close to the frontier, "
            "killing two people on Monday.",
            "Sialkot District",
            "Sialkot",
        ),
        (
            "Pakistani jets struck houses in Khost and Paktika, two provinces along the border, "
            "killing eight people, officials said on Monday.",
            "Khost Province",
            "Khost",
        ),
    ],
)
def test_a_name_an_apposition_calls_a_district_or_province_is_that_unit(text, unit, town):
    named = _named(text)
    assert named.get(unit) in ("District", "Province")
    assert town not in named


@pytest.mark.parametrize(
    ("text", "site", "town"),
    [
        (
            "Border guards exchanged fire at the Chaman crossing on Monday, wounding two traders.",
            "Chaman border crossing",
            "Chaman",
        ),
        (
            "Traders were stranded when the Chaman border crossing shut after a gunfight on Sunday.",
            "Chaman border crossing",
            "Chaman",
        ),
    ],
)
def test_a_border_crossing_named_after_its_town_is_the_crossing(text, site, town):
    named = _named(text)
    assert named.get(site) == "Site"
    assert town not in named


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "Ten wounded were shifted to the District Headquarters Hospital in Tank after the "
            "blast on Monday.",
            "District Headquarters Hospital Tank",
        ),
        (
            "The injured were taken to the Civil Hospital in Zhob after gunmen opened fire on "
            "Monday.",
            "Civil Hospital Zhob",
        ),
        (
            "Twelve of the wounded were being treated at the District Headquarters Hospital (DHQ) "
            "Parachinar, doctors said on Monday after the blast.",
            "District Headquarters Hospital Parachinar",
        ),
    ],
)
def test_a_hospital_named_by_its_kind_takes_the_town_named_after_it(text, site):
    assert _named(text).get(site) == "Site"


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (
            "Militants attacked the Gandi checkpost in Tank district late on Tuesday, killing "
            "two policemen, officials said.",
            "Gandi checkpost",
        ),
        (
            "A constable was martyred when terrorists stormed the Shah Alam border checkpost "
            "near Kulachi on Monday night.",
            "Shah Alam border checkpost",
        ),
        (
            "Gunmen fired rockets at the Mullazai police outpost in Tank on Sunday, killing "
            "three policemen.",
            "Mullazai police outpost",
        ),
        (
            "Terrorists attacked the Babar Kach FC check post in Zhob district, killing a "
            "soldier on Friday.",
            "Babar Kach FC check post",
        ),
        (
            "A soldier was martyred when terrorists opened fire on the Al-Hilal checkpost in "
            "Bara on Monday.",
            "Al-Hilal checkpost",
        ),
    ],
)
def test_a_checkpost_named_in_lower_case_is_where_the_attack_happened(text, site):
    assert _named(text).get(site) == "Site"
    assert _places(text)[0][0] == site


def test_the_force_manning_a_checkpost_stays_named_and_a_bare_checkpost_is_no_site():
    text = (
        "Terrorists attacked the Babar Kach FC check post in Zhob district, killing a soldier "
        "on Friday."
    )
    named = _named(text)
    assert named.get("Babar Kach FC check post") == "Site"
    assert named.get("Frontier Corps") == "StateForce"
    bare = "Terrorists attacked a checkpost in Bara on Monday, killing a soldier."
    assert not any(kind == "Site" for kind in _named(bare).values())
    assert _places(bare)[0][0] == "Bara"


def test_a_checkpost_lies_in_the_district_just_named_not_in_the_dateline_city():
    text = (
        "PESHAWAR: Three policemen were martyred when militants attacked a police checkpoint "
        "in Tank district on Sunday night, officials said.\n\n"
        "The assailants, armed with rocket launchers, stormed the Gomal police picket from "
        "two sides before fleeing into the hills."
    )
    [chain] = _places(text)
    assert chain[:2] == ["Gomal police picket", "Tank District"]


def test_the_force_in_a_checkpost_name_is_the_one_its_acronym_was_spelled_out_for():
    text = (
        "Ten men of the Frontier Constabulary (FC) were martyred when militants stormed a post "
        "in Kulachi on Friday. The attackers hit the Gara Baloch FC check post with rockets."
    )
    named = _named(text)
    assert named.get("Gara Baloch FC check post") == "Site"
    assert "Frontier Corps" not in named


@pytest.mark.parametrize(
    ("text", "site", "town"),
    [
        (
            "Terrorists stormed the Makarwal police station on Monday night, killing three "
            "policemen.",
            "Makarwal police station",
            "Makarwal",
        ),
        (
            "Two constables were martyred when gunmen raided the Daraban police post before dawn "
            "on Friday.",
            "Daraban police post",
            "Daraban",
        ),
    ],
)
def test_the_police_station_of_a_named_town_is_a_site_of_that_town(text, site, town):
    assert _named(text).get(site) == "Site"
    assert _places(text)[0][:2] == [site, town]


def test_a_town_police_station_said_with_a_is_only_the_town():
    text = "Gunmen attacked a Multan police station on Sunday, killing two constables."
    assert not any(kind == "Site" for kind in _named(text).values())
    text = "Terrorists stormed the Makarwal police station on Monday, killing three policemen."
    assert _named(text).get("Makarwal police station") == "Site"


# -- an area of a town is a quarter of it; a village the gazetteer knows keeps its kind


def _place_kinds(text: str) -> dict[str, str]:
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    return {e.label: e.kind for e in extraction.entities if e.is_place}


@pytest.mark.parametrize(
    "text,site",
    [
        (
            "Unidentified gunmen shot dead a shopkeeper in the Faqirabad area of Peshawar on "
            "Tuesday, police said.",
            "Faqirabad",
        ),
        (
            "A hand grenade was hurled at a house in Quetta's Pashtoonabad area late on Friday, "
            "wounding two children, police said.",
            "Pashtoonabad",
        ),
    ],
)
def test_area_of_a_town_is_a_site_named_without_its_noun(text, site):
    kinds = _place_kinds(text)
    assert kinds.get(site) == "Site"
    assert f"{site} area" not in kinds


def test_area_of_a_district_no_gazetteer_knows_is_a_site():
    # the gold's convention: a locality given only as an area is a site; a village said so,
    # or a town the gazetteer knows, is a city
    kinds = _place_kinds(
        "Militants attacked a Levies post in the Shakai area of South Waziristan district on "
        "Sunday, officials said."
    )
    assert kinds.get("Shakai") == "Site"


def test_known_village_is_a_town_of_its_district():
    # a village the gazetteer knows is a town wherever the text puts it: "near Ipi" and
    # "the Ipi area of Mir Ali" name the same village
    for text in (
        "Two soldiers were martyred when militants fired on a patrol near Ipi on Monday, the "
        "military said.",
        "Two soldiers were martyred when militants fired on a patrol in the Ipi area of Mir "
        "Ali on Monday, the military said.",
    ):
        assert _place_kinds(text).get("Ipi") == "City"
        assert _places(text)[0][:3] == ["Ipi", "Mir Ali", "North Waziristan District"]


def test_name_ending_in_kot_is_a_village_not_a_man():
    text = (
        "Gunmen ambushed a police van near the village of Mehmood Kot in Kashmore district on "
        "Friday, killing two constables, police said."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    kinds = {e.label: e.kind for e in extraction.entities}
    assert kinds.get("Mehmood Kot") == "City"
    assert not any(e.kind == "Person" for e in extraction.entities)


def test_locality_named_near_and_as_a_village_is_one_place():
    # "near X" alone reads a site; "the village of X" says it is a village: one place
    text = (
        "SUKKUR: A bomb damaged the railway track near Mehmood Kot on Sunday.\n\n"
        "Police said the device went off under the track near the village of Mehmood Kot in "
        "Jacobabad district, injuring three passengers of a train."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    named = [(e.label, e.kind) for e in extraction.entities if "Mehmood" in e.label]
    assert named == [("Mehmood Kot", "City")]


# -- a town's police station named like a kind of station ------------------------------------


@pytest.mark.parametrize(
    "text,town",
    [
        (
            "ISLAMABAD: Armed men stormed Kharan on Monday night, attacking the City Police "
            "Station, and killed two constables before fleeing.",
            "Kharan District",
        ),
        (
            "QUETTA: Gunmen raided Mastung on Tuesday, targeting the Sadar Police Station and a "
            "bank, killing a guard.",
            "Mastung District",
        ),
    ],
)
def test_site_named_after_a_town_lies_in_that_town_not_the_datelines(text, town):
    [chain] = _places(text)
    assert town in chain
    assert "Islamabad" not in chain and "Quetta" not in chain


def test_capitalised_city_in_a_name_is_no_reference_to_the_dateline_city():
    # "the City Police Station" is a name; "a police station in the city" points back to the
    # dateline's city.
    named = _places("QUETTA: Gunmen fired at the City Police Station in Kharan on Monday.")
    assert [chain for chain in named if "Quetta" in chain] == []
    recalled = _places("QUETTA: Gunmen fired at a police station in the city on Monday.")
    assert any("Quetta" in chain for chain in recalled)


def test_village_of_an_afghan_district_spelt_birmal_lies_in_that_district():
    [chain] = _places(
        "A roadside bomb killed two fighters in Mandozai village of Birmal, near the border, "
        "on Saturday."
    )
    assert chain[:2] == ["Mandozai", "Barmal District"]


def test_village_whose_name_ends_in_a_town_name_is_a_town():
    text = (
        "Gunmen shot dead a shopkeeper as he passed through Shahi Bagh village in Swat district "
        "on Monday."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 4)))
    kinds = {e.label: e.kind for e in extraction.entities}
    assert kinds.get("Shahi Bagh") == "City"


# -- localities of the large cities (issue #12) ---------------------------------------------


@pytest.mark.parametrize(
    "text,chain",
    [
        # a quarter of Karachi lies in its district, and the district in the city
        (
            "KARACHI: Two shopkeepers were shot dead by gunmen in Lyari on Tuesday, police said.",
            ["Lyari", "Karachi South District", "Karachi", "Sindh"],
        ),
        (
            "Gunmen on a motorcycle shot dead a traffic constable in Orangi Town, Karachi, "
            "on Sunday evening.",
            ["Orangi Town", "Karachi West District", "Karachi", "Sindh"],
        ),
        # a quarter of Peshawar or Lahore lies in the city
        (
            "PESHAWAR: A hand grenade was hurled at a shop in Hayatabad on Friday, injuring "
            "three people.",
            ["Hayatabad", "Peshawar", "Peshawar District", "Khyber Pakhtunkhwa"],
        ),
        (
            "A bomb exploded near a food street in Ichhra, Lahore, on Monday, killing one man.",
            ["Ichhra", "Lahore", "Lahore District", "Punjab"],
        ),
    ],
)
def test_locality_of_a_large_city_is_a_site_of_it(text, chain):
    assert _places(text)[0][:4] == chain


def test_the_tirah_valley_is_named_as_the_valley():
    [chain] = _places(
        "Two soldiers were martyred when militants ambushed a patrol in Tirah on Sunday."
    )
    assert chain[:2] == ["Tirah valley", "Khyber District"]


def test_the_gate_of_a_border_crossing_is_a_site_of_the_crossing():
    [chain] = _places(
        "A guard was shot dead at the Friendship Gate on Thursday when a gunman crossed "
        "from the other side and opened fire."
    )
    assert chain[:3] == ["Friendship Gate", "Chaman border crossing", "Chaman"]


def test_the_citys_quarter_is_in_the_city_the_words_refer_to():
    # filed from Islamabad, about Karachi: "the city's" means Karachi, not the dateline's city
    chains = _places(
        "ISLAMABAD: Police in Karachi said on Monday that they had killed two suspected "
        "militants during a raid. The raid was carried out by the counter-terrorism "
        "department in the city's Gulbahar Colony area, officials said."
    )
    assert chains[0][:2] == ["Gulbahar Colony", "Karachi"]


@pytest.mark.parametrize(
    "text,chain",
    [
        # the quarter named after the city's possessive, at the end of its phrase
        (
            "A cracker exploded outside a bank in Lahore's Mozang, injuring four passers-by, "
            "police said on Monday.",
            ["Mozang", "Lahore"],
        ),
        (
            "A cracker exploded outside a bakery in Rawalpindi's Dhok Hassu, injuring four "
            "passers-by, police said on Monday.",
            ["Dhok Hassu", "Rawalpindi"],
        ),
    ],
)
def test_quarter_after_a_citys_possessive_is_a_site_of_the_city(text, chain):
    assert _places(text)[0][:2] == chain


@pytest.mark.parametrize(
    "text,chain",
    [
        # a locality named with the post that polices it lies in the post's town
        (
            "Police said three bandits were killed near the Basti Malana area under the "
            "Kot Mithan police station in Rajanpur district on Tuesday.",
            ["Basti Malana", "Rajanpur District"],
        ),
        # a post named as the jurisdiction stands for the quarter it is named after
        (
            "KARACHI: A bomb went off near a vegetable market, which falls within the limits "
            "of the Sohrab Goth police station, on Sunday, wounding six people.",
            ["Sohrab Goth", "Karachi East District", "Karachi"],
        ),
        (
            "KARACHI: Two constables were hurt on Sunday when a bomb went off as a mobile van "
            "of the Sohrab Goth police station was passing, police said.",
            ["Sohrab Goth", "Karachi East District", "Karachi"],
        ),
    ],
)
def test_police_station_named_as_jurisdiction_is_not_the_place(text, chain):
    assert _places(text)[0][: len(chain)] == chain


@pytest.mark.parametrize(
    "text,chain",
    [
        # a colony with its sector as its address lies in the sector
        (
            "ISLAMABAD: Gunmen shot dead a shopkeeper in Gulshan Colony, G-7, on Friday, "
            "police said.",
            ["Gulshan Colony", "Sector G-7", "Islamabad"],
        ),
        # the code alone after the city's possessive is a sector of it
        (
            "Gunmen opened fire on a police van in Islamabad's F-11 on Friday, wounding two "
            "constables.",
            ["Sector F-11", "Islamabad"],
        ),
    ],
)
def test_sector_code_alone_or_as_an_address(text, chain):
    assert _places(text)[0][: len(chain)] == chain


def test_sector_written_two_ways_is_one_site():
    extraction = extract(
        Document(
            id="d",
            text="Gunmen opened fire on police in Islamabad's G-13 on Friday. The attackers "
            "fled towards the G-13 sector after the shooting, police said.",
            published=date(2025, 3, 4),
        )
    )
    sectors = [e.label for e in extraction.entities if "G-13" in e.label]
    assert sectors == ["Sector G-13"]


def test_district_name_that_opens_a_locality_is_not_the_district():
    extraction = extract(
        Document(
            id="d",
            text="Officials said the protesters came under fire in the Bajaur Kalay area of "
            "the valley on Sunday, killing two people.",
            published=date(2025, 3, 4),
        )
    )
    kinds = {e.label: e.kind for e in extraction.entities if e.mentions}
    assert kinds.get("Bajaur Kalay") == "Site"
    assert "Bajaur District" not in kinds


def test_quarter_that_opens_a_sites_name_holds_the_site():
    [chain] = _places(
        "KARACHI: A suicide bomber struck the Sohrab Goth Imambargah during prayers on "
        "Friday, killing five worshippers, police said."
    )
    assert chain[:3] == ["Sohrab Goth Imambargah", "Sohrab Goth", "Karachi East District"]


def test_garrison_is_a_site_not_the_town():
    extraction = extract(
        Document(
            id="d",
            text="Two soldiers were martyred in an exchange of fire in Bajaur on Monday, the "
            "ISPR said. Their funeral prayers were offered at the Kohat Garrison.",
            published=date(2025, 3, 4),
        )
    )
    kinds = {e.label: e.kind for e in extraction.entities if e.mentions}
    assert kinds.get("Kohat Garrison") == "Site"


def test_two_sites_of_a_town_with_no_district_agree():
    # a mosque and a market of the capital, which has no district above it, may be the same
    # incident's places: neither contradicts the other, as two sites of one district do not
    places = Places(
        {
            "place:x-mosque": ("Site", "place:pk-is-islamabad"),
            "place:x-market": ("Site", "place:pk-is-islamabad"),
            "place:y-market": ("Site", "place:pk-pb-rawalpindi-city"),
        }
    )
    assert places.compatible("place:x-mosque", "place:x-market", namesake=False)
    assert not places.compatible("place:x-mosque", "place:y-market", namesake=False)


# -- small places named beside the district that holds them -----------------------------------


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "Troops killed four militants in the Kharzan sector of Kurram district on Sunday, "
            "the ISPR said.",
            ["Kharzan", "Kurram District"],
        ),
        (
            "Indian shelling hit houses in Bhimber's Samahni sector on Monday, killing a woman.",
            ["Samahni", "Bhimber"],
        ),
    ],
)
def test_sector_of_a_district_is_a_site_named_without_its_noun(text, chain):
    [found] = _places(text)
    assert found[:2] == chain


def test_a_sector_of_no_place_is_no_place():
    extraction = extract(
        Document(
            id="d",
            text="Gunmen killed two guards outside the Mining sector office of Balochistan in "
            "Quetta on Monday.",
            published=date(2025, 3, 4),
        )
    )
    assert "Mining" not in {e.label for e in extraction.entities}


def test_village_named_in_an_apposition_lies_in_the_district_after_it():
    [chain] = _places(
        "Police raided Gul Mir Kalay, a village in Khyber Pakhtunkhwa's Bannu district, on "
        "Monday, killing two militants."
    )
    assert chain[:2] == ["Gul Mir Kalay", "Bannu District"]


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen shot dead two policemen near Shujaabad in Multan district on Friday.",
        "Gunmen shot dead two policemen in Multan district's Shujaabad on Friday.",
    ],
)
def test_small_town_known_by_its_province_lies_in_the_district_named_with_it(text):
    [chain] = _places(text)
    assert chain[:3] == ["Shujaabad", "Multan District", "Punjab"]


def test_site_after_a_district_lies_in_it_not_in_the_dateline_city():
    [chain] = _places(
        "ISLAMABAD: Police killed three militants in a raid in Mianwali district on Sunday.\n\n"
        "The raid near Tarkhel Dam was launched on a tip-off, a police spokesman said."
    )
    assert chain[:2] == ["Tarkhel Dam", "Mianwali District"]


def test_village_in_an_apposition_before_the_source_is_where_it_happened():
    # "..., police said" after the apposition attributes the report; the village is no
    # speaker's place
    [chain] = _places(
        "BANNU: A wanted militant was killed on Monday when the Counter Terrorism Department "
        "(CTD) raided Gul Mir Kalay, a village in Khyber Pakhtunkhwa's Bannu district, police "
        "said."
    )
    assert chain[:2] == ["Gul Mir Kalay", "Bannu District"]


def test_checkpost_on_a_road_lies_in_the_tehsil_named_after_it():
    [chain] = _places(
        "Terrorists struck the Sheikhan check post on the Bannu-Miranshah Road in Mir Ali "
        "tehsil of North Waziristan district on Thursday, killing three policemen."
    )
    assert chain[:3] == ["Sheikhan check post", "Mir Ali", "North Waziristan District"]


def test_area_of_the_city_is_a_quarter_of_the_town_named_before_not_the_datelines():
    [chain] = _places(
        "PESHAWAR: Two policemen were wounded on Monday when their van came under fire in "
        "Kohat. Gunmen on a motorcycle opened fire near the Jungle Khel area of the city and "
        "escaped."
    )
    assert chain[:2] == ["Jungle Khel", "Kohat"]


# -- a lead that names only a province or a country, and a finer place named in passing --------


@pytest.mark.parametrize(
    "text,place",
    [
        # where the victims were going when they were attacked
        (
            "QUETTA: Five levies men were shot dead in an ambush in Pakistan's southwest on "
            "Friday, officials said.\n\n"
            "The levies team was on its way to a weekly bazaar near Kili Sardar in Pishin "
            "district when gunmen on motorcycles opened fire on it.",
            "Pishin District",
        ),
        # where a victim was going home to
        (
            "A tribal elder was gunned down in Khyber Pakhtunkhwa on Sunday as he drove back "
            "to his village in Charsadda district after Friday prayers.",
            "Charsadda District",
        ),
        # where the police who told of it serve
        (
            "ISLAMABAD, May 3 (Xinhua) -- A roadside bomb hit a van of the Frontier Corps in "
            "Pakistan's southwestern Balochistan province on Saturday, killing two soldiers.\n\n"
            "Police officials in Kalat district told Xinhua that the device had been planted "
            "beside the road.",
            "Kalat District",
        ),
    ],
)
def test_wide_lead_narrows_to_the_finer_place_its_sentences_name(text, place):
    [chain] = _places(text)
    assert place in chain[:2]


@pytest.mark.parametrize(
    "text",
    [
        # where a victim came from is not where he was killed
        "A labourer who hailed from Kech district was shot dead in Balochistan on Monday, "
        "officials said.",
        # two finer places that disagree leave the province
        "A bus travelling between Gwadar and Khuzdar was attacked in Balochistan on Monday, "
        "killing two passengers.",
    ],
)
def test_wide_lead_keeps_the_province_when_nothing_finer_agrees(text):
    [chain] = _places(text)
    assert chain[0] == "Balochistan"


def test_wide_lead_does_not_narrow_to_the_end_of_a_journey_broken_on_the_way():
    # "travelling back to Sibi from a shrine": seized on the way, not in Sibi; the one finer
    # place named is where the journey was to end, so the province stays
    [chain] = _places(
        "KARACHI (Reuters) - Gunmen abducted a government engineer in Pakistan's Balochistan "
        "province on Monday, officials said.\n\nThe engineer was taken late on Monday while "
        "driving back to the town of Sibi from a shrine with his brother, officials said."
    )
    assert chain[0] == "Balochistan"


def test_valley_after_a_road_named_by_its_ends_is_not_in_the_first_town():
    # "the Gilgit-Phander Road": Gilgit is one end of the road, not the town the valley is in
    [chain] = _places(
        "GILGIT: Gunmen shot dead a police constable in the Ghizer district of Gilgit-Baltistan "
        "on Friday. Residents blocked the Gilgit-Phander Road in the Yasin valley to protest "
        "against the killing."
    )
    assert "Ghizer District" in chain[:2]


def test_quarter_named_in_a_sentence_with_no_event_word_narrows_the_city():
    # the raid's lead names only the city; the next sentence, with no event word, the quarter
    [chain] = _places(
        "Police killed two suspected militants in a shootout in Karachi early on Sunday, "
        "officials said.\n\n"
        "Acting on a tip-off that the men were hiding in a house in the Orangi area, police "
        "surrounded the building."
    )
    assert "Karachi West District" in chain[:2]


def test_the_district_refers_to_the_district_named_last_before_it():
    # "in the district" names the district the sentence before spoke of, not the main story's
    found = _places(
        "LAHORE: Police killed two robbers in a shootout in Sargodha district on Friday, a "
        "police spokesman said.\n\n"
        "The two men had been wanted for months.\n\n"
        "Bannu has suffered before. On March 2, 2024, gunmen shot dead two policemen in the "
        "district."
    )
    assert ["Bannu District", "Khyber Pakhtunkhwa", "Pakistan"] in found


# -- Afghan provinces and border districts in the spellings the press uses ------------------


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "KABUL: Gunmen opened fire on a minibus of pilgrims in the central province of "
            "Bamiyan on Thursday, killing four people, officials said.",
            "Bamyan Province",
        ),
        (
            "KABUL: A roadside bomb killed three Taliban fighters in Oruzgan province on "
            "Tuesday, a local official said.",
            "Uruzgan Province",
        ),
        (
            "KABUL: Taliban officials said shells fired from across the border killed two "
            "children in the Ghani Khil district of Nangarhar on Monday.",
            "Ghani Khel District",
        ),
        (
            "KABUL: A mortar round hit a house in Zurmat district of Paktia on Sunday, killing "
            "a farmer, the provincial police said.",
            "Zurmat District",
        ),
    ],
)
def test_afghan_provinces_and_districts_in_their_press_spellings(text, place):
    found = _places(text)
    assert found and found[0][0] == place


def test_unknown_site_is_not_placed_in_the_town_a_journey_was_heading_for():
    # the landmark told after "driving back to Quetta" lies where the trip was broken
    text = (
        "RAWALPINDI: Gunmen seized a trader near Kach in Ziarat late on Monday as he was "
        "driving back to Quetta with his brother, the ISPR said.\n\n"
        "Troops tracked the abductors to hideouts near Sangan Dam and killed two of them in "
        "a firefight on Tuesday."
    )
    extraction = extract(Document(id="d", text=text, published=date(2025, 3, 5)))
    [dam] = [e for e in extraction.entities if e.label == "Sangan Dam"]
    assert dam.parent == "place:pk-ba-ziarat"


def test_the_districts_site_lies_in_the_district_named_before_it():
    # "the district's Police Lines": the district the paragraph is about, not the city named last
    found = _places(
        "ISLAMABAD: Two gunmen on a motorcycle shot dead a traffic warden in Rawalpindi on "
        "Monday, police said.\n\n"
        "The men had come from Lakki Marwat, a district that knows such violence well. In "
        "March, attackers stormed the district's Police Lines, killing four policemen."
    )
    assert any(chain[:2] == ["Police Lines", "Lakki Marwat District"] for chain in found)


def test_taunsa_is_the_town_in_dera_ghazi_khan_district():
    # the press gives Taunsa's posts as Dera Ghazi Khan district's, not the new district's
    [chain] = _places(
        "MULTAN: Police beat back an attack by gunmen on a check post near Taunsa on Friday "
        "night, the district police officer said."
    )
    assert chain[0] == "Taunsa Sharif" and "Dera Ghazi Khan District" in chain


# -- a line through several districts: the place named along it -----------------------------


@pytest.mark.parametrize(
    "text,place",
    [
        (
            "MUZAFFARABAD: A shepherd was killed on Tuesday when Indian troops fired mortar "
            "shells across the Line of Control (LoC), officials said.\n\nThe shells landed on "
            "homes in the Battal sector of Kotli district, the police said.",
            "Kotli District",
        ),
        (
            "A farmer was shot dead on Friday by Indian troops near the LoC in Azad Kashmir, "
            "police said. He was working in his field in the Bhimber area when the firing began.",
            "Bhimber District",
        ),
    ],
)
def test_line_of_control_gives_way_to_the_place_named_along_it(text, place):
    assert place in _places(text, published=date(2025, 5, 14))[0]


def test_line_of_control_stays_when_two_districts_are_named_along_it():
    text = (
        "MUZAFFARABAD: Two civilians were killed on Tuesday when Indian troops fired mortar "
        "shells across the Line of Control (LoC), officials said.\n\nThe shells landed on "
        "homes in Kotli and Bagh districts, officials said."
    )
    assert _places(text, published=date(2025, 5, 14))[0][0] == "Line of Control"


# -- "in the same area": where the incident told just before happened ------------------------


def test_same_area_is_where_the_incident_told_before_happened():
    text = (
        "PESHAWAR: Security forces killed nine terrorists in four separate encounters in Khyber "
        "Pakhtunkhwa on Monday, the ISPR said.\n\nDatta Khel: In the first encounter, troops "
        "raided a hideout in the Datta Khel area of North Waziristan district and shot dead four "
        "terrorists.\n\nSecond raid: In another operation in the same area, the troops killed "
        "two more terrorists.\n\nKulachi: In the third encounter, security forces killed three "
        "terrorists in the Kulachi area of Dera Ismail Khan district."
    )
    places = [chain[0] for chain in _places(text) if chain]
    assert places == ["Datta Khel", "Datta Khel", "Kulachi"]


# -- a district heads the story; the sentence that tells the incident names the village -------


@pytest.mark.parametrize(
    "text,place",
    [
        # the sentence after the one with the event word tells where the bomb was hidden
        (
            "QUETTA: Nine people were killed when a bomb went off outside a shop in Pishin "
            "district on Tuesday. The device had been hidden in a cart parked in the Khanozai "
            "bazaar, the deputy commissioner said.",
            "Khanozai",
        ),
        # the district named by the lead, the village by the sentence after it
        (
            "Two labourers were shot dead in Kech district on Sunday, police said. The gunmen "
            "had waited for them on a dirt track in Buleda, an officer added.",
            "Buleda",
        ),
    ],
)
def test_village_named_by_the_incident_narrows_its_district(text, place):
    assert _places(text)[-1][0] == place


@pytest.mark.parametrize(
    "text",
    [
        # two villages of the district: the district stays
        "Two labourers were shot dead in Kech district on Sunday, police said. The gunmen had "
        "come from Buleda and fled towards Tump, an officer added.",
        # the village is where the wounded were taken, not where it happened
        "Nine people were killed when a bomb went off outside a shop in Pishin district on "
        "Tuesday. The wounded were taken to a clinic in Khanozai.",
    ],
)
def test_district_stays_when_the_village_is_not_the_setting(text):
    assert _places(text)[0][0] in ("Kech District", "Pishin District")


# -- "the province of X", "X's Y district": the province, not the town of its name ------------


@pytest.mark.parametrize(
    "text,chain",
    [
        (
            "KABUL: A drone strike destroyed a house in the eastern province of Khost on "
            "Monday, killing four people. The strike hit a village in Khost's Tere Zayi "
            "district, a local official said.",
            ["Tere Zayi District", "Khost Province"],
        ),
        (
            "KABUL: A bomb killed three people in the southern province of Kandahar on Monday, "
            "officials said.",
            ["Kandahar Province", "Afghanistan"],
        ),
    ],
)
def test_province_named_like_its_capital(text, chain):
    assert _places(text)[0][: len(chain)] == chain


# -- a round-up whose paragraphs are headed by their towns, in capitals ----------------------


def test_town_heading_its_paragraph_places_the_incident_it_tells():
    """ "KANDHKOT: ..." after the story's own dateline: the paragraph's incident happened in
    that town, not only in the province the lead names."""
    text = (
        "Dacoits kidnap two brothers, wound three constables\n\n"
        "KARACHI: Police reported two attacks in northern Sindh this week.\n\n"
        "KANDHKOT: Two brothers were kidnapped from their farm by dacoits on Monday.\n\n"
        "SHIKARPUR: Bandits fired rockets at a police mobile on Tuesday, wounding three "
        "constables."
    )
    assert ["Kandhkot", "Kashmore District"] in [chain[:2] for chain in _places(text)]
