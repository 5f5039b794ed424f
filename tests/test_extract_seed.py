"""The seed article, built with published 2025-01-13, yields the events, figures and relations
its gold annotation names (seeds/000_6c959af80028444d.gold.json)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.extract import extract
from kg.ingest import load_documents

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_6c959af80028444d.txt"


@pytest.fixture(scope="module")
def seed():
    [document] = load_documents([SEED], published=date(2025, 1, 13))
    return extract(document)


def _event(extraction, date_prefix):
    found = [e for e in extraction.events if e.date and e.date.startswith(date_prefix)]
    assert len(found) == 1, [(e.kind, e.date) for e in extraction.events]
    return found[0]


def _label(extraction, key):
    entity = extraction.entity(key)
    return entity.label if entity else key


def test_extract_seed_finds_exactly_the_four_incidents(seed):
    assert sorted(e.date for e in seed.events) == ["2024-08", "2024-11", "2025-01-04", "2025-01-13"]


def test_extract_seed_kech_operations(seed):
    event = _event(seed, "2025-01-13")
    assert event.kind == "MilitaryOperation" and event.fatalities >= 27
    assert event.location == "place:pk-ba-kech" and not event.background
    assert (_label(seed, event.perpetrator), event.perpetrator_basis) == (
        "Pakistan Army",
        "stated",
    )


def test_extract_seed_turbat_ambush(seed):
    event = _event(seed, "2025-01-04")
    assert (event.kind, event.fatalities, event.perpetrator_basis) == ("Ambush", 6, "attributed")
    assert _label(seed, event.perpetrator) == "Baloch separatist groups" and event.background
    assert event.location in ("place:pk-ba-turbat", "place:pk-ba-kech")


def test_extract_seed_quetta_station_attack(seed):
    event = _event(seed, "2024-11")
    assert (event.date, event.fatalities, event.perpetrator_basis, event.background) == (
        "2024-11",
        26,
        "claimed",
        True,
    )
    assert (
        _label(seed, event.perpetrator) == "Baloch separatist groups" and "quetta" in event.location
    )


def test_extract_seed_august_coordinated_attacks(seed):
    event = _event(seed, "2024-08")
    assert event.date == "2024-08" and event.fatalities >= 39 and event.background
    assert event.location == "place:pk-ba" and event.kind == "Attack"


def test_extract_seed_statistics_are_figures_not_events(seed):
    figures = {(s.value, s.period) for s in seed.statistics}
    assert {(383, "2024"), (925, "2024")} <= figures
    assert not any(e.fatalities in (383, 925) for e in seed.events)


@pytest.mark.parametrize(
    "relation",
    [
        ("project:cpec", "fundedBy", "place:cn"),
        ("place:pk-ba", "bordersWith", "place:af"),
        ("place:pk-ba", "bordersWith", "place:ir"),
    ],
)
def test_extract_seed_relations(seed, relation):
    assert relation in {(r.subject, r.predicate, r.object) for r in seed.relations}


def test_extract_seed_evidence_points_into_the_text(seed):
    content = seed.document.content
    for event in seed.events:
        assert all(content[e.start : e.end] == e.sentence for e in event.evidence)
