"""Node positions for the viewer, computed once at build time so the page opens laid out.

A browser that runs a force simulation on thousands of nodes freezes for seconds before
the analyst sees anything; the page instead opens with physics off, at the positions
computed here. Up to :data:`EXACT_LIMIT` nodes use networkx's spring layout
(Fruchterman-Reingold with every pair repelling, quadratic per step); above it, a
Fruchterman-Reingold variant in which only nodes nearer than a few ideal edge lengths
repel one another (found with a k-d tree), which is close to linear per step.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["EXACT_LIMIT", "KK_LIMIT", "layout_positions"]

#: Above this many nodes, the near-neighbour layout replaces networkx's spring layout.
EXACT_LIMIT = 500

#: Up to this many linked nodes, networkx < 3.5 starts the layout from Kamada-Kawai's.
KK_LIMIT = 400

_SPACING = 70.0  # page pixels per ideal edge length, at zoom 1


def _isolated_grid(nodes: list, top: float, spacing: float) -> dict:
    """Unlinked nodes in rows under the drawing, so they never sit on top of it."""
    per_row = max(1, math.ceil(math.sqrt(len(nodes))))
    return {
        n: ((i % per_row) * spacing, top + (i // per_row + 1) * spacing)
        for i, n in enumerate(nodes)
    }


def _summed(index: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    # np.bincount, unlike np.add.at, sums repeated indices at vector speed.
    return np.stack(
        [np.bincount(index, values[:, 0], n), np.bincount(index, values[:, 1], n)], axis=1
    )


def _near_neighbour_layout(U: nx.Graph, seed: int, iterations: int = 60) -> np.ndarray:
    from scipy.spatial import cKDTree

    n = len(U)
    index = {v: i for i, v in enumerate(U)}
    edges = np.array([(index[a], index[b]) for a, b in U.edges() if a != b], dtype=int)
    edges = edges.reshape(-1, 2)
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.uniform(0, side, size=(n, 2))
    k, radius = 1.0, 2.0  # ideal edge length; repulsion reach, in edge lengths
    step = side / 10
    for _ in range(iterations):
        move = np.zeros_like(pos)
        pairs = cKDTree(pos).query_pairs(radius * k, output_type="ndarray")
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            push = delta * (2 * k * k / dist**2)[:, None]
            move += _summed(pairs[:, 0], push, n) - _summed(pairs[:, 1], push, n)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
            pull = delta * (dist / k)[:, None]
            move += _summed(edges[:, 1], pull, n) - _summed(edges[:, 0], pull, n)
        move -= (pos - pos.mean(axis=0)) * 0.01  # a weak pull to the centre keeps parts together
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 1e-9)
        pos += move / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.93
    return pos


def _spread_layout(core: nx.Graph, seed: int, k: float) -> dict:
    """A layout that spreads a hub's neighbours instead of piling them up.

    networkx 3.5's energy-based spring layout (a scipy optimiser, about 0.2 s for 300
    nodes) does; before it, Kamada-Kawai does for small views (quadratic, about 2 s for
    300 nodes), refined by a few spring steps.
    """
    try:
        return nx.spring_layout(core, seed=seed, k=k, method="energy")
    except TypeError:  # networkx < 3.5 has no ``method``
        start = nx.kamada_kawai_layout(core) if len(core) <= KK_LIMIT else None
        return nx.spring_layout(core, pos=start, seed=seed, k=k, iterations=15 if start else 50)


def layout_positions(G: nx.Graph, seed: int = 7) -> dict:
    """Page coordinates (x, y) for every node of ``G``, deterministic for a given seed.

    Edge direction and multiplicity are ignored; nodes with no link are put in a grid
    below the rest.

    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
    True
    """
    # Nodes and links in a fixed order: a subgraph's order follows set iteration, which
    # changes from run to run, and the layout would change with it.
    U = nx.Graph()
    U.add_nodes_from(sorted(G, key=str))
    U.add_edges_from(
        sorted({tuple(sorted((a, b), key=str)) for a, b in G.edges() if a != b}, key=str)
    )
    linked = [n for n in U if U.degree(n)]
    lone = [n for n in U if not U.degree(n)]
    core = U.subgraph(linked)
    positions: dict = {}
    if len(core) > EXACT_LIMIT:
        array = _near_neighbour_layout(core, seed)
        positions = {n: (float(x), float(y)) for n, (x, y) in zip(core, array, strict=True)}
        scale = _SPACING
    elif len(core):
        k = 1.0 / math.sqrt(len(core))
        raw = _spread_layout(core, seed, k * 1.6)
        positions = {n: (float(x), float(y)) for n, (x, y) in raw.items()}
        scale = _SPACING / k / 1.6
    else:
        scale = _SPACING
    out = {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in positions.items()}
    if out:
        xs, ys = [p[0] for p in out.values()], [p[1] for p in out.values()]
        left, bottom = min(xs), max(ys)
    else:
        left, bottom = 0.0, 0.0
    grid = _isolated_grid(sorted(lone, key=str), bottom, _SPACING)
    out.update({n: (round(left + x, 1), round(y, 1)) for n, (x, y) in grid.items()})
    return out
