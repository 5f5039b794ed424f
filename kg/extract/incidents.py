"""Incidents: group a document's clauses into the incidents they report.

**Grouping.** Clauses (see :mod:`kg.extract.clauses`) are read in order. A
clause with an event trigger either starts an incident or joins one:

- A clause with its own date joins an incident with the same date (at the
  coarser precision of the two), or the incident it refers to when that one
  has no date yet and the date fits (within three days of the date it was
  announced, or of publication); otherwise it starts a new incident.
- A clause that refers back ("the attack", "that wave of violence") joins the
  latest incident of the same family (an attack, a state operation, an
  abduction).
- Otherwise, in a one-incident story, a clause joins the current incident
  unless it places the violence somewhere incompatible (Kech vs Quetta).
- A series ("coordinated attacks", "a rampage across Balochistan") is an
  *umbrella*: a clause under it starts a sub-incident when it adds a more
  specific place, a toll of its own, a different family (the forces'
  clearance operation) or says "also"; it joins a sub-incident with the same
  place, or (for attacks) one it shares at least two content words with.
  Sub-incidents take the umbrella's date and, unless they report only
  bodies found, its perpetrator.
- A *round-up* ("two separate operations", "three attacks") is an umbrella
  that only counts its parts: its parts are dated strictly, and with two
  parts or more it is no event of its own (:mod:`kg.extract.events`). A
  round-up told after the story's own incident counts other incidents. Its parts
  may be told in turn ("gunmen first opened fire ... In the second attack"): an
  ordinal before the event word (words/grammar.tsv part_ordinal) numbers the part.
- A clause marked as telling another incident ("in a separate incident",
  "separately", "the same gunmen later ...") that says something happened
  starts one.

A clause's family is that of what it tells as a whole: a gunfight an attack
set off is the attack, people abducted and killed were attacked, and what the
forces do to militants is their operation.

Habitual clauses ("often attack"), generic mentions ("various attacks") and
aggregate sentences (statistics) start nothing. Neither do statements about an
incident: a reaction ("the minister condemned the attack", wherever he spoke)
joins the incident it is about, and a comparison ("It was the second attack on
the post in a week") joins the incident the next clause starts, if any. The
forces' operation told with no outcome ("a search operation was launched")
joins the attack it pursues; a clearance operation told as ended ("the clearance
operation at the camp was completed on Saturday") joins the attack it cleared.

**Place.** :func:`choose_location` picks the most specific place the incident's
locative mentions agree on (grouping asks it too). An event's place is
:func:`settle_location`: when that is only a province or a country, it narrows to a
place inside it that most of the finer mentions agree with, including those of the
sentences with no event word that narrate the incident (:attr:`Incident.settings`:
"armed men set up a blockade near X"), then to a town it happened a distance from
("some 40km north of Turbat"), then to the town of a site it hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache

from kg.core.dates import PartialDate, parse_partial_date
from kg.core.taxonomy import descendants, taxonomy
from kg.extract.casualties import find_casualties
from kg.extract.clauses import Clause, DateHit, EntityHit, TriggerHit
from kg.extract.dates import date_before, date_counted_back, find_dates, precision_of
from kg.extract.gazetteer import get_gazetteer
from kg.extract.patterns import get_patterns
from kg.extract.places_named import named_in_district, named_within
from kg.extract.wordlists import get_wordlists
from kg.extract.words import get_words

__all__ = [
    "Incident",
    "Places",
    "group_incidents",
    "choose_location",
    "settle_location",
    "incident_kind",
    "is_series",
    "series_location",
]

_KIND_RANK = {kind.name: kind.rank for kind in taxonomy()}  # kg/lexicons/taxonomy
_DEPTH = {"Country": 0, "Province": 1, "District": 2, "City": 3, "Site": 4}
_SAME_DAY_SLACK = 3  # days between an incident and the day it was announced
_ANNOUNCED_WITHIN = 7  # days an announcement may come after the incident it reports
_LOOKBACK = 50  # incidents searched back for a reference; bounds the work on very long texts
_EVIDENCE_CAP = 200  # clauses of one incident read for its place and words
_ARMED_VIOLENCE = frozenset({"attack", "abduction"})
_SUBJECT_CHARS = 20  # an anaphor this close to a clause's start is its subject ("The bombing was")
# Kinds some rules single out (kg/lexicons/taxonomy/event_kinds.tsv).
_CLASH, _KIDNAPPING, _HIJACKING = "Clash", "Kidnapping", "Hijacking"
_AIR_STRIKE = "AirStrike"
# Kinds made of blasts set off by an armed group: a bombing and a suicide bombing.
_BLAST_KINDS = frozenset(
    k.name
    for k in taxonomy()
    if k.family == "attack" and k.name in {"Bombing", *descendants("Bombing")}
)
_WEAK_STRIKE = 0.5  # below it, an attack word says only that something was hit ("hit", "struck")


@dataclass
class Incident:
    """Clauses that report one incident, and what grouping learned about it."""

    order: int
    family: str
    clauses: list[Clause] = field(default_factory=list)
    parent: Incident | None = None
    children: list[Incident] = field(default_factory=list)
    umbrella: bool = False
    roundup: bool = False  # an umbrella that only counts its parts ("two separate operations")
    strong: DateHit | None = None
    weak: DateHit | None = None
    discovery: bool = False
    location_cache: tuple[int, str | None] = (-1, None)
    touched: int = -1  # index of the latest clause added
    earlier: bool = False  # recalled as having come before another incident ("a week after ...")
    gap_date: str | None = None  # its date, worked out from that gap
    # Clauses with no event word that narrate it ("armed men set up a blockade near X"): read
    # for its place when its own clauses name only a province or a country.
    settings: list[Clause] = field(default_factory=list)
    # Sentences with no event word further on in the paragraph that narrates it ("No one was
    # reported hurt."): read only for what it cost.
    told_after: list[Clause] = field(default_factory=list)
    section: int = 0  # the place-labelled paragraph it is told in (:attr:`Clause.section`)
    # Its family came from an event word, not only from a toll ("eight killed"): a toll says
    # nothing of what killed them, so the first event word told of it decides.
    family_told: bool = True
    air: bool = False  # told as struck from the air, though only by bare verbs of striking

    @property
    def title_only(self) -> bool:
        """Only the headline reports it so far: the headline names the article's main incident."""
        return bool(self.clauses) and all(c.in_title for c in self.clauses)

    @property
    def overnight(self) -> bool:
        """Told as happening overnight with no day of its own ("gunmen attacked a checkpoint
        overnight, police said Thursday"), and never as on the day it was reported: it
        happened in the night before that day, which is the evening's day."""
        told = [c for c in self.clauses[:_EVIDENCE_CAP] if not c.in_title]
        return any(c.overnight and c.strong_date is None for c in told) and not any(
            c.same_day for c in told
        )

    @property
    def root(self) -> Incident:
        return self.parent or self

    def add(self, clause: Clause, *, dated: bool = True) -> None:
        self.clauses.append(clause)
        self.touched = max(self.touched, clause.index)
        if not dated:
            return
        if self.strong is None and clause.strong_date:
            self.strong = clause.strong_date
        elif clause.strong_date and not (self.umbrella or self.children):
            # "attacked a checkpost earlier this week" ... "launched on the night of January
            # 25": the finer date inside the coarser one is the day it happened.
            self.strong = _finer(self.strong, clause.strong_date)
        if self.weak is None and clause.weak_date:
            self.weak = clause.weak_date
        elif clause.weak_date and _earlier_day(clause.weak_date, self.weak):
            # "ISLAMABAD, Jan. 30 -- ... a police official said on Thursday": the incident
            # came no later than the first day it was told of.
            self.weak = clause.weak_date
        # "The attacks" names a series, unless the incident already reported several of
        # something ("two suicide bombers ... the blasts").
        # "The killings" counts the dead, not incidents.
        plural_anaphor = any(
            t.text.lower().endswith("s") and t.trigger.noun and not t.trigger.casualty
            for t in clause.anaphors
        )
        if (clause.umbrella and not _compared(clause)) or (
            plural_anaphor and not self._has_plural_head()
        ):
            self.umbrella = self.umbrella or self.parent is None
        if clause.roundup and self.parent is None:
            self.roundup = True

    def _has_plural_head(self) -> bool:
        return any(
            h.trigger.noun and h.text.lower().endswith("s")
            for c in self.clauses[:-1]
            for h in c.heads
        )


class Places:
    """Place hierarchy questions, answered from the document's entities, then the gazetteer."""

    def __init__(self, parents: dict[str, tuple[str, str | None]] | None = None):
        self.gazetteer = get_gazetteer()
        self.parents = parents or {}  # key -> (kind, parent key)
        self._chains: dict[str, list[str]] = {}

    def chain(self, key: str) -> list[str]:
        if key not in self._chains:
            chain, current = [key], key
            while len(chain) < 8:
                parent = self._parent(current)
                if parent is None or parent in chain:
                    break
                chain.append(parent)
                current = parent
            self._chains[key] = chain
        return self._chains[key]

    def _parent(self, key: str) -> str | None:
        if key in self.parents:
            return self.parents[key][1]
        place = self.gazetteer.place(key)
        return place.parent if place else None

    def compatible(self, a: str, b: str, *, namesake: bool = True) -> bool:
        """One place holds the other, or a site lies in the same district as the other place.

        With ``namesake``, a city named like its district agrees with all the district holds
        (for telling one incident; not for choosing the most specific place of it).

        A site whose place in the hierarchy is unknown (a name read from the text, with no
        parent) may lie anywhere, so it contradicts nothing.
        """
        if a in self.chain(b) or b in self.chain(a):
            return True
        if not self.placed(a) or not self.placed(b):
            return True
        # A site placed only in a province (a highway through several districts) may lie in
        # any district of it.
        for site, other in ((a, b), (b, a)):
            if self.spans_districts(site) and self.chain(site)[1] in self.chain(other):
                return True
        kinds = (self.kind(a), self.kind(b))
        # A site, or a part of a district ("Lower Kurram"), agrees with anything in its district;
        # so does a city named like its district ("in Dera Ismail Khan": the town or the
        # district, as a headline or a dateline-free lead may mean either).
        if (
            "Site" in kinds
            or "District" in kinds
            or (namesake and (self._namesake(a) or self._namesake(b)))
        ):
            district, other = self.district(a), self.district(b)
            if district is None or other is None:
                # A site of a town that has no district above it (Islamabad, a quarter of
                # Karachi read from the text) agrees with anything in that town.
                town = self.town(a)
                return town is not None and town == self.town(b)
            return district == other
        return False

    def town(self, key: str) -> str | None:
        """The town a place is or lies in: the first city of its chain."""
        return next((k for k in self.chain(key) if self.kind(k) == "City"), None)

    def _namesake(self, key: str) -> bool:
        """A city whose district bears its name (``…-city`` under ``…``)."""
        return key.endswith("-city") and self._parent(key) == key[: -len("-city")]

    def spans_districts(self, key: str) -> bool:
        """A site placed in a province but in no district of it (a highway)."""
        chain = self.chain(key)
        return (
            self.kind(key) == "Site"
            and len(chain) > 1
            and self.kind(chain[1]) in _WIDE
            and self.district(key) is None
        )

    def placed(self, key: str) -> bool:
        """False for a site or town read from the text with no known parent ("the Gul Kor
        area"): nothing says where it lies."""
        kind = self.kind(key)
        return kind is None or kind in _WIDE or len(self.chain(key)) > 1

    def where_taken(self, hit: EntityHit) -> bool:
        """A hospital or morgue: where the wounded were taken or the dead kept."""
        return hit.kind == "Site" and any(
            w in self.taken_words for w in re.findall(r"[a-z]+", hit.text.lower())
        )

    @cached_property
    def taken_words(self) -> frozenset[str]:
        return frozenset(get_words()["where_taken"])

    def kind(self, key: str) -> str | None:
        if key in self.parents:
            return self.parents[key][0]
        place = self.gazetteer.place(key)
        return place.kind if place else None

    def district(self, key: str) -> str | None:
        """The admin district: the widest one in the chain, so a part of a district counts as it."""
        return next((k for k in reversed(self.chain(key)) if self.kind(k) == "District"), None)

    def below(self, a: str, b: str) -> bool:
        """True when place ``a`` lies strictly inside place ``b``."""
        return a != b and b in self.chain(a)


