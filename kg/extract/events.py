"""Events: fill an EventRecord for each incident.

**Fields.** The kind is the most specific trigger of the incident's family
(SuicideBombing > Bombing > Ambush > Hijacking > Kidnapping > Assassination >
Attack; MilitaryOperation > Clash); an umbrella stays Attack, and so does an armed
assault whose suicide words name only the attackers, with no blast told, and an ambush
laid by a crowd. ACLED types come
from ``acled.tsv`` (by kind, then by whom the attack hit) unless a trigger
names a sub-type (grenade, drone strike). The date is the first date that
dates the incident itself, else the date it was announced, else the
umbrella's or the main incident's, else (news with no day told) the month the
report was published in. The location is the place in the
incident's clauses that most others contain and that is most specific (a
site over its city over its district); datelines and "from"/"to" places never
count. The perpetrator is the group that claimed it (``claimed``), else the
one officials blamed (``attributed``), else the one the text names as acting
(``stated``); a generic label gives way to a named group. A forces' operation
told apart ("Separately, ...") or recalled, naming no force, has none. Fatalities are the
latest revised toll, else the first total, else the sum of the first figure
for each group (militants included); "three more", "the remaining two" add to
the figure before them, and a total's own parts ("eight dead, five civilians
and three attackers") are not added again (:func:`kg.extract.casualties.summarize`);
``fatalities_max`` is the highest reading. A hedged event word ("a suicide bomber
may have been involved") sets no kind. A round-up told part by part is no event
of its own. Background incidents are dated more than a week before the main
(first) incident, or in an earlier month or year when the text gives no day.

**Targets** are read from the clauses that report the incident (and from
sentences about "the victims"): civilians named there; forces, bodies and
sites that an attack word has as object ("stormed a police station", "a camp
of the FC", "staff of the power company", "fire on a convoy carrying ..."),
that are said to have been hit ("were martyred", "were in the convoy when it
was attacked"), that beat the attack back, or that are listed with one of
those. A perpetrator, a place the attack happened on ("on the highway") and
a force that only spoke or responded are not targets. The forces hit are then
named once each (cue lists in ``cues.tsv``): off-duty men among civilians
were hit as civilians; rank nouns ("soldiers") are the men of another force
hit, else the army; a branch stands for its parent; the umbrella "security
forces" gives way to one specific force but stands for several. A forces'
operation is against the armed groups named where it is reported, else
against the attack it answers.

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
from dataclasses import replace
from datetime import date
from functools import cache

from kg.core.dates import PartialDate, parse_partial_date
from kg.core.model import EventRecord, Evidence
from kg.extract.caseless import lowered
from kg.extract.casualties import summarize
from kg.extract.dates import news_month
from kg.extract.incidents import (
    Incident,
    Places,
    choose_location,
    incident_kind,
    is_series,
    series_location,
    settle_location,
)
from kg.extract.lexicon import get_lexicon
from kg.extract.patterns import get_patterns
from kg.extract.wordlists import get_wordlists
from kg.extract.words import get_words

__all__ = ["build_events"]

_BASIS_RANK = {"claimed": 3, "attributed": 2, "stated": 1}
_DOER_RANK = 2.5  # a force named as the one that fired: below a claim, above a blame
_BACKGROUND_DAYS = 7  # an incident this much older than the main one is context, not news
_EVIDENCE_CAP = 200  # clauses of one incident read for what it cost


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
    fields = {id(i): _Fields(i, lists, places, generic, published) for i in incidents}
    suspected = _suspected(incidents)
    for f in fields.values():
        f.suspected = suspected
    told = {id(i): _body_tolls(i) for i in incidents}
    for incident in incidents:
        others = [v for k, v in told.items() if k != id(incident)]
        fields[id(incident)].elsewhere = frozenset().union(*others) - told[id(incident)]
    # Roots first: sub-incidents inherit their date and perpetrator.
    for incident in sorted(incidents, key=lambda i: i.parent is not None):
        fields[id(incident)].fill(fields.get(id(incident.parent)) if incident.parent else None)
    _section_dates(incidents, fields)
    _days_told_in_the_lead(incidents, fields)
    _headline_kinds(incidents, fields, lists)
    for incident in incidents:
        f = fields[id(incident)]
        if f.location is None and incident.children:
            located = [choose_location(c, places) for c in incident.children]
            f.location = series_location(incident, places, [k for k in located if k])
            for child in incident.children:
                fields[id(child)].location = fields[id(child)].location or f.location
    _same_place(incidents, fields, places)
    _operations_of_one_force(incidents, fields)
    _group_named_before(incidents, fields)
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
        if (
            incident.family == "engagement"
            and not f.own_perpetrator
            and (f.background or (incident.clauses and incident.clauses[0].separate))
        ):
            # "Separately, two terrorists were killed in an operation in X", "earlier this week,
            # four were killed in another operation": an operation told apart or recalled, no
            # force named for it, was carried out by no force the report names.
            f.perpetrator, f.basis = None, None
        # An incident told with no place of its own ("security forces later killed two
        # of the attackers") happened where the story's incident did, unless it is recalled.
        if f.location is None and main is not None and incident is not main and not f.background:
            f.location = _named_elsewhere(incident, fields[id(main)].location, places) or (
                fields[id(main)].location
            )
    ordered = sorted(incidents, key=lambda i: min(c.index for c in i.clauses) if i.clauses else 0)
    # An event word with nothing about when, where, who or how many ("attack" alone) is no record;
    # a round-up ("two separate operations") told part by part is its parts.
    described = [
        i
        for i in ordered
        if fields[id(i)].described() and not (i.roundup and _told_in_parts(i, fields[id(i)]))
    ]
    described = [i for i in described if not _nowhere(i, fields[id(i)], places)]
    month = news_month(published)
    if month is not None:
        # "Three dead in market blast in Bannu": a headline (or lead)
        # that gives no day names an incident the body tells on its day, in the place it names.
        described = [i for i in described if not _headline_echo(i, described, fields, month)]
    for incident in described:
        f = fields[id(incident)]
        if f.date is None and not f.background:
            # "Gunmen fired on a police patrol in the district": an incident the report tells
            # as news and gives no day for is news of the month it is published in.
            f.date = news_month(published)
    return [
        fields[id(i)].record(f"{doc_id}/event/{n + 1}", doc_id, text)
        for n, i in enumerate(described)
    ]


def _headline_echo(incident: Incident, described: list[Incident], fields, month: str) -> bool:
    """An incident told only in the headline and the lead, with no day, no parts and no
    recall, beside an incident the report tells on a day of the month it is published in at
    the same place, or in a place the headline's holds: the same incident, named by the
    headline before the body tells it."""
    f = fields[id(incident)]
    if f.date is not None or f.background or incident.children or incident.parent is not None:
        return False
    body = [c.sentence for i in described for c in i.clauses if not c.in_title]
    if not body:
        return False
    lead = min(body)
    if not all(c.in_title or c.sentence == lead for c in incident.clauses):
        return False
    for other in described:
        o = fields[id(other)]
        if other is incident or o.background or not o.date or len(o.date) != 10:
            continue
        if not o.date.startswith(month) or not other.clauses:
            continue
        if all(c.in_title or c.sentence == lead for c in other.clauses):
            continue  # told in the same few words: no body account to echo
        if f.location is None or (
            o.location is not None and f.places.compatible(f.location, o.location)
        ):
            return True
    return False


def _nowhere(incident: Incident, f: _Fields, places: Places) -> bool:
    """Placed nowhere finer than a country: a reaction's words ("who opened fire differs"), a
    second raid told with no place, a charge made across a border. A report places what it
    tells happened; only its own lead, told with its dead or wounded, may stand for a campaign
    over a whole country (missile strikes on several provinces), or for a place no gazetteer
    knows."""
    if incident.children or (incident.parent is None and (f.fatalities or f.injured)):
        return False
    return f.location is None or places.kind(f.location) == "Country"


def _told_in_parts(roundup: Incident, f: _Fields) -> bool:
    """A round-up told part by part: two parts or more, or one part beside a count that tells
    nothing of its own ("Two attacks five months apart say much about policing ...": no day,
    no toll)."""
    if len(roundup.children) >= 2:
        return True
    return bool(roundup.children) and roundup.strong is None and f.fatalities is None


def _headline_kinds(incidents, fields, lists) -> None:
    """ "Terrorists storm police outpost; five soldiers hurt in suicide blast elsewhere": a
    headline's event word that only another incident's body tells (the suicide bombing) does
    not make the incident the headline joined a suicide bombing; its body's words decide."""

    def body_kinds(incident: Incident, *, told: bool) -> set[str]:
        # told: the word tells the incident itself, not "the ambush" again
        return {
            h.trigger.kind
            for c in incident.clauses
            if not c.in_title
            for h in c.triggers
            if h.trigger.kind and not (h.generic or h.hedged or (told and h.anaphoric))
        }

    for incident in incidents:
        f = fields[id(incident)]
        body = [c for c in incident.clauses if not c.in_title]
        if not body or len(body) == len(incident.clauses):
            continue
        if f.kind in body_kinds(incident, told=False):
            continue
        if not any(f.kind in body_kinds(i, told=True) for i in incidents if i is not incident):
            continue
        f.kind = incident_kind(replace(incident, clauses=body), lists)


