"""The read-only SPARQL 1.1 endpoint and its query page."""

from __future__ import annotations

from kg.serve.endpoint import ServeError, SparqlServer, make_server, serve
from kg.serve.negotiation import Format, negotiate
from kg.serve.page import query_page
from kg.sparql.guard import QueryRefused, check_query

__all__ = [
    "serve",
    "make_server",
    "SparqlServer",
    "ServeError",
    "check_query",
    "QueryRefused",
    "negotiate",
    "Format",
    "query_page",
]
