"""Benchmark writing each export file from scratch, format by format.

Builds N generated articles once (the generator of ``bench_build.py``) into a temporary
folder, or reuses a build given with ``--out``, then times ``kg.publish.export.export`` for
one format at a time after removing that format's file and the export index, so every unit is
rendered again (nothing is copied from an earlier file). CPU time is reported beside wall
time: on a loaded machine CPU time is what compares across runs.

    python benchmarks/bench_export.py                    # 500 articles, every format
    python benchmarks/bench_export.py --n 2000 --format jsonld --format ttl
    python benchmarks/bench_export.py --out exports/     # an existing build

For a ratio against an earlier tree, copy this script into a copy of that tree
(``git archive COMMIT | tar -x -C DIR``) and run both at the same time on one ``--out``
copy each: they then share the machine's load.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import kg  # noqa: E402
from kg.publish.export import export  # noqa: E402
from kg.store.embedded import open_store  # noqa: E402

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def _bench_build():
    spec = importlib.util.spec_from_file_location("bench_build", HERE / "bench_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files_of(out: Path, fmt: str) -> list[Path]:
    return [p for p in out.iterdir() if p.name.startswith("graph.") and p.suffix == f".{fmt}"]


def time_format(out: Path, fmt: str, repeat: int) -> tuple[float, float, int]:
    """Best (CPU s, wall s) of ``repeat`` from-scratch writes of ``fmt``, and the file's bytes."""
    best_cpu = best_wall = float("inf")
    size = 0
    for _ in range(repeat):
        for path in [*_files_of(out, fmt), out / "export-index.json"]:
            path.unlink(missing_ok=True)
        cpu, wall = time.process_time(), time.perf_counter()
        with open_store(out) as store:
            files = export(store, out, formats=(fmt,))
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        size = sum(Path(p).stat().st_size for p in files.values() if Path(p).is_file())
    return best_cpu, best_wall, size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="generated articles (default 500)")
    parser.add_argument("--out", type=Path, help="an existing build folder to export from")
    parser.add_argument(
        "--format", action="append", dest="formats", help="repeatable; default the RDF files"
    )
    parser.add_argument("--repeat", type=int, default=2, help="timed writes per format")
    args = parser.parse_args(argv)
    formats = tuple(args.formats or RDF_FORMATS)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        out = Path(tmp) / "out"
        if args.out:
            shutil.copytree(args.out, out)
        else:
            corpus = Path(tmp) / "corpus.jsonl"
            _bench_build().write_corpus(corpus, args.n)
            kg.build([corpus], out, viewer=False)
        print(f"{'format':8} {'CPU s':>8} {'wall s':>8} {'MB':>8}")
        for fmt in formats:
            cpu, wall, size = time_format(out, fmt, args.repeat)
            print(f"{fmt:8} {cpu:8.2f} {wall:8.2f} {size / 1e6:8.1f}")


if __name__ == "__main__":
    main()
