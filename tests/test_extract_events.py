"""Events: incidents grouped from clauses, with kind, date, place, perpetrator and tolls."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document, Extraction
from kg.extract import available, extract, extract_many, get
from kg.extract.casualties import find_casualties, summarize

PUBLISHED = date(2025, 1, 5)  # a Sunday


def _events(text: str, title: str | None = None, published: date | None = PUBLISHED):
    return extract(Document("t", text, title=title, published=published)).events


@pytest.mark.parametrize(
    "text,kind",
    [
        ("A suicide bomber blew himself up at a checkpoint in Quetta on Saturday, killing five soldiers.", "SuicideBombing"),
        ("A roadside bomb exploded near a police van in Bannu on Saturday, killing two policemen.", "Bombing"),
        ("Gunmen ambushed a Frontier Corps convoy near Turbat on Saturday, killing three personnel.", "Ambush"),
        ("Security forces killed six militants in an intelligence-based operation in Kech district on Saturday.", "MilitaryOperation"),
        ("Armed men kidnapped four construction workers in Panjgur district on Saturday.", "Kidnapping"),
        ("Militants stormed a police station in Turbat on Saturday, killing four policemen.", "Attack"),
    ],
)  # fmt: skip
def test_extract_events_kind_is_most_specific_trigger(text, kind):
    [event] = _events(text)
    assert event.kind == kind and event.date == "2025-01-04"


@pytest.mark.parametrize(
    "text",
    [
        "A hand grenade exploded outside a bakery in Kharan on Saturday, wounding five customers.",
        "Unknown men lobbed a grenade at a police picket in Tank on Saturday; two constables were hurt.",
        "Three shopkeepers were injured in a grenade blast at a market in Panjgur on Saturday.",
        "A grenade went off near a levies post in Washuk on Saturday, injuring a guard.",
    ],
)  # fmt: skip
def test_extract_events_a_grenade_attack_is_an_attack_not_a_bombing(text):
    # A thrown grenade is an attack by hand (ACLED's sub-type "Grenade"), not a planted bomb.
    [event] = _events(text)
    assert event.kind == "Attack"
    assert event.acled_sub_event_type == "Grenade"


def test_extract_events_teargas_shelling_of_a_crowd_is_no_bombing():
    text = (
        "Two protesters were killed in Rawalakot on Saturday when police opened fire on a rally; "
        "the teargas shelling went on for hours."
    )
    [event] = _events(text)
    assert event.kind == "Attack"


@pytest.mark.parametrize(
    "text,fatalities,fatalities_max",
    [
        ("A blast in Quetta on Saturday killed 26 people, including 16 soldiers.", 26, None),
        ("At least 24 people were killed in a blast in Quetta on Saturday. The death toll later rose to 26.", 26, None),
        ("Eight militants were killed in an attack in Gwadar on Saturday. Two soldiers were martyred in the gunfight.", 10, None),
        ("Six people were killed in a blast in Turbat on Saturday. An official said five people had died in the attack.", 6, None),
        ("More than 50 people were killed when militants attacked a camp in Bela on Saturday.", 51, None),
        ("Gunmen opened fire on a polio team in Mardan on Saturday, killing a police guard.", 1, None),
        # A part set off by commas that points back ("among them") is the figure's own part.
        ("Six Levies men, a naib risaldar and two sepoys among them, were martyred when gunmen stormed a checkpost in Zhob on Saturday.", 6, None),
        # A count the report gives as the first one, since replaced, is no reading of the toll.
        ("A bomb went off near a bus in Pishin on Saturday, killing 14 passengers. Initial reports had put the dead at eight.", 14, None),
        # One person named in apposition after the noun.
        ("Gunmen fired on a rally in Swabi on Saturday. A party supporter, Rahim Gul, was killed and nine people were hurt.", 1, None),
    ],
)  # fmt: skip
def test_extract_events_fatalities_lead_figure_updates_and_groups(text, fatalities, fatalities_max):
    [event] = _events(text)
    assert (event.fatalities, event.fatalities_max) == (fatalities, fatalities_max)


@pytest.mark.parametrize(
    "text,perpetrator,basis",
    [
        ("A bomb killed four soldiers in Turbat on Saturday. The BLA claimed responsibility for the attack.", "actor:bla", "claimed"),
        ("A bomb killed four soldiers in Bannu on Saturday. Officials blamed the TTP for the attack.", "actor:ttp", "attributed"),
        ("BLA militants stormed a police station in Kalat on Saturday, killing three policemen.", "actor:bla", "stated"),
        ("A bomb killed four soldiers in Bannu on Saturday. No group has claimed responsibility.", None, None),
        ("The attack claimed the lives of six soldiers in Turbat on Saturday.", None, None),
    ],
)  # fmt: skip
def test_extract_events_perpetrator_basis(text, perpetrator, basis):
    [event] = _events(text)
    assert (event.perpetrator, event.perpetrator_basis) == (perpetrator, basis)


@pytest.mark.parametrize(
    "text,location",
    [
        ("RAWALPINDI: Security forces killed six militants in an operation in Kech district on Saturday.", "place:pk-ba-kech"),
        ("A convoy travelling from Karachi to Turbat was ambushed in Kech district on Saturday, killing six.", "place:pk-ba-kech"),
        ("A suicide bomber struck the Quetta railway station on Saturday, killing 26 people in Quetta.", "place:pk-ba-quetta-railway-station"),
    ],
)  # fmt: skip
def test_extract_events_location_skips_dateline_and_routes(text, location):
    [event] = _events(text)
    assert event.location == location


def test_extract_events_background_incident_is_separate_and_flagged():
    text = (
        "Militants killed four soldiers in an attack in Turbat on Saturday. "
        "In November 2024, a suicide bombing at the railway station in Quetta killed 26 people."
    )
    main, older = _events(text)
    assert (main.date, main.background, main.fatalities) == ("2025-01-04", False, 4)
    assert (older.date, older.background, older.fatalities) == ("2024-11", True, 26)


def test_extract_events_places_apart_are_separate_incidents():
    text = (
        "In Bannu, militants attacked a police checkpost on Saturday, killing four policemen. "
        "In Bajaur, a roadside bomb killed three civilians, officials said."
    )
    locations = {e.location for e in _events(text)}
    assert {"place:pk-kp-bannu-city", "place:pk-kp-bajaur"} <= locations


def test_extract_events_clause_about_known_incident_can_name_another():
    text = (
        "Militants attacked a police station in Dera Ismail Khan district on Saturday, killing 10 officers. "
        "The attack came a day after gunmen shot dead two soldiers in the neighbouring Tank district."
    )
    events = {e.location: e.fatalities for e in _events(text)}
    assert events == {"place:pk-kp-dera-ismail-khan": 10, "place:pk-kp-tank": 2}


def test_extract_events_series_has_parts_with_its_date():
    text = (
        "At least 30 people were killed on Saturday as militants carried out coordinated attacks across Balochistan. "
        "In Kalat, seven people were killed. Elsewhere, six bodies were recovered in Bolan."
    )
    events = _events(text)
    umbrella = next(e for e in events if e.location == "place:pk-ba")
    parts = {e.location: e for e in events if e is not umbrella}
    assert umbrella.fatalities == 30 and umbrella.kind == "Attack"
    assert (
        parts["place:pk-ba-kalat"].fatalities == 7 and parts["place:pk-ba-kachhi"].fatalities == 6
    )
    assert {e.date for e in events} == {"2025-01-04"}


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister condemned terrorism and vowed to protect citizens.",
        "Baloch separatist groups often attack security forces and infrastructure projects.",
        "According to official data, 383 soldiers and 925 militants were killed in 2024 alone.",
        "Pakistan and China agreed on Tuesday to boost security cooperation for CPEC projects.",
        "attack",
    ],
)
def test_extract_events_no_event_in_condemnation_habit_statistics_or_diplomacy(text):
    assert _events(text) == []


def test_extract_events_evidence_points_into_content():
    document = Document(
        "t",
        "QUETTA: A blast killed five people on Saturday.\n\nThe BLA claimed it.",
        title="Blast in Quetta",
        published=PUBLISHED,
    )
    [event] = extract(document).events
    for evidence in event.evidence:
        assert document.content[evidence.start : evidence.end] == evidence.sentence
    assert event.evidence[0].sentence == "Blast in Quetta"


def test_extract_events_weekday_without_publication_date_stays_undated():
    [event] = _events(
        "Militants attacked a convoy in Turbat on Saturday, killing six soldiers.", published=None
    )
    assert event.date is None and event.fatalities == 6


def test_extract_events_confidence_grows_with_what_is_known():
    (rich,) = _events(
        "The BLA claimed a suicide bombing in Quetta on Saturday that killed 26 people."
    )
    (bare,) = _events("Seven people were killed.")
    assert 0 < bare.confidence < rich.confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t ",
        "کوئٹہ میں دھماکہ، 25 افراد ہلاک۔",
        "<p>Blast in <b>Quetta</b> kills 5</p><script>alert(1)</script>&amp;",
        "Mil\u200bitants st\u200cormed a po\u200dlice station in Tur\ufeffbat on Satur\u200bday.",
        "On 2024-13-45 and 31/02/2024 at 24-26 there were 12-14 and 9/11.",
        "!!! ??? ... " * 500,
        "a" * 50_000,
    ],
)
def test_extract_events_never_raises_or_invents_dates(text):
    for event in _events(text):
        assert event.date is None or event.date[:4] in ("2024", "2025")


def test_extract_events_long_document_is_read_in_bounded_time():
    # A guard against work that grows with the square of a document's length (about 6 s of
    # CPU here): process time, so a loaded machine does not make it fail.
    from time import process_time

    text = "A suicide bomber killed 12 people in Peshawar on Monday. " * 4000
    start = process_time()
    events = _events(text)
    assert process_time() - start < 30 and events


def test_extract_events_many_processes_give_the_same_result():
    documents = [
        Document(
            f"d{i}",
            f"Militants killed {i + 2} soldiers in Turbat on Saturday.",
            published=PUBLISHED,
        )
        for i in range(6)
    ]
    one = [[e.fatalities for e in x.events] for x in extract_many(documents)]
    two = [
        [e.fatalities for e in x.events] for x in extract_many(documents, n_process=2, batch_size=2)
    ]
    assert one == two == [[i + 2] for i in range(6)]


def test_extract_events_reads_entity_spans_set_by_hand():
    from spacy.tokens import Span

    from kg.extract import build_nlp

    document = Document(
        "t",
        "Gunmen attacked a checkpost in Zhob on Saturday, killing three soldiers.",
        published=PUBLISHED,
    )
    doc = build_nlp()(document.content)
    start = document.content.index("Zhob")
    doc.ents = [
        Span(
            doc,
            doc.char_span(start, start + 4).start,
            doc.char_span(start, start + 4).end,
            label="District",
            span_id="place:test-zhob",
        )
    ]
    extraction = Extraction(document)
    get("events").extract(doc, extraction)
    [event] = extraction.events
    assert (event.location, event.fatalities, event.date) == ("place:test-zhob", 3, "2025-01-04")


@pytest.mark.parametrize(
    "text,figure",
    [
        ("killing at least 24 people and wounding roughly 50 more", (24, 24)),
        (
            "14 soldiers and law enforcement personnel, along with 21 militants, were killed",
            (35, 35),
        ),
        ("At least 50 people, 14 of them security personnel, lost their lives", (50, 50)),
        ("about a dozen soldiers and six railway employees were among the dead", (None, None)),
        ("eleven labourers, three contractors among them, were killed", (11, 11)),
        ("nine soldiers, and two officers among them, died", (9, 9)),
        ("at first officials put the dead at four; the toll later rose to seven", (7, 7)),
        ("six people were killed, though early reports put the toll at eight", (6, 6)),
        ("up to 30 people were killed", (None, 30)),
    ],
)
def test_extract_casualties_summarize(text, figure):
    assert summarize(find_casualties(text)) == figure


def test_extract_registry_lists_builtins_in_order():
    assert available()[:4] == ["entities", "events", "statistics", "relations"]


# Targets: whom an attack was aimed at. Each case is an invented report.
@pytest.mark.parametrize(
    "text,targets",
    [
        # a force's premises or vehicle: its owner was hit
        ("Militants targeted a camp of the FC in Panjgur on Saturday, killing two.", ["actor:frontier-corps"]),
        ("Gunmen attacked a Levies checkpoint near Kalat on Saturday, killing one.", ["actor:levies"]),
        ("A bomber rammed his car into a police van in Chaman on Saturday, killing three.", ["actor:balochistan-police"]),
        # a body's people: the body was hit
        ("A blast hit a vehicle carrying employees of the Water and Power Development Authority "
         "in Kohistan on Saturday, killing three.", ["actor:wapda"]),
        # rank nouns belong to the force whose convoy or post was hit
        ("Gunmen ambushed an FC convoy in Kech on Saturday, killing four soldiers.", ["actor:frontier-corps"]),
        ("Militants stormed a security forces post in Tank on Saturday; nine soldiers were martyred.",
         ["actor:security-forces"]),
        # ... and stand for the army on their own
        ("A bomb killed six soldiers in Kurram on Saturday.", ["actor:pakistan-army"]),
        # a force that beat the attack back was the one attacked
        ("Security forces repulsed an attack on a checkpoint in Bannu on Saturday, killing four "
         "militants. Two soldiers were martyred.", ["actor:security-forces"]),
        # several forces hit: the umbrella the article names
        ("Militants attacked a police station and an FC camp in Kech on Saturday, killing five. "
         "Security forces sealed off the area.", ["actor:security-forces"]),
        # the umbrella beside one specific force is a vaguer name for it
        ("A blast hit security officials and Levies personnel in Mastung on Saturday, killing three.",
         ["actor:levies"]),
        # off-duty men among passengers were hit as passengers
        ("Gunmen hijacked a bus in Bolan on Saturday and killed eight passengers, among them "
         "off-duty soldiers.", ["actor:civilians"]),
        ("Militants seized a passenger train in Sibi on Saturday.", ["actor:civilians"]),
        # a road the attack happened on is where, not whom
        ("Gunmen opened fire on a van on the Makran Coastal Highway on Saturday, killing five "
         "passengers.", ["actor:civilians"]),
        # forces that only responded, or spoke, were not hit
        ("Gunmen attacked a van in Kech on Saturday, killing five passengers, and police arrived "
         "soon after.", ["actor:civilians"]),
        ("Police said gunmen shot dead four labourers from Punjab in Turbat on Saturday. Security "
         "forces cordoned off the area.", ["actor:civilians"]),
    ],
)  # fmt: skip
def test_extract_events_targets(text, targets):
    [event] = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert sorted(event.targets) == sorted(targets)


# A named post a force mans is where the attack struck; the force holding it is whom.
@pytest.mark.parametrize(
    "text,targets",
    [
        ("Gunmen attacked the Kotwal police picket in Kashmore district on Saturday night, "
         "killing two policemen.", ["actor:sindh-police"]),
        ("Militants stormed the Gharibabad police station in Lakki Marwat on Saturday and set "
         "it on fire.", ["actor:kp-police"]),
    ],
)  # fmt: skip
def test_extract_events_a_post_attacked_is_its_forces_target(text, targets):
    [event] = _events(text)
    assert sorted(event.targets) == sorted(targets)


# Bystanders counted among the dead of an attack on a force were not its target; people the
# attack was aimed at alongside the force were.
@pytest.mark.parametrize(
    "text,targets",
    [
        ("A suicide bomber rammed a car into an FC convoy in Noshki on Saturday, killing three "
         "soldiers and two passers-by.", ["actor:frontier-corps"]),
        ("A roadside bomb hit a police mobile in Khuzdar on Saturday, wounding two constables and "
         "four civilians.", ["actor:balochistan-police"]),
        ("Militants opened fire on a bus carrying soldiers and civilians in Kurram on Saturday, "
         "killing six.", ["actor:civilians", "actor:pakistan-army"]),
    ],
)  # fmt: skip
def test_extract_events_bystanders_among_the_dead_are_not_targets(text, targets):
    [event] = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert sorted(event.targets) == sorted(targets)


# A blast set off near a force's vehicle, or a grenade thrown at its post or vehicle, was aimed
# at the force; a post or station is a landmark, and a blast told only as near one was not.
@pytest.mark.parametrize(
    "text,targets",
    [
        ("A bomb went off near a police van in Charsadda on Thursday, wounding two passers-by.",
         ["actor:kp-police"]),
        ("A suicide bomber blew himself up beside a Frontier Corps convoy in Turbat on Tuesday, "
         "killing ten people.", ["actor:frontier-corps"]),
        ("A grenade exploded outside a police station in Hub on Sunday, wounding three people.",
         []),
        ("A roadside bomb exploded just after a police vehicle had passed in Mardan on Friday, "
         "killing three people.", ["actor:kp-police"]),
        ("A grenade was hurled at a police checkpost in Quetta on Sunday, wounding eight people.",
         ["actor:balochistan-police"]),
        ("Militants lobbed a grenade at a police vehicle in Bannu on Saturday, killing a head "
         "constable.", ["actor:kp-police"]),
        ("A police station in Noshki came under attack on Sunday night.",
         ["actor:balochistan-police"]),
        ("A bomb went off in a crowded bazaar near the police station in Kohat on Friday, "
         "killing four shoppers.", ["actor:civilians"]),
    ],
)  # fmt: skip
def test_extract_events_a_blast_near_a_forces_post_or_vehicle_targets_the_force(text, targets):
    [event] = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert sorted(event.targets) == sorted(targets)


# An attack that names nobody it was aimed at, whose dead and wounded are told only as people
# of no force (children, villagers, labourers), hit civilians; "people" alone says nothing of
# who they were, and a force among the casualties was what was hit.
@pytest.mark.parametrize(
    "text,targets",
    [
        ("Three children were killed on Sunday when an explosive device went off in a field in "
         "Kohlu district.", ["actor:civilians"]),
        ("Unidentified gunmen shot dead two villagers and wounded a boy in Panjgur on Saturday.",
         ["actor:civilians"]),
        ("An explosion in a market in Dera Bugti on Friday killed four people.", []),
        ("A landmine blast in Sui on Thursday killed two children and a policeman.", []),
    ],
)  # fmt: skip
def test_extract_events_civilian_casualties_with_no_target_named_make_civilians_the_target(
    text, targets
):
    [event] = [e for e in _events(text) if e.kind != "MilitaryOperation"]
    assert sorted(event.targets) == sorted(targets)


def test_extract_events_operation_targets_only_groups_named_where_it_is_reported():
    text = (
        "Security forces killed nine terrorists in an operation in Zhob on Saturday, the ISPR said. "
        "The operation follows a surge in militant attacks. Islamabad accuses the Afghan Taliban "
        "of harbouring the TTP, which it blames for cross-border attacks."
    )
    [event] = _events(text)
    assert event.kind == "MilitaryOperation" and event.targets == []


@pytest.mark.parametrize(
    "text,fatalities",
    [
        # only the wounded are told: nobody died
        ("Unidentified men attacked a shop with a hand grenade in Turbat on Saturday, wounding three people.", 0),
        # said to have cost no life
        ("Militants attacked a police post in Lakki Marwat with rockets on Saturday. No casualties were reported.", 0),
        ("Gunmen opened fire on the car of a provincial minister in Zhob on Saturday; he escaped unhurt.", 0),
        # a death told without a figure is still a death: the toll is unknown, not 0
        ("Gunmen attacked a van in Hub on Saturday, wounding two people; the driver later died in hospital.", None),
        # nothing told of a death: the report tells it cost no life
        ("Militants attacked a check post in Tank on Saturday, police said.", 0),
    ],
)  # fmt: skip
def test_extract_events_an_incident_told_with_no_death_has_a_toll_of_zero(text, fatalities):
    events = _events(text)
    assert [e.fatalities for e in events] == [fatalities]


@pytest.mark.parametrize(
    "text,kind",
    [
        # militants' "strikes" and a group's "military strikes" are no air strikes
        ("The group's military strikes hit two police stations in Turbat on Saturday, killing four policemen.", "Attack"),
        ("Separate strikes by insurgents hit three checkposts in Kech on Saturday, killing five soldiers.", "Attack"),
        # a state's strikes are
        ("Indian military strikes hit a mosque in Muzaffarabad on Saturday, killing three people.", "AirStrike"),
        ("Pakistani military strikes killed eight people in Paktika on Saturday, Taliban officials said.", "AirStrike"),
    ],
)  # fmt: skip
def test_extract_events_strikes_are_air_strikes_only_when_a_state_makes_them(text, kind):
    [event] = _events(text)
    assert event.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "A Levies checkpost near Surab came under RPG fire on Saturday; the guards returned fire and nobody was hurt.",
        "The convoy came under heavy fire on the Kohat road on Saturday, wounding two soldiers.",
    ],
)  # fmt: skip
def test_extract_events_a_post_that_came_under_fire_was_attacked(text):
    [event] = _events(text)
    assert event.kind == "Attack"


@pytest.mark.parametrize(
    "text",
    [
        "A tribal elder survived an assassination attempt in Zhob on Saturday when gunmen fired on his car.",
        "Gunmen made an attempt on the life of a judge in Tank on Saturday; he escaped unhurt.",
    ],
)  # fmt: skip
def test_extract_events_a_failed_attempt_on_a_life_is_an_attack(text):
    [event] = _events(text)
    assert event.kind == "Attack"


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Border guards of the two countries opened fire on each other near Chaman on Saturday, officials said. No one was hurt in the shooting.", "Clash"),
        ("Two clans fired at each other over a land dispute in Kurram on Saturday, leaving four people dead.", "Clash"),
        ("Men of two rival tribes opened fire at one another in Orakzai on Saturday, killing three people. The death toll later rose to six.", "Clash"),
        # An attack told apart from the firing that followed stays what it was.
        ("A roadside bomb hit a police van in Bannu on Saturday, and the police and the attackers then fired at each other.", "Bombing"),
        ("Militants stormed a checkpost in Zhob on Saturday, killing two soldiers; the two sides fired at each other for an hour.", "Attack"),
    ],
)  # fmt: skip
def test_extract_events_sides_firing_at_each_other_clashed(text, kind):
    assert [e.kind for e in _events(text)] == [kind]


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Four Levies personnel were killed in armed clashes with a band of smugglers near Mashkel on Saturday, officials said.", "Clash"),
        ("Two traders lost their lives in clashes with a rival gang in Jacobabad on Saturday, police said.", "Clash"),
        ("Fresh clashes between traders and the police in Chitral on Saturday left one constable dead and twenty people hurt.", "Clash"),
        # An attack told of the same fighting keeps its kind.
        ("Gunmen attacked a Levies post near Mashkel on Saturday, killing two guards; clashes with the attackers went on for an hour.", "Attack"),
    ],
)  # fmt: skip
def test_extract_events_a_toll_told_of_clashes_is_a_clash(text, kind):
    assert [e.kind for e in _events(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "A bomb hit a Levies vehicle in Kohlu on Saturday, killing three personnel. Officials said two were killed on the spot and a third died later in a Quetta hospital.",
        "Gunmen attacked a police van in Bannu on Saturday, killing four policemen. A spokesman said three died at the scene and one more died in Peshawar's Lady Reading Hospital.",
    ],
)  # fmt: skip
def test_extract_events_a_toll_told_with_the_hospital_of_a_city_is_the_same_incident(text):
    [event] = _events(text)
    assert event.location.endswith(("kohlu", "bannu", "kohlu-city", "bannu-city"))


@pytest.mark.parametrize(
    "text",
    [
        "PESHAWAR: Police killed a wanted militant commander on Friday in an operation in "
        "Bajaur that turned into a gunfight lasting three hours, officials said.",
        "KARACHI: Counter-terrorism police raided a hideout in Manghopir on Monday. Two "
        "suspects were killed in the exchange of fire that followed, officials said.",
    ],
)
def test_extract_events_fighting_in_the_forces_own_operation_is_that_operation(text):
    document = Document("d", text, published=date(2025, 3, 10))
    kinds = [e.kind for e in extract(document).events]
    assert kinds == ["MilitaryOperation"]


def test_extract_events_a_gunfight_with_no_operation_stays_a_clash():
    text = (
        "QUETTA: Two militants and a soldier were killed in a gunfight with troops in "
        "Kohlu on Tuesday, officials said."
    )
    document = Document("d", text, published=date(2025, 3, 12))
    assert [e.kind for e in extract(document).events] == ["Clash"]


def test_extract_events_a_country_named_by_its_border_is_not_where_it_happened():
    text = (
        "ISLAMABAD: A roadside bomb killed three soldiers near the Iranian border on "
        "Wednesday, the military said. The bomb went off near a patrol in Panjgur, the "
        "military said."
    )
    document = Document("d", text, published=date(2025, 6, 5))
    events = extract(document).events
    assert [(e.kind, e.location) for e in events] == [("Bombing", "place:pk-ba-panjgur")]


def test_extract_events_a_lead_telling_the_story_then_a_separate_one_opens_with_the_story():
    text = (
        "Roadside bomb kills three Levies men; troops kill militant in separate raid\n\n"
        "QUETTA: A roadside bomb killed three Levies men and troops shot dead a militant in a "
        "separate overnight raid in the province's southwest, the military said Saturday.\n\n"
        "The bomb went off near a Levies patrol in Kech during the night, the military said."
    )
    document = Document("d", text, published=date(2025, 4, 14))
    bombings = [e for e in extract(document).events if e.kind == "Bombing"]
    assert [(e.location, e.date) for e in bombings] == [("place:pk-ba-kech", "2025-04-11")]


def test_extract_events_a_lead_in_the_present_perfect_with_no_day_is_dated_to_publication():
    text = (
        "Troops kill five militants in Khyber raid\n\n"
        "PESHAWAR: Security forces have killed five militants in an intelligence-based "
        "operation in the Bara area of Khyber district, the military said.\n\n"
        "Weapons were recovered from the hideout, the statement added."
    )
    document = Document("d", text, published=date(2025, 2, 18))
    events = extract(document).events
    assert [(e.kind, e.date) for e in events] == [("MilitaryOperation", "2025-02-18")]


def test_extract_events_a_lead_in_the_past_with_no_day_is_dated_to_the_month():
    text = (
        "Troops kill five militants in Khyber raid\n\n"
        "PESHAWAR: Security forces killed five militants in an intelligence-based operation "
        "in the Bara area of Khyber district, the military said."
    )
    document = Document("d", text, published=date(2025, 2, 18))
    assert [e.date for e in extract(document).events] == ["2025-02"]


def test_extract_events_either_attack_refers_back_and_starts_nothing():
    text = (
        "KOHAT: Gunmen ambushed a police van near Kohat on Friday, killing two constables. "
        "A day earlier, a bomb exploded outside a school in Hangu, wounding a guard. No "
        "group claimed either attack, police said."
    )
    document = Document("d", text, published=date(2025, 1, 11))
    kinds = sorted(e.kind for e in extract(document).events)
    assert kinds == ["Ambush", "Bombing"]


@pytest.mark.parametrize(
    "text,past",
    [
        (
            "Gunmen attacked a bank in Turbat on Saturday, killing two guards. A bomb had gone off "
            "at a market in Kharan on March 12 last year, killing nine shoppers.",
            "2024-03-12",
        ),
        (
            "A bomb went off near a checkpoint in Kharan on Saturday, killing a soldier. A suicide "
            "bomber struck a rally in Nushki on 3 February last year, killing four people.",
            "2024-02-03",
        ),
    ],
)  # fmt: skip
def test_extract_events_day_and_month_of_last_year_dates_the_earlier_incident(text, past):
    # "March 12 last year" names last year's March 12, not the one nearest publication.
    dates = sorted(e.date for e in _events(text))
    assert dates == [past, "2025-01-04"]


@pytest.mark.parametrize(
    "text,fatalities",
    [
        (
            "A bomb went off at a bus stand in Kharan on Saturday, killing four people. The death "
            "toll from the blast at the crowded bus stand stood at seven on Sunday, doctors said.",
            7,
        ),
        (
            "The death toll from Thursday's bombing at a bus stand in Kharan stood at seven on "
            "Saturday. The blast had killed four people on the spot.",
            7,
        ),
    ],
)  # fmt: skip
def test_extract_events_where_a_named_toll_stands_is_the_toll(text, fatalities):
    # "The death toll from ... stood at seven": the toll as it now stands.
    [event] = _events(text)
    assert event.fatalities == fatalities


def test_extract_events_men_counted_dead_are_no_force_of_their_own():
    # "Two men were martyred" retells the two travellers killed; "men" names no force.
    text = (
        "Gunmen opened fire on passengers at a bus stop in Kohat on Saturday, killing two "
        "travellers. Police said two men were martyred and a third was wounded."
    )
    [event] = _events(text)
    assert event.fatalities == 2


def test_extract_events_an_operation_recalled_from_earlier_this_week_is_its_own():
    # Friday 5 January 2024: "earlier this week" is Monday 1 to Friday 5, all in January.
    text = (
        "Security forces killed three terrorists in an intelligence-based operation in Kech "
        "district on Thursday, the ISPR said. Earlier this week, five terrorists were killed in "
        "another intelligence-based operation in Awaran district."
    )
    events = sorted(_events(text, published=date(2024, 1, 5)), key=lambda e: e.fatalities)
    assert [(e.date, e.fatalities, e.background) for e in events] == [
        ("2024-01-04", 3, False),
        ("2024-01", 5, True),
    ]


def test_extract_events_a_service_named_with_a_number_makes_no_statistic_of_a_lead():
    # "Rescue 1122" is a name; the lead that cites it still tells Saturday's attacks.
    text = (
        "Three policemen were killed on Saturday in two separate attacks on polio teams in Bannu "
        "and Karak districts, police and Rescue 1122 said. In the first attack, gunmen opened "
        "fire on a police mobile escorting vaccinators in Bannu, killing two constables. In the "
        "second incident, a constable guarding a vaccination team in Karak was shot dead."
    )
    assert [e.date for e in _events(text)] == ["2025-01-04", "2025-01-04"]


def test_extract_events_the_second_incident_of_a_round_up_is_a_part_of_its_own():
    # "In the second incident" numbers the round-up's part, though no event word follows it.
    text = (
        "Three policemen were killed in Bannu district on Saturday in two separate attacks on "
        "polio teams. In the first attack, gunmen opened fire on a police mobile escorting "
        "vaccinators, killing two constables. In the second incident, a constable guarding "
        "another vaccination team was shot dead."
    )
    events = _events(text)
    tolls = [e.fatalities for e in events]
    assert len(events) == 2 and 2 in tolls and 3 not in tolls


def test_extract_events_a_tally_over_months_is_no_operation():
    # "over four months": figures over a span of months, a statistic, no one operation.
    title = "85 terrorists killed, 400 arrested in countrywide operations over four months"
    text = (
        "Security forces conducted 2,300 operations across the country over the past four "
        "months, killing 85 terrorists and arresting 400 others, officials said."
    )
    assert _events(text, title=title) == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen opened fire on a checkpoint in Tank on Saturday, killing Constable Sher Ali Khan, police said.",
        "Unidentified men riding a motorbike shot dead teacher Abdul Ghani outside a school in Turbat on Saturday.",
    ],
)  # fmt: skip
def test_extract_events_one_person_named_after_the_killing_verb_is_one_dead(text):
    # "killing Constable Sher Ali Khan": one person, named after the rank or trade.
    [event] = _events(text)
    assert event.fatalities == 1


def test_extract_events_a_statement_after_the_funeral_is_no_incident_of_its_day():
    # The minister spoke on Sunday, after the funeral; the shooting was Saturday's.
    text = (
        "Gunmen shot dead a policeman at a checkpoint in Kohat on Saturday. Speaking to the "
        "media after attending the funeral of the martyred constable on Sunday, the provincial "
        'minister said the incident was no robbery. "Militants opened fire," he said, adding that '
        "the constable had been shot at close range."
    )
    [event] = _events(text)
    assert event.date == "2025-01-04"


def test_extract_events_figures_told_before_two_separate_attacks_belong_to_the_round_up():
    # "Three killed and four injured ... in two separate attacks": the tolls of the two parts,
    # no third incident of their own.
    text = (
        "Three soldiers were killed and four others were injured on Saturday in two separate "
        "attacks in Kech and Panjgur districts. In the first attack, militants fired on an FC "
        "post in Kech, killing two soldiers. In the second attack, a soldier was killed when a "
        "bomb hit a patrol in Panjgur."
    )
    events = _events(text)
    assert sorted(e.fatalities for e in events) == [1, 2]
    assert all(e.date == "2025-01-04" for e in events)


@pytest.mark.parametrize(
    "text,fatalities",
    [
        # the count before the killing verb is of the attackers
        ("Gunmen stormed a school near Turbat on Saturday. Two attackers shot dead a teacher and fled on a motorcycle, police said.", 1),
        ("Three gunmen on motorcycles killed a shopkeeper in a market in Kharan on Saturday, police said.", 1),
        ("Three masked men on motorcycles opened fire on a bank van in Kharan on Saturday, killing guard Nazir Ahmed, police said.", 1),
        # ... also before a coordinated killing verb
        ("Three gunmen shot and killed a vaccinator in Mohmand on Tuesday.", 1),
        ("Four militants opened fire and killed a traffic constable in Dera Ismail Khan on Tuesday.", 1),
        ("Five attackers stormed the checkpost and killed three Levies men in Zhob on Tuesday.", 3),
        # the verb split around the one it kills, the attackers told with their ride
        ("Two armed men on a motorbike shot a shopkeeper dead in Khuzdar on Tuesday.", 1),
        ("Two gunmen, riding a motorbike, shot dead a tailor in Mastung on Tuesday.", 1),
        # a victim noun of the region's news
        ("Unknown men shot dead a schoolteacher in Panjgur on Tuesday.", 1),
        ("Gunmen killed a barber in Kurram on Tuesday.", 1),
        # a count that is the subject of a passive, or of dying, is still of the dead
        ("Two policemen were shot and killed in Karak on Tuesday.", 2),
        ("Three labourers shot by gunmen in Kech on Tuesday died in hospital.", 3),
    ],
)  # fmt: skip
def test_extract_events_a_count_of_the_attackers_is_not_of_the_dead(text, fatalities):
    events = _events(text)
    assert [e.fatalities for e in events] == [fatalities]


@pytest.mark.parametrize(
    "text",
    [
        # Men the text does not say who they were, shot dead by a force: the force's operation.
        "On Tuesday, Levies personnel near Zhob, close to the Afghan frontier, shot dead three men "
        "who officials said had crossed over with weapons.",
        # A raid a force reports, no attacker named, is its own.
        "Sindh Police said a raid near Jacobabad on Tuesday left one suspect dead, struck by his "
        "own comrades' fire.",
    ],
)
def test_extract_events_force_killing_unnamed_men_is_its_operation(text):
    [event] = _events(text)
    assert event.kind == "MilitaryOperation" and event.perpetrator is not None


@pytest.mark.parametrize(
    "text",
    [
        # The force named after another event word is what that word hit.
        "Militants stormed police stations, blew up a bridge and killed 20 people in Kalat on "
        "Tuesday.",
        # Forces that fire on a crowd the text names attacked it.
        "Police opened fire on protesters in Gilgit on Tuesday, killing four.",
        # Killed by someone else, with a force only nearby.
        "Two men who were shot dead near a police post in Tank on Tuesday were later identified.",
    ],
)
def test_extract_events_force_near_unnamed_dead_is_no_operation(text):
    assert "MilitaryOperation" not in [e.kind for e in _events(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Troops carried out a raid near Jandola on Tuesday and killed a would-be suicide bomber.",
        "A suicide bomber was arrested in a police raid in Hangu on Tuesday, officials said.",
    ],
)
def test_extract_events_bomber_stopped_is_no_suicide_bombing(text):
    kinds = [e.kind for e in _events(text)]
    assert kinds and "SuicideBombing" not in kinds


def test_extract_events_bomber_killed_in_blast_stays_suicide_bombing():
    text = (
        "A suicide bomber blew himself up at a market in Parachinar on Tuesday, killing six people."
    )
    assert [e.kind for e in _events(text)] == ["SuicideBombing"]


@pytest.mark.parametrize(
    "text",
    [
        # The forces beat the attack back, then searched: the attack is the incident.
        "Levies repel militant attack on Zhob checkpost, search operation launched",
        # The attack told in the passive as beaten back, after a large operation.
        "The assault on the Daraban police station on Tuesday night was beaten back after a "
        "large operation involving police units from nearby districts.",
    ],
)
def test_extract_events_attack_repelled_by_forces_is_the_attack(text):
    [event] = _events(text)
    assert event.kind == "Attack" and event.perpetrator is None and event.targets


def test_extract_events_raid_by_named_group_is_its_attack():
    text = (
        "Police said the latest raid by TTP fighters on a police station in Bhakkar on Tuesday "
        "night left two constables wounded."
    )
    [event] = _events(text)
    assert (event.kind, event.perpetrator) == ("Attack", "actor:ttp")


def test_extract_events_operation_told_apart_is_not_against_the_attackers():
    text = (
        "Militants of the TTP attacked a police post in Bannu on Saturday, killing two "
        "constables. In a separate action, troops raided a hideout in Lakki Marwat on Saturday "
        "and killed three terrorists."
    )
    attack, operation = _events(text)
    assert attack.perpetrator == "actor:ttp"
    assert operation.kind == "MilitaryOperation" and operation.targets == []


def test_extract_events_a_headline_word_another_incident_tells_is_not_this_ones_kind():
    title = "Gunmen storm levies post in Kalat; four soldiers hurt in Panjgur suicide blast"
    text = (
        "Militants attacked a Levies post in Kalat on Thursday night, wounding two guards, "
        "officials said. They fled when the guards fired back. On Wednesday, four soldiers "
        "were wounded when a suicide bomber blew himself up near an army checkpoint in Panjgur."
    )
    kinds = {e.location: e.kind for e in _events(text, title=title)}
    assert kinds == {"place:pk-ba-kalat": "Attack", "place:pk-ba-panjgur": "SuicideBombing"}


def test_extract_events_a_headline_word_of_the_incident_itself_keeps_its_kind():
    title = "Suicide blast kills three soldiers in Panjgur"
    text = (
        "Three soldiers were killed on Thursday when an attacker blew himself up near an "
        "army checkpoint in Panjgur, officials said."
    )
    assert [e.kind for e in _events(text, title=title)] == ["SuicideBombing"]


@pytest.mark.parametrize(
    "text",
    [
        "Three people, including a tehsildar, were killed on Tuesday when a remote-controlled bomb hit an official car in Khar, Bajaur. The device went off as the car passed a crowded bazaar. The provincial police chief ordered that intelligence-based operations against the militants be intensified.",
        "A landmine blast hit a Frontier Corps vehicle in Kohlu on Tuesday, killing two soldiers. The provincial government ordered that search operations against the terrorists be stepped up.",
    ],
)  # fmt: skip
def test_extract_events_plural_word_of_no_series_keeps_the_bombing(text):
    # Operations only called for after one bombing make no series of attacks.
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.kind == "Bombing" and event.date == "2025-01-07"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen backed by suicide bombers stormed a Levies post in Khuzdar on Tuesday, leaving three guards and five attackers dead, officials said.",
        "Heavily armed militants stormed a court complex in Chitral on Tuesday. One of them blew himself up at the gate while the others were shot dead by police; two lawyers were killed.",
    ],
)  # fmt: skip
def test_extract_events_armed_assault_with_suicide_attackers_is_an_attack(text):
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.kind == "Attack" and event.date == "2025-01-07"


@pytest.mark.parametrize(
    "text",
    [
        "A suicide bomber attacked a police van in Bannu on Tuesday, killing four policemen.",
        "Gunmen stormed a checkpost in Tank on Tuesday after a suicide bomber blew up an explosives-laden car at its gate, killing six soldiers.",
    ],
)  # fmt: skip
def test_extract_events_suicide_blast_told_stays_a_suicide_bombing(text):
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.kind == "SuicideBombing"


def test_extract_events_an_ambush_by_a_mob_is_an_attack():
    text = (
        "A police team returning from a raid was ambushed by an angry mob near Rawalakot on "
        "Tuesday; four constables were injured when the crowd pelted them with stones and beat "
        "them with sticks."
    )
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.kind == "Attack" and event.date == "2025-01-07"


def test_extract_events_an_ambush_by_militants_stays_an_ambush():
    text = "Militants ambushed a police patrol near Rawalakot on Tuesday, wounding four constables."
    [event] = _events(text, published=date(2025, 1, 8))
    assert event.kind == "Ambush"


@pytest.mark.parametrize(
    "text",
    [
        "Police killed three suspects in an encounter in Multan on Saturday.",
        "CTD personnel killed two wanted militants in an exchange of fire near Jhang on Saturday.",
    ],
)
def test_force_shootout_with_the_suspects_it_pursued_is_an_operation(text):
    [event] = _events(text)
    assert event.kind == "MilitaryOperation"


@pytest.mark.parametrize(
    "text",
    [
        "SUKKUR: Police shot dead three bandits in an encounter near Pano Aqil on Sunday.",
        "Policemen killed two dacoits during an exchange of fire in the Kashmore katcha area "
        "on Monday, the SSP said.",
        "Four outlaws were killed in an encounter with police near Ghotki on Friday.",
    ],
)
def test_police_shootout_with_bandits_is_the_police_operation(text):
    """A police encounter with bandits or dacoits is the police's operation against them."""
    [event] = _events(text)
    assert event.kind == "MilitaryOperation"


