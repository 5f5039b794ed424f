"""Events: fill an EventRecord for each incident.

**Fields.** The kind is the most specific trigger of the incident's family
(SuicideBombing > Bombing > Ambush > Hijacking > Kidnapping > Assassination >
Attack; MilitaryOperation > Clash); an umbrella stays Attack. ACLED types come
from ``acled.tsv`` (by kind, then by whom the attack hit) unless a trigger
names a sub-type (grenade, drone strike). The date is the first date that
dates the incident itself, else the date it was announced, else the
umbrella's or the main incident's. The location is the place in the
incident's clauses that most others contain and that is most specific (a
site over its city over its district); datelines and "from"/"to" places never
count. The perpetrator is the group that claimed it (``claimed``), else the
one officials blamed (``attributed``), else the one the text names as acting
(``stated``); a generic label gives way to a named group. Fatalities are the
latest revised toll, else the first total, else the sum of the first figure
for each group (militants included); ``fatalities_max`` is the highest
reading. Background incidents are dated more than a week before the main
(first) incident, or in an earlier month or year when the text gives no day.

**Confidence** (0-1) adds up evidence of a real, well-described incident::

    0.25 + 0.3 x strongest trigger strength (triggers.jsonl)
         + 0.1 if the date is the incident's own (0.05 if only the announcement's)
         + 0.1 if a location was found
         + 0.1 if a perpetrator was found
         + 0.1 if the death toll is an exact figure
         + 0.05 if more than one sentence reports it
    x 0.85 for sub-incidents of a series and for background incidents

so a fully described incident with a strong trigger scores about 0.95, a bare
"seven people were killed" about 0.45.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.extract.casualties import summarize
from kg.extract.incidents import (
    Incident,
    Places,
    choose_location,
    incident_kind,
    series_location,
)
from kg.extract.wordlists import get_wordlists
from kg.model import EventRecord, Evidence

__all__ = ["build_events"]

_BASIS_RANK = {"claimed": 3, "attributed": 2, "stated": 1}
_BACKGROUND_DAYS = 7  # an incident this much older than the main one is context, not news


def build_events(
    incidents: list[Incident],
    doc_id: str,
    text: str,
    published: date | None,
    *,
    generic: frozenset[str] = frozenset(),
    places: dict[str, tuple[str, str | None]] | None = None,
) -> list[EventRecord]:
    """Fill an :class:`EventRecord` for each incident.

    Args:
        incidents: the output of :func:`group_incidents`.
        doc_id: the document id, for evidence.
        text: the document content the clauses' offsets point into.
        published: the publication date.
        generic: keys of umbrella actors ("security forces", "Baloch separatists") that give
            way to a named group as perpetrator.
        places: place key -> (kind, parent key), as for :func:`group_incidents`.
    """
    lists, places = get_wordlists(), Places(places)
    fields = {id(i): _Fields(i, lists, places, generic) for i in incidents}
    # Roots first: sub-incidents inherit their date and perpetrator.
    for incident in sorted(incidents, key=lambda i: i.parent is not None):
        fields[id(incident)].fill(fields.get(id(incident.parent)) if incident.parent else None)
    for incident in incidents:
        f = fields[id(incident)]
        if f.location is None and incident.children:
            located = [choose_location(c, places) for c in incident.children]
            f.location = series_location(incident, places, [k for k in located if k])
            for child in incident.children:
                fields[id(child)].location = fields[id(child)].location or f.location
    main = next((i for i in incidents if i.parent is None), None)
    main_date = fields[id(main)].date if main else None
    if main is not None:
        _definite_areas(incidents, main, fields, places)
        _responders(incidents, fields)
    for incident in sorted(incidents, key=lambda i: i.parent is not None):
        f = fields[id(incident)]
        # An incident recalled as earlier than another never takes the main incident's date.
        if (
            f.date is None
            and incident.parent is None
            and incident is not main
            and not incident.earlier
        ):
            f.date, f.date_text = main_date, None
        f.background = _background(incident, main, f.date, main_date, published, fields)
    ordered = sorted(incidents, key=lambda i: min(c.index for c in i.clauses) if i.clauses else 0)
    # An event word with nothing about when, where, who or how many ("attack" alone) is no record.
    described = [i for i in ordered if fields[id(i)].described()]
    return [
        fields[id(i)].record(f"{doc_id}/event/{n + 1}", doc_id, text)
        for n, i in enumerate(described)
    ]


def _definite_areas(incidents, main, fields, places: Places) -> None:
    """ "in the province", "in the district": the main incident's province or district."""
    where = fields[id(main)].location
    if where is None:
        return
    for incident in incidents:
        f = fields[id(incident)]
        if f.location is not None or incident is main or incident.parent is not None:
            continue
        for clause in incident.clauses:
            match = _DEFINITE_AREA.search(clause.text)
            if match:
                kind = _AREA_KIND[match.group(1).lower()]
                f.location = next((k for k in places.chain(where) if places.kind(k) == kind), None)
                break


