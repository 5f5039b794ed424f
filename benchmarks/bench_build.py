"""Benchmark `kg.build` on N synthetic articles streamed from one JSON Lines file.

The articles come from the generator of ``bench_extract.py`` (about 500 words each,
names from the lexicons), written to a JSON Lines file a thousand at a time so the
input itself never sits in memory. The script reports articles/s overall and per
stage (extract, RDF mapping, store writes, fuse + export), peak RSS, and the RSS
after every ``--every`` articles, which stays flat when the build streams.

    python benchmarks/bench_build.py               # 10,000 articles
    python benchmarks/bench_build.py --n 1000      # a quick run
    python benchmarks/bench_build.py --n 1000 --jobs 0        # one extracting process per core
    python benchmarks/bench_build.py --n 1000 --cluster local # a Dask LocalCluster, one worker per core
    python benchmarks/bench_build.py --n 1000 --rebuild       # then rebuild: unchanged, 1% changed

For a ratio against the tree before a change, run the same command in a copy of that
tree (``git archive COMMIT | tar -x -C DIR``) at the same time: both then share the
machine's load. With ``--jobs`` or ``--cluster`` the extract and rdf stages run in the
workers and are not timed here; the total is.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import kg  # noqa: E402
import kg.extract  # noqa: E402
import kg.graph.fusion  # noqa: E402
import kg.graph.mapping  # noqa: E402
import kg.publish.analysis  # noqa: E402
import kg.publish.viewer  # noqa: E402
import kg.store.embedded  # noqa: E402

try:  # not in older trees
    import kg.graph.incremental as incremental  # noqa: E402
    import kg.publish.incremental as derived  # noqa: E402
except ImportError:  # pragma: no cover
    incremental = derived = None

# ``kg.build`` and ``kg.export`` are functions; the modules are needed to wrap what they call.
build_module = importlib.import_module("kg.pipeline")
export_module = importlib.import_module("kg.publish.export")


def _generator():
    """``make_articles(n, seed)`` from bench_extract.py, or a small stand-in from the lexicons."""
    path = HERE / "bench_extract.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location("bench_extract", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.make_articles
    return _make_articles


def _make_articles(n: int, seed: int = 7):
    from datetime import date, timedelta

    from kg.core.model import Document
    from kg.extract.lexicon import get_lexicon

    rng = random.Random(seed)
    groups = [e.label for e in get_lexicon() if e.kind == "ArmedGroup"] or ["BLA"]
    towns = [
        "Quetta",
        "Turbat",
        "Panjgur",
        "Gwadar",
        "Khuzdar",
        "Peshawar",
        "Bannu",
        "Dera Ismail Khan",
    ]
    docs = []
    for i in range(n):
        town, group, killed = rng.choice(towns), rng.choice(groups), rng.randrange(2, 30)
        text = (
            f"Militants attacked a security forces convoy near {town} on Monday, killing {killed} soldiers, "
            f"officials said. The {group} claimed responsibility for the attack. "
        ) * 3
        docs.append(
            Document(
                f"bench-{i}",
                text,
                title=f"{killed} killed near {town}",
                published=date(2024, 1, 1) + timedelta(days=rng.randrange(400)),
            )
        )
    return docs


def write_corpus(path: Path, n: int, chunk: int = 1000) -> int:
    """Write ``n`` articles as JSON Lines, generated ``chunk`` at a time; return the bytes written."""
    make_articles = _generator()
    with open(path, "w", encoding="utf-8") as handle:
        for first in range(0, n, chunk):
            for k, doc in enumerate(make_articles(min(chunk, n - first), seed=first + 7)):
                record = {
                    "id": f"a{first + k:06d}",
                    "title": doc.title,
                    "text": doc.text,
                    "published": doc.published.isoformat() if doc.published else None,
                }
                handle.write(json.dumps(record) + "\n")
    return path.stat().st_size


def rss_mb() -> float:
    """Resident set size now, in MB (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall time per build stage, measured by wrapping the functions `kg.build` calls."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def timing(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - start

    def install(self) -> None:
        extract_many = kg.extract.extract_many
        # The mapping and the writes: this tree's names, or an older tree's.
        mapping_name = (
            "document_rdf" if hasattr(kg.graph.mapping, "document_rdf") else "document_graph"
        )
        store_class = kg.store.embedded.OxigraphStore
        store_name = (
            "write_documents" if hasattr(store_class, "write_documents") else "replace_document"
        )
        document_map = getattr(kg.graph.mapping, mapping_name)
        replace, refresh = getattr(store_class, store_name), build_module.refresh_outputs
        stages = self

        def timed_extract(documents, *args, **kwargs):
            iterator = iter(extract_many(documents, *args, **kwargs))
            while True:
                with stages.timing("ingest+extract"):
                    try:
                        item = next(iterator)
                    except StopIteration:
                        return
                yield item

        def timed(stage, function):
            def wrapper(*args, **kwargs):
                with stages.timing(stage):
                    return function(*args, **kwargs)

            return wrapper

        kg.extract.extract_many = timed_extract  # kg.build imports these when it runs
        setattr(kg.graph.mapping, mapping_name, timed("rdf", document_map))
        setattr(store_class, store_name, timed("store", replace))
        build_module.refresh_outputs = timed("fuse+export", refresh)
        # The parts of fuse+export (kg.build imports these when it runs).
        kg.graph.fusion.refresh_fused = timed("  fuse", kg.graph.fusion.refresh_fused)
        if incremental is not None:
            incremental.refresh_fused_incrementally = timed(
                "  fuse", incremental.refresh_fused_incrementally
            )
        kg.publish.analysis.to_networkx = timed("  network", kg.publish.analysis.to_networkx)
        export_module.export = timed("  export files", export_module.export)
        kg.publish.viewer.render_viewer = timed("  viewer", kg.publish.viewer.render_viewer)
        if derived is not None:  # the network, tables and sources kept between builds
            derived.to_networkx = timed("  network", derived.to_networkx)
            for name, stage in (("tables", "  tables"), ("sources", "  sources")):
                setattr(derived.Derived, name, timed(stage, getattr(derived.Derived, name)))


def _cluster(address: str):
    if address != "local":
        return address
    import os

    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None
    )
    return cluster.scheduler_address


