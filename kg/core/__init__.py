"""Records, errors and resources every stage shares."""

from __future__ import annotations

from kg.core.errors import (
    InputError,
    InputWarning,
    KgError,
    QueryError,
    StoreError,
    StoreLocked,
)
from kg.core.model import (
    ACTOR_KINDS,
    EVENT_KINDS,
    PLACE_KINDS,
    Document,
    Entity,
    EventRecord,
    Evidence,
    Extraction,
    Mention,
    Relation,
    Statistic,
)
from kg.core.resources import (
    lexicons_dir,
    ontology_dir,
    ontology_file,
    queries_dir,
    shapes_file,
)

__all__ = [
    "KgError",
    "InputError",
    "InputWarning",
    "StoreError",
    "StoreLocked",
    "QueryError",
    "Document",
    "Mention",
    "Evidence",
    "Entity",
    "EventRecord",
    "Statistic",
    "Relation",
    "Extraction",
    "PLACE_KINDS",
    "ACTOR_KINDS",
    "EVENT_KINDS",
    "ontology_dir",
    "ontology_file",
    "shapes_file",
    "queries_dir",
    "lexicons_dir",
]