def _suspected(incidents) -> frozenset[str]:
    """Armed groups the report only casts suspicion on or likens an attack to ("suspicion is
    likely to fall on the TTP"): a charge elsewhere in the report that such a group shelters
    abroad ("Islamabad accuses the TTP of operating freely on Afghan soil") blames it for
    nothing."""
    likened = get_patterns().likened_to
    return frozenset(
        a.key
        for incident in incidents
        for c in incident.clauses
        for a in c.actors
        if a.kind == "ArmedGroup"
        and not c.claim
        and likened.search(c.text[max(0, a.start - c.start - 40) : a.start - c.start])
    )


def _operations_of_one_force(incidents, fields) -> None:
    """ "In a second operation, in Kurram, five more were killed": an operation told with no
    force of its own was carried out by the force of the operation reported before it; so was
    a strike told with no one behind it ("the deadliest single strike hit a madrasa") after
    a state's strikes that day."""
    previous: dict[str, tuple] = {}
    lexicon = get_lexicon()
    for incident in sorted(incidents, key=lambda i: min((c.index for c in i.clauses), default=0)):
        f, family = fields[id(incident)], incident.family
        if incident.discovery or family not in ("engagement", "attack"):
            continue
        if f.perpetrator is not None:
            entry = lexicon.entry(f.perpetrator)
            if family == "engagement" or (entry is not None and entry.kind == "StateForce"):
                previous[family] = (f.perpetrator, f.basis, f.date)
            else:
                previous.pop(family, None)
            continue
        before = previous.get(family)
        if before is not None and (family == "engagement" or f.date in (None, before[2])):
            f.perpetrator, f.basis = before[0], before[1]


def _group_named_before(incidents, fields) -> None:
    """ "The same group also said it was behind two bombings on Wednesday": an attack with no
    group of its own, claimed or blamed in a clause that opens on a group named before, was
    carried out by the armed group the report last named before that clause."""
    opens = get_patterns().group_anaphor
    clauses = sorted(
        {id(c): c for i in incidents for c in i.clauses}.values(), key=lambda c: c.index
    )
    for incident in incidents:
        f = fields[id(incident)]
        if f.perpetrator is not None or incident.family != "attack":
            continue
        for clause in incident.clauses:
            if not (clause.claim or clause.attribution) or not opens.match(clause.text):
                continue
            if any(a.kind == "ArmedGroup" for a in clause.actors):
                continue
            named = [
                a.key
                for c in clauses
                if c.index < clause.index
                for a in c.actors
                if a.kind == "ArmedGroup" and a.key not in f.suspected
            ]
            if named:
                f.perpetrator = _acting_group(named[-1])
                f.basis = "claimed" if clause.claim else "attributed"
                break


def _section_dates(incidents, fields) -> None:
    """A round-up told in place-labelled paragraphs ("Lakki Marwat: ... on Sunday", "Bannu: In
    the neighbouring district, a constable was shot dead") reports one day: a paragraph with no
    date of its own has the date the others give."""
    for root in incidents:
        parts = [c for c in root.children if c.section]
        if fields[id(root)].date or len(parts) < 2:
            continue
        dated = [fields[id(c)] for c in parts if fields[id(c)].date]
        if not dated:
            continue
        for child in parts:
            f = fields[id(child)]
            if not f.date:
                f.date, f.date_text, f.own_date = dated[0].date, None, False


def _days_told_in_the_lead(incidents, fields) -> None:
    """ "Six were killed in a raid in Mianwali, officials said on Friday. It was the second
    raid of the week, after an operation in Balochistan on Monday. ... Pishin: Earlier this
    week, ten were killed in an operation": a part of a round-up told only within a span
    ("earlier this week", a month) is of the one day the round-up's lead tells inside that
    span, besides the day announced, where the lead tells it of a place that holds the part."""
    for root in incidents:
        if len(root.children) < 2:
            continue
        announced = fields[id(root)].date
        days = []
        for clause in root.clauses:
            if clause.in_title:
                continue
            for hit in clause.dates:
                day = parse_partial_date(hit.match.value)
                if not hit.weak and day is not None and day.is_day and hit.match.value != announced:
                    days.append((hit.match.value, day, clause))
        if len({value for value, _, _ in days}) != 1:
            continue
        value, day, clause = days[0]
        for child in root.children:
            f = fields[id(child)]
            held = parse_partial_date(f.date)
            if held is None or held.is_day or not held.contains(day):
                continue
            named = [h.key for h in clause.mentioned_places or clause.places if h.kind != "Country"]
            if f.location is None or not any(f.places.compatible(f.location, k) for k in named):
                continue
            f.date, f.date_text, f.own_date = value, None, True
            break


def _same_place(incidents, fields, places: Places) -> None:
    """ "In another operation in the same area, troops killed three more": an incident that
    names no place of its own finer than a province happened where the one told just before
    it did (the incident before in reading order that is not its own round-up)."""
    ordered = sorted(incidents, key=lambda i: min(c.index for c in i.clauses) if i.clauses else 0)
    for n, incident in enumerate(ordered):
        f = fields[id(incident)]
        if f.location is not None and places.kind(f.location) not in _WIDE_PLACES:
            continue
        if not any(get_patterns().same_place.search(c.text) for c in incident.clauses[:2]):
            continue
        before = (
            fields[id(i)].location
            for i in reversed(ordered[:n])
            if i is not incident.parent and all(i is not c for c in incident.children)
        )
        where = next((k for k in before if k is not None), None)
        if (
            where is not None
            and places.kind(where) not in _WIDE_PLACES
            and (f.location is None or f.location in places.chain(where))
        ):
            f.location = where


_WIDE_PLACES = frozenset({"Country", "Province"})


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
            match = get_patterns().definite_area.search(clause.text)
            if match:
                kind = get_patterns().words.mapping("definite_area")[match.group(1).lower()]
                # "Bannu has seen many such attacks. ... shot dead in the district": the
                # area of that kind named last before the phrase in the incident's own sentences.
                named = _named_before(incident, clause.start + match.start(), kind, places)
                f.location = named or next(
                    (k for k in places.chain(where) if places.kind(k) == kind), None
                )
                break


