"""Reading a SPARQL server's answers: query results and RDF, as carefully as input files.

RDF answers (N-Triples, Turtle, RDF/XML, JSON-LD) are parsed by pyoxigraph, which never
fetches a JSON-LD ``@context`` from the network, and an XML answer that declares a
DOCTYPE is refused before it is parsed (its entities could expand without bound).
rdflib's parsers would do both: fetch remote contexts and expand entities
(tests/test_security.py).
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.core.errors import QueryError, StoreError
from kg.store.base import QueryResult
from kg.store.terms import XSD_STRING, add_quads

__all__ = ["read_result", "read_rdf", "safe_url"]

# The RDF answers we read, by media type, with the name messages use. Anything else is
# read as N-Triples, the format asked for.
_RDF_FORMATS = {
    "application/n-triples": ("N-Triples", ox.RdfFormat.N_TRIPLES),
    "text/turtle": ("Turtle", ox.RdfFormat.TURTLE),
    "application/rdf+xml": ("RDF/XML", ox.RdfFormat.RDF_XML),
    "application/ld+json": ("JSON-LD", ox.RdfFormat.JSON_LD),
}
# pyoxigraph's XML reader expands internal entities, nested ones too (eight lines of
# DTD make a 100 MB literal), and takes a DOCTYPE even inside the root element, so any
# DOCTYPE anywhere is refused. RDF and SPARQL results need none; the only false alarm is
# the word inside a CDATA section or comment.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def _media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _answerer(response) -> str:
    """The URL that sent ``response``, without its query string and credentials, for messages."""
    return safe_url(urlunsplit(urlsplit(str(response.request.url))._replace(query="", fragment="")))


def _refuse_doctype(response, what: str) -> None:
    if _DOCTYPE.search(response.content):
        raise StoreError(
            f"{_answerer(response)} answered with {what} that declares a DOCTYPE; refused, because "
            "its entities can expand without bound or name local files"
        )


def read_rdf(response, graph: Graph) -> Graph:
    """Add the triples of an RDF answer to ``graph``, parsed by pyoxigraph.

    Raises:
        StoreError: the answer is malformed, declares a DOCTYPE (RDF/XML), refers to a
            remote ``@context`` (JSON-LD; never fetched) or has a named graph.
    """
    name, rdf_format = _RDF_FORMATS.get(
        _media_type(response), _RDF_FORMATS["application/n-triples"]
    )
    if rdf_format == ox.RdfFormat.RDF_XML:
        _refuse_doctype(response, name)
    where = _answerer(response)
    try:
        # Relative IRIs resolve against the endpoint (RFC 3986 §5.1.3), never its credentials.
        quads = ox.parse(response.content, rdf_format, base_iri=where, without_named_graphs=True)
        add_quads(graph, quads)
    except (SyntaxError, ValueError) as error:
        problem = str(error)
        if (
            "remote context" in problem
        ):  # pyoxigraph has no document loader, so it never fetches one
            problem = "it refers to a remote @context, which is never fetched"
        raise StoreError(f"{where} answered with {name} that cannot be read: {problem}") from None
    return graph


def read_result(response) -> QueryResult:
    """The :class:`~kg.store.base.QueryResult` in a query answer: SPARQL JSON or XML results, or RDF."""
    kind = _media_type(response)
    if kind in ("application/sparql-results+json", "application/json"):
        data = response.json()
        if "boolean" in data:
            return QueryResult(boolean=bool(data["boolean"]))
        names = data["head"].get("vars", [])
        rows = [tuple(_term(b.get(n)) for n in names) for b in data["results"]["bindings"]]
        return QueryResult(vars=names, rows=rows)
    if kind in (
        "application/sparql-results+xml",
        "application/xml",
        "text/xml",
    ):  # servers that ignore Accept
        from rdflib.query import Result

        _refuse_doctype(response, "SPARQL XML results")
        parsed = Result.parse(io.BytesIO(response.content), format="xml")
        if parsed.type == "ASK":
            return QueryResult(boolean=bool(parsed.askAnswer))
        names = [str(v) for v in parsed.vars]
        return QueryResult(
            vars=names, rows=[tuple(_plain(row.get(v)) for v in parsed.vars) for row in parsed]
        )
    return QueryResult(graph=read_rdf(response, Graph()))


def _term(value: dict | None) -> Node | None:
    """A term of the SPARQL 1.1 Query Results JSON Format (§3.2.2) as an rdflib term."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in (
        "literal",
        "typed-literal",
    ):  # "typed-literal": the 2008 draft some servers still send
        datatype = value.get("datatype")
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        # Like the embedded store: xsd:string comes back as a plain literal.
        return Literal(
            value["value"],
            datatype=URIRef(datatype) if datatype and datatype != XSD_STRING else None,
        )
    raise QueryError(f"unsupported term in the results: {kind}")


def _plain(term: Node | None) -> Node | None:
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def safe_url(url: str) -> str:
    """The URL without user name and password, fit for messages.

    >>> safe_url("http://user:secret@example.org:3030/ds")
    'http://example.org:3030/ds'
    """
    try:
        parts = urlsplit(url)
        if parts.username or parts.password:
            host = parts.hostname or ""
            parts = parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host)
    except ValueError:  # not even a URL ("http://[::1"): show no part that may be a secret
        return "(a malformed URL)"
    return urlunsplit(parts)
