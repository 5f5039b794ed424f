"""A SPARQL 1.1 server as the graph store: Oxigraph server, Fuseki, or any endpoint
that speaks the SPARQL 1.1 Protocol and Graph Store HTTP Protocol (GSP).

:class:`RemoteStore` is a :class:`kg.store.base.GraphStore`, like the embedded store.
Each article graph is written with one GSP ``PUT ?graph=<iri>`` — a whole-graph replace
the server applies atomically — or, where there is no GSP endpoint, with one SPARQL
Update request ``DROP SILENT GRAPH …; INSERT DATA …`` (one request, one transaction).
Both are idempotent, so a push that failed half-way completes when run again, without
duplicates. Requests that fail with a 5xx status, a connection error or a timeout are
retried with exponential backoff; 4xx and 501 (Not Implemented) answers are not.

Answers are data from another machine, read as carefully as input files
(:mod:`kg.store.answers`).

The HTTP client is httpx (connection reuse across the many PUTs of a push).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.core import limits
from kg.core.errors import QueryError, StoreError
from kg.sparql.binding import with_values
from kg.store.answers import read_rdf, read_result, safe_url
from kg.store.base import GraphStore, QueryResult, graph_iri

__all__ = [
    "RemoteStore",
    "Endpoints",
    "endpoints_for",
    "ntriples",
    "http_auth",
    "USER_ENV_VAR",
    "PASSWORD_ENV_VAR",
    "AUTH_ENV_VAR",
]

#: Environment variables a :class:`RemoteStore` takes its credentials from when it is
#: given none (``kg build --store``, ``kg query --endpoint``): never the command line.
USER_ENV_VAR = "KG_STORE_USER"
PASSWORD_ENV_VAR = "KG_STORE_PASSWORD"
AUTH_ENV_VAR = "KG_STORE_AUTH"  # "basic" (default) or "digest"
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_MAX_WAIT = 30.0  # seconds: the longest backoff or Retry-After we honour


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of a SPARQL 1.1 server; ``None`` where the server has none."""

    query: str
    update: str | None = None
    gsp: str | None = None
    #: ``default-graph-uri`` / ``named-graph-uri`` given in the query URL, sent with every query.
    dataset: tuple[tuple[str, str], ...] = ()


