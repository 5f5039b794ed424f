"""Copy a graph store to a SPARQL 1.1 server: every article graph, then the fused graph.

The fused graph goes to the server's default graph and, as well, to the named graph
:data:`kg.store.base.FUSED_GRAPH` (``id:graph/fused``): on stores whose default graph is
the union of all graphs (GraphDB, Virtuoso, Oxigraph with ``union-default-graph``) a
query then reads the fused graph alone with ``FROM <…/graph/fused>`` or
``default-graph-uri``, and ``kg query --graph fused`` does that for you.

Each graph is replaced whole (see :class:`kg.store.remote.RemoteStore`), so a push that
stopped part-way completes when run again, without duplicates.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import KgError, StoreError
from kg.store.base import FUSED_GRAPH, GraphStore
from kg.store.embedded import open_store
from kg.store.remote import RemoteStore, ntriples

__all__ = ["push", "PushReport", "PushError", "DEFAULT_GRAPH"]

#: How a :class:`PushError` names the fused default graph among the graphs left.
DEFAULT_GRAPH = "(fused default graph)"


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
            f"{message}; written: {len(written)} graphs; not written: {len(pending)} ({shown}). "
            "Run the push again to complete it: every graph is replaced whole, so nothing is duplicated."
        )


def push(
    source: GraphStore | str | Path,
    remote: RemoteStore | str,
    *,
    retries: int = 4,
    update_url: str | None = None,
    gsp_url: str | None = None,
    auth=None,
    default_graph: bool = True,
) -> PushReport:
    """Copy every article graph, then the fused default graph, from ``source`` to ``remote``.

    Args:
        source: a :class:`kg.store.base.GraphStore`, or an output folder holding one.
        remote: a :class:`RemoteStore`, or the URL of a server (see
            :func:`kg.store.remote.endpoints_for`).
        retries: further attempts per request when ``remote`` is a URL.
        update_url: the SPARQL Update endpoint, when ``remote`` is a URL and it is elsewhere.
        gsp_url: the Graph Store Protocol endpoint, likewise (``""``: none).
        auth: credentials when ``remote`` is a URL (:func:`kg.store.remote.http_auth`).
        default_graph: also write the server's default graph; ``False`` for stores that
            have none of their own (Virtuoso answers a Graph Store ``PUT ?default`` with
            an error), where the fused graph is then only ``id:graph/fused``.

    Raises:
        PushError: a graph could not be written; the error lists what was and was not.
    """
    close = []
    if isinstance(source, (str, Path)):
        source = open_store(Path(source), read_only=True)
        close.append(source)
    if isinstance(remote, str):
        remote = RemoteStore(remote, update_url, gsp_url, retries=retries, auth=auth)
        close.append(remote)
    try:
        return _push(source, remote, default_graph)
    finally:
        for store in close:
            store.close()


def _push(source: GraphStore, remote: RemoteStore, default_graph: bool = True) -> PushReport:
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
        remote.put_ntriples(FUSED_GRAPH, body)
        if default_graph:
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


def _default_ntriples(source: GraphStore) -> bytes:
    # The embedded store writes N-Triples itself, far faster than rdflib on big graphs.
    if hasattr(source, "dump") and not isinstance(source, RemoteStore):
        buffer = io.BytesIO()
        source.dump(buffer, "nt")
        return buffer.getvalue()
    return ntriples(source.default_graph())
