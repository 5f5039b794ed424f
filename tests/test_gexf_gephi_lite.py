"""graph.gexf as Gephi Lite opens it: read with graphology-gexf, the reader Gephi Lite uses.

Needs Node.js and ``npm install --prefix tests/consumers`` (CI does both); skipped otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

CONSUMERS = Path(__file__).parent / "consumers"
READER = CONSUMERS / "read_gexf.js"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (CONSUMERS / "node_modules" / "graphology-gexf").is_dir(),
    reason="needs Node.js and `npm install --prefix tests/consumers`",
)


@pytest.fixture(scope="module")
def read(seed_out):
    path = Path(seed_out) / "graph.gexf"
    run = subprocess.run(
        ["node", str(READER), str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(run.stdout), nx.read_gexf(path)


def test_gephi_lite_reads_every_node_and_edge(read):
    js, py = read
    assert js["order"] == py.number_of_nodes() > 0
    assert js["size"] == py.number_of_edges() > 0
    assert set(js["nodes"]) == set(py.nodes)


def test_gephi_lite_sees_the_viewer_colours_sizes_and_labels(read):
    js, _ = read
    for key, node in js["nodes"].items():
        assert node["label"], key
        assert node["color"].startswith("rgb("), key
        assert node["size"] > 0, key
    groups = {node["group"] for node in js["nodes"].values()}
    assert {"Actor", "Place", "Event"} <= groups
    by_type: dict[str, set[str]] = {}
    for node in js["nodes"].values():
        by_type.setdefault(node["type"], set()).add(node["color"])
    assert all(len(colours) == 1 for colours in by_type.values()), by_type  # the viewer's palette
    assert len({next(iter(c)) for c in by_type.values()}) > 3


def test_gephi_lite_reads_event_dates_and_numbers_as_typed(read):
    js, _ = read
    events = [n for n in js["nodes"].values() if n["group"] == "Event"]
    assert events
    dated = [n for n in events if n.get("date")]
    assert dated and all(str(n["date"])[:4].isdigit() for n in dated)
    tolls = [n["fatalities"] for n in events if "fatalities" in n]
    assert tolls and all(isinstance(t, int) for t in tolls)