def group_incidents(
    clauses: list[Clause],
    published: date | None,
    places: dict[str, tuple[str, str | None]] | None = None,
) -> list[Incident]:
    """Group clauses into incidents (see the module docstring).

    Args:
        clauses: the document's clauses, in order.
        published: the publication date.
        places: place key -> (kind, parent key) for the document's places; the gazetteer
            answers for the rest.
    """
    grouper = _Grouper(published, Places(places))
    for clause in clauses:
        grouper.place(clause)
    grouper._flush()
    _dated_a_day_before(grouper.incidents, clauses, published)
    incidents = _merge_responses(grouper.incidents, grouper.places, published)
    incidents = _without_accidents(incidents, grouper.places)
    _attach_settings(incidents, clauses)
    return incidents


# How far before a gap's unit its count and hedge are read ("less than two weeks before").
_GAP_WORDS_CHARS = 20

# How many clauses back a day named before "the previous day" is looked for.
_DAY_BEFORE_LOOKBACK = 4


def _dated_a_day_before(
    incidents: list[Incident], clauses: list[Clause], published: date | None
) -> None:
    """ "Addressing reporters on Thursday, the police chief described the raid his men carried
    out the previous day": an incident with no day of its own, told as the day before, is
    the day before the last day the report named."""
    patterns = get_patterns()
    for incident in incidents:
        if incident.strong is not None or incident.gap_date or not incident.clauses:
            continue
        told = next((c for c in incident.clauses if not c.in_title), None)
        if told is None or not patterns.day_before_told.search(told.text):
            continue
        reference = _last_day_before(clauses, told, published)
        day = parse_partial_date(reference)
        if day is not None and day.is_day:
            incident.gap_date = str(day.shifted(-1))


def _last_day_before(clauses: list[Clause], told: Clause, published: date | None) -> str | None:
    """The last day named in the clauses before ``told``, in its paragraph or the one before."""
    before = [c for c in clauses if c.start < told.start and not c.in_title]
    for clause in reversed(before[-_DAY_BEFORE_LOOKBACK:]):
        days = [
            d.value for d in find_dates(clause.text, published) if precision_of(d.value) == "day"
        ]
        if days:
            return days[-1]
    return None


def _without_accidents(incidents: list[Incident], places: Places) -> list[Incident]:
    """Leave out an explosion the report puts down to an accident ("a gas cylinder had blown
    up inside a shop"), and the headline's mention of it ("shop explosion toll rises"): no
    violence was done. One told with a word of an attack ("a bomb planted in a gas cylinder")
    stays."""
    accidents = [
        i
        for i in incidents
        if i.parent is None and not i.children and not i.title_only and _accidental(i)
    ]
    if not accidents:
        return incidents
    where = {choose_location(i, places) for i in accidents}
    return [
        i
        for i in incidents
        if i not in accidents
        and not (
            i.title_only
            and i.family == "attack"
            and not i.children
            and choose_location(i, places) in where
        )
    ]


def _accidental(incident: Incident) -> bool:
    told = [c for c in incident.clauses[:_EVIDENCE_CAP] if not c.in_title]
    cause, deliberate = _accident_patterns()
    return any(cause.search(c.text) for c in told) and not any(
        deliberate.search(c.text) for c in incident.clauses[:_EVIDENCE_CAP]
    )


@lru_cache(maxsize=1)
def _accident_patterns() -> tuple[re.Pattern, re.Pattern]:
    words = get_words()
    cause, deliberate = (
        re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words[name])})\b", re.IGNORECASE)
        for name in ("accident_cause", "deliberate_word")
    )
    return cause, deliberate


def _placed_by_title(incident: Incident) -> bool:
    """Whether only the headline names where the incident happened."""
    placed = [c for c in incident.clauses if any(p.kind != "Country" for p in c.places)]
    return bool(placed) and all(c.in_title for c in placed)


def _attach_settings(incidents: list[Incident], clauses: list[Clause]) -> None:
    """Give each incident the clauses with no event word that narrate it: a body sentence
    next to one of its clauses or between two of them in the same paragraph (or opening the
    paragraph after its clause), when no other incident's clauses stand as close."""
    reads: dict[int, list[tuple[Incident, int]]] = {}
    for incident in incidents:
        for clause in incident.clauses[:_EVIDENCE_CAP]:
            found = reads.setdefault(clause.sentence, [])
            if all(i is not incident for i, _ in found):
                found.append((incident, clause.paragraph))
    by_paragraph: dict[int, list[tuple[int, Incident]]] = {}
    for s, found in reads.items():
        for incident, paragraph in found:
            by_paragraph.setdefault(paragraph, []).append((s, incident))
    chained: dict[tuple[int, int], Incident] = {}
    for clause in clauses:
        if clause.triggers or clause.in_title or clause.sentence in reads:
            continue
        s, paragraph = clause.sentence, clause.paragraph
        here = by_paragraph.get(paragraph, [])
        near = {id(i): i for n, i in here if n in (s - 1, s + 1)}
        # The paragraph's first sentence goes on from the clause that ends the one before.
        near.update((id(i), i) for i, p in reads.get(s - 1, ()) if p == paragraph - 1)
        before = {id(i) for n, i in here if n < s}
        near.update((id(i), i) for n, i in here if n > s and id(i) in before)
        if not near and (s - 1, paragraph) in chained:
            # "... the attackers retreated. No one was reported hurt.": the paragraph goes on
            # telling the incident its sentence before narrated; read for what it cost only.
            incident = chained[(s - 1, paragraph)]
            incident.told_after.append(clause)
            chained[(s, paragraph)] = incident
        elif len(near) == 1:
            incident = next(iter(near.values()))
            incident.settings.append(clause)
            chained[(s, paragraph)] = incident
        else:
            continue
        # "Two officers received minor wounds.": what the narration says it cost.
        clause.casualties = find_casualties(clause.text)


# Days after an attack within which the forces' announced operation answers it.
_RESPONSE_DAYS = 7


def _told_apart(incident: Incident) -> bool:
    """ "Hours earlier, another bandit was killed in an encounter": an operation the body
    tells apart is an incident of its own, not the answer to the attack (a headline's
    "troops kill militant in separate raid" names one the body tells again)."""
    first = incident.clauses[0] if incident.clauses else None
    return first is not None and first.separate and not first.in_title


def _merge_responses(
    incidents: list[Incident], places: Places, published: date | None
) -> list[Incident]:
    """Fold the forces' announced response into the attack it answers: one incident.

    "Security forces killed 24 terrorists in clearance operations over the past three days,
    the ISPR said on Friday ... terrorists attacked the Mach complex on the night of January
    29": the operation has no date of its own, only the day it was announced, says it
    responds (a response cue, or it kills only militants), and follows an attack reported
    in the same article, at a place that agrees, within a week. An operation with a date of
    its own, or one under a series, stays an incident of its own.
    """
    merged: set[int] = set()
    for incident in incidents:
        if _lone_operation(incident) and not _told_apart(incident):
            answered = _pursued_attack(incident, incidents, places)
            if answered is not None:
                _fold(incident, answered)
                merged.add(id(incident))
                if incident.parent is not None:
                    incident.parent.children.remove(incident)
    attacks = [
        i for i in incidents if i.parent is None and i.family in _ARMED_VIOLENCE and i.strong
    ]
    for incident in incidents:
        parent = incident.parent
        if (
            parent is not None
            and parent.family in _ARMED_VIOLENCE
            and parent.umbrella
            and not parent.roundup
            and parent.children == [incident]
            and _clears_site(incident, under=True)
        ):
            # "Militants carried out multiple attacks in the town ... killed in the clearance
            # operation that followed": with no other part told, the clearance ends the
            # assault on the town's sites.
            _fold(incident, parent)
            parent.children.remove(incident)
            merged.add(id(incident))
    for incident in incidents if attacks else ():
        if id(incident) in merged or not _clears_site(incident):
            continue
        answered = _cleared_attack(incident, attacks, places)
        if answered is not None:
            _fold(incident, answered)
            merged.add(id(incident))
    for incident in incidents if attacks else ():
        if (
            id(incident) in merged
            or incident.family != "engagement"
            or incident.parent is not None
            or incident.children
            or incident.umbrella
            or incident.strong is not None
            or not _responds(incident)
        ):
            continue
        announced = incident.weak.match.value if incident.weak else None
        if announced is None and published is not None:
            announced = published.isoformat()
        answered = _answered_attack(incident, attacks, places, announced)
        if answered is None:
            continue
        _fold(incident, answered)
        merged.add(id(incident))
    return [i for i in incidents if id(i) not in merged]


def _clears_site(incident: Incident, *, under: bool = False) -> bool:
    """The forces' operation told as the end of clearing a site attackers stormed ("the
    clearance operation at the camp was completed on Saturday", "hunted down in a clearance
    operation that concluded on Friday"): it ends the attack, whatever day it ends. One told
    only as launched ("launched a clearance operation on Tuesday night") may be a pursuit of
    its own. With ``under``, the operation is a part of a series of attacks."""
    # "Nine were killed in two separate engagements during the clearance operation that
    # followed": the engagements it counts are the clearance's own, not incidents apart.
    if incident.family != "engagement" or incident.children:
        return False
    if incident.parent is not None and not under:
        return False
    words, end = _clearance_words(), get_patterns().operation_end
    for clause in incident.clauses[:_EVIDENCE_CAP]:
        for head in clause.heads:
            if head.text.lower() in words and end.search(clause.text, head.end - clause.start):
                return True
    return False


def _clearance_words() -> frozenset[str]:
    return frozenset(w.lower() for w in get_words()["site_clearance"])


def _cleared_attack(
    operation: Incident, attacks: list[Incident], places: Places
) -> Incident | None:
    """The attack a clearance operation ends: at a place that agrees, begun the day the
    operation began or ended or up to a week before, the latest such one told."""
    when = operation.strong or operation.weak
    then = parse_partial_date(when.match.value) if when else None
    where = choose_location(operation, places)
    for attack in sorted(attacks, key=lambda a: -a.order):
        day = parse_partial_date(attack.strong.match.value)
        if then is not None and day is not None and day.is_day and then.is_day:
            if not 0 <= day.days_before(then) <= _RESPONSE_DAYS:
                continue
        elif then is not None:
            continue
        there = choose_location(attack, places)
        if where is None or there is None or places.compatible(where, there):
            return attack
    return None


def _fold(incident: Incident, into: Incident) -> None:
    for clause in incident.clauses:
        into.add(clause, dated=False)
    into.clauses.sort(key=lambda c: c.index)
    into.location_cache = (-1, None)


def _lone_operation(incident: Incident) -> bool:
    """The forces' operation told with no outcome ("a search operation was launched",
    "the pursuit was continuing"): nobody killed, hurt or counted."""
    # Under a round-up of attacks ("police launched a search operation for the attackers"
    # after "two attacks"), it pursues them all.
    parent = incident.parent
    return (
        incident.family == "engagement"
        and (parent is None or (parent.roundup and parent.family in _ARMED_VIOLENCE))
        and not incident.children
        and not incident.umbrella
        and not any(c.casualties for c in incident.clauses[:_EVIDENCE_CAP])
    )


def _pursued_attack(
    operation: Incident, incidents: list[Incident], places: Places
) -> Incident | None:
    """The attack reported before an operation with no outcome, that the operation pursues:
    the latest one whose place agrees and that came at most a week before it."""
    where = choose_location(operation, places)
    for attack in sorted(incidents, key=lambda a: -a.order):
        if attack.order >= operation.order or attack.parent is not None:
            continue
        if attack.family not in _ARMED_VIOLENCE:
            continue
        there = choose_location(attack, places)
        if where is not None and there is not None and not places.compatible(where, there):
            continue
        if operation.strong is not None and attack.strong is not None:
            day = parse_partial_date(attack.strong.match.value)
            when = parse_partial_date(operation.strong.match.value)
            if day is None or when is None or not (day.is_day and when.is_day):
                return None
            if not 0 <= day.days_before(when) <= _RESPONSE_DAYS:
                return None
        return attack
    return None


def _responds(incident: Incident) -> bool:
    clauses = incident.clauses[:_EVIDENCE_CAP]
    # A headline sums up the whole story ("troops kill 10 militants who attacked army
    # complex; 8 soldiers dead"): the body tells what the operation itself did.
    clauses = [c for c in clauses if not c.in_title] or clauses
    if any(c.response for c in clauses):
        return True
    killed = [k for c in clauses for k in c.killed]
    return bool(killed) and all(k.group == "militant" for k in killed)


def _answered_attack(
    operation: Incident, attacks: list[Incident], places: Places, announced: str | None
) -> Incident | None:
    when = parse_partial_date(announced) if announced else None
    where = choose_location(operation, places)
    for attack in sorted(attacks, key=lambda a: -a.order):
        day = parse_partial_date(attack.strong.match.value) if attack.strong else None
        if when is None or day is None or not (day.is_day and when.is_day):
            continue
        if not 0 <= day.days_before(when) <= _RESPONSE_DAYS:
            continue
        there = choose_location(attack, places)
        if where is None or there is None or places.compatible(where, there):
            return attack
    return None


