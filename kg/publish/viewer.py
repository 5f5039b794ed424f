"""An offline, self-contained HTML viewer for the conflict graph.

pyvis builds the node and edge data and the vis-network options, but its own template
is not used: every ``cdn_resources`` mode of pyvis 0.3.2 still loads bootstrap (and by
default vis-network) from a CDN, ``write_html`` copies a ``lib/`` folder into the working
directory, and a title containing ``href`` switches it to ``popup.innerHTML = title``.
:func:`render_viewer` instead writes one file from ``kg/templates/viewer.html``:

- vis-network's JS and CSS are inlined from the copy pyvis ships in its package;
- the data sits in a ``<script type="application/json">`` block with ``<``, ``>``, ``&``
  and U+2028/9 escaped, so ``</script>`` in an article cannot end the block;
- labels, tooltips and details are built as DOM nodes with ``textContent``;
- a Content-Security-Policy allows only the page's own scripts (by hash) and ``data:``
  images, so the page can fetch nothing and inline event handlers never run.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from dataclasses import asdict
from pathlib import Path

import networkx as nx

from kg.core.errors import KgError
from kg.core.files import atomic_write
from kg.core.taxonomy import taxonomy
from kg.publish.analysis import evidence_items, resolve_node, undirected
from kg.publish.incidents import incidents
from kg.publish.layout import layout_positions
from kg.publish.sources import Sources

__all__ = [
    "render_viewer", "neighbourhood", "json_for_html", "page_scripts", "basemap",
    "script_hash", "templates_dir",
    "TYPE_STYLE", "RELATIONS", "RELATION_COLOURS",
]  # fmt: skip

_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Shape by group, colour by class. Unknown subclasses fall back to their group's row.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Actor": ("dot", "#7f7f7f"), "ArmedGroup": ("dot", "#d62728"),
    "StateForce": ("dot", "#2ca02c"), "Government": ("dot", "#1f77b4"),
    "CivilianGroup": ("dot", "#9467bd"), "Person": ("dot", "#e377c2"),
    "Organization": ("dot", "#8c564b"),
    "Place": ("triangle", "#6baed6"), "Country": ("triangle", "#08519c"),
    "Province": ("triangle", "#3182bd"), "District": ("triangle", "#6baed6"),
    "City": ("triangle", "#9ecae1"), "Site": ("triangle", "#17becf"),
    "Event": ("diamond", "#ff7f0e"),
    **{kind.name: (kind.shape, kind.colour) for kind in taxonomy()},
    "Project": ("square", "#bcbd22"),
}  # fmt: skip

#: One name and one colour per relation kind, in the legend and on the edges.
RELATIONS: dict[str, tuple[str, str]] = {
    "perpetrator": ("carried out by", "#d62728"),
    "target": ("aimed at", "#1f77b4"),
    "targets": ("habitually targets", "#17becf"),
    "location": ("took place in", "#9e9e9e"),
    "partOf": ("part of", "#c7c7c7"),
    "locatedIn": ("located in", "#bdbdbd"),
    "bordersWith": ("borders", "#dadada"),
    "fundedBy": ("funded by", "#bcbd22"),
    "opposes": ("opposes", "#9467bd"),
    "memberOf": ("member of", "#8c564b"),
}  # fmt: skip

RELATION_COLOURS = {rel: colour for rel, (_, colour) in RELATIONS.items()}

_MAX_EVIDENCE = 20  # sentences per node in the page; the count of the rest is shown


def neighbourhood(G: nx.MultiDiGraph, name: str, depth: int = 2) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops of a named node, ignoring edge direction.

    Raises:
        kg.publish.analysis.UnknownNode: ``name`` matches no node.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, "a", depth=2))
    ['a', 'b', 'c']
    """
    return nx.ego_graph(G, resolve_node(G, name), radius=depth, undirected=True)


