"""Graph stores: one interface, the embedded Oxigraph store and remote SPARQL 1.1 stores."""

from __future__ import annotations

from kg.store.base import GRAPH_PREFIX, GraphStore, QueryResult, graph_iri
from kg.store.embedded import (
    DUMP_FORMATS,
    LOCK_FILE,
    PREFIXES,
    STORE_DIR,
    OxigraphStore,
    open_store,
)
from kg.store.push import DEFAULT_GRAPH, PushError, PushReport, push
from kg.store.remote import Endpoints, RemoteStore, endpoints_for
from kg.store.terms import add_quads, paused_gc, to_oxigraph, to_rdflib

__all__ = [
    "GraphStore",
    "OxigraphStore",
    "QueryResult",
    "open_store",
    "graph_iri",
    "GRAPH_PREFIX",
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
    "DEFAULT_GRAPH",
    "to_oxigraph",
    "to_rdflib",
    "add_quads",
    "paused_gc",
]
