"""Fusion that redoes only what the changed articles touch.

:func:`kg.graph.fusion.refresh_fused` derives the fused part of the default graph from
every article each time. :func:`refresh_fused_incrementally` makes the same graph (tests
compare the two) from what changed since the last fusion, kept in ``fusion-state.sqlite``
beside the store: each article's event reports, indexed by family, dates and place, the
entity rows and surface forms summed over all articles (with the number of articles
stating each), the links between reports, and the incidents with their reports. What a
changed article said before is read from its graph just before the build replaces it. A
rebuild reads and writes only the rows a change touches.

What a build redoes for the articles whose graph was added, changed or removed:

- **entities**: the summed rows and surface forms change by what those articles stated
  before and state now; only the entity nodes whose rows or set of surface forms changed,
  or whose merges (an unlisted entity merged into a lexicon one) changed, are derived
  again. An entity's ``ckg:reportedIn`` links, one per article that names it, are derived
  per article instead. The ``ckg:partOfClosure`` / ``ckg:memberOfClosure`` links are
  derived again for those nodes and for those whose ancestors changed;
- **links**: two reports are linked when each is the other's unique best match in the
  other's article (:func:`kg.graph.matching.report_links`), which depends only on their
  scores with the reports of each other's article. So only the links of a changed report,
  and those of the reports in its date and place window (the candidates
  :func:`kg.graph.matching.candidate_pairs` would pair it with) towards its article, are
  found again;
- **incidents**: reports are merged along links (:func:`kg.graph.matching.merge_links`)
  one connected part of the links at a time, so only the parts a changed report or link
  touches are merged again, and only their incidents rewritten, each source's
  ``ckg:Claim`` with them. A report counts as changed when its values, its merged place
  or perpetrator, or what the place and actor hierarchies say about them changed.

Every triple is written by the functions :func:`kg.graph.fusion.fused_part` writes it
with, for the nodes concerned.

The difference is written to the store in one transaction. The state is marked stale
before the store changes and up to date after, so a build interrupted in between finds
it stale and fuses everything (and keeps a new state).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.core.files import mark_stale, remove_file
from kg.graph.fusion import (
    RELATIONS,
    closure,
    coordinates,
    merges,
    read_report,
    write_closures,
    write_entity,
    write_incident,
    write_surface_forms,
)
from kg.graph.mapping import CKG, WGS, event_iri, graph_iri, is_entity_iri
from kg.graph.matching import (
    FusionContext,
    Incident,
    Report,
    affinity,
    comment_reach,
    date_interval,
    event_family,
    fuse_cluster,
    merge_links,
    nested_below_province,
    paired_families,
    pairing_window,
    report_links,
    running_reach,
)
from kg.graph.triples import Triples
from kg.sparql.named import internal_query

__all__ = [
    "STATE_FILE",
    "FusionChange",
    "FusionState",
    "forget_state",
    "open_state",
    "refresh_fused_incrementally",
]

log = logging.getLogger(__name__)

#: The fusion state's file, beside the store.
STATE_FILE = "fusion-state.sqlite"
_FORMAT = "4"
#: Above this share of changed articles, everything is fused again: it is then as fast.
_FULL_SHARE = 0.25

Triple = tuple[Node, Node, Node]
Link = tuple[int, URIRef, URIRef]  # (score, a, b) with str(a) < str(b)


@dataclass(frozen=True)
class DocInput:
    """What fusion reads from one article graph (its part of :class:`kg.graph.fusion.FusionInput`)."""

    digest: str | None = None  # the article's content hash when it was read
    entities: frozenset[Triple] = frozenset()  # the triples it states about entities
    references: frozenset[Triple] = frozenset()  # its carried nodes' links to entities
    reports: tuple[Report, ...] = ()  # its event reports, as stated
    forms: frozenset[tuple[Node, Node]] = frozenset()  # (entity, text) of each of its mentions


@dataclass
class Cluster:
    """One incident: its reports' IRIs and the values fusion chose for it."""

    members: tuple[URIRef, ...]
    incident: Incident  # .key is the final key (made unique when two incidents share one)
    base_key: str  # the key fuse_cluster gave it


@dataclass
class FusionChange:
    """What one :func:`refresh_fused_incrementally` did."""

    full: bool  # everything was fused again
    graphs: int = 0  # article graphs read again
    reports: int = 0  # reports that changed
    clusters: int = 0  # incidents written
    removed: int = 0  # fused triples taken out
    added: int = 0  # fused triples put in
    #: Subjects of the default graph whose fused triples changed (every one when ``full``).
    subjects: set[URIRef] = field(default_factory=set)
    #: The incidents (before and after) whose reports changed, though their triples may not.
    incidents: set[URIRef] = field(default_factory=set)


# ---------------------------------------------------------------------------
# Terms and reports as JSON
# ---------------------------------------------------------------------------


def _enc(term: Node | None):
    if term is None or isinstance(term, URIRef):
        return None if term is None else str(term)
    if isinstance(term, Literal):
        return [str(term), str(term.datatype or ""), term.language or ""]
    raise TypeError(f"cannot keep {term!r} in the fusion state")  # kg writes no blank nodes


_IRIS: dict[str, URIRef] = {}


def _dec(value) -> Node | None:
    if value is None:
        return None
    if isinstance(value, str):
        found = _IRIS.get(value)
        if found is None:
            if len(_IRIS) > 200_000:  # a cache, not a store
                _IRIS.clear()
            found = _IRIS[value] = URIRef(value)
        return found
    lexical, datatype, language = value
    return Literal(lexical, lang=language or None, datatype=URIRef(datatype) if datatype else None)


# The fields of a Report, in the order the state lists them; a test checks that these are
# all its fields, so a new one cannot be forgotten here.
_REPORT_TERMS = ("iri", "source", "location", "perpetrator")
_REPORT_PLAIN = (
    "kind", "date", "basis", "fatalities", "fatalities_max", "injured", "background",
    "confidence", "fatalities_min", "published",
)  # fmt: skip
_REPORT_OTHER = ("targets", "acled", "kept")


def _encode_report(r: Report) -> list:
    return [
        *(_enc(getattr(r, name)) for name in _REPORT_TERMS),
        *(getattr(r, name) for name in _REPORT_PLAIN),
        sorted(_enc(x) for x in r.targets),
        list(r.acled),
        [[_enc(p), _enc(o)] for p, o in r.kept],
    ]


