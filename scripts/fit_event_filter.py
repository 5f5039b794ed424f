"""Fit the event filter (``kg/extract/event_filter.py``) on the gold and say what it does.

Extracts every article of the given seed folders with the filter off, labels each
extracted event by whether it matches one of its article's gold events (as ``kg eval``
matches them), and fits an L2-regularised logistic model on the folders named by
``--fit``. The filter keeps the only event of an article and any event with a death toll
whatever its score, and is scored here the same way. It prints, for each threshold, event precision, recall and F1 summed over the
fitting folders with each folder's events scored by a model fitted on the others
(leave-one-folder-out), and over the other folders given (``--check``) with the model
fitted on all fitting folders. ``--write`` saves the weights fitted on every fitting folder
and the threshold with the best leave-one-folder-out F1 to ``kg/lexicons/event_filter.json``.

    python scripts/fit_event_filter.py --fit seeds/corpus seeds/regional seeds/dev/batch1 ... \\
        --check seeds/dev/batch37 seeds/dev/batch38
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from kg.evaluate.scoring import _match_events, _Names, _with_date, load_aliases, load_gold
from kg.extract import extract_many
from kg.extract.event_filter import FEATURES, WEIGHTS_FILE, disabled, event_features, kept
from kg.ingest import load_documents

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def collect(folder: str) -> tuple[list[list[float]], list[int], int]:
    """Feature rows and labels of every extracted event of a folder, and its gold event count."""
    gold_dir = Path(folder) / "gold"
    aliases = load_aliases(gold_dir)
    gold = list(load_gold(gold_dir))
    wanted = {g.article for g in gold}
    inputs = sorted({p for p in Path(folder).rglob("*") if p.name in wanted})
    documents = [d for d in load_documents(inputs) if not isinstance(d, Exception)]
    with disabled():
        extractions = {ex.document.id: ex for ex in extract_many(documents)}
    rows, labels, n_gold = [], [], 0
    for g in gold:
        ex = extractions.get(g.doc_id)
        gold_events = [
            _with_date(e, ex.document.published if ex else None) for e in g.data.get("events", [])
        ]
        n_gold += len(gold_events)
        if ex is None:
            continue
        names = _Names(ex, aliases)
        matched = {id(pe) for _, pe in _match_events(gold_events, list(ex.events), names)}
        kinds = {e.key: e.kind for e in ex.entities if e.is_place}
        rows += event_features(list(ex.events), ex.document, kinds)
        labels += [int(id(pe) in matched) for pe in ex.events]
    return rows, labels, n_gold


def fit(X: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is regularised too)."""
    w = np.zeros(X.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-X @ w))
        gradient = X.T @ (p - y) + l2 * w
        hessian = (X.T * (p * (1 - p))) @ X + l2 * np.eye(X.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def prf(
    X: np.ndarray, probs: np.ndarray, y: np.ndarray, n_gold: int, t: float
) -> tuple[float, float, float]:
    """Event precision, recall and F1 with the events the filter keeps at threshold ``t``."""
    keep = np.array(kept(X.tolist(), probs.tolist(), t), dtype=bool)
    tp, fp = int(y[keep].sum()), int((1 - y[keep]).sum())
    fn = n_gold - tp
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", nargs="+", required=True, help="seed folders to fit on")
    parser.add_argument("--check", nargs="*", default=[], help="seed folders to check on")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)

    data = {f: collect(f) for f in [*args.fit, *args.check]}
    for f, (rows, labels, n_gold) in data.items():
        print(f"{f}: {len(rows)} events, {sum(labels)} matched, {n_gold} gold", file=sys.stderr)

    def stack(folders):
        X = np.array([r for f in folders for r in data[f][0]], dtype=float).reshape(
            -1, len(FEATURES)
        )
        y = np.array([v for f in folders for v in data[f][1]], dtype=float)
        return X, y, sum(data[f][2] for f in folders)

    X, y, n_gold = stack(args.fit)
    lofo = np.zeros(len(y))
    at = 0
    for f in args.fit:
        n = len(data[f][1])
        Xo, yo, _ = stack([o for o in args.fit if o != f])
        lofo[at : at + n] = 1 / (1 + np.exp(-X[at : at + n] @ fit(Xo, yo, args.l2)))
        at += n
    weights = fit(X, y, args.l2)
    check = None
    if args.check:
        Xc, yc, nc = stack(args.check)
        check = (Xc, 1 / (1 + np.exp(-Xc @ weights)), yc, nc)
    print(f"{'threshold':>9}  fitting folders, each left out: P R F1   |  check folders: P R F1")
    best = max(THRESHOLDS, key=lambda t: (round(prf(X, lofo, y, n_gold, t)[2], 4), -t))
    for t in THRESHOLDS:
        line = "{:9.2f}  {:.3f} {:.3f} {:.3f}".format(t, *prf(X, lofo, y, n_gold, t))
        if check is not None:
            line += "   |  {:.3f} {:.3f} {:.3f}".format(*prf(*check, t))
        print(line + ("   <- best left-out F1" if t == best else ""))
    for name, w in sorted(zip(FEATURES, weights, strict=True), key=lambda x: -abs(x[1])):
        print(f"  {name:28s} {w:+.3f}")
    if args.write:
        out = ROOT / "kg" / "lexicons" / WEIGHTS_FILE
        out.write_text(
            json.dumps(
                {
                    "about": "Logistic weights of kg/extract/event_filter.py; made by "
                    "scripts/fit_event_filter.py --write",
                    "fitted_on": [str(Path(f)) for f in args.fit],
                    "l2": args.l2,
                    "threshold": best,
                    "features": list(FEATURES),
                    "weights": [round(float(w), 6) for w in weights],
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {out} (threshold {best})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
