"""Write the graph in the formats analysts' tools read.

A writer takes the store and the output folder and returns the files it wrote, keyed
by name. Writers are registered by format name; the built-ins are listed once, at the
bottom of this module:

========  ===========================================  =======================================
format    file                                         contents
========  ===========================================  =======================================
ttl       graph.ttl                                    fused default graph, with prefixes
nt        graph.nt                                     fused default graph
nq        graph.nq                                     every graph (one per article + fused)
trig      graph.trig                                   every graph, with prefixes
jsonld    graph.jsonld                                 every graph, compacted (JSON-LD 1.1)
graphml   graph.graphml                                actor/place/event network (yEd, igraph)
gexf      graph.gexf                                   the network, coloured and dated (Gephi)
cyjs      graph.cyjs                                   the network (Cytoscape)
csv       events.csv, entities.csv, edges.csv          ACLED-style tables
geojson   events.geojson                               one point per event (QGIS)
neo4j     neo4j/nodes.csv, relationships.csv, .cypher  the network for Neo4j
========  ===========================================  =======================================

Each file is written under a temporary name in the same folder and renamed into place
(:func:`os.replace`), so a crash or a failing writer never leaves a truncated file:
the previous version stays until the new one is complete.

``events.csv`` follows ACLED's export columns and conventions; see
:mod:`kg.publish.formats.csv_tables`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.namespaces import PREFIXES
from kg.publish.formats import background
from kg.publish.formats.background import RdfFilesInBackground
from kg.publish.formats.base import ExportError, atomic_target
from kg.publish.formats.csv_tables import (
    EDGE_COLUMNS,
    ENTITY_COLUMNS,
    EVENT_COLUMNS,
    edge_rows,
    entity_rows,
    event_rows,
    safe_cell,
    table_facts,
    write_tables,
)
from kg.publish.formats.geojson import write_geojson
from kg.publish.formats.jsonld import write_jsonld
from kg.publish.formats.neo4j import write_neo4j
from kg.publish.formats.network_files import (
    write_cytoscape,
    write_gexf,
    write_graphml,
    xml_safe,
)
from kg.publish.formats.segmented import SEGMENTED, Changes, write_segmented
from kg.store.embedded import DUMP_FORMATS

__all__ = [
    "DEFAULT_FORMATS",
    "NETWORK_FORMATS",
    "EVENT_COLUMNS",
    "ENTITY_COLUMNS",
    "EDGE_COLUMNS",
    "UnknownFormat",
    "ExportError",
    "Writer",
    "register",
    "unregister",
    "available_formats",
    "write_tables",
    "export",
    "start_rdf_files",
    "event_rows",
    "entity_rows",
    "edge_rows",
    "safe_cell",
    "xml_safe",
]

#: A writer: ``writer(store, out_dir) -> {name: path}`` for every file it wrote.
Writer = Callable[..., dict[str, Path]]

DEFAULT_FORMATS: tuple[str, ...] = (
    "ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "cyjs", "csv", "geojson", "neo4j",
)  # fmt: skip


class UnknownFormat(KgError, ValueError):
    """An export format nobody registered."""


_WRITERS: dict[str, Writer] = {}


#: Formats made from the network projection rather than from the RDF.
NETWORK_FORMATS = ("graphml", "gexf", "cyjs", "neo4j")


def register(name: str, writer: Writer) -> None:
    """Make ``writer`` available as export format ``name`` (replacing any before it)."""
    _WRITERS[name] = writer


def unregister(name: str) -> None:
    """Remove export format ``name`` (nothing happens if there is none)."""
    _WRITERS.pop(name, None)


def available_formats() -> list[str]:
    """The registered format names, sorted."""
    return sorted(_WRITERS)


def export(
    store,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    network=None,
    default_country: str | None = None,
    excel: bool = False,
    index: dict | None = None,
    changes: Changes | None = None,
    digests: dict[str, str] | None = None,
    tables: tuple[list, list, list] | None = None,
    rdf_files: RdfFilesInBackground | None = None,
) -> dict[str, Path]:
    """Write the graph in ``store`` to ``out_dir`` in each of ``formats``.

    Args:
        store: a :class:`kg.store.embedded.GraphStore`.
        out_dir: the folder to write to (created if missing).
        formats: format names; see :func:`available_formats`.
        network: the store's :func:`kg.publish.analysis.to_networkx` projection, when the caller
            has it already; otherwise it is made once, if a network format needs it.
        default_country: the events table's country for an event with no place (default:
            the shipped region pack's, see :func:`kg.core.packs.default_country`).
        excel: begin the CSV tables with a UTF-8 byte order mark, without which Excel
            reads them as the local code page and garbles every non-ASCII name.
        index, changes, digests: for the embedded store, the export index as it was
            before the store last changed, what changed since, and each article graph's
            content hash: the RDF files are then rewritten only where that changed (see
            :mod:`kg.publish.formats.segmented`); without them they are written whole.
        tables: the rows of events.csv, entities.csv and edges.csv, when the caller has
            them (see :mod:`kg.publish.incremental`).
        rdf_files: the RDF files of some of ``formats``, being written by another process
            (:func:`start_rdf_files`): waited for once the other files are written.

    Returns:
        ``{name: path}`` for every file written: the format name for one-file formats
        (``"ttl"``), the table name for ``csv`` (``"events"``, ``"entities"``, ``"edges"``).

    Raises:
        UnknownFormat: a format is not registered; nothing is written then.
        ExportError: a file could not be written (a full disk, no permission); the error
            names it, and it and the files not yet written keep their previous version.
    """
    names = list(dict.fromkeys([formats] if isinstance(formats, str) else formats))
    unknown = [name for name in names if name not in _WRITERS]
    if unknown:
        raise UnknownFormat(
            f"no export format {', '.join(map(repr, unknown))}; available: {', '.join(available_formats())}"
        )
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(out_dir, error.strerror or str(error), error.errno) from None
    files: dict[str, Path] = {}
    source = _Source(store, network, default_country)
    source.excel = excel
    source._tables = tables
    # The embedded store's RDF files are written unit by unit, all in one pass.
    segmented = _segmented(store, names)
    if rdf_files is not None:
        rdf_files.go(digests=digests, index=index, changes=changes)
        try:
            files.update(_others(source, out_dir, names, set(rdf_files.formats)))
        except BaseException:
            rdf_files.cancel()
            raise
        return {**rdf_files.result(), **files}
    if segmented:
        files.update(
            write_segmented(
                store, out_dir, segmented, digests=digests, index=index, changes=changes
            )
        )
    files.update(_others(source, out_dir, names, set(segmented)))
    return files


def _segmented(store, names: Iterable[str]) -> list[str]:
    """The formats of ``names`` written unit by unit (the embedded store's built-in RDF files)."""
    return [
        name
        for name in names
        if name in SEGMENTED
        and _WRITERS[name] is _BUILTIN.get(name)
        and hasattr(store, "unit_quads")
    ]


def _others(source, out_dir: Path, names: list[str], skipped: set[str]) -> dict[str, Path]:
    """Write the files of ``names`` but ``skipped`` with their writers."""
    files: dict[str, Path] = {}
    # graph.nq first: reading every graph from the store is the slow part, so graph.trig
    # is converted from it (about 3x faster than a second pass over the store).
    for name in sorted(names, key=lambda name: name != "nq"):
        if name not in skipped:
            files.update(_WRITERS[name](source, out_dir))
    return files


def start_rdf_files(
    store,
    out_dir: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    prepare: bool = False,
    min_quads: int | None = None,
) -> RdfFilesInBackground | None:
    """Start writing the RDF files of ``formats`` in another process, for :func:`export`'s
    ``rdf_files`` (see :mod:`kg.publish.formats.background`).

    With ``prepare``, the other process renders the named graphs meanwhile: for an export
    that writes the files whole (no export index), started before fusion.

    Returns None, and :func:`export` writes them itself, unless the store is the embedded
    one, on a machine of more than one core, and holds at least ``min_quads`` (default
    :data:`kg.publish.formats.background.BACKGROUND_QUADS`), and ``out_dir`` exists.
    """
    names = list(dict.fromkeys([formats] if isinstance(formats, str) else formats))
    names = [name for name in names if name in _WRITERS]
    segmented = _segmented(store, names)
    if not segmented or (os.cpu_count() or 1) < 2 or not hasattr(store, "out"):
        return None
    if store.quad_count() < (background.BACKGROUND_QUADS if min_quads is None else min_quads):
        return None
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return None
    try:
        return RdfFilesInBackground(store, out_dir, segmented, prepare=prepare)
    except OSError:  # no process to be had: export() writes them itself
        return None


class _Source:
    """The store as the writers of one export see it: the network projection is made once,
    and the N-Quads file, once written, stands in for the store for other files of every graph."""

    def __init__(self, store, network=None, default_country: str | None = None):
        self._store, self._network = store, network
        self.default_country = default_country
        self.nquads: Path | None = None
        self.excel = False
        self._facts = None
        self._tables = None

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def tables(self):
        """The rows of events.csv, entities.csv and edges.csv, when the caller made them."""
        return self._tables

    def facts(self):
        """The default graph's facts the tables read (:func:`table_facts`), read once for
        the CSV tables and the GeoJSON file."""
        if self._facts is None:
            self._facts = table_facts(self._store)
        return self._facts

    def network(self):
        if self._network is None:
            # Lazy import: the projection lives in kg.publish.analysis, which imports this
            # package's heavier parts; RDF-only exports should not pay for it.
            from kg.publish.analysis import store_network

            self._network = store_network(self._store)
        return self._network


# -- writing files safely -------------------------------------------------------------


# -- RDF files ------------------------------------------------------------------------


def _rdf_writer(fmt: str, filename: str) -> Writer:
    def write(store, out_dir: Path) -> dict[str, Path]:
        target = out_dir / filename
        nquads = getattr(store, "nquads", None) if isinstance(store, _Source) else None
        with atomic_target(target) as tmp:
            if nquads is not None and fmt != "nq" and DUMP_FORMATS[fmt][1]:
                _convert(nquads, tmp, fmt)  # every graph again: convert graph.nq
            else:
                store.dump(tmp, fmt)  # the store's own serializer: fast on large graphs
        if fmt == "nq" and isinstance(store, _Source):
            store.nquads = target
        return {fmt: target}

    write.__doc__ = f"Write {filename} with the store's serializer."
    return write


def _convert(nquads: Path, target: Path, fmt: str) -> None:
    """Write ``target``, a file of every graph in ``fmt``, from an N-Quads file, streaming."""
    rdf_format = DUMP_FORMATS[fmt][0]
    extra = {"prefixes": PREFIXES} if rdf_format == ox.RdfFormat.TRIG else {}
    with open(nquads, "rb") as source, open(target, "wb") as sink:
        ox.serialize(ox.parse(source, ox.RdfFormat.N_QUADS), sink, rdf_format, **extra)


def _jsonld_writer(store, out_dir: Path) -> dict[str, Path]:
    """Write graph.jsonld: every graph, compacted with ontology/context.jsonld."""
    target = out_dir / "graph.jsonld"
    nquads = store.nquads if isinstance(store, _Source) else None
    if nquads is not None:
        write_jsonld(nquads, target)
        return {"jsonld": target}
    # Without graph.nq in this export, every graph goes through a scratch N-Quads file.
    handle, scratch = tempfile.mkstemp(dir=out_dir, prefix=".graph.", suffix=".nq")
    os.close(handle)
    try:
        try:
            store.dump(scratch, "nq")
        except OSError as error:
            raise ExportError(target, error.strerror or str(error), error.errno) from None
        write_jsonld(Path(scratch), target)
    finally:
        with suppress(OSError):
            os.unlink(scratch)
    return {"jsonld": target}


# -- network files --------------------------------------------------------------------

_NETWORK_WRITERS = {
    "graphml": ("graph.graphml", write_graphml),
    "gexf": ("graph.gexf", write_gexf),
    "cyjs": ("graph.cyjs", write_cytoscape),
}


def _neo4j_writer(store, out_dir: Path) -> dict[str, Path]:
    """Write neo4j/nodes.csv, relationships.csv and import.cypher from the network."""
    network = store.network() if isinstance(store, _Source) else _Source(store).network()
    return write_neo4j(network, out_dir)


def _network_writer(fmt: str) -> Writer:
    filename, write_file = _NETWORK_WRITERS[fmt]

    def write(store, out_dir: Path) -> dict[str, Path]:
        network = store.network() if isinstance(store, _Source) else _Source(store).network()
        target = out_dir / filename
        write_file(network, target)
        return {fmt: target}

    write.__doc__ = f"Write {filename}: the actor, place, event and project network."
    return write


# -- the built-in writers, registered once ----------------------------------------------

_BUILTIN: dict[str, Writer] = {}
for _name, _writer in (
    ("ttl", _rdf_writer("ttl", "graph.ttl")),
    ("nt", _rdf_writer("nt", "graph.nt")),
    ("nq", _rdf_writer("nq", "graph.nq")),
    ("trig", _rdf_writer("trig", "graph.trig")),
    ("jsonld", _jsonld_writer),
    ("graphml", _network_writer("graphml")),
    ("gexf", _network_writer("gexf")),
    ("cyjs", _network_writer("cyjs")),
    ("csv", write_tables),
    ("geojson", write_geojson),
    ("neo4j", _neo4j_writer),
):
    register(_name, _writer)
    _BUILTIN[_name] = _writer
