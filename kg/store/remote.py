"""A SPARQL 1.1 server as the graph store: Oxigraph server, Fuseki, or any endpoint
that speaks the SPARQL 1.1 Protocol and Graph Store HTTP Protocol (GSP).

:class:`RemoteStore` has the methods of the embedded store (:class:`kg.store.embedded.GraphStore`).
Each article graph is written with one GSP ``PUT ?graph=<iri>`` — a whole-graph replace
the server applies atomically — or, where there is no GSP endpoint, with one SPARQL
Update request ``DROP SILENT GRAPH …; INSERT DATA …`` (one request, one transaction).
Both are idempotent, so a push that failed half-way completes when run again, without
duplicates. Requests that fail with a 5xx status, a connection error or a timeout are
retried with exponential backoff; 4xx answers are not.

Answers are data from another machine, read as carefully as input files: RDF answers
(N-Triples, Turtle, RDF/XML, JSON-LD) are parsed by pyoxigraph, which never fetches a
JSON-LD ``@context`` from the network, and an XML answer that declares a DOCTYPE is
refused before it is parsed (its entities could expand without bound). rdflib's parsers
would do both: fetch remote contexts and expand entities (tests/test_security.py).

The HTTP client is httpx (connection reuse across the many PUTs of a push).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.core.errors import KgError, QueryError, StoreError
from kg.sparql.named import internal_query
from kg.store.embedded import QueryResult, _paused_gc, _to_rdflib, graph_iri

__all__ = ["RemoteStore", "Endpoints", "endpoints_for", "push", "PushReport", "PushError"]

_GRAPH_PREFIX = "https://w3id.org/conflict-kg/id/graph/"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_MAX_WAIT = 30.0  # seconds: the longest backoff or Retry-After we honour
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


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL 1.1 server; ``None`` where the server has none."""

    query: str
    update: str | None = None
    gsp: str | None = None