def _decode_report(values: list) -> Report:
    terms = len(_REPORT_TERMS)
    plain = terms + len(_REPORT_PLAIN)
    targets, acled, kept = values[plain:]
    return Report(
        **{name: _dec(v) for name, v in zip(_REPORT_TERMS, values[:terms], strict=True)},
        **dict(zip(_REPORT_PLAIN, values[terms:plain], strict=True)),
        targets=frozenset(_dec(x) for x in targets),
        acled=tuple(acled),
        kept=tuple((_dec(p), _dec(o)) for p, o in kept),
    )


def _pack(value) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode("utf-8"), 1)


def _unpack(data: bytes):
    return json.loads(zlib.decompress(data))


# ---------------------------------------------------------------------------
# The state: an SQLite database beside the store
# ---------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE docs (graph TEXT PRIMARY KEY, digest TEXT);
CREATE TABLE reports (
    iri TEXT PRIMARY KEY, graph TEXT, source TEXT, family TEXT,
    coarse INTEGER, first INTEGER, last INTEGER, place TEXT, who TEXT, data BLOB
);
CREATE INDEX reports_graph ON reports (graph);
CREATE INDEX reports_source ON reports (source);
CREATE INDEX reports_dates ON reports (family, coarse, first);
CREATE INDEX reports_place ON reports (place);
CREATE INDEX reports_who ON reports (who);
CREATE TABLE links (a TEXT, b TEXT, score INTEGER, PRIMARY KEY (a, b));
CREATE INDEX links_b ON links (b);
CREATE TABLE clusters (id INTEGER PRIMARY KEY, base_key TEXT, data BLOB);
CREATE INDEX clusters_key ON clusters (base_key);
CREATE TABLE members (iri TEXT PRIMARY KEY, cluster INTEGER);
CREATE INDEX members_cluster ON members (cluster);
CREATE TABLE globals (name TEXT PRIMARY KEY, data BLOB);
"""


class FusionState:
    """The fusion state in ``out``.

    ``usable`` says whether it described the store's fused part when it was opened; it
    stays so after :meth:`forget` marks the file stale before the store changes.
    """

    def __init__(self, out: Path | str, key: str, token: str | None = None):
        self.path = Path(out) / STATE_FILE
        self.key = key
        self.usable = self._valid(token)
        #: The fusion input of the article graphs this build replaced or removed, as they
        #: were before (:meth:`remember`): what they added to the summed rows.
        self.before: dict[str, DocInput] = {}

    def remember(self, store, doc_ids: Iterable[str]) -> None:
        """Read the fusion input of these articles' graphs before they are replaced or removed."""
        if not self.usable:
            return
        graphs = [str(graph_iri(doc)) for doc in doc_ids]
        graphs = [g for g in graphs if g not in self.before]
        if graphs:
            self.before.update(_read_docs(store, graphs, {}))

    def _valid(self, token: str | None) -> bool:
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as db:
                meta = dict(db.execute("SELECT name, value FROM meta"))
        except sqlite3.Error:
            return False
        return (
            meta.get("format") == _FORMAT
            and meta.get("valid") == "1"
            and meta.get("key") == self.key
            and (token is None or meta.get("token") == token)
        )

    def forget(self) -> None:
        """Mark the state file stale: the store is about to change in a way it does not record."""
        forget_state(self.path.parent)


def forget_state(out: Path | str) -> None:
    """Mark the fusion state in ``out`` stale, so that the next fusion fuses everything."""
    mark_stale(Path(out) / STATE_FILE)


def open_state(out: Path | str, key: str, token: str | None = None) -> FusionState:
    """The fusion state kept in ``out`` (see :class:`FusionState`).

    ``key`` names everything the state depends on besides the articles (the code, the
    extractor's packs): a state made under another key is not trusted. ``token``, when
    given, must be the one the state was saved with: a build records it beside its other
    outputs, so a state that another program's build left behind is not trusted.
    """
    return FusionState(out, key, token)


class _Db:
    """Reading the trusted state, with what was read kept for the rest of the fusion."""

    def __init__(self, path: Path):
        self.db = sqlite3.connect(path)
        self._reports: dict[URIRef, tuple[str, Report]] = {}

    def close(self) -> None:
        self.db.close()

    def digests(self) -> dict[str, str | None]:
        return dict(self.db.execute("SELECT graph, digest FROM docs"))

    def reports_of(self, graph: str) -> list[Report]:
        """The reports of one article graph, as the state has them."""
        rows = self.db.execute("SELECT iri FROM reports WHERE graph = ?", (graph,))
        return [self.report(URIRef(iri))[1] for (iri,) in rows.fetchall()]

    def report(self, iri: URIRef) -> tuple[str, Report] | None:
        """(graph, report as stated) of a report in the state."""
        if iri not in self._reports:
            row = self.db.execute(
                "SELECT graph, data FROM reports WHERE iri = ?", (str(iri),)
            ).fetchone()
            self._reports[iri] = (row[0], _decode_report(_unpack(row[1]))) if row else None
        return self._reports[iri]

    def iris(self, where: str, params: Iterable) -> list[URIRef]:
        rows = self.db.execute(f"SELECT iri FROM reports WHERE {where}", list(params))
        return [URIRef(iri) for (iri,) in rows]

    def iris_at(
        self,
        columns: Iterable[str],
        names: Iterable,
        family: str | None = None,
        undated: bool = False,
    ):
        """The reports whose value in any of ``columns`` is one of ``names`` (only those
        without a date, if ``undated``)."""
        names, found = sorted({str(n) for n in names}), []
        for start in range(0, len(names), 300):
            chunk = names[start : start + 300]
            marks = ",".join("?" * len(chunk))
            where = " OR ".join(f"{column} IN ({marks})" for column in columns)
            if undated:
                where = f"coarse IS NULL AND ({where})"
            if family is not None:
                found += self.iris(f"family = ? AND ({where})", [family, *chunk * len(columns)])
            else:
                found += self.iris(where, chunk * len(list(columns)))
        return found

    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, value FROM meta"))

    def globals(self) -> dict:
        return {
            name: _unpack(data) for name, data in self.db.execute("SELECT name, data FROM globals")
        }

    def links_of(self, iris: Iterable[URIRef]) -> set[Link]:
        found = set()
        for iri in iris:
            for a, b, score in self.db.execute(
                "SELECT a, b, score FROM links WHERE a = ?1 OR b = ?1", (str(iri),)
            ):
                found.add((score, URIRef(a), URIRef(b)))
        return found

    def clusters_of(self, iris: Iterable[URIRef]) -> dict[int, Cluster]:
        ids = set()
        for iri in iris:
            row = self.db.execute(
                "SELECT cluster FROM members WHERE iri = ?", (str(iri),)
            ).fetchone()
            if row:
                ids.add(row[0])
        return {i: self.cluster(i) for i in ids}

    def clusters_with_key(self, base_key: str) -> dict[int, Cluster]:
        rows = self.db.execute("SELECT id FROM clusters WHERE base_key = ?", (base_key,))
        return {i: self.cluster(i) for (i,) in rows}

    def cluster(self, number: int) -> Cluster:
        base_key, data = self.db.execute(
            "SELECT base_key, data FROM clusters WHERE id = ?", (number,)
        ).fetchone()
        members, (kind, when, where, who, basis, conflicts, key) = _unpack(data)
        incident = Incident(kind, when, _dec(where), _dec(who), basis, conflicts, key)
        return Cluster(tuple(map(URIRef, members)), incident, base_key)


