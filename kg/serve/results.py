"""Query results as bytes: SPARQL JSON written here, other formats by pyoxigraph's writers."""

from __future__ import annotations

import json
from itertools import islice

from kg.core.namespaces import XSD
from kg.serve.negotiation import JSON, TURTLE, Format

__all__ = ["serialize", "results_json", "json_term", "truncated_link"]

_XSD_STRING = str(XSD.string)


def truncated_link(max_rows: int) -> str:
    """The ``link`` a cut-short result carries in its head (SPARQL JSON and XML results).

    >>> truncated_link(1000)
    'urn:conflict-kg:truncated?max-rows=1000'
    """
    return f"urn:conflict-kg:truncated?max-rows={max_rows}"


def _mark_truncated(body: bytes, fmt: Format, max_rows: int) -> bytes:
    """Say in the result itself that it was cut short, so clients that drop headers see it.

    SPARQL JSON gets ``"truncated": true`` beside ``head`` and a ``link`` in ``head``
    (SPARQLWrapper returns both as they are); SPARQL XML a ``<link>`` in ``<head>``
    (the format's place for metadata); Turtle and N-Triples a comment line. CSV and TSV
    have no place for it that would not read as a row, so only the header says it there.
    """
    link = truncated_link(max_rows)
    if fmt == JSON:
        document = json.loads(body)
        document["head"]["link"] = [*document["head"].get("link", []), link]
        document["truncated"] = True
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt.name == "XML" and b"</head>" in body:
        return body.replace(b"</head>", f'<link href="{link}"/></head>'.encode(), 1)
    if fmt.name in ("TURTLE", "N_TRIPLES"):
        return f"# truncated: only the first {max_rows} triples ({link})\n".encode() + body
    return body


def serialize(result, fmt: Format, max_rows: int, prefixes: dict[str, str]):
    """Write a pyoxigraph query result in ``fmt``, at most ``max_rows`` rows or triples.

    Returns:
        ``("ok", media type, body, truncated)``; a format that does not fit the result
        (CSV for a graph) falls back to SPARQL JSON or Turtle.
    """
    import pyoxigraph as ox

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
        rows = list(islice(result, max_rows + 1))
        truncated = len(rows) > max_rows
        body = results_json(names, rows[:max_rows])
        if (
            fmt != JSON
        ):  # the store's own writers, fed the rows we kept (fmt came by pickle: ==, not is)
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=getattr(ox.QueryResultsFormat, fmt.name))
        if truncated:
            body = _mark_truncated(body, fmt, max_rows)
        return ("ok", fmt.media_type, body, truncated)
    fmt = fmt if hasattr(ox.RdfFormat, fmt.name) else TURTLE
    triples = list(islice(result, max_rows + 1))
    body = ox.serialize(
        triples[:max_rows],
        format=getattr(ox.RdfFormat, fmt.name),
        **({"prefixes": prefixes} if fmt == TURTLE else {}),
    )
    truncated = len(triples) > max_rows
    if truncated:
        body = _mark_truncated(body, fmt, max_rows)
    return ("ok", fmt.media_type, body, truncated)


def results_json(names: list[str], rows) -> bytes:
    """SPARQL 1.1 Query Results JSON Format (W3C Recommendation, §3) of ``rows``."""
    bindings = [
        {name: json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    return json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()


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
