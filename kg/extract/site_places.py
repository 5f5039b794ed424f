"""Where a site read from the text lies, when the gazetteer does not know it.

A site found by its shape ("the Karachi Police Office", "the city's Model Town area") has no
parent, so nothing places it on a map or in a district, and an incident there has no admin
region. Two cues place it in a city:

- its own name holds the name of a city the text names ("Karachi Police Office");
- the report refers back to the city it was filed from ("in the city's Model Town area",
  "the provincial capital"): then its sites lie in the dateline's city.

A third cue moves a place: "Quetta's Model Town area", "the city's Model Town area" names a
locality of that city, even when the gazetteer knows a town of the same name elsewhere (a
Model Town in Punjab): the locality becomes a site of the city.

A dateline alone never places anything: wire stories are filed from capitals far from the
violence they report.
"""

from __future__ import annotations

import re

from kg.core.geo import distance_km
from kg.core.model import Extraction
from kg.extract.entity_state import slug
from kg.extract.words import get_words

__all__ = ["place_sites"]

_THE_CITYS = re.compile(r"\b[Tt]he\s+city(?:'s|’s)")


def place_sites(
    extraction: Extraction, text: str, dateline: tuple[int, int] | None
) -> dict[str, str]:
    """Give each unplaced site of ``extraction`` the city it lies in, when a cue says which.

    Returns:
        old key -> new key of the places made sites of a city, for the readers that saw
        the old ones.
    """
    _district_towns(extraction, text)
    cities = [e for e in extraction.entities if e.kind == "City"]
    home = _dateline_city(cities, dateline) if _refers_to_city(text) else None
    moved = _localities(extraction, text, cities, home)
    moved.update(_areas_of_the_city(extraction, text, cities, dateline))
    moved.update(_merge_namesakes(extraction))
    sites = [e for e in extraction.entities if e.kind == "Site" and e.parent is None]
    towns = [e for e in extraction.entities if e.kind in ("City", "District")]
    for site in sites:
        named = [c for c in cities if c.key != site.key and _contains_word(site.label, c.label)]
        if named:
            site.parent = max(named, key=lambda c: len(c.label)).key
        elif home is not None:
            site.parent = home
        else:
            town = _town_just_after(site, towns, text, dateline)
            town = town or _town_just_before(site, towns, text, dateline)
            key = f"{town}-{slug(site.label)}" if town is not None else None
            if key is not None and not any(
                e.parent == site.key or e.key == key for e in extraction.entities
            ):
                moved[site.key] = key
                site.key, site.parent = key, town
    return moved


# Between a town and the district named as holding it: "Kundian in Mianwali district",
# "Kundian, Mianwali district", "Kundian in Punjab's Mianwali district".
_TOWN_IN = re.compile(r"\s*(?:,\s*|\s+(?:in|of)\s+)(?:the\s+)?(?:[A-Z][\w-]*(?:'s|’s)\s+)?$")
# Between a district and a town it holds: "Mianwali district's Kundian", "Mianwali's Kundian".
_DISTRICT_S = re.compile(r"(?:'s|’s)\s+(?:the\s+)?$")
_NEAR_KM = 80  # a town farther than this from the district's headquarters is not in it


def _district_towns(extraction: Extraction, text: str) -> None:
    """ "near Kundian in Mianwali district": a town the gazetteer knows only by its province
    (a small town of GeoNames) lies in the district of that province the text names as holding
    it, when the district's headquarters is near the town."""
    by_key = {e.key: e for e in extraction.entities}
    districts = [e for e in extraction.entities if e.kind == "District"]
    for town in extraction.entities:
        province = by_key.get(town.parent) if town.parent else None
        if town.kind != "City" or province is None or province.kind != "Province":
            continue
        held = [
            d
            for d in districts
            if d.parent == province.key
            and _near(town, d)
            and any(_names_holder(text, t, m) for t in town.mentions for m in d.mentions)
        ]
        if len(held) == 1:
            town.parent = held[0].key


def _names_holder(text: str, town, district) -> bool:
    if 0 <= district.start - town.end <= 40:
        return _TOWN_IN.fullmatch(text, town.end, district.start) is not None
    if 0 <= town.start - district.end <= 12:
        return _DISTRICT_S.fullmatch(text, district.end, town.start) is not None
    return False


