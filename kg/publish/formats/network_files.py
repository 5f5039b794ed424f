"""graph.graphml, graph.gexf and graph.cyjs: the actor, place, event and project network.

The network is :func:`kg.publish.analysis.to_networkx`'s projection, whose nodes and edges
come in IRI order, so the same graph always gives the same bytes.

``graph.gexf`` is written here rather than by networkx, for what Gephi reads from it:
GEXF 1.3 with ``viz:color``, ``viz:size`` and ``viz:shape`` per node (the viewer's
colours: :data:`kg.publish.viewer.TYPE_STYLE`, event kinds from the taxonomy table),
each event's date as its ``start``/``end`` with ``timeformat="date"`` (a month or a year
spans the whole period) so Gephi's timeline filters events, edge weights from the
evidence count, and no ``networkx_key`` attribute. ``graph.cyjs`` is Cytoscape.js JSON,
which Cytoscape desktop imports (File > Import > Network from File).
"""

from __future__ import annotations

import calendar
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx
from rdflib import Literal

from kg.publish.formats.base import atomic_target

__all__ = [
    "xml_safe",
    "write_graphml",
    "write_gexf",
    "write_cytoscape",
    "date_span",
    "GEXF_NAMESPACE",
]

GEXF_NAMESPACE = "http://gexf.net/1.3"
_GEXF_VIZ = "http://gexf.net/1.3/viz"

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF).
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Attributes networkx's GEXF writer treats as structure; other values there break the file.
_GEXF_RESERVED_EDGE = {"type", "weight", "id", "start", "end"}
_GEXF_RESERVED_NODE = {"pid", "start", "end", "viz", "id"}

# Node size per group in Gephi's units: actors stand out, places recede.
_SIZE = {"Actor": 20.0, "Project": 16.0, "Event": 12.0, "Place": 10.0}
# vis-network's shapes (the viewer's) as GEXF's viz:shape values.
_SHAPE = {"dot": "disc", "square": "square", "triangle": "triangle", "diamond": "diamond"}
_GREY = ("dot", "#7f7f7f")


def _style(data: dict) -> tuple[str, str]:
    # Lazy import: the viewer module pulls in its templates; the palette is all we need.
    from kg.publish.viewer import TYPE_STYLE

    kind, group = data.get("type", ""), data.get("group", "")
    return TYPE_STYLE.get(kind) or TYPE_STYLE.get(group) or _GREY


def date_span(date: str | None) -> tuple[str, str] | None:
    """The first and last day of an xsd:date, gYearMonth or gYear, for a GEXF time span.

    >>> date_span("2024-02"), date_span("2024-03-12"), date_span("2023"), date_span("soon")
    (('2024-02-01', '2024-02-29'), ('2024-03-12', '2024-03-12'), ('2023-01-01', '2023-12-31'), None)
    """
    if not date:
        return None
    if match := re.match(r"(\d{4})-(\d\d)-(\d\d)", date):
        day = "-".join(match.groups())
        return day, day
    if match := re.match(r"(\d{4})-(\d\d)$", date):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        return None
    if match := re.match(r"(\d{4})$", date):
        return f"{match.group(1)}-01-01", f"{match.group(1)}-12-31"
    return None


# -- values XML can hold ----------------------------------------------------------------


def xml_safe(graph, *, gexf: bool = False):
    """Return a copy of a networkx multigraph that the GraphML and GEXF writers accept.

    Values become str, int, float or bool; lists are joined with ``"; "``; ``None`` is
    dropped; characters XML cannot hold are removed; an attribute with mixed types in one
    scope becomes text (float if all numbers). With ``gexf``, attributes networkx's GEXF
    writer treats as structure (an edge's ``type`` or ``weight``...) get a ``_value`` suffix.
    """
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


# -- writers ----------------------------------------------------------------------------


def write_graphml(network: nx.MultiDiGraph, target: Path) -> None:
    """Write ``network`` as GraphML (yEd, Gephi, igraph, networkx) to ``target``, atomically."""
    with atomic_target(target) as tmp:
        nx.write_graphml(xml_safe(network), tmp)


_GEXF_TYPES = {bool: "boolean", int: "integer", float: "double", str: "string"}
# What the GEXF file says in its own elements, not again as attributes.
_GEXF_OWN = {"label"}


