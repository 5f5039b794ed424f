"""Write the graph in the formats analysts' tools read.

A writer takes the store and the output folder and returns the files it wrote, keyed
by name. Writers are registered by format name; the built-ins are listed once, at the
bottom of this module:

========  ==========================================  ====================================
format    file                                        contents
========  ==========================================  ====================================
ttl       graph.ttl                                   fused default graph, with prefixes
nt        graph.nt                                    fused default graph
nq        graph.nq                                    every graph (one per article + fused)
trig      graph.trig                                  every graph, with prefixes
jsonld    graph.jsonld                                fused default graph (expanded form)
graphml   graph.graphml                               actor/place/event network (Gephi, yEd)
gexf      graph.gexf                                  the same network (Gephi)
csv       events.csv, entities.csv, edges.csv         ACLED-style tables
========  ==========================================  ====================================

Each file is written under a temporary name in the same folder and renamed into place
(:func:`os.replace`), so a crash or a failing writer never leaves a truncated file:
the previous version stays until the new one is complete.

``events.csv`` follows ACLED's conventions where ours can be mapped onto them:
``actor1`` is the perpetrator ("Unidentified Armed Group (Pakistan)" when nobody is
named; with no place, the region pack's default country), ``actor2`` the main target (an actor if any); ``inter1``/``inter2`` are ACLED
actor types from the actor's class; ``time_precision`` is 1 for a known day, 2 when
sources disagree on the day, 3 for a month or year; ``event_date`` keeps the precision
the text gave ("2024-12"), it is not padded to a day; ``geo_precision`` is 1 for a
town or site, 2 for a district, 3 for a province, taking the coordinates of the
nearest enclosing area when the place has none; ``fatalities`` is the lowest figure
reported and stays empty when no source gives one (ACLED writes 0).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from kg.core.dates import date_precision
from kg.core.errors import KgError
from kg.core.files import atomic_path
from kg.core.model import ACTOR_KINDS, EVENT_KINDS, PLACE_KINDS
from kg.core.namespaces import CKG, PREFIXES, WD
from kg.core.packs import default_country as default_pack_country
from kg.core.taxonomy import ROOT, taxonomy
from kg.sparql.named import internal_query
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
    "event_rows",
    "entity_rows",
    "edge_rows",
    "safe_cell",
    "xml_safe",
]

#: A writer: ``writer(store, out_dir) -> {name: path}`` for every file it wrote.
Writer = Callable[..., dict[str, Path]]

DEFAULT_FORMATS: tuple[str, ...] = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gexf", "csv")

# ACLED's column names first (ACLED Codebook 2023), then ours; see DESIGN.md.
EVENT_COLUMNS = [
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "inter1", "actor2", "inter2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "source", "notes",
    "ckg_type", "fatalities_max", "sources", "confidence", "iri",
]  # fmt: skip
ENTITY_COLUMNS = ["id", "label", "type", "wikidata", "latitude", "longitude", "mentions", "sources"]
EDGE_COLUMNS = ["source", "source_label", "relation", "target", "target_label", "evidence_count"]

_CKG = str(CKG)
_WIKIDATA = str(WD)

# ACLED actor types ("inter" codes, named as in ACLED's current exports) by our class.
_INTER = {
    "StateForce": "State forces",
    # ACLED codes a government and its institutions as state forces (inter 1), not as
    # a separate type, so "Government of Pakistan" sits with the military and police.
    "Government": "State forces",
    # Separatist and insurgent organisations (BLA, BLF, TTP) are ACLED "rebel groups".
    "ArmedGroup": "Rebel group",
    "CivilianGroup": "Civilians",
    # People and organisations attacked as such (a politician, a company, an NGO) are
    # coded by ACLED as civilians unless they belong to an armed or state actor.
    "Person": "Civilians",
    "Organization": "Civilians",
}
# ACLED names an unknown perpetrator "Unidentified Armed Group (<country>)" and codes it
# as a political militia (inter 3).
_UNIDENTIFIED = "Unidentified Armed Group ({country})"
_UNIDENTIFIED_INTER = "Political militia"

# ACLED geo_precision: 1 = the town or site itself, 2 = a district-level area near it,
# 3 = only the province (or country) is known.
_GEO_PRECISION = {"Site": 1, "City": 1, "District": 2, "Province": 3, "Country": 3}
# Superclasses among our kinds; a node typed with both keeps the narrower one.
_BROADER = {kind.name: kind.parent for kind in taxonomy() if kind.parent != ROOT}

# Event kinds, narrowest first: a node typed Attack and Ambush is an Ambush.
_EVENT_ORDER = (*EVENT_KINDS[::-1], "Event")
_ENTITY_KINDS = {*ACTOR_KINDS, *PLACE_KINDS, "Project", "Actor", "Place"}


class UnknownFormat(KgError, ValueError):
    """An export format nobody registered."""


class ExportError(KgError, OSError):
    """An export file could not be written: ``filename`` names it, ``strerror`` says why.

    Still an OSError, for callers that catch one (:func:`kg.pipeline.refresh_outputs`).
    """

    def __init__(self, path: str | Path, problem: str, errno: int | None = None):
        super().__init__(errno, problem, str(path))

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"


_WRITERS: dict[str, Writer] = {}


#: Formats made from the network projection rather than from the RDF.
NETWORK_FORMATS = ("graphml", "gexf")


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
    # graph.nq first: reading every graph from the store is the slow part, so graph.trig
    # is converted from it (about 3x faster than a second pass over the store).
    for name in sorted(names, key=lambda name: name != "nq"):
        files.update(_WRITERS[name](source, out_dir))
    return files


class _Source:
    """The store as the writers of one export see it: the network projection is made once,
    and the N-Quads file, once written, stands in for the store for other files of every graph."""

    def __init__(self, store, network=None, default_country: str | None = None):
        self._store, self._network = store, network
        self.default_country = default_country
        self.nquads: Path | None = None
        self.excel = False

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def network(self):
        if self._network is None:
            # Lazy import: the projection lives in kg.publish.analysis, which imports this
            # package's heavier parts; RDF-only exports should not pay for it.
            from kg.publish.analysis import store_network

            self._network = store_network(self._store)
        return self._network


# -- writing files safely -------------------------------------------------------------


@contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """:func:`kg.core.files.atomic_path`, with an OSError reported as an :class:`ExportError`.

    The error (a full disk: the store's serializer, a CSV or XML writer, the fsync)
    names ``target``, not the temporary file; ``target`` keeps its previous version.
    """
    try:
        with atomic_path(target) as tmp:
            yield tmp
    except OSError as error:
        if isinstance(error, ExportError):
            raise
        # pyoxigraph's errors carry no strerror: "No space left on device (os error 28)".
        raise ExportError(target, error.strerror or str(error), error.errno) from None


# -- RDF files ------------------------------------------------------------------------


def _rdf_writer(fmt: str, filename: str) -> Writer:
    def write(store, out_dir: Path) -> dict[str, Path]:
        target = out_dir / filename
        nquads = getattr(store, "nquads", None) if isinstance(store, _Source) else None
        with _atomic(target) as tmp:
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


# -- network files --------------------------------------------------------------------

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Attributes the GEXF writer treats as structure; other values there would break the file.
_GEXF_RESERVED_EDGE = {"type", "weight", "id", "start", "end"}
_GEXF_RESERVED_NODE = {"pid", "start", "end", "viz", "id"}


def _network_writer(fmt: str) -> Writer:
    def write(store, out_dir: Path) -> dict[str, Path]:
        import networkx as nx

        network = store.network() if isinstance(store, _Source) else _Source(store).network()
        graph = xml_safe(network, gexf=fmt == "gexf")
        target = out_dir / f"graph.{fmt}"
        with _atomic(target) as tmp:
            (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(graph, tmp)
        return {fmt: target}

    write.__doc__ = f"Write graph.{fmt}: the actor, place, event and project network."
    return write


def xml_safe(graph, *, gexf: bool = False):
    """Return a copy of a networkx multigraph that the GraphML and GEXF writers accept.

    Values become str, int, float or bool; lists are joined with ``"; "``; ``None`` is
    dropped; characters XML cannot hold are removed; an attribute with mixed types in one
    scope becomes text (float if all numbers). With ``gexf``, attributes the GEXF writer
    treats as structure (an edge's ``type`` or ``weight``...) get a ``_value`` suffix.
    """
    import networkx as nx

    safe = nx.MultiDiGraph()
    safe.graph.update({_text(k): v for k, v in _attrs(graph.graph).items()})
    for node, data in graph.nodes(data=True):
        attrs = _attrs(data, _GEXF_RESERVED_NODE if gexf else ())
        safe.add_node(_text(node), **attrs)
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = _attrs(data, _GEXF_RESERVED_EDGE if gexf else ())
        safe.add_edge(_text(u), _text(v), key=_text(key), **attrs)
    _unify_types(safe.nodes(data=True))
    _unify_types((u, d) for u, _v, d in safe.edges(data=True))
    return safe


def _text(value) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def _attrs(data: dict, reserved: Iterable[str] = ()) -> dict:
    out = {}
    for key, value in data.items():
        value = _xml_value(value)
        if value is None:
            continue
        name = _text(key)
        out[f"{name}_value" if name in reserved else name] = value
    return out


def _xml_value(value):
    if value is None or isinstance(value, dict):
        return None  # nested structures have no GraphML/GEXF form
    if isinstance(value, Literal):
        value = value.toPython()
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, set | frozenset):
        value = sorted(map(str, value))
    if isinstance(value, list | tuple):
        return _text("; ".join(map(str, value)))
    return _text(value)


def _unify_types(items) -> None:
    """Make every value of one attribute name one type (the writers declare one per key)."""
    items = list(items)
    kinds: dict[str, set[type]] = defaultdict(set)
    for _item, data in items:
        for key, value in data.items():
            kinds[key].add(type(value))
    for key, seen in kinds.items():
        if len(seen) < 2:
            continue
        to = float if seen <= {int, float} else str
        for _item, data in items:
            if key in data:
                data[key] = to(data[key])


# -- CSV tables -----------------------------------------------------------------------

_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?([eE][-+]?\d+)?")


def safe_cell(value) -> str:
    """Return ``value`` as CSV text a spreadsheet will not run as a formula.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR get a leading ``'`` (OWASP
    "CSV Injection"); plain negative numbers such as longitudes are left alone. A cell
    longer than Excel holds is cut, ending in `` [cut]``.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-66.99"), safe_cell(None)
    ('\\'=HYPERLINK("http://x")', '-66.99', '')
    """
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NEGATIVE_NUMBER.fullmatch(text):
        text = "'" + text
    return _fit_cell(text)


#: The most characters an Excel cell holds ("Excel specifications and limits"); a longer
#: one spills into the next row when the file is opened, and the columns shift.
MAX_CELL_CHARS = 32_767
_CUT_MARK = " [cut]"


def _fit_cell(text: str) -> str:
    """``text`` cut to :data:`MAX_CELL_CHARS`, ending in a mark when cut.

    >>> len(_fit_cell("x" * 40_000)), _fit_cell("x" * 40_000)[-6:]
    (32767, ' [cut]')
    """
    if len(text) <= MAX_CELL_CHARS:
        return text
    return text[: MAX_CELL_CHARS - len(_CUT_MARK)] + _CUT_MARK


def _write_csv(target: Path, columns: list[str], rows: Iterable[dict], excel: bool = False) -> None:
    encoding = "utf-8-sig" if excel else "utf-8"  # utf-8-sig writes the byte order mark
    with _atomic(target) as tmp, open(tmp, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row.get(column)) for column in columns])


def write_tables(store, out_dir: Path) -> dict[str, Path]:
    """Write events.csv, entities.csv and edges.csv of ``store`` into ``out_dir``.

    Returns:
        ``{"events": path, "entities": path, "edges": path}``.
    """
    facts = _facts(store)
    files = {}
    for name, columns, rows in (
        (
            "events",
            EVENT_COLUMNS,
            event_rows(store, facts, getattr(store, "default_country", None)),
        ),
        ("entities", ENTITY_COLUMNS, entity_rows(store, facts)),
        ("edges", EDGE_COLUMNS, edge_rows(store, facts)),
    ):
        files[name] = out_dir / f"{name}.csv"
        _write_csv(files[name], columns, rows, getattr(store, "excel", False))
    return files


Facts = dict[Node, dict[str, list[Node]]]


def _facts(store) -> Facts:
    facts: Facts = defaultdict(lambda: defaultdict(list))
    names: dict = {}  # a few dozen predicates over many rows
    for s, p, o in store.query(internal_query("table_facts")).rows:
        name = names.get(p) or names.setdefault(p, _local(p))
        facts[s][name].append(o)
    return facts


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] if text else text


def _first(values: Iterable) -> str | None:
    texts = sorted(str(v) for v in values)
    return texts[0] if texts else None


def _kinds(facts: Facts, node) -> set[str]:
    return {_local(t) for t in facts.get(node, {}).get("type", ()) if str(t).startswith(_CKG)}


def _narrowest(kinds: set[str], allowed: Iterable[str]) -> str | None:
    allowed = list(allowed)
    candidates = [k for k in kinds if k in allowed]
    candidates = [k for k in candidates if not any(_BROADER.get(c) == k for c in candidates)]
    return min(candidates, key=allowed.index) if candidates else None


def _label(facts: Facts, node) -> str:
    data = facts.get(node, {})
    label = _first(data.get("label", ()))
    if label:
        return label
    kind = _narrowest(_kinds(facts, node), _EVENT_ORDER)
    if kind is None:
        return _local(node)
    # An unlabelled event reads as its type, place and date: "Bombing, Quetta, 2024-04".
    place = _first(
        _first(facts.get(p, {}).get("label", ())) or _local(p) for p in data.get("location", ())
    )
    return ", ".join(part for part in (kind, place, _first(data.get("date", ()))) if part)


def _coordinates(facts: Facts, node) -> tuple[float, float] | None:
    data = facts.get(node, {})
    try:
        if data.get("lat") and data.get("long"):
            return float(str(data["lat"][0])), float(str(data["long"][0]))
    except ValueError:
        pass
    for geometry in data.get("hasGeometry", ()):
        for wkt in facts.get(geometry, {}).get("asWKT", ()):
            match = re.search(r"POINT\s*\(\s*(\S+)\s+([^\s)]+)\s*\)", str(wkt), re.I)
            if match:
                with suppress(ValueError):
                    return float(match.group(2)), float(match.group(1))  # WKT is lon lat
    return None


def _ancestors(facts: Facts, place) -> list:
    """The place and every place it is part of, nearest first."""
    seen, queue = [place], [place]
    while queue:
        for parent in sorted(facts.get(queue.pop(0), {}).get("partOf", ()), key=str):
            if parent not in seen:
                seen.append(parent)
                queue.append(parent)
    return seen


def _documents(facts: Facts, articles: Iterable) -> list[str]:
    return sorted({_first(facts.get(a, {}).get("documentId", ())) or _local(a) for a in articles})


def _time_precision(date: str | None) -> int | None:
    # ACLED time_precision: 1 = the day is known, 2 = known within about a week (here:
    # sources disagree on the day), 3 = only the month (or a wider span) is known.
    if not date:
        return None
    return 1 if date_precision(date) == "day" else 3


def event_rows(store, facts: Facts | None = None, default_country: str | None = None) -> list[dict]:
    """One ACLED-style row per fused event in the default graph (see EVENT_COLUMNS).

    ``default_country`` names the country of an event with no place (in "Unidentified Armed
    Group (<country>)"); by default the shipped region pack's.
    """
    facts = facts if facts is not None else _facts(store)
    if default_country is None:
        country = default_pack_country()
        default_country = (country.name or country.code) if country is not None else None
    rows = []
    for node, data in facts.items():
        kind = _narrowest(_kinds(facts, node), _EVENT_ORDER)
        if kind is None:
            continue
        rows.append(_event_row(facts, node, data, kind, default_country))
    return sorted(rows, key=lambda row: (row["event_date"] or "", row["iri"]))


def _event_row(facts: Facts, node, data: dict, kind: str, default_country: str | None) -> dict:
    dates = sorted({str(d) for d in data.get("date", ())})
    conflicts = {str(c) for c in data.get("conflictingClaim", ())}
    precision = _time_precision(dates[0] if dates else None)
    if precision == 1 and (len(dates) > 1 or "date" in conflicts):
        precision = 2
    row = {
        "event_id": _local(node),
        "event_date": dates[0] if dates else None,
        "time_precision": precision,
        "event_type": _first(data.get("acledEventType", ())),
        "sub_event_type": _first(data.get("acledSubEventType", ())),
        "ckg_type": kind,
        "fatalities": min(
            (int(str(v)) for v in data.get("fatalities", ()) if _is_int(v)), default=None
        ),
        "fatalities_max": max(
            (int(str(v)) for v in data.get("fatalitiesMax", ()) if _is_int(v)), default=None
        ),
        "confidence": _first(data.get("confidence", ())),
        "iri": str(node),
    }
    row.update(_event_place(facts, data))
    row.update(_event_actors(facts, data, row.get("country") or default_country))
    articles = data.get("reportedIn", ())
    outlets = {str(o) for a in articles for o in facts.get(a, {}).get("source", ())}
    row["source"] = "; ".join(sorted(outlets))
    row["sources"] = ";".join(_documents(facts, articles))
    row["notes"] = _first_evidence(facts, data)
    return row


def _is_int(value) -> bool:
    return re.fullmatch(r"[-+]?\d+", str(value)) is not None


def _event_place(facts: Facts, data: dict) -> dict:
    locations = sorted(data.get("location", ()), key=str)
    if not locations:
        return {}
    place = locations[0]
    chain = _ancestors(facts, place)
    levels: dict[str, str] = {}
    for ancestor in chain:
        for kind in ("Country", "Province", "District"):
            if kind in _kinds(facts, ancestor):
                levels.setdefault(kind, _label(facts, ancestor))
    own_kind = _narrowest(_kinds(facts, place), _GEO_PRECISION)
    precision = _GEO_PRECISION.get(own_kind, 1)
    point = _coordinates(facts, place)
    if point is None:  # fall back to the nearest admin area with coordinates, as ACLED does
        for ancestor in chain[1:]:
            point = _coordinates(facts, ancestor)
            if point is not None:
                area = _narrowest(_kinds(facts, ancestor), _GEO_PRECISION)
                precision = max(precision, _GEO_PRECISION.get(area, 3))
                break
    return {
        "country": levels.get("Country"),
        "admin1": levels.get("Province"),
        "admin2": levels.get("District"),
        "location": _label(facts, place),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "geo_precision": precision,
    }


def _inter(facts: Facts, node) -> str | None:
    kind = _narrowest(_kinds(facts, node), _INTER)
    return _INTER.get(kind) if kind else None


def _event_actors(facts: Facts, data: dict, country: str | None) -> dict:
    perpetrators = sorted(data.get("perpetrator", ()), key=lambda n: _label(facts, n))
    if perpetrators:
        actor1 = "; ".join(_label(facts, p) for p in perpetrators)
        inter1 = "; ".join(dict.fromkeys(i for p in perpetrators if (i := _inter(facts, p))))
    else:
        # With no country at all, ACLED's label without its parenthesis.
        actor1 = _UNIDENTIFIED.format(country=country) if country else "Unidentified Armed Group"
        inter1 = _UNIDENTIFIED_INTER
    # The main target: an actor if there is one (ACLED's actor2 is always an actor),
    # else the project or place attacked, with no actor type.
    targets = sorted(
        data.get("target", ()), key=lambda n: (_inter(facts, n) is None, _label(facts, n))
    )
    main = targets[0] if targets else None
    return {
        "actor1": actor1,
        "inter1": inter1 or None,
        "actor2": _label(facts, main) if main is not None else None,
        "inter2": _inter(facts, main) if main is not None else None,
    }


def _first_evidence(facts: Facts, data: dict) -> str | None:
    """The evidence sentence of the earliest report: first article, first offset."""
    found = []
    for evidence in data.get("hasEvidence", ()):
        ev = facts.get(evidence, {})
        for sentence in ev.get("sentence", ()):
            article = next(iter(sorted(ev.get("reportedIn", ()), key=str)), None)
            art = facts.get(article, {})
            issued = _first(art.get("issued", ())) or "9999"
            start = min((int(str(s)) for s in ev.get("charStart", ()) if _is_int(s)), default=0)
            found.append((issued, _first(art.get("documentId", ())) or "", start, str(sentence)))
    if found:
        return min(found)[3]
    return _first(data.get("evidence", ()))


def entity_rows(store, facts: Facts | None = None) -> list[dict]:
    """One row per actor, place and project in the default graph (see ENTITY_COLUMNS)."""
    facts = facts if facts is not None else _facts(store)
    rows = []
    for node, data in facts.items():
        kinds = _kinds(facts, node) & _ENTITY_KINDS
        if not kinds:
            continue
        point = _coordinates(facts, node)
        wikidata = sorted(
            str(v)[len(_WIKIDATA) :] for v in data.get("sameAs", ()) if str(v).startswith(_WIKIDATA)
        )
        rows.append(
            {
                "id": str(node),
                "label": _label(facts, node),
                "type": _narrowest(
                    kinds, (*ACTOR_KINDS, *PLACE_KINDS, "Project", "Actor", "Place")
                ),
                "wikidata": ";".join(wikidata),
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "mentions": ";".join(sorted({str(v) for v in data.get("altLabel", ())})),
                "sources": ";".join(_documents(facts, data.get("reportedIn", ()))),
            }
        )
    return sorted(rows, key=lambda row: (row["type"], row["label"], row["id"]))


def edge_rows(store, facts: Facts | None = None) -> list[dict]:
    """One row per actor/place/event/project relation in the default graph (see EDGE_COLUMNS)."""
    facts = facts if facts is not None else _facts(store)
    rows = [
        {
            "source": str(s),
            "source_label": _label(facts, s),
            "relation": _local(p),
            "target": str(o),
            "target_label": _label(facts, o),
            "evidence_count": int(str(n)),
        }
        for s, p, o, n in store.query(internal_query("table_edges")).rows
    ]
    return sorted(rows, key=lambda row: (row["relation"], row["source"], row["target"]))


# -- the built-in writers, registered once ----------------------------------------------

for _name, _writer in (
    ("ttl", _rdf_writer("ttl", "graph.ttl")),
    ("nt", _rdf_writer("nt", "graph.nt")),
    ("nq", _rdf_writer("nq", "graph.nq")),
    ("trig", _rdf_writer("trig", "graph.trig")),
    ("jsonld", _rdf_writer("jsonld", "graph.jsonld")),
    ("graphml", _network_writer("graphml")),
    ("gexf", _network_writer("gexf")),
    ("csv", write_tables),
):
    register(_name, _writer)
