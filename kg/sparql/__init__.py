"""SPARQL: named queries, parameter binding and the query guard."""

from __future__ import annotations

from kg.sparql.named import (
    NamedQuery,
    internal_query,
    list_queries,
    load_query,
    parse_param,
    run_query,
)

__all__ = [
    "NamedQuery",
    "list_queries",
    "load_query",
    "run_query",
    "parse_param",
    "internal_query",
]
