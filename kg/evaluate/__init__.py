"""Quality, measured: extraction scored against gold annotations, errors counted by class."""

from __future__ import annotations

from kg.evaluate.error_classes import ErrorClasses
from kg.evaluate.scoring import (
    GoldFile,
    Scores,
    evaluate,
    format_scores,
    load_aliases,
    load_gold,
    score,
)

__all__ = [
    "ErrorClasses",
    "GoldFile",
    "Scores",
    "evaluate",
    "format_scores",
    "load_aliases",
    "load_gold",
    "score",
]
