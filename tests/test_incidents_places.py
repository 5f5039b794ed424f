"""kg.extract.incidents: which places can hold one incident, and which are only where people were taken."""

from __future__ import annotations

import pytest

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
