"""A last check on each extracted event: does it look like an incident a reader would list?

The rules make an event of every clause group with a trigger; some of those are not
incidents a reader would list: a recalled attack with no place, a threat dated only to a
year, a national figure read as one event. This module scores each event with a logistic
model over features of the event as extracted (its kind, how precise its date and place
are, whether a toll or perpetrator was found, where in the article it is told, how many
events the article has) and drops the events the model gives a low probability of being
one of the gold's incidents. It never drops the only event of an article or an event with a
death toll.

The weights are data, ``kg/lexicons/event_filter.json``, fitted on the gold of the
development sets by ``scripts/fit_event_filter.py`` (which also prints the leave-one-set-
out scores that chose the threshold and what the model does on sets it was not fitted on).
Without that file every event is kept.

    >>> features_of_event("2025-01-04", "City", background=False, kind="Attack", toll=4,
    ...     injured=None, perpetrator=True, targets=1, evidence=[10], content_length=100,
    ...     title_length=20, index=0, n_events=1, published="2025-01-05")["date_day"]
    1.0
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from kg.core.errors import KgError
from kg.core.model import Document, EventRecord
from kg.core.resources import lexicons_dir

__all__ = [
    "FEATURES",
    "features_of_event",
    "event_features",
    "keep_incidents",
    "kept",
    "disabled",
]

#: Kinds with a feature of their own; the rest share the bias.
KINDS = (
    "Attack",
    "Bombing",
    "SuicideBombing",
    "Ambush",
    "Hijacking",
    "MilitaryOperation",
    "AirStrike",
    "Clash",
    "Kidnapping",
    "Assassination",
)
PLACE_KINDS = ("Country", "Province", "District", "City", "Site")

FEATURES = (
    "bias",
    "background",
    *(f"kind_{k}" for k in KINDS),
    "date_none",
    "date_year",
    "date_month",
    "date_day",
    "date_is_published",
    "log_days_before_published",
    "date_after_published",
    *(f"place_{k}" for k in PLACE_KINDS),
    "place_none",
    "perpetrator",
    "log_targets",
    "toll_given",
    "toll_positive",
    "injured_given",
    "log_evidence",
    "first_position",
    "in_title",
    "log_events",
    "order",
    "single",
)

WEIGHTS_FILE = "event_filter.json"


class EventFilterError(KgError):
    """The shipped weights do not fit the features this version computes."""


def features_of_event(
    event_date: str | None,
    place_kind: str | None,
    *,
    background: bool,
    kind: str,
    toll: int | None,
    injured: int | None,
    perpetrator: bool,
    targets: int,
    evidence: Iterable[int],
    content_length: int,
    title_length: int,
    index: int,
    n_events: int,
    published: str | date | None,
) -> dict[str, float]:
    """The model's features of one event, by name (see :data:`FEATURES`)."""
    f = dict.fromkeys(FEATURES, 0.0)
    f["bias"] = 1.0
    f["background"] = float(background)
    if kind in KINDS:
        f[f"kind_{kind}"] = 1.0
    d = event_date or ""
    f["date_none"] = float(not d)
    f["date_year"] = float(len(d) == 4)
    f["date_month"] = float(len(d) == 7)
    f["date_day"] = float(len(d) == 10)
    if published is not None and len(d) == 10:
        pub = published if isinstance(published, date) else date.fromisoformat(str(published))
        try:
            gap = (pub - date.fromisoformat(d)).days
        except ValueError:
            gap = 0
        f["date_is_published"] = float(gap == 0)
        f["log_days_before_published"] = math.log1p(max(0, gap))
        f["date_after_published"] = float(gap < 0)
    if place_kind in PLACE_KINDS:
        f[f"place_{place_kind}"] = 1.0
    f["place_none"] = float(place_kind is None)
    f["perpetrator"] = float(perpetrator)
    f["log_targets"] = math.log1p(targets)
    f["toll_given"] = float(toll is not None)
    f["toll_positive"] = float(bool(toll))
    f["injured_given"] = float(injured is not None)
    starts = list(evidence) or [0]
    f["log_evidence"] = math.log1p(len(starts))
    f["first_position"] = min(starts) / max(1, content_length)
    f["in_title"] = float(title_length > 0 and min(starts) < title_length)
    f["log_events"] = math.log(max(1, n_events))
    f["order"] = index / (n_events - 1) if n_events > 1 else 0.0
    f["single"] = float(n_events == 1)
    return f


def event_features(
    events: list[EventRecord], document: Document, place_kinds: Mapping[str, str]
) -> list[list[float]]:
    """The feature vector of each of a document's events, in :data:`FEATURES` order."""
    content_length = len(document.content)
    title_length = len(document.title) if document.title else 0
    rows = []
    for index, event in enumerate(events):
        f = features_of_event(
            event.date,
            place_kinds.get(event.location) if event.location else None,
            background=event.background,
            kind=event.kind,
            toll=event.fatalities,
            injured=event.injured,
            perpetrator=event.perpetrator is not None,
            targets=len(event.targets),
            evidence=[e.start for e in event.evidence],
            content_length=content_length,
            title_length=title_length,
            index=index,
            n_events=len(events),
            published=document.published,
        )
        rows.append([f[name] for name in FEATURES])
    return rows


_OFF = {"off": False}


@contextmanager
def disabled() -> Iterator[None]:
    """Keep every event while inside (to collect the rules' own events for fitting)."""
    before = _OFF["off"]
    _OFF["off"] = True
    try:
        yield
    finally:
        _OFF["off"] = before


@cache
def _model(path: Path) -> tuple[tuple[float, ...], float] | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURES:
        raise EventFilterError(
            f"{path}: its features do not match this version's; "
            "refit with scripts/fit_event_filter.py --write"
        )
    return tuple(float(w) for w in data["weights"]), float(data["threshold"])


def probabilities(rows: list[list[float]], weights: Iterable[float]) -> list[float]:
    """The model's probability that each row is a listed incident."""
    w = list(weights)
    out = []
    for row in rows:
        z = sum(a * b for a, b in zip(row, w, strict=True))
        out.append(1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z)))))
    return out


def keep_incidents(
    events: list[EventRecord],
    document: Document,
    place_kinds: Mapping[str, str],
    weights_path: Path | None = None,
) -> list[EventRecord]:
    """``events`` without those the shipped model scores below its threshold."""
    if _OFF["off"] or not events:
        return events
    model = _model(weights_path or lexicons_dir() / WEIGHTS_FILE)
    if model is None:
        return events
    weights, threshold = model
    rows = event_features(events, document, place_kinds)
    keep = kept(rows, probabilities(rows, weights), threshold)
    return [event for event, k in zip(events, keep, strict=True) if k]


_SINGLE = FEATURES.index("single")
_DEATHS = FEATURES.index("toll_positive")


def kept(rows: list[list[float]], scores: Iterable[float], threshold: float) -> list[bool]:
    """Which events stay: those scored at or above ``threshold``, and whatever the score,
    the only event of its article and an event with a death toll (a reader would rather
    have an incident at a coarse place than lose it)."""
    return [
        p >= threshold or row[_SINGLE] == 1.0 or row[_DEATHS] == 1.0
        for row, p in zip(rows, scores, strict=True)
    ]
