"""Aggregate figures ("383 soldiers were killed in 2024", "2,546 fatalities in 444 attacks").

A sentence is *aggregate* when it counts over a period, a rate or a share
rather than reporting one incident: a year ("in 2024", "during the year",
"this year", "annual", "over the period"), a rate ("every day", "on average"), a share ("per
cent", "63pc", "accounted for", "of the total"), or a count of incidents
("444 attacks", "59,775 operations"). A sentence that follows an aggregate
one and names no single incident ("Khyber Pakhtunkhwa suffered the heaviest
losses, with 1,616 fatalities") continues it. The event extractor skips
aggregate sentences; :func:`extract_statistics` reads them.

Each figure becomes a :class:`~kg.core.model.Statistic`: the value, a measure
named from the words around it ("soldiers killed", "terrorist attacks",
"violence-linked fatalities", "injuries"), the period (the year named in the
sentence, or the publication year for "during the year"), the scope (the
province or country named nearest before the figure, else the country the
article is about) and the source (the body named in the sentence, else the
last one named before it: "according to the CRSS", "the think-tank").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from kg.core.model import Evidence, Statistic
from kg.extract.caseless import lowered
from kg.extract.casualties import find_casualties
from kg.extract.dates import find_dates
from kg.extract.numbers import find_counts
from kg.extract.patterns import get_patterns

__all__ = [
    "is_aggregate",
    "continues_aggregate",
    "tells_incident_day",
    "extract_statistics",
    "SentenceInfo",
]

# Every sentence is tested against these, so they run on lower-cased text (kg.extract.caseless);
# ``needs`` lists words one of which each match holds, so most sentences skip the regex.
_SOURCE_BODIES = ("Organization", "Government", "StateForce")
_SCOPE_KINDS = ("Country", "Province", "District")


class SentenceInfo:
    """The entities of one sentence that the statistics reader uses."""

    def __init__(self, text: str, start: int, entities: Iterable[tuple[int, int, str, str]]):
        self.text = text
        self.start = start
        # (start, end, key, kind), offsets relative to the sentence
        self.entities = sorted(entities)


def is_aggregate(text: str, *, follows_aggregate: bool = False) -> bool:
    """True when a sentence reports figures over a period, a rate or a share, not one incident.

    >>> is_aggregate("383 soldiers and 925 militants were killed in 2024 alone.")
    True
    >>> is_aggregate("In November 2024, an attack killed 26 people at a station in Quetta.")
    False
    """
    return _is_aggregate(text, follows_aggregate)


def continues_aggregate(text: str, aggregate: bool, previous: bool) -> bool:
    """Whether the sentence after this one follows an aggregate: an aggregate sentence does,
    and so does one after an aggregate that states no figure of its own ("The spokesman gave
    the figures at a press conference."): a report's figures go on past it.

    >>> continues_aggregate("He gave the figures on Thursday.", False, True)
    True
    >>> continues_aggregate("Two soldiers were killed in Bannu on Monday.", False, True)
    False
    """
    if aggregate or not previous:
        return aggregate
    return not re.search(r"\d", text) and all(c.count.vague for c in find_counts(text))


@lru_cache(maxsize=4096)
def _is_aggregate(text: str, follows_aggregate: bool) -> bool:
    counts = find_counts(text)
    lower = lowered(text)
    patterns = get_patterns()
    if not counts:
        # "More than 95 per cent of all attacks took place in ...": a share of all incidents,
        # a figure no count reads.
        return bool(
            re.search(r"\d", text)
            and patterns.share.search(text, lower)
            and not patterns.single_incident.search(text, lower)
        )
    period = bool(
        patterns.year_period.search(text, lower)
        or patterns.rate.search(text, lower)
        or patterns.share.search(text, lower)
    )
    # Matching at the count's end is matching its rest: the pattern looks at nothing before.
    counted_incidents = any(patterns.incident_count_after.match(text, lower, c.end) for c in counts)
    # "Attacks in the province rose from 17 to 28": a change between two periods.
    change = bool(patterns.change.search(text, lower))
    if not (period or counted_incidents or follows_aggregate or change):
        return False  # every rule below needs one of these; no need to look for an incident
    single = bool(patterns.single_incident.search(text, lower))
    if period and (counted_incidents or not single):
        return True
    if counted_incidents and not single and _large_figure(text, lower, counts):
        return True
    if single or _day_told(text, lower):
        return False
    # "Four suicide attacks took place in August" after a report's figures: a part of them;
    # "the two raids" refers back to incidents the report tells.
    fresh_count = any(
        patterns.incident_count_after.match(text, lower, c.end)
        and not _BACK_REFERENCE.search(text, 0, c.start)
        for c in counts
    )
    return (
        change
        or (follows_aggregate and fresh_count)
        or (follows_aggregate and bool(patterns.death_words.search(text)))
    )


def _day_told(text: str, lower: str | None) -> bool:
    """Whether a sentence names the day something happened ("on December 15", "on Thursday"):
    a figure of one day is an incident's toll, not a part of the report before it."""
    return any(_DAY.search(d.text) for d in find_dates(text, lower=lower))


def tells_incident_day(text: str) -> bool:
    """Whether a sentence names the day (or, with a toll, the month) something happened, not
    the day it was said or the dateline's: "Gunmen attacked a polio team on Tuesday, the second
    day of a nationwide drive" tells an incident, whatever period or share it also names ("in
    a month", "nationwide", "this year"); "attacks rose by 40 per cent, a think tank said on
    Thursday" tells none, and neither does "two more died on Saturday, taking the toll of the
    week's clashes to 13", the rise of a running toll.

    >>> tells_incident_day("Bandits abducted four men on Sunday, taking the month's count to 17.")
    True
    >>> tells_incident_day("Attacks rose by 40 per cent in January, a think tank said on Monday.")
    False
    """
    lower = lowered(text)
    patterns = get_patterns()
    casualties = find_casualties(text)
    if any(c.more for c in casualties):
        return False  # "two more people were killed on Saturday": a running toll's rise
    counts = find_counts(text)
    # "in March, strikes on Khost and Paktika killed eight", "since June, when two people
    # were killed": a month names an incident's time too, in a sentence that tells a toll,
    # counts no incidents and gives no figure a tally would.
    month_told = (
        bool(casualties)
        and not _large_figure(text, lower, counts)
        and not any(patterns.incident_count_after.match(text, lower, c.end) for c in counts)
    )
    for found in find_dates(text, lower=lower):
        if not _DAY.search(found.text) and not (month_told and _MONTH.search(found.text)):
            continue
        before, before_low = text[max(0, found.start - 30) : found.start], None
        after = text[found.end : found.end + 30]
        if _DATELINE_AFTER.match(after):
            continue  # "Islamabad, Sep 2 (IANS)": when the report was filed
        if patterns.weak_before.search(before, before_low) or patterns.weak_after.match(
            after, None
        ):
            continue  # "a think tank said on Monday": when it was said
        return True
    return False


_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b(?!\s+\d{4})")
# What follows a dateline's date: the agency in brackets, a colon or a dash.
_DATELINE_AFTER = re.compile(r"\s*(?:\(|\[|:|—|–|-\s)")


_BACK_REFERENCE = re.compile(r"\b(?:the|these|those|both|its|their)\s+$", re.IGNORECASE)
_DAY = re.compile(r"(?<![\d,])\d{1,2}(?![\d,])|day\b", re.IGNORECASE)


_NAME_NUMBER = re.compile(r"(?<=[\w,] )[A-Z][a-z]+[ -]$")


def _large_figure(text: str, lower: str | None, counts) -> bool:
    """Whether a figure of twenty or more counts something: the day of a date ("four
    encounters on March 26 and 27") counts nothing."""
    # A number written onto a name ("Rescue 1122", "Rescue-1122") is the name's, no figure.
    large = [
        c
        for c in counts
        if (c.count.value or 0) >= 20 and not _NAME_NUMBER.search(text, 0, c.start)
    ]
    if not large:
        return False
    dates = [(d.start, d.end) for d in find_dates(text, lower=lower)]
    return any(not any(s <= c.start and c.end <= e for s, e in dates) for c in large)


def extract_statistics(
    sentences: Iterable[SentenceInfo],
    doc_id: str,
    published: date | None = None,
    *,
    country: str | None = None,
    headline_end: int = 0,
) -> list[Statistic]:
    """Return the aggregate figures stated in a document's sentences.

    Args:
        sentences: every sentence of the document, in order.
        doc_id: the document id, for the evidence.
        published: the publication date ("during the year" is its year).
        country: the key of the country the article is about, the default scope.
        headline_end: where the headline ends: its figures count only when the body does
            not tell them.
    """
    stats: list[Statistic] = []
    source: str | None = None
    # Sentences naming a body, not yet read for a source: the source is the last body that
    # spoke, and only an aggregate sentence needs it, so they are read when one comes.
    unread: list[tuple[SentenceInfo, list]] = []
    previous = False
    seen: set[tuple[int, str]] = set()
    periods: Counter[str] = Counter()
    for sentence in sentences:
        bodies = [e for e in sentence.entities if e[3] in _SOURCE_BODIES]
        aggregate = is_aggregate(sentence.text, follows_aggregate=previous)
        previous = continues_aggregate(sentence.text, aggregate, previous)
        if bodies:
            unread.append((sentence, bodies))
        if not aggregate:
            continue
        for named, named_bodies in unread:
            source = _source(named, named_bodies) or source
        unread.clear()
        evidence = Evidence(
            doc_id, sentence.text, sentence.start, sentence.start + len(sentence.text)
        )
        told: set[tuple[int, str]] = set()
        for start, _end, value, measure in _figures(sentence.text):
            # A figure told again further on ("injuries rose to 2,267") counts once; a
            # breakdown may repeat a figure ("three in Mardan ... and three in Bannu").
            if (value, measure) in seen:
                continue
            told.add((value, measure))
            # A sentence without a year of its own counts over the period the article is about.
            period = _period(sentence.text, start, published) or (
                periods.most_common(1)[0][0] if periods else None
            )
            if period:
                periods[period] += 1
            scope = _scope(sentence, start) or country
            stats.append(
                Statistic(
                    id=f"{doc_id}/statistic/{len(stats) + 1}",
                    measure=measure,
                    value=value,
                    evidence=evidence,
                    period=period,
                    scope=scope,
                    source=source,
                    confidence=0.8 if period else 0.5,
                )
            )
        if sentence.start >= headline_end:
            seen |= told  # a headline's figures leave the body's own to tell
    # A headline repeats the figures of the report it tops, in words of its own.
    told_below = {s.value for s in stats if s.evidence.start >= headline_end}
    stats = [s for s in stats if s.evidence.start >= headline_end or s.value not in told_below]
    for number, stat in enumerate(stats, 1):
        stat.id = f"{doc_id}/statistic/{number}"
    return stats


def _source(sentence: SentenceInfo, bodies) -> str | None:
    # A body that speaks or publishes ("according to the CRSS", "the ISPR said") over one
    # that is only the subject of a figure ("685 members of the security forces").
    patterns = get_patterns()
    for start, end, key, _kind in bodies:
        before = sentence.text[max(0, start - 40) : start].lower()
        after = sentence.text[end : end + 60].lower()
        if patterns.source_before.search(before) or patterns.source_after.search(after):
            return key
    organizations = [b for b in bodies if b[3] == "Organization"]
    return organizations[0][2] if organizations else None


def _figures(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end, value, measure) for each figure of an aggregate sentence."""
    figures: list[tuple[int, int, int, str]] = []
    casualties = {c.start: c for c in find_casualties(text)}
    for count in find_counts(text):
        value = count.count.low if count.count.low is not None else count.count.high
        if (
            value is None
            or count.count.vague
            or get_patterns().rate_after.match(text[count.end : count.end + 60])
        ):
            continue
        noun = _noun_after(text, count.end)
        casualty = casualties.get(count.start)
        adjacent = casualty is not None and get_patterns().outcome_adjacent.match(text[count.end :])
        if noun or adjacent:
            measure = (
                _casualty_measure(noun, casualty.outcome, text, count.end) if casualty else noun
            )
        else:
            measure = _elliptic_measure(text, count.start, figures)
            if measure is None:
                continue
        if re.fullmatch(r"(?:per\s*cent|pc|percent|years?|days?|months?)", measure):
            continue
        figures.append((count.start, count.end, value, measure))
    figures.extend(_shares(text))
    return sorted(figures)


# "rose by 74 per cent", "fell 20pc", "a 12% drop": a change or a share, read apart from
# counts (a count is of people or incidents).
_PERCENT = re.compile(r"\b(\d{1,3})(?:\.\d+)?\s*(?:per\s?cent\b|percent\b|pc\b|%)", re.IGNORECASE)


_PER_CENT = "per cent"
_SHARE_OF = re.compile(r"\s+of\s+(?:all|the)\b", re.IGNORECASE)


def _shares(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end, value, measure) for each percentage: the measure is the statistic noun
    told just before it ("attacks dropped by 20 per cent": attacks), else none."""
    shares = []
    noun = get_patterns().statistic_noun
    for match in _PERCENT.finditer(text):
        before = text[max(0, match.start() - 50) : match.start()]
        nouns = [m.group(2).lower() for m in noun.finditer(" " + before)]
        of = _SHARE_OF.match(text, match.end())
        after = of and noun.match(text, of.end())
        if after:
            nouns.append(after.group(2).lower())
        if nouns:
            # A share of something else ("50 percent of the company") is no statistic.
            shares.append(
                (match.start(), match.end(), int(match.group(1)), f"{nouns[-1]} ({_PER_CENT})")
            )
    return shares


def _elliptic_measure(text: str, start: int, figures) -> str | None:
    """A bare figure that repeats the measure before it: "injuries (2,267 against 1,462)",
    "1,616 fatalities, followed by Balochistan with 782"."""
    before = text[max(0, start - 60) : start]
    named = re.search(
        r"\b((?:[\w-]+\s+)?(?:attacks|incidents|operations|fatalities|deaths|injuries))\s*\(\s*$",
        before,
    )
    if named:
        return re.sub(r"^(?:more|fewer|less|the|all)\s+", "", named.group(1).lower())
    if figures and get_patterns().comparison.search(text[figures[-1][1] : start]):
        return figures[-1][3]
    end = start + len(_COUNT_WORD.match(text[start:]).group(0))
    if _IN_PLACE.match(text[end:]):
        # "two were killed in Peshawar, three in Mardan": a breakdown by place repeats the
        # measure before it, or the one the sentence opens with ("Of the injured, eight were
        # in Peshawar").
        if figures and re.fullmatch(r"[^.;:]{0,40}?(?:,|\band\b)\s*", text[figures[-1][1] : start]):
            return figures[-1][3]
        opening = _OF_THE.match(text)
        if opening:
            return (
                "injuries" if opening.group(1).lower() in ("injured", "wounded") else "fatalities"
            )
    return None


_COUNT_WORD = re.compile(r"[\w,.]*")
_IN_PLACE = re.compile(r"\s+(?:were\s+|was\s+)?(?:in|from)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}[A-Z]")
_OF_THE = re.compile(r"\s*(?:of|among)\s+the\s+(injured|wounded|dead|killed)\b", re.IGNORECASE)


def _noun_after(text: str, end: int) -> str:
    patterns = get_patterns()
    match = patterns.statistic_noun.match(text[end:])
    if not match:
        return ""
    modifiers = match.group(1).strip().lower()
    words = [w for w in modifiers.split() if w not in patterns.statistic_fillers]
    return " ".join([*words, match.group(2).lower()])


def _casualty_measure(noun: str, outcome: str, text: str, end: int) -> str:
    if noun in ("", "people") or noun.endswith(("fatalities", "deaths", "injuries", "casualties")):
        return noun or ("fatalities" if outcome == "killed" else "injuries")
    return f"{noun} {outcome}"


def _period(text: str, position: int, published: date | None) -> str | None:
    best: tuple[int, str] | None = None
    for match in get_patterns().year_period.finditer(text):
        year = match.group(1) or match.group(2)
        if year is None and re.search(
            r"the\s+(?:past\s+|last\s+)?year|this\s+year|of\s+the\s+year|annual|year-end",
            match.group(0),
            re.I,
        ):
            year = str(published.year) if published else None
        elif year is None and re.search(r"last\s+year", match.group(0), re.I):
            year = str(published.year - 1) if published else None
        if year is None:
            continue
        # "compared with 2023, when 1,533 fatalities were recorded": the year a figure follows.
        distance = (
            position - match.end() if match.end() <= position else 3 * (match.start() - position)
        )
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _scope(sentence: SentenceInfo, position: int) -> str | None:
    places = [e for e in sentence.entities if e[3] in _SCOPE_KINDS and e[0] < position]
    return places[-1][2] if places else None