class _Grouper:
    def __init__(self, published: date | None, places: Places):
        self.published = published
        self.places = places
        self.lists = get_wordlists()
        self.incidents: list[Incident] = []
        self.current: Incident | None = None
        # A comparison, and the incident it was read after: it goes to the incident the next
        # clause starts, else to that one.
        self.pending: tuple[Clause, Incident] | None = None
        # The round-up that place-labelled paragraphs tell part by part.
        self.sections_root: Incident | None = None
        self.air = False  # the clause being placed goes on telling an air strike
        self.undated = False  # the clause being placed tells its date of something else
        self.labels: dict[
            int, Clause
        ] = {}  # a labelled paragraph's first clause, with no event word

    # -- entry point -------------------------------------------------------------------------

    def place(self, clause: Clause) -> None:
        heads, anaphors = clause.heads, clause.anaphors
        if not heads and not anaphors and clause.strong_date:
            # "since the coordinated attacks of August 25-26": a definite mention with a date
            # of its own names an incident, which may not have been reported yet.
            heads = sorted(
                (
                    t
                    for t in clause.triggers
                    if t.trigger.creates and t.trigger.kind and not t.generic
                ),
                key=lambda t: -t.trigger.strength,
            )
        if not heads and anaphors and self.current is None:
            heads = (
                anaphors  # "The attack claimed six lives ..." opening a story names the incident
            )
        if not heads and not anaphors and clause.bare_dates and self.current is not None:
            self._date_from_account(clause)
        if not heads and not anaphors and clause.label:
            # "Bannu: Officials said the patrol was ...": the label places the paragraph's
            # incident, whichever of its sentences first tells it.
            self.labels[clause.section] = clause
        if not heads and not anaphors:
            # "The TTP claimed responsibility." / "Police suspect the BLF.": who did it, said
            # without an event word, is about the incident being reported.
            claimed = (clause.claim or clause.attribution or clause.denied) and not clause.habitual
            if (
                claimed
                and self.current is not None
                and any(a.kind == "ArmedGroup" for a in clause.actors)
            ) or (clause.victims and self.current is not None and not clause.habitual):
                self.current.add(clause, dated=False)
            return
        if clause.habitual and not self._anchored(clause):
            return
        if self.current is not None and self._about_known(clause, heads, anaphors):
            return
        # A bare casualty word ("the killed militants", "fatalities") starts nothing without
        # a figure; it can only add to the incident being reported.
        if heads and all(h.trigger.casualty for h in heads) and not clause.killed and not anaphors:
            if self.current is not None and not clause.strong_date:
                self.current.add(clause)
            return
        target = self._target(clause, heads, anaphors)
        if target is not None:
            self._flush(target if not target.clauses else None)
            if (
                not target.family_told
                and target.parent is None
                and not target.children
                and any(h.trigger.kind == _AIR_STRIKE for h in heads)
            ):
                # "Eight killed, says Taliban" over "Pakistan conducted airstrikes ...": the
                # toll was the strike's.
                target.family, target.family_told = self.lists.family(_AIR_STRIKE), True
            elif (
                not clause.in_title
                and target.title_only
                and not target.children
                and not any(
                    t.trigger.kind and not t.trigger.casualty and not t.generic
                    for c in target.clauses
                    for t in c.triggers
                )
            ):
                # "Six militants killed in Punjab" over "... were killed during a shootout with
                # counter-terrorism police": a headline that tells only a toll says nothing of
                # what killed them; the body's first clause that tells it with an event word
                # does.
                told = self._family(clause)
                if told == "engagement" and (
                    any(c.group != "militant" for c in clause.killed)
                    or not any(a.kind == "StateForce" for a in clause.actors)
                ):
                    # "Afghan and Pakistani forces exchanged fire, killing a woman", "clashes
                    # between two tribes": who fell, or who fought, says nothing of a force's
                    # operation.
                    told = None
                if told is not None and any(
                    h.trigger.kind and not h.trigger.casualty for h in (*heads, *anaphors)
                ):
                    target.family, target.family_told = told, True
            target.add(clause, dated=not self.undated)
            target.air = target.air or self.air
            self.current = target

    def _flush(self, started: Incident | None = None) -> None:
        """Place the comparison held back: "It was the second attack on the post in a week.
        Last month, ..." introduces the incident told next; otherwise it is about the one
        before it."""
        if self.pending is not None:
            comparison, before = self.pending
            (started or before).add(comparison, dated=False)
            self.pending = None

    def _about_known(
        self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit]
    ) -> bool:
        """Place a clause that speaks about incidents without telling a new one; True if done.

        - A reaction ("the minister condemned the attack", "paid tribute to the martyred
          soldiers") joins the incident it refers to, wherever the speaker was.
        - A comparison starts nothing. One whose subject refers back ("The bombing was the
          second in the town this week") is about that incident; one that opens with "it" or
          "this" is kept for the incident the next clause starts, which it often introduces
          ("It was the second attack on the post in a week. Last month, ...").
        """
        if clause.comparison and not clause.killed:
            self._flush()
            subject = anaphors and _subject_offset(clause, anaphors[0]) <= _SUBJECT_CHARS
            if subject:
                (self._resolve(anaphors[0]) or self.current).add(clause, dated=False)
            else:
                self.pending = (clause, self.current)
            return True
        if not clause.reaction:
            return False
        events = [h for h in heads if not h.trigger.casualty]
        if anaphors and not (events and clause.killed):
            found = self._resolve(anaphors[0]) or self.current
        elif not events and not clause.killed:
            found = self.current
        else:
            return False
        found.add(clause, dated=False)
        return True

    def _date_from_account(self, clause: Clause) -> None:
        """An incident known only by the day it was announced takes a calendar date the account
        gives a little earlier ("announced on Sunday ... on the night of April 25 and 26").

        One told with no date at all ("a soldier was martyred when troops foiled an
        infiltration bid") takes the date of the sentence that goes on to tell it ("On the
        night of May 4-5, troops spotted ...", "gunmen opened up on the post early on
        Saturday"), when that is no later than publication. Only that one takes a weekday: a
        weekday after the announcement's day is as likely another statement's."""
        current = self.current.root
        calendar = [d for d in clause.bare_dates if any(ch.isdigit() for ch in d.match.text)]
        if current.strong is None and current.weak is None:
            when = clause.bare_dates[0]
            if current.touched >= clause.index - 1 and self._near(when.match.value, None):
                current.strong = when
            return
        if not calendar:
            return
        when = calendar[0]
        if current.strong is not None:
            # "kidnapped earlier this week" ... "stopped the officer near the town during the
            # night between July 12 and 13": the day the account gives, inside the coarser
            # date, is the day it happened.
            if current.touched >= clause.index - 1 and self._day_within(when, current.strong):
                current.strong = when
            return
        if current.weak is None or current.weak.match.value is None:
            return
        value, announced = when.match.value, current.weak.match.value
        found, day = parse_partial_date(value), parse_partial_date(announced)
        if (
            found is not None
            and day is not None
            and day.is_day
            and not found.starts_after(day)
            and self._near(value, announced)
        ):
            current.strong = when

    def _day_within(self, when: DateHit, held: DateHit) -> bool:
        """``when`` is a day inside the month or year ``held``, and no later than publication."""
        day, outer = parse_partial_date(when.match.value), parse_partial_date(held.match.value)
        if day is None or outer is None or not day.is_day or outer.is_day:
            return False
        if self.published is not None and day.starts_after(PartialDate.from_date(self.published)):
            return False
        return outer.contains(day)

    def _anchored(self, clause: Clause) -> bool:
        # A habitual clause reports an incident only with a date or a toll of its own.
        return bool(clause.strong_date or clause.killed)

    # -- decisions ---------------------------------------------------------------------------

    def _target(
        self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit]
    ) -> Incident | None:
        family = self._family(clause)
        self.air = family == "attack" and self._strike_goes_on(clause)
        if self.air:
            family = "engagement"
        if clause.section:
            return self._in_section(clause, family)
        if self._recalled(clause, heads, anaphors):
            # "Earlier in October, gunmen opened fire on workers ...": an older incident the
            # report recalls, apart from the one it reports.
            incident = self._new(clause, family)
            incident.earlier = True
            return incident
        gap = self._gap_back(clause, heads, anaphors)
        if gap is not None:
            # "A month earlier, suspects set fire to a school ...", "... a guard shot dead in a
            # robbery two weeks earlier": a gap counted back from the incident being told, with
            # no later incident after it, tells an older one, dated by the gap.
            return self._earlier(clause, family, self.current, gap, back=True)
        if self._counts_others(clause):
            return self._new(clause, family)  # "six were killed in two separate attacks"
        told_apart = self._told_apart_before(clause, heads, anaphors, family)
        if told_apart is not None:
            return told_apart
        if self._apart(clause, heads, anaphors):
            told = self._told_before_elsewhere(clause, family)
            if told is not None:
                return told
            # "In a separate statement, the ISPR said a soldier was martyred ...": another incident.
            root = self.current.root
            parent = root if root.umbrella or root.children else None
            return self._new(clause, family, parent=parent)
        self.undated = False
        when = clause.strong_date
        if when is not None and anaphors:
            found = self._dated_after_gap(clause, heads, anaphors, when)
            if found is not None:
                self.undated = True
                return found
        if when is not None:
            return self._by_date(clause, when, family, anaphors)
        # "The attack came less than a week after the group hijacked a train": the event
        # after "after" is an earlier one than the incident being reported.
        gap = (
            get_patterns().gap_link.search(clause.text)
            if heads and self.current is not None
            else None
        )
        if gap is not None:
            # Only an event word in the stretch "after" governs names the earlier incident: not
            # a toll ("... after the president left," he said, putting the toll at four killed)
            # nor one in a clause of its own ("... and that findings pointed to a suicide attack").
            end = clause.start + gap.end()
            later = [
                h
                for h in heads
                if h.start >= end
                and not h.trigger.casualty
                and not get_patterns().gap_break.search(
                    clause.text, gap.end(), h.start - clause.start
                )
            ]
            if gap.group("follow"):
                # "The protest followed the killing of a boy": the verb's subject, whatever it
                # is, is the later incident; its object is the earlier one. "The shelling
                # follows a string of attacks": a run of incidents is none of them.
                later = [h for h in later if not (h.trigger.noun and h.text.lower().endswith("s"))]
            if later and (len(later) < len(clause.triggers) or gap.group("follow")):
                found = self._resolve(anaphors[0]) if anaphors else self.current
                # The gap's count and hedge stand before its unit: "two days before".
                told = clause.text[max(0, gap.start() - _GAP_WORDS_CHARS) : gap.end()]
                return self._earlier(clause, self._family_of(later), found or self.current, told)
        if anaphors:
            found = self._resolve(anaphors[0])
            # "The attack came a day after gunmen shot dead two soldiers in Tank district": an
            # event of its own, somewhere else, inside a clause about the known incident.
            # But "The assault targeted the training centre on the outskirts of the city" tells
            # more of the incident its subject names, wherever its places point.
            subject = (
                _subject_offset(clause, anaphors[0]) <= _SUBJECT_CHARS
                or any(_does(clause, anaphor, heads) for anaphor in anaphors)
            ) and not clause.killed
            elsewhere = (
                heads and found is not None and not subject and not self._place_ok(found, clause)
            )
            if found is not None and heads and self._told_here(clause, anaphors[0], found):
                found = None  # "launched an operation ... killed in the ensuing exchange of fire"
            if (
                found is not None
                and found.parent is not None
                and found.root.roundup
                and not elsewhere
                and all(h.trigger.casualty for h in heads)
            ):
                # "Two separate operations ... In the first, in Sararogha, five were killed.
                # Sepoy Amin fought bravely and was martyred during the operation": who fell
                # in the part told is its toll, not a part of its own.
                return found
            if found is not None and heads and found.root.roundup:
                # "In the first operation, in Sararogha": a part of the round-up, not all of it.
                return self._within(found.root, clause, family)
            if found is not None and not elsewhere:
                return found
        if not heads:
            return self.current
        if self.current is None:
            return self._new(clause, family)
        root = self.current.root
        if root.umbrella or root.children:
            return self._within(root, clause, family)
        return self._single(clause, family)

    def _dated_after_gap(
        self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit], when: DateHit
    ) -> Incident | None:
        """ "The shooting came days after the group declared a truce running from June 17":
        a clause whose subject names the known incident and whose date comes after "after",
        with no event word there, dates what the incident followed, not the incident. It
        tells more of the incident its subject names, without its date."""
        if self.current is None or _subject_offset(clause, anaphors[0]) > _SUBJECT_CHARS:
            return None
        gap = get_patterns().gap_link.search(clause.text)
        if gap is None:
            return None
        end = clause.start + gap.end()
        if when.start < end or any(h.start >= end and not h.trigger.casualty for h in heads):
            return None
        return self._resolve(anaphors[0])

    def _told_here(self, clause: Clause, anaphor: TriggerHit, found: Incident) -> bool:
        """The anaphor names an event the clause itself told before it, of another family
        than the incident it would resolve to ("troops launched an operation, and 14 were
        killed in the ensuing exchange of fire")."""
        kind = anaphor.trigger.kind
        if kind is None or anaphor.trigger.casualty:
            return False
        family = self.lists.family(kind)
        return family != found.family and any(
            h.start < anaphor.start
            and h.trigger.kind
            and not h.trigger.casualty
            and self.lists.family(h.trigger.kind) == family
            for h in clause.heads
        )

    def _in_section(self, clause: Clause, family: str | None) -> Incident:
        """A clause in a place-labelled paragraph ("Zhob: In a separate statement, ..."): the
        paragraph tells its own incident, under the round-up the lead announced; a clause in it
        joins that incident unless it says it is another one or puts it somewhere else ("A
        fifth grenade went off at Taleemi Chowk in Turbat")."""
        root = self._sections_root(clause)
        mine = [i for i in root.children if i.section == clause.section]
        if not mine:
            incident = self._new(clause, family, parent=root, section=clause.section)
            label = self.labels.get(clause.section)
            if label is not None:
                incident.add(label, dated=False)
            return incident
        current = mine[-1]
        apart = self._apart(clause, clause.heads, clause.anaphors) or self._other_site(
            clause, current
        )
        if apart or not self._place_ok(current, clause):
            found = next(
                (i for i in reversed(mine[:-1]) if not apart and self._place_ok(i, clause)), None
            )
            return found or self._new(clause, family, parent=root, section=clause.section)
        return current

    def _other_site(self, clause: Clause, incident: Incident) -> bool:
        """An event word at another site than the incident's ("Later in the day, a grenade was
        hurled at a checkpost in Satellite Town" after one on Sabzal Road): another incident."""
        specific = self._specific(clause)
        location = self.location(incident)
        return bool(
            clause.heads
            and not clause.anaphors
            and specific
            and location
            and specific != location
            and self.places.kind(specific) == "Site"
            and self.places.kind(location) == "Site"
        )

    def _sections_root(self, clause: Clause) -> Incident:
        """The round-up the labelled paragraphs are parts of: the incident the headline and the
        lead told, or one made for them, dated by the lead ("... on Sunday")."""
        if self.sections_root is None:
            told = [
                i
                for i in self.incidents
                if i.parent is None and i.section == 0 and all(not c.section for c in i.clauses)
            ]
            # "Militants struck twice on Saturday, killing a policeman in Bannu, while a raid
            # on a post in Lakki Marwat was beaten back": what the headline and the lead tell
            # before the labelled paragraphs is the round-up they tell part by part.
            lead = [
                i
                for i in told
                if not i.children and all(c.paragraph <= 1 or c.in_title for c in i.clauses)
            ]
            for other in lead[1:]:
                _fold(other, lead[0])
                self.incidents.remove(other)
                told.remove(other)
            root = told[-1] if told else None
            if root is None or any(c.paragraph > 1 and not c.in_title for c in root.clauses):
                root = self._new(clause, "attack")
                self.incidents.remove(root)
                self.incidents.insert(0, root)
            root.umbrella = root.roundup = True
            if root.strong is None and clause.lead_date is not None:
                root.strong = clause.lead_date
            self.sections_root = root
        return self.sections_root

    def _counts_others(self, clause: Clause) -> bool:
        """A round-up ("in two separate attacks") after the story's own incident was told
        counts other incidents; one opening the story (or after its headline) is the story."""
        current = self.current
        return (
            clause.roundup
            and current is not None
            and not current.title_only
            and not current.root.roundup
            and not self._blasts_of(current, clause)
        )

    def _blasts_of(self, incident: Incident, clause: Clause) -> bool:
        """ "Witnesses said they heard three blasts": blasts counted, on no day and at no
        other place of their own, after a bombing was told are the blasts it was made of."""
        return (
            clause.blasts
            and clause.strong_date is None
            and self._place_ok(incident, clause)
            and any(h.trigger.kind in _BLAST_KINDS for c in incident.clauses for h in c.heads)
        )

    def _recalled(
        self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit]
    ) -> bool:
        """A clause opening with words that recall an earlier time ("Earlier this year, ...")
        and telling something that happened, after the story's own incident was told."""
        if not clause.recalled or anaphors or self.current is None or self.current.title_only:
            return False
        return any(not h.trigger.casualty for h in heads) or bool(clause.killed)

    def _gap_back(
        self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit]
    ) -> str | None:
        """The gap ("a month earlier") of a clause that counts back from the story's incident
        and tells something that happened, after that incident was told."""
        if anaphors or self.current is None or self.current.title_only or clause.in_title:
            return None
        gap = get_patterns().gap_back.search(clause.text)
        if gap is None or not (any(not h.trigger.casualty for h in heads) or clause.killed):
            return None
        return gap.group()

    def _told_apart_before(
        self,
        clause: Clause,
        heads: list[TriggerHit],
        anaphors: list[TriggerHit],
        family: str | None,
    ) -> Incident | None:
        """ "In the separate Karak operation, commandos raided ...": "the" before "separate"
        names an incident the report has already told apart from its first one, and the
        clause tells more of it. It is the latest incident after the first of the clause's
        family whose place agrees with the clause's."""
        if not clause.separate or clause.roundup or anaphors or self.current is None:
            return None
        named = any(
            h.trigger.noun
            and not h.trigger.casualty
            and _THE_SEPARATE.search(clause.text, 0, h.start - clause.start)
            for h in heads
        )
        if not named or self._specific(clause) is None:
            return None
        for incident in reversed(self.incidents[-_LOOKBACK:]):
            if (
                incident is not self.incidents[0].root
                and self.location(incident) is not None
                and self._family_ok(incident, family)
                and self._place_ok(incident, clause)
            ):
                return incident
        return None

    def _apart(self, clause: Clause, heads: list[TriggerHit], anaphors: list[TriggerHit]) -> bool:
        """A clause marked as telling another incident ("separately", "in a separate
        incident") that says something happened: an event word, or a toll of its own."""
        if not clause.separate or clause.roundup or anaphors or self.current is None:
            return False
        events = [h for h in heads if not h.trigger.casualty]
        return bool(events) or any(not c.update for c in clause.killed)

    def _counts_family(self, root: Incident, family: str | None) -> bool:
        """A round-up that counts events of ``family`` by their own word ("killed three
        terrorists in two separate operations")."""
        return root.roundup and any(
            h.trigger.kind
            and not h.trigger.casualty
            and self.lists.family(h.trigger.kind) == family
            for c in root.clauses[:_EVIDENCE_CAP]
            if c.roundup
            for h in c.heads
        )

    def _told_before_elsewhere(self, clause: Clause, family: str | None) -> Incident | None:
        """ "A soldier was martyred in a roadside blast in North Waziristan, while forces
        killed three terrorists ... Separately, a sepoy was martyred when an IED went off in
        Gharyoum": the part told apart from the round-up before it is the incident the lead
        told first, of its family, at a place inside that incident's, with no day against it.
        One told as another ("another IED went off", "two more soldiers") stays apart."""
        if family is None or clause.strong_date is not None:
            return None
        more = get_patterns().more_before
        if any(c.more for c in clause.casualties) or any(
            more.search(clause.text[max(0, h.start - clause.start - 20) : h.start - clause.start])
            for h in clause.heads
        ):
            return None
        specific = self._specific(clause)
        root = self.current.root
        if specific is None:
            return None
        for incident in self.incidents[-_LOOKBACK:]:
            location = self.location(incident)
            if (
                incident.root is incident
                and incident is not root
                and not incident.children
                and incident.family == family
                and incident.strong is None
                and location
                and specific != location
                and self.places.below(specific, location)
            ):
                return incident
        return None

    def _by_date(self, clause: Clause, when: DateHit, family: str | None, anaphors) -> Incident:
        value = when.match.value
        for incident in reversed(self.incidents[-_LOOKBACK:]):
            # A series may run past midnight; incidents counted in a round-up are each dated.
            agrees = incident.strong and _agree(
                incident.strong.match.value, value, incident.umbrella and not incident.roundup
            )
            if agrees and self._response_to(clause, family, incident):
                continue
            if agrees and self._place_ok(incident, clause):
                root = incident.root
                if root.umbrella or root.children:
                    return self._within(root, clause, family)
                return incident
        target = self._resolve(anaphors[0]) if anaphors else self.current
        if (
            target is not None
            and target.strong is None
            and target.root.strong is None
            and _names_its_day(clause, when, anaphors)
        ):
            # "The November 13 shooting closed the crossing": the day in the phrase that names
            # the known incident is its day, when it was told with none of its own.
            target.strong = when
            return target
        # A headline names the article's main incident, whatever word the body uses for it.
        # A toll told with no event word says nothing of the incident's family.
        tolled_only = _tolled_only(clause)
        family_ok = target is not None and (
            target.title_only or tolled_only or self._family_ok(target, family)
        )
        # A part of a series has the series' date.
        if (
            target is not None
            and target.root.strong is None
            and target.strong is None
            and family_ok
        ):
            reference = target.weak.match.value if target.weak else None
            if self._place_ok(target, clause) and self._near(value, reference):
                if (
                    not clause.roundup
                    and _part_number(clause) is None
                    and self._counts_family(target.root, family)
                ):
                    # "Troops conducted an IBO in Kulachi on November 20": one of the
                    # operations a round-up counts, told with its own day, is its part; a
                    # round-up of "two separate incidents" names no family its parts share.
                    # One told by its rank ("in the first attack") is placed as before.
                    return self._within(target.root, clause, family)
                return target
        if target is not None and family_ok and self._toll_rose(clause, target, value):
            return target
        return self._new(clause, family)

    def _toll_rose(self, clause: Clause, incident: Incident, value: str) -> bool:
        """ "One of the injured died on Friday, raising the toll to 12": a later day that only
        revises the toll of the incident before it, a few days after its day."""
        if not any(c.update and c.outcome == "killed" for c in clause.casualties):
            return False
        held = incident.root.strong or incident.strong
        day = parse_partial_date(held.match.value) if held and held.match.value else None
        later = parse_partial_date(value)
        if day is None or later is None or not (day.is_day and later.is_day):
            return False
        return 0 < day.days_before(later) <= _ANNOUNCED_WITHIN

    def _response_to(self, clause: Clause, family: str | None, incident: Incident) -> bool:
        """The forces' operation launched the day of an attack ("forces launched a rescue
        operation on Tuesday") is an incident of its own, not part of the attack."""
        root = incident.root
        return (
            family == "engagement"
            and root.family != "engagement"
            and not (root.umbrella or root.children)
            and any(
                h.trigger.kind and self.lists.family(h.trigger.kind) == "engagement"
                for h in clause.heads
                if not h.trigger.casualty
            )
        )

    def _earlier(
        self, clause: Clause, family: str | None, later: Incident, gap: str, *, back: bool = False
    ) -> Incident:
        incident = self._new(clause, family)
        incident.earlier = True
        # "A day before the protest, a shell had hit a house": the later incident's day; one
        # told with no day of its own has its series' day, or the report's main incident's.
        held = later.strong or later.root.strong or self._main_day()
        reference = held.match.value if held else None
        if reference is None and self.published is not None:
            reference = self.published.isoformat()
        incident.gap_date = (date_counted_back if back else date_before)(gap, reference)
        return incident

    def _main_day(self) -> DateHit | None:
        """The day of the report's main incident (its first), which an incident told with no
        date of its own takes."""
        main = next((i for i in self.incidents if i.parent is None), None)
        return main.strong if main is not None else None

    def _within(self, root: Incident, clause: Clause, family: str | None) -> Incident:
        """Place a clause under an umbrella: join a sub-incident, the umbrella, or start a sub."""
        # "two attacks ... gunmen first opened fire on a teacher ... In the second attack":
        # the round-up's parts, told in turn.
        nth = _part_number(clause) if root.roundup else None
        if nth is not None and nth <= len(root.children):
            return root.children[nth - 1]
        if nth is not None and nth == len(root.children) + 1:
            return self._new(clause, family, parent=root)
        if root.roundup and clause.roundup and nth is None:
            # "Forces killed 13 militants in two separate operations in the northwest": a
            # clause that counts the parts again tells the round-up, not one of its parts.
            return root
        root_location = self.location(root)
        mentioned = [p.key for p in clause.mentioned_places if p.kind != "Country"]
        for sub in reversed(root.children):
            location = choose_location(sub, self.places)
            if location and any(
                self.places.compatible(key, location)
                and (not root_location or key != root_location)
                for key in mentioned
            ):
                return sub
        specific = self._specific(clause)
        if specific and root_location and not self.places.below(specific, root_location):
            specific = None if self.places.compatible(specific, root_location) else specific
        if clause.also and clause.heads:
            return self._new(clause, family, parent=root)
        same_family = [s for s in root.children if s.family == family]
        if family == "engagement" and same_family and family != root.family:
            return same_family[-1]
        best = self._overlapping(same_family, clause)
        if best is not None and not specific:
            return best
        if best is not None and specific and not choose_location(best, self.places):
            return best
        root_tolls = {c.count.value for c2 in root.clauses[:_EVIDENCE_CAP] for c in c2.killed}
        # "Two more died in hospital" adds to a toll already told; it is no part of its own.
        own_toll = [c for c in clause.killed if c.count.value not in root_tolls and not c.more]
        current = self.current if self.current is not None and self.current.root is root else root
        kind_changed = (
            current is not root
            and clause.heads
            and clause.heads[0].trigger.strength >= 0.6
            and clause.heads[0].trigger.kind != self._kind_of(current)
        )
        # "Eight militants were killed in two separate operations ... In the first, ... Troops
        # killed five": a toll with no place of its own, told after a part of a round-up was
        # opened, is that part's while it has none of that group.
        part_toll = root.roundup and current is not root and not _counted_group(current, clause)
        if (
            own_toll
            and not specific
            and not clause.also
            and not part_toll
            and _tolled_only(clause)
            and all(k.group == "militant" for k in clause.killed)
            and any(k.group == "militant" for c in root.clauses[:_EVIDENCE_CAP] for k in c.killed)
        ):
            # "Six terrorists were killed while the forces beat back coordinated attacks ...
            # five terrorists had been neutralised": the militants killed beating back the
            # series, counted again, not an operation of its own.
            return root
        if (
            current is not root
            and own_toll
            and not specific
            and not clause.also
            and _tolled_only(clause)
            and not _counted_group(current, clause)
        ):
            # "Four fleeing terrorists were killed ... Five soldiers embraced shahadat": a toll
            # with no event word and no place of its own counts another side of the part told.
            return current
        if (
            part_toll
            and own_toll
            and not specific
            and not clause.also
            and not clause.separate
            and family == current.family
        ):
            # "In the first, an operation was conducted in Mir Ali. Troops engaged the
            # terrorists' location, killing four": the part told goes on, with its toll.
            return current
        if (
            family == "engagement"
            and root.family in _ARMED_VIOLENCE
            and not clause.casualties
            and not specific
            and not clause.also
            and all(h.trigger.kind == _CLASH for h in clause.heads if not h.trigger.casualty)
        ):
            # "The security forces responded and engaged the attackers": the exchange of fire
            # with the series' attackers, with no toll or place of its own, is their assault
            # met, no part of its own.
            return current
        if (
            root.roundup
            and current is not root
            and clause.killed
            and not own_toll
            and not specific
            and _tolled_only(clause)
            and any(c.killed for c in current.clauses)
        ):
            # "Weapons were recovered from all three dead men": the round-up's dead, counted
            # again with no event word after the last part's toll, are no part of their own.
            return root
        if own_toll or specific or (family and family != root.family) or kind_changed:
            return self._new(clause, family, parent=root)
        return current

    def _single(self, clause: Clause, family: str | None) -> Incident:
        current = self.current
        # "33 militants had been killed" after the forces' operation: its outcome.
        militant_toll = clause.killed and all(c.group == "militant" for c in clause.killed)
        if current.family == "engagement" and militant_toll and not clause.anaphors:
            return current
        if _same_target(clause, current):
            return current
        if (
            current.family == "engagement"
            and family in _ARMED_VIOLENCE
            and current.parent is None
            and not current.children
            and clause.strong_date is None
            and not clause.killed
            and _told_as_before(clause)
        ):
            # "security forces raided a hideout ... the terrorists there had attacked security
            # forces and planted IEDs": what the forces' targets had done before is the
            # operation's reason, no incident of its own.
            return current
        specific = self._specific(clause)
        if specific and self._toll_at_named_place(clause, current, specific):
            return current
        location = self.location(current)
        if specific and location and self._strike_at_one_place(clause, current, specific, location):
            return self._new(clause, family)
        # A toll told with no event word says nothing of the incident's family.
        tolled_only = _tolled_only(clause)
        if (
            specific
            and location
            and not current.title_only
            and not self.places.compatible(specific, location)
        ):
            for incident in reversed(self.incidents[-_LOOKBACK:]):
                other = self.location(incident)
                if (
                    other
                    and self.places.compatible(specific, other)
                    and (tolled_only or self._family_ok(incident, family))
                ):
                    if self._strike_at_one_place(clause, incident, specific, other):
                        break
                    return incident
            return self._new(clause, family)
        if (
            family == "engagement"
            and not clause.in_title
            and not current.title_only
            and current.family in _ARMED_VIOLENCE
            and current.parent is None
            and not current.children
            and clause.killed
            and all(k.group == "militant" for k in clause.killed)
            and any(
                h.trigger.noun and h.trigger.kind and self.lists.family(h.trigger.kind) == family
                for h in clause.heads
                if not h.trigger.casualty
            )
            and not any(i.family == family for i in self.incidents[-_LOOKBACK:])
        ):
            # "Following the attack, troops launched a sanitisation operation in the area, and
            # 14 terrorists were killed": the operation launched after it is one of its own.
            return self._new(clause, family)
        if (
            family
            and current.family != family
            and not all(h.trigger.casualty for h in clause.heads)
        ):
            # "The BLA said it was holding 214 hostages" after the forces' operation: back to
            # the latest incident of the clause's own family.
            for incident in reversed(self.incidents[-_LOOKBACK:]):
                if incident.family == family and self._place_ok(incident, clause):
                    return incident
            if current.family not in _ARMED_VIOLENCE:
                for incident in reversed(self.incidents[-_LOOKBACK:]):
                    if _ARMED_VIOLENCE.issuperset({family, incident.family}) and self._place_ok(
                        incident, clause
                    ):
                        return incident
        return current

    def _strike_goes_on(self, clause: Clause) -> bool:
        """ "Pakistani jets struck Paktika ... Houses were targeted", "The raids hit seven
        villages": a bare verb of striking, after an air strike, tells more of that strike."""
        current = self.current
        if current is None or current.family != "engagement":
            return False
        events = [h for h in clause.heads if not h.trigger.casualty]
        if not events or any(
            h.trigger.kind != "Attack" or h.trigger.strength >= _WEAK_STRIKE for h in events
        ):
            return False
        held = current.root.strong or current.strong
        when = clause.strong_date
        if when is not None and not (
            held and _agree(held.match.value, when.match.value, loose=False)
        ):
            return False  # "militants struck an army post on Saturday": another day's incident
        return self._kind_of(current.root) == _AIR_STRIKE

    def _strike_at_one_place(
        self, clause: Clause, incident: Incident, specific: str, location: str
    ) -> bool:
        """ "Missiles struck several cities ... In Kotli, a missile hit a mosque, killing
        two": one strike of the night's campaign, told with a toll of its own, is an event of
        its own beside the campaign's."""
        if not any(h.trigger.kind == _AIR_STRIKE for h in clause.heads) or clause.anaphors:
            return False
        if self._kind_of(incident.root) != _AIR_STRIKE or not self.places.below(specific, location):
            return False
        tolls = {c.count.value for c2 in incident.clauses[:_EVIDENCE_CAP] for c in c2.killed}
        if not any(c.count.value not in tolls and not c.more for c in clause.killed):
            return False
        named = {h.key for c in incident.clauses[:_EVIDENCE_CAP] for h in c.places}
        return len(named) >= 2

    def _toll_at_named_place(self, clause: Clause, incident: Incident, specific: str) -> bool:
        """ "Air strikes hit Khost and Kunar ... In Kunar, six people were killed": a toll told
        for one of the places the incident was already said to hit is a part of its toll."""
        if not clause.killed or any(not h.trigger.casualty for h in clause.heads):
            return False
        named = {h.key for c in incident.clauses[:_EVIDENCE_CAP] for h in c.places}
        # "hit three districts, Behsud, ..." then "In one house in a village of Behsud, 18 died"
        within = specific in named or any(self.places.below(specific, n) for n in named)
        return within and len(named - {specific}) >= 1

    def _resolve(self, anaphor: TriggerHit) -> Incident | None:
        kind = anaphor.trigger.kind
        if self.current is None:
            return None
        if kind is None or anaphor.trigger.casualty:
            return self.current.root if kind is None else self.current
        family = self.lists.family(kind)
        plural = anaphor.text.lower().endswith("s")
        recent = sorted(self.incidents[-_LOOKBACK:], key=lambda i: -i.touched)
        for incident in recent:
            if not plural and incident is self.sections_root:
                continue  # "the Sabzal Road attack": one of the labelled paragraphs' incidents
            if anaphor.trigger.weak_family or incident.family == family:
                if plural and incident.parent is not None and incident.root.family == family:
                    return incident.root
                return incident
        # A hijacking or a kidnapping is also "the attack"; a state operation is not.
        for incident in recent:
            if _ARMED_VIOLENCE.issuperset({family, incident.family}):
                return incident
        return self.current

    # -- helpers -----------------------------------------------------------------------------

    def _new(
        self,
        clause: Clause,
        family: str | None,
        parent: Incident | None = None,
        section: int = 0,
    ) -> Incident:
        heads = clause.heads
        incident = Incident(
            order=len(self.incidents), family=family or "attack", parent=parent, section=section
        )
        incident.discovery = any(h.trigger.discovery for h in heads)
        incident.family_told = family is not None and any(
            not h.trigger.casualty for h in (*heads, *clause.anaphors)
        )
        if parent is not None:
            parent.children.append(incident)
        self.incidents.append(incident)
        return incident

    def _family(self, clause: Clause) -> str | None:
        hits = clause.heads or clause.anaphors or [t for t in clause.triggers if not t.generic]
        if _repelled_attack(clause, self.lists):
            # "Police repel attack on checkpost, search operation launched": an attack the
            # forces beat back is the attack, whatever they did next.
            return "attack"
        # A raid-like word with no doer named says nothing of whose it was: "the assault, which
        # it termed a fire raid" is the assault's.
        named = [t for t in (*hits, *clause.anaphors) if t.trigger.kind and not t.trigger.casualty]
        undone = [t for t in named if _doer_word(t) and _doer_family(clause, t) is None]
        if undone and len(undone) < len(named):
            hits = [t for t in (*hits, *clause.anaphors) if t not in undone]
        for hit in hits:
            if hit.trigger.kind and not hit.trigger.casualty:
                family = _doer_family(clause, hit) or self.lists.family(hit.trigger.kind)
                # A bare "operation" is the forces' only when forces are named.
                bare = family == "engagement" and not clause.response and hit.trigger.weak_family
                if bare and not any(a.kind == "StateForce" for a in clause.actors):
                    continue
                return self._whole(clause, hits, hit, family)
        if _forces_killed_militants(clause, hits):
            return "engagement"
        return next((self.lists.family(h.trigger.kind) for h in hits if h.trigger.kind), None)

    def _whole(self, clause: Clause, hits: list[TriggerHit], hit: TriggerHit, family: str) -> str:
        """The family of what the clause tells as a whole, given its strongest event word.

        - "Gunmen stormed a training centre, triggering a gun battle": a gunfight that an
          attack set off is that attack, unless the clause tells it as the forces' response
          ("the fighting that followed the attacks").
        - "Nine passengers were abducted from a bus and shot dead": people taken and killed
          were attacked, not held.
        - "Troops raided a hideout and killed four militants": what the forces do to
          militants is their operation.
        """
        kinds = [h.trigger.kind for h in hits if h.trigger.kind and not h.trigger.casualty]
        if family == "attack" and not hit.trigger.noun and _forces_act(clause, hit):
            return "engagement"
        if (
            hit.trigger.kind == _CLASH
            and not clause.response
            and any(self.lists.family(k) == "attack" for k in kinds)
        ):
            return "attack"
        if (
            hit.trigger.kind == _KIDNAPPING
            and _HIJACKING not in kinds
            and any(c.group != "militant" for c in clause.killed)
        ):
            return "attack"
        return family

    def _family_of(self, heads: list[TriggerHit]) -> str | None:
        kinds = [h.trigger.kind for h in heads if h.trigger.kind and not h.trigger.casualty]
        return self.lists.family(kinds[0]) if kinds else None

    def _family_ok(self, incident: Incident, family: str | None) -> bool:
        return family is None or incident.family == family

    def _kind_of(self, incident: Incident) -> str | None:
        return incident_kind(incident, self.lists)

    def _place_ok(self, incident: Incident, clause: Clause) -> bool:
        if not clause.in_title and (incident.title_only or _placed_by_title(incident)):
            # A headline's place is loose ("in Bannu" for a village of Bannu district), also
            # when the body so far told the incident with no place of its own.
            return True
        specific = self._specific(clause)
        location = self.location(incident)
        return not (specific and location and not self.places.compatible(specific, location))

    def _specific(self, clause: Clause) -> str | None:
        places = [p for p in clause.places if p.kind != "Country"]
        if places and all(h.trigger.casualty for h in clause.heads):
            # "a sixth died later in a Peshawar hospital": a toll told with where the wounded
            # were taken names no place of the incident.
            places = [
                p
                for p in places
                if not (self.places.where_taken(p) or self._names_where_taken(clause, p))
            ]
        if not places:
            return None
        return max(places, key=lambda p: (_DEPTH.get(p.kind, 0), -p.start)).key

    def _names_where_taken(self, clause: Clause, hit: EntityHit) -> bool:
        """ "a Peshawar hospital", "Quetta's Civil Hospital": the place names a hospital."""
        after = clause.text[hit.end - clause.start :]
        for word in _NAME_WORD.findall(after[:40])[:3]:
            if word.lower() in self.places.taken_words:
                return True
            if not word[:1].isupper():
                return False
        return False

    def _near(self, value: str, reference: str | None) -> bool:
        when = parse_partial_date(value)
        if reference is None:
            if self.published is None:
                return True
            published = PartialDate.from_date(self.published)
            if when is None or when.starts_after(published):
                return False
            if when.is_day:
                return 0 <= when.days_before(published) <= 7
            return when.contains(published)
        then = parse_partial_date(reference)
        if when is None or then is None:
            return False
        if when.is_day and then.is_day:
            # An announcement can come days after the incident it reports ("in the last three
            # days", "on the night of January 29" in Friday's statement), never long before it.
            gap = when.days_before(then)
            return -_SAME_DAY_SLACK <= gap <= _ANNOUNCED_WITHIN
        return when.agrees(then)

    def _overlapping(self, candidates: list[Incident], clause: Clause) -> Incident | None:
        best, score = None, 1
        for incident in reversed(candidates):
            words = (
                frozenset().union(*(c.words for c in incident.clauses[:_EVIDENCE_CAP]))
                if incident.clauses
                else frozenset()
            )
            shared = len((clause.words & words) - _trigger_words(self.lists))
            if shared > score:
                best, score = incident, shared
        return best

    def location(self, incident: Incident | None) -> str | None:
        if incident is None:
            return None
        return choose_location(incident, self.places) or (
            self.location(incident.parent) if incident.parent else None
        )


