"""The RDF files written unit by unit, so that a rebuild rewrites only the units that changed.

A file of every graph (``graph.nq``, ``graph.trig``, ``graph.jsonld``) or of the default
graph (``graph.ttl``, ``graph.nt``) is a header, then units in a fixed order, then a
footer:

1. the fused nodes of the default graph (entities, incidents, ...), one unit per node, in
   IRI order;
2. the default graph's triples about blank nodes, if it has any (kg writes none), as one
   unit written every time;
3. each article's nodes in the default graph (its article, evidence and statistic nodes
   with their links), one unit per article, in graph IRI order;
4. in the files of every graph, each article's named graph, in graph IRI order.

Each unit is written by Oxigraph's serializer (the JSON-LD one node a line, compacted),
so the files are the same bytes whenever the graph is the same. ``export-index.json``
records each unit's length in each file, each file's size and time, and the content hash
of each article the units were written from. The next export copies every unit that
did not change from the old file (in the kernel, with ``copy_file_range``) and serializes
only the others: the units of the articles written since, and the fused nodes fusion
changed (:class:`Changes`). A file that was changed since, or an export without an
index, is written whole.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.core.files import atomic_write, remove_file
from kg.core.namespaces import PREFIXES
from kg.publish.formats.base import atomic_target
from kg.publish.formats.jsonld import Compactor, compact_nodes, load_context

__all__ = [
    "INDEX_FILE",
    "SEGMENTED",
    "Changes",
    "Prepared",
    "forget_index",
    "load_index",
    "render_named_graphs",
    "scratch_file",
    "write_segmented",
]

#: What the last export wrote, unit by unit, beside the files.
INDEX_FILE = "export-index.json"
_FORMAT = 1
#: The formats written this way, their files, and whether each holds every graph.
SEGMENTED = {
    "ttl": ("graph.ttl", False),
    "nt": ("graph.nt", False),
    "nq": ("graph.nq", True),
    "trig": ("graph.trig", True),
    "jsonld": ("graph.jsonld", True),
}
_DEFAULT = ox.DefaultGraph()


@dataclass
class Changes:
    """What changed in the store since the files were last written.

    ``docs``: the article graphs written since, whatever their content hash says; ``fused``:
    the subjects of the default graph whose fused triples changed (None: any may have).
    """

    docs: set[str]
    fused: set[str] | None


def forget_index(out: Path | str) -> None:
    """Remove the export index: the store is about to change in a way it does not record."""
    remove_file(Path(out) / INDEX_FILE)


def load_index(out: Path | str) -> dict | None:
    """The export index in ``out``, or None."""
    try:
        index = json.loads((Path(out) / INDEX_FILE).read_text(encoding="utf-8"))
        return index if index.get("format") == _FORMAT else None
    except (OSError, ValueError):
        return None


def _stamp(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


# ---------------------------------------------------------------------------
# Serializing one unit
# ---------------------------------------------------------------------------


@cache
def _header(rdf_format: ox.RdfFormat) -> bytes:
    """The prefix lines Oxigraph writes before the first triple."""
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.Literal("z"))
    text = ox.serialize([probe], format=rdf_format, prefixes=PREFIXES)
    return text[: text.index(b"<urn:x>")]


class _Render:
    """Each format's bytes for a list of quads (all of one unit)."""

    def __init__(self):
        self.compactor = Compactor(load_context())

    def __call__(self, fmt: str, quads: list, named: ox.NamedNode | None) -> bytes:
        if not quads:
            return b""
        # Quads of the default graph serialize as triples in every format: no copying.
        if fmt in ("nq", "nt"):
            return ox.serialize(quads, format=_FORMATS[fmt])
        if fmt in ("trig", "ttl"):
            rdf_format = _FORMATS[fmt]
            text = ox.serialize(quads, format=rdf_format, prefixes=PREFIXES)
            header = _header(rdf_format)
            if not text.startswith(header):
                raise ValueError(f"unexpected {fmt} header")
            return text[len(header) :]
        triples: dict = defaultdict(lambda: defaultdict(list))
        for q in quads:
            triples[q.subject][q.predicate.value].append(q.object)
        nodes = compact_nodes(self.compactor, triples)
        if named is not None:
            node = {"@id": self.compactor.node(named), "@graph": nodes}
            return json.dumps(node, ensure_ascii=False).encode("utf-8")
        return ",\n".join(json.dumps(n, ensure_ascii=False) for n in nodes).encode("utf-8")


_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
}


