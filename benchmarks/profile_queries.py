"""Where each named query spends its time on a large store: evaluation, ORDER BY, term conversion.

For every query in ``ontology/queries/`` (or those named with ``--only``) the script
reports the CPU-time p50 of

- ``run_query``: :func:`kg.sparql.named.run_query`, what ``kg query`` does (the store
  evaluates the query and every value becomes an rdflib term);
- ``evaluate``: the same query on the pyoxigraph store, its solutions only counted;
- ``unordered``: the query without its final ``ORDER BY`` clause, counted the same way;
- ``tsv``: the query's solutions serialised by pyoxigraph as TSV bytes;

and, from those, what the ``ORDER BY`` costs (``evaluate`` minus ``unordered``) and what
turning the values into rdflib terms costs (``run_query`` minus ``evaluate``). CPU time,
not wall-clock time, so that the machine's load moves the figures less.

The store is the one ``bench_queries.py`` times (the seeds graph replicated to
``--triples`` quads), built in a temporary folder, or kept in ``--keep DIR`` and read
again from there with ``--store DIR``:

    python benchmarks/profile_queries.py --keep /tmp/q1m          # build, profile, keep
    python benchmarks/profile_queries.py --store /tmp/q1m --only events event_sources
    python benchmarks/profile_queries.py --triples 100000         # a quick run
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_queries import seed_quads, write_data  # noqa: E402

from kg.sparql.binding import with_prefixes  # noqa: E402
from kg.sparql.named import list_queries, run_query  # noqa: E402
from kg.store.embedded import open_store  # noqa: E402

# A final ORDER BY clause on the query's last line (named queries end with one).
ORDER_BY = re.compile(r"\n[ \t]*ORDER\s+BY\b[^\n{}]*\s*$", re.IGNORECASE)


def build(out: Path, triples: int) -> None:
    """Write the replicated seeds graph to the store in ``out/store``."""
    seed = seed_quads(out / "seed")
    copies, total = write_data(seed, triples, out / "data.nq")
    print(f"seed graph: {len(seed):,} quads; {copies} copies -> {total:,} quads")
    raw = ox.Store(str(out / "store"))
    raw.bulk_load(path=str(out / "data.nq"), format=ox.RdfFormat.N_QUADS)
    raw.optimize()
    (out / "data.nq").unlink()


def cpu_p50(run, repeat: int) -> tuple[float, object]:
    """Median CPU seconds of ``run()`` over ``repeat`` runs after one warm-up, and its result."""
    result = run()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def profile(out: Path, names: list[str] | None, repeat: int) -> None:
    queries = [q for q in list_queries() if not names or q.name in names]
    print(
        f"{'query (CPU p50, ms)':30}{'rows':>7}{'run_query':>11}{'evaluate':>10}"
        f"{'unordered':>11}{'tsv':>8}{'ORDER BY':>10}{'to terms':>10}"
    )
    with open_store(out, read_only=True) as store:
        raw = ox.Store.read_only(str(out / "store"))
        for named in queries:
            print(_line(store, raw, named.name, with_prefixes(named.text), repeat), flush=True)


def _line(store, raw: ox.Store, name: str, text: str, repeat: int) -> str:
    """The profile of one query, as a line of the table."""

    def count(sparql: str) -> int:
        return sum(1 for _ in raw.query(sparql))

    full, _ = cpu_p50(lambda: run_query(store, name), repeat)
    evaluate, rows = cpu_p50(lambda: count(text), repeat)
    tsv, _ = cpu_p50(lambda: raw.query(text).serialize(format=ox.QueryResultsFormat.TSV), repeat)
    line = f"{name:30}{rows:7,}{full * 1e3:11.1f}{evaluate * 1e3:10.1f}"
    if ORDER_BY.search(text):
        unordered = ORDER_BY.sub("\n", text)
        free, _ = cpu_p50(lambda: count(unordered), repeat)
        line += f"{free * 1e3:11.1f}{tsv * 1e3:8.1f}{(evaluate - free) * 1e3:10.1f}"
    else:
        line += f"{'-':>11}{tsv * 1e3:8.1f}{'-':>10}"
    return line + f"{(full - evaluate) * 1e3:10.1f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an out folder this script kept (--keep)")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="quads to reach (default 1,000,000)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each variant")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="profile these queries only")
    args = parser.parse_args(argv)

    if args.store:
        profile(args.store, args.only, args.repeat)
    elif args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        build(args.keep, args.triples)
        profile(args.keep, args.only, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="profile-queries-") as tmp:
            build(Path(tmp), args.triples)
            profile(Path(tmp), args.only, args.repeat)


if __name__ == "__main__":
    main()
