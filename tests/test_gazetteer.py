"""The gazetteer: pycountry + places.tsv + GeoNames, keys, hierarchy and spelling variants."""

from __future__ import annotations

import pytest

from kg.extract.gazetteer import get_gazetteer, load_gazetteer, normalize_surface
from kg.extract.lexicon import ENV_VAR, lexicon_files


@pytest.mark.parametrize(
    "surface,key",
    [
        ("Pakistan", "place:pk"),
        ("Iran", "place:ir"),
        ("Russia", "place:ru"),
        ("Baluchistan", "place:pk-ba"),
        ("KPK", "place:pk-kp"),
        ("Khyber-Pakhtunkhwa", "place:pk-kp"),
        ("Kacchi", "place:pk-ba-kachhi"),
        ("Bolan", "place:pk-ba-kachhi"),
        ("Musa Khel", "place:pk-ba-musakhel"),
        ("Kalat", "place:pk-ba-kalat"),
        ("Quetta", "place:pk-ba-quetta-city"),
        ("Quetta district", "place:pk-ba-quetta"),
        ("D.I. Khan", "place:pk-kp-dera-ismail-khan-city"),
        ("North Waziristan", "place:pk-kp-north-waziristan"),
        ("Sistan-Baluchestan", "place:ir-11"),
    ],
)
def test_gazetteer_lookup_first_candidate(surface, key):
    assert get_gazetteer().lookup(surface)[0][0].key == key


@pytest.mark.parametrize(
    "key,chain",
    [
        ("place:pk-ba-turbat", ["place:pk-ba-kech", "place:pk-ba", "place:pk"]),
        ("place:pk-kp-miranshah", ["place:pk-kp-north-waziristan", "place:pk-kp", "place:pk"]),
        # a GeoNames town lies in its district, not straight in its province
        ("place:pk-kp-akora-khattak", ["place:pk-kp-nowshera", "place:pk-kp", "place:pk"]),
        ("place:pk-kp-shabqadar", ["place:pk-kp-charsadda", "place:pk-kp", "place:pk"]),
        ("place:pk-ba", ["place:pk"]),
        ("place:pk", []),
        # the towns of South Waziristan lie in it, as ACLED and the press give their district
        ("place:pk-kp-wana", ["place:pk-kp-south-waziristan", "place:pk-kp", "place:pk"]),
        (
            "place:pk-kp-upper-south-waziristan",
            ["place:pk-kp-south-waziristan", "place:pk-kp", "place:pk"],
        ),
        # a suburb of a city lies in the city
        (
            "place:pk-kp-chamkani",
            ["place:pk-kp-peshawar-city", "place:pk-kp-peshawar", "place:pk-kp", "place:pk"],
        ),
    ],
)
def test_gazetteer_ancestors_parent_first(key, chain):
    assert [p.key for p in get_gazetteer().ancestors(key)] == chain


def test_gazetteer_every_place_reaches_a_country():
    gazetteer = get_gazetteer()
    broken = [
        p.key for p in gazetteer if p.kind != "Country" and gazetteer.country_of(p.key) is None
    ]
    assert broken == []


@pytest.mark.parametrize(
    "surface,key", [("Ketch", "place:pk-ba-kech"), ("Mastong", "place:pk-ba-mastung")]
)
def test_gazetteer_fuzzy_lookup_finds_slips(surface, key):
    hits = get_gazetteer().fuzzy_lookup(surface)
    assert key in [p.key for p, _ in hits] and all(conf < 0.9 for _, conf in hits)


@pytest.mark.parametrize("surface", ["Sui", "Kech", "Tank"])
def test_gazetteer_fuzzy_lookup_ignores_short_words(surface):
    assert get_gazetteer().fuzzy_lookup(surface) == []


def test_gazetteer_keys_are_stable():
    first, second = load_gazetteer(lexicon_files([])), load_gazetteer(lexicon_files([]))
    assert [p.key for p in first] == [p.key for p in second]


