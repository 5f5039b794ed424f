"""Score extractions against gold annotations (the format of ``seeds/corpus/README.md``).

Measures, over every gold file:

- **entities**: precision / recall / F1 of the entities the text names. A predicted
  entity matches a gold one when the types agree and a name agrees: the predicted
  label is the gold name or one of its aliases (from ``CANON.md`` when present), or
  the gold name is one of the predicted surface forms. Matching is one-to-one.
- **events**: precision / recall / F1, where a predicted event matches a gold event
  when its date agrees at the gold's precision and its place agrees (the same place,
  a place inside it, the gold's district, or a place in the gold's district: the
  precision ACLED's admin2 keeps).
- **fields**: accuracy on matched events of type, date, location, district
  (admin2), province (admin1), perpetrator, targets (exact set) and fatalities (the
  best figure: the gold's ``fatalities`` where it gives one, else ``fatalities_min``).
- **errors by class** (:mod:`kg.evaluate.error_classes`): wrong places, duplicates,
  missed events, tolls, types and perpetrators, counted.
- **statistics**: precision / recall of aggregate figures by value.
- **dedup** (when an ``events.json`` with ``incidents`` sits beside the gold files
  and fused events are given): fused events against distinct gold incidents.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.core.dates import parse_partial_date
from kg.core.errors import KgError
from kg.core.model import Extraction
from kg.evaluate.error_classes import ErrorClasses, dateline_of, place_error, toll_error
from kg.sparql.named import internal_query

__all__ = ["GoldFile", "Scores", "load_gold", "score", "format_scores"]


@dataclass
class GoldFile:
    """One gold annotation and the name of the article it annotates."""

    path: Path
    article: str
    data: dict

    @property
    def doc_id(self) -> str:
        return Path(self.article).stem


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


FIELDS = ("type", "date", "location", "admin2", "admin1", "perpetrator", "targets", "fatalities")


@dataclass
class Scores:
    """Totals over all gold files, with per-document details for error analysis."""

    entities: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    statistics: Counts = field(default_factory=Counts)
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    matched_events: int = 0
    dedup: dict | None = None
    documents: dict[str, dict] = field(default_factory=dict)
    errors: ErrorClasses = field(default_factory=ErrorClasses)
    #: (document id, gold event id, 1-based index of the extracted event matched to it): which
    #: report in the graph stands for which gold incident, to score fusion report by report.
    matched_reports: list[tuple[str, str, int]] = field(default_factory=list)

    def field_accuracy(self) -> dict[str, float]:
        n = self.matched_events
        return {f: round(self.field_hits[f] / n, 4) if n else 0.0 for f in FIELDS}

    def as_dict(self) -> dict:
        return {
            "entities": self.entities.as_dict(),
            "events": self.events.as_dict(),
            "statistics": self.statistics.as_dict(),
            "fields": self.field_accuracy(),
            "matched_events": self.matched_events,
            "dedup": self.dedup,
            "errors": self.errors.as_dict(),
            "documents": self.documents,
        }


def load_gold(folder: Path) -> list[GoldFile]:
    """Return every gold annotation (a JSON object with ``article`` and ``events``) under ``folder``."""
    folder = Path(folder)
    files = [folder] if folder.is_file() else sorted(folder.rglob("*.json"))
    gold = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise KgError(f"{path}: not a readable gold file ({error})") from None
        if isinstance(data, dict) and "article" in data and "events" in data:
            gold.append(GoldFile(path, data["article"], data))
    if not gold:
        raise KgError(f"{folder}: no gold files (JSON objects with 'article' and 'events')")
    return gold


def load_aliases(folder: Path) -> dict[str, set[str]]:
    """Canonical name -> normalised aliases, from a ``CANON.md`` table at or above ``folder``."""
    for candidate in (folder, *folder.parents):
        canon = candidate / "CANON.md"
        if canon.is_file():
            break
    else:
        return {}
    aliases: dict[str, set[str]] = {}
    for line in canon.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if (
            len(cells) >= 3
            and cells[0]
            and not set(cells[0]) <= {"-", " "}
            and cells[0] != "Canonical name"
        ):
            names = {_norm(cells[0])} | {
                _norm(a) for a in cells[2].split(",") if a.strip() not in ("", "—")
            }
            aliases[cells[0]] = names
    return aliases


def score(
    gold: Iterable[GoldFile],
    extractions: Mapping[str, Extraction],
    *,
    aliases: Mapping[str, set[str]] | None = None,
) -> Scores:
    """Score ``extractions`` (by document id) against ``gold``.

    Args:
        gold: gold annotations, e.g. from :func:`load_gold`.
        extractions: document id -> its Extraction; a gold file whose article is missing
            counts every gold item as missed.
        aliases: canonical name -> normalised alias set (see :func:`load_aliases`).
    """
    aliases = aliases or {}
    scores = Scores()
    for g in gold:
        extraction = extractions.get(g.doc_id)
        doc = _score_document(g, extraction, aliases, scores)
        scores.documents[g.doc_id] = doc
    return scores


def _score_document(g: GoldFile, ex: Extraction | None, aliases, scores: Scores) -> dict:
    names = _Names(ex, aliases)
    published = ex.document.published if ex else None
    gold_entities = g.data.get("entities", [])
    predicted = [e for e in ex.entities if e.mentions] if ex else []
    ent = Counts()
    unmatched = list(predicted)
    missed = []
    for ge in gold_entities:
        hit = next(
            (p for p in unmatched if p.kind == ge["type"] and names.entity_matches(p, ge["name"])),
            None,
        )
        if hit:
            unmatched.remove(hit)
            ent.tp += 1
        else:
            missed.append(f"{ge['name']} ({ge['type']})")
    ent.fn = len(missed)
    ent.fp = len(unmatched)
    scores.entities.add(ent)

    gold_events = [_with_date(e, published) for e in g.data.get("events", [])]
    pred_events = list(ex.events) if ex else []
    pairs = _match_events(gold_events, pred_events, names)
    evc = Counts(tp=len(pairs), fp=len(pred_events) - len(pairs), fn=len(gold_events) - len(pairs))
    scores.events.add(evc)
    field_errors = []
    for ge, pe in pairs:
        index = next(n for n, p in enumerate(pred_events, start=1) if p is pe)
        scores.matched_reports.append((g.doc_id, ge["id"], index))
        scores.matched_events += 1
        for name, ok in _field_checks(ge, pe, names).items():
            scores.field_hits[name] += ok
            if not ok:
                field_errors.append(
                    f"{ge['id']}: {name} gold={_gold_field(ge, name)!r} got={_pred_field(pe, name, names)!r}"
                )
    _classify(g, ex, gold_events, pred_events, pairs, names, scores.errors)

    stats = Counts()
    gold_values = [s["value"] for s in g.data.get("statistics", [])]
    pred_values = [s.value for s in ex.statistics] if ex else []
    for value in pred_values:
        if value in gold_values:
            gold_values.remove(value)
            stats.tp += 1
        else:
            stats.fp += 1
    stats.fn = len(gold_values)
    scores.statistics.add(stats)

    return {
        "entities": ent.as_dict(),
        "events": evc.as_dict(),
        "statistics": stats.as_dict(),
        "missed_entities": missed,
        "extra_entities": [f"{p.label} ({p.kind})" for p in unmatched],
        "missed_events": [e["id"] for e in gold_events if all(e is not ge for ge, _ in pairs)],
        "extra_events": [
            f"{p.kind} {p.date} {names.label(p.location)} ({p.fatalities})"
            for p in pred_events
            if all(p is not pe for _, pe in pairs)
        ],
        "field_errors": field_errors,
    }


def _with_date(event: dict, published) -> dict:
    """Use the gold's publication-relative date (``date_if_published_YYYY_MM_DD``) when it applies."""
    if event.get("date") is None and published is not None:
        key = f"date_if_published_{published.isoformat().replace('-', '_')}"
        if key in event:
            return {**event, "date": event[key]}
    return event


