"""Cross-source fusion: one node per real-world entity and incident, every source's claim kept.

:func:`fused_graph` reads the per-article named graphs (the source of truth) and derives the
default graph from them: articles, evidence, statistics and relations are carried over;
entities with the same IRI (or an unlisted label that names exactly one lexicon entity) become
one node; and the event reports of different articles that describe the same incident become
one ``id:event/<hash>`` node with ``ckg:hasClaim`` to each report.

Two reports are the same incident when they are *compatible* — same type family, dates within
a window at compatible precision, places equal or one inside the other, perpetrators equal,
related by ``ckg:memberOf`` or one generic, different articles — and *anchored* by a date plus
a place or a shared participant. Among compatible reports each report pairs with its unique
best match in every other article, mutually, and clusters grow only while all their members
stay compatible, so two incidents on one day in one province stay apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from math import prod

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.rdf import (
    CKG,
    ENTITY_CLASSES,
    EVENT_CLASSES,
    GEO,
    ID,
    RELATION_PREDICATES,
    WGS,
    bind_namespaces,
    date_literal,
    decimal_literal,
    event_iri,
    geometry_iri,
    slugify,
    wkt_point,
)

__all__ = [
    "Report",
    "FusionContext",
    "fused_graph",
    "event_family",
    "date_interval",
    "dates_compatible",
    "places_compatible",
    "compatible",
    "affinity",
    "cluster_reports",
    "most_specific_date",
    "most_specific_kind",
]

_FAMILY = {
    **dict.fromkeys(
        ("Attack", "Bombing", "SuicideBombing", "Ambush", "Hijacking", "Clash", "Assassination"),
        "violence",
    ),
    "MilitaryOperation": "operation",
    "Kidnapping": "kidnapping",
}
# A report of the general kind may describe an incident another source reports more exactly.
_GENERALISES = {
    "Attack": {k for k, f in _FAMILY.items() if f == "violence" and k != "Attack"},
    "Bombing": {"SuicideBombing"},
}
_BASIS_STRENGTH = {"claimed": 3, "stated": 2, "attributed": 1}
_ENTITY_TYPES = {*ENTITY_CLASSES.values(), CKG.Actor, CKG.Place, CKG.Project}
_EVENT_TYPES = {uri: kind for kind, uri in EVENT_CLASSES.items()}
# Per-report values the fused incident keeps, from every report.
_KEPT = (CKG.evidence, CKG.hasEvidence, CKG.dateText, CKG.trigger)


@dataclass(frozen=True)
class Report:
    """One article's report of an incident, as read back from its named graph."""

    iri: URIRef
    source: URIRef  # the article
    kind: str
    date: str | None = None
    location: URIRef | None = None
    perpetrator: URIRef | None = None
    basis: str | None = None
    targets: frozenset[URIRef] = frozenset()
    fatalities: int | None = None
    fatalities_max: int | None = None
    injured: int | None = None
    background: bool = False
    confidence: float | None = None
    acled: tuple[str | None, str | None] = (None, None)
    kept: tuple[tuple[URIRef, Node], ...] = ()


@dataclass(frozen=True)
class FusionContext:
    """What fusion knows beyond the reports: place and actor hierarchies, generic actors."""

    places: Mapping[URIRef, frozenset[URIRef]] = field(default_factory=dict)  # place -> ancestors
    actors: Mapping[URIRef, frozenset[URIRef]] = field(
        default_factory=dict
    )  # actor -> groups above
    generic: frozenset[URIRef] = frozenset()
    window_days: int = 1


# ---------------------------------------------------------------------------
# Comparing reports
# ---------------------------------------------------------------------------


def event_family(kind: str) -> str:
    """Return the family of an event kind; reports of one incident share a family.

    >>> event_family("SuicideBombing"), event_family("Ambush"), event_family("MilitaryOperation")
    ('violence', 'violence', 'operation')
    """
    return _FAMILY.get(kind, kind)


