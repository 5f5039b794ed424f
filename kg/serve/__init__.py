"""The read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

from kg.serve.server import (
    QueryRefused,
    SparqlServer,
    check_query,
    make_server,
    negotiate,
    serve,
)

__all__ = [
    "serve",
    "make_server",
    "SparqlServer",
    "check_query",
    "QueryRefused",
    "negotiate",
]