_AGAIN = re.compile(r"\bagain\b")
# "the separate Karak operation", "the other attack": an incident told apart already.
_THE_SEPARATE = re.compile(
    r"\bthe\s+(?:separate|other)\s+(?:[A-Z][\w.-]*\s+){0,3}(?:[a-z-]+\s+)?$", re.IGNORECASE
)


def _same_target(clause: Clause, incident: Incident) -> bool:
    subject = get_patterns().target_subject.match(clause.text)
    if subject is None or clause.also or _AGAIN.search(clause.text):
        return False  # "the bus was attacked again": another incident
    if clause.sentence == incident.clauses[-1].sentence:
        return False
    noun = re.compile(rf"\b{subject.group('noun')}\b", re.IGNORECASE)
    return any(noun.search(c.text) for c in incident.clauses[:_EVIDENCE_CAP])


_HAD = re.compile(r"\bhad\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _told_as_before(clause: Clause) -> bool:
    """Every event verb of the clause is in the past perfect ("had attacked", "had
    repeatedly targeted"): it tells what came before the incident being reported."""
    verbs = [h for h in clause.heads if not h.trigger.noun and not h.trigger.casualty]
    return bool(verbs) and all(_HAD.search(clause.text[: h.start - clause.start]) for h in verbs)


def _counted_group(incident: Incident, clause: Clause) -> bool:
    """The incident already has a death toll of a group the clause counts."""
    groups = {k.group for k in clause.killed}
    return any(k.group in groups for c in incident.clauses[:_EVIDENCE_CAP] for k in c.killed)


def _tolled_only(clause: Clause) -> bool:
    """A toll told with no event word, which says nothing of the incident's family."""
    return all(h.trigger.casualty for h in (*clause.triggers, *clause.anaphors))


def _repelled_attack(clause: Clause, lists) -> bool:
    """The clause tells an attack that the forces beat back: a force then a repelling verb
    before the attack word ("police beat back an attack"), or the attack word then the
    repelling verb in the passive ("the raid on the post was repulsed")."""
    patterns = get_patterns()
    attacks = [
        h
        for h in clause.triggers
        if h.trigger.noun
        and not (h.generic or h.hedged or h.trigger.casualty)
        and h.trigger.kind
        and lists.family(h.trigger.kind) == "attack"
    ]
    if not attacks:
        return False
    text, offset = clause.text, clause.start
    for actor in clause.actors:
        if actor.kind != "StateForce":
            continue
        found = patterns.repelled.match(text, actor.end - offset)
        # "troops beat back the attack": the attack told before, which the clause joins.
        if found and any(h.end - offset == found.end() and not h.anaphoric for h in attacks):
            return True
    return any(patterns.repelled_passive.match(text, h.end - offset) for h in attacks)


def _forces_act(clause: Clause, verb: TriggerHit) -> bool:
    """The state's forces are the subject of ``verb`` (the last actor before it), and everyone
    the clause counts dead is a militant, or men it does not say who they were ("police shot
    dead two men trying to cross") when the verb is active and no civilians are named."""
    if not clause.killed or any(c.group not in ("militant", "total") for c in clause.killed):
        return False
    before = [a for a in clause.actors if a.end <= verb.start]
    if not before or before[-1].kind != "StateForce":
        return False
    if any(c.group == "total" for c in clause.killed):
        # "stormed police stations, blew up tracks": a force named after another event word
        # is what that word hit, not who acted.
        force = before[-1]
        return not (
            any(a.kind == "CivilianGroup" for a in clause.actors)
            or _PASSIVE.search(clause.text[: max(0, verb.start - clause.start)])
            or any(force.end <= h.start < verb.start for h in clause.triggers)
            or any(h.end <= force.start and not h.trigger.noun for h in clause.triggers)
        )
    return True


_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _compared(clause: Clause) -> bool:
    """The incident, named as the clause's subject, set beside a series ("The bombing follows
    a spate of attacks"): the series is other incidents, not this one's parts."""
    anaphors = [a for a in clause.anaphors if not a.trigger.casualty]
    heads = [h for h in clause.heads if not h.trigger.casualty]
    return bool(
        anaphors
        and heads
        and not anaphors[0].text.lower().endswith("s")
        and _subject_offset(clause, anaphors[0]) <= _SUBJECT_CHARS
        and all(h.start > anaphors[0].start for h in heads)
    )


_DOES_GAP = re.compile(r"\s+(?:(?:had|has|have|was|were)\s+)?(?:\w+ly\s+)?")


def _does(clause: Clause, anaphor: TriggerHit, heads: list[TriggerHit]) -> bool:
    """Whether the incident an anaphor names is the doer of the clause's event verb: "said
    the bomber hit a truck", "the explosion went off at 6am" tell more of it."""
    for head in heads:
        if head.trigger.noun or head.start < anaphor.end:
            continue
        gap = clause.text[anaphor.end - clause.start : head.start - clause.start]
        if _DOES_GAP.fullmatch(gap):
            return True
    return False


def _subject_offset(clause: Clause, hit: TriggerHit) -> int:
    """How far into the clause a word stands, past a source opening it ("According to
    officials, the blast ...")."""
    offset = hit.start - clause.start
    lead = get_patterns().source_lead.match(clause.text)
    return offset - lead.end() if lead is not None and lead.end() <= offset else offset


def _part_number(clause: Clause) -> int | None:
    """The number of the round-up's part a clause tells ("first opened fire": 1)."""
    patterns = get_patterns()
    opening = patterns.part_opening.match(clause.text)
    if opening is not None:
        return patterns.part_numbers.get(opening.group(1).lower())
    for hit in (*clause.heads, *clause.anaphors):
        if hit.trigger.casualty:
            continue
        found = patterns.part_ordinal.search(clause.text[: max(0, hit.start - clause.start)])
        if found is not None:
            return patterns.part_numbers.get(found.group(1).lower())
    return None


def _doer_word(hit: TriggerHit) -> bool:
    return hit.text.lower() in get_patterns().doer_events


def _doer_family(clause: Clause, hit: TriggerHit) -> str | None:
    """The family a raid-like word takes from who does it: militants' raid is an attack
    ("terrorists raid a checkpost", "a militant raid"), the forces' raid their operation
    ("troops raided a hideout"). None when the word is not one of them or no doer is named
    right before it."""
    patterns = get_patterns()
    if not _doer_word(hit):
        return None
    before = clause.text[: max(0, hit.start - clause.start)]
    militant = patterns.militant_doer.search(before)
    actor = next(
        (
            a
            for a in reversed(clause.actors)
            if a.end <= hit.start and a.kind in ("StateForce", "ArmedGroup")
        ),
        None,
    )
    if actor is not None and actor.start >= clause.start:
        gap = clause.text[actor.end - clause.start : hit.start - clause.start]
        nearer = militant is None or actor.start - clause.start > militant.start()
        if nearer and patterns.doer_gap.fullmatch(gap):
            return "engagement" if actor.kind == "StateForce" else "attack"
        if militant is None and actor.kind == "StateForce" and patterns.told_by_doer.fullmatch(gap):
            return "engagement"
    if militant:
        return "attack"
    after = clause.text[max(0, hit.end - clause.start) :]
    # "the latest raid by TTP fighters", "an assault by militants": the doer named after it.
    doer = patterns.doer_after.match(after)
    if doer is not None:
        if doer.group("militant"):
            return "attack"
        at = hit.end + doer.end()
        named = next((a for a in clause.actors if a.start == at), None)
        if named is not None and named.kind in ("StateForce", "ArmedGroup"):
            return "engagement" if named.kind == "StateForce" else "attack"
    # "In the other raid, on a militant hideout ...": a raid on militants is the forces'.
    return "engagement" if patterns.militant_den.match(after) else None


def _forces_killed_militants(clause: Clause, hits: list[TriggerHit]) -> bool:
    """ISPR style: "Security forces killed 54 terrorists" is the forces' operation, not an attack.

    The subject is a state force (the last actor before the verb), the verb only says who died,
    and everyone the clause counts dead is a militant.
    """
    verbs = [h for h in hits if h.trigger.casualty and not h.trigger.noun]
    if not verbs or not clause.killed or any(c.group != "militant" for c in clause.killed):
        return False
    before = [a for a in clause.actors if a.end <= verbs[0].start]
    return bool(before) and before[-1].kind == "StateForce"


def _forces_round_up(parent: Incident) -> bool:
    """A round-up of the state's forces' operations: its own clauses name a state force and
    count only militants dead."""
    clauses = [c for c in parent.clauses[:_EVIDENCE_CAP] if not c.in_title] or parent.clauses
    killed = [k for c in clauses for k in c.killed]
    return (
        parent.roundup
        and any(a.kind == "StateForce" for c in clauses for a in c.actors)
        and bool(killed)
        and all(k.group == "militant" for k in killed)
    )


def series_location(incident: Incident, places: Places, locations: list[str]) -> str | None:
    """Where a series without a place of its own happened: the smallest area holding all its parts.

    A series is wider than any one of its parts, so with a single located part it is that
    part's parent area.
    """
    if not locations:
        return None
    common = [
        k
        for k in places.chain(locations[0])
        if all(k in places.chain(other) for other in locations[1:])
    ]
    if not common:
        return None
    if len(set(locations)) == 1 or common[0] in locations:
        return common[1] if len(common) > 1 else None
    return common[0]


_TRIGGER_WORDS: frozenset[str] | None = None


def _trigger_words(lists) -> frozenset[str]:
    global _TRIGGER_WORDS
    if _TRIGGER_WORDS is None:
        _TRIGGER_WORDS = frozenset(w for phrase in lists.triggers for w in phrase.split())
    return _TRIGGER_WORDS


def _names_its_day(clause: Clause, when: DateHit, anaphors: list[TriggerHit]) -> bool:
    """The date stands inside the phrase that names the known incident, right before its
    event word: "the May 9 attack"."""
    if not anaphors:
        return False
    end = when.start + len(when.match.text)
    between = clause.text[end - clause.start : anaphors[0].start - clause.start]
    return when.start < anaphors[0].start and not between.strip()


def _earlier_day(told: DateHit, held: DateHit | None) -> bool:
    """Whether ``told`` is a day within a week before the day ``held``."""
    one = parse_partial_date(told.match.value) if told.match.value else None
    two = parse_partial_date(held.match.value) if held and held.match.value else None
    if one is None or two is None or not (one.is_day and two.is_day):
        return False
    return 0 < one.days_before(two) <= _ANNOUNCED_WITHIN


def _finer(held: DateHit | None, told: DateHit) -> DateHit | None:
    """``told`` when it is a finer date inside ``held`` (a day in "earlier this week"), else
    ``held``."""
    outer = parse_partial_date(held.match.value) if held else None
    inner = parse_partial_date(told.match.value)
    if outer is None or inner is None or inner.contains(outer):
        return held
    return told if outer.contains(inner) else held


def _agree(a: str | None, b: str | None, loose: bool) -> bool:
    """One date holds the other; ``loose``: or two days are a day apart."""
    first, second = parse_partial_date(a), parse_partial_date(b)
    if first is None or second is None:
        return False
    return first.agrees(second, window_days=1 if loose else 0)


def choose_location(incident: Incident, places: Places) -> str | None:
    """The most specific place that the incident's other place mentions agree with.

    Each candidate (a place the text puts the violence in) scores the mentions that
    agree with it (it, a place holding it, a place it holds, a site in its district;
    a passing mention only when it holds the candidate) minus the locative mentions
    that contradict it; ties go to the more specific kind, then to the earlier mention.
    """
    # The first clauses settle where it happened; reading only them bounds the work.
    clauses = incident.clauses[:_EVIDENCE_CAP]
    size = len(clauses)
    if incident.location_cache[0] == size:
        return incident.location_cache[1]
    settings = [(c, _post_area(c, h, places)) for c in clauses for h in c.places]
    locative = [
        h for c, h in settings if h is not None and h.kind != "Country" and not _set_apart(c, h)
    ]
    if not locative:
        locative = [h for c, h in settings if h is not None and not _set_apart(c, h)]
    body = [h for c in clauses if not c.in_title for h in c.places if h.kind != "Country"]
    if body:
        # A headline names places loosely; where it disagrees with the body, the body wins.
        titled = {id(h) for c in clauses if c.in_title for h in c.places}
        locative = [
            h
            for h in locative
            if id(h) not in titled
            or all(places.compatible(h.key, b.key, namesake=False) for b in body)
        ]
    others = [
        h for c in clauses for h in c.mentioned_places if h.kind != "Country" and not h.locative
    ]
    # A hospital is where the wounded were taken, not where the violence was, unless the
    # text names nowhere else.
    located = [h for h in locative if not places.where_taken(h)]
    locative = located or locative
    first: dict[str, EntityHit] = {}
    for hit in locative:
        first.setdefault(hit.key, hit)

    def score(hit: EntityHit):
        # A passing mention ("Musakhail SSP") backs only places inside it, never a wider one.
        agree = sum(1 for h in locative if places.compatible(h.key, hit.key, namesake=False))
        agree += sum(1 for h in others if h.key in places.chain(hit.key))
        disagree = sum(1 for h in locative if not places.compatible(h.key, hit.key, namesake=False))
        # A site nobody can place agrees with everything; it is chosen only over nothing.
        depth = _depth(hit, places) if places.placed(hit.key) else -1
        if places.spans_districts(hit.key):  # no finer than the province it crosses
            depth = _DEPTH["Province"]
        # Of two places of a kind, the one inside the other ("the city's Saddar area").
        return (
            places.placed(hit.key),
            agree - disagree,
            depth,
            len(places.chain(hit.key)),
            -hit.start,
        )

    best = max(first.values(), key=score).key if first else None
    incident.location_cache = (size, best)
    return best


_WIDE = frozenset({"Country", "Province"})


def _depth(hit: EntityHit, places: Places) -> int:
    """How fine a place is, by its kind now (a locality read as a town may since have become
    a site of the city it lies in)."""
    return _DEPTH.get(places.kind(hit.key) or hit.kind, 0)


def _set_apart(clause: Clause, hit: EntityHit) -> bool:
    """A place that is no setting of the incident: one side of a border (:func:`_border`) or a
    capital that speaks (:func:`_speaking`), or a division named after its district (:func:`_division`)."""
    return _border(clause, hit) or _speaking(clause, hit) or _division(clause, hit)


def _post_area(clause: Clause, hit: EntityHit, places: Places) -> EntityHit | None:
    """ "within the limits of the Chamkani police station", "a van of the Kharadar police
    station": a force's post named as the area it polices, or as the owner of what was hit, is
    not where it happened; the locality it is named after is (None when it is named after
    none: the village or town the clause names places it)."""
    if hit.kind != "Site" or not _jurisdiction(clause, hit):
        return hit
    chain = places.chain(hit.key)
    area = chain[1] if len(chain) > 1 else None
    words = re.findall(r"[a-z0-9]+", hit.text.lower())
    named = area is not None and any(
        area.endswith("-" + "-".join(words[:k])) for k in range(1, len(words))
    )
    return replace(hit, key=area, kind=places.kind(area) or hit.kind) if named else None


def _jurisdiction(clause: Clause, hit: EntityHit) -> bool:
    """Whether a jurisdiction lead ("limits of", "under", "van of") stands right before the hit."""
    return bool(_jurisdiction_pattern().search(clause.text[: hit.start - clause.start]))


@lru_cache(maxsize=1)
def _jurisdiction_pattern() -> re.Pattern:
    leads = "|".join(re.escape(w) for w in get_words()["jurisdiction_lead"])
    return re.compile(rf"\b(?:{leads})\s+(?:the\s+)?$", re.IGNORECASE)


_DIVISION = re.compile(r"\s+division\b", re.IGNORECASE)


def _division(clause: Clause, hit: EntityHit) -> bool:
    """ "Surab in the Kalat division": a division holds several districts, among them ones
    carved out of the district it is named after; it places the incident in no one district."""
    return hit.kind == "District" and bool(_DIVISION.match(clause.text, hit.end - clause.start))


def _speaking(clause: Clause, hit: EntityHit) -> bool:
    """ "Islamabad claims 80 militants dead", "in what Kabul described as": a place whose name
    is the subject of a verb of saying stands for its government, not for where it happened.
    "In Islamabad, officials said ...": a place put before the speakers is where they spoke."""
    subject, fronted = _speaking_patterns()
    end = hit.end - clause.start
    if subject.match(clause.text, end):
        return True
    return bool(
        _OPENING_IN.fullmatch(clause.text[: hit.start - clause.start])
        and fronted.match(clause.text, end)
    )


_OPENING_IN = re.compile(r"\s*in\s+", re.IGNORECASE)
_SPEAKING: tuple[re.Pattern, re.Pattern] | None = None


def _speaking_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a verb of saying right after a place, a comma and the few words of a speaker and
    their verb of saying)."""
    global _SPEAKING
    if _SPEAKING is None:
        words = get_words()
        verbs = "|".join(re.escape(w) for w in words["speaking_place_verb"])
        said = "|".join(re.escape(w) for w in words["speech_verb"])
        _SPEAKING = (
            re.compile(rf"\s+(?:{verbs})\b"),
            re.compile(rf",\s+(?:[\w'’-]+\s+){{1,4}}(?:{said})\b"),
        )
    return _SPEAKING


def _border(clause: Clause, hit: EntityHit) -> bool:
    """A place that is one side of a border named by the pair ("near the Balochistan-
    Punjab border"): the incident was on the border, in neither region alone. A
    town's name in a pair names a crossing ("the Chaman-Spin Boldak border"), which stays.
    So is a country named by its border ("near the Afghan border")."""
    if hit.kind not in ("Country", "Province", "District"):
        return False
    after = clause.text[hit.end - clause.start :]
    before = clause.text[: hit.start - clause.start]
    pattern = _border_pattern()
    if hit.kind == "Country" and pattern[1].match(after):
        # "near the Afghan border": the frontier a country shares, on either side of it.
        return True
    return bool(
        pattern[0].match(after) or (before.endswith(("-", "\u2013")) and pattern[1].match(after))
    )


_BORDER_PATTERNS: tuple[re.Pattern, re.Pattern] | None = None


def _border_pattern() -> tuple[re.Pattern, re.Pattern]:
    """(the rest of a pair after its first place, the noun after its second place)."""
    global _BORDER_PATTERNS
    if _BORDER_PATTERNS is None:
        nouns = "|".join(re.escape(w) for w in get_words()["border_noun"])
        _BORDER_PATTERNS = (
            re.compile(rf"[-\u2013]\s*[A-Z][\w.' -]{{1,40}}?\s+(?:{nouns})\b"),
            re.compile(rf"\s+(?:{nouns})\b"),
        )
    return _BORDER_PATTERNS


def settle_location(incident: Incident, places: Places) -> str | None:
    """:func:`_settled_location`, or, when that is nowhere finer than a province, the town
    that heads the paragraph telling the incident (:func:`_headed_by`)."""
    where = _settled_location(incident, places)
    if incident.children or (where is not None and places.kind(where) not in _WIDE):
        return where
    return _headed_by(incident, places, where) or where


def _headed_by(incident: Incident, places: Places, wide: str | None) -> str | None:
    """ "SHIKARPUR: Five policemen were wounded when ...", "Kandhkot: ...": a round-up told
    paragraph by paragraph, each headed by the town it comes from; the incident its paragraph
    tells happened there, inside the region the lead names. A heading in the headline's or
    the lead's paragraph is the story's dateline, where it was filed."""
    for clause in incident.clauses[:_EVIDENCE_CAP]:
        if clause.in_title:
            continue
        if clause.paragraph < 2:
            return None
        head = next(
            (
                h
                for h in clause.mentioned_places
                if h.start == clause.start
                and h.kind in ("City", "District")
                and clause.text[h.end - clause.start : h.end - clause.start + 1] == ":"
            ),
            None,
        )
        if head is None:
            return None
        if places.placed(head.key) and (wide is None or places.below(head.key, wide)):
            return head.key
        return None
    return None


def _settled_location(incident: Incident, places: Places) -> str | None:
    """Where the incident happened, as an event gives it: :func:`choose_location`, narrowed
    when that is only a province or a country (or nothing) and the report is more precise.

    "Gunmen in southwestern Pakistan ..." then "armed men set up a blockade near Sultan
    Charhai outside the town of Noshki": the place is in a sentence with no event word that
    narrates the incident (:attr:`Incident.settings`). "Seven labourers were gunned down in
    the coastal town of Sarbandan, some 25km east of Gwadar", then "It was the third attack
    on people from Punjab in Balochistan" and a comparison with attacks in Turbat: a
    passing mention elsewhere made the province the only place all agree with. Among the
    places below the province, the one that more of them agree with than contradict it is
    chosen; a series keeps the area that holds its parts.
    """
    best = choose_location(incident, places)
    if best is not None and places.spans_districts(best):
        best = _along(incident, places, best) or best
    if incident.children:
        return best
    spread = _spread_area(incident, places)
    if spread is not None and (best is None or places.compatible(best, spread)):
        return spread
    if best is not None and places.kind(best) not in _WIDE:
        listed = _listed_area(incident, places, best)
        if listed is not None:
            return listed
        site = _site_within(incident, places, best)
        if site is not None or places.kind(best) != "District":
            return site or best
        # "a bomb went off in Pishin district", then "it had been planted in the Khanozai
        # bazaar": the district is named first; the village is where it happened.
        for clause in incident.settings:
            clause.setting_places()  # its places are read only when asked
        town = named_in_district(
            (*incident.clauses[:_EVIDENCE_CAP], *incident.settings), places, best, _set_apart
        )
        return best if town is None else _site_within(incident, places, town) or town

    def inside(hit: EntityHit) -> bool:
        if places.where_taken(hit) or hit.kind == "Country":
            return False
        return places.below(hit.key, best) if best is not None else True

    own_clauses = incident.clauses[:_EVIDENCE_CAP]
    own = [h for c in own_clauses for h in c.places]
    # A sentence that names a hospital tells where the wounded went ("shifted to the Trauma
    # Centre in Quetta"): none of its places is where it happened.
    told = [
        h
        for c in incident.settings
        for h in c.setting_places()
        if not any(places.where_taken(m) for m in c.mentioned_places)
    ]
    pool = [h for h in (*own, *told) if inside(h)]
    named = [h for c in incident.clauses[:_EVIDENCE_CAP] for h in c.mentioned_places]
    if not pool:  # "in the hills some 40km north of Turbat": near the town, then
        pool = [h for h in named if h.near and inside(h)]
    if not pool and best is None and incident.clauses and incident.clauses[0].recalled:
        # "Earlier this month, troops killed 30 militants who tried to slip into North
        # Waziristan": a recalled incident happened at the one place its own sentence names,
        # not where the story's incident did.
        own_named = {h.key for h in named if h.kind != "Country" and not places.where_taken(h)}
        if len(own_named) == 1:
            return own_named.pop()
    if not pool and best is None:
        # "terrorists stormed the Mardan Police Office": nothing says where it happened but
        # the site it hit; the building when it is the only one the report names (a hospital
        # aside), else the town it was in, as for a quarter of the town ("bombers rammed
        # vehicles into the wall of the Bannu Cantonment").
        # A post named as the jurisdiction stands for the quarter it is named after.
        areas = (
            _post_area(c, h, places)
            for c in incident.clauses[:_EVIDENCE_CAP]
            for h in c.mentioned_places
            if h.kind == "Site"
        )
        hit_sites = [h for h in areas if h is not None and inside(h)]
        quarters = get_words()["quarter_head"]
        told = {
            h.key
            for h in hit_sites
            if not places.taken_words.intersection(h.key.split("-"))
            and h.key.rsplit("-", 1)[-1] not in quarters
            and _town(h.key, places) is not None
        }
        if len(told) == 1:
            return told.pop()
        towns = [_town(h.key, places) for h in hit_sites]
        return next((t for t in towns if t is not None), None)
    if not pool and best is not None:
        # "an ambush in north-western Pakistan", then "the patrol was on its way to a village
        # near X in Y district when gunmen opened fire": the finer place its own sentences
        # name in passing.
        return named_within((*own_clauses, *incident.settings), places, best, _set_apart) or best

    def score(hit: EntityHit):
        net = sum(1 if places.compatible(h.key, hit.key) else -1 for h in pool)
        depth = _depth(hit, places) if places.placed(hit.key) else -1
        # A town read from the text lies inside the one that places it: it is the finer.
        return (places.placed(hit.key), net, depth, len(places.chain(hit.key)), -hit.start)

    chosen = max(pool, key=score)
    placed, net = score(chosen)[:2]
    return chosen.key if placed and net > 0 else best


def _along(incident: Incident, places: Places, line: str) -> str | None:
    """The place on a line through several districts (a highway, the Line of Control) that the
    incident's own sentences, or those that narrate it, name: "Indian troops shelled villages
    across the LoC", then "in the Nakyal sector of Kotli district"; "gunmen stopped a bus on
    the N-40 near Noshki". The line runs through many districts; the incident happened in
    the one named along it. Places in two districts ("between Quetta and Ziarat") leave the
    line."""
    area = places.chain(line)[1]
    for clause in incident.settings:
        clause.setting_places()  # its places are read only when asked
    named = [
        h
        for c in (*incident.clauses[:_EVIDENCE_CAP], *incident.settings)
        for h in c.mentioned_places
        if h.kind in ("City", "District", "Site")
        and h.locative
        and not places.where_taken(h)
        and not places.spans_districts(h.key)
        and not _set_apart(c, h)
        and places.below(h.key, area)
    ]
    districts = {places.district(h.key) for h in named}
    if len(districts) != 1 or None in districts:
        return None
    return max(named, key=lambda h: (_depth(h, places), -h.start)).key


_LIST_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*")
_REMAINDER = re.compile(r",?\s+(?:and|or)\s+(?:several\s+|many\s+|some\s+)?(?:other|elsewhere)\b")


def _listed_area(incident: Incident, places: Places, best: str) -> str | None:
    """The area holding every place of a list the chosen place is part of: "protests in
    Kotli, Bhimber and other towns" happened across the region, in no one town."""
    for clause in incident.clauses[:_EVIDENCE_CAP]:
        # Only the first of a list is read as locative ("in Kotli, Bhimber and ...").
        hits = sorted(clause.mentioned_places, key=lambda h: h.start)
        for n, hit in enumerate(hits):
            if hit.key != best or not hit.locative:
                continue
            run = [hit]
            for k in range(n - 1, -1, -1):  # the list before it
                gap = clause.text[hits[k].end - clause.start : run[0].start - clause.start]
                if not _LIST_JOIN.fullmatch(gap):
                    break
                run.insert(0, hits[k])
            for other in hits[n + 1 :]:  # and after it
                gap = clause.text[run[-1].end - clause.start : other.start - clause.start]
                if not _LIST_JOIN.fullmatch(gap):
                    break
                run.append(other)
            keys = list(dict.fromkeys(h.key for h in run))
            tail = clause.text[run[-1].end - clause.start :]
            # "the posts at Kharan and Washuk" were two attacks; only a list that ends in
            # places it leaves unnamed ("... and other towns") tells one incident across them.
            if not _REMAINDER.match(tail) or all(places.compatible(best, k) for k in keys):
                continue
            common = [k for k in places.chain(keys[0]) if all(k in places.chain(o) for o in keys)]
            return common[0] if common and places.kind(common[0]) != "Country" else None
    return None


_SPREAD_JOIN = re.compile(r"\s*(?:,|,?\s+(?:and|or))\s*(?:in\s+|at\s+)?(?:the\s+)?")


def _spread_area(incident: Incident, places: Places) -> str | None:
    """The area holding a list of places that a plural noun of places opens: "missiles struck
    civilian areas of Punjab and Kashmir", "the towns hit included Kotli, Bagh and Okara".
    One incident across regions happened in the area that holds them all, the country too."""
    nouns = _spread_pattern()
    for clause in incident.clauses[:_EVIDENCE_CAP]:
        hits = sorted(
            (h for h in clause.mentioned_places if h.kind != "Country"), key=lambda h: h.start
        )
        for n, hit in enumerate(hits):
            if not nouns.search(clause.text[: hit.start - clause.start]):
                continue
            # "areas of Azad Kashmir (AJK) and other parts of the country"
            rest = _REST_OF.match(clause.text, hit.end - clause.start)
            if rest and rest.group("noun").lower() in get_words()["spread_noun"]:
                wide = "Country" if rest.group("area").lower() == "country" else "Province"
                whole = [k for k in places.chain(hit.key) if places.kind(k) == wide]
                if whole and whole[0] != hit.key:
                    return whole[0]
            run = [hit]
            for other in hits[n + 1 :]:
                gap = clause.text[run[-1].end - clause.start : other.start - clause.start]
                if not _SPREAD_JOIN.fullmatch(gap):
                    break
                run.append(other)
            keys = list(dict.fromkeys(h.key for h in run))
            if len(keys) < 2 or all(places.compatible(keys[0], k) for k in keys):
                continue
            common = [k for k in places.chain(keys[0]) if all(k in places.chain(o) for o in keys)]
            if common:
                return common[0]
    return None


_SPREAD: re.Pattern | None = None
_REST_OF = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,?\s+and\s+(?:several\s+|many\s+)?other\s+(?P<noun>\w+)\s+"
    r"of\s+the\s+(?P<area>country|province)\b",
    re.IGNORECASE,
)


