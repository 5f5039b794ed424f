"""Peak memory of `kg build` on inputs made of dense event sentences.

Each case is built in a fresh process (``kg build`` in a subprocess, into a temporary
folder) and its peak resident set size read from ``getrusage``: a 1.1 MB article of
event sentences, and JSON Lines feeds whose records are 390 KB each (one, two and four
records, to show that memory does not grow with the number of records).

    python benchmarks/bench_memory.py
    python benchmarks/bench_memory.py --size 200000      # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = [
    "Gunmen of the Balochistan Liberation Army attacked a Levies post in Panjgur on Monday, "
    "killing three soldiers and injuring five, officials said.",
    "A roadside bomb struck a Frontier Corps convoy in Kech district on Tuesday, killing two "
    "soldiers, police said.",
    "Militants ambushed a police van near Quetta on Wednesday, killing four policemen; the "
    "Tehreek-i-Taliban Pakistan claimed responsibility.",
    "A suicide bomber blew himself up at a checkpoint in Bannu on Thursday, killing seven "
    "people, including two children.",
]


def dense_text(size: int) -> str:
    """About ``size`` bytes of event sentences, a paragraph of four per line."""
    paragraph = " ".join(SENTENCES) + "\n"
    return paragraph * max(1, size // len(paragraph))


def peak_rss_mb(inputs: list[Path], out: Path) -> tuple[float, float, str]:
    """Build ``inputs`` into ``out`` in a child process: (peak MB, seconds, last line)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = (
        "import resource, sys\n"
        "from kg.cli import cli\n"
        "try:\n"
        "    cli(sys.argv[1:])\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    print(f'PEAK {peak}', file=sys.stderr)\n"
    )
    args = [
        sys.executable,
        "-c",
        code,
        "build",
        *map(str, inputs),
        "--out",
        str(out),
        "--no-viewer",
    ]
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = next(
        int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK ")
    )
    summary = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    return peak / 1024, seconds, summary


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_100_000, help="bytes of the article")
    parser.add_argument("--record", type=int, default=390_000, help="bytes per JSONL record")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cases: dict[str, list[Path]] = {}
        article = root / "dense.txt"
        article.write_text(dense_text(args.size), encoding="utf-8")
        cases[f"article {args.size // 1000} KB"] = [article]
        for count in (1, 2, 4):
            feed = root / f"feed{count}.jsonl"
            records = [
                json.dumps({"id": f"r{i}", "text": f"Record {i}. " + dense_text(args.record)})
                for i in range(count)
            ]
            feed.write_text("\n".join(records) + "\n", encoding="utf-8")
            cases[f"jsonl {count} x {args.record // 1000} KB"] = [feed]
        print(f"{'case':<24} {'peak MB':>8} {'seconds':>8}  summary")
        for i, (name, inputs) in enumerate(cases.items()):
            peak, seconds, summary = peak_rss_mb(inputs, root / f"out{i}")
            print(f"{name:<24} {peak:>8.0f} {seconds:>8.1f}  {summary}")


if __name__ == "__main__":
    main()
