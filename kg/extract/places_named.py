"""A finer place for an incident whose report puts it only in a province or a country.

"Four policemen were killed in an ambush in north-western Pakistan" and then "the patrol was
on its way to a village near Serai Naurang in Lakki Marwat district when gunmen opened fire":
the lead names only a wide region, and the one finer place of the incident's own sentences is
named as where the victims were going, where a victim was returning home, or where the police
who told of it serve ("police officials in Kalat district said ..."). None of those names is read as the place of the violence, but when the report
names nothing finer, they are where it happened, or at least the district it happened in.

A place is taken only when every such finer place agrees on it (one holds the others, or they
lie in one district) and it lies inside the wide region. Not taken: a hospital, where someone
comes from or is posted ("a teacher from Diamer district", "posted in Quetta"), the end of a
journey whose start is named after it ("driving back to Sibi from a shrine": taken on the
way), a place in a headline, and a place whose name stands for its government or one side of a
border.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Protocol

from kg.extract.words import get_words

__all__ = ["named_in_district", "named_within"]

_ORIGIN_WINDOW = 40  # characters before a place read for a word of origin


class _Hit(Protocol):
    start: int
    end: int
    text: str
    key: str
    kind: str
    locative: bool


class _Places(Protocol):
    def chain(self, key: str) -> list[str]: ...
    def compatible(self, a: str, b: str, *, namesake: bool = True) -> bool: ...
    def placed(self, key: str) -> bool: ...
    def below(self, a: str, b: str) -> bool: ...
    def where_taken(self, hit) -> bool: ...


def named_within(
    clauses: Iterable,
    places: _Places,
    wide: str,
    set_apart: Callable[[object, object], bool],
) -> str | None:
    """The finest place inside ``wide`` that all the places the clauses name (outside their
    headline) inside it agree with, or None. ``set_apart(clause, hit)``: the hit is no setting
    of the incident (a border's side, a capital that speaks)."""
    keys = _settings(clauses, places, wide, set_apart, lambda hit: hit.kind != "Country")
    if not keys or not all(places.compatible(a, b, namesake=False) for a in keys for b in keys):
        return None
    return max(keys, key=lambda k: len(places.chain(k)))


def named_in_district(
    clauses: Iterable,
    places: _Places,
    district: str,
    set_apart: Callable[[object, object], bool],
) -> str | None:
    """The village or town inside ``district`` that the clauses telling an
    incident put it in ("in the Khanozai bazaar", "near the village of X"), when they all agree
    on it: a paragraph headed by its district, or an official of the district who speaks, names
    the district; the sentence that tells where the bomb was planted names the village.

    Only a place the words put the incident in counts (not a passing mention, a hospital, where
    someone comes from, or the end of a journey); places of two towns or villages leave the
    district."""
    keys = _settings(
        clauses, places, district, set_apart, lambda hit: hit.locative and hit.kind == "City"
    )
    if not keys or not all(
        a in places.chain(b) or b in places.chain(a) for a in keys for b in keys
    ):
        return None
    return max(keys, key=lambda k: len(places.chain(k)))


def _settings(
    clauses: Iterable,
    places: _Places,
    within: str,
    set_apart: Callable[[object, object], bool],
    admits: Callable[[_Hit], bool],
) -> list[str]:
    """The keys, in order and once each, of the places the clauses (outside their headline)
    name inside ``within`` that ``admits`` takes and that could be the incident's setting: not
    a hospital, where someone comes from, the end of a journey or a place set apart."""
    found: list[str] = []
    for clause in clauses:
        if clause.in_title:
            continue
        for hit in clause.mentioned_places:
            if (
                not admits(hit)
                or not places.placed(hit.key)
                or not places.below(hit.key, within)
                or places.where_taken(hit)
                or set_apart(clause, hit)
                or _origin(clause.text, hit.start - clause.start)
                or _journey_end(clause.text, hit.end - clause.start)
            ):
                continue
            found.append(hit.key)
    return list(dict.fromkeys(found))


def _origin(text: str, at: int) -> bool:
    """Whether a word of origin or posting stands right before the place ("hailed from",
    "posted in", "a resident of the")."""
    return bool(_origin_pattern().search(text[max(0, at - _ORIGIN_WINDOW) : at]))


def _journey_end(text: str, at: int) -> bool:
    """Whether the journey's start follows the place ("back to the town of Sibi from a
    shrine"): the place is where the journey was to end, not where it was broken."""
    return bool(_journey_pattern().match(text, at))


@cache
def _journey_pattern() -> re.Pattern:
    words = "|".join(re.escape(w) for w in get_words()["journey_from"])
    return re.compile(rf"\s*,?\s+(?:{words})\b", re.IGNORECASE)


@cache
def _origin_pattern() -> re.Pattern:
    leads = "|".join(
        re.escape(w) for w in sorted(get_words()["origin_lead"], key=len, reverse=True)
    )
    return re.compile(
        rf"\b(?:{leads})\s+(?:the\s+)?(?:(?!to\b)[a-z][\w-]*\s+){{0,2}}$", re.IGNORECASE
    )
