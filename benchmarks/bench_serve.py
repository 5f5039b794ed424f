"""kg serve under load: simple queries per second, alone and beside runaway queries.

Builds a store of about N triples in the ontology's shape, starts the endpoint on
loopback, and runs two phases of the same length: (1) client threads sending simple
queries in a loop; (2) the same, while other threads send a pathological query (a
five-way cross product) that the endpoint must cut at ``--timeout``. Every loop ends
at its phase's deadline; nothing leaves 127.0.0.1.

    python benchmarks/bench_serve.py                   # 20,000 triples, 10 s per phase
    python benchmarks/bench_serve.py --seconds 5 --runaways 2 --workers 3
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CKG = "https://w3id.org/conflict-kg/ontology#"
ID = "https://w3id.org/conflict-kg/id/"
PREFIX = f"PREFIX ckg: <{CKG}>\n"
SIMPLE = [
    "ASK { ?s ?p ?o }",
    PREFIX + f"SELECT ?p ?o WHERE {{ <{ID}event/e17> ?p ?o }}",
    PREFIX + "SELECT ?e ?n WHERE { ?e a ckg:Bombing ; ckg:fatalities ?n } LIMIT 10",
    PREFIX + f"SELECT (COUNT(?e) AS ?n) WHERE {{ ?e ckg:perpetrator <{ID}actor/a3> }}",
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
KINDS = ["Attack", "Bombing", "Ambush", "Kidnapping", "Clash"]


def make_store(out: Path, triples: int) -> None:
    n = ox.NamedNode
    store = ox.Store(str(out / "store"))
    quads = []
    for i in range(triples // 4):
        event = n(f"{ID}event/e{i}")
        quads += [
            ox.Quad(
                event, n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), n(CKG + KINDS[i % 5])
            ),
            ox.Quad(
                event,
                n(CKG + "fatalities"),
                ox.Literal(str(i % 40), datatype=n("http://www.w3.org/2001/XMLSchema#integer")),
            ),
            ox.Quad(event, n(CKG + "perpetrator"), n(f"{ID}actor/a{i % 50}")),
            ox.Quad(event, n(CKG + "location"), n(f"{ID}place/p{i % 200}")),
        ]
    store.bulk_extend(quads)
    store.flush()
    del store
    gc.collect()


def _loop(url: str, queries: list[str], deadline: float, record: list) -> None:
    with httpx.Client(timeout=60) as client:
        i = 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            response = client.get(url, params={"query": queries[i % len(queries)]})
            record.append((response.status_code, time.monotonic() - started))
            i += 1


def run_phase(url: str, seconds: float, clients: int, runaways: int) -> dict:
    deadline = time.monotonic() + seconds
    simple: list = []
    slow: list = []
    threads = [
        threading.Thread(target=_loop, args=(url, SIMPLE, deadline, simple)) for _ in range(clients)
    ]
    threads += [
        threading.Thread(target=_loop, args=(url, [RUNAWAY], deadline, slow))
        for _ in range(runaways)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(t for status, t in simple if status == 200)
    return {
        "simple/s": len(latencies) / elapsed,
        "simple ok": len(latencies),
        "simple failed": sum(1 for status, _ in simple if status != 200),
        "p50 ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95 ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan"),
        "max ms": 1000 * latencies[-1] if latencies else float("nan"),
        "runaways": len(slow),
        "runaway statuses": sorted({status for status, _ in slow}),
        "runaway mean s": statistics.mean(t for _, t in slow) if slow else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=4, help="threads sending simple queries")
    parser.add_argument(
        "--runaways", type=int, default=1, help="threads sending the pathological query"
    )
    parser.add_argument("--timeout", type=float, default=2.0, help="the endpoint's per-query limit")
    parser.add_argument("--workers", type=int, default=2, help="the endpoint's query processes")
    args = parser.parse_args()

    from kg.serve import make_server

    with tempfile.TemporaryDirectory() as tmp:
        make_store(Path(tmp), args.triples)
        started = time.monotonic()
        server = make_server(tmp, port=0, timeout=args.timeout, workers=args.workers)
        print(
            f"{args.triples:,} triples; endpoint up in {time.monotonic() - started:.2f} s at {server.url}; "
            f"{args.workers} workers, timeout {args.timeout:g} s, sandbox {server.pool.sandboxed}"
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for name, runaways in (
                ("simple only", 0),
                (f"with {args.runaways} runaway loop(s)", args.runaways),
            ):
                result = run_phase(server.url, args.seconds, args.clients, runaways)
                print(
                    f"{name:28} "
                    + "  ".join(
                        f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                        for k, v in result.items()
                    )
                )
            print(f"workers replaced after timeouts: {server.pool.replaced}")
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