def endpoints_for(url: str, update_url: str | None = None, gsp_url: str | None = None) -> Endpoints:
    """Find the query, update and graph-store URLs from a server or dataset URL.

    Oxigraph server serves ``/query``, ``/update`` and ``/store`` at its root; Fuseki
    serves ``/DATASET/query``, ``/DATASET/update`` and ``/DATASET/data``; ``kg serve``
    answers (read-only) at ``/sparql``. Explicit URLs win; ``""`` says there is none
    (with no graph store, graphs are written by SPARQL Update). ``default-graph-uri`` and
    ``named-graph-uri`` in ``url`` (SPARQL 1.1 Protocol §2.1.4) are kept for queries.

    >>> endpoints_for("http://localhost:7878")
    Endpoints(query='http://localhost:7878/query', update='http://localhost:7878/update', gsp='http://localhost:7878/store', dataset=())
    >>> endpoints_for("http://localhost:3030/conflict/sparql").gsp
    'http://localhost:3030/conflict/data'
    >>> endpoints_for("http://127.0.0.1:7878/sparql")
    Endpoints(query='http://127.0.0.1:7878/sparql', update=None, gsp=None, dataset=())
    >>> endpoints_for("http://h/ds/sparql?default-graph-uri=urn:g").dataset
    (('default-graph-uri', 'urn:g'),)
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - read to check it: "http://h:x/" raises here
    except ValueError:  # "http://[::1": an IPv6 address never closed
        raise StoreError(f"not a valid URL: {safe_url(url)}") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an http(s) URL: {safe_url(url)}")
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
    dataset = tuple(
        (key, value)
        for key, value in parse_qsl(parts.query)
        if key in ("default-graph-uri", "named-graph-uri")
    )
    return Endpoints(query, update, gsp, dataset)


def http_auth(user: str | None, password: str | None, scheme: str = "basic"):
    """An httpx auth for HTTP Basic (RFC 7617) or Digest (RFC 7616); ``None`` without a user.

    Virtuoso's SPARQL-auth endpoint wants Digest; Fuseki and most proxies Basic.
    """
    import httpx

    if not user:
        return None
    scheme = (scheme or "basic").lower()
    if scheme not in ("basic", "digest"):
        raise StoreError(f"unknown HTTP auth scheme {scheme!r}; use basic or digest")
    cls = httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth
    return cls(user, password or "")


def _auth_from_environment():
    return http_auth(
        os.environ.get(USER_ENV_VAR),
        os.environ.get(PASSWORD_ENV_VAR),
        os.environ.get(AUTH_ENV_VAR, "basic"),
    )


class RemoteStore(GraphStore):
    """The graph store on a SPARQL 1.1 server.

    Args:
        query_url: the server, dataset or query-endpoint URL (see :func:`endpoints_for`).
        update_url: the SPARQL Update endpoint, if not the one derived from ``query_url``
            (``""``: none).
        gsp_url: the Graph Store Protocol endpoint, likewise.
        timeout: seconds any one read or write on the connection may wait.
        deadline: seconds one request may take in all, retries included (default
            :data:`kg.core.limits.REMOTE_DEADLINE`).
        max_bytes: largest answer read, in bytes (default
            :data:`kg.core.limits.REMOTE_MAX_BYTES`).
        retries: further attempts after a 5xx answer, connection error or timeout.
        backoff: seconds before the first retry; doubled for each further one.
        auth: ``(user, password)`` for HTTP Basic, or any ``httpx.Auth`` (see
            :func:`http_auth`); by default the ``KG_STORE_USER``, ``KG_STORE_PASSWORD``
            and ``KG_STORE_AUTH`` environment variables, if set.
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
        deadline: float | None = None,
        max_bytes: int | None = None,
    ):
        try:
            import httpx
        except ImportError:  # pragma: no cover - say how to get the one optional client library
            raise StoreError("a remote store needs httpx: pip install httpx") from None
        self.endpoints = endpoints_for(query_url, update_url, gsp_url)
        self.url = safe_url(query_url)
        self.retries, self.backoff, self.read_only = retries, backoff, read_only
        self.deadline = limits.REMOTE_DEADLINE if deadline is None else deadline
        self.max_bytes = limits.REMOTE_MAX_BYTES if max_bytes is None else max_bytes
        self._httpx = httpx
        if auth is None:
            auth = _auth_from_environment()
        self._new_client = lambda: httpx.Client(
            timeout=timeout, auth=auth, transport=transport, headers={"User-Agent": "conflict-kg"}
        )
        self._client = self._new_client()
        # How to ask for the union of all graphs as the default graph, where known.
        if self.endpoints.gsp and self.endpoints.gsp.endswith("/store"):
            self._union = {"union-default-graph": ""}  # Oxigraph server
        elif self.endpoints.gsp and self.endpoints.gsp.endswith("/data"):
            self._union = {"default-graph-uri": "urn:x-arq:UnionGraph"}  # Jena Fuseki (TDB)
        else:
            self._union = None

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}>"

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # -- documents -------------------------------------------------------------------

    def replace_document(self, doc_id: str, graph: Graph) -> None:
        """Make ``graph`` the named graph of document ``doc_id`` (one atomic request)."""
        if len(graph) == 0:
            self.remove_document(doc_id)
        else:
            self.put_ntriples(graph_iri(doc_id), ntriples(graph))

    def remove_document(self, doc_id: str) -> None:
        """Delete the named graph of document ``doc_id`` (nothing happens if there is none)."""
        iri = graph_iri(doc_id)
        if self.endpoints.gsp:
            self._request(
                "DELETE", self.endpoints.gsp, params={"graph": iri}, write=True, allow=(404,)
            )
        else:
            self._update(f"DROP SILENT GRAPH <{_iri(iri)}>")

    def graph_names(self) -> list[str]:
        """The IRIs of every named graph on the server."""
        return [str(row[0]) for row in self.query(_GRAPHS).rows]

    # -- the fused default graph -----------------------------------------------------

    def replace_default_graph(self, graph: Graph) -> None:
        """Make ``graph`` the fused default graph (one atomic request)."""
        self.put_ntriples(None, ntriples(graph))

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
        self,
        sparql: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        union: bool = False,
        default_graph: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query on the server (SPARQL 1.1 Protocol §2.1.2, form-encoded POST).

        Args:
            sparql: the query text (SELECT, ASK, CONSTRUCT or DESCRIBE).
            bindings: values for variables; sent as a ``VALUES`` block at the head of the
                WHERE clause, each value written as an RDF term, so it cannot change the query.
            union: let the default graph be the union of all graphs (Oxigraph, Fuseki).
            default_graph: read this named graph as the default graph
                (``default-graph-uri``), e.g. :data:`kg.store.base.FUSED_GRAPH`.

        Raises:
            QueryError: the server refused the query.
        """
        data: dict = {"query": with_values(sparql, bindings) if bindings else sparql}
        if default_graph:
            data["default-graph-uri"] = default_graph
        elif self.endpoints.dataset and not union:
            for key, value in self.endpoints.dataset:
                data.setdefault(key, []).append(value)
        if union:
            if self._union is None:
                raise QueryError("this endpoint has no known option for a union default graph")
            data.update(self._union)
        response = self._request(
            "POST", self.endpoints.query, data=data, headers={"Accept": _ACCEPT}
        )
        return read_result(response)

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

    def read_graph(self, iri: str | None) -> Graph:
        """The named graph ``iri`` (``None``: the default graph); empty if absent."""
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
                read_rdf(response, graph)
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
        """One HTTP request, retried on 5xx, connection errors and timeouts, within the deadline."""
        if write and self.read_only:
            raise StoreError(f"{self!r} is open read-only")
        problem, asked = "", 0.0
        deadline = time.monotonic() + self.deadline
        for attempt in range(self.retries + 1):
            if attempt:  # exponential backoff, or longer if the server asked (RFC 9110 §10.2.3)
                wait = min(_MAX_WAIT, max(self.backoff * 2 ** (attempt - 1), asked))
                time.sleep(max(0.0, min(wait, deadline - time.monotonic())))
            try:
                response = self._within(deadline, method, url, **kwargs)
            except self._httpx.TransportError as error:  # connect, read, write errors and timeouts
                problem, asked = f"{type(error).__name__}: {error}".rstrip(": "), 0.0
                continue
            if response.status_code < 400 or response.status_code in allow:
                return response
            problem = f"HTTP {response.status_code}: {_short(response.text)}"
            # 4xx: the request itself is wrong; 501: the server does not do this at all.
            # Asking again will not help either.
            if response.status_code < 500 or response.status_code == 501:
                error_type = QueryError if url == self.endpoints.query else StoreError
                raise error_type(f"{method} {safe_url(url)} refused: {problem}")
            asked = _retry_after(response)
        raise StoreError(
            f"{method} {safe_url(url)} failed after {self.retries + 1} attempts: {problem}"
        )

    def _within(self, deadline: float, method: str, url: str, **kwargs):
        """Send one request and read its whole answer before ``deadline`` (monotonic).

        httpx has timeouts per read only. The request runs on a thread that is
        abandoned, its connections closed, when the deadline passes.
        """
        outcome: dict = {}
        stop = threading.Event()

        def run() -> None:
            try:
                outcome["response"] = self._read_capped(stop, method, url, **kwargs)
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            stop.set()
            stale, self._client = self._client, self._new_client()
            threading.Thread(target=stale.close, daemon=True).start()
            raise StoreError(
                f"{method} {safe_url(url)}: no complete answer within {self.deadline:g} s"
            )
        if "error" in outcome:
            raise outcome["error"]
        return outcome["response"]

    def _read_capped(self, stop: threading.Event, method: str, url: str, **kwargs):
        """The response, its body read whole but refused past ``max_bytes``."""
        httpx = self._httpx
        with self._client.stream(method, url, **kwargs) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise StoreError(self._too_large(method, url))
            chunks, size = [], 0
            for chunk in response.iter_bytes():  # decompressed: a gzip bomb counts in full
                size += len(chunk)
                if size > self.max_bytes:
                    raise StoreError(self._too_large(method, url))
                if stop.is_set():
                    raise StoreError("abandoned at the deadline")
                chunks.append(chunk)
        # The body is decoded already: drop the headers that describe its encoding.
        headers = [
            (k, v)
            for k, v in response.headers.raw
            if k.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=b"".join(chunks),
            request=response.request,
        )

    def _too_large(self, method: str, url: str) -> str:
        return f"{method} {safe_url(url)}: the answer is larger than {self.max_bytes} bytes"


# -- reading answers -----------------------------------------------------------------------

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def ntriples(graph: Graph) -> bytes:
    """``graph`` as N-Triples, the body of a Graph Store Protocol PUT."""
    return graph.serialize(format="nt", encoding="utf-8")


def _iri(iri: str) -> str:
    """An IRI checked safe to write between ``<`` and ``>`` in SPARQL."""
    if re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise StoreError(f"not a valid IRI: {iri!r}")
    return iri


def _retry_after(response) -> float:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else 0.0


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line[:200] + ("…" if len(line) > 200 else "")