def json_for_html(value) -> str:
    """JSON that is inert inside an HTML ``<script>`` block (and still parses as JSON).

    >>> print(json_for_html({"label": "</script>"}))
    {"label":"\\u003c/script\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(char, escape)
    return text


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from inside the installed pyvis package, newest version."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name))

    found = sorted(lib.glob("vis-*/vis-network.min.js"), key=version)
    if not found:
        raise KgError(f"vis-network is missing from the pyvis package ({lib})")
    # Text mode turns the CRLFs in its licence header into LF, as an HTML parser would,
    # so the CSP hash below matches what the browser hashes.
    js = found[-1].read_text(encoding="utf-8")
    css = found[-1].with_suffix("").with_suffix(".css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*\s*$", "", js)  # no .map request from devtools
    return _inlinable(js, "vis-network.min.js"), _inlinable(css, "vis-network.css")


def _inlinable(text: str, name: str) -> str:
    """``text`` unchanged, if no closing tag in it could end its inline block early."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise KgError(f"{name} contains a closing tag and cannot be inlined")
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def _select(G, focus, depth, max_nodes, rank) -> tuple[nx.MultiDiGraph, str | None, list[str]]:
    """The subgraph to draw, the focus node, and notes that say what was left out."""
    notes, centre = [], None
    H = G
    if focus is not None:
        centre = resolve_node(G, focus)
        H = nx.ego_graph(G, centre, radius=depth, undirected=True)
        label = G.nodes[centre].get("label", centre)
        notes.append(f"Neighbourhood of “{label}” within {depth} hops: "
                     f"{len(H)} of {len(G)} nodes.")  # fmt: skip
    if len(H) > max_nodes:
        keep = sorted(H, key=lambda n: (n != centre, -rank.get(n, 0.0), str(n)))[:max_nodes]
        cut_from, cut = H, H.subgraph(keep)
        # Nodes whose every link was cut away would float off and shrink the fitted view.
        stranded = [n for n in cut if cut.degree(n) == 0 and H.degree(n) > 0 and n != centre]
        H = cut.subgraph(set(cut) - set(stranded))
        notes.append(f"Large graph: showing the {len(H)} most central of {len(cut_from)} nodes "
                     f"(PageRank, top {max_nodes} less {len(stranded)} left without links). "
                     f"Use a focus node to see a neighbourhood in full.")  # fmt: skip
    return H, centre, notes


def _node_info(G: nx.MultiDiGraph, n, label: str) -> dict:
    """What the tooltip and the details panel show of a node."""
    data = G.nodes[n]
    evidence = evidence_items(data.get("evidence"))
    info = {k: data[k] for k in ("type", "group", "date", "fatalities_min", "fatalities",
                                  "fatalities_max",
                                  "injured", "aliases", "iri", "event_type",
                                  "wikidata") if k in data}  # fmt: skip
    info.update(label=label, evidence=evidence[:_MAX_EVIDENCE],
                more_evidence=max(0, len(evidence) - _MAX_EVIDENCE),
                sources=[s for s in data.get("sources", "").split("; ") if s])  # fmt: skip
    return info


def _network_data(
    G: nx.MultiDiGraph, H: nx.MultiDiGraph, rank: dict, centre, events: dict
) -> tuple[list, list, dict]:
    """Nodes (with positions), edges and vis-network options; events: IRI -> label."""
    top = max((rank.get(n, 0.0) for n in H), default=0.0) or 1.0
    positions = layout_positions(H)
    order = {n: i for i, n in enumerate(sorted(H, key=lambda n: (-rank.get(n, 0.0), str(n))))}
    nodes = []
    for n in sorted(H, key=str):
        data = H.nodes[n]
        kind, group = data.get("type", "Actor"), data.get("group", "Actor")
        shape, colour = TYPE_STYLE.get(kind, TYPE_STYLE.get(group, ("dot", "#7f7f7f")))
        label = events.get(n) or data.get("label", str(n))
        x, y = positions[n]
        nodes.append({
            "key": n, "x": x, "y": y, "shape": shape, "color": colour,
            "label": label if len(label) <= 40 else label[:39] + "…",
            "size": round(8 + 30 * math.sqrt(rank.get(n, 0.0) / top), 1),
            "borderWidth": 3 if n == centre else 1,
            "order": order[n], "isolated": H.degree(n) == 0,
        })  # fmt: skip
    edges = []
    for u, v, rel in sorted(H.edges(keys=True), key=lambda e: tuple(map(str, e))):
        edges.append({"from": u, "to": v, "relation": rel,
                      "color": RELATIONS.get(rel, (rel, "#888888"))[1]})  # fmt: skip
    big = len(H) > 1000
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {
            "color": {"inherit": False},
            "smooth": {"enabled": not big, "type": "continuous"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            "width": 1,
        },
        "nodes": {
            "font": {"size": 13, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}
        },  # fmt: skip
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "keyboard": True,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
        },  # fmt: skip
    }
    return nodes, edges, options


def templates_dir() -> Path:
    """The folder of the page templates, their scripts and the basemap."""
    return _TEMPLATES


