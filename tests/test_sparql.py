"""kg/sparql: the one lexer, prefix declaration and parameter binding."""

from __future__ import annotations

import doctest

import pytest
from rdflib import Literal, URIRef

import kg.sparql.binding
import kg.sparql.guard
import kg.sparql.lexer
from kg.core.errors import QueryError
from kg.sparql import bind_lateral, significant, with_prefixes, with_values


@pytest.mark.parametrize("module", [kg.sparql.lexer, kg.sparql.guard, kg.sparql.binding])
def test_sparql_doctests_run(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    "text,kinds",
    [
        ('?s geo:asWKT "a { b" .', ["var", "pname", "string", "punct"]),
        ("<urn:x> # } comment\n}", ["iri", "punct"]),
        ("'''x\n'y'''@en", ["string", "lang"]),
    ],
)
def test_sparql_lexer_reads_strings_iris_and_comments_whole(text, kinds):
    assert [t.kind for t in significant(text)] == kinds


@pytest.mark.parametrize(
    "query,declared",
    [
        ("SELECT * { ?s wgs:lat ?o }", ["wgs"]),
        ("PREFIX geo: <urn:x#> SELECT * { ?s geo:x ?o }", []),
        ('SELECT * { ?s rdfs:label "geo:asWKT" }', ["rdfs"]),
        ("SELECT * { ?s ex:p ?o }", []),  # not a standard prefix: left to the store's error
    ],
)
def test_sparql_with_prefixes_declares_only_used_missing_standard_ones(query, declared):
    lines = with_prefixes(query).splitlines()
    assert [line.split()[1].rstrip(":") for line in lines[:-1]] == declared
    assert lines[-1] == query


@pytest.mark.parametrize(
    "query", ['SELECT ?s WHERE { ?s ?p "}" FILTER(?p != <urn:{>) }', "ASK { { ?s ?p ?o } }"]
)
def test_sparql_bind_lateral_wraps_the_where_clause(query):
    bound = bind_lateral(query, ["g"])
    assert bound.count("LATERAL") == 1 and "AS ?g)" in bound


@pytest.mark.parametrize("query", ["CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_sparql_with_values_goes_after_the_where_brace(query):
    bound = with_values(query, {"s": URIRef("urn:a"), "o": Literal("b")})
    assert bound.startswith('CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s ?o) { (<urn:a> "b") }')


@pytest.mark.parametrize("bad", [("x-y", "SELECT * { }"), ("x", "SELECT * ")])
def test_sparql_binding_refuses_bad_names_and_queries_without_where(bad):
    name, query = bad
    with pytest.raises(QueryError):
        bind_lateral(query, [name])