def _frame(fmt: str) -> tuple[bytes, bytes, bytes]:
    """(header, separator between units, footer) of a file."""
    if fmt == "jsonld":
        context = json.dumps(load_context(), ensure_ascii=False)
        return (f'{{\n"@context": {context},\n"@graph": [\n'.encode(), b",\n", b"\n]}\n")
    if fmt in ("trig", "ttl"):
        return _header(_FORMATS[fmt]), b"", b""
    return b"", b"", b""


# ---------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------


def write_segmented(
    store,
    out: Path,
    formats: Iterable[str],
    *,
    digests: Mapping[str, str] | None = None,
    index: dict | None = None,
    changes: Changes | None = None,
    prepared: Prepared | None = None,
) -> dict[str, Path]:
    """Write the RDF files of ``formats`` (a subset of :data:`SEGMENTED`) to ``out``.

    Args:
        store: the embedded store (:class:`kg.store.embedded.OxigraphStore`).
        digests: every stored article's graph IRI and content hash (default: read them).
        index: the export index (:func:`load_index`) as it was before the store changed.
        changes: what changed in the store since ``index`` was written; without both,
            every file is written whole.
        prepared: the named graphs' units, rendered already (:func:`render_named_graphs`)
            from the same named graphs: copied instead of rendered again.

    Returns:
        ``{format: path}`` for each file.
    """
    formats = [f for f in SEGMENTED if f in set(formats)]
    digests = dict(digests if digests is not None else store.graph_digests())
    index = index if changes is not None else None
    forget_index(out)  # until the files and the index agree again
    graphs = sorted(store.graph_names())

    # The units, in file order.
    old_fused = set(index["fused"]) if index else set()
    if index is None or changes.fused is None:
        fused, blank = store.fused_subjects()
        dirty_fused = set(fused) | old_fused
        dirty_docs: set[str] = set(graphs) if index is None else set()
    else:
        dirty_fused, dirty_docs = set(), set()
        for s in changes.fused:
            owner = store.carried_owner(s)
            if owner is not None:
                dirty_docs.add(owner)
            else:
                dirty_fused.add(s)
        fused = (old_fused - dirty_fused) | {s for s in dirty_fused if store.has_subject(s)}
        blank = bool(index.get("blank"))
    if index is not None:
        kept = index["docs"]
        dirty_docs |= {
            g
            for g in set(graphs) | set(kept)
            if kept.get(g) != digests.get(g) or digests.get(g) is None
        }
        dirty_docs |= changes.docs
    keys = [("f", s) for s in sorted(fused)]
    keys += [("b", "")] if blank else []  # triples about blank nodes: written every time
    keys += [("d", g) for g in graphs] + [("g", g) for g in graphs]
    dirty = {("f", s) for s in dirty_fused} | {(k, g) for g in dirty_docs for k in ("d", "g")}
    dirty.add(("b", ""))

    files = {fmt: out / SEGMENTED[fmt][0] for fmt in formats}
    old_units: dict[str, dict[tuple[str, str], tuple[int, int]]] = {}
    for fmt in formats:
        record = (index or {}).get("files", {}).get(fmt)
        if record and record["stamp"] == _stamp(files[fmt]):
            header = len(_frame(fmt)[0])
            old_units[fmt] = _offsets(index["keys"], record["lengths"], header, len(_frame(fmt)[1]))
    lengths = {fmt: [] for fmt in formats}
    render = _Render()
    ready = prepared.units if prepared is not None else {}
    with ExitStack() as stack:
        sinks, sources = {}, {}
        scratch = {
            fmt: stack.enter_context(open(prepared.files[fmt], "rb"))
            for fmt in ready
            if fmt in formats
        }
        for fmt in formats:
            units = old_units.get(fmt)
            held = [key for key in keys if _holds(fmt, key)]
            if (
                units is not None
                and len(units) == len(held)
                and all(key in units and key not in dirty for key in held)
            ):  # the same units as before: the file stays as it is
                lengths[fmt] = [units[key][1] if _holds(fmt, key) else 0 for key in keys]
                continue
            tmp = stack.enter_context(atomic_target(files[fmt]))
            sinks[fmt] = _Sink(stack.enter_context(open(tmp, "wb")), _frame(fmt))
            if units is not None:
                sources[fmt] = stack.enter_context(open(files[fmt], "rb"))
        for key in keys:
            kind, iri = key
            todo = []
            for fmt, sink in sinks.items():
                if not _holds(fmt, key):
                    lengths[fmt].append(0)
                    continue
                units = old_units.get(fmt)
                if units is not None and key not in dirty and key in units:
                    offset, length = units[key]
                    sink.copy(sources[fmt], offset, length)
                    lengths[fmt].append(length)
                elif fmt in scratch and key in ready[fmt]:
                    offset, length = ready[fmt][key]
                    sink.copy(scratch[fmt], offset, length)
                    lengths[fmt].append(length)
                else:
                    todo.append(fmt)
            if todo:
                quads = store.unit_quads(kind, iri)
                named = ox.NamedNode(iri) if kind == "g" else None
                for fmt in todo:
                    data = render(fmt, quads, named)
                    sinks[fmt].write(data)
                    lengths[fmt].append(len(data))
        for sink in sinks.values():
            sink.close()
    record = {
        "format": _FORMAT,
        "docs": dict(digests),
        "fused": sorted(fused),
        "blank": blank,
        "keys": [f"{k} {iri}" for k, iri in keys],
        "files": {fmt: {"stamp": _stamp(files[fmt]), "lengths": lengths[fmt]} for fmt in formats},
    }
    atomic_write(out / INDEX_FILE, lambda handle: handle.write(json.dumps(record).encode()))
    return files