@lru_cache(maxsize=4096)
def date_interval(value: str | None) -> tuple[date, date] | None:
    """Return the first and last day a date of any precision covers, or None.

    >>> date_interval("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> date_interval("2024-11-09")[0] == date_interval("2024-11-09")[1]
    True
    """
    literal = date_literal(value)
    if literal is None:
        return None
    parts = [int(p) for p in str(literal).split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - timedelta(days=1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def dates_compatible(a: str | None, b: str | None, window_days: int = 1) -> bool:
    """True when two dates may name the same day.

    Two days may be up to ``window_days`` apart (an overnight attack, a next-day report); a
    month or a year must contain the other date. A missing date is compatible with anything.

    >>> dates_compatible("2024-11", "2024-11-09"), dates_compatible("2024-11-09", "2024-11-10")
    (True, True)
    >>> dates_compatible("2024-10", "2024-11-01"), dates_compatible("2024-11-09", "2024-11-12")
    (False, False)
    """
    ia, ib = date_interval(a), date_interval(b)
    if ia is None or ib is None:
        return True
    gap = (max(ia[0], ib[0]) - min(ia[1], ib[1])).days
    both_days = ia[0] == ia[1] and ib[0] == ib[1]
    return gap <= (window_days if both_days else 0)


def places_compatible(
    a: URIRef | None, b: URIRef | None, ancestors: Mapping[URIRef, frozenset]
) -> bool:
    """True when two places are the same, one lies inside the other, or one is unknown.

    >>> up = {"station": frozenset({"quetta", "balochistan"}), "kech": frozenset({"balochistan"})}
    >>> places_compatible("station", "balochistan", up), places_compatible("station", "kech", up)
    (True, False)
    """
    return a is None or b is None or _related(a, b, ancestors)


def _related(a, b, ancestors: Mapping) -> bool:
    return a == b or a in ancestors.get(b, ()) or b in ancestors.get(a, ())


def _perpetrators_compatible(a: Report, b: Report, ctx: FusionContext) -> bool:
    if a.perpetrator is None or b.perpetrator is None:
        return True
    if a.perpetrator in ctx.generic or b.perpetrator in ctx.generic:
        return True
    return _related(a.perpetrator, b.perpetrator, ctx.actors)


def compatible(a: Report, b: Report, ctx: FusionContext) -> bool:
    """True when nothing rules out that two reports describe the same incident.

    Two reports from one article never do: the extractor already told them apart.
    """
    return (
        a.source != b.source
        and event_family(a.kind) == event_family(b.kind)
        and dates_compatible(a.date, b.date, ctx.window_days)
        and places_compatible(a.location, b.location, ctx.places)
        and _perpetrators_compatible(a, b, ctx)
    )


def affinity(a: Report, b: Report, ctx: FusionContext) -> int:
    """Return how well two reports agree, or 0 when they cannot or need not be one incident.

    Exact agreement on place, date, type, perpetrator, targets and toll scores higher than
    agreement at a coarser level, so a report joins the incident it matches most closely.
    """
    if not compatible(a, b, ctx):
        return 0
    shared = bool(a.targets & b.targets) or (
        a.perpetrator is not None
        and b.perpetrator is not None
        and a.perpetrator not in ctx.generic
        and b.perpetrator not in ctx.generic
        and _related(a.perpetrator, b.perpetrator, ctx.actors)
    )
    dated = a.date is not None and b.date is not None
    placed = a.location is not None and b.location is not None
    if not ((dated and (placed or shared)) or (placed and a.location == b.location and shared)):
        return 0
    score = 2 if a.kind == b.kind else 1
    if placed:
        score += _place_score(a.location, b.location, ctx)
    if dated:
        score += 3 if a.date == b.date else 1
    if a.perpetrator is not None and a.perpetrator == b.perpetrator:
        score += 2
    score += min(2, len(a.targets & b.targets))
    # The same exact toll rarely coincides by chance; it ties a sub-incident ("six bodies
    # were found") to its own report rather than to the day's umbrella story.
    if a.fatalities is not None and a.fatalities == b.fatalities:
        score += 3
    return score


def _place_score(a: URIRef, b: URIRef, ctx: FusionContext) -> int:
    """3 for the same place, 2 when one lies inside the other below province level, else 1.

    A report placed in a district matches a report placed at a village of that district
    more closely than a province-wide umbrella report does.
    """
    if a == b:
        return 3
    general = a if a in ctx.places.get(b, ()) else b
    return 1 if len(ctx.places.get(general, ())) <= 1 else 2


def cluster_reports(reports: Iterable[Report], ctx: FusionContext) -> list[list[Report]]:
    """Group reports of the same incident; every report ends up in exactly one group.

    A pair is linked only if each is the other's unique best match in its article; links are
    taken best first, and two groups merge only if all their members are compatible.
    The result does not depend on the order of ``reports``.
    """
    ordered = sorted(set(reports), key=lambda r: str(r.iri))
    families: dict[str, list[Report]] = defaultdict(list)
    for report in ordered:
        families[event_family(report.kind)].append(report)
    links: list[tuple[int, Report, Report]] = []
    for members in families.values():
        links.extend(_mutual_best_links(members, ctx))
    links.sort(key=lambda link: (-link[0], str(link[1].iri), str(link[2].iri)))
    group = {r.iri: [r] for r in ordered}
    for _, a, b in links:
        ga, gb = group[a.iri], group[b.iri]
        if ga is gb or not all(compatible(x, y, ctx) for x in ga for y in gb):
            continue
        ga.extend(gb)
        for member in gb:
            group[member.iri] = ga
    unique = {id(g): g for g in group.values()}
    return sorted(
        (sorted(g, key=lambda r: str(r.iri)) for g in unique.values()), key=lambda g: str(g[0].iri)
    )


def _mutual_best_links(
    reports: list[Report], ctx: FusionContext
) -> list[tuple[int, Report, Report]]:
    scores: dict[tuple[URIRef, URIRef], int] = {}
    best: dict[tuple[URIRef, URIRef], dict[URIRef, int]] = defaultdict(dict)
    for a, b in _candidate_pairs(reports):
        score = affinity(a, b, ctx)
        if score:
            scores[a.iri, b.iri] = score
            best[a.iri, b.source][b.iri] = score
            best[b.iri, a.source][a.iri] = score

    def unique_best(x: Report, y: Report) -> bool:
        candidates = best[x.iri, y.source]
        top = max(candidates.values())
        return candidates[y.iri] == top and sum(s == top for s in candidates.values()) == 1

    by_iri = {r.iri: r for r in reports}
    return [
        (score, by_iri[a], by_iri[b])
        for (a, b), score in scores.items()
        if unique_best(by_iri[a], by_iri[b]) and unique_best(by_iri[b], by_iri[a])
    ]


def _candidate_pairs(reports: list[Report]):
    """Yield the pairs whose dates may agree: same or next year by first day, or one undated.

    Comparing only these keeps fusion near-linear in the number of years covered rather than
    quadratic in the number of reports.
    """
    by_year: dict[int, list[Report]] = defaultdict(list)
    undated = []
    for report in reports:
        span = date_interval(report.date)
        (by_year[span[0].year] if span else undated).append(report)
    for year, members in by_year.items():
        for i, a in enumerate(members):
            for b in members[i + 1 :] + by_year.get(year + 1, []) + undated:
                yield a, b
    for i, a in enumerate(undated):
        for b in undated[i + 1 :]:
            yield a, b


# ---------------------------------------------------------------------------
# Choosing fused values
# ---------------------------------------------------------------------------


def most_specific_date(dates: Iterable[str]) -> tuple[str | None, bool]:
    """Return the most specific date and whether the sources disagree.

    A coarser date that contains a finer one agrees with it; of several dates at the finest
    precision, the most frequent (then the earliest) wins and the disagreement is flagged.

    >>> most_specific_date(["2024-11", "2024-11-09", "2024-11-09"])
    ('2024-11-09', False)
    >>> most_specific_date(["2024-08-26", "2024-08-25", "2024-08-26"])
    ('2024-08-26', True)
    """
    values = [d for d in dates if date_interval(d) is not None]
    spans = {d: date_interval(d) for d in values}
    finest = [
        d
        for d in values
        if not any(
            o != d and spans[d][0] <= spans[o][0] and spans[o][1] <= spans[d][1] for o in spans
        )
    ]
    if not finest:
        return None, False
    counts = Counter(finest)
    choice = min(counts, key=lambda d: (-counts[d], spans[d][0], -len(d)))
    return choice, len(counts) > 1


def most_specific_kind(kinds: Iterable[str]) -> tuple[str, bool]:
    """Return the most specific event kind and whether the sources disagree.

    >>> most_specific_kind(["Attack", "SuicideBombing", "Bombing"])
    ('SuicideBombing', False)
    >>> most_specific_kind(["Ambush", "Bombing", "Bombing"])
    ('Bombing', True)
    """
    kinds = list(kinds)
    present = set(kinds)
    specific = [k for k in kinds if not _GENERALISES.get(k, set()) & present]
    counts = Counter(specific)
    return min(counts, key=lambda k: (-counts[k], k)), len(counts) > 1


def _deepest(places: Iterable[URIRef], ancestors: Mapping) -> tuple[URIRef | None, bool]:
    places = list(places)
    present = set(places)
    deepest = Counter(p for p in places if not any(p in ancestors.get(o, ()) for o in present))
    if not deepest:
        return None, False
    return min(deepest, key=lambda p: (-deepest[p], str(p))), len(deepest) > 1


def _perpetrator(
    cluster: list[Report], ctx: FusionContext
) -> tuple[URIRef | None, str | None, bool]:
    named = [r.perpetrator for r in cluster if r.perpetrator is not None]
    specific = [p for p in named if p not in ctx.generic] or named
    if not specific:
        return None, None, False
    counts = Counter(specific)
    choice = min(counts, key=lambda p: (-counts[p], str(p)))
    bases = [r.basis for r in cluster if r.perpetrator == choice and r.basis in _BASIS_STRENGTH]
    basis = max(bases, key=_BASIS_STRENGTH.__getitem__) if bases else None
    return choice, basis, len(counts) > 1


def _common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


@dataclass
class _Incident:
    kind: str
    date: str | None
    location: URIRef | None
    perpetrator: URIRef | None
    basis: str | None
    conflicts: list[str]
    key: str


def _fuse(cluster: list[Report], ctx: FusionContext) -> _Incident:
    kind, kind_conflict = most_specific_kind(r.kind for r in cluster)
    when, date_conflict = most_specific_date(r.date for r in cluster if r.date)
    where, place_conflict = _deepest((r.location for r in cluster if r.location), ctx.places)
    who, basis, who_conflict = _perpetrator(cluster, ctx)
    tolls = {
        (r.fatalities, max(r.fatalities, r.fatalities_max or 0))
        for r in cluster
        if r.fatalities is not None
    }
    injured = {r.injured for r in cluster if r.injured is not None}
    flags = {
        "fatalities": len(tolls) > 1,
        "injured": len(injured) > 1,
        "date": date_conflict,
        "location": place_conflict,
        "perpetrator": who_conflict,
        "type": kind_conflict,
    }
    key = "|".join(str(v or "") for v in (event_family(kind), when, where, who))
    return _Incident(kind, when, where, who, basis, [f for f, on in flags.items() if on], key)


# ---------------------------------------------------------------------------
# Reading the named graphs and writing the fused graph
# ---------------------------------------------------------------------------


def fused_graph(doc_graphs: Iterable[Graph], *, window_days: int = 1) -> Graph:
    """Derive the fused default graph from the per-article named graphs.

    Args:
        doc_graphs: the content of each article's named graph, as :func:`kg.rdf.document_graph`
            writes it (or as read back from a store).
        window_days: how many days apart two reports' dates may be and still be one incident.

    Returns:
        A new graph: articles, evidence, statistics, relations, fused entities and one
        ``ckg:Event`` per incident. The inputs are not changed.
    """
    graphs = list(doc_graphs)
    out = bind_namespaces(Graph())
    reader = _Reader(graphs)
    redirect = reader.entity_redirects()

    def node(term):
        return redirect.get(term, term) if isinstance(term, URIRef) else term

    for s, p, o in reader.triples_of("article", "evidence", "statistic"):
        out.add((s, p, _canonical(node(o))))
    for s, p, o in reader.relation_triples():
        out.add((node(s), p, node(o)))
    reader.write_entities(out, redirect)

    ctx = FusionContext(
        places=_closure(out, CKG.partOf),
        actors=_closure(out, CKG.memberOf),
        generic=frozenset(out.subjects(CKG.generic, Literal(True))),
        window_days=window_days,
    )
    reports = [reader.report(s, node) for s in reader.reports()]
    incidents = [(cluster, _fuse(cluster, ctx)) for cluster in cluster_reports(reports, ctx)]
    keys = Counter(incident.key for _, incident in incidents)
    for cluster, incident in incidents:
        if keys[incident.key] > 1:  # two incidents share date, place and perpetrator
            incident.key += f"|{cluster[0].iri}"
        _write_incident(out, cluster, incident)
    return out


def _closure(graph: Graph, predicate: URIRef) -> dict[URIRef, frozenset[URIRef]]:
    """Map each subject of ``predicate`` to everything reachable through it (cycle-safe)."""
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in graph.subject_objects(predicate):
        if s != o:
            parents[s].add(o)
    closure = {}
    for start in parents:
        seen, todo = set(), list(parents[start])
        while todo:
            current = todo.pop()
            if current not in seen and current != start:
                seen.add(current)
                todo.extend(parents.get(current, ()))
        closure[start] = frozenset(seen)
    return closure


def _write_incident(out: Graph, cluster: list[Report], incident: _Incident) -> None:
    e = event_iri(incident.key)
    out.add((e, RDF.type, CKG[incident.kind]))
    out.add((e, RDF.type, CKG.Event))
    for report in cluster:
        out.add((e, CKG.hasClaim, report.iri))
        out.add((e, CKG.reportedIn, report.source))
        for target in report.targets:
            out.add((e, CKG.target, target))
        for p, o in report.kept:
            out.add((e, p, o))
    optional = {
        CKG.date: date_literal(incident.date),
        CKG.location: incident.location,
        CKG.perpetrator: incident.perpetrator,
        CKG.perpetratorBasis: Literal(incident.basis) if incident.basis else None,
    }
    tolls = [r for r in cluster if r.fatalities is not None]
    if tolls:
        optional[CKG.fatalities] = Literal(min(r.fatalities for r in tolls))
        optional[CKG.fatalitiesMax] = Literal(
            max(max(r.fatalities, r.fatalities_max or 0) for r in tolls)
        )
    injured = [r.injured for r in cluster if r.injured is not None]
    if injured:
        optional[CKG.injured] = Literal(min(injured))
    same_kind = [r for r in cluster if r.kind == incident.kind] or cluster
    for i, prop in enumerate((CKG.acledEventType, CKG.acledSubEventType)):
        value = _common(r.acled[i] for r in same_kind) or _common(r.acled[i] for r in cluster)
        optional[prop] = Literal(value) if value else None
    confidences = [r.confidence for r in cluster if r.confidence is not None]
    if confidences:  # independent sources: the chance that all of them are wrong shrinks
        optional[CKG.confidence] = decimal_literal(1 - prod(1 - c for c in confidences), 3)
    for p, o in optional.items():
        if o is not None:
            out.add((e, p, o))
    out.add((e, CKG.background, Literal(all(r.background for r in cluster))))
    for name in incident.conflicts:
        out.add((e, CKG.conflictingClaim, Literal(name)))


class _Reader:
    """Sorts the triples of the named graphs by what their subject is."""

    def __init__(self, graphs: list[Graph]):
        self.graphs = graphs
        self.kinds: list[dict[Node, str]] = [self._kinds(g) for g in graphs]

    @staticmethod
    def _kinds(graph: Graph) -> dict[Node, str]:
        simple = {
            CKG.Article: "article",
            CKG.Evidence: "evidence",
            CKG.CasualtyStatistic: "statistic",
            CKG.Mention: "mention",
            RDF.Statement: "statement",
        }
        kinds: dict[Node, str] = {}
        for s, t in graph.subject_objects(RDF.type):
            if t in simple:
                kinds[s] = simple[t]
            elif t == CKG.Event or t in _EVENT_TYPES:
                fused = (s, CKG.hasClaim, None) in graph
                kinds[s] = "fused" if fused else "report"
            elif t in _ENTITY_TYPES:
                kinds.setdefault(s, "entity")
        return kinds

    def triples_of(self, *kinds: str):
        for graph, subject_kinds in zip(self.graphs, self.kinds, strict=True):
            for s, p, o in graph:
                if subject_kinds.get(s) in kinds:
                    yield s, p, o

    def relation_triples(self):
        predicates = set(RELATION_PREDICATES.values())
        for graph, subject_kinds in zip(self.graphs, self.kinds, strict=True):
            for s, p, o in graph:
                if p in predicates and subject_kinds.get(s) == "entity":
                    yield s, p, o

    def reports(self) -> list[tuple[Graph, Node]]:
        return [
            (graph, s)
            for graph, subject_kinds in zip(self.graphs, self.kinds, strict=True)
            for s, kind in subject_kinds.items()
            if kind == "report" and isinstance(s, URIRef)
        ]

    def report(self, located: tuple[Graph, URIRef], node) -> Report:
        graph, s = located

        def one(p):
            return graph.value(s, p)

        kinds = sorted(_EVENT_TYPES[t] for t in graph.objects(s, RDF.type) if t in _EVENT_TYPES)
        kind = most_specific_kind(kinds)[0] if kinds else "Attack"
        source = one(CKG.reportedIn) or graph.identifier
        confidence = one(CKG.confidence)
        return Report(
            iri=s,
            source=source,
            kind=kind,
            date=str(one(CKG.date)) if one(CKG.date) is not None else None,
            location=node(one(CKG.location)),
            perpetrator=node(one(CKG.perpetrator)),
            basis=str(one(CKG.perpetratorBasis)) if one(CKG.perpetratorBasis) is not None else None,
            targets=frozenset(node(t) for t in graph.objects(s, CKG.target)),
            fatalities=_int(one(CKG.fatalities)),
            fatalities_max=_int(one(CKG.fatalitiesMax)),
            injured=_int(one(CKG.injured)),
            background=bool(_python(one(CKG.background))),
            confidence=float(confidence) if confidence is not None else None,
            acled=(_str(one(CKG.acledEventType)), _str(one(CKG.acledSubEventType))),
            kept=tuple(sorted(((p, o) for p in _KEPT for o in graph.objects(s, p)), key=str)),
        )

    def entity_redirects(self) -> dict[URIRef, URIRef]:
        """Map each unlisted entity whose label names exactly one lexicon entity to that entity."""
        listed, labels = set(), {}
        for graph, subject_kinds in zip(self.graphs, self.kinds, strict=True):
            for s, kind in subject_kinds.items():
                if kind != "entity":
                    continue
                if (s, CKG.fromLexicon, Literal(True)) in graph:
                    listed.add(s)
                label = graph.value(s, RDFS.label)
                if label is not None:
                    labels.setdefault(s, str(label))
        names: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
        for graph in self.graphs:
            for p in (RDFS.label, SKOS.altLabel, SKOS.hiddenLabel):
                for s, name in graph.subject_objects(p):
                    if s in listed:
                        names[_folder(s), slugify(str(name))].add(s)
        redirect = {}
        for s, label in labels.items():
            if s not in listed:
                owners = names.get((_folder(s), slugify(label)), set()) - {s}
                if len(owners) == 1:
                    redirect[s] = next(iter(owners))
        return redirect

    def write_entities(self, out: Graph, redirect: Mapping[URIRef, URIRef]) -> None:
        merged: dict[URIRef, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        for s, p, o in self.triples_of("entity"):
            merged[redirect.get(s, s)][str(p)][o] += 1
        for s, values in merged.items():
            self._write_entity(out, s, values)

    @staticmethod
    def _write_entity(out: Graph, s: URIRef, values: Mapping[str, Counter]) -> None:
        def top(counter: Counter):
            return min(counter, key=lambda o: (-counter[o], str(o))) if counter else None

        for t in values[str(RDF.type)]:
            out.add((s, RDF.type, t))
        labels = values[str(RDFS.label)]
        # An article that only refers to an entity (e.g. as the parent of a force it
        # names) labels it with its key's slug; any real label outranks that stub.
        real = Counter({o: n for o, n in labels.items() if not _is_stub_label(s, o)})
        if real:
            labels = real
        label = top(labels)
        names = set(labels) | set(values[str(SKOS.altLabel)])
        if label is not None:
            out.add((s, RDFS.label, label))
        for name in names - {label}:
            out.add((s, SKOS.altLabel, name))
        for name in set(values[str(SKOS.hiddenLabel)]) - names:
            out.add((s, SKOS.hiddenLabel, name))
        for p in (OWL.sameAs, CKG.reportedIn):
            for o in values[str(p)]:
                out.add((s, p, o))
        lats, longs = values[str(WGS.lat)], values[str(WGS.long)]
        if lats and longs:
            lat, lon = top(lats), top(longs)
            geometry = geometry_iri(s)
            out.add((s, WGS.lat, _canonical(lat)))
            out.add((s, WGS.long, _canonical(lon)))
            out.add((s, GEO.hasGeometry, geometry))
            out.add((geometry, RDF.type, GEO.Geometry))
            out.add((geometry, GEO.asWKT, wkt_point(float(lat), float(lon))))
        confidences = [float(c) for c in values[str(CKG.confidence)]]
        if confidences:
            out.add((s, CKG.confidence, decimal_literal(max(confidences), 3)))
        for p in (CKG.fromLexicon, CKG.generic):
            if values[str(p)]:
                out.add((s, p, Literal(any(bool(_python(v)) for v in values[str(p)]))))


def _folder(iri: URIRef) -> str:
    """The IRI folder of an entity, with persons counted as actors."""
    folder = str(iri)[len(str(ID)) :].split("/", 1)[0]
    return "actor" if folder == "person" else folder


def _canonical(term):
    """Write decimals one way: stores print "1.0" as "1", which would make a second, equal term."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return decimal_literal(float(term), 6)
    return term


def _python(term):
    return term.toPython() if isinstance(term, Literal) else term


def _int(term) -> int | None:
    return int(term) if term is not None else None


def _str(term) -> str | None:
    return str(term) if term is not None else None


def _is_stub_label(node: URIRef, label) -> bool:
    """True when ``label`` is just the last segment of ``node``'s IRI (a stub written for a reference).

    >>> _is_stub_label(URIRef("https://w3id.org/conflict-kg/id/actor/pakistan-armed-forces"), Literal("pakistan-armed-forces"))
    True
    """
    return str(label) == str(node).rsplit("/", 1)[-1]
