"""What every stage shares: records, errors, resources, the prefix table, atomic writes, limits."""

from __future__ import annotations

from kg.core.errors import (
    InputError,
    InputWarning,
    KgError,
    QueryError,
    StoreError,
    StoreLocked,
)
from kg.core.files import atomic_path, atomic_write
from kg.core.limits import MAX_BYTES, MAX_CHARS, MAX_LINE_CHARS, MAX_REQUEST_BYTES, MAX_ROWS
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
from kg.core.namespaces import NAMESPACES, PREFIXES, QUERY_PREFIXES
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
    "NAMESPACES",
    "PREFIXES",
    "QUERY_PREFIXES",
    "atomic_path",
    "atomic_write",
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
    "MAX_ROWS",
    "MAX_REQUEST_BYTES",
]
