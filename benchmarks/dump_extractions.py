"""Dump every Extraction of the seeds and of synthetic articles to one JSON file.

A speed change to the extractor must not change what it extracts. Run this before
the change and after it, and compare the two files byte for byte:

    python benchmarks/dump_extractions.py --out /tmp/before.json
    ... change kg/extract ...
    python benchmarks/dump_extractions.py --out /tmp/after.json
    cmp /tmp/before.json /tmp/after.json

The documents are every file under ``seeds/`` (through :func:`kg.ingest.reader.load_documents`)
and ``--n`` synthetic articles from ``bench_extract``'s generator. Each Extraction is
turned into JSON with :func:`dataclasses.asdict` (``default=str`` for dates); the records
are sorted by document id, and list order inside a record is kept, since it is output too.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import make_articles  # noqa: E402

from kg.core.model import Document  # noqa: E402
from kg.extract import extract_many  # noqa: E402
from kg.ingest import load_documents  # noqa: E402


def collect_documents(n: int, extra: list[str], seed: int = 7) -> list[Document]:
    """The seed documents, any ``extra`` paths, and ``n`` synthetic articles."""
    paths = [str(ROOT / "seeds"), *extra]
    documents, errors = [], []
    for item in load_documents(paths):
        (documents if isinstance(item, Document) else errors).append(item)
    for error in errors:
        print(f"skipped: {error}", file=sys.stderr)
    return documents + make_articles(n, seed=seed)


def dump(documents: list[Document]) -> str:
    """One JSON line per Extraction, sorted by document id."""
    lines = [
        json.dumps(dataclasses.asdict(e), sort_keys=True, default=str, ensure_ascii=False)
        for e in extract_many(documents)
    ]
    return "\n".join(sorted(lines)) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--n", type=int, default=300, help="synthetic articles (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the synthetic articles")
    parser.add_argument("extra", nargs="*", help="more input files or folders")
    args = parser.parse_args(argv)
    documents = collect_documents(args.n, args.extra, args.seed)
    args.out.write_text(dump(documents), encoding="utf-8")
    print(f"{len(documents)} documents -> {args.out}")


if __name__ == "__main__":
    main()