def _match_events(
    gold_events: list[dict], pred_events: list, names: _Names
) -> list[tuple[dict, object]]:
    candidates = []
    for gi, ge in enumerate(gold_events):
        for pi, pe in enumerate(pred_events):
            if not (_date_agrees(ge.get("date"), pe.date) and names.place_agrees(ge, pe.location)):
                continue
            checks = _field_checks(ge, pe, names)
            candidates.append((sum(checks.values()), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates, key=lambda c: -c[0]):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold_events[gi], pred_events[pi]))
    return pairs


def _date_agrees(gold: str | None, pred: str | None) -> bool:
    """The prediction lies within the gold date: right at the gold's precision."""
    if gold is None:
        return True
    gold_date, pred_date = parse_partial_date(gold), parse_partial_date(pred)
    return gold_date is not None and pred_date is not None and gold_date.contains(pred_date)


def _field_checks(ge: dict, pe, names: _Names) -> dict[str, bool]:
    gold_targets = {_norm(t) for t in ge.get("targets") or []}
    pred_targets = {names.canonical(t, ge.get("targets") or []) for t in pe.targets}
    return {
        "type": pe.kind == ge.get("type"),
        "date": (pe.date or None) == ge.get("date"),
        "location": names.same(pe.location, ge.get("location")),
        "admin2": names.ancestor_label(pe.location, "District") == _norm_or_none(ge.get("admin2")),
        "admin1": names.ancestor_label(pe.location, "Province") == _norm_or_none(ge.get("admin1")),
        "perpetrator": (
            names.same(pe.perpetrator, ge["perpetrator"])
            if ge.get("perpetrator")
            else pe.perpetrator is None
        ),
        "targets": pred_targets == gold_targets,
        "fatalities": pe.fatalities == _best_toll(ge),
    }


