"""Explain where a fact came from: its articles, sentences and per-source claims."""

from __future__ import annotations

from rdflib import URIRef

from kg.core.errors import QueryError
from kg.sparql.named import internal_query

__all__ = ["explain", "sources_of"]


def sources_of(store, iri: str) -> list[dict]:
    """Rows (doc, outlet, claim, fatalities, sentence, start, end) behind ``iri``."""
    if not iri.startswith(("http://", "https://", "urn:")):
        raise QueryError(f"{iri!r} is not an IRI (try `kg query` to find one)")
    result = store.query(internal_query("sources"), {"node": URIRef(iri)})
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