def _rebuilds(
    corpus: Path, out: Path, options: dict, stages: Stages
) -> dict[str, tuple[float, dict[str, float]]]:
    """Seconds for a rebuild with nothing changed, then with 1% of the articles changed,
    each with the seconds of its stages."""
    times = {}

    def timed_build(name: str) -> None:
        before = dict(stages.seconds)
        start = time.perf_counter()
        kg.build([corpus], out, **options)
        seconds = time.perf_counter() - start
        parts = {k: v - before.get(k, 0.0) for k, v in stages.seconds.items()}
        times[name] = (seconds, {k: v for k, v in parts.items() if v > 0})

    timed_build("nothing changed")
    lines = corpus.read_text(encoding="utf-8").splitlines()
    for k in range(0, len(lines), 100):
        record = json.loads(lines[k])
        record["text"] += " Officials said the toll could rise."
        lines[k] = json.dumps(record)
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    timed_build("1% changed")
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--every", type=int, default=1000, help="sample RSS every so many articles")
    parser.add_argument("--no-viewer", action="store_true", help="skip graph.html")
    parser.add_argument(
        "--jobs", type=int, default=1, help="extracting processes (default 1; 0: one per core)"
    )
    parser.add_argument(
        "--cluster",
        help="a Dask scheduler's address, or 'local' for a LocalCluster of one process per core",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="then time a rebuild unchanged and one with 1%% changed",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        size = write_corpus(corpus, args.n)
        print(f"{args.n:,} articles, {size / 1e6:.1f} MB of JSON Lines")
        kg.extract.build_nlp()  # load the lexicons and the pipeline outside the timed part
        stages = Stages()
        stages.install()
        samples: list[tuple[int, float, float, float]] = []
        start = time.perf_counter()
        count = 0

        def progress(_name: str, outcome: str) -> None:
            nonlocal count
            count += 1
            if count % args.every == 0:
                samples.append((count, time.perf_counter() - start, rss_mb(), peak_rss_mb()))

        loop_end = {}
        refresh = build_module.refresh_outputs

        def mark_refresh(*a, **k):
            if "t" not in loop_end:  # the fresh build's, not a rebuild's
                loop_end["t"], loop_end["rss"] = time.perf_counter() - start, rss_mb()
            return refresh(*a, **k)

        build_module.refresh_outputs = mark_refresh
        options = {"viewer": not args.no_viewer}
        if args.jobs != 1:  # older trees have no jobs
            options["jobs"] = args.jobs
        if args.cluster:
            options["cluster"] = _cluster(args.cluster)
        report = kg.build([corpus], Path(tmp) / "out", progress=progress, **options)
        total = time.perf_counter() - start
        peak = peak_rss_mb()
        fresh_stages = dict(stages.seconds)
        rebuilds = _rebuilds(corpus, Path(tmp) / "out", options, stages) if args.rebuild else {}

    print(report.summary().rsplit(" -> ", 1)[0])
    if report.errors:
        print(f"{len(report.errors)} errors, first: {report.errors[0]}")
    print(f"\n{'stage':16}{'seconds':>10}{'articles/s':>12}")
    for stage in (
        "ingest+extract",
        "rdf",
        "store",
        "fuse+export",
        "  fuse",
        "  network",
        "  tables",
        "  sources",
        "  export files",
        "  viewer",
    ):
        seconds = fresh_stages.get(stage, 0.0)
        print(f"{stage:16}{seconds:10.1f}{args.n / seconds if seconds else float('inf'):12.1f}")
    print(f"{'total':16}{total:10.1f}{args.n / total:12.1f}")
    print(f"\n{'articles':>9}{'seconds':>9}{'RSS MB':>9}{'peak MB':>9}")
    for n, seconds, rss, top in samples:
        print(f"{n:9,}{seconds:9.1f}{rss:9.0f}{top:9.0f}")
    if "t" in loop_end:
        print(f"{'(loop end)':>9}{loop_end['t']:9.1f}{loop_end['rss']:9.0f}")
    print(
        f"\npeak RSS {peak:.0f} MB (in the fuse and export stages, which read the graph as a whole)"
    )
    for name, (seconds, parts) in rebuilds.items():
        print(f"rebuild, {name}: {seconds:.1f} s, {seconds / total:.1%} of the fresh build")
        for stage, part in parts.items():
            print(f"  {stage:16}{part:8.1f} s")
    if len(samples) >= 3:
        xs, ys = [n / 1000 for n, *_ in samples[1:]], [rss for _n, _s, rss, _p in samples[1:]]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mean_x) ** 2 for x in xs
        )
        print(
            f"RSS growth while streaming: {slope:+.1f} MB per 1,000 articles "
            f"(least squares over {samples[1][0]:,}-{samples[-1][0]:,} articles)"
        )


if __name__ == "__main__":
    main()
