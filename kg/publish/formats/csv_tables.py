"""events.csv, entities.csv and edges.csv: the graph as the tables ACLED users expect.

``events.csv`` has ACLED's export columns first, in ACLED's order, then ours
(:data:`EVENT_COLUMNS`). Where ours is mapped onto ACLED's:

- ``event_id_cnty`` is the country's ISO alpha-3 code and the fused event's IRI hash;
  ``year`` and ``event_date`` (always ``YYYY-MM-DD``) come from ``ckg:date``.
- ``time_precision`` is 1 for a known day, 2 when sources disagree on the day, 3 when the
  text gives only the month or the year. As ACLED codes a month-only event on the middle
  of the month, a month becomes its 15th; a year alone (which ACLED does not code) becomes
  its 1 July, the middle of the year, so grouping by year or month still places it. An
  event no source dates gets the day it was first reported, with precision 3.
- ``actor1`` is the perpetrator ("Unidentified Armed Group (Pakistan)" when nobody is
  named) and ``assoc_actor_1`` any further perpetrators; ``actor2`` the main target (an
  actor if any) and ``assoc_actor_2`` the other actors targeted. ``inter1``/``inter2``
  are ACLED's actor type names, as in ACLED's current exports; ``interaction`` is ACLED's
  two-digit code, lower code first ("12"), a one-actor event the code times ten ("20").
- ``civilian_targeting`` is "Civilian targeting" when a target is civilian.
- ``iso`` (numeric), ``region`` and ``event_id_cnty``'s prefix come from
  ``kg/lexicons/acled/countries.tsv``; ``disorder_type`` from ``disorder_types.tsv``.
- ``admin3`` is a tehsil the location lies in, when the gazetteer knows one.
- ``geo_precision`` is 1 for a town or site, 2 for a district, 3 for a province, taking
  the coordinates of the nearest enclosing area when the place has none.
- ``fatalities`` is the best estimate (``ckg:fatalities``), 0 when no source gives a
  figure, as ACLED writes; ``fatalities_min``/``fatalities_max`` stay empty then, so the
  unknown is still told apart from a reported zero.
- ``tags`` says "claimed by <group>" when the perpetrator claimed the attack.
- ``source_scale`` stays empty: nothing records an outlet's reach.
- ``timestamp`` is the build's time in unix seconds: the newest article's publication
  (or ``SOURCE_DATE_EPOCH``), so two builds of the same inputs write the same bytes.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path

from rdflib.term import Node

from kg.core.model import ACTOR_KINDS, EVENT_KINDS, PLACE_KINDS
from kg.core.namespaces import CKG, WD
from kg.core.packs import default_country as default_pack_country
from kg.core.resources import acled_dir
from kg.core.taxonomy import ROOT, taxonomy
from kg.publish.formats.base import atomic_target, build_timestamp
from kg.sparql.named import internal_query

__all__ = [
    "EVENT_COLUMNS",
    "ENTITY_COLUMNS",
    "EDGE_COLUMNS",
    "Facts",
    "edge_row",
    "event_row",
    "fallback_country",
    "finish_event_rows",
    "sort_edge_rows",
    "store_facts",
    "table_facts",
    "write_tables",
    "event_rows",
    "entity_rows",
    "edge_rows",
    "safe_cell",
]

# ACLED's export columns in ACLED's order (ACLED Codebook 2023, "ACLED Data Columns at a
# Glance"), then ours; see DESIGN.md.
EVENT_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
    "ckg_type", "fatalities_min", "fatalities_max", "sources", "confidence", "iri",
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
# ACLED's inter codes 1-8, by the names above (ACLED Codebook 2023, "Actors").
_INTER_CODE = {
    "State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4,
    "Rioters": 5, "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}  # fmt: skip
# ACLED names an unknown perpetrator "Unidentified Armed Group (<country>)" and codes it
# as a political militia (inter 3).
_UNIDENTIFIED = "Unidentified Armed Group ({country})"
_UNIDENTIFIED_INTER = "Political militia"
_CIVILIAN_TARGETING = "Civilian targeting"
# ACLED's admin3 in Pakistan is the tehsil; the gazetteer names tehsils "<name> Tehsil".
_TEHSIL = re.compile(r"\btehsil\b", re.I)

# ACLED geo_precision: 1 = the town or site itself, 2 = a district-level area near it,
# 3 = only the province (or country) is known.
_GEO_PRECISION = {"Site": 1, "City": 1, "District": 2, "Province": 3, "Country": 3}
# Superclasses among our kinds; a node typed with both keeps the narrower one.
_BROADER = {kind.name: kind.parent for kind in taxonomy() if kind.parent != ROOT}

# Event kinds, narrowest first: a node typed Attack and Ambush is an Ambush.
_EVENT_ORDER = (*EVENT_KINDS[::-1], "Event")
_ENTITY_KINDS = {*ACTOR_KINDS, *PLACE_KINDS, "Project", "Actor", "Place"}


@cache
def _countries() -> dict[str, dict[str, str]]:
    return {row["country"]: row for row in _tsv(acled_dir() / "countries.tsv")}


@cache
def _disorder_types() -> dict[tuple[str, str], str]:
    return {
        (row["event_type"], row["sub_event_type"]): row["disorder_type"]
        for row in _tsv(acled_dir() / "disorder_types.tsv")
    }


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


# -- writing --------------------------------------------------------------------------

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
    with atomic_target(target) as tmp, open(tmp, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row.get(column)) for column in columns])


def write_tables(store, out_dir: Path) -> dict[str, Path]:
    """Write events.csv, entities.csv and edges.csv of ``store`` into ``out_dir``.

    Returns:
        ``{"events": path, "entities": path, "edges": path}``.
    """
    made = getattr(store, "tables", None)
    tables = made() if callable(made) else None
    if tables is None:
        facts = store_facts(store)
        tables = (event_rows(store, facts), entity_rows(store, facts), edge_rows(store, facts))
    files = {}
    for name, columns, rows in zip(
        ("events", "entities", "edges"),
        (EVENT_COLUMNS, ENTITY_COLUMNS, EDGE_COLUMNS),
        tables,
        strict=True,
    ):
        files[name] = out_dir / f"{name}.csv"
        _write_csv(files[name], columns, rows, getattr(store, "excel", False))
    return files


# -- facts of the default graph ---------------------------------------------------------

#: Subject -> predicate local name -> objects, for the predicates the tables read.
Facts = dict[Node, dict[str, list[Node]]]


def store_facts(store) -> Facts:
    """:func:`table_facts`, or the facts the export already read (see kg.publish.export)."""
    facts = getattr(store, "facts", None)
    return facts() if callable(facts) else table_facts(store)


def table_facts(store) -> Facts:
    """Every fact the tables read from the fused default graph, by subject and predicate."""
    query = internal_query("table_facts")
    if hasattr(store, "stream"):  # the embedded store: row by row
        return store.stream(query, _facts)
    return _facts(store.query(query).rows)


def _facts(rows: Iterable[tuple]) -> Facts:
    facts: Facts = defaultdict(lambda: defaultdict(list))
    names: dict = {}  # a few dozen predicates over many rows
    for s, p, o in rows:
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


def _is_int(value) -> bool:
    return re.fullmatch(r"[-+]?\d+", str(value)) is not None


def _ints(values: Iterable) -> list[int]:
    return [int(str(v)) for v in values if _is_int(v)]


# -- events ---------------------------------------------------------------------------

_DAY = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(-?\d{4,})-(\d\d)(?!-)")
_YEAR = re.compile(r"(-?\d{4,})(?![-\d])")


def _full_date(date: str | None) -> tuple[str | None, int | None]:
    """``(YYYY-MM-DD, ACLED time_precision)`` for an xsd:date, gYearMonth or gYear."""
    if not date:
        return None, None
    if match := _DAY.match(date):
        return "-".join(match.groups()), 1
    if match := _MONTH.match(date):
        return f"{match.group(1)}-{match.group(2)}-15", 3  # ACLED: the middle of the month
    if match := _YEAR.match(date):
        return f"{match.group(1)}-07-01", 3  # the middle of the year
    return None, None


def event_rows(store, facts: Facts | None = None, default_country: str | None = None) -> list[dict]:
    """One ACLED-style row per fused event in the default graph (see EVENT_COLUMNS).

    ``default_country`` is the country of an event with no place (default: the one the build
    passed to the export, else the shipped region pack's).
    """
    facts = facts if facts is not None else table_facts(store)
    fallback = fallback_country(store, default_country)
    rows = [row for node in facts if (row := event_row(facts, node, fallback)) is not None]
    return finish_event_rows(rows, facts)


def fallback_country(store, default_country: str | None = None) -> str | None:
    """The country of an event with no place (see :func:`event_rows`)."""
    return default_country or getattr(store, "default_country", None) or _pack_country()


def event_row(facts: Facts, node, fallback: str | None) -> dict | None:
    """The row of one node, if it is a fused event (without the build's timestamp)."""
    kind = _narrowest(_kinds(facts, node), _EVENT_ORDER)
    if kind is None:
        return None
    return _event_row(facts, node, facts[node], kind, fallback)


def finish_event_rows(rows: Iterable[dict], facts: Facts) -> list[dict]:
    """The event rows with the build's timestamp (from the articles in ``facts``), in order."""
    issued = (
        str(v)
        for node, data in facts.items()
        if "Article" in _kinds(facts, node)
        for v in data.get("issued", ())
    )
    timestamp = build_timestamp(issued)
    rows = [{**row, "timestamp": timestamp} for row in rows]
    return sorted(rows, key=lambda row: (row["event_date"] or "", row["iri"]))


def _pack_country() -> str | None:
    country = default_pack_country()
    return (country.name or country.code) if country else None


def _event_row(facts: Facts, node, data: dict, kind: str, fallback: str | None) -> dict:
    dates = sorted({str(d) for d in data.get("date", ())})
    conflicts = {str(c) for c in data.get("conflictingClaim", ())}
    event_date, precision = _full_date(dates[0] if dates else None)
    if event_date is None:
        # No source dates the event: it happened by the day it was first reported.
        issued = sorted(
            str(i) for a in data.get("reportedIn", ()) for i in facts.get(a, {}).get("issued", ())
        )
        event_date, precision = _full_date(issued[0][:10] if issued else None)
        precision = 3 if precision else None
    if precision == 1 and (len(dates) > 1 or "date" in conflicts):
        precision = 2
    best = _ints(data.get("fatalities", ()))
    lowest = _ints(data.get("fatalitiesMin", ())) or best
    highest = _ints(data.get("fatalitiesMax", ())) or best
    event_type = _first(data.get("acledEventType", ()))
    sub_event_type = _first(data.get("acledSubEventType", ()))
    row = {
        "event_date": event_date,
        "year": int(event_date[:-6]) if event_date else None,
        "time_precision": precision,
        "disorder_type": _disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "ckg_type": kind,
        "fatalities": min(best) if best else 0,  # ACLED writes 0 for an unknown toll
        "fatalities_min": min(lowest) if lowest else None,
        "fatalities_max": max(highest) if highest else None,
        "confidence": _first(data.get("confidence", ())),
        "iri": str(node),
    }
    row.update(_event_place(facts, data))
    country = _countries().get(row.get("country") or fallback or "", {})
    row["iso"] = int(country["numeric"]) if country else None
    row["region"] = country.get("region")
    row["event_id_cnty"] = f"{country.get('alpha3', '')}{_local(node)}"
    row.update(_event_actors(facts, data, row.get("country") or fallback))
    articles = data.get("reportedIn", ())
    outlets = {str(o) for a in articles for o in facts.get(a, {}).get("source", ())}
    row["source"] = "; ".join(sorted(outlets))
    row["sources"] = ";".join(_documents(facts, articles))
    row["notes"] = _first_evidence(facts, data)
    return row


def _disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    table = _disorder_types()
    return table.get((event_type or "", sub_event_type or "")) or table.get((event_type or "", ""))


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
    tehsil = next((a for a in chain[1:] if _TEHSIL.search(_label(facts, a))), None)
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
        "admin3": _label(facts, tehsil) if tehsil is not None else None,
        "location": _label(facts, place),
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "geo_precision": precision,
    }


def _inter(facts: Facts, node) -> str | None:
    kind = _narrowest(_kinds(facts, node), _INTER)
    return _INTER.get(kind) if kind else None


def _interaction(inter1: str | None, inter2: str | None) -> str | None:
    """ACLED's interaction code: both inter codes, the lower first; one actor: code * 10."""
    codes = sorted(c for c in (_INTER_CODE.get(inter1 or ""), _INTER_CODE.get(inter2 or "")) if c)
    if not codes:
        return None
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def _event_actors(facts: Facts, data: dict, country: str | None) -> dict:
    perpetrators = sorted(data.get("perpetrator", ()), key=lambda n: _label(facts, n))
    if perpetrators:
        actor1 = _label(facts, perpetrators[0])
        inter1 = _inter(facts, perpetrators[0])
    else:
        actor1 = _UNIDENTIFIED.format(country=country) if country else "Unidentified Armed Group"
        inter1 = _UNIDENTIFIED_INTER
    # The main target: an actor if there is one (ACLED's actor2 is always an actor),
    # else the project or place attacked, with no actor type.
    targets = sorted(
        data.get("target", ()), key=lambda n: (_inter(facts, n) is None, _label(facts, n))
    )
    main = targets[0] if targets else None
    inter2 = _inter(facts, main) if main is not None else None
    basis = {str(b) for b in data.get("perpetratorBasis", ())}
    return {
        "actor1": actor1,
        "assoc_actor_1": "; ".join(_label(facts, p) for p in perpetrators[1:]) or None,
        "inter1": inter1,
        "actor2": _label(facts, main) if main is not None else None,
        "assoc_actor_2": "; ".join(
            _label(facts, t) for t in targets[1:] if _inter(facts, t) is not None
        )
        or None,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": _CIVILIAN_TARGETING
        if any(_inter(facts, t) == "Civilians" for t in targets)
        else None,
        "tags": f"claimed by {actor1}" if perpetrators and "claimed" in basis else None,
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
            start = min(_ints(ev.get("charStart", ())), default=0)
            found.append((issued, _first(art.get("documentId", ())) or "", start, str(sentence)))
    if found:
        return min(found)[3]
    return _first(data.get("evidence", ()))


# -- entities and edges -----------------------------------------------------------------


def entity_rows(store, facts: Facts | None = None) -> list[dict]:
    """One row per actor, place and project in the default graph (see ENTITY_COLUMNS)."""
    facts = facts if facts is not None else table_facts(store)
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
    facts = facts if facts is not None else table_facts(store)
    rows = [edge_row(facts, *row) for row in store.query(internal_query("table_edges")).rows]
    return sort_edge_rows(rows)


def edge_row(facts: Facts, s, p, o, n) -> dict:
    """One row of edges.csv, from a row of the ``table_edges`` query."""
    return {
        "source": str(s),
        "source_label": _label(facts, s),
        "relation": _local(p),
        "target": str(o),
        "target_label": _label(facts, o),
        "evidence_count": int(str(n)),
    }


def sort_edge_rows(rows: Iterable[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row["relation"], row["source"], row["target"]))