_DEFINITE_AREA = re.compile(r"\b(?:in|across|of)\s+the\s+(province|district|region)\b", re.I)
_AREA_KIND = {"province": "Province", "region": "Province", "district": "District"}


def _responders(incidents, fields) -> None:
    """The forces' operation the day of an attack, naming no group, is against the attackers."""
    for n, incident in enumerate(incidents):
        f = fields[id(incident)]
        if incident.family != "engagement" or incident.parent is not None or f.targets:
            continue
        for earlier in reversed(incidents[:n]):
            e = fields[id(earlier)]
            if earlier.family == "engagement" or earlier.parent is not None or earlier.earlier:
                continue
            if e.date is None or f.date is None or _same_day(e.date, f.date):
                f.targets = [e.perpetrator] if e.perpetrator else []
                # ... and, naming no place of its own, where the attack was.
                f.location = f.location or e.location
            break


def _same_day(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return True
    if len(a) == len(b) == 10:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 1
    return False


def _background(incident, main, value, main_date, published, fields) -> bool:
    """An incident the article recalls as context: more than a week before its main incident."""
    root = incident.root
    if root is not incident:
        return fields[id(root)].background
    if incident is main:
        return False
    if incident.earlier:
        return True
    if value is None:
        return False
    reference = main_date or (published.isoformat() if published else None)
    if reference is None:
        return False
    if len(value) == 10 and len(reference) == 10:
        return (date.fromisoformat(reference) - date.fromisoformat(value)) > timedelta(
            days=_BACKGROUND_DAYS
        )
    n = min(len(value), len(reference))
    return value[:n] < reference[:n]


class _Fields:
    """The fields of one incident's record, worked out from its clauses."""

    def __init__(self, incident: Incident, lists, places: Places, generic: frozenset[str]):
        self.incident, self.lists, self.places, self.generic = incident, lists, places, generic
        self.date: str | None = None
        self.date_text: str | None = None
        self.own_date = False
        self.location: str | None = None
        self.perpetrator: str | None = None
        self.basis: str | None = None
        self.background = False

    def fill(self, parent: _Fields | None) -> None:
        incident = self.incident
        self.kind = incident_kind(incident, self.lists)
        hit = incident.strong or incident.weak
        if parent is not None and parent.date:
            # The parts of a series carry the series' date (a wave that ran past midnight is one day).
            self.date, self.date_text, self.own_date = (
                parent.date,
                parent.date_text,
                parent.own_date,
            )
        elif hit is not None:
            self.date, self.date_text, self.own_date = (
                hit.match.value,
                hit.match.text,
                incident.strong is not None,
            )
        elif incident.gap_date:
            self.date = incident.gap_date
        self.location = choose_location(incident, self.places) or (
            parent.location if parent else None
        )
        self.perpetrator, self.basis = self._perpetrator()
        if self.perpetrator is None and parent is not None and self._inherits(parent):
            self.perpetrator, self.basis = parent.perpetrator, parent.basis
        self.targets = self._targets(parent)
        # The body's figures before the headline's: a headline rounds and compresses.
        ordered = sorted(incident.clauses, key=lambda c: c.in_title)
        killed = [c for clause in ordered for c in clause.casualties if c.outcome == "killed"]
        injured = [
            c for clause in incident.clauses for c in clause.casualties if c.outcome == "injured"
        ]
        self.fatalities, self.fatalities_max = summarize(killed, "killed")
        self.injured = summarize(injured, "injured")[0]
        self.exact = bool(killed) and not any(c.count.vague or c.count.approximate for c in killed)

    def described(self) -> bool:
        """True when the incident has at least one field beyond its kind."""
        return any(
            v is not None and v != []
            for v in (
                self.date,
                self.location,
                self.perpetrator,
                self.fatalities,
                self.injured,
                self.targets,
            )
        )

    def _inherits(self, parent: _Fields) -> bool:
        return (
            not self.incident.discovery
            and self.incident.family == parent.incident.family
            and parent.perpetrator is not None
        )

    def _perpetrator(self) -> tuple[str | None, str | None]:
        family = self.incident.family
        wanted = ("StateForce",) if family == "engagement" else ("ArmedGroup",)
        candidates: list[tuple[int, int, str, str]] = []  # (basis rank, order, key, basis)
        # A group that denied taking part is not the perpetrator on the text's word alone; a
        # claim or an official's blame elsewhere still names it ("officials blamed the TTP,
        # which denied involvement").
        denied = frozenset().union(*(c.denied for c in self.incident.clauses))
        for clause in self.incident.clauses:
            actors = [a for a in clause.actors if a.kind in wanted]
            if family == "engagement":
                # "Four soldiers were martyred": forces that lost men are not the ones acting.
                actors = [
                    a
                    for a in actors
                    if not _VICTIM_AFTER.match(clause.text[a.end - clause.start :])
                ]
            if not actors:
                continue
            if family != "engagement" and clause.claim:
                basis = "claimed"
            elif family != "engagement" and clause.attribution:
                basis = "attributed"
            elif clause.heads or clause.anaphors:
                basis = "stated"
            else:
                continue
            for actor in actors:
                if actor.key in denied and (
                    basis == "stated" or (basis == "claimed" and actor.key in clause.denied)
                ):
                    continue  # "X claimed the attack, though the TTP said it was not involved"
                candidates.append(
                    (_BASIS_RANK[basis], clause.index * 1000 + actor.start % 1000, actor.key, basis)
                )
        if not candidates:
            return None, None
        best = min(candidates, key=lambda c: (-c[0], c[1]))
        key, basis = best[2], best[3]
        if key in self.generic and family != "engagement":
            named = [c for c in candidates if c[2] not in self.generic]
            if named:
                key = min(named, key=lambda c: (-c[0], c[1]))[2]
        return key, basis

    def _targets(self, parent: _Fields | None) -> list[str]:
        incident = self.incident
        found: list[str] = []
        if incident.family == "engagement":
            for clause in incident.clauses:
                for actor in clause.actors:
                    if (
                        actor.kind == "ArmedGroup"
                        and actor.key != self.perpetrator
                        and actor.key not in found
                    ):
                        found.append(actor.key)
            if not found and parent is not None and parent.perpetrator:
                found.append(parent.perpetrator)
            return found
        for clause in incident.clauses:
            if clause.victims and not clause.heads and not clause.anaphors:
                # "Most of the victims were policemen": the forces or people named were hit.
                found += [
                    a.key
                    for a in clause.actors
                    if a.kind in _VICTIM_KINDS and a.key not in found and a.key != self.perpetrator
                ]
                continue
            if not clause.heads and not clause.anaphors:
                continue
            previous = None
            for actor in clause.actors:
                if (
                    actor.key == self.perpetrator
                    or actor.kind == "ArmedGroup"
                    or actor.key in found
                ):
                    continue
                if actor.kind == "Project":
                    # A project named just after an attack verb is what was hit: "attacked a camp
                    # of the Dasu hydropower project", "blew up a section of the CPEC road" — not
                    # one named in passing ("the security of CPEC").
                    before = clause.text[
                        max(0, actor.start - clause.start - 60) : actor.start - clause.start
                    ]
                    if self.kind != "MilitaryOperation" and _PROJECT_HIT.search(before):
                        found.append(actor.key)
                    previous = actor
                    continue
                if actor.kind == "Person" and self.kind not in ("Assassination", "Kidnapping"):
                    continue
                # Civilians named in a clause that reports the incident are its victims ("near a
                # mosque where worshippers were gathering"): they are never the ones acting.
                if (
                    actor.kind == "CivilianGroup"
                    or _victim(clause.text, actor.start - clause.start, actor.end - clause.start)
                ) or (
                    previous is not None
                    and previous.key in found
                    and re.fullmatch(
                        r"\s*(?:,|and|or|,\s*and)\s*",
                        clause.text[previous.end - clause.start : actor.start - clause.start],
                    )
                ):
                    found.append(actor.key)
                previous = actor
            for place in clause.places:
                if (
                    place.kind == "Site"
                    and place.key not in found
                    and _victim(
                        clause.text,
                        place.start - clause.start,
                        place.end - clause.start,
                        sites=True,
                    )
                ):
                    found.append(place.key)
        return found

    def record(self, record_id: str, doc_id: str, text: str) -> EventRecord:
        incident = self.incident
        event_type, sub_event_type = self._acled()
        return EventRecord(
            id=record_id,
            kind=self.kind,
            evidence=_evidence(incident, doc_id, text),
            acled_event_type=event_type,
            acled_sub_event_type=sub_event_type,
            date=self.date,
            date_text=self.date_text,
            location=self.location,
            perpetrator=self.perpetrator,
            perpetrator_basis=self.basis if self.perpetrator else None,
            targets=self.targets,
            fatalities=self.fatalities,
            fatalities_max=self.fatalities_max if self.fatalities_max != self.fatalities else None,
            injured=self.injured,
            background=self.background,
            trigger=self._trigger(),
            confidence=self._confidence(),
        )

    def _acled(self) -> tuple[str | None, str | None]:
        incident = self.incident
        if (
            incident.family == "attack"
            and incident.parent is None
            and (incident.umbrella or incident.children)
        ):
            return None, None
        target_class = self._target_class()
        rule = next(
            (
                r
                for r in self.lists.acled
                if r.kind == self.kind and r.target in (target_class, "*")
            ),
            None,
        )
        event_type, sub_event_type = (
            (rule.event_type, rule.sub_event_type) if rule else (None, None)
        )
        for clause in incident.clauses:
            for hit in clause.triggers:
                if hit.trigger.kind == self.kind and hit.trigger.sub_event_type and not hit.generic:
                    sub_event_type = hit.trigger.sub_event_type
                    event_type = hit.trigger.event_type or event_type
        return event_type, sub_event_type

    def _target_class(self) -> str:
        kinds = set()
        for clause in self.incident.clauses:
            for actor in clause.actors:
                if actor.key in self.targets:
                    kinds.add(actor.kind)
        if kinds & {"StateForce", "Government"}:
            return "forces"
        if kinds and kinds <= {"CivilianGroup", "Person", "Organization"}:
            return "civilians"
        return "*"

    def _trigger(self) -> str | None:
        best = None
        for clause in self.incident.clauses:
            for hit in clause.heads or clause.anaphors:
                if hit.trigger.kind == self.kind and (
                    best is None or hit.trigger.strength > best.trigger.strength
                ):
                    best = hit
        if best is None:
            heads = [h for c in self.incident.clauses for h in c.heads]
            best = max(heads, key=lambda h: h.trigger.strength, default=None)
        return best.text if best else None

    def _confidence(self) -> float:
        strength = max(
            (h.trigger.strength for c in self.incident.clauses for h in c.heads), default=0.2
        )
        score = 0.25 + 0.3 * strength
        score += 0.1 if self.own_date else 0.05 if self.date else 0.0
        score += 0.1 if self.location else 0.0
        score += 0.1 if self.perpetrator else 0.0
        score += 0.1 if self.fatalities is not None and self.exact else 0.0
        score += 0.05 if len({c.sentence for c in self.incident.clauses}) > 1 else 0.0
        if self.incident.parent is not None or self.background:
            score *= 0.85
        return round(min(max(score, 0.05), 0.99), 3)


_VICTIM_CUE = (
    r"(?:target(?:ed|ing|s)?|attack(?:ed|ing|s)?|assault(?:ed)?|struck|hit(?:ting)?|stormed|ambushed|kill(?:ed|ing|s)?"
    r"|wound(?:ed|ing)|among|against|convoy\s+of|carrying|ferrying|aimed\s+at|directed(?:\s+\w+)?\s+at"
    r"|gone\s+after|targeting|including|included|on\s+board)"
)
_SITE_CUE = r"(?:target(?:ed|ing)|attack(?:ed|ing)?\s+on|assault\s+on|attack(?:ed)?|stormed|struck|hit|raided|into|on)"
# Words that may stand between a cue and its object: not prepositions, which start a new phrase.
_OBJECT_GAP = r"(?:(?!(?:from|of|in|at|near|outside|with|to|by|for)\b)[\w'-]+\s+){0,3}"
_VICTIM_BEFORE = re.compile(rf"\b{_VICTIM_CUE}\s+{_OBJECT_GAP}$", re.IGNORECASE)
_SITE_BEFORE = re.compile(rf"\b{_SITE_CUE}\s+{_OBJECT_GAP}$", re.IGNORECASE)
_VICTIM_AFTER = re.compile(
    r"[\s,]+(?:[\w'-]+[\s,]+){0,4}?(?:were|was|are|is|(?:had|have|has)\s+(?:also\s+)?been)\s+(?:\w+\s+){0,4}?"
    r"(?:killed|martyred|injured|wounded|hit|targeted|shot|among|its\s+target|the\s+target)\b"
    r"|[\s,]+(?:had|have|has)\s+(?:also\s+)?been\s+(?:its|the)\s+target"
    r"|\s+among\s+(?:the\s+)?(?:\w+\s+)?(?:killed|dead|victims|casualties)\b"
    # headline style: "Four soldiers martyred", "six killed in ..." (not "forces killed four")
    r"|\s+(?:martyred|injured|wounded|dead)\b|\s+killed(?=\s*(?:[,.;]|in\b|as\b|during\b|when\b|while\b|and\b|$))",
    re.IGNORECASE,
)


_PROJECT_HIT = re.compile(
    r"\b(?:attack(?:ed|ing|s)?|assault(?:ed)?|targeted|targeting|struck|hit|stormed|raided|bombed"
    r"|blew\s+up|blown\s+up|torched|set\s+(?:on\s+)?fire(?:\s+to)?|sabotag\w*)\b(?:\W+[\w'-]+){0,5}\W*$",
    re.IGNORECASE,
)


_VICTIM_KINDS = frozenset(("StateForce", "CivilianGroup", "Government", "Organization"))


def _victim(text: str, start: int, end: int, *, sites: bool = False) -> bool:
    """True when the words around an entity make it the one attacked."""
    before = text[max(0, start - 45) : start]
    after = text[end : end + 60]
    if (_SITE_BEFORE if sites else _VICTIM_BEFORE).search(before):
        return not re.match(r"\s*(?:said|says|told|spokesman|statement)", after, re.IGNORECASE)
    if sites:
        return False
    return bool(_VICTIM_AFTER.match(after))


def _evidence(incident: Incident, doc_id: str, text: str) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for clause in incident.clauses:
        span = (clause.sent_start, clause.sent_end)
        if span not in seen:
            raw = text[span[0] : span[1]]
            lead = len(raw) - len(raw.lstrip())
            sentence = raw.strip()
            start = span[0] + lead
            seen[span] = Evidence(doc_id, sentence, start, start + len(sentence))
    return sorted(seen.values(), key=lambda e: e.start)
