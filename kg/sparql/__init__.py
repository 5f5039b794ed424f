"""SPARQL: one lexer, the query guard, parameter binding and named queries."""

from __future__ import annotations

from kg.sparql.binding import PARAM_FUNCTION, bind_lateral, parse_param, with_prefixes, with_values
from kg.sparql.guard import QUERY_FORMS, UPDATE_KEYWORDS, QueryRefused, check_query, query_form
from kg.sparql.lexer import Token, significant, tokenize
from kg.sparql.named import NamedQuery, internal_query, list_queries, load_query, run_query

__all__ = [
    "NamedQuery",
    "list_queries",
    "load_query",
    "run_query",
    "parse_param",
    "internal_query",
    "with_prefixes",
    "with_values",
    "bind_lateral",
    "PARAM_FUNCTION",
    "check_query",
    "query_form",
    "QueryRefused",
    "QUERY_FORMS",
    "UPDATE_KEYWORDS",
    "Token",
    "tokenize",
    "significant",
]