def test_bandits_shot_dead_after_firing_on_police_is_the_police_operation():
    """Bandits who fired on a police party and were killed when it fired back: the police's
    operation against them, the bandits its target."""
    text = (
        "JACOBABAD: A gang of bandits opened fire on a police party near Thul on Saturday "
        "night. Policemen returned fire, killing three of the bandits, the SSP said."
    )
    [event] = _events(text)
    assert event.kind == "MilitaryOperation"
    assert event.perpetrator == "actor:sindh-police"
    assert event.targets == ["actor:dacoits"]


def test_bandits_who_killed_policemen_attacked_them():
    text = (
        "JACOBABAD: A gang of bandits opened fire on a police party near Thul on Saturday "
        "night, killing two constables."
    )
    [event] = _events(text)
    assert event.kind == "Attack"
    assert event.perpetrator == "actor:dacoits"


def test_clash_with_bandits_in_which_policemen_died_stays_a_clash():
    text = "Two constables and three dacoits were killed in an encounter near Shikarpur on Monday."
    assert [e.kind for e in _events(text)] == ["Clash"]


def test_clash_in_which_forces_died_stays_a_clash():
    text = (
        "Two policemen and three suspects were killed in an exchange of fire in Multan on Saturday."
    )
    assert [e.kind for e in _events(text)] == ["Clash"]


def test_fire_from_across_the_border_in_which_the_attackers_fell_is_a_clash():
    lead = (
        "Two Levies men were wounded on Sunday when posts in the Sambaza area of Zhob came "
        "under fire from across the border, officials said.\n\n"
    )
    fought = lead + "Nine of the attackers were killed when the Levies hit back, officials added."
    withdrew = lead + "The attackers fired mortars for several hours before they withdrew."
    [clash] = _events(fought, published=date(2024, 5, 14))
    [attack] = _events(withdrew, published=date(2024, 5, 14))
    assert (clash.kind, attack.kind) == ("Clash", "Attack")