def _gold_field(ge: dict, name: str):
    return {
        "type": ge.get("type"),
        "date": ge.get("date"),
        "location": ge.get("location"),
        "admin2": ge.get("admin2"),
        "admin1": ge.get("admin1"),
        "perpetrator": ge.get("perpetrator"),
        "targets": ge.get("targets"),
        "fatalities": _best_toll(ge),
    }[name]


def _pred_field(pe, name: str, names: _Names):
    return {
        "type": pe.kind,
        "date": pe.date,
        "location": names.label(pe.location),
        "admin2": names.ancestor_label(pe.location, "District"),
        "admin1": names.ancestor_label(pe.location, "Province"),
        "perpetrator": names.label(pe.perpetrator),
        "targets": [names.label(t) for t in pe.targets],
        "fatalities": pe.fatalities,
    }[name]


class _Names:
    """Resolves predicted entity keys to labels and compares them with gold names."""

    def __init__(self, ex: Extraction | None, aliases: Mapping[str, set[str]]):
        self.entities = {e.key: e for e in ex.entities} if ex else {}
        self.aliases = aliases

    def label(self, key: str | None) -> str | None:
        entity = self.entities.get(key) if key else None
        return entity.label if entity else key

    def _gold_names(self, gold_name: str) -> set[str]:
        return self.aliases.get(gold_name, set()) | {_norm(gold_name)}

    def entity_matches(self, entity, gold_name: str) -> bool:
        gold_names = self._gold_names(gold_name)
        if _norm(entity.label) in gold_names or any(_norm(a) in gold_names for a in entity.aliases):
            return True
        return _norm(gold_name) in {_norm(m.text) for m in entity.mentions}

    def same(self, key: str | None, gold_name: str | None) -> bool:
        if key is None or gold_name is None:
            return key is None and gold_name is None
        entity = self.entities.get(key)
        if entity is None:
            return _norm(key) in self._gold_names(gold_name)
        return self.entity_matches(entity, gold_name)

    def canonical(self, key: str, gold_names: list[str]) -> str:
        """The gold name this key matches, else the key's own normalised label."""
        for name in gold_names:
            if self.same(key, name):
                return _norm(name)
        return _norm(self.label(key) or key)

    def chain(self, key: str | None) -> list:
        chain, seen = [], set()
        while key and key not in seen and key in self.entities:
            seen.add(key)
            chain.append(self.entities[key])
            key = self.entities[key].parent
        return chain

    def ancestor_label(self, key: str | None, kind: str) -> str | None:
        return next((_norm(e.label) for e in self.chain(key) if e.kind == kind), None)

    def place_agrees(self, ge: dict, key: str | None) -> bool:
        """Same place, a place inside the gold's, the gold place's district or a place in it."""
        if not ge.get("location"):
            return True
        chain = self.chain(key)
        if not chain:
            return self.same(key, ge["location"])
        if any(self.entity_matches(e, ge["location"]) for e in chain):
            return True
        return bool(ge.get("admin2")) and any(self.entity_matches(e, ge["admin2"]) for e in chain)

    def is_parent(self, key: str | None, ge: dict) -> bool:
        """Whether ``key`` is a region that holds the gold place (its district, province ...)."""
        entity = self.entities.get(key) if key else None
        if entity is None:
            return False
        return any(
            ge.get(level) and self.entity_matches(entity, ge[level])
            for level in ("admin2", "admin1", "country")
        )