@pytest.mark.parametrize(
    "key,kind,province",
    [
        ("place:pk-kp-mardan-city", "City", "place:pk-kp"),
        ("place:pk-sd-hyderabad-city", "City", "place:pk-sd"),
    ],
)
def test_gazetteer_includes_geonames_towns(key, kind, province):
    place = get_gazetteer().place(key)
    assert place.kind == kind and province in [p.key for p in get_gazetteer().ancestors(key)]
    assert place.lat is not None


@pytest.mark.parametrize(
    "city,facility,site",
    [
        ("place:pk-ba-quetta-city", "railway-station", "place:pk-ba-quetta-railway-station"),
        ("place:pk-sd-karachi-city", "airport", "place:pk-sd-jinnah-airport"),
    ],
)
def test_gazetteer_facility_of_city(city, facility, site):
    assert get_gazetteer().facility(city, facility).key == site


def test_gazetteer_user_places(tmp_path, monkeypatch):
    (tmp_path / "villages.tsv").write_text(
        "id\tlabel\tkind\tparent\tlat\tlon\taliases\npk-ba-zarchi\tZarchi\tSite\tplace:pk-ba-kech\t26.1\t63.1\tZarchi village\n"
    )
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    get_gazetteer.cache_clear()
    try:
        assert get_gazetteer().lookup("Zarchi village")[0][0].parent == "place:pk-ba-kech"
    finally:
        get_gazetteer.cache_clear()


@pytest.mark.parametrize(
    "text,folded", [("Khyber-Pakhtunkhwa\u2019s", "khyber pakhtunkhwa's"), ("Nīmrōz", "nimroz")]
)
def test_gazetteer_normalize_surface(text, folded):
    assert normalize_surface(text) == folded


@pytest.mark.parametrize(
    "surface,district",
    [
        # Punjab's districts, the ones made in 2022-23 among them
        ("Okara District", "place:pk-pb-okara"),
        ("Talagang District", "place:pk-pb-talagang"),
        ("Kot Addu District", "place:pk-pb-kot-addu"),
        ("Murree District", "place:pk-pb-murree"),
        # Gilgit-Baltistan and Azad Jammu and Kashmir
        ("Ghizer", "place:pk-gb-ghizer"),
        ("Hunza", "place:pk-gb-hunza"),
        ("Neelum District", "place:pk-jk-neelum"),
        ("Hattian Bala", "place:pk-jk-hattian-bala"),
        # the counties of Iran's Sistan and Baluchestan
        ("Saravan County", "place:ir-11-saravan"),
        ("Taftan county", "place:ir-11-taftan"),
    ],
)
def test_gazetteer_covers_districts_of_every_region(surface, district):
    place = get_gazetteer().lookup(surface)[0][0]
    assert (place.key, place.kind) == (district, "District")


@pytest.mark.parametrize(
    "surface,district",
    [
        # a district's headquarters town lies in it, whatever GeoNames calls it
        ("Kasur", "place:pk-pb-kasur"),
        ("Jhang", "place:pk-pb-jhang"),
        ("Vehari", "place:pk-pb-vehari"),
        ("Sheikhupura", "place:pk-pb-sheikhupura"),
        ("Bagh", "place:pk-jk-bagh"),
        ("Muzaffarabad", "place:pk-jk-muzaffarabad"),
        ("Gilgit", "place:pk-gb-gilgit"),
        ("Sadiqabad", "place:pk-pb-rahim-yar-khan"),
        # an Iranian town lies in its county
        ("Zahedan", "place:ir-11-zahedan"),
        ("Saravan", "place:ir-11-saravan"),
    ],
)
def test_gazetteer_towns_lie_in_their_district(surface, district):
    gazetteer = get_gazetteer()
    town = gazetteer.lookup(surface)[0][0]
    assert town.kind == "City"
    assert gazetteer.ancestors(town.key)[0].key == district