def _near(town, district) -> bool:
    if None in (town.lat, town.lon, district.lat, district.lon):
        return True
    return distance_km((town.lat, town.lon), (district.lat, district.lon)) <= _NEAR_KM


_LOOK_BACK = 320  # characters before a site searched for the town it lies in


def _town_just_before(site, towns, text: str, dateline: tuple[int, int] | None) -> str | None:
    """ "Four soldiers were killed in a blast in Sibi district. The blast took place near
    Thandi Sarak": a site put where it happened ("near", "at") right after a single town
    or district (not the dateline's; a town and the district holding it are one), lies in it."""
    if not site.mentions:
        return None
    first = min(m.start for m in site.mentions)
    cue = _AT_SITE.search(text, max(0, first - 20), first)
    # "in Kocha Risaldar near Qissa Khwani Bazar": a landmark that places another place.
    if cue is None or _AFTER_NAME.search(text, max(0, cue.start() - 30), cue.start()):
        return None
    near = {
        town.key
        for town in towns
        for m in town.mentions
        if first - _LOOK_BACK <= m.start
        and m.end <= first
        and not (dateline and dateline[0] <= m.start and m.end <= dateline[1])
    }
    parents = {town.key: town.parent for town in towns}
    held = set()
    for key in near:
        parent, seen = parents.get(key), set()
        while parent is not None and parent not in seen:
            seen.add(parent)
            held.add(parent)
            parent = parents.get(parent)
    finest = near - held
    return finest.pop() if len(finest) == 1 else None


# Between a site and the town or district it lies in, named right after it: "the X check post
# in Khyber district", "the X check post on the Y Highway in Jamrud tehsil of Khyber district".
_SITE_IN = re.compile(
    r"\s+(?:(?:on|along|off)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4})?(?:in|of)\s+(?:the\s+)?$"
)


def _town_just_after(site, towns, text: str, dateline: tuple[int, int] | None) -> str | None:
    """ "terrorists struck the Takhtabeg check post on the Peshawar-Torkham Highway in Jamrud
    tehsil of Khyber district": a site lies in the town or district named right after it (the
    finer one, when a town is named with its district)."""
    for mention in sorted(site.mentions, key=lambda m: m.start):
        after = [
            (m.start, town)
            for town in towns
            for m in town.mentions
            if mention.end < m.start <= mention.end + 60
            and not (dateline and dateline[0] <= m.start and m.end <= dateline[1])
            and _SITE_IN.fullmatch(text, mention.end, m.start)
        ]
        if after:
            return min(after, key=lambda pair: pair[0])[1].key
    return None


_AFTER_NAME = re.compile(r"\b[A-Z][\w'-]*\s+$")
_AT_SITE = re.compile(r"\b(?:near|at|outside|on)\s+(?:the\s+)?$", re.IGNORECASE)


def _localities(extraction: Extraction, text: str, cities, home: str | None) -> dict[str, str]:
    """ "<City>'s X area": X is a site of that city, whatever else the gazetteer says it is."""
    by_key = {e.key: e for e in extraction.entities}
    moved: dict[str, str] = {}
    nouns = "|".join(re.escape(w) for w in get_words()["locality_noun"])
    for city_key, owner in _owners(text, cities, home):
        tail = re.match(rf"\s+((?:[A-Z][\w-]*\s+){{1,4}}?)(?:{nouns})\b", text[owner:])
        if not tail:
            continue
        start, end = owner + tail.start(1), owner + tail.end(1)
        for entity in extraction.entities:
            if entity.key == city_key or not entity.is_place or entity.kind not in ("City", "Site"):
                continue
            if not any(start <= m.start and m.end <= end + 1 for m in entity.mentions):
                continue
            if _within(entity.key, city_key, by_key):
                continue
            old = entity.key
            _relocate(extraction, entity, city_key)
            moved[old] = entity.key
    return moved


_OF_THE_CITY = re.compile(
    r"\s+(?:area|areas|locality|neighbourhood|neighborhood)\s+of\s+the\s+city\b"
)