def endpoints_for(url: str, update_url: str | None = None, gsp_url: str | None = None) -> Endpoints:
    """Find the query, update and graph-store URLs from a server or dataset URL.

    Oxigraph server serves ``/query``, ``/update`` and ``/store`` at its root; Fuseki
    serves ``/DATASET/query``, ``/DATASET/update`` and ``/DATASET/data``; ``kg serve``
    answers (read-only) at ``/sparql``. Explicit URLs win; ``""`` says there is none
    (with no graph store, graphs are written by SPARQL Update).

    >>> endpoints_for("http://localhost:7878")
    Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update', gsp='http://localhost:7878/store')
    >>> endpoints_for("http://localhost:3030/conflict/sparql").gsp
    'http://localhost:3030/conflict/data'
    >>> endpoints_for("http://127.0.0.1:7878/sparql")
    Endpoints(query='http://127.0.0.1:7878/sparql', update=None, gsp=None)
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an http(s) URL: {_safe(url)}")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    named = last in ("query", "sparql", "update", "data", "store", "get")
    base = head if named else path

    def at(p: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, p, "", ""))

    query = at(path) if last in ("query", "sparql") else at(f"{base}/query")
    if base == "" and last == "sparql":  # a bare /sparql endpoint (kg serve and many others)
        update, gsp = None, None
    elif base == "":  # Oxigraph server
        update, gsp = at("/update"), at("/store")
    else:  # a Fuseki dataset
        update, gsp = at(f"{base}/update"), at(f"{base}/data")
    update = update if update_url is None else update_url or None
    gsp = gsp if gsp_url is None else gsp_url or None
    return Endpoints(query, update, gsp)


class RemoteStore:
    """The graph store on a SPARQL 1.1 server.

    Args:
        query_url: the server, dataset or query-endpoint URL (see :func:`endpoints_for`).
        update_url: the SPARQL Update endpoint, if not the one derived from ``query_url``
            (``""``: none).
        gsp_url: the Graph Store Protocol endpoint, likewise.
        timeout: seconds per HTTP request.
        retries: further attempts after a 5xx answer, connection error or timeout.
        backoff: seconds before the first retry; doubled for each further one.
        auth: ``(user, password)`` for HTTP Basic, or any ``httpx.Auth``.
        read_only: refuse every write.
        transport: an httpx transport (tests use a mock one).
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        timeout: float = 30,
        retries: int = 4,
        backoff: float = 0.5,
        auth=None,
        read_only: bool = False,
        transport=None,
    ):
        try:
            import httpx
        except ImportError:  # pragma: no cover - say how to get the one optional client library
            raise StoreError("a remote store needs httpx: pip install httpx") from None
        self.endpoints = endpoints_for(query_url, update_url, gsp_url)
        self.url = _safe(query_url)
        self.retries, self.backoff, self.read_only = retries, backoff, read_only
        self._httpx = httpx
        self._client = httpx.Client(
            timeout=timeout, auth=auth, transport=transport, headers={"User-Agent": "conflict-kg"}
        )
        # How to ask for the union of all graphs as the default graph, where known.
        if self.endpoints.gsp and self.endpoints.gsp.endswith("/store"):
            self._union = {"union-default-graph": ""}  # Oxigraph server
        elif self.endpoints.gsp and self.endpoints.gsp.endswith("/data"):
            self._union = {"default-graph-uri": "urn:x-arq:UnionGraph"}  # Jena Fuseki (TDB)
        else:
            self._union = None

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}>"

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def flush(self) -> None:
        """Nothing to do: every write is committed by the server when it answers."""

    def optimize(self) -> None:
        """Nothing to do: the server manages its own files."""

    # -- documents -------------------------------------------------------------------

    def documents(self) -> dict[str, str]:
        """Map the id of every stored article to its content hash ("" if it has none)."""
        rows = self.query(internal_query("documents")).rows
        return {str(doc): str(digest) if digest is not None else "" for _g, doc, digest in rows}

    def replace_document(self, doc_id: str, graph: Graph) -> None:
        """Make ``graph`` the named graph of document ``doc_id`` (one atomic request)."""
        if len(graph) == 0:
            self.remove_document(doc_id)
        else:
            self.put_ntriples(graph_iri(doc_id), _ntriples(graph))

    def remove_document(self, doc_id: str) -> None:
        """Delete the named graph of document ``doc_id`` (nothing happens if there is none)."""
        iri = graph_iri(doc_id)
        if self.endpoints.gsp:
            self._request(
                "DELETE", self.endpoints.gsp, params={"graph": iri}, write=True, allow=(404,)
            )
        else:
            self._update(f"DROP SILENT GRAPH <{_iri(iri)}>")

    def document_graph(self, doc_id: str) -> Graph:
        """The named graph of document ``doc_id`` (empty if absent)."""
        return self._get_graph(graph_iri(doc_id))

    def document_graphs(self) -> Iterator[tuple[str, Graph]]:
        """Yield ``(doc_id, graph)`` for every article graph, sorted by document id."""
        ids = {str(g): str(doc) for g, doc, _digest in self.query(internal_query("documents")).rows}
        names = [str(row[0]) for row in self.query(_GRAPHS).rows]
        docs = {
            ids.get(n) or unquote(n[len(_GRAPH_PREFIX) :]): n
            for n in names
            if n.startswith(_GRAPH_PREFIX)
        }
        for doc_id in sorted(docs):
            yield doc_id, self._get_graph(docs[doc_id])

    # -- the fused default graph -----------------------------------------------------

    def default_graph(self) -> Graph:
        """The fused default graph."""
        return self._get_graph(None)

    def replace_default_graph(self, graph: Graph) -> None:
        """Make ``graph`` the fused default graph (one atomic request)."""
        self.put_ntriples(None, _ntriples(graph))

    def put_ntriples(self, iri: str | None, body: bytes) -> None:
        """Replace named graph ``iri`` (``None``: the default graph) by N-Triples ``body``.

        GSP ``PUT`` (Graph Store Protocol §5.3) when the server has a graph store,
        else one SPARQL Update request that drops and refills the graph.
        """
        if self.endpoints.gsp:
            params = {"graph": iri} if iri else {"default": ""}
            self._request(
                "PUT",
                self.endpoints.gsp,
                params=params,
                content=body,
                write=True,
                headers={"Content-Type": "application/n-triples"},
            )
            return
        text = body.decode("utf-8")
        if iri:
            self._update(
                f"DROP SILENT GRAPH <{_iri(iri)}> ;\nINSERT DATA {{ GRAPH <{_iri(iri)}> {{\n{text}\n}} }}"
            )
        else:
            self._update(f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{text}\n}}")

    # -- reading ---------------------------------------------------------------------

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, *, union: bool = False
    ) -> QueryResult:
        """Run a SPARQL query on the server (SPARQL 1.1 Protocol §2.1.2, form-encoded POST).

        Args:
            sparql: the query text (SELECT, ASK, CONSTRUCT or DESCRIBE).
            bindings: values for variables; sent as a ``VALUES`` block at the head of the
                WHERE clause, each value written as an RDF term, so it cannot change the query.
            union: let the default graph be the union of all graphs (Oxigraph, Fuseki).

        Raises:
            QueryError: the server refused the query.
        """
        data = {"query": _with_values(sparql, bindings) if bindings else sparql}
        if union:
            if self._union is None:
                raise QueryError("this endpoint has no known option for a union default graph")
            data.update(self._union)
        response = self._request(
            "POST", self.endpoints.query, data=data, headers={"Accept": _ACCEPT}
        )
        return _result(response)

    def triple_count(self) -> int:
        """Number of triples in the fused default graph."""
        return int(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])

    def quad_count(self) -> int:
        """Number of quads on the server (every named graph plus the default graph)."""
        named = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
        return self.triple_count() + int(named)

    def dump(self, path: str | Path | IO[bytes], fmt: str) -> None:
        """Write the graph: ``ttl``, ``nt``, ``jsonld`` the default graph; ``nq``, ``trig`` all graphs."""
        formats = {
            "ttl": "turtle",
            "turtle": "turtle",
            "nt": "nt",
            "jsonld": "json-ld",
            "nq": "nquads",
            "trig": "trig",
        }
        if fmt not in formats:
            raise StoreError(f"cannot dump {fmt!r}; formats: {', '.join(sorted(formats))}")
        if fmt in ("nq", "trig"):
            data = Dataset()
            for triple in self.default_graph():
                data.add(triple)
            for doc_id, graph in self.document_graphs():
                named = data.graph(URIRef(graph_iri(doc_id)))
                for triple in graph:
                    named.add(triple)
        else:
            data = self.default_graph()
        body = data.serialize(format=formats[fmt], encoding="utf-8")
        if isinstance(path, (str, Path)):
            Path(path).write_bytes(body)
        else:
            path.write(body)

    # -- HTTP ------------------------------------------------------------------------

    def _get_graph(self, iri: str | None) -> Graph:
        graph = Graph(identifier=URIRef(iri) if iri else None)
        if self.endpoints.gsp:  # GSP §5.2; a graph that does not exist answers 404
            params = {"graph": iri} if iri else {"default": ""}
            response = self._request(
                "GET",
                self.endpoints.gsp,
                params=params,
                allow=(404,),
                headers={"Accept": "application/n-triples"},
            )
            if response.status_code != 404:
                _read_rdf(response, graph)
            return graph
        where = f"GRAPH <{_iri(iri)}> {{ ?s ?p ?o }}" if iri else "?s ?p ?o"
        for triple in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}").graph or ():
            graph.add(triple)
        return graph

    def _update(self, text: str) -> None:
        if not self.endpoints.update:
            raise StoreError(f"{self!r} has no update or graph store endpoint: it is read-only")
        self._request("POST", self.endpoints.update, data={"update": text}, write=True)

    def _request(
        self, method: str, url: str, *, write: bool = False, allow: tuple[int, ...] = (), **kwargs
    ):
        """One HTTP request, retried on 5xx, connection errors and timeouts."""
        if write and self.read_only:
            raise StoreError(f"{self!r} is open read-only")
        problem, asked = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:  # exponential backoff, or longer if the server asked (RFC 9110 §10.2.3)
                time.sleep(min(_MAX_WAIT, max(self.backoff * 2 ** (attempt - 1), asked)))
            try:
                response = self._client.request(method, url, **kwargs)
            except self._httpx.TransportError as error:  # connect, read, write errors and timeouts
                problem, asked = f"{type(error).__name__}: {error}".rstrip(": "), 0.0
                continue
            if response.status_code < 400 or response.status_code in allow:
                return response
            problem = f"HTTP {response.status_code}: {_short(response.text)}"
            if (
                response.status_code < 500
            ):  # the request itself is wrong; asking again will not help
                error_type = QueryError if url == self.endpoints.query else StoreError
                raise error_type(f"{method} {_safe(url)} refused: {problem}")
            asked = _retry_after(response)
        raise StoreError(
            f"{method} {_safe(url)} failed after {self.retries + 1} attempts: {problem}"
        )