def _declarations(items: list[tuple[object, dict]], scope: str) -> tuple[list[str], dict]:
    types: dict[str, str] = {}
    for _item, data in items:
        for key, value in data.items():
            if key not in _GEXF_OWN:
                types.setdefault(key, _GEXF_TYPES.get(type(value), "string"))
    names = sorted(types)
    lines = [f'    <attributes class="{scope}" mode="static">']
    lines += [
        f"      <attribute id={quoteattr(n)} title={quoteattr(n)} type={quoteattr(types[n])}/>"
        for n in names
    ]
    lines.append("    </attributes>")
    return lines, {n: n for n in names}


def _attvalues(data: dict, declared: dict, indent: str) -> list[str]:
    values = [
        f"{indent}  <attvalue for={quoteattr(declared[k])} value={quoteattr(_gexf_value(v))}/>"
        for k, v in sorted(data.items())
        if k in declared
    ]
    return [f"{indent}<attvalues>", *values, f"{indent}</attvalues>"] if values else []


def _gexf_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def write_gexf(network: nx.MultiDiGraph, target: Path) -> None:
    """Write ``network`` as GEXF 1.3 for Gephi to ``target``, atomically (see module notes)."""
    graph = xml_safe(network)
    nodes = list(graph.nodes(data=True))
    edges = [(u, v, d) for u, v, _k, d in graph.edges(keys=True, data=True)]
    node_decl, node_ids = _declarations(nodes, "node")
    edge_decl, edge_ids = _declarations([(None, d) for _u, _v, d in edges], "edge")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:viz="{_GEXF_VIZ}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.3">',
        "  <meta>",
        "    <creator>conflict-kg</creator>",
        "    <description>Actors, places, events and projects of the fused graph</description>",
        "  </meta>",
        '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
        *node_decl,
        *edge_decl,
        "    <nodes>",
    ]
    for node, data in nodes:
        shape, colour = _style(data)
        r, g, b = _rgb(colour)
        span = date_span(str(data["date"])) if "date" in data else None
        time = f' start="{span[0]}" end="{span[1]}"' if span else ""
        label = quoteattr(str(data.get("label", node)))
        lines.append(f"      <node id={quoteattr(node)} label={label}{time}>")
        lines += _attvalues(data, node_ids, "        ")
        lines += [
            f'        <viz:color r="{r}" g="{g}" b="{b}"/>',
            f'        <viz:size value="{_SIZE.get(data.get("group", ""), 10.0)}"/>',
            f'        <viz:shape value="{_SHAPE.get(shape, "disc")}"/>',
            "      </node>",
        ]
    lines += ["    </nodes>", "    <edges>"]
    for number, (u, v, data) in enumerate(edges):
        weight = float(max(1, int(data.get("evidence_count", 0) or 0)))
        relation = quoteattr(str(data.get("relation", "")))
        lines.append(
            f'      <edge id="{number}" source={quoteattr(u)} target={quoteattr(v)} '
            f'label={relation} weight="{weight}">'
        )
        lines += _attvalues(data, edge_ids, "        ")
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    with atomic_target(target) as tmp:
        Path(tmp).write_text("\n".join(lines), encoding="utf-8")


def write_cytoscape(network: nx.MultiDiGraph, target: Path) -> None:
    """Write ``network`` as Cytoscape.js JSON (``elements`` of nodes and edges) to ``target``.

    Cytoscape desktop reads ``name`` as a node's label and ``interaction`` as an edge's type;
    ``value`` repeats the id for :func:`networkx.cytoscape_graph`.
    """
    graph = xml_safe(network)
    nodes = []
    for node, data in graph.nodes(data=True):
        _shape, colour = _style(data)
        nodes.append(
            {
                "data": {
                    "id": node,
                    "value": node,
                    "name": data.get("label", node),
                    **data,
                    "colour": colour,
                }
            }  # fmt: skip
        )
    edges = [
        {
            "data": {
                "id": f"e{number}",
                "source": u,
                "target": v,
                "interaction": data.get("relation", key),
                **data,
            }
        }
        for number, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True))
    ]
    document = {
        "format_version": "1.0",
        "generated_by": "conflict-kg",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": "conflict-kg network"},
        "elements": {"nodes": nodes, "edges": edges},
    }
    with atomic_target(target) as tmp:
        Path(tmp).write_text(
            json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