@dataclass
class Prepared:
    """Units rendered ahead of :func:`write_segmented`: for each format, the file they were
    written to one after another, and each unit's (offset, length) in it."""

    files: dict[str, Path]
    units: dict[str, dict[tuple[str, str], tuple[int, int]]]

    def remove(self) -> None:
        for path in self.files.values():
            remove_file(path)


def scratch_file(out: Path, fmt: str) -> Path:
    """Where :func:`render_named_graphs` writes the units of ``fmt``'s file."""
    return Path(out) / f".{SEGMENTED[fmt][0]}.units"


def render_named_graphs(store, out: Path, formats: Iterable[str]) -> Prepared:
    """Render the unit of every named graph in each of ``formats`` that holds every graph,
    into a scratch file beside its file (:func:`scratch_file`).

    Fusion changes the default graph only, so the named graphs' units can be rendered
    while it runs and copied by :func:`write_segmented` after it.
    """
    formats = [f for f in SEGMENTED if f in set(formats) and SEGMENTED[f][1]]
    prepared = Prepared({fmt: scratch_file(out, fmt) for fmt in formats}, {f: {} for f in formats})
    render = _Render()
    with ExitStack() as stack:
        sinks = {fmt: stack.enter_context(open(prepared.files[fmt], "wb")) for fmt in formats}
        offsets = dict.fromkeys(formats, 0)
        for iri in sorted(store.graph_names()):
            quads = store.unit_quads("g", iri)
            named = ox.NamedNode(iri)
            for fmt in formats:
                data = render(fmt, quads, named)
                sinks[fmt].write(data)
                prepared.units[fmt]["g", iri] = (offsets[fmt], len(data))
                offsets[fmt] += len(data)
    return prepared


def _holds(fmt: str, key: tuple[str, str]) -> bool:
    """Whether the file of ``fmt`` holds the unit ``key`` (named graphs: every-graph files)."""
    return key[0] != "g" or SEGMENTED[fmt][1]


def _offsets(keys: list[str], lengths: list[int], header: int, separator: int) -> dict:
    """Each unit's (offset, length) in a file written with these lengths."""
    units, offset, first = {}, header, True
    for name, length in zip(keys, lengths, strict=True):
        if not length:
            continue
        offset += 0 if first else separator
        first = False
        kind, iri = name.split(" ", 1)
        units[kind, iri] = (offset, length)
        offset += length
    return units


class _Sink:
    """One file being written: the header, units with separators between them, the footer."""

    def __init__(self, handle, frame: tuple[bytes, bytes, bytes]):
        self.handle, (header, self.separator, self.footer) = handle, frame
        self.handle.write(header)
        self.first = True

    def _start(self, length: int) -> bool:
        if not length:
            return False
        if not self.first:
            self.handle.write(self.separator)
        self.first = False
        return True

    def write(self, data: bytes) -> None:
        if self._start(len(data)):
            self.handle.write(data)

    def copy(self, source, offset: int, length: int) -> None:
        if not self._start(length):
            return
        self.handle.flush()
        done = 0
        with suppress(OSError, AttributeError):  # no copy_file_range: copy through memory
            while done < length:
                n = os.copy_file_range(
                    source.fileno(), self.handle.fileno(), length - done, offset + done
                )
                if n <= 0:
                    break
                done += n
        self.handle.seek(0, os.SEEK_END)
        while done < length:
            source.seek(offset + done)
            block = source.read(min(length - done, 1 << 24))
            if not block:
                raise OSError(f"{source.name} is shorter than its index says")
            self.handle.write(block)
            done += len(block)

    def close(self) -> None:
        self.handle.write(self.footer)
        self.handle.flush()