# -- pushing the embedded store to a server ----------------------------------------------


@dataclass
class PushReport:
    """What :func:`push` wrote."""

    url: str
    documents: list[str] = field(default_factory=list)
    triples: int = 0
    default_triples: int = 0

    def summary(self) -> str:
        """One line, e.g. "pushed 13 article graphs and the fused graph (2,310 triples; 4,210 in all) to URL"."""
        return (
            f"pushed {len(self.documents):,} article graph{'s' * (len(self.documents) != 1)} and the "
            f"fused graph ({self.default_triples:,} triple{'s' * (self.default_triples != 1)}; "
            f"{self.triples:,} in all) to {self.url}"
        )


class PushError(StoreError):
    """A push stopped part-way; ``written`` and ``pending`` name the graphs on each side."""

    def __init__(self, message: str, written: list[str], pending: list[str]):
        self.written, self.pending = written, pending
        shown = ", ".join(pending[:10]) + (
            f" and {len(pending) - 10} more" if len(pending) > 10 else ""
        )
        super().__init__(
            f"{message}\nwritten: {len(written)} graphs; not written: {len(pending)} ({shown}). "
            "Run the push again to complete it: every graph is replaced whole, so nothing is duplicated."
        )


DEFAULT_GRAPH = "(fused default graph)"


