"""Values a fused incident carries so that queries read them instead of joining or aggregating.

They are derived from the incident's reports when the incident is written
(:func:`kg.graph.fusion.write_incident`, which both full and incremental fusion use), so a
rebuild and a fresh build write the same triples. Each is a summary of triples that stay in
the graph (the incident's ``ckg:reportedIn`` links and ``ckg:evidence`` sentences), so every
value can be traced back to what it summarises.

- ``ckg:sourceCount``: the number of distinct articles that report the incident, i.e. of its
  ``ckg:reportedIn`` links;
- ``ckg:firstEvidence``: the first of its ``ckg:evidence`` sentences in text order (code
  point order, as SPARQL's ``MIN`` orders strings), a one-line note for tables;
- ``ckg:sortKey``: a number that sorts incidents as their IRIs sort (:func:`sort_key`), so
  that a query ordering thousands of rows by incident compares numbers first and reads an
  IRI's text only to break a tie. It summarises the IRI itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from kg.core.namespaces import Terms
from kg.graph.mapping import CKG as _CKG
from kg.graph.mapping import ID
from kg.graph.matching import Report

__all__ = ["shape_incident", "sort_key"]

CKG = Terms(_CKG)  # each term made once: every incident is shaped

#: Every fused incident's IRI begins with this (:func:`kg.graph.mapping.event_iri`).
EVENT_PREFIX = f"{ID}event/"
# Seven bytes: the number stays below 2**56, which a store keeps inside the term itself
# (Oxigraph stores a 64-bit integer inline, where an IRI is looked up to be compared).
_KEY_BYTES = 7


def shape_incident(out, event: URIRef, cluster: Iterable[Report]) -> None:
    """Add the incident ``event``'s derived values, from the reports fused into it, to ``out``."""
    reports = list(cluster)
    out.add((event, CKG.sourceCount, Literal(len({r.source for r in reports}))))
    sentences = [o for r in reports for p, o in r.kept if p == CKG.evidence]
    if sentences:
        out.add((event, CKG.firstEvidence, min(sentences, key=str)))
    out.add((event, CKG.sortKey, Literal(sort_key(str(event)))))


def sort_key(iri: str) -> int:
    """A number that never sorts incident IRIs out of their text order.

    The first seven bytes (UTF-8) of the IRI after ``id:event/``, read as a big-endian
    number, a shorter name padded with zero bytes. IRIs compare by their bytes, so of two
    incident IRIs the smaller never gets the larger key; IRIs that share those bytes share
    a key, and a query orders by the IRI after the key to keep its order exact.

    >>> sort_key(EVENT_PREFIX + "0a") < sort_key(EVENT_PREFIX + "0a1") < sort_key(EVENT_PREFIX + "0b")
    True
    >>> sort_key(EVENT_PREFIX + "890480621c0c8758") == sort_key(EVENT_PREFIX + "890480621c0c0000")
    True
    """
    name = iri[len(EVENT_PREFIX) :] if iri.startswith(EVENT_PREFIX) else iri
    return int.from_bytes(
        name.encode("utf-8", "surrogatepass")[:_KEY_BYTES].ljust(_KEY_BYTES, b"\0"), "big"
    )
