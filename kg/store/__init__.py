"""Graph stores: the embedded Oxigraph store and remote SPARQL 1.1 stores."""

from __future__ import annotations

from kg.store.embedded import (
    DUMP_FORMATS,
    LOCK_FILE,
    PREFIXES,
    STORE_DIR,
    GraphStore,
    OxigraphStore,
    QueryResult,
    graph_iri,
    open_store,
)
from kg.store.remote import (
    Endpoints,
    PushError,
    PushReport,
    RemoteStore,
    endpoints_for,
    push,
)

__all__ = [
    "GraphStore",
    "OxigraphStore",
    "QueryResult",
    "open_store",
    "graph_iri",
    "PREFIXES",
    "STORE_DIR",
    "DUMP_FORMATS",
    "LOCK_FILE",
    "RemoteStore",
    "Endpoints",
    "endpoints_for",
    "push",
    "PushReport",
    "PushError",
]