def _named_before(incident, at: int, kind: str, places: Places) -> str | None:
    """The place of ``kind`` holding the place named last before offset ``at`` in the
    incident's clauses and the sentences with no event word that narrate it."""
    for clause in incident.settings:
        clause.setting_places()  # its places are read only when asked
    hits = [
        h
        for c in (*incident.settings, *incident.clauses[:_EVIDENCE_CAP])
        for h in c.mentioned_places
        if h.end <= at and h.kind != "Country"
    ]
    for hit in sorted(hits, key=lambda h: -h.start):
        area = next((k for k in places.chain(hit.key) if places.kind(k) == kind), None)
        if area is not None:
            return area
    return None


def _responders(incidents, fields) -> None:
    """The forces' operation the day of an attack, naming no group, is against the attackers."""
    for n, incident in enumerate(incidents):
        f = fields[id(incident)]
        if incident.family != "engagement" or incident.parent is not None or f.targets:
            continue
        if incident.clauses and (incident.clauses[0].separate or incident.clauses[0].recalled):
            # "In a separate action, troops raided ...", "Earlier this month, troops killed
            # ...": not the attack's answer.
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


def _body_tolls(incident: Incident) -> frozenset[tuple[str, int | None]]:
    """The death tolls (group, figure) an incident's body clauses tell."""
    return frozenset(
        (c.group, c.count.value)
        for clause in incident.clauses[:_EVIDENCE_CAP]
        if not clause.in_title
        for c in clause.casualties
        if c.outcome == "killed"
    )


def _named_elsewhere(incident: Incident, there: str | None, places: Places) -> str | None:
    """The one place an incident's own clauses name in passing, when it lies outside the
    story's main incident ("a roadside bomb struck the convoy of the deputy commissioner of
    Kech district", told after an attack in Kachhi): the incident was there, not where the
    main one was."""
    if there is None:
        return None
    named = {
        h.key
        for c in incident.clauses[:_EVIDENCE_CAP]
        if not c.in_title
        for h in c.mentioned_places
        if h.kind != "Country" and not places.where_taken(h)
    }
    if len(named) != 1:
        return None
    key = named.pop()
    return None if places.compatible(key, there) else key


def _dated_apart_from_siblings(incident: Incident, parent_own_date: bool) -> bool:
    """A part of a round-up, told with no day, whose round-up has only the day it was
    announced, while another of its parts is told on a day of its own (a part told only
    "earlier this week" leaves the lead's part on the day announced)."""
    parent = incident.parent
    return (
        parent is not None
        and parent.roundup
        and not parent_own_date
        and incident.strong is None
        and any(_told_on_a_day(s.strong) for s in parent.children if s is not incident)
    )


def _told_on_a_day(hit) -> bool:
    """A date told as a day ("on November 20"), not a span ("earlier this week")."""
    day = parse_partial_date(hit.match.value) if hit is not None else None
    return day is not None and day.is_day


def _night_before(value: str | None) -> str | None:
    """The day before a day ("overnight, police said Thursday": Wednesday's night); a month or
    a year stays as it is."""
    day = parse_partial_date(value)
    if day is None or not day.is_day:
        return value
    return str(day.shifted(-1))


def _same_day(a: str, b: str) -> bool:
    """One date holds the other, or two days are a day apart (an overnight attack)."""
    first, second = parse_partial_date(a), parse_partial_date(b)
    return first is not None and second is not None and first.agrees(second, window_days=1)


_PRESENT_PERFECT = re.compile(r"\b(?:have|has)\s+(?:been\s+)?[a-z]+(?:ed|en)\b")


def _told_as_news(incident) -> bool:
    """Whether the story's lead tells the incident in the present perfect, with no day."""
    return any(
        c.paragraph == 1 and not c.in_title and not c.dates and _PRESENT_PERFECT.search(c.text)
        for c in incident.clauses
    )


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
    when, then = parse_partial_date(value), parse_partial_date(reference)
    if when is None or then is None:
        return False
    if when.is_day and then.is_day:
        return when.days_before(then) > _BACKGROUND_DAYS
    return then.starts_after(when)