def _best_toll(ge: dict) -> int | None:
    """The gold's best figure: its ``fatalities`` where given, else ``fatalities_min``."""
    return ge["fatalities"] if "fatalities" in ge else ge.get("fatalities_min")


def _classify(g, ex, gold_events, pred_events, pairs, names, errors: ErrorClasses) -> None:
    """Count this document's errors by class (see :mod:`kg.evaluate.error_classes`)."""
    doc = g.doc_id
    dateline = dateline_of(ex.document.text) if ex else None
    published = ex.document.published.isoformat() if ex and ex.document.published else None
    paired_gold = {id(ge) for ge, _ in pairs}
    paired_pred = {id(pe) for _, pe in pairs}
    extra = [pe for pe in pred_events if id(pe) not in paired_pred]
    # A missed incident found elsewhere or on another day also shows as an extra event;
    # that extra is counted once, with the missed incident, not again as "other".
    explained: dict[int, str] = {}
    for ge in gold_events:
        if id(ge) in paired_gold:
            continue
        what = f"{doc}: {ge['id']}"
        same_day = [pe for pe in extra if _date_agrees(ge.get("date"), pe.date)]
        same_place = [pe for pe in extra if names.place_agrees(ge, pe.location)]
        if same_day:
            pe = same_day[0]
            explained.setdefault(id(pe), "extra: a missed incident, placed elsewhere")
            errors.add("missed: found in the wrong place", what)
            label = names.label(pe.location)
            kind = place_error(
                label,
                ge.get("location") or "",
                dateline=dateline,
                is_parent=names.is_parent(pe.location, ge),
            )
            errors.add(kind, f"{doc}: {label} for {ge.get('location')}")
        elif same_place:
            explained.setdefault(id(same_place[0]), "extra: a missed incident, dated elsewhere")
            on_publication = published is not None and same_place[0].date == published
            errors.add(
                "missed: dated to publication"
                if on_publication
                else "missed: found on the wrong date",
                f"{what}: {same_place[0].date} for {ge.get('date')}",
            )
        else:
            errors.add(
                "missed: not found" if not ge.get("background") else "missed: background not found",
                what,
            )
    for pe in extra:
        what = f"{doc}: {pe.kind} {pe.date} {names.label(pe.location)}"
        if not gold_events:
            errors.add("extra: event where nothing happened", what)
        elif any(
            _date_agrees(ge.get("date"), pe.date) and names.place_agrees(ge, pe.location)
            for ge in gold_events
        ):
            errors.add("extra: duplicate within the article", what)
        elif id(pe) in explained:
            errors.add(explained[id(pe)], what)
        elif pe.background:
            errors.add("extra: background incident", what)
        else:
            errors.add("extra: other", what)
    for ge, pe in pairs:
        checks = _field_checks(ge, pe, names)
        if not checks["location"] and not checks["admin2"]:
            label = names.label(pe.location)
            errors.add(
                place_error(
                    label,
                    ge.get("location") or "",
                    dateline=dateline,
                    is_parent=names.is_parent(pe.location, ge),
                ),
                f"{doc}: {label} for {ge.get('location')}",
            )
        if toll := toll_error(pe.fatalities, _best_toll(ge)):
            errors.add(toll, f"{doc}: {pe.fatalities} for {_best_toll(ge)}")
        if not checks["type"]:
            errors.add(f"type: {pe.kind} for {ge.get('type')}", f"{doc}: {ge['id']}")
        if not checks["perpetrator"]:
            got, want = names.label(pe.perpetrator), ge.get("perpetrator")
            kind = (
                "missing"
                if got is None
                else ("given where none is" if want is None else "another actor")
            )
            errors.add(f"perpetrator: {kind}", f"{doc}: {got} for {want}")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return re.sub(r"^the ", "", text)