def _spread_pattern() -> re.Pattern:
    """A plural noun of places and up to three words, ending a text ("areas of", "locations
    in the country's", "cities hit included")."""
    global _SPREAD
    if _SPREAD is None:
        nouns = "|".join(re.escape(w) for w in get_words()["spread_noun"])
        _SPREAD = re.compile(rf"\b(?:{nouns})(?:\s+[\w'’]+){{0,3}}?\s+$")
    return _SPREAD


def _site_within(incident: Incident, places: Places, town: str) -> str | None:
    """The site in ``town`` that the incident's own clauses name as what was hit ("stormed the
    Mardan Police Office", "an attack on the Bannu Cantonment"): a finer place than the town.
    A hospital or morgue is where the wounded were taken; two sites leave the town."""
    if places.kind(town) not in ("City", "District"):
        return None

    def sites_of(clauses) -> set[str]:
        return {
            h.key
            for c in clauses
            if not c.in_title
            for h in c.mentioned_places
            if h.kind == "Site"
            and not places.where_taken(h)
            and not _jurisdiction(c, h)
            and not places.taken_words.intersection(h.key.split("-"))  # "LRH"
            and places.below(h.key, town)
        }

    sites = sites_of((*incident.clauses[:_EVIDENCE_CAP], *incident.settings))
    if not sites and places.kind(town) == "City":
        # "police killed three suspects in Karachi" and then, with no event word, "they had
        # rented a flat in the X area": the quarter of the city a narrating
        # sentence names (its places are read only when asked).
        for clause in incident.settings:
            clause.setting_places()
        sites = sites_of(incident.settings)
    return sites.pop() if len(sites) == 1 else None