def _areas_of_the_city(
    extraction: Extraction, text: str, cities, dateline: tuple[int, int] | None
) -> dict[str, str]:
    """ "their vehicle came under attack in Dadu ... near the Haitam Jatoi area of the city":
    an area of "the city" that no place holds is a quarter of the town named last before it
    (not the dateline's, where the report was filed)."""
    if "of the city" not in text:
        return {}
    moved: dict[str, str] = {}
    for entity in list(extraction.entities):
        if entity.kind not in ("City", "Site") or entity.parent is not None:
            continue
        for mention in entity.mentions:
            if not _OF_THE_CITY.match(text, mention.end):
                continue
            before = [
                (m.start, city)
                for city in cities
                if city.key != entity.key
                for m in city.mentions
                if m.end <= mention.start
                and not (dateline and dateline[0] <= m.start and m.end <= dateline[1])
            ]
            if not before:
                continue
            town = max(before, key=lambda pair: pair[0])[1]
            old = entity.key
            _relocate(extraction, entity, town.key)
            moved[old] = entity.key
            break
    return moved


def _merge_namesakes(extraction: Extraction) -> dict[str, str]:
    """ "Lahore's Anarkali market" then "the Anarkali Bazaar": a site named again without its
    city (or with another noun for the same kind of place) is the site already placed.
    "A blast near Sultan Kot", then "the village of Sultan Kot": a site of no known place
    named like a town of the report is that town."""
    nouns = get_words()["locality_noun"]
    placed: dict[str, object] = {}
    towns: dict[str, object] = {}
    for entity in extraction.entities:
        if entity.kind == "Site" and entity.parent is not None:
            placed.setdefault(_bare(entity.label, nouns), entity)
        elif entity.kind == "City":
            towns.setdefault(entity.label.lower(), entity)
    if not placed and not towns:
        return {}
    moved: dict[str, str] = {}
    kept = []
    for entity in extraction.entities:
        if entity.kind == "Site" and entity.parent is None:
            target = placed.get(_bare(entity.label, nouns)) or towns.get(entity.label.lower())
            if target is not None and target.key != entity.key:
                target.mentions.extend(entity.mentions)
                moved[entity.key] = target.key
                continue
        kept.append(entity)
    extraction.entities[:] = kept
    return moved


def _bare(label: str, nouns) -> str:
    """A site's name without its noun: "Anarkali Bazaar" -> "anarkali"."""
    words = label.lower().split()
    return " ".join(words[:-1] if len(words) > 1 and words[-1] in nouns else words)


def _relocate(extraction: Extraction, entity, city_key: str) -> None:
    """Make ``entity`` a site of the city: a key of its own, so that it never merges with the
    gazetteer's place of the same name, and its own sites follow it."""
    old = entity.key
    entity.key = f"{city_key}-{slug(entity.label)}"
    entity.kind, entity.parent, entity.lat, entity.lon = "Site", city_key, None, None
    entity.wikidata, entity.from_lexicon = None, False
    for other in extraction.entities:
        if other.parent == old:
            other.parent = entity.key


def _owners(text: str, cities, home: str | None):
    """(city key, offset after "'s") for each "Quetta's" or "the city's" in the text."""
    if "'s" not in text and "’s" not in text:
        return
    for city in cities:
        if city.label + "'s" not in text and city.label + "’s" not in text:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(city.label)}(?:'s|’s)", text):
            yield city.key, m.end()
    for m in _THE_CITYS.finditer(text):
        # "the city's": the city the words refer back to, as the entity pass resolved them (a
        # report filed from Islamabad about Karachi means Karachi), else the dateline's.
        meant = next(
            (c.key for c in cities for n in c.mentions if n.start == m.start()),
            home,
        )
        if meant is not None:
            yield meant, m.end()


def _within(key: str, ancestor: str, by_key) -> bool:
    seen = set()
    while key and key not in seen:
        if key == ancestor:
            return True
        seen.add(key)
        key = by_key[key].parent if key in by_key else None
    return False


def _dateline_city(cities, dateline: tuple[int, int] | None) -> str | None:
    if dateline is None:
        return None
    start, end = dateline
    for city in cities:
        if any(start <= m.start and m.end <= end for m in city.mentions):
            return city.key
    return None


def _refers_to_city(text: str) -> bool:
    words = sorted(get_words()["city_reference"], key=len, reverse=True)
    pattern = (
        r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\w-])"
    )
    # "the City Police Station" is a name, not a reference back: the noun is written lower case.
    return any(
        not any(c.isupper() for c in m.group(0)[1:])
        for m in re.finditer(pattern, text, re.IGNORECASE)
    )


def _contains_word(label: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label) is not None
