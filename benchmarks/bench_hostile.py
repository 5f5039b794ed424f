"""Time `kg.build` on 1 MB files made to be slow to tokenize, and print the worst.

spaCy's tokenizer takes time quadratic in the length of a run of punctuation without a
space; ingest cuts such runs (:data:`kg.ingest.limits.MAX_RUN_CHARS`). Each shape below
is written to its own file of about ``--size`` bytes and built into a fresh output folder
with the default exports; the script prints each build's time and the worst.

    python benchmarks/bench_hostile.py
    python benchmarks/bench_hostile.py --size 200000     # a quick run
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kg  # noqa: E402
from kg.ingest.limits import MAX_LINE_CHARS, MAX_PUNCTUATION_RUN, MAX_RUN_CHARS  # noqa: E402

PUNCTUATION = "=&[+%$!(*_#:;,?<>'\""
LEAD = "Gunmen attacked a Levies post in Panjgur on Monday, killing three soldiers.\n"


def _fill(unit: str, size: int, separator: str) -> str:
    count = max(1, size // (len(unit) + len(separator)))
    return LEAD + separator.join([unit] * count)


def shapes(size: int) -> dict[str, str]:
    """File name -> content of about ``size`` bytes."""
    longest = MAX_LINE_CHARS - 1  # the longest line read rather than refused
    mixed = (PUNCTUATION * (MAX_RUN_CHARS // len(PUNCTUATION) + 1))[:MAX_RUN_CHARS]
    files = {f"line-{ord(c):x}.txt": _fill(c * longest, size, "\n") for c in PUNCTUATION}
    # Runs just short of a cut, as many as a line holds: the most tokenizer work kept.
    for name, run in [
        ("punctuation-at-limit", "=" * MAX_PUNCTUATION_RUN),
        ("dots-at-limit", "a." * (MAX_RUN_CHARS // 2)),
        ("mixed-over-limit", mixed),
    ]:
        files[f"{name}.txt"] = _fill(" ".join([run] * (longest // (len(run) + 1))), size, "\n")
    files["alternating.txt"] = _fill("a=" * (longest // 2), size, "\n")
    files["amp.html"] = "<p>" + _fill("&amp;" * (longest // 5), size, "</p><p>") + "</p>"
    files["feed.jsonl"] = json.dumps({"id": "feed", "text": _fill("&" * longest, size, "\n")})
    return files


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warm = root / "warm.txt"
        warm.write_text(LEAD, encoding="utf-8")
        kg.build([warm], root / "warm-out")  # loads spaCy and the lexicons once
        worst = (0.0, "")
        for name, content in shapes(args.size).items():
            path = root / "in" / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(content, encoding="utf-8")
            start = time.perf_counter()
            report = kg.build([path], root / f"out-{name}")
            seconds = time.perf_counter() - start
            worst = max(worst, (seconds, name))
            print(
                f"{name:26} {path.stat().st_size:>10,} bytes {seconds:7.2f} s  "
                f"{len(report.built)} built, {len(report.errors)} failed, "
                f"{len(report.warnings)} warned"
            )
        print(f"worst: {worst[0]:.2f} s ({worst[1]})")


if __name__ == "__main__":
    main()
