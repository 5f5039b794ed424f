"""Scoring extractions against gold annotations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.core.model import Document, Entity, EventRecord, Evidence, Extraction, Mention
from kg.evaluate import GoldFile, load_aliases, load_gold, score

DOC = Document("d1", "text", published=date(2025, 1, 5))
EV = Evidence("d1", "s", 0, 1)


def _entity(key, label, kind, parent=None, surface=None):
    return Entity(key, label, kind, mentions=[Mention(surface or label, 0, 1, EV)], parent=parent)


def _extraction(**event_fields):
    entities = [
        _entity("place:pk", "Pakistan", "Country"),
        _entity("place:ba", "Balochistan", "Province", "place:pk"),
        _entity("place:kech", "Kech District", "District", "place:ba"),
        _entity("place:turbat", "Turbat", "City", "place:kech"),
        _entity("actor:bla", "Balochistan Liberation Army", "ArmedGroup", surface="BLA"),
    ]
    fields = dict(
        kind="SuicideBombing",
        date="2025-01-04",
        location="place:turbat",
        perpetrator="actor:bla",
        fatalities=6,
    )
    fields.update(event_fields)
    return Extraction(DOC, entities=entities, events=[EventRecord("e1", evidence=[EV], **fields)])


GOLD = GoldFile(
    Path("g.json"),
    "d1.md",
    {
        "entities": [
            {"name": "Balochistan Liberation Army", "type": "ArmedGroup"},
            {"name": "Turbat", "type": "City"},
            {"name": "Frontier Corps", "type": "StateForce"},
        ],
        "events": [
            {
                "id": "g1",
                "type": "SuicideBombing",
                "date": "2025-01-04",
                "location": "Turbat",
                "admin2": "Kech District",
                "admin1": "Balochistan",
                "perpetrator": "Balochistan Liberation Army",
                "targets": [],
                "fatalities_min": 6,
            }
        ],
    },
)


def test_evaluate_perfect_event_scores_every_field():
    scores = score([GOLD], {"d1": _extraction()})
    assert scores.events.f1 == 1.0
    assert set(scores.field_accuracy().values()) == {1.0}


@pytest.mark.parametrize(
    "change,field",
    [
        ({"fatalities": 5}, "fatalities"),
        ({"kind": "Attack"}, "type"),
        ({"perpetrator": None}, "perpetrator"),
        ({"location": "place:kech"}, "location"),
    ],
)
def test_evaluate_wrong_field_lowers_only_that_field(change, field):
    accuracy = score([GOLD], {"d1": _extraction(**change)}).field_accuracy()
    assert accuracy[field] == 0.0
    assert all(v == 1.0 for k, v in accuracy.items() if k not in (field, "location"))


@pytest.mark.parametrize("change", [{"date": "2025-01-03"}, {"location": "place:pk"}])
def test_evaluate_event_needs_date_and_place(change):
    scores = score([GOLD], {"d1": _extraction(**change)})
    assert (scores.events.tp, scores.events.fp, scores.events.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    "change,missed,extra",
    [
        ({"location": "place:pk"}, "missed: found in the wrong place", "placed elsewhere"),
        ({"date": "2024-12-20"}, "missed: found on the wrong date", "dated elsewhere"),
    ],
)
def test_evaluate_errors_count_a_misplaced_incident_once_from_each_side(change, missed, extra):
    errors = score([GOLD], {"d1": _extraction(**change)}).errors
    assert errors.count(missed) == 1
    assert errors.count(f"extra: a missed incident, {extra}") == 1
    assert errors.count("extra: other") == 0


def test_evaluate_errors_tell_a_background_extra_from_other_extras():
    extraction = _extraction()
    older = dict(kind="Attack", date="2024-06-01", location="place:kech", evidence=[EV])
    extraction.events += [
        EventRecord("e2", background=True, **older),
        EventRecord("e3", **{**older, "date": "2024-07-01"}),
    ]
    errors = score([GOLD], {"d1": extraction}).errors
    assert errors.count("extra: background incident") == 1
    assert errors.count("extra: other") == 1


def test_evaluate_entities_by_name_and_type():
    entities = score([GOLD], {"d1": _extraction()}).entities
    # BLA and Turbat found; Frontier Corps missed; Pakistan, Balochistan, Kech extra.
    assert (entities.tp, entities.fn, entities.fp) == (2, 1, 3)


def test_evaluate_missing_document_counts_as_missed():
    scores = score([GOLD], {})
    assert (scores.events.fn, scores.entities.fn) == (1, 3)


def test_evaluate_loads_corpus_gold_and_aliases():
    gold = load_gold(Path("seeds/corpus/gold"))
    assert len(gold) == 12
    aliases = load_aliases(Path("seeds/corpus/gold"))
    assert "bla" in aliases["Balochistan Liberation Army"]


def test_evaluate_corpus_fuses_into_its_distinct_incidents(tmp_path):
    from kg.evaluate import evaluate

    scores = evaluate(Path("seeds/corpus/gold"), out=tmp_path / "out")
    assert scores.dedup["fused_events"] == scores.dedup["gold_incidents"] == 13
    assert scores.dedup["unfused"] == scores.dedup["over_fused"] == 0
    assert "across articles: unfused" not in scores.errors.counts


def test_scoring_records_which_report_stands_for_which_gold_incident():
    scores = score([GOLD], {"d1": _extraction()})
    assert scores.matched_reports == [("d1", "g1", 1)]


def test_fusion_errors_count_reports_of_one_incident_left_apart_not_extra_events():
    """An extra event fused on its own is an extra event, not an incident left unfused."""
    from kg.evaluate.scoring import fusion_errors

    matched = [("a", "ambush", 1), ("b", "ambush", 2), ("c", "ambush", 1), ("c", "raid", 2)]
    fused = {
        ("a", 1): "e1",
        ("b", 1): "e9",  # b's first event matched nothing: an extra, fused alone
        ("b", 2): "e1",
        ("c", 1): "e2",
        ("c", 2): "e3",
    }
    unfused, over_fused = fusion_errors(matched, fused)
    assert unfused == ["ambush: 2 fused incidents (a, b, c)"]
    assert over_fused == []
    fused[("c", 2)] = "e2"
    assert fusion_errors(matched, fused)[1] == ["one fused incident joins ambush, raid (c)"]


def test_evaluate_holdout_keeps_a_floor():
    """The hold-out set estimates quality on unseen reports; a collapse here is a regression."""
    from kg.evaluate import evaluate

    scores = evaluate(Path("seeds/holdout/gold"))
    assert scores.entities.f1 >= 0.8 and scores.events.f1 >= 0.8
    assert min(scores.field_accuracy()[f] for f in ("type", "date", "location")) >= 0.8
