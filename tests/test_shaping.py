"""The values fused incidents carry for queries agree with the joins they stand for."""

from __future__ import annotations

from handmade import other_reports, quetta_reports

from kg.graph.fusion import fused_graph
from kg.graph.mapping import document_graph

PREFIX = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n"
# What the named queries computed per incident before the values were written at build time.
JOINED = (
    PREFIX
    + """
SELECT ?event ?sources ?notes WHERE {
  { SELECT ?event (COUNT(DISTINCT ?article) AS ?sources)
    WHERE { ?event a ckg:Event ; ckg:reportedIn ?article } GROUP BY ?event }
  OPTIONAL { SELECT ?event (MIN(?n) AS ?notes)
             WHERE { ?event a ckg:Event ; ckg:evidence ?n } GROUP BY ?event }
}
"""
)
STORED = (
    PREFIX
    + """
SELECT ?event ?sources ?notes WHERE {
  ?event a ckg:Event .
  OPTIONAL { ?event ckg:sourceCount ?sources }
  OPTIONAL { ?event ckg:firstEvidence ?notes }
}
"""
)


def _rows(result) -> set[tuple]:
    return {tuple(None if v is None else str(v) for v in row) for row in result}


def test_shaped_values_agree_with_the_joins_on_the_seeds_build(seeds_store):
    joined = _rows(seeds_store.query(JOINED).rows)
    stored = _rows(seeds_store.query(STORED).rows)
    assert joined and stored == joined
    assert all(sources is not None for _, sources, _ in stored)


def test_shaped_values_agree_with_the_joins_on_a_small_fused_graph():
    fused = fused_graph([document_graph(ex) for ex in quetta_reports() + other_reports()])
    joined = _rows(fused.query(JOINED))
    assert joined and _rows(fused.query(STORED)) == joined
    # Two articles report the Quetta bombing: the count is of articles, not of claims.
    assert max(int(sources) for _, sources, _ in joined) >= 2


# Every incident's IRI, in the order ORDER BY gives them, and beside it with the sort key first.
BY_IRI = PREFIX + "SELECT ?event WHERE { ?event a ckg:Event } ORDER BY ?event"
BY_KEY = (
    PREFIX
    + "SELECT ?event ?key WHERE { ?event a ckg:Event ; ckg:sortKey ?key } ORDER BY ?key ?event"
)


def _sort_keys_keep_the_iri_order(by_iri, by_key) -> None:
    iris = [str(row[0]) for row in by_iri]
    assert len(iris) > 1 and [str(row[0]) for row in by_key] == iris
    keys = [int(row[1]) for row in by_key]
    assert keys == sorted(keys) and len(set(keys)) > 1


def test_sort_keys_order_incidents_as_their_iris_on_the_seeds_build(seeds_store):
    _sort_keys_keep_the_iri_order(seeds_store.query(BY_IRI).rows, seeds_store.query(BY_KEY).rows)


def test_sort_keys_order_incidents_as_their_iris_on_a_small_fused_graph():
    fused = fused_graph([document_graph(ex) for ex in quetta_reports() + other_reports()])
    _sort_keys_keep_the_iri_order(list(fused.query(BY_IRI)), list(fused.query(BY_KEY)))
