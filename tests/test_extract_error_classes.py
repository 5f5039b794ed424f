"""Classes of extraction error seen on unseen reports, each with invented sentences: places, responses, acronyms."""

from __future__ import annotations

from datetime import date

import pytest

from kg.core.model import Document
from kg.extract import extract
from kg.extract.clauses import EntityHit
from kg.extract.incidents import Places

_TOY = {
    "site:unplaced": ("Site", None),
    "site:placed": ("Site", "district:a"),
    "district:a": ("District", "province:p"),
    "district:b": ("District", "province:p"),
    "province:p": ("Province", None),
}


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("site:unplaced", "district:a", True),  # may lie anywhere: contradicts nothing
        ("site:placed", "district:a", True),
        ("site:placed", "district:b", False),
        ("district:a", "district:b", False),
    ],
)
def test_incidents_places_compatible(a, b, expected):
    assert Places(_TOY).compatible(a, b) is expected


@pytest.mark.parametrize(
    "text,kind,expected",
    [
        ("Civil Hospital", "Site", True),
        ("Combined Military Hospital", "Site", True),
        ("District Headquarters Hospital", "Site", True),
        ("Girls High School", "Site", False),
        ("Hospital", "City", False),  # a town is never only where the wounded went
    ],
)
def test_incidents_places_where_taken(text, kind, expected):
    hit = EntityHit(0, len(text), text, "place:x", kind)
    assert Places(_TOY).where_taken(hit) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # the forces' announced operation answers the attack reported after it: one incident
        (
            "Security forces killed 12 terrorists in a clearance operation in Kalat, the ISPR "
            "said on Saturday. On Wednesday, militants attacked a check post in Kalat, killing "
            "four soldiers.",
            [("Attack", "2024-10-30", 16)],
        ),
        # an operation elsewhere answers nothing here
        (
            "Security forces killed 12 terrorists in an operation in Kech, the ISPR said on "
            "Saturday. On Wednesday, militants attacked a check post in Kalat, killing four soldiers.",
            [("MilitaryOperation", "2024-11-02", 12), ("Attack", "2024-10-30", 4)],
        ),
    ],
)
def test_incidents_announced_response_joins_the_attack(text, expected):
    extraction = extract(Document(id="d", text=text, published=date(2024, 11, 2)))
    assert [(e.kind, e.date, e.fatalities) for e in extraction.events] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # "the city's X area": a locality of the dateline's city, not a homonym elsewhere,
        # and finer than the city
        (
            "QUETTA: A suicide bomber killed ten people on Tuesday near the Frontier Corps "
            "headquarters in the city's Model Town area.",
            ["Model Town", "Quetta"],
        ),
        # a dateline alone places nothing
        ("ISLAMABAD: Gunmen killed three policemen in Kalat on Tuesday.", ["Kalat District"]),
    ],
)
def test_extract_locality_of_the_city_the_report_refers_to(text, expected):
    extraction = extract(Document(id="d", text=text, published=date(2025, 9, 30)))
    entities = {e.key: e for e in extraction.entities}
    [event] = extraction.events
    chain, key = [], event.location
    while key in entities and len(chain) < len(expected):
        chain.append(entities[key].label)
        key = entities[key].parent
    assert chain == expected


@pytest.mark.parametrize(
    "text,name,acronym,taught",
    [
        ("KARACHI, Pakistan (AP) — A bomb killed two people in Karachi.", "Pakistan", "AP", False),
        (
            "ISLAMABAD (Reuters) — The Frontier Corps (FC) lost two men.",
            "Frontier Corps",
            "FC",
            True,
        ),
    ],
)
def test_extract_acronym_only_from_initials(text, name, acronym, taught):
    extraction = extract(Document(id="d", text=text, published=date(2024, 10, 7)))
    [entity] = [e for e in extraction.entities if e.label == name]
    assert (acronym in {m.text for m in entity.mentions}) is taught


@pytest.mark.parametrize(
    "text,label,parent",
    [
        # a chowk or a road named with its town: the noun is part of the site's name
        (
            "Unidentified men hurled a hand grenade at a police van at Mochi Chowk in Khuzdar "
            "on Friday, wounding two constables.",
            "Mochi Chowk",
            "Khuzdar",
        ),
        (
            "A bomb planted on a motorcycle went off on Zarghoon Road in Quetta on Monday, "
            "killing a passer-by.",
            "Zarghoon Road",
            "Quetta",
        ),
    ],
)
def test_extract_named_site_keeps_its_noun_and_its_town(text, label, parent):
    extraction = extract(Document(id="d", text=text, published=date(2023, 6, 3)))
    by_key = {e.key: e for e in extraction.entities}
    [event] = extraction.events
    site = by_key[event.location]
    assert (site.label, site.kind, by_key[site.parent].label) == (label, "Site", parent)


def test_extract_site_named_again_without_its_town_is_the_same_site():
    text = (
        "A blast ripped through Peshawar's Qissa Khwani market on Sunday, killing four shoppers. "
        "Traders said the bomb had been left near a shop in the Qissa Khwani Bazaar."
    )
    extraction = extract(Document(id="d", text=text, published=date(2023, 6, 5)))
    sites = [e for e in extraction.entities if e.kind == "Site" and e.mentions]
    assert [(s.label, len(s.mentions)) for s in sites] == [("Qissa Khwani market", 2)]


@pytest.mark.parametrize(
    "surface,label",
    [
        ("Paktika", "Paktika Province"),
        ("Nangarhar province", "Nangarhar Province"),
        ("Badakhshan", "Badakhshan Province"),
        ("Sistan-Baluchestan", "Sistan and Baluchestan Province"),
        ("Barmal district", "Barmal District"),
        ("Killa Saifullah", "Qila Saifullah District"),
        ("Noshki", "Nushki District"),
        ("Kacchi", "Kachhi District"),
        ("Musakhail", "Musakhel District"),
        ("Las Bela", "Lasbela District"),
    ],
)
def test_gazetteer_border_provinces_and_district_spellings(surface, label):
    from kg.extract.gazetteer import get_gazetteer

    gazetteer = get_gazetteer()
    labels = {p.label for p, _ in gazetteer.lookup(surface)}
    assert label in labels
