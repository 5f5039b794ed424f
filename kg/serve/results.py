"""Query results as bytes: SPARQL JSON written here, other formats by pyoxigraph's writers."""

from __future__ import annotations

import json

from kg.core.namespaces import XSD
from kg.serve.negotiation import JSON, TURTLE, Format

__all__ = ["TRUNCATED_LINK", "serialize", "results_json", "json_term"]

_XSD_STRING = str(XSD.string)


#: The ``link`` a truncated SPARQL JSON or XML answer carries in its head (SPARQL 1.1
#: Query Results JSON §3.1, XML §2.2: links to metadata about the results), so a client
#: that reads only the body still learns the answer was cut.
TRUNCATED_LINK = "urn:conflict-kg:result-truncated"
# Bytes a row or triple costs besides its terms' text: keys, quotes, markup.
_ROW_OVERHEAD = 64


def serialize(result, fmt: Format, max_rows: int, prefixes: dict[str, str], max_bytes=None):
    """Write a pyoxigraph query result in ``fmt``: at most ``max_rows`` rows or triples
    and, when ``max_bytes`` is given, at most that many bytes.

    A cut answer says so in its body as well as in the ``X-Result-Truncated`` header:
    SPARQL JSON and XML carry :data:`TRUNCATED_LINK` in their head, Turtle and
    N-Triples end with a comment, RDF/XML with an XML comment (CSV, TSV and JSON-LD
    have no place for it).

    Returns:
        ``("ok", media type, body, truncated)``; a format that does not fit the result
        (CSV for a graph) falls back to SPARQL JSON or Turtle.
    """
    import pyoxigraph as ox

    max_bytes = max_bytes or float("inf")
    if isinstance(result, ox.QueryBoolean):
        fmt = fmt if hasattr(ox.QueryResultsFormat, fmt.name) else JSON
        return (
            "ok",
            fmt.media_type,
            result.serialize(format=getattr(ox.QueryResultsFormat, fmt.name)),
            False,
        )
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt if hasattr(ox.QueryResultsFormat, fmt.name) else JSON
        names = [v.value for v in result.variables]
        rows, truncated = _take(result, max_rows, max_bytes, _row_size)

        def write(rows, truncated):
            return _write_solutions(names, rows, fmt, truncated)
    else:
        fmt = fmt if hasattr(ox.RdfFormat, fmt.name) else TURTLE
        rows, truncated = _take(result, max_rows, max_bytes, lambda t: len(str(t)))

        def write(rows, truncated):
            return _write_graph(rows, fmt, prefixes, truncated)

    body = write(rows, truncated)
    while len(body) > max_bytes and rows:  # escaping made it larger than the estimate
        rows, truncated = rows[: len(rows) // 2], True
        body = write(rows, truncated)
    return ("ok", fmt.media_type, body, truncated)


def _take(items, max_rows: int, max_bytes, size) -> tuple[list, bool]:
    """The first items that fit both caps, and whether any were left out."""
    kept, total = [], 0
    for item in items:
        total += size(item) + _ROW_OVERHEAD
        if len(kept) >= max_rows or total > max_bytes:
            return kept, True
        kept.append(item)
    return kept, False


def _row_size(row) -> int:
    return sum(len(str(term)) for term in row if term is not None)


def _write_solutions(names: list[str], rows: list, fmt: Format, truncated: bool) -> bytes:
    import pyoxigraph as ox

    if fmt == JSON:  # fmt came by pickle: compare with ==, not is
        return results_json(names, rows, truncated)
    # The store's own writers, fed the rows we kept (its JSON reader takes no extra keys).
    body = results_json(names, rows)
    body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(
        format=getattr(ox.QueryResultsFormat, fmt.name)
    )
    if truncated and fmt.name == "XML":
        body = body.replace(b"</head>", f'<link href="{TRUNCATED_LINK}"/></head>'.encode(), 1)
    return body


def _write_graph(triples: list, fmt: Format, prefixes: dict[str, str], truncated: bool) -> bytes:
    import pyoxigraph as ox

    body = ox.serialize(
        triples,
        format=getattr(ox.RdfFormat, fmt.name),
        **({"prefixes": prefixes} if fmt == TURTLE else {}),
    )
    if truncated and fmt.name in ("TURTLE", "N_TRIPLES"):
        body += b"# truncated: the answer was cut at the endpoint's row or byte limit\n"
    elif truncated and fmt.name == "RDF_XML":
        body += b"<!-- truncated: the answer was cut at the endpoint's row or byte limit -->\n"
    return body


def results_json(names: list[str], rows, truncated: bool = False) -> bytes:
    """SPARQL 1.1 Query Results JSON Format (W3C Recommendation, §3) of ``rows``.

    A truncated answer links to :data:`TRUNCATED_LINK` from its head and says
    ``"truncated": true``.
    """
    bindings = [
        {name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    head = {"vars": names, **({"link": [TRUNCATED_LINK]} if truncated else {})}
    document = {"head": head, "results": {"bindings": bindings}}
    if truncated:  # beside the link, a key SPARQLWrapper users see as it is
        document["truncated"] = True
    return json.dumps(document, ensure_ascii=False).encode()


def json_term(term) -> dict:
    """One pyoxigraph term in the SPARQL 1.1 Query Results JSON Format (§3.2.2)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {  # RDF-star triple terms
            "subject": json_term(term.subject),
            "predicate": json_term(term.predicate),
            "object": json_term(term.object),
        },
    }