def push(source, remote, *, retries: int = 4) -> PushReport:
    """Copy every article graph, then the fused default graph, from ``source`` to ``remote``.

    Args:
        source: a :class:`kg.store.embedded.GraphStore`, or an output folder holding one.
        remote: a :class:`RemoteStore`, or the URL of a server (see :func:`endpoints_for`).
        retries: further attempts per request when ``remote`` is a URL.

    Raises:
        PushError: a graph could not be written; the error lists what was and was not.
    """
    from kg.store.embedded import open_store

    close = []
    if isinstance(source, (str, Path)):
        source = open_store(Path(source), read_only=True)
        close.append(source)
    if isinstance(remote, str):
        remote = RemoteStore(remote, retries=retries)
        close.append(remote)
    try:
        return _push(source, remote)
    finally:
        for store in close:
            store.close()


def _push(source, remote: RemoteStore) -> PushReport:
    report = PushReport(remote.url)
    names = [*sorted(source.documents()), DEFAULT_GRAPH]  # for the error's list of what is left
    for doc_id, graph in source.document_graphs():
        try:
            remote.replace_document(doc_id, graph)
        except KgError as error:
            done = set(report.documents)
            raise PushError(
                f"push to {report.url} stopped at {doc_id!r}: {error}",
                list(report.documents),
                [n for n in names if n not in done],
            ) from None
        report.documents.append(doc_id)
        report.triples += len(graph)
    try:
        body = _default_ntriples(source)
        remote.put_ntriples(None, body)
    except KgError as error:
        raise PushError(
            f"push to {report.url} stopped at the fused graph: {error}",
            report.documents,
            [DEFAULT_GRAPH],
        ) from None
    report.default_triples = body.count(b"\n")
    report.triples += report.default_triples
    return report


def _default_ntriples(source) -> bytes:
    # The embedded store writes N-Triples itself, far faster than rdflib on big graphs.
    if hasattr(source, "dump") and not isinstance(source, RemoteStore):
        buffer = io.BytesIO()
        source.dump(buffer, "nt")
        return buffer.getvalue()
    return _ntriples(source.default_graph())


