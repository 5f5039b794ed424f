"""Latency of every named query on a store of 1 million+ triples, beside in-memory rdflib.

The data is the graph built from ``seeds/`` replicated K times: in copy k every IRI of
an article, its reports, mentions, evidence, statistics, statements, named graph and
every fused event gets a ``ck-`` prefix (and ``ckg:documentId`` a ``-ck`` suffix, and each
event's ``ckg:sortKey`` is derived again from its new IRI), while actors, places and
projects stay shared, as they are across real articles. K is the
smallest count that reaches ``--triples`` quads.

Each query in ``ontology/queries/`` runs through :func:`kg.sparql.named.run_query` on the
embedded store (what ``kg query`` does) and through ``Dataset.query`` on an rdflib
Dataset holding the same quads, once to warm up and then ``--repeat`` times (rdflib
stops early when a query has used its ``--budget`` seconds). A query with parameters is
also timed on the store with its first parameter bound to that column's value in the
first row of the unbound answer (one incident, one group, one district ...): "bound p50".

    python benchmarks/bench_queries.py                     # >= 1,000,000 quads
    python benchmarks/bench_queries.py --triples 100000    # a quick run
    python benchmarks/bench_queries.py --cpu --no-rdflib   # CPU time, the store only

``--cpu`` times CPU time instead of wall-clock time: on a loaded machine the wall clock
also counts the time other processes hold the cores. ``profile_queries.py`` splits each
query's time into evaluation, ORDER BY and term conversion.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kg  # noqa: E402
from kg.graph.shaping import sort_key  # noqa: E402
from kg.sparql.named import list_queries, run_query  # noqa: E402
from kg.store.embedded import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/conflict-kg/id/"
DOCUMENT_ID = "https://w3id.org/conflict-kg/ontology#documentId"
SORT_KEY = "https://w3id.org/conflict-kg/ontology#sortKey"
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
# IRI folders that belong to one article or one fused incident; the rest are shared.
PER_COPY = re.compile(
    re.escape(ID) + r"(article|report|evidence|mention|statistic|statement|graph|event)/"
)


def seed_quads(out: Path) -> list[ox.Quad]:
    report = kg.build([ROOT / "seeds"], out, viewer=False, formats=["nq"])
    if not report.ok:
        raise SystemExit(f"the seed build failed: {report.errors[0]}")
    store = ox.Store.read_only(str(out / "store"))
    return list(store)


def _copy_term(term, k: int):
    if isinstance(term, ox.NamedNode):
        value = PER_COPY.sub(lambda m: f"{m.group(0)}c{k}-", term.value)
        return term if value == term.value else ox.NamedNode(value)
    return term


def replicate(quads: list[ox.Quad], k: int) -> list[ox.Quad]:
    """Copy ``k`` of the seed quads (copy 0 is the seed itself)."""
    if k == 0:
        return quads
    copies = []
    for q in quads:
        obj = q.object
        if q.predicate.value == DOCUMENT_ID:
            obj = ox.Literal(f"{obj.value}-c{k}")
        graph = (
            q.graph_name
            if isinstance(q.graph_name, ox.DefaultGraph)
            else _copy_term(q.graph_name, k)
        )
        subject = _copy_term(q.subject, k)
        if q.predicate.value == SORT_KEY:
            obj = ox.Literal(str(sort_key(subject.value)), datatype=INTEGER)
        copies.append(ox.Quad(subject, q.predicate, _copy_term(obj, k), graph))
    return copies


def write_data(seed: list[ox.Quad], target: int, nquads: Path) -> tuple[int, int]:
    """Write copies of ``seed`` to ``nquads`` until ``target`` distinct quads; return (copies, quads)."""
    shared = {q for q in seed if not PER_COPY.search(str(q))}
    per_copy = len(seed) - len(shared)
    copies = max(1, math.ceil((target - len(shared)) / per_copy))
    with open(nquads, "wb") as handle:
        for k in range(copies):
            quads = (
                replicate(seed, k) if k == 0 else [q for q in replicate(seed, k) if q not in shared]
            )
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
    return copies, len(shared) + per_copy * copies


def _time(run, repeat: int, budget: float, clock=time.perf_counter) -> tuple[list[float], int]:
    run()  # warm-up
    times, spent = [], 0.0
    rows = 0
    while len(times) < repeat and (spent < budget or not times):
        start = clock()
        rows = run()
        times.append(clock() - start)
        spent += times[-1]
    return times, rows


def _bound(store, named) -> dict | None:
    """``{param: value}``: the query's first parameter, as in the first row of its unbound answer."""
    if not named.params:
        return None
    result = run_query(store, named.name)
    names = [str(v) for v in result.vars]
    if not result.rows or named.params[0] not in names:
        return None
    value = result.rows[0][names.index(named.params[0])]
    return {named.params[0]: value} if value is not None else None