def _report_row(graph: str, r: Report) -> tuple:
    span = date_interval(r.date)
    first, last = (span[0].toordinal(), span[1].toordinal()) if span else (None, None)
    coarse = None if span is None else int(first != last)
    return (str(r.iri), graph, str(r.source), event_family(r.kind), coarse, first, last,
            _enc(r.location), _enc(r.perpetrator), _pack(_encode_report(r)))  # fmt: skip


def _cluster_row(number: int, c: Cluster) -> tuple:
    i = c.incident
    incident = [i.kind, i.date, _enc(i.location), _enc(i.perpetrator), i.basis, i.conflicts, i.key]
    return number, c.base_key, _pack([[str(m) for m in c.members], incident])


def _write_globals(db, rows, forms, redirect, entity_part, ctx: FusionContext) -> None:
    closure = lambda m: [[_enc(k), sorted(map(_enc, vs))] for k, vs in m.items()]  # noqa: E731
    values = {
        "rows": [
            [_enc(s), [[_enc(p), _enc(o), n] for (p, o), n in counts.items()]]
            for s, counts in rows.items()
        ],
        "forms": [
            [_enc(s), [[_enc(text), n] for text, n in counts.items()]]
            for s, counts in forms.items()
        ],
        "redirect": [[_enc(a), _enc(b)] for a, b in redirect.items()],
        "entity_part": [
            [_enc(m), sorted([_enc(s), _enc(p), _enc(o)] for s, p, o in triples)]
            for m, triples in entity_part.items()
        ],
        "places": closure(ctx.places),
        "actors": closure(ctx.actors),
        "generic": sorted(map(_enc, ctx.generic)),
        "window": ctx.window_days,
    }
    db.executemany(
        "INSERT OR REPLACE INTO globals VALUES (?, ?)",
        [(name, _pack(value)) for name, value in values.items()],
    )


def _read_globals(values: dict):
    closure = lambda rows: {_dec(k): frozenset(map(_dec, vs)) for k, vs in rows}  # noqa: E731
    rows = {
        _dec(s): Counter({(_dec(p), _dec(o)): n for p, o, n in counts})
        for s, counts in values["rows"]
    }
    forms = {
        _dec(s): Counter({_dec(text): n for text, n in counts}) for s, counts in values["forms"]
    }
    redirect = {_dec(a): _dec(b) for a, b in values["redirect"]}
    entity_part = {
        _dec(m): frozenset((_dec(s), _dec(p), _dec(o)) for s, p, o in triples)
        for m, triples in values["entity_part"]
    }
    ctx = FusionContext(
        places=closure(values["places"]),
        actors=closure(values["actors"]),
        generic=frozenset(map(_dec, values["generic"])),
        window_days=int(values["window"]),
    )
    return rows, forms, redirect, entity_part, ctx


# ---------------------------------------------------------------------------
# Reading the fusion input of some article graphs, or of all
# ---------------------------------------------------------------------------