# -- helpers -------------------------------------------------------------------------------

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ntriples(graph: Graph) -> bytes:
    return graph.serialize(format="nt", encoding="utf-8")


def _iri(iri: str) -> str:
    """An IRI checked safe to write between ``<`` and ``>`` in SPARQL."""
    if re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise StoreError(f"not a valid IRI: {iri!r}")
    return iri


def _media_type(response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _answerer(response) -> str:
    """The URL that sent ``response``, without its query string and credentials, for messages."""
    return _safe(urlunsplit(urlsplit(str(response.request.url))._replace(query="", fragment="")))


def _refuse_doctype(response, what: str) -> None:
    if _DOCTYPE.search(response.content):
        raise StoreError(
            f"{_answerer(response)} answered with {what} that declares a DOCTYPE; refused, because "
            "its entities can expand without bound or name local files"
        )


def _read_rdf(response, graph: Graph) -> Graph:
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
    cache: dict = {}
    add = graph.add
    where = _answerer(response)
    try:
        # Relative IRIs resolve against the endpoint (RFC 3986 §5.1.3), never its credentials.
        quads = ox.parse(response.content, rdf_format, base_iri=where, without_named_graphs=True)
        with _paused_gc():
            for quad in quads:
                add(
                    (
                        _to_rdflib(quad.subject, cache),
                        _to_rdflib(quad.predicate, cache),
                        _to_rdflib(quad.object, cache),
                    )
                )
    except (SyntaxError, ValueError) as error:
        problem = str(error)
        if (
            "remote context" in problem
        ):  # pyoxigraph has no document loader, so it never fetches one
            problem = "it refers to a remote @context, which is never fetched"
        raise StoreError(f"{where} answered with {name} that cannot be read: {problem}") from None
    return graph


def _result(response) -> QueryResult:
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
    return QueryResult(graph=_read_rdf(response, Graph()))


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
            datatype=URIRef(datatype) if datatype and datatype != _XSD_STRING else None,
        )
    raise QueryError(f"unsupported term in the results: {kind}")


def _plain(term: Node | None) -> Node | None:
    if (
        isinstance(term, Literal)
        and term.datatype is not None
        and str(term.datatype) == _XSD_STRING
    ):
        return Literal(str(term))
    return term


# Strings, IRIs and comments whole (their braces do not count), words and brackets.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*|[(){}]|[A-Za-z]+',
    re.S,
)


def _with_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Put ``VALUES (?a ?b) { (term term) }`` right after the WHERE clause's opening brace.

    At the head of the group it joins before anything else is evaluated, as the embedded
    store's substitution does, whether or not the variables are projected.
    """
    names, terms = [], []
    for name, value in bindings.items():
        name = name.lstrip("?$")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
        if isinstance(value, URIRef):
            term = ox.NamedNode(str(value))
        elif isinstance(value, Literal):  # pyoxigraph writes the term, escaping what needs it
            term = (
                ox.Literal(str(value), language=value.language)
                if value.language
                else ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
                if value.datatype
                else ox.Literal(str(value))
            )
        else:
            raise QueryError(f"cannot send {value!r} to a remote store as a value of ?{name}")
        names.append(f"?{name}")
        terms.append(str(term))
    values = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    tokens = list(_TOKENS.finditer(sparql))
    words = [t.group().upper() for t in tokens]
    # CONSTRUCT's first brace opens its template; its WHERE clause comes after.
    start = words.index("WHERE") if "CONSTRUCT" in words and "WHERE" in words else 0
    depth = 0
    for token in tokens[start:]:
        text = token.group()
        depth += {"(": 1, ")": -1}.get(text, 0)
        if text == "{" and depth == 0:
            return f"{sparql[: token.end()]} {values} {sparql[token.end() :]}"
    raise QueryError("cannot bind parameters: the query has no WHERE clause")


def _retry_after(response) -> float:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else 0.0


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line[:200] + ("…" if len(line) > 200 else "")


def _safe(url: str) -> str:
    """The URL without user name and password, fit for messages."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        parts = parts._replace(netloc=f"{host}:{parts.port}" if parts.port else host)
    return urlunsplit(parts)
