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