def _norm_or_none(text: str | None) -> str | None:
    return _norm(text) if text else None


def format_scores(scores: Scores) -> str:
    """A plain-text table of the headline numbers."""
    lines = [f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name in ("entities", "events", "statistics"):
        c = getattr(scores, name)
        lines.append(
            f"{name:14}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.tp:6}{c.fp:6}{c.fn:6}"
        )
    lines.append(f"\nfield accuracy on {scores.matched_events} matched events:")
    for name, value in scores.field_accuracy().items():
        lines.append(f"  {name:12}{value:7.3f}")
    if scores.dedup:
        d = scores.dedup
        lines.append(
            f"\ndedup: {d['fused_events']} fused events for {d['gold_incidents']} gold incidents "
            f"(score {d['score']:.3f}"
            + (
                f"; reports of one incident left apart {d['unfused']}, incidents joined "
                f"{d['over_fused']}"
                if "unfused" in d
                else ""
            )
            + ")"
        )
    if scores.errors.counts:
        lines.append("\n" + scores.errors.format())
    return "\n".join(lines)


def evaluate(
    gold_dir: Path,
    inputs: Iterable[Path] | None = None,
    *,
    out: Path | None = None,
    published=None,
    config=None,
) -> Scores:
    """Extract ``inputs`` (default: the articles the gold files name, found under the gold
    folder's parent) and score them; with ``out``, also build the graph there and score
    the fused events against an ``events.json`` of distinct incidents. ``config`` (an
    :class:`~kg.extract.config.ExtractorConfig`) names the packs to read.
    """
    from kg.extract import extract_many
    from kg.ingest import load_documents

    gold_dir = Path(gold_dir)
    gold = load_gold(gold_dir)
    if not inputs:
        root = gold_dir if gold_dir.is_dir() else gold_dir.parent
        names = {g.article for g in gold}
        search = root.parent if root.name == "gold" else root
        inputs = sorted({p for p in search.rglob("*") if p.name in names})
    inputs = list(inputs)
    documents = [
        d for d in load_documents(inputs, published=published) if not isinstance(d, KgError)
    ]
    extractions = {ex.document.id: ex for ex in extract_many(documents, config=config)}
    scores = score(
        gold, extractions, aliases=load_aliases(gold_dir if gold_dir.is_dir() else gold_dir.parent)
    )
    if out is not None:
        from kg.pipeline import build

        build(inputs, out, published=published, viewer=False, config=config)
        scores.dedup = _dedup(gold_dir, out)
        if scores.dedup:
            unfused, over_fused = fusion_errors(
                scores.matched_reports, _fused_reports(out, scores.matched_reports)
            )
            scores.dedup.update(unfused=len(unfused), over_fused=len(over_fused))
            for what in unfused:
                scores.errors.add("across articles: unfused", what)
            for what in over_fused:
                scores.errors.add("across articles: over-fused", what)
    return scores


def fusion_errors(
    matched: Iterable[tuple[str, str, int]], fused: Mapping[tuple[str, int], str]
) -> tuple[list[str], list[str]]:
    """Fusion's mistakes, told report by report: one line for each extra piece.

    ``matched`` lists (document id, gold incident id, report number) for every extracted
    event that matched a gold event; ``fused`` maps (document id, report number) to the
    fused incident the report was joined into. An incident whose matched reports lie in
    *k* fused incidents is *unfused* k - 1 times; a fused incident joining matched reports
    of *k* gold incidents is *over-fused* k - 1 times. Extracted events that match no gold
    event are not counted here (they are the "extra" classes).

    >>> matched = [("a", "blast", 1), ("b", "blast", 1), ("b", "raid", 2), ("c", "raid", 1)]
    >>> fusion_errors(matched, {("a", 1): "e1", ("b", 1): "e2", ("b", 2): "e3", ("c", 1): "e3"})
    (['blast: 2 fused incidents (a, b)'], [])
    >>> fusion_errors(matched, {("a", 1): "e1", ("b", 1): "e1", ("b", 2): "e1", ("c", 1): "e1"})
    ([], ['one fused incident joins blast, raid (a, b, c)'])
    """
    by_incident: dict[str, dict[str, set[str]]] = {}
    by_event: dict[str, dict[str, set[str]]] = {}
    for doc, incident, n in matched:
        event = fused.get((doc, n))
        if event is None:
            continue
        by_incident.setdefault(incident, {}).setdefault(event, set()).add(doc)
        by_event.setdefault(event, {}).setdefault(incident, set()).add(doc)
    unfused = [
        f"{incident}: {len(events)} fused incidents ({', '.join(sorted(set().union(*events.values())))})"
        for incident, events in sorted(by_incident.items())
        for _ in range(len(events) - 1)
    ]
    over_fused = [
        f"one fused incident joins {', '.join(sorted(incidents))} "
        f"({', '.join(sorted(set().union(*incidents.values())))})"
        for _, incidents in sorted(by_event.items())
        for _ in range(len(incidents) - 1)
    ]
    return unfused, over_fused


def _fused_reports(
    out: Path, matched: Iterable[tuple[str, str, int]]
) -> dict[tuple[str, int], str]:
    """(document id, report number) -> the fused incident a build joined that report into."""
    from kg.graph.mapping import report_iri
    from kg.store.embedded import open_store

    reports = {str(report_iri(doc, n)): (doc, n) for doc, _, n in matched}
    with open_store(out, read_only=True) as store:
        rows = store.query(internal_query("fused_event_reports")).rows
    return {reports[str(report)]: str(event) for event, report in rows if str(report) in reports}


def _dedup(gold_dir: Path, out: Path) -> dict | None:
    """Fused events supported by the documents an ``events.json`` covers, against its incidents."""
    root = gold_dir if gold_dir.is_dir() else gold_dir.parent
    for candidate in (root / "events.json", root.parent / "events.json"):
        if candidate.is_file():
            incidents = json.loads(candidate.read_text(encoding="utf-8")).get("incidents", [])
            break
    else:
        return None
    covered = {
        Path(name.split(" ")[0]).stem for i in incidents for name in i.get("reported_in", [])
    }
    from kg.store.embedded import open_store

    with open_store(out, read_only=True) as store:
        rows = store.query(internal_query("fused_event_documents")).rows
    fused = {str(event) for event, doc in rows if str(doc) in covered}
    gold_count = len(incidents)
    return {
        "fused_events": len(fused),
        "gold_incidents": gold_count,
        "score": round(1 - abs(len(fused) - gold_count) / gold_count, 4) if gold_count else 0.0,
    }
