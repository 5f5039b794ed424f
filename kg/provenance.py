"""Explain where a fact came from: its articles, sentences and per-source claims."""

from __future__ import annotations

from rdflib import URIRef

from kg.errors import QueryError

__all__ = ["explain", "sources_of"]

_SOURCES = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?doc ?outlet ?claim ?fatalities ?sentence ?start ?end WHERE {
  {
    ?node ckg:hasClaim ?claim .
    GRAPH ?g { ?claim ckg:reportedIn ?article . OPTIONAL { ?claim ckg:fatalities ?fatalities }
               OPTIONAL { ?claim ckg:hasEvidence ?ev . ?ev ckg:sentence ?sentence ; ckg:charStart ?start ; ckg:charEnd ?end } }
  } UNION {
    GRAPH ?g { ?m ckg:mentionOf ?node ; ckg:reportedIn ?article ; ckg:hasEvidence ?ev .
               ?ev ckg:sentence ?sentence ; ckg:charStart ?start ; ckg:charEnd ?end }
  } UNION {
    GRAPH ?g { ?node ckg:reportedIn ?article .
               OPTIONAL { ?node ckg:hasEvidence ?ev . ?ev ckg:sentence ?sentence ; ckg:charStart ?start ; ckg:charEnd ?end } }
  }
  GRAPH ?g { ?article ckg:documentId ?doc . OPTIONAL { ?article dcterms:source ?outlet } }
}
ORDER BY ?doc ?start
"""


def sources_of(store, iri: str) -> list[dict]:
    """Rows (doc, outlet, claim, fatalities, sentence, start, end) behind ``iri``."""
    if not iri.startswith(("http://", "https://", "urn:")):
        raise QueryError(f"{iri!r} is not an IRI (try `kg query` to find one)")
    result = store.query(_SOURCES, {"node": URIRef(iri)})
    return [dict(zip((str(v) for v in result.vars), row, strict=True)) for row in result.rows]


def explain(store, iri: str) -> str:
    """A readable account of the sources and sentences behind ``iri``."""
    rows = sources_of(store, iri)
    if not rows:
        return f"nothing in the graph is recorded as the source of {iri}"
    lines = [iri]
    last_doc = last_claim = None
    for row in rows:
        doc = str(row["doc"])
        if doc != last_doc:
            outlet = f" ({row['outlet']})" if row.get("outlet") else ""
            lines.append(f"\n{doc}{outlet}")
            last_doc = doc
        claim = row.get("claim")
        if claim is not None and claim != last_claim:
            toll = f": {row['fatalities']} killed" if row.get("fatalities") is not None else ""
            lines.append(f"  claim {claim}{toll}")
            last_claim = claim
        if row.get("sentence") is not None:
            lines.append(f"  [{row['start']}-{row['end']}] {row['sentence']}")
    return "\n".join(lines)
