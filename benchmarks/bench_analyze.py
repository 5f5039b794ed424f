"""Benchmark ``kg analyze`` on a large synthetic network, stage by stage.

The graph has the shape :func:`kg.publish.analysis.to_networkx` gives (actors, places in
a district -> province -> country tree, and events linked to them by perpetrator, target
and location edges), with a few prolific groups and busy places, as real data has. Each
event gets ``--edges`` links in all, so 100,000 nodes with 6.7 links per event make about
500,000 edges. Every measure of :func:`kg.publish.analysis.analyze` is timed on its own,
then the whole call and the report files; the baseline is a bare networkx PageRank on the
same undirected projection.

    python benchmarks/bench_analyze.py                      # 100k nodes, ~500k edges
    python benchmarks/bench_analyze.py --nodes 20000        # a quick run
    python benchmarks/bench_analyze.py --networkx           # without igraph, for comparison
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.publish import analysis, measures  # noqa: E402

KINDS = ["Attack", "Bombing", "SuicideBombing", "Ambush", "Kidnapping", "MilitaryOperation"]
ACTORS = ["ArmedGroup", "StateForce", "Government", "CivilianGroup", "Organization"]


def synthetic_network(nodes: int, links: float, seed: int = 11) -> nx.MultiDiGraph:
    """About ``nodes`` nodes (8% actors, 12% places, the rest events), ``links`` edges per event."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    actors = [f"urn:actor:{i}" for i in range(max(2, nodes * 8 // 100))]
    places = [f"urn:place:{i}" for i in range(max(3, nodes * 12 // 100))]
    for i, a in enumerate(actors):
        G.add_node(a, iri=a, label=f"Group {i}", type=rng.choice(ACTORS), group="Actor")
    G.add_node(places[0], iri=places[0], label="Country", type="Country", group="Place")
    provinces = places[1 : 1 + max(1, len(places) // 200)]
    for i, p in enumerate(places[1:], 1):
        kind = "Province" if p in provinces else rng.choice(["District", "City", "Site"])
        G.add_node(p, iri=p, label=f"Place {i}", type=kind, group="Place",
                   lat=rng.uniform(24.5, 36.5), lon=rng.uniform(61.0, 74.0))  # fmt: skip
        parent = places[0] if kind == "Province" else rng.choice(provinces)
        G.add_edge(p, parent, key="partOf", relation="partOf")
    cum_a = list(accumulate(1 / (k + 1) for k in range(len(actors))))
    cum_p = list(accumulate(1 / (k + 1) ** 0.7 for k in range(len(places))))
    extra = max(0.0, links - 3)
    for i in range(nodes - len(actors) - len(places)):
        e = f"urn:event:{i}"
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        G.add_node(e, iri=e, type=rng.choice(KINDS), group="Event", date=day,
                   fatalities=rng.randint(0, 30), label=f"Event {i}")  # fmt: skip
        G.add_edge(
            e, rng.choices(actors, cum_weights=cum_a)[0], key="perpetrator", relation="perpetrator"
        )
        G.add_edge(e, rng.choices(actors, cum_weights=cum_a)[0], key="target", relation="target")
        G.add_edge(
            e, rng.choices(places, cum_weights=cum_p)[0], key="location", relation="location"
        )
        n_extra = int(extra) + (rng.random() < extra - int(extra))
        for j in range(n_extra):
            G.add_edge(
                e, rng.choices(actors, cum_weights=cum_a)[0], key=f"target{j}", relation="target"
            )
    return G


def _timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    print(f"  {label:<34} {time.perf_counter() - start:7.2f} s", flush=True)
    return value


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000, help="nodes in the graph")
    parser.add_argument("--edges", type=float, default=6.7, help="links per event")
    parser.add_argument(
        "--networkx",
        action="store_true",
        help="measure with networkx even where igraph is installed",
    )
    args = parser.parse_args(argv)
    if args.networkx:
        measures.COMPILED_FROM = 10**12

    start = time.perf_counter()
    G = synthetic_network(args.nodes, args.edges)
    print(f"graph: {len(G):,} nodes, {G.number_of_edges():,} edges "
          f"(made in {time.perf_counter() - start:.1f} s)")  # fmt: skip

    print("stages:")
    U = _timed("undirected projection", analysis.undirected, G)
    _timed("baseline: nx.pagerank alone", nx.pagerank, U, weight="weight")
    _timed("centrality (PageRank, betweenness)", analysis.centrality, G)
    _timed("communities (Louvain)", analysis.communities, G)
    _timed("dyads", analysis.dyads, G)
    _timed("hotspots", analysis.hotspots, G)
    _timed("timeline", analysis.timeline, G)

    start = time.perf_counter()
    result = analysis.analyze(G)
    whole = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as out:
        files = _timed("report files", analysis.write_reports, result, Path(out))
        size = sum(f.stat().st_size for f in files)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"analyze(): {whole:.1f} s in all; {len(files)} files, {size / 1e3:.0f} kB; "
          f"peak RSS {peak_mb:.0f} MB")  # fmt: skip
    for note in result.notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