def _read_docs(
    store, graphs: Iterable[str] | None, digests: Mapping[str, str | None]
) -> dict[str, DocInput]:
    """The :class:`DocInput` of each graph in ``graphs`` (None: every graph in the store).

    The queries are those of :func:`kg.graph.fusion.store_input`, each row with its graph;
    for a few graphs they run once per graph, the graph bound as a parameter.
    """
    graphs = list(graphs) if graphs is not None else None

    def rows(name: str) -> Iterable[tuple]:
        text = internal_query(name)
        if graphs is None:
            yield from store.query(text).rows
            return
        for graph in graphs:
            yield from store.query(text, {"g": URIRef(graph)}).rows

    entities: dict[str, set] = defaultdict(set)
    references: dict[str, set] = defaultdict(set)
    values: dict[str, dict[Node, dict[Node, list[Node]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for g, s, p, o in rows("fusion_graph_entities"):
        entities[str(g)].add((s, p, o))
    for g, s, p, o in rows("fusion_graph_references"):
        if is_entity_iri(o):
            references[str(g)].add((s, p, o))
    for g, s, p, o in rows("fusion_reports"):
        values[str(g)][s][p].append(o)
    forms: dict[str, set] = defaultdict(set)
    for g, entity, text in rows("fusion_graph_surface_forms"):
        forms[str(g)].add((entity, text))
    names = set(graphs) if graphs is not None else {*digests, *entities, *references, *values}
    return {
        g: DocInput(
            digests.get(g),
            frozenset(entities.get(g, ())),
            frozenset(references.get(g, ())),
            tuple(
                sorted(
                    (read_report(s, URIRef(g), v) for s, v in values.get(g, {}).items()),
                    key=lambda r: str(r.iri),
                )
            ),
            frozenset(forms.get(g, ())),
        )
        for g in names
    }


# ---------------------------------------------------------------------------
# The parts of the fused graph
# ---------------------------------------------------------------------------

# An entity's ckg:reportedIn links, one per article naming it, grow with the corpus; each
# comes from that one article's graph, so they are derived per article (_per_doc), and the
# summed rows leave them out.
_PER_DOC = CKG.reportedIn


def _rows_delta(rows: dict[URIRef, Counter], doc: DocInput, sign: int) -> set[URIRef]:
    """Add (``sign`` 1) or take out (-1) one graph's entity triples; return their subjects."""
    touched = set()
    for s, p, o in doc.entities:
        if p == _PER_DOC:
            continue
        counts = rows.get(s)
        if counts is None:
            counts = rows[s] = Counter()
        counts[p, o] += sign
        if counts[p, o] <= 0:
            del counts[p, o]
            if not counts:
                del rows[s]
        touched.add(s)
    return touched


def _forms_delta(forms: dict[URIRef, Counter], doc: DocInput, sign: int) -> set[URIRef]:
    """Add (``sign`` 1) or take out (-1) one graph's surface forms; return their entities."""
    touched = set()
    for entity, text in doc.forms:
        counts = forms.get(entity)
        if counts is None:
            counts = forms[entity] = Counter()
        counts[text] += sign
        if counts[text] <= 0:
            del counts[text]
            if not counts:
                del forms[entity]
        touched.add(entity)
    return touched


def _node(redirect: Mapping[URIRef, URIRef]) -> Callable:
    def node(term):
        return redirect.get(term, term) if isinstance(term, URIRef) else term

    return node


def _sources(rows: Mapping[URIRef, Counter], node: Callable) -> dict[URIRef, list[URIRef]]:
    """Each entity node and the entities merged into it (itself included)."""
    found: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s in rows:
        found[node(s)].append(s)
    return found


def _entity_node(
    m: URIRef, sources: Iterable[URIRef], rows, forms: Mapping[URIRef, Counter], node: Callable
) -> frozenset:
    """The triples of entity node ``m`` (as :func:`kg.graph.fusion.fused_part` writes them),
    its surface forms included."""
    graph = Triples()
    merged: dict[str, Counter] = defaultdict(Counter)
    sources = list(sources)
    for s in sources:
        for (p, o), count in rows[s].items():
            if p in RELATIONS:
                graph.add((m, p, node(o)))
            merged[str(p)][o] += count
    write_entity(graph, m, merged)
    texts = [(s, text) for s in sources for text in forms.get(s, ())]
    write_surface_forms(graph, texts, node, {m})
    return frozenset(graph)


_CLOSURES = (CKG.partOfClosure, CKG.memberOfClosure)


def _closure_triples(
    entity_part: Mapping[URIRef, frozenset], ctx: FusionContext, nodes: Iterable[URIRef]
) -> set[Triple]:
    """The ``ckg:partOfClosure`` / ``ckg:memberOfClosure`` links of ``nodes``, as
    :func:`kg.graph.fusion.fused_part` writes them from the entity nodes' types and the
    hierarchies."""
    graph = Triples()
    only = set(nodes)
    for m in only:
        for t in entity_part.get(m, ()):
            if t[1] == RDF.type and t[0] == m:
                graph.add(t)
    write_closures(graph, ctx, only)
    return {t for t in graph if t[1] in _CLOSURES}


_CONTEXT = (CKG.partOf, CKG.memberOf, CKG.generic, CKG.fromLexicon, WGS.lat, WGS.long)
_CONTEXT_TYPES = ((RDF.type, CKG.City), (RDF.type, CKG.Place))


def _context(entity_part: Mapping[URIRef, frozenset], window_days: int) -> FusionContext:
    """The hierarchies and generic actors, as :func:`kg.graph.fusion.fused_part` reads them."""
    graph = Triples()
    for triples in entity_part.values():
        for t in triples:
            if t[1] in _CONTEXT or t[1:] in _CONTEXT_TYPES:
                graph.add(t)
    return FusionContext(
        places=closure(graph, CKG.partOf),
        actors=closure(graph, CKG.memberOf),
        generic=frozenset(graph.subjects(CKG.generic, Literal(True))),
        window_days=window_days,
        towns=frozenset(graph.subjects(RDF.type, CKG.City)),
        coordinates=coordinates(graph),
    )


def _per_doc(docs: Iterable[DocInput], node: Callable) -> set[Triple]:
    """The fused triples that come from one article each: its references and reportedIn links."""
    docs = list(docs)
    found = {(s, p, node(o)) for doc in docs for s, p, o in doc.references}
    found |= {(node(s), p, o) for doc in docs for s, p, o in doc.entities if p == _PER_DOC}
    return found


def _merged(report: Report, node: Callable) -> Report:
    """A report with its entities replaced by those they were merged into (as fused_part does)."""
    return replace(
        report,
        location=node(report.location),
        perpetrator=node(report.perpetrator),
        targets=frozenset(node(t) for t in report.targets),
    )


def _incident_triples(clusters: Iterable[Cluster], report: Callable) -> set:
    graph = Triples()
    for cluster in clusters:
        write_incident(graph, [report(m) for m in cluster.members], cluster.incident)
    return set(graph)


def _fuse(groups: Iterable[list[Report]], ctx: FusionContext) -> list[Cluster]:
    """Choose each group's incident values (:func:`kg.graph.matching.fuse_cluster`)."""
    clusters = []
    for group in groups:
        incident = fuse_cluster(group, ctx)
        clusters.append(Cluster(tuple(r.iri for r in group), incident, incident.key))
    return clusters


def _final_key(cluster: Cluster, sharing: int) -> str:
    """A cluster's IRI key: made unique with its first report when another incident shares
    its key (as :func:`kg.graph.fusion.fused_part` does)."""
    return cluster.base_key + (f"|{cluster.members[0]}" if sharing > 1 else "")


def _link(score: int, a: URIRef, b: URIRef) -> Link:
    return (score, a, b) if str(a) < str(b) else (score, b, a)


def _score(a: Report, b: Report, ctx: FusionContext) -> int:
    """:func:`kg.graph.matching.affinity` in the orientation fusion computes it (IRI order)."""
    return affinity(a, b, ctx) if str(a.iri) < str(b.iri) else affinity(b, a, ctx)


def _pairs(a: Report, b: Report, window_days: int, places: Mapping) -> bool:
    """True when :func:`kg.graph.matching.candidate_pairs` pairs ``a`` with ``b``, or would
    without its place index for coarse dates (which leaves out only pairs that score 0)."""
    if a.iri == b.iri or event_family(b.kind) not in paired_families(a.kind):
        return False
    sa, sb = date_interval(a.date), date_interval(b.date)
    if sa is None or sb is None:
        if a.location is not None and a.location == b.location:
            return True
        reach, span = (comment_reach(a), sb) if sa is None else (comment_reach(b), sa)
        return (
            reach is not None
            and span is not None
            and span[0] == span[1]
            and reach[0] <= span[0] <= reach[1]
            and nested_below_province(a.location, b.location, places)
        )
    if sa[0] == sa[1] and sb[0] == sb[1]:
        return abs((sa[0] - sb[0]).days) <= running_reach(a.kind, b.kind, window_days)
    return sa[0] <= sb[1] and sb[0] <= sa[1]


# ---------------------------------------------------------------------------
# Fusing
# ---------------------------------------------------------------------------


def refresh_fused_incrementally(
    store,
    state: FusionState,
    *,
    token: str = "",
    changed: Iterable[str] = (),
    digests: Mapping[str, str] | None = None,
    window_days: int = 1,
) -> FusionChange:
    """Bring the fused part of ``store``'s default graph up to date, and ``state`` with it.

    Args:
        store: the embedded store (it must offer ``change_fused_part``).
        state: the fusion state (:func:`open_state`); when it is not trusted, everything
            is fused again and a new state kept.
        token: kept with the state (see :func:`open_state`).
        changed: ids of documents written since the state was kept, whatever their content
            hash says.
        digests: every stored document's id and content hash, when the caller has them
            (:meth:`kg.store.base.GraphStore.documents`).
        window_days: as for :func:`kg.graph.fusion.fused_part`.

    Returns:
        What was redone. The graph is the one :func:`kg.graph.fusion.refresh_fused` makes.
    """
    digests = digests if digests is not None else store.documents()
    graphs = {str(graph_iri(doc)): digest for doc, digest in digests.items()}
    forced = {str(graph_iri(doc)) for doc in changed}
    if state.usable:
        db = _Db(state.path)
        try:
            kept = db.digests()
            dirty = {
                g
                for g in set(graphs) | set(kept)
                if g in forced or g not in kept or graphs.get(g) is None or kept[g] != graphs[g]
            }
            small = len(dirty) <= _FULL_SHARE * max(len(graphs), 1)
            if small and db.meta().get("window") == str(window_days):
                plan = _Incremental(store, state, db, token, dirty, graphs, window_days, kept)
                return plan.run()
        except _Unsupported as error:
            log.debug("fusing everything: %s", error)
        except Exception as error:  # noqa: BLE001 - fusing everything is always right
            # A damaged state (or a fault here): whatever was written, a fusion of
            # everything replaces the whole fused part.
            log.warning("fusing everything: the fusion state could not be used (%s)", error)
        finally:
            db.close()
    return _full(store, state, token, graphs, window_days)


class _Unsupported(Exception):
    """A change the state cannot follow: everything is fused again."""


def _full(
    store, state: FusionState, token: str, graphs: Mapping[str, str | None], window_days: int
) -> FusionChange:
    # The input as kg.graph.fusion.store_input reads it: the entity rows summed over the
    # graphs. (What one graph adds to them is read before a build replaces it.)
    rows: dict[URIRef, Counter] = defaultdict(Counter)
    reported = set()
    for s, p, o, n in store.query(internal_query("fusion_entities")).rows:
        if p == _PER_DOC:
            reported.add((s, p, o))
        else:
            rows[s][p, o] = int(n)
    rows = dict(rows)
    forms: dict[URIRef, Counter] = defaultdict(Counter)
    for entity, text, n in store.query(internal_query("fusion_surface_form_graphs")).rows:
        forms[entity][text] = int(n)
    forms = dict(forms)
    references = {
        (s, p, o)
        for s, p, o in store.query(internal_query("fusion_references")).rows
        if is_entity_iri(o)
    }
    values: dict[str, dict[Node, dict[Node, list[Node]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for g, s, p, o in store.query(internal_query("fusion_reports")).rows:
        values[str(g)][s][p].append(o)
    redirect = merges(
        Counter({(s, p, o): n for s, counts in rows.items() for (p, o), n in counts.items()})
    )
    node = _node(redirect)
    entity_part = {
        m: _entity_node(m, ss, rows, forms, node) for m, ss in _sources(rows, node).items()
    }
    ctx = _context(entity_part, window_days)
    docs: dict[str, tuple[Report, ...]] = {
        g: tuple(
            sorted(
                (read_report(s, URIRef(g), v) for s, v in values.get(g, {}).items()),
                key=lambda r: str(r.iri),
            )
        )
        for g in {*graphs, *values}
    }
    reports: dict[URIRef, Report] = {}
    # A graph that is no article (no document id, so no content hash) cannot be followed,
    # nor can one report in two graphs.
    followed = set(docs) <= set(graphs)
    for doc in docs.values():
        for r in doc:
            followed = followed and r.iri not in reports
            reports[r.iri] = _merged(r, node)
    found = report_links(reports.values(), ctx)
    links = {_link(score, a.iri, b.iri) for score, a, b in found}
    clusters = _fuse(merge_links(reports.values(), found, ctx), ctx)
    sharing = Counter(c.base_key for c in clusters)
    for c in clusters:
        c.incident.key = _final_key(c, sharing[c.base_key])

    graph = Triples()
    for triples in entity_part.values():
        for t in triples:
            graph.add(t)
    write_closures(graph, ctx)
    for s, p, o in references:
        graph.add((s, p, node(o)))
    for s, p, o in reported:
        graph.add((node(s), p, o))
    for c in clusters:
        write_incident(graph, [reports[m] for m in c.members], c.incident)
    state.forget()
    store.replace_fused_part(graph)
    if followed:
        with suppress(TypeError):  # a term the state cannot hold: fuse everything next time
            _save_full(
                state, token, graphs, docs, rows, forms, redirect, entity_part, ctx, links, clusters
            )
    return FusionChange(
        full=True,
        graphs=len(docs),
        reports=len(reports),
        clusters=len(clusters),
        added=len(graph),
        subjects={s for s, _, _ in graph},
    )


def _save_full(
    state, token, graphs, docs, rows, forms, redirect, entity_part, ctx, links, clusters
) -> None:
    names = {*graphs, *docs}
    scratch = state.path.with_name(state.path.name + ".new")
    remove_file(scratch)
    with closing(sqlite3.connect(scratch)) as db, db:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO docs VALUES (?, ?)", [(g, graphs.get(g)) for g in names])
        db.executemany(
            "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_report_row(g, r) for g in names for r in docs.get(g, ())],
        )
        db.executemany(
            "INSERT INTO links VALUES (?, ?, ?)", [(str(a), str(b), n) for n, a, b in links]
        )
        db.executemany(
            "INSERT INTO clusters VALUES (?, ?, ?)",
            [_cluster_row(i, c) for i, c in enumerate(clusters)],
        )
        db.executemany(
            "INSERT INTO members VALUES (?, ?)",
            [(str(m), i) for i, c in enumerate(clusters) for m in c.members],
        )
        _write_globals(db, rows, forms, redirect, entity_part, ctx)
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("format", _FORMAT),
                ("key", state.key),
                ("token", token),
                ("valid", "1"),
                ("window", str(ctx.window_days)),
            ],  # fmt: skip
        )
    scratch.replace(state.path)  # the data is committed; the rename makes it the state
    state.usable = True


class _Incremental:
    """One incremental fusion: what changed, and the links and incidents it touches."""

    def __init__(self, store, state, db: _Db, token, dirty, graphs, window_days, kept):
        self.store, self.state, self.db, self.token = store, state, db, token
        self.dirty, self.days = dirty, window_days
        self.fresh = _read_docs(store, sorted(g for g in dirty if g in graphs), graphs)
        # What the changed graphs said before: read by the build before it replaced them.
        self.old_docs: dict[str, DocInput | None] = {}
        for g in dirty:
            if g not in kept:
                self.old_docs[g] = None
            elif g in state.before:
                self.old_docs[g] = replace(state.before[g], reports=tuple(db.reports_of(g)))
            else:
                raise _Unsupported(f"{g} changed, and what it said before was not read")
        self._old: dict[URIRef, Report | None] = {}
        self._new: dict[URIRef, Report | None] = {}
        self._unchanged: dict[str, DocInput] = {}
        self._sources: dict[URIRef, list[Report]] = {}
        self._below: dict[int, tuple[Mapping, dict[URIRef, list[URIRef]]]] = {}

    # -- reports before and after ------------------------------------------------------

    def old(self, iri: URIRef) -> Report | None:
        if iri not in self._old:
            found = self.db.report(iri)
            self._old[iri] = None if found is None else _merged(found[1], self.old_node)
        return self._old[iri]

    def new(self, iri: URIRef) -> Report | None:
        if iri in self.fresh_reports:
            return self.fresh_reports[iri]
        if iri not in self._new:
            found = self.db.report(iri)
            stale = found is None or found[0] in self.dirty
            self._new[iri] = None if stale else _merged(found[1], self.node)
        return self._new[iri]

    def window(self, r: Report, after: bool) -> list[Report]:
        """The reports that candidate_pairs pairs ``r`` with, before the change or after."""
        node, get = (self.node, self.new) if after else (self.old_node, self.old)
        places = (self.ctx if after else self.old_ctx).places
        found: set[URIRef] = set()
        span = date_interval(r.date)
        for family in paired_families(r.kind):
            if span is not None:
                low, high = span[0].toordinal(), span[1].toordinal()
                if low == high:
                    reach = running_reach(r.kind, r.kind, self.days)
                    low, high = low - reach, high + reach
                days = "family = ? AND coarse = 0 AND first BETWEEN ? AND ?"
                found |= set(self.db.iris(days, (family, low, high)))
                coarse = "family = ? AND coarse = 1 AND first <= ? AND last >= ?"
                found |= set(self.db.iris(coarse, (family, high, low)))
            if r.location is not None:
                sources = self.sources_of(r.location, node)
                found |= set(self.db.iris_at(["place"], sources, family))
                if span is not None and span[0] == span[1]:  # the undated reports near it
                    near = {
                        s for p in self.nested(r.location, places) for s in self.sources_of(p, node)
                    }
                    found |= set(self.db.iris_at(["place"], near, family, undated=True))
            comments = comment_reach(r)
            if comments is not None:  # the days it may comment on
                first, last = (day.toordinal() for day in comments)
                days = "family = ? AND coarse = 0 AND first BETWEEN ? AND ?"
                found |= set(self.db.iris(days, (family, first, last)))
        candidates = [get(iri) for iri in found]
        if after:
            candidates += self.fresh_reports.values()
        reach = pairing_window(self.days)
        return [x for x in candidates if x is not None and _pairs(r, x, reach, places)]

    def nested(self, place: URIRef, places: Mapping) -> list[URIRef]:
        """The places :func:`kg.graph.matching.nested_below_province` with ``place``."""
        if id(places) not in self._below:
            below: dict[URIRef, list[URIRef]] = defaultdict(list)
            for inner, wider in places.items():
                for w in wider:
                    below[w].append(inner)
            self._below[id(places)] = (places, below)
        below = self._below[id(places)][1]
        near = [*places.get(place, ()), *below.get(place, ())]
        return [p for p in near if nested_below_province(place, p, places)]

    def sources_of(self, m: URIRef, node: Callable) -> set[URIRef]:
        """The entities merged into ``m`` under ``node``, and ``m``."""
        redirect = self.redirect if node is self.node else self.old_redirect
        return {m} | {s for s, target in redirect.items() if target == m}

    def of_source(self, source: URIRef) -> list[Report]:
        """The reports of one article after the change."""
        if source not in self._sources:
            found = [r for r in self.fresh_reports.values() if r.source == source]
            found += [
                r for iri in self.db.iris("source = ?", (str(source),)) if (r := self.new(iri))
            ]
            self._sources[source] = list({r.iri: r for r in found}.values())
        return self._sources[source]

    # -- the fusion --------------------------------------------------------------------

    def run(self) -> FusionChange:
        old_rows, old_forms, old_redirect, old_part, old_ctx = _read_globals(self.db.globals())
        old_ctx = replace(old_ctx, coordinates=_context(old_part, self.days).coordinates)
        self.old_redirect, self.old_node = old_redirect, _node(old_redirect)

        # Entities: the rows change by what the changed graphs stated before and state now.
        rows = {s: Counter(c) for s, c in old_rows.items()}
        touched: set[URIRef] = set()
        for g in self.dirty:
            if self.old_docs.get(g) is not None:
                touched |= _rows_delta(rows, self.old_docs[g], -1)
            if g in self.fresh:
                touched |= _rows_delta(rows, self.fresh[g], 1)
        touched = {s for s in touched if rows.get(s) != old_rows.get(s)}
        # Surface forms: an entity's change when the last mention with a text goes or the
        # first comes.
        forms = {s: Counter(c) for s, c in old_forms.items()}
        spoken: set[URIRef] = set()
        for g in self.dirty:
            if self.old_docs.get(g) is not None:
                spoken |= _forms_delta(forms, self.old_docs[g], -1)
            if g in self.fresh:
                spoken |= _forms_delta(forms, self.fresh[g], 1)
        touched |= {s for s in spoken if set(forms.get(s, ())) != set(old_forms.get(s, ()))}
        redirect = merges(
            Counter({(s, p, o): n for s, counts in rows.items() for (p, o), n in counts.items()})
        )
        self.redirect, self.node = redirect, _node(redirect)
        node, old_node = self.node, self.old_node
        moved = {
            s for s in set(redirect) | set(old_redirect) if old_redirect.get(s) != redirect.get(s)
        }
        nodes = {f(s) for s in touched | moved for f in (node, old_node)}
        if moved:
            nodes |= {
                f(s)
                for s, counts in rows.items()
                if any(p in RELATIONS and o in moved for p, o in counts)
                for f in (node, old_node)
            }
        sources = _sources(rows, node)
        entity_part = dict(old_part)
        for m in nodes:
            entity_part.pop(m, None)
            if m in sources:
                entity_part[m] = _entity_node(m, sources[m], rows, forms, node)
        ctx = _context(entity_part, self.days)
        self.ctx, self.old_ctx = ctx, old_ctx

        # What comes from one article each: the changed ones, and those naming a moved entity.
        referring = set(self.dirty) | self._naming(moved)
        before = _per_doc(
            (d for g in referring if (d := self.old_docs.get(g) or self._kept(g))), old_node
        )
        after = _per_doc(
            (
                d
                for g in referring
                if (d := self.fresh.get(g) if g in self.dirty else self._kept(g))
            ),
            node,
        )

        # Reports: changed when their values, merged entities or hierarchies changed.
        self.fresh_reports = {
            r.iri: _merged(r, node) for doc in self.fresh.values() for r in doc.reports
        }
        suspects = {r.iri for doc in self.old_docs.values() if doc for r in doc.reports}
        suspects |= set(self.fresh_reports)
        shifted = _hierarchy_changes(old_ctx, ctx)
        hierarchy = {s for x in shifted for f in (node, old_node) for s in self.sources_of(x, f)}
        for names in (moved, hierarchy):
            if names:
                suspects |= set(self.db.iris_at(["place", "who"], names))
        if moved:
            for g in self._naming(moved):
                doc = self._kept(g)
                suspects |= {r.iri for r in doc.reports if r.targets & moved} if doc else set()
        changed = set()
        for iri in suspects:
            a, b = self.old(iri), self.new(iri)
            if a != b or any(
                x in shifted for r in (a, b) if r for x in (r.location, r.perpetrator)
            ):
                changed.add(iri)

        gone, added = self.relink(changed)
        dropped, remade, renamed, (rewritten_old, rewritten_new) = self.recluster(
            changed, gone, added
        )

        removed_triples = set().union(*(old_part.get(m, ()) for m in nodes))
        added_triples = set().union(*(entity_part.get(m, ()) for m in nodes))
        # A node's closure links change with its types (it was derived again) or with what
        # it lies in or belongs to.
        closed = nodes | shifted
        removed_triples |= _closure_triples(old_part, old_ctx, closed)
        added_triples |= _closure_triples(entity_part, ctx, closed)
        removed_triples, added_triples = (
            (removed_triples - added_triples) | (before - after),
            (added_triples - removed_triples) | (after - before),
        )
        old_incidents = _incident_triples(rewritten_old, self.old)
        new_incidents = _incident_triples(rewritten_new, self.new)
        removed_triples |= old_incidents - new_incidents
        added_triples |= new_incidents - old_incidents

        self.state.forget()
        if removed_triples or added_triples:
            self.store.change_fused_part(removed_triples, added_triples)
        self._save(rows, forms, redirect, entity_part, ctx, gone, added, dropped, remade, renamed)
        return FusionChange(
            full=False,
            graphs=len(self.fresh),
            reports=len(changed),
            clusters=len(rewritten_new),
            removed=len(removed_triples),
            added=len(added_triples),
            subjects={s for s, _, _ in removed_triples | added_triples},
            incidents={event_iri(c.incident.key) for c in [*rewritten_old, *rewritten_new]},
        )

    def _kept(self, graph: str) -> DocInput | None:
        """What an unchanged graph says (the same before and after)."""
        if graph in self.dirty:
            return None
        if graph not in self._unchanged:
            self._unchanged.update(_read_docs(self.store, [graph], {}))
        return self._unchanged[graph]

    def _naming(self, terms: Iterable[URIRef]) -> set[str]:
        """The article graphs that say anything of, or refer to, any of ``terms``."""
        found = set()
        for term in terms:
            for q in self.store.quads(None, None, str(term), None) + self.store.quads(
                str(term), None, None, None
            ):
                if isinstance(q.graph_name, ox.NamedNode):
                    found.add(q.graph_name.value)
        return found

    def relink(self, changed: set[URIRef]) -> tuple[set[Link], set[Link]]:
        """The links that no longer hold, and those found (again) near the changed reports.

        A link (a, b) depends on a's scores with the reports of b's article and b's with
        those of a's. A changed report changes its own links and, for each report in its
        window that it scores with (before or now), that report's best match in its article.
        """
        stale: set[tuple[URIRef, URIRef]] = set()  # (report, article) whose best match may move
        for iri in changed:
            for version, after, ctx in (
                (self.old(iri), False, self.old_ctx),
                (self.new(iri), True, self.ctx),
            ):
                if version is None:
                    continue
                for x in self.window(version, after):
                    if x.iri not in changed and _score(version, x, ctx):
                        stale.add((x.iri, version.source))

        def source(iri: URIRef) -> URIRef:
            return self.db.report(iri)[1].source

        gone = set()
        for link in self.db.links_of(changed | {x for x, _ in stale}):
            _, a, b = link
            if a in changed or b in changed or (a, source(b)) in stale or (b, source(a)) in stale:
                gone.add(link)

        best: dict[tuple[URIRef, URIRef], URIRef | None] = {}
        ctx = self.ctx

        def best_in(x: Report, article: URIRef) -> URIRef | None:
            """x's unique best match among the reports of ``article``, if it has one."""
            if (x.iri, article) not in best:
                scores = {
                    z.iri: s
                    for z in self.of_source(article)
                    if _pairs(x, z, pairing_window(self.days), ctx.places)
                    and (s := _score(x, z, ctx))
                }
                top = max(scores.values(), default=0)
                winners = [z for z, s in scores.items() if s == top]
                best[x.iri, article] = winners[0] if top and len(winners) == 1 else None
            return best[x.iri, article]

        added: set[Link] = set()

        def check(a: Report, b: Report) -> None:
            if best_in(a, b.source) == b.iri and best_in(b, a.source) == a.iri:
                added.add(_link(_score(a, b, ctx), a.iri, b.iri))

        for iri in changed:
            r = self.new(iri)
            if r is not None:
                for x in self.window(r, True):
                    check(r, x)
        for x_iri, article in stale:
            x = self.new(x_iri)
            for z in self.of_source(article):
                if _pairs(x, z, pairing_window(self.days), ctx.places):
                    check(x, z)
        return gone - added, added - gone

    def recluster(self, changed: set[URIRef], gone: set[Link], added: set[Link]):
        """Merge again the parts of the links that a change touches.

        Returns:
            The old clusters taken out (by number), the new ones, and the incidents to
            take out and to write.
        """
        seeds = {iri for iri in changed if self.new(iri) is not None}
        seeds |= {x for _, a, b in gone | added for x in (a, b) if self.new(x) is not None}
        touching = self.db.clusters_of(changed)
        seeds |= {m for c in touching.values() for m in c.members if self.new(m) is not None}
        extra: dict[URIRef, set[URIRef]] = defaultdict(set)
        for _, a, b in added:
            extra[a].add(b)
            extra[b].add(a)
        links: set[Link] = set(added)
        part, todo = set(seeds), list(seeds)
        while True:
            while todo:
                x = todo.pop()
                for link in self.db.links_of([x]):
                    if link not in gone:
                        links.add(link)
                        _, a, b = link
                        for y in (a, b):
                            if y not in part:
                                part.add(y)
                                todo.append(y)
                for y in extra[x] - part:
                    part.add(y)
                    todo.append(y)
            dropped = self.db.clusters_of(part | changed)
            # Every report of an incident taken apart is merged again (a cluster grows only
            # along links, so they are all in the part already; this keeps it so).
            todo = [
                m
                for c in dropped.values()
                for m in c.members
                if m not in part and m not in changed and self.new(m) is not None
            ]
            if not todo:
                break
            part.update(todo)

        reports = {m: self.new(m) for m in part}
        within = [(n, reports[a], reports[b]) for n, a, b in links if a in part and b in part]
        remade = _fuse(merge_links(reports.values(), within, self.ctx), self.ctx)

        # Final keys: two incidents with one key get their first report added to it.
        rewritten_old = list(dropped.values())
        rewritten_new = list(remade)
        moved_keys = {c.base_key for c in dropped.values()} | {c.base_key for c in remade}
        others: dict[int, Cluster] = {}
        for base_key in moved_keys:
            others.update(
                {i: c for i, c in self.db.clusters_with_key(base_key).items() if i not in dropped}
            )
        sharing = Counter(c.base_key for c in [*others.values(), *remade])
        for c in remade:
            c.incident.key = _final_key(c, sharing[c.base_key])
        renamed = {}
        for i, c in others.items():
            final = _final_key(c, sharing[c.base_key])
            if final != c.incident.key:
                rewritten_old.append(c)
                renamed[i] = Cluster(c.members, replace(c.incident, key=final), c.base_key)
                rewritten_new.append(renamed[i])
        return dropped, remade, renamed, (rewritten_old, rewritten_new)

    def _save(self, rows, forms, redirect, entity_part, ctx, gone, added, dropped, remade, renamed):
        db = self.db.db
        with db:
            for g in self.dirty:
                db.execute("DELETE FROM docs WHERE graph = ?", (g,))
                db.execute("DELETE FROM reports WHERE graph = ?", (g,))
            for g, doc in self.fresh.items():
                db.execute("INSERT INTO docs VALUES (?, ?)", (g, doc.digest))
                db.executemany(
                    "INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_report_row(g, r) for r in doc.reports],
                )
            db.executemany(
                "DELETE FROM links WHERE a = ? AND b = ?", [(str(a), str(b)) for _, a, b in gone]
            )
            db.executemany(
                "INSERT OR REPLACE INTO links VALUES (?, ?, ?)",
                [(str(a), str(b), n) for n, a, b in added],
            )
            for i in dropped:
                db.execute("DELETE FROM clusters WHERE id = ?", (i,))
                db.execute("DELETE FROM members WHERE cluster = ?", (i,))
            for i, c in renamed.items():
                db.execute("INSERT OR REPLACE INTO clusters VALUES (?, ?, ?)", _cluster_row(i, c))
            (start,) = db.execute("SELECT COALESCE(MAX(id), -1) + 1 FROM clusters").fetchone()
            for i, c in enumerate(remade, start=start):
                db.execute("INSERT INTO clusters VALUES (?, ?, ?)", _cluster_row(i, c))
                db.executemany(
                    "INSERT OR REPLACE INTO members VALUES (?, ?)", [(str(m), i) for m in c.members]
                )
            _write_globals(db, rows, forms, redirect, entity_part, ctx)
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("token", self.token), ("valid", "1")]
            )
        self.state.usable = True


def _hierarchy_changes(old: FusionContext, new: FusionContext) -> set[URIRef]:
    """The places and actors whose ancestors, position or being generic changed."""
    shifted = set(old.generic ^ new.generic)
    shifted |= {
        x
        for x in set(old.coordinates) | set(new.coordinates)
        if old.coordinates.get(x) != new.coordinates.get(x)
    }
    for before, after in ((old.places, new.places), (old.actors, new.actors)):
        shifted |= {x for x in set(before) | set(after) if before.get(x) != after.get(x)}
    return shifted