def basemap() -> dict:
    """The region's outlines (``countries``, ``coast``, ``provinces``: lists of [lon, lat]
    lines) from Natural Earth, with their ``source``; see ``scripts/make_basemap.py``."""
    return json.loads((_TEMPLATES / "basemap.json").read_text(encoding="utf-8"))


def script_hash(script: str) -> str:
    """The CSP source expression (``'sha256-…'``) that allows one inline script."""
    return _csp_hash(script)


def page_scripts() -> list[str]:
    """The page's own scripts, in load order: the map, the timeline, then the viewer."""
    return [
        _inlinable((_TEMPLATES / name).read_text(encoding="utf-8"), name)
        for name in ("map.js", "timeline.js", "viewer.js")
    ]


def render_viewer(
    G: nx.MultiDiGraph,
    path: Path,
    *,
    focus: str | None = None,
    depth: int = 2,
    max_nodes: int = 2000,
    title: str = "conflict-kg",
    sources: Sources | None = None,
) -> Path:
    """Write the graph as one self-contained, offline HTML page: network, map and timeline.

    The network opens laid out (positions computed here, physics off); node size follows
    PageRank (on the undirected projection of the whole graph), colour and shape follow
    the class, and the most central nodes are labelled first, others as the analyst zooms
    in. The map places every incident with coordinates over the region's country and
    province borders, and lists those without; the timeline counts incidents per month
    or week, and dragging across it filters the map and the network to that period. The
    details panel cites each source by outlet, date and link, beside the sentence it
    supports, and shows side by side the tolls the sources gave.

    Args:
        G: a graph from :func:`kg.publish.analysis.to_networkx`.
        path: the HTML file to write (atomically); nothing else is written.
        focus: draw only the neighbourhood of this node (name, alias or IRI).
        depth: hops around ``focus``.
        max_nodes: above this, draw only the most central nodes and say so on the page.
        title: the page title.
        sources: the articles and per-source claims (:func:`kg.publish.sources.store_sources`);
            without them the page cites document ids only.

    Returns:
        ``path``.

    Raises:
        kg.publish.analysis.UnknownNode: ``focus`` matches no node.
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    path = Path(path)
    sources = sources or Sources()
    U = undirected(G)
    rank = nx.pagerank(U, weight="weight") if len(U) else {}
    H, centre, notes = _select(G, focus, depth, max_nodes, rank)
    rows = incidents(G, {k: c for k, (_, c) in TYPE_STYLE.items()})
    events = {row.id: row.label for row in rows}
    nodes, edges, options = _network_data(G, H, rank, centre, events)
    # Every drawn node and every incident gets a number; the page speaks only in numbers.
    keys = [n["key"] for n in nodes] + sorted({r.id for r in rows} - set(H), key=str)
    ids = {k: i for i, k in enumerate(keys)}
    info = [_node_info(G, k, events.get(k) or G.nodes[k].get("label", k)) for k in keys]
    for n in nodes:
        n["id"] = ids[n.pop("key")]
    for e in edges:
        e["from"], e["to"] = ids[e["from"]], ids[e["to"]]
    docs = {d for i in info for d in i["sources"]} | {d for i in info for d, _ in i["evidence"]}
    docs |= {c.doc for cs in sources.claims.values() for c in cs}
    claims = {ids[e]: [asdict(c) for c in cs] for e, cs in sources.claims.items() if e in ids}
    payload = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "info": info,
        "options": options,
        "notes": notes,
        "focus": ids[centre] if centre is not None else None,
        "total": {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()},
        "styles": {k: {"shape": s, "color": c} for k, (s, c) in TYPE_STYLE.items()},
        "relations": {k: {"name": n, "color": c} for k, (n, c) in RELATIONS.items()},
        # A focus view maps and charts the incidents it draws; the whole graph, all of them.
        "incidents": [{**asdict(r), "id": ids[r.id]} for r in rows
                      if centre is None or r.id in H],  # fmt: skip
        "articles": {d: asdict(a) for d, a in sources.articles.items() if d in docs},
        "claims": claims,
        "basemap": basemap(),
    }  # fmt: skip
    vis_js, vis_css = _vis_assets()
    scripts = page_scripts()
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)  # fmt: skip
    html = env.get_template("viewer.html").render(
        title=title,
        vis_css=Markup(vis_css),
        vis_js=Markup(vis_js),
        scripts=[Markup(s) for s in scripts],
        data=Markup(json_for_html(payload)),
        script_hashes=Markup(" ".join(_csp_hash(s) for s in (vis_js, *scripts))),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    return atomic_write(path, lambda fh: fh.write(html.encode("utf-8")))
