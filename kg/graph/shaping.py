"""Values a fused incident carries so that queries read them instead of joining or aggregating.

They are derived from the incident's reports when the incident is written
(:func:`kg.graph.fusion.write_incident`, which both full and incremental fusion use), so a
rebuild and a fresh build write the same triples. Each is a summary of triples that stay in
the graph (the incident's ``ckg:reportedIn`` links and ``ckg:evidence`` sentences), so every
value can be traced back to what it summarises.

- ``ckg:sourceCount``: the number of distinct articles that report the incident, i.e. of its
  ``ckg:reportedIn`` links;
- ``ckg:firstEvidence``: the first of its ``ckg:evidence`` sentences in text order (code
  point order, as SPARQL's ``MIN`` orders strings), a one-line note for tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from kg.graph.mapping import CKG
from kg.graph.matching import Report

__all__ = ["shape_incident"]


def shape_incident(out: Graph, event: URIRef, cluster: Iterable[Report]) -> None:
    """Add the incident ``event``'s derived values, from the reports fused into it, to ``out``."""
    reports = list(cluster)
    out.add((event, CKG.sourceCount, Literal(len({r.source for r in reports}))))
    sentences = [o for r in reports for p, o in r.kept if p == CKG.evidence]
    if sentences:
        out.add((event, CKG.firstEvidence, min(sentences, key=str)))