class _Fields:
    """The fields of one incident's record, worked out from its clauses."""

    def __init__(
        self,
        incident: Incident,
        lists,
        places: Places,
        generic: frozenset[str],
        published: date | None = None,
    ):
        self.incident, self.lists, self.places, self.generic = incident, lists, places, generic
        self.published = published
        # Death tolls (group, figure) the body tells of other incidents only.
        self.elsewhere: frozenset[tuple[str, int | None]] = frozenset()
        self.date: str | None = None
        self.date_text: str | None = None
        self.own_date = False
        self.location: str | None = None
        self.perpetrator: str | None = None
        self.basis: str | None = None
        self.background = False
        self.suspected: frozenset[str] = frozenset()
        self.own_perpetrator = False
        self.assumed = False  # the perpetrator is the state's, only because none was named

    def fill(self, parent: _Fields | None) -> None:
        incident = self.incident
        self.kind = incident_kind(incident, self.lists)
        if (
            is_series(incident)
            and not incident.children
            and not any(c.umbrella for c in incident.clauses)
        ):
            # "Officials vowed operations against the militants" after a roadside bombing: a
            # plural word ("operations", "attacks") with no series told ("a series of
            # explosions") and no part told makes no series; the incident's own words give
            # its kind.
            self.kind = incident_kind(replace(incident, umbrella=False), self.lists)
        if self.kind == _SUICIDE and _armed_assault(incident, self.lists):
            self.kind = "Attack"
        if self.kind == "Ambush" and _mob_ambush(incident):
            self.kind = "Attack"
        if _clash_only(incident, self.lists) or _border_fight(incident, self.lists):
            self.kind = _CLASH
        hit = incident.strong or incident.weak
        # A part told apart on a day of its own ("five more were killed on Thursday in separate
        # raids") keeps it.
        # So does a part of a round-up known only by the day it was announced, told with its
        # own day ("troops conducted an IBO in Kulachi on November 20").
        apart = incident.strong is not None and (
            any(c.separate for c in incident.clauses[:1])
            or (
                parent is not None
                and not parent.own_date
                and incident.parent is not None
                and incident.parent.roundup
            )
        )
        if parent is not None and parent.date and not apart:
            # The parts of a series carry the series' date (a wave that ran past midnight is one day).
            self.date, self.date_text, self.own_date = (
                parent.date,
                parent.date_text,
                parent.own_date,
            )
            if _dated_apart_from_siblings(incident, parent.own_date):
                # "An IBO in Kulachi on November 20 ... in a second operation, in Kot Azam":
                # a part with no day of its own, beside a part told on a day of its own, is
                # of the month the round-up was announced in, not of the announcement's day.
                day = parse_partial_date(parent.date)
                self.date = str(PartialDate(day.year, day.month)) if day and day.is_day else None
        elif hit is not None:
            value = hit.match.value
            if incident.strong is None and incident.overnight:
                value = _night_before(value)
            self.date, self.date_text, self.own_date = (
                value,
                hit.match.text,
                incident.strong is not None,
            )
        elif incident.gap_date:
            self.date = incident.gap_date
        elif incident.overnight and self.published is not None:
            self.date = _night_before(self.published.isoformat())
        elif self.published is not None and _told_as_news(incident):
            # "Security forces have killed seven terrorists in an operation, the ISPR said":
            # a lead in the present perfect with no day of its own reports it the day it
            # happened.
            self.date = self.published.isoformat()
        self.location = settle_location(incident, self.places) or (
            parent.location if parent else None
        )
        self.perpetrator, self.basis = self._perpetrator()
        self.own_perpetrator = self.perpetrator is not None
        if self.perpetrator is None and parent is not None and self._inherits(parent):
            self.perpetrator, self.basis = parent.perpetrator, parent.basis
        if (
            self.kind == _CLASH
            and self.perpetrator is not None
            and _suspects_pursued(incident, self.lists)
        ):
            # "Police killed three suspects in an encounter": a force's shootout with the
            # suspects it went after is its operation, not a clash between two sides.
            self.kind = _OPERATION
        force = (
            _outlaws_shot(incident, self.perpetrator, self.lists) if self.kind == "Attack" else None
        )
        if force is not None:
            # "A gang of bandits opened fire on a police party; policemen returned fire,
            # killing two of them": the police's encounter with the outlaws they hunt is
            # their operation against them, when only outlaws died.
            outlaws = self.perpetrator
            self.kind, self.perpetrator, self.basis = _OPERATION, force, "stated"
        else:
            outlaws = None
        if self.perpetrator is None and self.kind == _OPERATION:
            # "A clearance operation was launched in the area": an operation no force is named
            # for is the state's, as the statements that announce them tell it.
            self.perpetrator, self.basis = _UMBRELLA_FORCE, "stated"
            self.assumed = True
        self.targets = [outlaws] if outlaws else self._targets(parent)
        if not self.targets and self._civilians_hit():
            # "Two children were killed when a bomb went off in the market": an attack that
            # names nobody it was aimed at, whose dead and wounded are told only as people of
            # no force (children, villagers, labourers), hit civilians.
            self.targets = [_CIVILIANS]
        # The body's figures before the headline's: a headline rounds and compresses.
        ordered = sorted(incident.clauses, key=lambda c: c.in_title)
        # "Militants kill 3 police officers; 12 insurgents die in army raid": a headline's part
        # whose event word is of another family than the incident's tells another incident.
        ordered = [c for c in ordered if not (c.in_title and self._other_family(c))] or ordered
        # "13 soldiers martyred in suicide attack, 14 terrorists sent to hell in follow-up
        # operation": a headline figure another incident's body tells is that incident's.
        killed = [
            c
            for clause in ordered
            for c in clause.casualties
            if c.outcome == "killed"
            and not (clause.in_title and (c.group, c.count.value) in self.elsewhere)
        ]
        injured = [
            c for clause in incident.clauses for c in clause.casualties if c.outcome == "injured"
        ]
        self.fatalities, self.fatalities_max = summarize(killed, "killed")
        self.injured = summarize(injured, "injured")[0]
        if not killed and _none_killed(incident, self.lists, bool(self.injured)):
            # "Two Chinese nationals were wounded", "the minister escaped unhurt": an incident
            # told with its wounded, or said to have cost no life, and no death, killed nobody.
            self.fatalities = 0
        # "Police beat back an attack on the post", "gunmen abducted four labourers": an
        # incident none of whose words tells a death cost no life as the report tells it; its
        # toll of 0 is given on its record, and does not by itself make the incident described.
        # A part of a wave whose toll is told for the whole may have its dead in that toll, and
        # an incident named only as what another came after ("a week after the group hijacked
        # a train") is not told: what they cost is unknown.
        self.quiet = (
            self.fatalities is None
            and not killed
            and not incident.earlier
            and not (parent is not None and parent.fatalities)
            and _none_killed(incident, self.lists, True, untold=True)
        )
        self.exact = bool(killed) and not any(c.count.vague or c.count.approximate for c in killed)

    def _other_family(self, clause) -> bool:
        """The clause's event words (not its casualty words) all name another family than the
        incident's."""
        families = {
            self.lists.family(h.trigger.kind)
            for h in clause.triggers
            if h.trigger.kind and not h.trigger.casualty and not h.generic
        }
        return bool(families) and self.incident.family not in families

    def described(self) -> bool:
        """True when the incident has at least one field beyond its kind; an incident only
        recalled needs one beyond its date ("he praised the 2001 attacks" records none); an
        operation no force is named for needs one beyond that and whom it was against ("the
        chief minister reviewed the crackdown on the bandits" records none)."""
        return any(
            v is not None and v != []
            for v in (
                None if self.background else self.date,
                self.location,
                None if self.assumed else self.perpetrator,
                self.fatalities,
                self.injured,
                [] if self.assumed else self.targets,
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
        candidates: list[tuple] = []  # (basis rank, order, key, basis, kind, rank noun)
        # A group that denied taking part is not the perpetrator on the text's word alone; a
        # claim or an official's blame elsewhere still names it ("officials blamed the TTP,
        # which denied involvement").
        denied = frozenset().union(*(c.denied for c in self.incident.clauses))
        lost = False  # "one soldier was killed in the gunfight": the state's men took part
        suspected = self.suspected
        for clause in self.incident.clauses:
            actors = [
                a
                for a in clause.actors
                if a.kind in wanted
                or (family != "engagement" and a.kind == "StateForce" and _strikes(clause, a))
            ]
            if family == "engagement":
                # "Four soldiers were martyred": forces that lost men are not the ones acting.
                fighting = [
                    a
                    for a in actors
                    if not get_patterns().victim_after.match(clause.text[a.end - clause.start :])
                ]
                lost = lost or any(
                    _is_rank(a.text) for a in actors if a not in fighting and clause.heads
                )
                actors = fighting
            actors = _not_sides(clause, actors)
            if not actors or (family != "engagement" and _told_apart(clause, family, self.lists)):
                continue
            if family != "engagement" and clause.claim:
                basis = "claimed"
            elif family != "engagement" and clause.attribution:
                basis = "attributed"
            elif clause.heads or clause.anaphors:
                basis = "stated"
            else:
                continue
            if basis != "claimed" and _sanctuary().search(clause.text):
                # "accuses Kabul of letting the TTP use Afghan soil": where a group shelters,
                # not who acted; only a group accused by name is blamed ("accuses Jaish
                # al-Adl of operating from sanctuaries across the border").
                actors = [
                    a
                    for a in actors
                    if a.key not in suspected
                    and not a.text.islower()  # "accuses the group of ...": not by name
                    and _ACCUSED.search(
                        clause.text[max(0, a.start - clause.start - 20) : a.start - clause.start]
                    )
                ]
                if not actors:
                    continue
            blamed = _blamed(clause, actors) if basis == "claimed" and clause.attribution else set()
            # "said they had targeted hideouts of the TTP": what was hit, under any of its names.
            struck = {
                a.key
                for a in actors
                if family != "engagement" and a.kind == "ArmedGroup" and _struck_at(clause, a)
            }
            # "bore the hallmarks of Baloch separatists": likened, not named; so is the same
            # group named again in apposition ("suspicion fell on the Pakistani Taliban, or TTP").
            likened = {
                a.key
                for a in actors
                if basis != "claimed"
                and get_patterns().likened_to.search(
                    clause.text[max(0, a.start - clause.start - 40) : a.start - clause.start]
                )
            }
            for actor in actors:
                if actor.key in struck or actor.key in likened or _member_hit(clause, actor):
                    continue
                if get_patterns().bystander_after.match(clause.text[actor.end - clause.start :]):
                    continue  # "while Taliban border guards were present": at the scene only
                if basis == "stated" and _group_speaks(clause, actor):
                    continue  # "a TTP spokesman confirmed that its commander died": a source
                own = "attributed" if id(actor) in blamed else basis
                if actor.key in denied and (
                    own == "stated" or (own == "claimed" and actor.key in clause.denied)
                ):
                    continue  # "X claimed the attack, though the TTP said it was not involved"
                rank = _BASIS_RANK[own]
                if actor.kind == "StateForce" and family != "engagement":
                    # The force a report says fired the shells outranks a group blamed in general.
                    rank = max(rank, _DOER_RANK)
                candidates.append(
                    (
                        rank,
                        clause.index * 1000 + actor.start % 1000,
                        actor.key,
                        own,
                        actor.kind,
                        _is_rank(actor.text),
                    )
                )
        if not candidates:
            if lost and _UMBRELLA_FORCE in self.generic:
                # A fight in which only the state's men are told to have fallen was fought
                # by the security forces the report speaks of.
                return _UMBRELLA_FORCE, "stated"
            return None, None
        best = min(candidates, key=lambda c: (-c[0], c[1]))
        key, basis = best[2], best[3]
        if family == "engagement" and _UMBRELLA_FORCE in self.generic and best[5]:
            # "Troops engaged the hideout": a statement's troops are the security forces it
            # speaks for, not a force named.
            key = _UMBRELLA_FORCE
        key = _acting_group(key)
        if family == "engagement":
            key = _police_wing(key, [c for c in candidates if c[0] == best[0]])
        if key in self.generic and family != "engagement":
            # "Afghan forces shelled the town": a force that fired gives way to a named force,
            # not to a group named elsewhere in the report.
            named = [c for c in candidates if c[2] not in self.generic and c[4] == best[4]]
            if named:
                key = min(named, key=lambda c: (-c[0], c[1]))[2]
        return key, basis

    def _targets(self, parent: _Fields | None) -> list[str]:
        incident = self.incident
        if incident.family == "engagement":
            return self._operation_targets(parent)
        hit = _Hit()
        posts: list = []
        for clause in incident.clauses:
            reports = bool(clause.heads or clause.anaphors)
            if clause.victims and not reports:
                # "Most of the victims were policemen": the forces or people named were hit.
                for a in clause.actors:
                    if a.kind in _VICTIM_KINDS and a.key != self.perpetrator:
                        hit.add(
                            a.key,
                            a.kind,
                            rank=_is_rank(a.text),
                            aimed=a.kind != "CivilianGroup",
                        )
                continue
            if not reports:
                continue
            self._clause_victims(clause, hit)
            for place in clause.places:
                if (
                    place.kind == "Site"
                    and place.key not in hit.found
                    and _victim(
                        clause.text,
                        place.start - clause.start,
                        place.end - clause.start,
                        sites=True,
                    )
                ):
                    if get_patterns().force_post.search(place.text):
                        # "attacked the Zarkani check post": the post is where; its men are whom.
                        posts.append(place)
                    else:
                        hit.add(place.key, place.kind)
        if posts and not any(hit.kinds[k] == "StateForce" for k in hit.found):
            force = self._post_force(posts[0])
            if force is not None:
                hit.add(force, "StateForce")
        # "an officer told the Dawn newspaper that he was wounded": an outlet is only a source.
        return [k for k in _settle_forces(hit, self.generic) if not _news_outlet(k)]

    def _civilians_hit(self) -> bool:
        """True when the incident is an attack whose casualties the reporting clauses tell
        are of the civilian kind ("children", "labourers") and none of a force."""
        if self.incident.family == "engagement" or self.kind in (_CLASH, _OPERATION):
            return False
        groups = {
            c.group
            for clause in self.incident.clauses
            if clause.heads or clause.anaphors
            for c in clause.casualties
        }
        return "civilian" in groups and "security" not in groups

    def _post_force(self, post) -> str | None:
        """The force that holds a post that was attacked: one the report names (not as the
        attacker), else, for a police post, the police of the post's province."""
        for clause in self.incident.clauses:
            for actor in clause.actors:
                if actor.kind == "StateForce" and actor.key != self.perpetrator:
                    return actor.key
        if not get_patterns().police_post.search(post.text):
            return None
        chain = set(self.places.chain(post.key))
        for entry in get_lexicon():
            if entry.parent == _POLICE and entry.jurisdiction in chain:
                return entry.key
        return None

    def _operation_targets(self, parent: _Fields | None) -> list[str]:
        """The groups a forces' operation was against, named where the text reports it."""
        found: list[str] = []
        for clause in self.incident.clauses:
            # A group named in a sentence that does not report the operation is context
            # ("Pakistan accuses Kabul of sheltering the TTP"), not whom it was against.
            if not clause.heads and not clause.anaphors:
                continue
            for actor in clause.actors:
                if (
                    actor.kind == "ArmedGroup"
                    and actor.key != self.perpetrator
                    and actor.key not in found
                ):
                    found.append(actor.key)
        # A part of an armed group's series is against that group; a part of the forces' own
        # round-up is against whoever its clauses name.
        if (
            not found
            and parent is not None
            and parent.perpetrator
            and parent.incident.family != "engagement"
        ):
            found.append(parent.perpetrator)
        return found

    def _clause_victims(self, clause, hit: _Hit) -> None:
        """The actors a clause that reports the incident says were hit."""
        text, offset = clause.text, clause.start
        candidates = [
            (a.start - offset, a.end - offset, a)
            for a in clause.actors
            if a.key != self.perpetrator and a.kind != "ArmedGroup"
        ]
        # A kind of force with no name of its own ("paramilitary stations") counts when it is
        # listed with a named one ("police and paramilitary stations"): several forces were hit.
        # Alone ("a paramilitary camp ... three FC men") it is most likely the force named.
        covered = [(s, e) for s, e, _ in candidates]
        for match in get_patterns().unnamed_force.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in covered):
                candidates.append((match.start(), match.end(), None))
        candidates.sort(key=lambda c: c[0])
        previous_end: int | None = None  # end of the last phrase found to be hit
        previous_off_duty = False
        previous_aimed = False
        listed = [0, 0]  # named forces and unnamed ones in the current list of phrases hit
        for start, end, actor in candidates:
            np_start, np_end, kind = _phrase(text, start, end)
            facility = kind == "facility"
            # "killing five passengers, and police arrived": a new subject, not one more victim.
            chained = (
                previous_end is not None
                and bool(get_patterns().coordinated.fullmatch(text[previous_end:np_start]))
                and not get_patterns().acts_after.match(text, np_end)
            )
            if not chained:
                hit.unnamed += listed[1] if listed[0] else 0
                listed = [0, 0]
            if actor is None:
                if chained or _facility_hit(text, np_start, np_end):
                    listed[1] += 1
                    previous_end, previous_off_duty = np_end, False
                else:
                    previous_end = None
                continue
            if actor.kind == "Project":
                # A project named just after an attack verb is what was hit: "attacked a camp
                # of the Dasu hydropower project", "blew up a section of the CPEC road" — not
                # one named in passing ("the security of CPEC").
                if self.kind != "MilitaryOperation" and get_patterns().project_hit.search(
                    text[max(0, start - 60) : start]
                ):
                    hit.add(actor.key, actor.kind)
                previous_end = None
                continue
            if actor.kind == "Person" and self.kind not in ("Assassination", "Kidnapping"):
                previous_end = None
                continue
            if actor.kind == "Organization" and facility:
                # A body is hit through its people ("staff of the power company") or its convoy,
                # not through its premises: those are a site of their own ("the port's compound").
                np_start, np_end, facility = start, end, False
            victim = (
                actor.kind == "CivilianGroup"
                or chained
                or _victim(text, np_start, np_end)
                or (facility and _facility_hit(text, np_start, np_end))
                or (actor.kind == "StateForce" and bool(get_patterns().repelled.match(text, end)))
            )
            if not victim:
                previous_end = None
                continue
            off_duty = bool(get_patterns().off_duty.search(text, max(0, np_start - 12), np_start))
            off_duty = off_duty or (chained and previous_off_duty)
            # "killing three soldiers and two passers-by": people named only among the dead
            # were not what the attack was aimed at; "fired on soldiers and civilians" were.
            aimed = (chained and previous_aimed) or _aimed(text, np_start)
            hit.add(
                actor.key,
                actor.kind,
                rank=_is_rank(actor.text),
                off_duty=off_duty,
                aimed=aimed or actor.kind != "CivilianGroup",
            )
            listed[0] += actor.kind == "StateForce"
            previous_end, previous_off_duty, previous_aimed = np_end, off_duty, aimed
        hit.unnamed += listed[1] if listed[0] else 0

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
            fatalities=0 if self.quiet else self.fatalities,
            fatalities_max=self.fatalities_max if self.fatalities_max != self.fatalities else None,
            injured=self.injured,
            background=self.background,
            trigger=self._trigger(),
            confidence=self._confidence(),
        )

    def _acled(self) -> tuple[str | None, str | None]:
        incident = self.incident
        if is_series(incident):
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
                if (
                    hit.trigger.kind == self.kind
                    and hit.trigger.sub_event_type
                    and not (hit.generic or hit.hedged)
                ):
                    sub_event_type = hit.trigger.sub_event_type
                    event_type = hit.trigger.event_type or event_type
        return event_type, sub_event_type

    def _target_class(self) -> str:
        kinds = set()
        for clause in self.incident.clauses:
            for actor in clause.actors:
                if actor.key in self.targets:
                    kinds.add(actor.kind)
        # A target no clause names (the umbrella for several forces) has its lexicon kind.
        lexicon = get_lexicon()
        named = {a.key for c in self.incident.clauses for a in c.actors}
        for key in self.targets:
            entry = lexicon.entry(key) if key not in named else None
            if entry is not None:
                kinds.add(entry.kind)
        if kinds & {"StateForce", "Government"}:
            return "forces"
        if kinds and kinds <= {"CivilianGroup", "Person", "Organization"}:
            return "civilians"
        return "*"

    def _trigger(self) -> str | None:
        best = None
        for clause in self.incident.clauses:
            for hit in clause.heads or clause.anaphors:
                if (
                    hit.trigger.kind == self.kind
                    and not hit.hedged
                    and (best is None or hit.trigger.strength > best.trigger.strength)
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


# An apposition between a name and its verb: "staff of X, a power company, were in the convoy".
_APPOSITION = re.compile(r"\s*,[^,.;]{1,80}(?=,)")


_VICTIM_KINDS = frozenset(("StateForce", "CivilianGroup", "Government", "Organization"))
# The generic name for the state's forces (actors.tsv): the target when the text names several
# forces hit ("police stations, Levies posts and a paramilitary camp"), as the gold conventions
# of seeds/corpus/CANON.md have it.
_UMBRELLA_FORCE = "actor:security-forces"
_POLICE = "actor:police"
_CIVILIANS = "actor:civilians"
_OPERATION = "MilitaryOperation"
_CLASH = "Clash"
_SUICIDE = "SuicideBombing"


def _told_apart(clause, family: str, lists) -> bool:
    """A clause that names a group but tells of no incident of this one's family: a group's
    record of claims ("the TTP has claimed attacks on police": only plurals with no article
    and no day) or the forces' operations against it ("has conducted operations against IS
    cells": only the forces' event words), none referring back to the incident."""
    if clause.anaphors or not clause.triggers:
        return False
    if clause.claim and not clause.dates and all(_bare_plural(t) for t in clause.triggers):
        return True  # "the TTP and IS-K have both claimed attacks on police"
    families = {lists.family(h.trigger.kind) for h in clause.heads if h.trigger.kind}
    return not clause.claim and families == {"engagement"}


def _bare_plural(hit) -> bool:
    """An event noun in the plural with no determiner: "attacks", not "the attacks"."""
    return hit.trigger.noun and not hit.anaphoric and hit.text.lower().endswith("s")


def _clash_only(incident: Incident, lists) -> bool:
    """ "Six guards were killed in clashes with an armed gang", "clashes between police and
    protesters left one officer dead": a toll told of a clash, with no attack told, was that
    clash; only the toll's words make it one of the attacks."""
    if incident.family != "attack" or is_series(incident):
        return False
    clash = False
    for clause in incident.clauses[:_EVIDENCE_CAP]:
        for hit in clause.triggers:
            kind = hit.trigger.kind
            if kind is None or hit.hedged:
                continue
            if kind == _CLASH:
                # "died in clashes with a gang": the plural is these clashes when it tells
                # the toll.
                clash = clash or not (hit.anaphoric or (hit.generic and not clause.casualties))
            elif lists.family(kind) == "attack" and not hit.trigger.casualty and not hit.generic:
                return False
    return clash


def _border_fight(incident: Incident, lists) -> bool:
    """ "Checkpoints came under fire from across the border ... twelve of the attackers were
    killed when the forces hit back": an attack from over a frontier in which the attackers
    fell is a fight between the two sides, a clash; the body's words decide, not a headline's
    compressed toll."""
    if incident.family != "attack" or is_series(incident):
        return False
    body = [c for c in incident.clauses[:_EVIDENCE_CAP] if not c.in_title]
    told = {
        h.trigger.kind
        for c in body
        for h in c.triggers
        if h.trigger.kind and not (h.trigger.casualty or h.generic or h.hedged)
    }
    if told - {"Attack"}:
        return False  # a bombing or an ambush the body tells is one; a headline's is not
    across = lists.caseless("cross_border")
    return any(across.search(c.text) for c in body) and any(
        k.group == "militant" for c in body for k in c.killed
    )


def _suspects_pursued(incident: Incident, lists) -> bool:
    """Whether the ones a force fought are told as suspects it went after ("two suspects were
    killed in an encounter", "wanted militants"), and no man of the forces died."""
    if incident.family != "engagement":
        return False
    pursued = lists.caseless("pursued")
    # The fighting's own clauses: "the gang had shot dead a guard" tells what they were wanted for.
    clauses = [
        clause
        for clause in incident.clauses[:_EVIDENCE_CAP]
        if any(lists.family(h.trigger.kind) == "engagement" for h in clause.triggers)
    ]
    if any(c.group == "security" for clause in clauses for c in clause.killed):
        return False
    return any(pursued.search(clause.text, lowered(clause.text)) for clause in clauses)


def _outlaws_shot(incident: Incident, perpetrator: str | None, lists) -> str | None:
    """The force that shot the outlaws who fired on it ("bandits opened fire on a police
    party, which returned fire, killing two of them"): the attackers are named by a word for
    the ones a force goes after, some of them died and no one else did."""
    if perpetrator is None:
        return None
    pursued = lists.caseless("pursued")
    clauses = incident.clauses[:_EVIDENCE_CAP]
    named = [a for c in clauses for a in c.actors if a.key == perpetrator]
    if not any(pursued.search(a.text, a.text.lower()) for a in named):
        return None
    killed = [c for clause in clauses for c in clause.killed]
    if not killed or any(c.group != "militant" for c in killed):
        return None
    forces = [a.key for c in clauses for a in c.actors if a.kind == "StateForce"]
    return forces[0] if forces else None


_ACCUSED = re.compile(r"\b(?:accuses|accused|accusing|blames|blamed|blaming)\s+(?:the\s+)?$")


def _mob_ambush(incident: Incident) -> bool:
    """ "The raiding party was ambushed by a crowd of villagers": a crowd that waylays a
    police team is mob violence, an attack, not an armed group's ambush."""
    mob = get_wordlists().caseless("mob")
    return any(
        hit.trigger.kind == "Ambush" and not (hit.generic or hit.hedged) and mob.search(clause.text)
        for clause in incident.clauses[:_EVIDENCE_CAP]
        for hit in clause.triggers
    )


def _armed_assault(incident: Incident, lists) -> bool:
    """ "Gunmen backed by suicide bombers stormed a police station", "armed men stormed the
    building ... one of them blew himself up": suicide attackers in an armed assault, with no
    blast told ("a suicide bomber blew himself up", "a blast"), make the assault an attack,
    not a suicide bombing."""
    patterns = get_patterns()
    clauses = [c for c in incident.clauses[:_EVIDENCE_CAP] if not c.in_title] or incident.clauses
    assault = False
    for clause in clauses:
        suicide = [
            h.trigger.noun
            for h in clause.triggers
            if h.trigger.kind == _SUICIDE and not (h.generic or h.hedged)
        ]
        if len(set(suicide)) > 1:
            return False  # "a suicide bomber blew himself up at the gate": a suicide blast
        for hit in clause.triggers:
            kind = hit.trigger.kind
            if kind is None or hit.generic or hit.hedged:
                continue
            if kind == _SUICIDE and not patterns.suicide_agent.fullmatch(hit.text):
                return False  # "a suicide blast", "a suicide attack": the blast is told
            if (
                lists.family(kind) == incident.family
                and kind not in (_SUICIDE, "Attack")
                and not hit.anaphoric
            ):
                return False  # "an explosives-laden vehicle", "a blast"
        assault = assault or bool(
            lists.caseless("armed_assault").search(clause.text, lowered(clause.text))
        )
    return assault


@cache
def _news_outlets() -> frozenset[str]:
    """The names of news outlets and agencies (words/actors.tsv): sources, never parties."""
    return frozenset(w.lower() for w in get_words()["news_outlet"])


def _news_outlet(key: str) -> bool:
    entry = get_lexicon().entry(key)
    return entry is not None and entry.label.lower() in _news_outlets()


@cache
def _sanctuary() -> re.Pattern:
    """Words telling of a group's refuge or freedom to act somewhere (words/actors.tsv)."""
    words = sorted(get_words()["sanctuary"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _none_killed(incident: Incident, lists, wounded: bool, *, untold: bool = False) -> bool:
    """Whether the incident is told with no death: no event word of its clauses says someone
    died ("a guard later died of his wounds" is a death with no figure), and either its
    wounded are counted or it is said that nobody died ("no casualties were reported").
    ``untold``: whether no death is told at all, where deaths left open ("some were killed
    or injured") may have been."""
    none, denied = lists.caseless("none_killed"), lists.caseless("death_denied")
    either, period = lists.caseless("either_outcome"), lists.caseless("period_told")
    deaths = frozenset(w.lower() for w in lists.casualty.get("killed", ()))
    said = False
    for clause in [*incident.settings, *incident.told_after]:
        # "Two officers received minor wounds.": the narration's own figures.
        outcomes = {c.outcome for c in clause.casualties}
        if "killed" in outcomes:
            return False
        wounded = wounded or "injured" in outcomes
    for clause in [*incident.clauses[:_EVIDENCE_CAP], *incident.settings, *incident.told_after]:
        low = lowered(clause.text)
        if denied.search(clause.text, low):
            # "Outlets reported that he had died, but police said he was alive": a contested
            # death is none.
            continue
        spans = (
            [m.span() for m in none.finditer(clause.text, low)]
            if none.search(clause.text, low)
            else []
        )
        said = said or bool(spans)
        # "Several attackers were killed or wounded": a death left open is none told.
        opened = [m.span() for m in either.finditer(clause.text, low)]
        if opened and untold:
            return False
        spans += opened
        # "after a year in which militants killed 500": the deaths of the period, not its own.
        spans += [(m.start(), len(clause.text)) for m in period.finditer(clause.text, low)]
        for hit in clause.triggers:
            at = hit.start - clause.start
            if hit.text.lower() in deaths and not any(a <= at < b for a, b in spans):
                return False
    return said or wounded


def _victim(text: str, start: int, end: int, *, sites: bool = False) -> bool:
    """True when the words around an entity make it the one attacked."""
    before = text[max(0, start - 45) : start]
    after = text[end : end + 60]
    patterns = get_patterns()
    if (patterns.site_before if sites else patterns.victim_before).search(before):
        return not patterns.speaker_after.match(after)
    if sites:
        return False
    if get_patterns().victim_after.match(after):
        return True
    apposition = _APPOSITION.match(text, end)
    return bool(
        apposition
        and get_patterns().victim_after.match(text, apposition.end(), apposition.end() + 60)
    )


def _aimed(text: str, start: int) -> bool:
    """True when the words before a name make it what the attack was aimed at ("fired on"),
    not only among those it killed or hurt ("killing")."""
    before = text[max(0, start - 45) : start]
    patterns = get_patterns()
    return bool(patterns.victim_before.search(before)) and not patterns.harm_before.search(before)


def _facility_hit(text: str, start: int, end: int) -> bool:
    """True when a force's premises or vehicle ("a Levies post") is what was attacked."""
    before = text[max(0, start - 45) : start]
    patterns = get_patterns()
    if patterns.site_before.search(before) or patterns.victim_before.search(before):
        return True
    return bool(patterns.facility_attacked.match(text, end)) or _blast_beside(text, start, end)


def _blast_beside(text: str, start: int, end: int) -> bool:
    """True when a blast was set off beside a force's vehicle ("a bomb went off near a police
    van", "exploded just after a police vehicle had passed"): it was aimed at the force. A post
    or station is a landmark: a blast near one may only be placed by it."""
    patterns = get_patterns()
    if not patterns.vehicle_end.search(text, start, end):
        return False
    before = text[max(0, start - 60) : start]
    if patterns.blast_near.search(before):
        return True
    return bool(patterns.blast_as.search(before) and patterns.passed_by.match(text, end))


def _phrase(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    """The noun phrase an actor's name sits in, and what it names.

    "a camp of the FC", "the FC's camp", "an FC camp" name a facility ("facility"); "staff of
    the power company" names its people ("member"); otherwise the name alone (None).
    """
    patterns = get_patterns()
    kind = None
    owner = patterns.owned_by.search(text, max(0, start - 40), start)
    if owner:
        start, kind = owner.start(), "member" if owner.group("member") else "facility"
    forward = patterns.facility_after.match(text, end)
    if forward:
        end, kind = forward.end(), "facility"
    return start, end, kind


def _struck_at(clause, actor) -> bool:
    """A group named as what a strike was aimed at: "targeted hideouts of the TTP"."""
    start, _, kind = _phrase(clause.text, actor.start - clause.start, actor.end - clause.start)
    if kind is None:
        return False
    before = clause.text[max(0, start - 45) : start]
    patterns = get_patterns()
    return bool(patterns.victim_before.search(before) or patterns.site_before.search(before))


_LISTED_WORD = re.compile(r"(?:\s+[\w'-]+)?,?\s+(?:and\s+)?(?:his\s+|her\s+|their\s+)?[\w'-]+")


def _group_speaks(clause, actor) -> bool:
    """A group named as the one speaking ("a TTP spokesman confirmed", "the TTP said") in a
    clause that neither claims nor blames: it tells of the incident, it did not act."""
    if actor.kind != "ArmedGroup":
        return False
    start = actor.start - clause.start
    if _ACCORDING_TO.search(clause.text[max(0, start - 20) : start]):
        return True
    return get_patterns().speaker_after.match(clause.text, actor.end - clause.start) is not None


_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def _member_hit(clause, actor) -> bool:
    """A group named for a leader or member of it who was hit: "an ASWJ leader and his guards
    were wounded", "a leader of the party was shot dead"."""
    patterns = get_patterns()
    text = clause.text
    start, end = actor.start - clause.start, actor.end - clause.start
    if actor.kind != "ArmedGroup":
        return False
    window = max(0, start - 40)
    before = patterns.group_member_before.search(text[window:start])
    if before:
        # "gunmen shot at a leader of the party", "a leader of the party was shot dead"
        at = window + before.start()
        aimed = patterns.victim_before.search(text[max(0, at - 45) : at])
        return bool(aimed) or _told_hit(text, end)
    after = patterns.group_member_after.match(text, end)
    return after is not None and _told_hit(text, after.end())


def _told_hit(text: str, at: int) -> bool:
    """Whether what follows ``at`` tells that the ones named were hit, past a few more listed
    with them ("..., his driver and two of his guards were wounded")."""
    victim_after = get_patterns().victim_after
    for _ in range(4):
        if victim_after.match(text, at):
            return True
        more = _LISTED_WORD.match(text, at)
        if more is None:
            return False
        at = more.end()
    return False


def _acting_group(key: str) -> str:
    """A group's own unit ("the BLA's Majeed Brigade") strikes in the group's name: the group
    is the perpetrator. A faction or branch with a name of its own stays itself."""
    entry = get_lexicon().entry(key)
    if entry is None or not entry.parent or not entry.label:
        return key
    heads = get_patterns().words["unit_head"]
    return entry.parent if entry.label.split()[-1].lower() in heads else key


def _police_wing(key: str, candidates: list[tuple]) -> str:
    """ "Police and the CTD killed four terrorists in a joint raid": a police force's own
    wing with no province of its own (the counter-terrorism department, a rapid response
    force) named beside the police ran the operation; the police are the ones it belongs to."""
    lexicon = get_lexicon()
    entry = lexicon.entry(key)
    if entry is None or not (key == _POLICE or entry.parent == _POLICE):
        return key
    first = min((c[1] for c in candidates if c[2] == key), default=0) // 1000
    # "an operation launched by Punjab Police ... The police, the CTD and other agencies
    # mounted it": a wing named only in a later sentence took part; the force named first led.
    for candidate in sorted(candidates, key=lambda c: c[1]):
        if candidate[1] // 1000 != first:
            continue
        wing = lexicon.entry(candidate[2])
        if wing is not None and wing.parent == _POLICE and wing.jurisdiction is None:
            return wing.key
    return key


def _blamed(clause, actors) -> set[int]:
    """In a sentence that both blames and claims ("police blamed the X group, but the Y
    later claimed it"), the ids of the actors that are the object of the blame: right after a
    blame word, and not the subject of the claim word that follows them."""
    patterns = get_patterns()
    cues = sorted(
        [(m.start(), m.end(), "claim") for m in patterns.claim.finditer(clause.text)]
        + [(m.start(), m.end(), "blame") for m in patterns.attribution.finditer(clause.text)]
    )
    spans = sorted((a.start - clause.start, a.end - clause.start, id(a)) for a in actors)
    blamed: set[int] = set()
    for n, (start, end, key) in enumerate(spans):
        before = [c for c in cues if c[1] <= start]
        after = [c for c in cues if c[0] >= end]
        if not before or before[-1][2] != "blame":
            continue
        if n and spans[n - 1][1] > before[-1][1]:
            continue  # another name stands between the blame word and this one
        following = spans[n + 1][0] if n + 1 < len(spans) else len(clause.text)
        if after and after[0][2] == "claim" and after[0][0] < following:
            continue  # "blamed the X group, which claimed it": X claimed
        blamed.add(key)
    return blamed


def _strikes(clause, actor) -> bool:
    """A force named as the one that carried out the attack: "Afghan forces shelled the town",
    "Indian military strikes on ...", "missiles fired by the Indian armed forces"."""
    patterns = get_patterns()
    start, end = actor.start - clause.start, actor.end - clause.start
    if patterns.force_strikes.match(clause.text, end) or patterns.struck_by.search(
        clause.text[max(0, start - 40) : start]
    ):
        return True
    # "a villager was shot dead by Indian troops": the force fired, unless the one it shot was
    # an attacker ("his accomplice was gunned down by police").
    harmed = patterns.harmed_by.search(clause.text, max(0, start - 40), start)
    return bool(
        harmed
        and not patterns.attacker_noun.search(
            clause.text, max(0, harmed.start() - 60), harmed.start()
        )
    )


def _is_rank(surface: str) -> bool:
    return bool(get_patterns().rank.fullmatch(surface.strip()))


class _Hit:
    """What an incident's clauses say was hit, and how each actor was named."""

    def __init__(self):
        self.found: list[str] = []
        self.kinds: dict[str, str] = {}
        self.rank: dict[str, bool] = {}  # named only by a rank noun ("soldiers")
        self.off_duty: dict[str, bool] = {}  # named only as off duty
        self.unnamed = 0  # forces hit that have no name of their own ("paramilitary stations")
        # named as what the attack was aimed at, not only among its dead ("two passers-by")
        self.aimed: dict[str, bool] = {}

    def add(
        self, key: str, kind: str, *, rank: bool = False, off_duty: bool = False, aimed: bool = True
    ) -> None:
        if key not in self.kinds:
            self.found.append(key)
            self.kinds[key], self.rank[key], self.off_duty[key] = kind, rank, off_duty
            self.aimed[key] = aimed
        else:
            self.rank[key] = self.rank[key] and rank
            self.off_duty[key] = self.off_duty[key] and off_duty
            self.aimed[key] = self.aimed[key] or aimed


def _settle_forces(hit: _Hit, generic: frozenset[str]) -> list[str]:
    """Name the forces hit once each, at the level the text supports.

    - Off-duty men among civilians were hit as civilians ("hostages, most of them off-duty
      soldiers").
    - A rank noun ("soldiers", "troops") names the men of another force the attack hit ("an
      FC convoy ... three soldiers"); only on its own does it stand for the army.
    - A force and its own branch ("police", "Balochistan police") are one target: the branch.
    - The umbrella ("security forces") with one specific force is a vaguer name for it; with
      several forces, or when the text lists several forces hit, the umbrella is the target.
    """
    forces = [k for k in hit.found if hit.kinds[k] == "StateForce"]
    drop: set[str] = set()
    if any(hit.kinds[k] == "CivilianGroup" for k in hit.found):
        drop |= {f for f in forces if hit.off_duty[f]}
    kept = [f for f in forces if f not in drop]
    if any(not hit.rank[f] for f in kept):
        drop |= {f for f in kept if hit.rank[f]}
    kept = [f for f in forces if f not in drop]
    lexicon = get_lexicon()
    for f in kept:
        if any(f in _ancestors(g, lexicon) for g in kept if g != f):
            drop.add(f)
    kept = [f for f in forces if f not in drop]
    others = [f for f in kept if f != _UMBRELLA_FORCE]
    umbrella = False
    if _UMBRELLA_FORCE in kept:
        if len(others) == 1 and others[0] not in generic and not hit.unnamed:
            drop.add(_UMBRELLA_FORCE)
        else:
            drop |= set(others)
    elif len(others) + (1 if hit.unnamed else 0) >= 2 and _UMBRELLA_FORCE in generic:
        # Only an umbrella the article names: every target must be one of its entities.
        drop |= set(others)
        umbrella = True
    if (
        _CIVILIANS in hit.found
        and not hit.aimed[_CIVILIANS]
        and [f for f in forces if f not in drop]
    ):
        # "a bomb hit an FC convoy, killing three soldiers and two passers-by": the force was
        # the target; bystanders among the dead were not.
        drop.add(_CIVILIANS)
    settled: list[str] = []
    for key in hit.found:
        if key in drop:
            if umbrella and _UMBRELLA_FORCE not in settled:
                settled.append(_UMBRELLA_FORCE)
            continue
        settled.append(key)
    return settled


def _ancestors(key: str, lexicon) -> list[str]:
    chain: list[str] = []
    entry = lexicon.entry(key)
    while entry is not None and entry.parent and entry.parent not in chain and len(chain) < 8:
        chain.append(entry.parent)
        entry = lexicon.entry(entry.parent)
    return chain


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


_BETWEEN = re.compile(r"\bbetween\b[^.;:]*$", re.IGNORECASE)


def _not_sides(clause, actors: list) -> list:
    """ "clashes between the Boshehra and Maleekhel tribes": two groups of one kind named as
    the sides of a fight are both in it, and neither is the one that did it."""
    sides = [
        a
        for a in actors
        if _BETWEEN.search(
            clause.text[max(0, a.start - clause.start - 40) : a.start - clause.start]
        )
    ]
    if len(sides) < 2 or len({a.kind for a in sides}) > 1 or len({a.key for a in sides}) < 2:
        return actors
    return [a for a in actors if a not in sides]
