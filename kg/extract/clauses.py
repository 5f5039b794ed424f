"""Split sentences into clauses and read what each says about an incident.

A clause is a sentence, or a part of one cut at ";", a dash, ", while", or
an "and" that starts a new casualty figure ("six bodies were recovered in
Bolan and seven people were killed in Kalat"). A part with no event trigger
joins its neighbour. For each clause the reader collects:

- its triggers, each marked *anaphoric* ("the attack", "that wave of
  violence": a reference to an incident already reported) or *generic*
  ("various attacks", "a rise in attacks", a bare plural in a clause with no
  past tense);
- its date expressions, *weak* when they date a statement ("said on Monday")
  rather than the incident;
- the places where something happened (after "in", "at", "near", "across" ...,
  or a site; never "from"/"to"/"bound for"/"Taftan-bound" places, the dateline, or
  where officials spoke: "addressing a news conference in Islamabad", "In Peshawar,
  the chief minister condemned the attack");
- actors and projects, casualty figures, and cues: claim, attribution,
  habitual ("often", "has long"), umbrella ("coordinated", "series of"),
  "also", response ("that followed"), denial (the actor before "distanced
  itself", "was not involved") and victims ("most of the victims were ...").

A sentence with no event word is read only for who claimed, was blamed,
denied or was hit, and for calendar dates that may date the incident; its
places are read when an incident asks (:meth:`Clause.setting_places`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc, Span

from kg.core.dates import date_precision, parse_partial_date
from kg.core.model import ACTOR_KINDS, PLACE_KINDS
from kg.extract.caseless import contains_any, lowered
from kg.extract.casualties import Casualty, find_casualties
from kg.extract.components import (
    CUE_SPANS,
    TRIGGER_SPANS,
    doc_text,
    entity_spans,
    sentence_bounds,
)
from kg.extract.dates import DateMatch, find_dates
from kg.extract.numbers import find_counts
from kg.extract.patterns import Patterns, get_patterns
from kg.extract.wordlists import Trigger, get_wordlists

__all__ = [
    "Clause",
    "TriggerHit",
    "EntityHit",
    "DateHit",
    "Sentence",
    "read_clauses",
    "find_dateline",
    "sentence_spans",
    "sentences",
    "doc_text",
]

_AIR_STRIKE = "AirStrike"
_DEPTH = {"Country": 0, "Province": 1, "District": 2, "City": 3, "Site": 4}
_SPLIT = re.compile(r"\s*;\s*|\s+[—–]\s+|\s+--\s+|,\s+while\s+")
_SPLIT_NEEDS = (";", "—", "–", "--", "while")  # every cut holds one of these
_WORD = re.compile(r"[A-Za-z]{4,}")
_ACROSS = re.compile(r"\s+(?:\w+\s+){0,6}?across\s+(?:the\s+)?[A-Z]")


@dataclass
class TriggerHit:
    start: int
    end: int
    text: str
    trigger: Trigger
    anaphoric: bool = False
    generic: bool = False
    topical: bool = False  # an anaphor that is what the clause is about, not a time reference
    hedged: bool = False  # near a hedge ("may have been"): it sets no kind


@dataclass
class EntityHit:
    start: int
    end: int
    text: str
    key: str
    kind: str
    locative: bool = False
    # "some 70 km from Quetta": a town the incident was near, given only when the report
    # names nothing finer (incidents.settle_location).
    near: bool = False


@dataclass
class DateHit:
    match: DateMatch
    start: int
    weak: bool


@dataclass
class Clause:
    """One clause of a sentence and what it says."""

    index: int
    sentence: int
    start: int
    end: int
    sent_start: int
    sent_end: int
    text: str
    in_title: bool
    paragraph: int = 0  # paragraph breaks before its sentence
    triggers: list[TriggerHit] = field(default_factory=list)
    dates: list[DateHit] = field(default_factory=list)
    places: list[EntityHit] = field(default_factory=list)
    mentioned_places: list[EntityHit] = field(default_factory=list)
    actors: list[EntityHit] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    claim: bool = False
    attribution: bool = False
    habitual: bool = False
    umbrella: bool = False
    also: bool = False
    response: bool = False
    denied: frozenset[str] = frozenset()  # actors the clause says took no part ("distanced itself")
    victims: bool = False  # "most of the victims were policemen": who was hit, said on its own
    reaction: bool = False  # a statement about an incident ("condemned the attack")
    comparison: bool = False  # "It was the second attack on the post in a week"
    separate: bool = False  # "in a separate statement ...": an incident apart from the current one
    roundup: bool = False  # "in two separate operations": incidents counted, each its own event
    # The round-up is only a count of blasts ("heard three blasts"): after a bombing was told,
    # the blasts it was made of.
    blasts: bool = False
    # "attacked a checkpoint overnight": in the night before the day it was reported; "early in
    # the day": on that day.
    overnight: bool = False
    same_day: bool = False
    recalled: bool = False  # "Earlier this month, gunmen ...": an older incident recalled
    # A round-up told as place-labelled paragraphs ("Kohlu: ...", "Zhob: ..."): the number of
    # the labelled paragraph the clause is in (0 outside one), and, on a paragraph's first
    # clause, the date the story's lead gives the whole round-up ("... on Sunday").
    section: int = 0
    label: bool = False
    lead_date: DateHit | None = None
    # Days named in a sentence with no event word ("picked up on the night of April 25 and
    # 26", "opened up on the post early on Saturday"): they can date the incident being
    # reported when it has only its announcement day (a calendar date) or no date at all.
    bare_dates: list[DateHit] = field(default_factory=list)
    # A clause with no event word: where it puts things is read only when asked (see
    # :meth:`setting_places`), for the rare incident whose own clauses name no place in it.
    _setting: tuple | None = None
    _words: frozenset[str] | None = None
    _heads: list[TriggerHit] | None = None
    _anaphors: list[TriggerHit] | None = None

    @property
    def words(self) -> frozenset[str]:
        """Content words (four letters or more), for telling apart parts of a series."""
        if self._words is None:
            self._words = (
                frozenset(w.lower() for w in _WORD.findall(self.text)) - get_patterns().stop_words
            )
        return self._words

    # The grouping and the event builder ask for these again and again; the triggers are final
    # once read_clauses returns, so each list is made on first use (callers only read it).
    @property
    def heads(self) -> list[TriggerHit]:
        """Triggers that can start an incident, strongest first."""
        if self._heads is None:
            hits = [
                t for t in self.triggers if t.trigger.creates and not t.anaphoric and not t.generic
            ]
            self._heads = sorted(hits, key=lambda t: -t.trigger.strength)
        return self._heads

    @property
    def anaphors(self) -> list[TriggerHit]:
        if self._anaphors is None:
            self._anaphors = [t for t in self.triggers if t.anaphoric and t.topical]
        return self._anaphors

    def rename_places(self, moved: dict[str, str]) -> None:
        """Give the places and actors read (or still to be read) their new keys."""
        for hit in (*self.places, *self.mentioned_places, *self.actors):
            hit.key = moved.get(hit.key, hit.key)
        if self._setting is not None:
            self._setting = (*self._setting[:3], moved)

    def setting_places(self) -> list[EntityHit]:
        """Where a clause with no event word puts what it tells ("armed men set up a blockade
        near Sultan Charhai"): its locative places, read on first call."""
        if self._setting is not None:
            source, ents, dateline, moved = self._setting
            self._setting = None
            patterns = get_patterns()
            _read_places(self, source, ents, dateline, patterns)
            for hit in self.mentioned_places:
                hit.key = moved.get(hit.key, hit.key)
            _drop_speakers_places(self, source.text, patterns, None)
            if self.places and patterns.reaction.search(self.text):
                self.places = []  # "In Quetta, the minister condemned ...": where he was
        return self.places

    @property
    def strong_date(self) -> DateHit | None:
        days = [d for d in self.dates if not d.weak and d.match.value]
        # "launched on the night of May 4 and went on into the early hours of May 5": an
        # incident straddling midnight takes the day it ran into (kg.extract.dates).
        if len(days) > 1 and _runs_into(self, days[0], days[1]):
            return days[1]
        if len(days) > 1:
            # "X, accused of killing a prisoner in 2013, was wounded when gunmen attacked him
            # on Sunday": a day told after an older year or month is the clause's incident.
            later = _later_day(self, days)
            if later is not None:
                return later
        return days[0] if days else None

    @property
    def weak_date(self) -> DateHit | None:
        return next((d for d in self.dates if d.weak and d.match.value), None)

    @property
    def killed(self) -> list[Casualty]:
        return [c for c in self.casualties if c.outcome == "killed" and not c.subset]


_SINCE = re.compile(r"\b(?:since|until|till)\s+(?:on\s+)?$", re.IGNORECASE)


def _later_day(clause: Clause, days: list[DateHit]) -> DateHit | None:
    """A day told after the clause's first date, when that one is a year or a month that
    ends before the day or that holds it ("In April, dacoits stormed a post on the night of
    April 19"), but not a day "since" which a count runs."""
    first = parse_partial_date(days[0].match.value)
    if first is None or first.is_day:
        return None
    for hit in days[1:]:
        day = parse_partial_date(hit.match.value)
        if day is None or not day.is_day or not (day.starts_after(first) or first.contains(day)):
            continue
        if _SINCE.search(clause.text[: hit.start - clause.start]):
            continue
        return hit
    return None


def _runs_into(clause: Clause, first: DateHit, second: DateHit) -> bool:
    one, two = parse_partial_date(first.match.value), parse_partial_date(second.match.value)
    if one is None or two is None or not (one.is_day and two.is_day):
        return False
    if (two.interval()[0] - one.interval()[0]).days != 1:
        return False
    between = clause.text[
        first.start - clause.start + len(first.match.text) : second.start - clause.start
    ]
    return bool(get_patterns().ran_into.search(between))


def find_dateline(text: str, body_start: int) -> tuple[int, int] | None:
    """Return the span of a dateline ("QUETTA:", "KARACHI, Pakistan (AP) —") opening the body.

    >>> find_dateline("QUETTA, Pakistan (AP) — A bomb", 0)
    (0, 21)
    >>> find_dateline("QUETTA (Reuters) - Armed men", 0)
    (0, 16)
    >>> find_dateline("Quetta, Sep 30 (IANS) At least ten", 0)
    (0, 21)
    >>> find_dateline("Tehreek-e-Taliban Pakistan (TTP) fighters", 0) is None
    True
    """
    head = text[body_start : body_start + 80]
    # "Islamabad, Mar 18 (PTI) Pakistan said ...": a wire's dateline that no mark closes ends
    # with a date and the agency; without those a capitalised run is only a name ("... (TTP)").
    match = re.match(r"\s*([^\n:—–]{2,60}?)\s*(?::|—|–|--|\s-)\s", head) or (
        get_patterns().agency_dateline.match(head)
    )
    if not match:
        return None
    words = re.findall(r"\[[^\]]*\]|\([^)]*\)|[\w.']+", match.group(1))
    if not words or not all(w[0].isupper() or w[0].isdigit() or w[0] in "[(" for w in words):
        return None
    return body_start + match.start(1), body_start + match.end(1)


def read_clauses(
    doc: Doc, published: date | None, title_end: int, dateline: tuple[int, int] | None, skip
) -> list[Clause]:
    """Split every sentence of ``doc`` into clauses and read them.

    Args:
        doc: a processed document (sentences, entities, trigger spans).
        published: the publication date, for resolving dates.
        title_end: the offset where the title ends (0 without a title).
        dateline: the dateline span, whose places are not event places.
        skip: a predicate on a sentence's text; sentences it accepts are not read.
    """
    lists = get_wordlists()
    text = doc_text(doc)
    source = _Source(text, lowered(text))
    # Plain tuples: spaCy builds a new Span object on every attribute access, and
    # ``Span.text`` joins its tokens; the slice of the doc's text is the same string.
    spans = [
        _Span(t.start_char, t.end_char, text[t.start_char : t.end_char], t.label_, "")
        for t in doc.spans.get(TRIGGER_SPANS, ())
    ]
    spans += [
        _Span(c.start_char, c.end_char, text[c.start_char : c.end_char], c.label_, "cue")
        for c in doc.spans.get(CUE_SPANS, ())
    ]
    clauses: list[Clause] = []
    ents_by_sentence: dict[int, list[_Span]] = {}
    paragraph, previous_end = 0, 0
    for number, (sent, sent_ents, sent_spans) in enumerate(sentence_spans(doc, spans)):
        if "\n" in text[previous_end : sent.start_char]:
            paragraph += 1
        previous_end = sent.end_char
        if skip(sent.text):
            continue
        ents = [e for e in sent_ents if e.ent_id_]
        ents_by_sentence[number] = ents
        sent_triggers = [m for m in sent_spans if not m.ent_id_]
        cues = [m for m in sent_spans if m.ent_id_]
        for start, end in _split(sent) if sent_triggers else [(sent.start_char, sent.end_char)]:
            clause = Clause(
                index=len(clauses),
                sentence=number,
                start=start,
                end=end,
                sent_start=sent.start_char,
                sent_end=sent.end_char,
                text=text[start:end],
                in_title=end <= title_end,
                paragraph=paragraph,
            )
            clause_cues = {c.label_ for c in cues if start <= c.start_char and c.end_char <= end}
            if sent_triggers:
                _read(
                    clause,
                    source,
                    sent_triggers,
                    ents,
                    published,
                    dateline,
                    lists,
                    cues,
                    clause_cues,
                )
            else:
                low = source.lower_slice(start, end)
                _read_attribution(clause, ents, clause_cues, low)
                clause.bare_dates = _days_named(clause.text, clause.start, published, low)
                clause._setting = (source, ents, dateline, {})
            clauses.append(clause)
    clauses = _merge_bare(clauses, text)
    _read_sections(clauses, ents_by_sentence, source, published)
    return clauses


# "Kohlu: In the deadliest incident ...", "Khuzdar and Turbat: A police mobile ...": a paragraph
# opening with capitalised names and a colon.
_LABEL = re.compile(r"([A-Z][\w'.-]*(?:(?:\s+|\s*,\s*|\s+and\s+)[A-Z][\w'.-]*){0,5}):\s+\S")


def _read_sections(clauses: list[Clause], ents_by_sentence, source, published) -> None:
    """Mark a round-up told as place-labelled paragraphs ("Kohlu: ...", "Zhob: ...").

    A paragraph whose first sentence opens with names of places and a colon, after the
    story's first body paragraph, is a section: each clause in it gets the section's number,
    the places of its label count as where the first clause's incident happened, and the
    first clause carries the date the lead gives the round-up. One labelled paragraph is a
    quote or a heading, not a round-up: at least two are needed.
    """
    labels: dict[int, tuple[Clause, list[EntityHit]]] = {}
    first_body = next((c.paragraph for c in clauses if not c.in_title), None)
    seen: set[int] = set()
    for clause in clauses:
        if clause.in_title or clause.paragraph in seen:
            continue
        seen.add(clause.paragraph)
        if clause.paragraph == first_body:
            continue
        match = _LABEL.match(clause.text)
        if match is None or match.group(1).isupper():  # "PESHAWAR:" is a dateline
            continue
        end = clause.start + match.end(1)
        found = [
            EntityHit(e.start_char, e.end_char, e.text, e.ent_id_, e.label_, locative=True)
            for e in ents_by_sentence.get(clause.sentence, ())
            if e.label_ in PLACE_KINDS and clause.start <= e.start_char and e.end_char <= end
        ]
        labels[clause.paragraph] = (clause, found)
    # Once two labels name known places, a label naming a place the gazetteer lacks is one too.
    if sum(1 for _, found in labels.values() if found) < 2:
        return
    # The lead: the first dated clause of the body before the first label.
    lead = next(
        (
            c
            for c in clauses
            if not c.in_title
            and c.paragraph < min(labels)
            and _lead_date(c, source, published) is not None
        ),
        None,
    )
    lead_date = _lead_date(lead, source, published) if lead is not None else None
    numbers = {p: n + 1 for n, p in enumerate(sorted(labels))}
    for clause in clauses:
        clause.section = numbers.get(clause.paragraph, 0)
    for first, found in labels.values():
        first.label, first.lead_date = True, lead_date
        # The label holds the incident; a place the paragraph names itself is finer.
        if not first.places:
            first.places = found


def _lead_date(lead: Clause, source, published) -> DateHit | None:
    low = source.lower_slice(lead.start, lead.end)
    patterns = get_patterns()
    for found in find_dates(lead.text, published, lower=low):
        if found.value and not _weak_date(lead.text, found, patterns, low):
            # The sections' incidents, told over a range of days, take the day it began.
            found = replace(found, value=found.first or found.value)
            return DateHit(found, lead.start + found.start, False)
    return None


class _Span(NamedTuple):
    start_char: int
    end_char: int
    text: str
    label_: str
    ent_id_: str


class _Source(NamedTuple):
    """The document's text and its lower-cased copy, made once for the case-blind patterns
    (:mod:`kg.extract.caseless`); any window of the one is the same window of the other."""

    text: str
    lower: str | None  # None when lower-casing would not keep offsets

    def lower_slice(self, start: int, end: int) -> str | None:
        return self.lower[start:end] if self.lower is not None else None


def _read_attribution(clause: Clause, ents: list[_Span], cues: set[str], low: str | None) -> None:
    """Read only who claimed or was blamed: a sentence without an event word adds nothing else."""
    text = clause.text
    patterns = get_patterns()
    clause.habitual = "habitual" in cues
    clause.claim = "claim" in cues and _has_claim(text, patterns, low)
    clause.attribution = "attribution" in cues and _has_attribution(text, patterns, low)
    actors = [
        EntityHit(e.start_char, e.end_char, e.text, e.ent_id_, e.label_)
        for e in ents
        if e.label_ in ACTOR_KINDS and clause.start <= e.start_char and e.end_char <= clause.end
    ]
    clause.denied = _deniers(clause, actors, patterns, low)
    clause.victims = any(a.kind != "Person" for a in actors) and bool(
        patterns.victims.search(text, low)
    )
    if clause.claim or clause.attribution or clause.denied or clause.victims:
        clause.actors = actors


def _days_named(text: str, offset: int, published: date | None, low: str | None) -> list[DateHit]:
    patterns = get_patterns()
    return [
        DateHit(found, offset + found.start, False)
        for found in find_dates(text, published, lower=low)
        if found.value
        and date_precision(found.value) == "day"
        and not _weak_date(text, found, patterns, low)
    ]


def _deniers(
    clause: Clause, actors: list[EntityHit], patterns: Patterns, low: str | None
) -> frozenset[str]:
    """Actors a denial follows: "the TTP distanced itself", "said the group was not involved"."""
    if not actors:  # a denial names no one without an actor before it
        return frozenset()
    denied = set()
    for match in patterns.denial.finditer(clause.text, low):
        start = clause.start + match.start()
        before = [a for a in actors if a.end <= start]
        if before:
            denied.add(before[-1].key)
    return frozenset(denied)


def _has_attribution(text: str, patterns: Patterns, low: str | None) -> bool:
    return any(
        not patterns.negated.search(text[max(0, m.start() - 30) : m.start()])
        for m in patterns.attribution.finditer(text, low)
    )


@dataclass(frozen=True)
class Sentence:
    """A non-blank sentence: its text without surrounding space, and its offsets."""

    start_char: int
    end_char: int
    text: str


def sentences(doc: Doc) -> list[Sentence]:
    """The doc's non-blank sentences, trimmed, computed once per doc."""
    if "kg_sentences" not in doc.user_data:
        text = doc_text(doc)
        found = []
        for _, _, start_char, end_char in sentence_bounds(doc):
            raw = text[start_char:end_char]
            stripped = raw.strip()
            if stripped:
                start = start_char + len(raw) - len(raw.lstrip())
                found.append(Sentence(start, start + len(stripped), stripped))
        doc.user_data["kg_sentences"] = found
    return doc.user_data["kg_sentences"]


def sentence_spans(doc: Doc, extra: list[Span] = ()):
    """Yield (sentence, its entity spans, its ``extra`` spans) for every non-blank sentence.

    Spans are bucketed by offset once, so a long document costs linear time, not
    sentences x entities.
    """
    ents = entity_spans(doc)
    extra = sorted(extra, key=lambda e: e.start_char)
    ent_starts = [e.start_char for e in ents]
    extra_starts = [e.start_char for e in extra]
    for sent in sentences(doc):
        lo, hi = sent.start_char, sent.end_char
        yield (
            sent,
            ents[bisect_left(ent_starts, lo) : bisect_left(ent_starts, hi)],
            extra[bisect_left(extra_starts, lo) : bisect_left(extra_starts, hi)],
        )


def _split(sent: Sentence) -> list[tuple[int, int]]:
    text = sent.text
    cuts = [0]
    # Most sentences hold none of the words a cut needs: test for them before scanning.
    for match in _SPLIT.finditer(text) if contains_any(text, _SPLIT_NEEDS) else ():
        if match.start() > 12:  # a dateline's dash ("(AP) —") opens the sentence
            cuts.append(match.end())
    patterns = get_patterns()
    and_count = "and" in text and contains_any(text, patterns.and_count_nouns)
    for match in patterns.and_count.finditer(text) if and_count else ():
        rest, before = text[match.end() :], text[: match.start()]
        # "six bodies were recovered in Bolan and seven people were killed": two figures,
        # each with its outcome; "seven police officers and six militants were killed" and
        # "eleven dead, seven policemen and four militants" are one.
        if (
            find_counts(rest[:25])
            and find_counts(before)
            and _has_outcome(before)
            and _has_outcome(rest)
            and not patterns.roundup_in.search(rest)
        ):
            cuts.append(match.end())
    cuts = sorted(set(cuts))
    spans = []
    for i, cut in enumerate(cuts):
        end = cuts[i + 1] if i + 1 < len(cuts) else len(text)
        piece = text[cut:end]
        trimmed_end = cut + len(piece.rstrip(" ;,—–-"))
        if trimmed_end > cut:
            spans.append((sent.start_char + cut, sent.start_char + trimmed_end))
    return spans or [(sent.start_char, sent.end_char)]


def _has_outcome(text: str) -> bool:
    lists, low = get_wordlists(), lowered(text)
    return bool(
        lists.caseless("killed").search(text, low) or lists.caseless("injured").search(text, low)
    )


def _merge_bare(clauses: list[Clause], doc_text: str) -> list[Clause]:
    """Fold a clause with no trigger into a neighbour of the same sentence."""
    out: list[Clause] = []
    pending: list[Clause] = []
    for clause in clauses:
        if (
            pending and pending[-1].sentence != clause.sentence
        ):  # bare pieces stay in their sentence
            out.extend(pending)
            pending = []
        if clause.triggers:
            for bare in pending:
                _absorb(clause, bare, doc_text)
            pending = []
            out.append(clause)
        elif out and out[-1].sentence == clause.sentence and out[-1].triggers:
            _absorb(out[-1], clause, doc_text)
        else:
            pending.append(clause)
    out.extend(pending)
    for i, clause in enumerate(out):
        clause.index = i
    return out


def _read_places(
    clause: Clause, source: _Source, ents, dateline: tuple[int, int] | None, patterns: Patterns
) -> None:
    """The places a clause names, and those of them where something happened."""
    for ent in ents:
        if not (clause.start <= ent.start_char and ent.end_char <= clause.end):
            continue
        if ent.label_ not in PLACE_KINDS or (
            dateline and dateline[0] <= ent.start_char < dateline[1]
        ):
            continue
        hit = EntityHit(ent.start_char, ent.end_char, ent.text, ent.ent_id_, ent.label_)
        clause.mentioned_places.append(hit)
        hit.locative = _is_locative(source, clause.start, ent, patterns)
        hit.near = not hit.locative and _is_near(source, clause.start, ent, patterns)
        if hit.locative:
            clause.places.append(hit)


def _absorb(target: Clause, other: Clause, doc_text: str) -> None:
    target.dates += other.dates
    target.places += other.places
    target.mentioned_places += other.mentioned_places
    target.actors += other.actors
    target.casualties += other.casualties
    target.claim |= other.claim
    target.attribution |= other.attribution
    target.denied |= other.denied
    target.umbrella |= other.umbrella
    # Still only blasts counted when each part counts only blasts or nothing.
    target.blasts = (
        (target.roundup or other.roundup)
        and (target.blasts or not target.roundup)
        and (other.blasts or not other.roundup)
    )
    target.roundup |= other.roundup
    target.reaction |= other.reaction
    target.separate |= other.separate
    target._words = None
    target.start, target.end = min(target.start, other.start), max(target.end, other.end)
    target.text = doc_text[target.start : target.end]


def _read(
    clause: Clause, source: _Source, triggers, ents, published, dateline, lists, cues, cue_types
) -> None:
    text, offset = clause.text, clause.start
    doc_text = source.text
    low = source.lower_slice(clause.start, clause.end)
    patterns = get_patterns()
    clause.habitual = "habitual" in cue_types
    clause.also = bool(patterns.also.search(text, low))
    past = _PastTense(text, low)
    clause.response = "response" in cue_types
    clause.reaction = "reaction" in cue_types
    clause.separate = "separate" in cue_types
    clause.comparison = bool(patterns.ranks_incident.search(text, low))
    clause.overnight = bool(patterns.night_before.search(text, low))
    clause.same_day = bool(patterns.same_day.search(text, low))
    clause.recalled = bool(patterns.recalled_opening.match(text))
    clause.claim = "claim" in cue_types and _has_claim(text, patterns, low)
    clause.attribution = "attribution" in cue_types and _has_attribution(text, patterns, low)
    umbrella_cues = [c for c in cues if c.label_ == "umbrella"]
    separate_cues = [c for c in cues if c.label_ == "separate"]
    hedges = [c for c in cues if c.label_ == "hedge" and clause.start <= c.start_char < clause.end]
    for span in triggers:
        if not (clause.start <= span.start_char and span.end_char <= clause.end):
            continue
        trigger = lists.triggers.get(span.label_) or lists.triggers.get(span.text.lower())
        if trigger is None:
            continue
        window = max(clause.start, span.start_char - 50)
        before = doc_text[window : span.start_char]
        if (span.text.lower() in patterns.air_hit_verbs and patterns.air_doer.search(before)) or (
            span.text.lower() == "strikes" and patterns.state_striker.search(before)
        ):
            # "Pakistani jets hit four villages": what an air weapon strikes is an air strike;
            # "Indian strikes" are a state's strikes from the air or by missile.
            trigger = replace(
                trigger, kind=_AIR_STRIKE, strength=0.9, event_type=None, sub_event_type=None
            )
        hit = TriggerHit(span.start_char, span.end_char, span.text, trigger)
        after = doc_text[span.end_char : min(clause.end, span.end_char + 30)]
        _classify(
            hit, before, after, past, patterns, clause, source.lower_slice(window, span.start_char)
        )
        hit.hedged = bool(hedges) and _is_hedged(span, hedges)
        clause.triggers.append(hit)
        if hit.generic:
            continue
        if _is_roundup(hit, span, separate_cues, doc_text, before, patterns):
            blasts = hit.text.lower().split()[-1] in patterns.blast_plurals
            clause.blasts = blasts and (clause.blasts or not clause.roundup)
            clause.umbrella = clause.roundup = True
        elif _is_series(hit, span, umbrella_cues, doc_text, after):
            clause.umbrella = True
    if clause.separate and _told_before_apart(clause, separate_cues, doc_text):
        clause.separate = False
    for found in find_dates(text, published, lower=low):
        start = offset + found.start
        if clause.roundup and found.first:
            # "Four encounters on March 26 and 27": incidents told over a range of days, each
            # on one of them; the round-up's parts take the day it began.
            found = replace(found, value=found.first)
        rest = doc_text[clause.end : clause.sent_end]
        weak = _weak_date(text, found, patterns, low, rest) or bool(
            dateline and dateline[0] <= start < dateline[1] + 25
        )
        # "Monday's suicide bombing": a possessive date names the day of the incident itself.
        if found.text.endswith(("'s", "’s")):
            end = offset + found.end
            weak = weak and not any(
                t.start_char >= end and t.start_char - end <= 40 for t in triggers
            )
        clause.dates.append(DateHit(found, start, weak))
    date_spans = [(d.match.start, d.match.end) for d in clause.dates]
    clause.casualties = find_casualties(text, exclude=date_spans)
    if clause.in_title:
        # "Four more terrorists killed in Kalat": a headline counts on from an earlier
        # report, not from a figure its story tells.
        clause.casualties = [replace(c, more=False) if c.more else c for c in clause.casualties]
    for ent in ents:
        if not (clause.start <= ent.start_char and ent.end_char <= clause.end):
            continue
        hit = EntityHit(ent.start_char, ent.end_char, ent.text, ent.ent_id_, ent.label_)
        if ent.label_ in PLACE_KINDS:
            if dateline and dateline[0] <= ent.start_char < dateline[1]:
                continue
            clause.mentioned_places.append(hit)
            hit.locative = _is_locative(source, clause.start, ent, patterns)
            hit.near = not hit.locative and _is_near(source, clause.start, ent, patterns)
            if hit.locative:
                clause.places.append(hit)
        elif ent.label_ in ACTOR_KINDS or ent.label_ == "Project":
            clause.actors.append(hit)
    actors = [a for a in clause.actors if a.kind in ACTOR_KINDS]
    clause.denied = _deniers(clause, actors, patterns, low)
    if clause.places:
        _drop_speakers_places(clause, doc_text, patterns, low)
        _drop_where_spoken(clause, doc_text, patterns, low)


def _drop_where_spoken(clause: Clause, doc_text: str, patterns: Patterns, low: str | None) -> None:
    """ "In Peshawar, the chief minister condemned the attack": where officials were when
    they reacted to an incident is not where it happened.

    Before a verb of reaction that no new incident comes before, a place is where officials
    were, unless the reference to the incident names it ("the attack in Kalat was
    condemned"); after it too, unless a new incident follows. A verb of speaking does the
    same for a place fronted before it ("In Quetta, the spokesman said ...") in a clause
    that reports no new incident.
    """
    reaction = patterns.reaction.search(clause.text, low)
    fronted_only = False
    if reaction is None and not clause.heads:
        reaction, fronted_only = patterns.speaker.search(clause.text, low), True
    if reaction is None:
        return
    verb = clause.start + reaction.start()
    if any(h.start < verb for h in clause.heads):
        return
    later = any(h.start > verb for h in clause.heads)
    anaphors = [t for t in clause.triggers if t.anaphoric]

    def named_by_reference(hit: EntityHit) -> bool:
        for t in anaphors:
            if t.start - 40 <= hit.start and hit.end <= t.start:
                between = doc_text[hit.end : t.start]
                if "," not in between and len(between.split()) <= 2:
                    return True  # "the Kalat attack"
            if (
                hit.start >= t.end
                and hit.start - t.end <= 60
                and patterns.anaphor_place_gap.match(doc_text[t.end : hit.start])
            ):
                return True  # "the attack on a post in Kalat"
        return False

    def spoken(hit: EntityHit) -> bool:
        if fronted_only:
            return hit.start < verb and bool(
                _FRONTED.match(doc_text[clause.start : hit.start])
                and _COMMA_SOON.match(doc_text[hit.end : hit.end + 30])
            )
        if hit.start < verb or not later:
            return not named_by_reference(hit)
        return False

    for hit in clause.places:
        hit.locative = not spoken(hit)
    clause.places = [h for h in clause.places if h.locative]


def _drop_speakers_places(
    clause: Clause, doc_text: str, patterns: Patterns, low: str | None
) -> None:
    """ "Officials in Quetta said ...", "police in Mastung told AFP": the place of whoever
    speaks, right before the verb of speaking; "... in Mastung, police said" keeps its place."""
    if not clause.places:
        return
    for match in patterns.speaker.finditer(clause.text, low):
        verb = clause.start + match.start()
        for hit in clause.places:
            gap = doc_text[hit.end : verb]
            # "An official in Miran Shah, the district's main town, said": an apposition
            # describes the place and leaves it the speaker's.
            bare = _APPOSITION.sub(" ", gap, count=1)
            if bare != gap and bare.strip():
                continue  # "killed in X, a village in Y, police said": said after the place
            gap = bare
            if (
                hit.end <= verb
                and len(gap.split()) <= 3
                and not _BREAK.search(gap)
                and not any(hit.end <= t.start < verb for t in clause.triggers)
            ):
                hit.locative = False
    clause.places = [h for h in clause.places if h.locative]


_BREAK = re.compile(r"[,;:.\"“”()—–]")
_APPOSITION = re.compile(r"^,\s+(?:the|a|an)\s[^,;:.\"“”()—–]{1,40},\s*")
_FRONTED = re.compile(r"\s*(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_COMMA_SOON = re.compile(r"[^,.;]{0,25},")


class _PastTense:
    """Whether a clause has a finite past tense; only a bare plural asks, so it is looked up
    the first time one does."""

    __slots__ = ("text", "low", "value")

    def __init__(self, text: str, low: str | None):
        self.text, self.low, self.value = text, low, None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = bool(get_patterns().past_tense.search(self.text, self.low))
        return self.value


def _is_series(hit: TriggerHit, span: _Span, cues: list[_Span], doc_text: str, after: str) -> bool:
    """ "coordinated attacks", "a series of blasts", "a rampage across Balochistan"."""
    for cue in cues:
        if span.start_char <= cue.start_char and cue.end_char <= span.end_char:
            return True  # the trigger names a series itself ("rampage")
        if hit.trigger.noun and cue.end_char <= span.start_char:
            gap = doc_text[cue.end_char : span.start_char]
            if len(gap) < 30 and len(gap.split()) <= 2:
                # "a string of suicide attacks on a check post": one assault on one site.
                return not get_patterns().one_site.match(
                    doc_text[span.end_char : span.end_char + 80]
                )
    return "across" in after and bool(_ACROSS.match(after))


def _is_roundup(
    hit: TriggerHit, span: _Span, cues: list[_Span], doc_text: str, before: str, patterns: Patterns
) -> bool:
    """ "two separate operations", "in separate attacks", "three blasts": incidents counted,
    each an event of its own, not one series."""
    words = hit.text.lower().split()
    if not hit.trigger.noun or not words or words[-1] not in patterns.incident_plurals:
        return False
    for cue in cues:
        gap = doc_text[cue.end_char : span.start_char]
        if cue.end_char <= span.start_char and len(gap) < 30 and len(gap.split()) <= 2:
            return True
    return bool(patterns.roundup_count.search(before))


# A hedge this close before an event word, or this close after it, makes it uncertain.
_HEDGE_BEFORE, _HEDGE_AFTER = 60, 25


def _is_hedged(span: _Span, hedges: list[_Span]) -> bool:
    """ "indications that a suicide bomber may have been involved": an uncertain event word."""
    return any(
        0 <= span.start_char - cue.end_char <= _HEDGE_BEFORE
        or 0 <= cue.start_char - span.end_char <= _HEDGE_AFTER
        for cue in hedges
    )


def _has_claim(text: str, patterns: Patterns, low: str | None) -> bool:
    for match in patterns.claim.finditer(text, low):
        rest = text[match.end() : match.end() + 25].lower()
        # "claimed the lives of six", "claimed 26 lives": a toll, not a claim of responsibility.
        if _LIVES.match(rest):
            continue
        if patterns.negated.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        return True
    return False


# Compiled once: these run per trigger and per place, and ``re``'s cache lookup is not free.
_LIVES = re.compile(r"\s+(?:the\s+)?(?:lives|life)\b|\s+(?:\w+\s+)?(?:more\s+)?lives\b")
_FOLLOWED = re.compile(
    r"\s*(?:that|which)\s+(?:followed|ensued)|\s+(?:of|on|against|in)\s+(?:the\s+)?\w"
)
_THAT_WHICH = re.compile(r"\s*(?:that|which)")
_JOINERS = frozenset("-–‐ ")
_DEVICE_KINDS = frozenset({"Bombing", "SuicideBombing"})  # a bomb or a vest can be found
_NAME_OF = re.compile(r"[A-Z][a-z]+\s+of\s+(?:the\s+)?$")


def _classify(
    hit: TriggerHit,
    before: str,
    after: str,
    past: _PastTense,
    patterns: Patterns,
    clause: Clause,
    before_low: str | None,
) -> None:
    # The tests are ordered cheapest first, and each regex runs only when its answer counts.
    trigger = hit.trigger
    determiner = patterns.determiner.search(before) if trigger.noun else None
    if trigger.noun and determiner and not determiner.group(0).lower().startswith("such"):
        followed = _FOLLOWED.match(after)
        hit.anaphoric = not (followed and _THAT_WHICH.match(after))
        cut = determiner.start()
        prefix, prefix_low = before[:cut], before_low[:cut] if before_low is not None else None
        hit.topical = hit.anaphoric and not patterns.temporal_before.search(prefix, prefix_low)
    tail_low = before_low[-40:] if before_low is not None else None
    if not hit.anaphoric and (
        patterns.generic_tail.search(before[-40:], tail_low)
        or patterns.trend_tail.search(before, before_low)
        or patterns.directive_tail.search(
            before[-80:], before_low[-80:] if before_low is not None else None
        )
    ):
        hit.generic = True
    elif (
        not hit.anaphoric
        and trigger.noun
        and hit.text.lower().endswith("s")
        and patterns.generic_plural_tail.search(before[-40:], tail_low)
    ):
        # "Police had foiled five earlier attacks": a tally of incidents told before.
        hit.generic = True
    elif (
        hit.anaphoric
        and (hit.text.lower().endswith("s") or trigger.kind is None)
        and patterns.trend_tail.search(before, before_low)
    ):
        # "The group has stepped up its attacks since 2021", "insurgents have intensified
        # their violence": a campaign, no incident.
        hit.generic, hit.anaphoric, hit.topical = True, False, False
    if trigger.noun and trigger.kind in _DEVICE_KINDS and not hit.anaphoric:
        rest = clause.text[hit.end - clause.start :]
        if patterns.seized_after.search(rest) or patterns.seized_before.search(before, before_low):
            # "IEDs, arms and ammunition were recovered", "a suicide jacket, grenades and
            # ammunition were found": items found
            hit.generic = True
    if trigger.noun and trigger.kind == "SuicideBombing" and not hit.anaphoric:
        rest = clause.text[hit.end - clause.start :]
        if patterns.bomber_stopped_before.search(
            before, before_low
        ) or patterns.bomber_stopped_after.search(rest):
            hit.generic = True  # "troops killed a would-be suicide bomber": no bombing
    if trigger.noun and not determiner and hit.text.lower().endswith("s"):
        rest = clause.text[hit.end - clause.start :]
        if patterns.trend_after.search(rest):
            hit.generic = True  # "Attacks on security forces have risen since ...": a trend
    # A bare plural ("attacks on infrastructure projects") in a clause with no past tense
    # describes what groups do, not something that happened.
    if (
        trigger.noun
        and hit.text.lower().endswith("s")
        and not determiner
        and not clause.umbrella
        and not past
        and not patterns.counted.search(before, before_low)
    ):
        hit.generic = True


def _told_before_apart(clause: Clause, separate_cues, doc_text: str) -> bool:
    """ "A bomb killed two soldiers and troops shot dead a militant in a separate raid": the
    clause tells the incident being reported first, and the one apart only after "and"."""
    inside = [c.start_char for c in separate_cues if clause.start <= c.start_char < clause.end]
    if not inside:
        return False
    cue = min(inside)
    told = [t for t in clause.triggers if t.trigger.kind and not t.generic and not t.anaphoric]
    first = next((t for t in told if t.end <= cue and not t.trigger.casualty), None)
    later = [t for t in told if t.start > cue]
    return (
        first is not None
        and bool(later)
        and re.search(r"\band\b", doc_text[first.end : cue]) is not None
    )


def _weak_date(
    text: str, found: DateMatch, patterns: Patterns, low: str | None, rest: str = ""
) -> bool:
    """A date that belongs to a statement ("said on Monday"), not to the incident.

    ``rest`` is the rest of the clause's sentence after ``text``.
    """
    start = max(0, found.start - 30)
    before, after = text[start : found.start], text[found.end : found.end + 30]
    before_low = low[start : found.start] if low is not None else None
    after_low = low[found.end : found.end + 30] if low is not None else None
    if (
        patterns.weak_before.search(before, before_low)
        or patterns.weak_after.match(after, after_low)
        or patterns.as_of.search(before, before_low)
    ):
        return True
    if not patterns.weak_opening.fullmatch(text, 0, found.start):
        return False
    # "On Sunday, however, the ISPR said one soldier was martyred in the attack": a date
    # opening a sentence whose subject only speaks of an incident already told.
    after, after_low = text[found.end : found.end + 80], low and low[found.end : found.end + 80]
    return bool(
        patterns.weak_after_subject.match(after, after_low)
        and bool(
            patterns.incident_told.search(text, found.end) or patterns.incident_told.search(rest)
        )
    )


def _is_near(source: _Source, clause_start: int, ent: _Span, patterns: Patterns) -> bool:
    """ "some 25km east of Gwadar": the place the incident was near."""
    window = max(clause_start, ent.start_char - 60)
    return bool(
        patterns.distance_before.search(
            source.text[window : ent.start_char], source.lower_slice(window, ent.start_char)
        )
    )


_ENTERED = re.compile(r"^\s+[a-z]+\s+into\s+(?:the\s+)?$")


def _is_locative(source: _Source, clause_start: int, ent: _Span, patterns: Patterns) -> bool:
    text = source.text
    window = max(clause_start, ent.start_char - 60)
    before = text[window : ent.start_char]
    before_low = source.lower_slice(window, ent.start_char)
    after = text[ent.end_char : ent.end_char + 25]
    # "a Taftan-bound bus": where the bus was going.
    if after[:1] in _JOINERS and patterns.destination_suffix.match(after):
        return False
    # "addressing a news conference in Islamabad": where an official spoke.
    if patterns.spoken_before.search(before, before_low):
        return False
    excluded = patterns.not_location.search(before, before_low)
    # "from a site in Panjgur": a place after "in" is where it happened, whatever came before.
    tail = excluded.group(0)[len(excluded.group("cue")) :] if excluded else ""
    # "militants who tried to slip into North Waziristan": "to" opens a verb of entering,
    # and the place entered is where they were met.
    if excluded and _ENTERED.search(tail):
        return True
    # ... unless a locative word comes after the cue ("from a site in Panjgur") or right
    # before it ("in the neighbouring Tank district").
    lead = before[: excluded.start()] if excluded else ""
    # ... but a destination stays a destination: "to their camp at Dasu in Upper Kohistan".
    destination = excluded and patterns.destination.search(excluded.group("cue"))
    if (
        excluded
        and (destination or not patterns.site_word.search(tail))
        and not patterns.site_tail.search(lead)
    ):
        return False
    # "travelling from Islamabad to their camp at Dasu in Upper Kohistan": where they were going.
    journey = max(clause_start, ent.start_char - 120)
    if patterns.journey_end.search(
        text[journey : ent.start_char], source.lower_slice(journey, ent.start_char)
    ):
        return False
    # "Noor Khan of Gwadar": where a person comes from, not where the incident happened.
    if _NAME_OF.search(before):
        return False
    if patterns.locative.search(before, before_low):
        return True
    # "the Quetta attack", "Quetta's railway station", "the New Behman area".
    return bool(patterns.place_modifier.match(after))
