"""Benchmark the viewer: build-time layout and first draw in headless Chromium.

A synthetic graph shaped like :func:`kg.publish.analysis.to_networkx`'s output (armed
groups, state forces, places with coordinates in the region, and events linked to them
by perpetrator, target and location, each with a date, a toll and an evidence sentence)
is written with :func:`kg.publish.viewer.render_viewer`, then opened in headless
Chromium. The page stamps ``data-kg-first-draw-ms`` on ``<html>`` once the network, the
map and the timeline are drawn: milliseconds from navigation to the first full view.

    python benchmarks/bench_viewer.py                  # a 5,000-node view of 6,000 nodes
    python benchmarks/bench_viewer.py --nodes 2000     # a quick run
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kg.publish.viewer import render_viewer  # noqa: E402

KINDS = ["Attack", "Bombing", "SuicideBombing", "Ambush", "Kidnapping", "MilitaryOperation"]
ACTORS = ["ArmedGroup", "StateForce", "Government", "CivilianGroup", "Organization"]


def synthetic_graph(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """About ``nodes`` nodes: 10% actors, 15% places, the rest events."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    actors = [f"urn:actor:{i}" for i in range(max(2, nodes // 10))]
    places = [f"urn:place:{i}" for i in range(max(2, nodes * 15 // 100))]
    for i, a in enumerate(actors):
        G.add_node(a, iri=a, label=f"Group {i}", type=rng.choice(ACTORS), group="Actor")
    for i, p in enumerate(places):
        G.add_node(p, iri=p, label=f"Place {i}", type="District", group="Place",
                   lat=rng.uniform(24.5, 36.5), lon=rng.uniform(61.0, 74.0))  # fmt: skip
    # A few prolific groups and busy places, as in real data (preferential choice).
    weights_a = [1 / (k + 1) for k in range(len(actors))]
    weights_p = [1 / (k + 1) ** 0.7 for k in range(len(places))]
    for i in range(nodes - len(actors) - len(places)):
        e = f"urn:event:{i}"
        day = f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        G.add_node(e, iri=e, type=rng.choice(KINDS), group="Event", date=day,
                   fatalities=rng.randint(0, 30), sources=f"doc{i}",
                   evidence=f"[doc{i}] Gunmen attacked a post on {day}.")  # fmt: skip
        G.add_edge(e, rng.choices(actors, weights_a)[0], key="perpetrator", relation="perpetrator")
        G.add_edge(e, rng.choices(actors, weights_a)[0], key="target", relation="target")
        G.add_edge(e, rng.choices(places, weights_p)[0], key="location", relation="location")
    return G


def first_draw_ms(page: Path, timeout_s: int) -> tuple[int | None, str]:
    """Open ``page`` in headless Chromium; return its first-draw stamp and the <html> tag."""
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--window-size=1400,900", f"--user-data-dir={profile}",
             f"--timeout={timeout_s * 1000}", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=timeout_s + 60,
        )  # fmt: skip
    root = re.search(r"<html[^>]*>", run.stdout)
    tag = root.group(0) if root else ""
    stamp = re.search(r'data-kg-first-draw-ms="(\d+)"', tag)
    return (int(stamp.group(1)) if stamp else None), tag


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=6000, help="nodes in the graph")
    parser.add_argument("--view", type=int, default=5000, help="nodes drawn (max_nodes)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds Chromium may take")
    args = parser.parse_args(argv)
    G = synthetic_graph(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "graph.html"
        started = time.perf_counter()
        render_viewer(G, page, max_nodes=args.view)
        build_s = time.perf_counter() - started
        ms, tag = first_draw_ms(page, args.timeout)
        size_mb = page.stat().st_size / 1e6
    drawn = re.search(r'data-kg-drawn="(\d+)"', tag)
    print(f"graph: {len(G):,} nodes, {G.number_of_edges():,} edges; "
          f"view: {drawn.group(1) if drawn else '?'} nodes drawn")  # fmt: skip
    print(f"render_viewer (layout + page): {build_s:.1f} s, graph.html {size_mb:.1f} MB")
    if ms is None:
        print(f"first draw: not reached within {args.timeout} s ({tag or 'no page'})")
        sys.exit(1)
    print(f"first draw in headless Chromium: {ms / 1000:.2f} s")


if __name__ == "__main__":
    main()