def _p(times: list[float], q: float) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[int(q) - 1]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="quads to reach (default 1,000,000)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query and engine")
    parser.add_argument("--budget", type=float, default=120, help="seconds per query for rdflib")
    parser.add_argument("--no-rdflib", action="store_true", help="time the embedded store only")
    parser.add_argument(
        "--cpu", action="store_true", help="time CPU time instead of wall-clock time"
    )
    args = parser.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter

    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        tmp = Path(tmp)
        seed = seed_quads(tmp / "seed")
        copies, total = write_data(seed, args.triples, tmp / "data.nq")
        print(
            f"seed graph: {len(seed):,} quads; {copies} copies -> {total:,} quads "
            f"({(tmp / 'data.nq').stat().st_size / 1e6:.0f} MB of N-Quads)"
        )

        start = time.perf_counter()
        (tmp / "out").mkdir()
        raw = ox.Store(str(tmp / "out" / "store"))
        raw.bulk_load(path=str(tmp / "data.nq"), format=ox.RdfFormat.N_QUADS)
        raw.optimize()
        count = len(raw)
        del raw
        print(f"oxigraph: loaded {count:,} quads in {time.perf_counter() - start:.1f} s")

        dataset = None
        if not args.no_rdflib:
            from rdflib import Dataset

            start = time.perf_counter()
            dataset = Dataset()
            dataset.parse(str(tmp / "data.nq"), format="nquads")
            print(
                f"rdflib:   loaded {len(dataset):,} default-graph triples, all graphs in "
                f"{time.perf_counter() - start:.1f} s"
            )

        header = f"{'query':30}{'rows':>7}{'ox p50 ms':>11}{'ox p95 ms':>11}{'bound p50':>11}"
        if dataset is not None:
            header += f"{'rdflib p50 ms':>15}{'rdflib p95 ms':>15}{'runs':>6}{'rdflib/ox':>11}"
        print(f"\n{'CPU' if args.cpu else 'wall-clock'} time of each run\n" + header)
        with open_store(tmp / "out", read_only=True) as store:
            for named in list_queries():
                ox_times, rows = _time(
                    lambda n=named: len(run_query(store, n.name).rows),
                    args.repeat,
                    math.inf,
                    clock,
                )
                line = f"{named.name:30}{rows:7,}{_p(ox_times, 50) * 1e3:11.1f}{_p(ox_times, 95) * 1e3:11.1f}"
                bound = _bound(store, named)
                if bound:
                    bound_times, _ = _time(
                        lambda n=named, b=bound: len(run_query(store, n.name, b).rows),
                        args.repeat,
                        math.inf,
                        clock,
                    )
                    line += f"{_p(bound_times, 50) * 1e3:11.1f}"
                else:
                    line += f"{'-':>11}"
                if dataset is not None:
                    try:
                        rd_times, rd_rows = _time(
                            lambda n=named: len(list(dataset.query(n.text))),
                            args.repeat,
                            args.budget,
                            clock,
                        )
                    except Exception as error:  # noqa: BLE001 - rdflib cannot run every query
                        line += f"  rdflib fails: {type(error).__name__}: {str(error)[:60]}"
                    else:
                        ratio = _p(rd_times, 50) / _p(ox_times, 50)
                        line += (
                            f"{_p(rd_times, 50) * 1e3:15.1f}{_p(rd_times, 95) * 1e3:15.1f}"
                            f"{len(rd_times):6}{ratio:10.0f}x"
                        )
                        if rd_rows != rows:
                            line += f"  (rdflib: {rd_rows:,} rows)"
                print(line, flush=True)


if __name__ == "__main__":
    main()
