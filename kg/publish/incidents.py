"""Incidents as an analyst reads them: one row per event, with its place, date and toll.

The viewer's map and timeline and the printable report read these rows, so the three
agree on what an incident is called, where it happened and which province it is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import networkx as nx

from kg.core.taxonomy import event_kind

__all__ = ["Incident", "incidents", "incident_label", "admin1_of"]

_EVENT_COLOUR = "#ff7f0e"  # the Event row of the viewer's legend


@dataclass
class Incident:
    """One event of the network, with what the map, the timeline and the report show."""

    id: str
    label: str
    kind: str
    colour: str
    date: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    perpetrators: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    fatalities: int | None = None
    fatalities_max: int | None = None
    injured: int | None = None
    sources: list[str] = field(default_factory=list)


def _kind_name(kind: str) -> str:
    found = event_kind(kind)
    if found is not None and found.label:
        return found.label[:1].upper() + found.label[1:]
    words = re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", kind) or [kind]
    return " ".join([words[0]] + [w.lower() for w in words[1:]])


def incident_label(date: str | None, place: str | None, kind: str) -> str:
    """The label an event carries on every view: date, place, then kind.

    >>> incident_label("2024-03-12", "Quetta", "SuicideBombing")
    '2024-03-12 · Quetta · Suicide bombing'
    >>> incident_label(None, None, "Attack")
    'Undated · Attack'
    """
    return " · ".join([date or "Undated", *([place] if place else []), _kind_name(kind)])


def _ends(G: nx.MultiDiGraph, n, relation: str) -> list:
    return sorted((v for _, v, rel in G.out_edges(n, keys=True) if rel == relation), key=str)


def admin1_of(G: nx.MultiDiGraph, place) -> str | None:
    """The label of the province (or the place itself) a place lies in, following partOf.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("q", label="Quetta", type="City")
    >>> G.add_node("b", label="Balochistan", type="Province")
    >>> _ = G.add_edge("q", "b", key="partOf")
    >>> admin1_of(G, "q")
    'Balochistan'
    """
    seen, todo = set(), [place]
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.add(n)
        if G.nodes[n].get("type") == "Province":
            return G.nodes[n].get("label", str(n))
        todo.extend(_ends(G, n, "partOf"))
    return None


def _coordinates(G: nx.MultiDiGraph, place) -> tuple[float | None, float | None]:
    data = G.nodes[place]
    if isinstance(data.get("lat"), float) and isinstance(data.get("lon"), float):
        return data["lat"], data["lon"]
    return None, None


def incidents(G: nx.MultiDiGraph, colours: dict[str, str] | None = None) -> list[Incident]:
    """Every event node of ``G`` as an :class:`Incident`, by date then label.

    An event's coordinates are those of its place (the first, by IRI, if it has several);
    an event whose place has none keeps ``lat``/``lon`` unset, so a map can list it.

    Args:
        G: a graph from :func:`kg.publish.analysis.to_networkx`.
        colours: class name -> colour; the taxonomy's colour of each kind by default.
    """
    out = []
    for n, data in G.nodes(data=True):
        if data.get("group") != "Event":
            continue
        kind = data.get("type", "Event")
        found = event_kind(kind)
        colour = (colours or {}).get(kind) or (found.colour if found else _EVENT_COLOUR)
        places = _ends(G, n, "location")
        place = places[0] if places else None
        lat, lon = _coordinates(G, place) if place is not None else (None, None)
        place_label = G.nodes[place].get("label", str(place)) if place is not None else None
        sources = data.get("sources", "")
        out.append(
            Incident(
                id=str(n),
                label=incident_label(data.get("date"), place_label, kind),
                kind=kind,
                colour=colour,
                date=data.get("date"),
                place=place_label,
                lat=lat,
                lon=lon,
                admin1=admin1_of(G, place) if place is not None else None,
                perpetrators=[G.nodes[v].get("label", v) for v in _ends(G, n, "perpetrator")],
                targets=[G.nodes[v].get("label", v) for v in _ends(G, n, "target")],
                fatalities=data.get("fatalities"),
                fatalities_max=data.get("fatalities_max"),
                injured=data.get("injured"),
                sources=[s for s in sources.split("; ") if s],
            )
        )
    return sorted(out, key=lambda i: (i.date or "9999", i.label, i.id))
