"""Graph measures for large networks: PageRank, betweenness and Louvain, in C when it pays.

networkx is the interface everywhere: these functions take a networkx graph and return
dicts and sets keyed by its nodes. On a graph of at least :data:`COMPILED_FROM` nodes, and
when python-igraph is installed (``pip install 'conflict-kg[fast]'``), the work runs in
igraph's C core; below that, or without igraph, it runs in networkx. Both backends are
seeded, so the same graph gives the same answer on the same backend:

- PageRank: igraph's PRPACK solver against networkx's power iteration (tolerance 1e-6):
  values agree to about 1e-6.
- Betweenness: exact, or estimated from the same seeded sample of ``k`` sources networkx
  would draw, scaled as networkx scales it.
- Louvain: igraph's multilevel algorithm with its random order drawn from a seeded
  generator; it finds communities of the same quality as networkx's Louvain, not the
  same partition node for node.

>>> U = nx.Graph([("a", "b"), ("b", "c")])
>>> backend(U)
'networkx'
>>> round(pagerank(U)["b"], 3)
0.486
"""

from __future__ import annotations

import importlib.util
import random
from contextlib import contextmanager
from functools import cache

import networkx as nx

__all__ = ["COMPILED_FROM", "backend", "pagerank", "betweenness", "louvain"]

COMPILED_FROM = 5_000  # nodes; below this networkx takes well under a second


@cache
def _installed() -> bool:
    # Looked up, not imported: importing igraph reads ~/.igraphrc, and small graphs
    # (every build of a few thousand articles) never need it.
    return importlib.util.find_spec("igraph") is not None


def backend(U: nx.Graph) -> str:
    """``"igraph"`` or ``"networkx"``: which one the measures below use for ``U``."""
    return "igraph" if len(U) >= COMPILED_FROM and _installed() else "networkx"


def _ig():
    import igraph  # optional: conflict-kg[fast]

    return igraph


def _to_igraph(U: nx.Graph):
    nodes = list(U)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in U.edges()]
    g = _ig().Graph(n=len(nodes), edges=edges, directed=False)
    g.es["weight"] = [w for _, _, w in U.edges(data="weight", default=1)]
    return g, nodes, index


def pagerank(U: nx.Graph) -> dict:
    """PageRank of an undirected weighted graph (``weight`` edge attribute)."""
    if not len(U):
        return {}
    if backend(U) == "networkx":
        try:
            return nx.pagerank(U, weight="weight")
        except nx.PowerIterationFailedConvergence:
            # Rare on real graphs; degree centrality is the honest fallback.
            return nx.degree_centrality(U)
    g, nodes, _ = _to_igraph(U)
    return dict(zip(nodes, g.pagerank(weights="weight", damping=0.85), strict=True))


def betweenness(U: nx.Graph, k: int | None, seed: int = 0) -> dict:
    """Normalised betweenness, exact (``k`` None) or from ``k`` seeded sampled sources."""
    if not len(U):
        return {}
    if backend(U) == "networkx":
        return nx.betweenness_centrality(U, k=k, seed=seed)
    g, nodes, index = _to_igraph(U)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    if k is None:
        raw = g.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
    else:
        # The sample networkx draws for the same seed, so both backends estimate alike.
        sources = random.Random(seed).sample(nodes, k)
        raw = g.betweenness(directed=False, sources=[index[s] for s in sources])
        scale = 2 / ((n - 1) * (n - 2)) * n / k
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}


@contextmanager
def _seeded(seed: int):
    _ig().set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        _ig().set_random_number_generator(random)


def louvain(U: nx.Graph, seed: int = 42) -> list[set]:
    """Louvain communities of an undirected weighted graph, as sets of nodes."""
    if not len(U):
        return []
    if backend(U) == "networkx":
        return nx.community.louvain_communities(U, weight="weight", seed=seed)
    g, nodes, _ = _to_igraph(U)
    with _seeded(seed):
        clusters = g.community_multilevel(weights="weight")
    return [{nodes[i] for i in members} for members in clusters]