def _town(key: str, places: Places) -> str | None:
    """The town or district a site lies in."""
    return next((k for k in places.chain(key)[1:] if places.kind(k) in ("City", "District")), None)


def is_series(incident: Incident) -> bool:
    """An armed group's series of attacks, an event of kind Attack over its parts. A round-up
    ("two blasts killed five") that was not told part by part is one incident."""
    return (
        incident.family == "attack"
        and incident.parent is None
        and (incident.umbrella or bool(incident.children))
        and not (incident.roundup and len(incident.children) < 2)
    )


def incident_kind(incident: Incident, lists) -> str:
    """The most specific event kind the incident's triggers give, within its family."""
    if incident.family == "attack" and _mutual_fire(incident, lists):
        # Days of fighting between two sides are one clash, not a series of attacks.
        return _CLASH
    if is_series(incident):
        return "Attack"
    best, rank = None, -1
    for clause in incident.clauses:
        for hit in clause.triggers:
            kind = hit.trigger.kind
            # "A suicide bomber may have been involved" does not make it a suicide bombing.
            if kind is None or hit.generic or hit.hedged or lists.family(kind) != incident.family:
                continue
            if hit.trigger.weak_family and incident.family == "engagement" and best is not None:
                continue
            if _KIND_RANK.get(kind, 0) > rank:
                best, rank = kind, _KIND_RANK.get(kind, 0)
    if incident.family == "engagement":
        if (
            best == "Clash"
            and incident.parent is not None
            and (any(c.response for c in incident.clauses) or _forces_round_up(incident.parent))
        ):
            # "Security forces killed eleven terrorists in four separate encounters ... In the
            # fourth encounter": each part is one of the forces' operations.
            return "MilitaryOperation"
        if best == _CLASH and _operation_told(incident, lists):
            # "Troops killed a commander in an operation that turned into a shootout", "forces
            # raided a house ... in the gunfight that followed": the fighting is how the
            # forces' own operation went.
            return "MilitaryOperation"
        return best or (_AIR_STRIKE if incident.air else "MilitaryOperation")
    if incident.family == "abduction":
        # People taken and then killed were attacked (ACLED: violence against civilians,
        # attack); a hijacking stays a hijacking whatever it cost.
        killed = any(
            c.group != "militant"
            for clause in incident.clauses[:_EVIDENCE_CAP]
            for c in clause.killed
        )
        if killed and best in (None, _KIDNAPPING):
            return "Attack"
        return best or _KIDNAPPING
    return best or "Attack"


def _operation_told(incident: Incident, lists) -> bool:
    """Whether the forces' operation or raid is told of the incident, not only fighting."""
    return any(
        not (hit.generic or hit.hedged or hit.anaphoric)
        and (hit.trigger.kind == "MilitaryOperation" or _doer_word(hit))
        for clause in incident.clauses[:_EVIDENCE_CAP]
        for hit in clause.triggers
    )


_NAME_WORD = re.compile(r"(?<!['’])\b[A-Za-z]+\b")


def _mutual_fire(incident: Incident, lists) -> bool:
    """ "guards on both sides opened fire on each other": sides firing at one another clashed,
    unless an attack is told apart from the firing (a toll says nothing of which)."""
    mutual = lists.caseless("mutual")
    told = [bool(mutual.search(c.text)) for c in incident.clauses]
    if not any(told):
        return False
    return all(
        hit.trigger.kind is None
        or lists.family(hit.trigger.kind) != "attack"
        or (
            hit.trigger.kind == "Attack"
            # "the shooting" names the firing again
            and (is_mutual or hit.trigger.casualty or hit.generic or hit.anaphoric)
        )
        for clause, is_mutual in zip(incident.clauses, told, strict=True)
        for hit in clause.triggers
    )
