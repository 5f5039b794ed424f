"""Extraction quality on the gold sets stays above a floor: a real drop fails the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    "gold,entity_f1,event_f1,field_floor",
    [
        ("corpus/gold", 0.92, 0.95, 0.93),
        ("regional/gold", 0.93, 0.95, 0.9),
    ],
)
def test_evaluate_corpus_floors(gold, entity_f1, event_f1, field_floor):
    scores = evaluate(SEEDS / gold)
    assert scores.entities.f1 >= entity_f1
    assert scores.events.f1 >= event_f1
    fields = scores.field_accuracy()
    # Targets are the hardest field (exact sets of who was hit); they get their own floor.
    assert fields.pop("targets") >= 0.85
    assert min(fields.values()) >= field_floor, fields


@pytest.mark.parametrize(
    "gold,entity_f1,event_f1",
    [
        # The development batches: each was scored unseen first (seeds/dev/LEARNING.md); the
        # floors sit just under what the extractor reaches on them now.
        ("dev/batch1/gold", 0.89, 0.91),
        ("dev/batch2/gold", 0.91, 0.93),
        ("dev/batch3/gold", 0.86, 0.75),
        ("dev/batch4/gold", 0.91, 0.95),
        ("dev/batch5/gold", 0.93, 0.94),
        ("dev/batch6/gold", 0.89, 0.90),
        ("dev/batch7/gold", 0.88, 0.88),
        ("dev/batch8/gold", 0.91, 0.95),
        ("dev/batch9/gold", 0.94, 0.96),
        ("dev/batch10/gold", 0.94, 0.99),
        ("dev/batch11/gold", 0.93, 0.69),
        ("dev/batch12/gold", 0.89, 0.99),
        ("dev/batch13/gold", 0.91, 0.72),
        ("dev/batch14/gold", 0.89, 0.87),
        ("dev/batch15/gold", 0.85, 0.96),
        ("dev/batch16/gold", 0.87, 0.91),
        ("dev/batch17/gold", 0.90, 0.88),
        ("dev/batch18/gold", 0.86, 0.82),
        ("dev/batch19/gold", 0.89, 0.95),
        ("dev/batch20/gold", 0.83, 0.82),
        ("dev/batch21/gold", 0.84, 0.95),
        ("dev/batch22/gold", 0.88, 0.91),
        ("dev/batch23/gold", 0.85, 0.90),
        ("dev/batch24/gold", 0.84, 0.99),
        ("dev/batch25/gold", 0.85, 0.91),
        ("dev/batch26/gold", 0.84, 0.83),
        ("dev/batch27/gold", 0.92, 0.99),
        ("dev/batch28/gold", 0.84, 0.92),
        ("dev/batch29/gold", 0.89, 0.84),
        ("dev/batch30/gold", 0.85, 0.68),
        ("dev/batch31/gold", 0.84, 0.84),
        ("dev/batch32/gold", 0.84, 0.74),
        ("dev/batch33/gold", 0.86, 0.63),
        ("dev/batch34/gold", 0.86, 0.89),
        ("dev/batch35/gold", 0.82, 0.86),
        ("dev/batch36/gold", 0.82, 0.79),
        # The hold-out set was scored once, unchanged; batch37 to batch47 are batches no rule
        # was written from (batch43 to batch47 the last unseen ones); all are kept from falling back.
        ("dev/batch37/gold", 0.83, 0.52),
        ("dev/batch38/gold", 0.86, 0.77),
        ("dev/batch39/gold", 0.83, 0.61),
        ("dev/batch40/gold", 0.78, 0.69),
        ("dev/batch41/gold", 0.80, 0.77),
        ("dev/batch42/gold", 0.75, 0.74),
        ("dev/batch43/gold", 0.86, 0.43),
        ("dev/batch44/gold", 0.79, 0.62),
        ("dev/batch45/gold", 0.85, 0.63),
        ("dev/batch46/gold", 0.82, 0.43),
        ("dev/batch47/gold", 0.80, 0.33),
        ("holdout/gold", 0.88, 0.99),
    ],
)
def test_evaluate_dev_batch_floors(gold, entity_f1, event_f1):
    scores = evaluate(SEEDS / gold)
    assert scores.entities.f1 >= entity_f1
    assert scores.events.f1 >= event_f1
