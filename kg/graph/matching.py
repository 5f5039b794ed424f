"""Deciding which event reports describe one incident, and what the incident's values are.

:func:`cluster_reports` groups the reports of different articles that describe the same
incident. Two reports are the same incident when they are *compatible* — same type family
(or an attack and the clash it became, with one toll, or an operation and the same
encounter blamed on the side it killed), dates within a window at compatible
precision, places equal or one inside the other (or two sites of one town on the same day,
two sites of one district giving one toll, a town known only by its province and a place
near it, two places a few km apart, one locality named two ways in two districts, a
fight of several days told by its mounting toll),
perpetrators equal, related by ``ckg:memberOf`` or one generic, different articles — and
*anchored* by a date plus a place or a shared participant (an undated editorial by its
kind, place and toll). Among compatible reports each report pairs with its unique best
match in every other article, mutually, and clusters grow only while all their members
stay compatible, so two incidents on one day in one province stay apart.
:func:`fuse_cluster` then chooses the incident's values and names the fields its sources
disagree on.

Everything here works on plain :class:`Report` values; :mod:`kg.graph.fusion` reads them from the
article graphs and writes the result.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from rdflib import URIRef
from rdflib.term import Node

from kg.core.dates import parse_partial_date
from kg.core.geo import distance_km
from kg.core.taxonomy import generalises, taxonomy
from kg.extract.words import get_words

__all__ = [
    "Report",
    "FusionContext",
    "Incident",
    "event_family",
    "paired_families",
    "date_interval",
    "dates_compatible",
    "places_compatible",
    "compatible",
    "affinity",
    "cluster_reports",
    "report_links",
    "merge_links",
    "candidate_pairs",
    "pairing_window",
    "running_reach",
    "nested_below_province",
    "comment_reach",
    "fuse_cluster",
    "Tolls",
    "fuse_tolls",
    "most_specific_date",
    "most_specific_kind",
    "most_common",
]

# Read once: event_family runs for every pair of reports fusion compares.
_FAMILY = {kind.name: kind.fusion_family for kind in taxonomy()}
# A report of the general kind may describe an incident another source reports more exactly.
_GENERALISES = {kind.name: generalises(kind.name) for kind in taxonomy()}
_BASIS_STRENGTH = {"claimed": 3, "stated": 2, "attributed": 1}
# An attack the defenders fought back is a clash to another source ("militants attacked the
# post; five were killed in the exchange of fire"): the kinds of one fight across two families.
_FIGHT = "Clash"
_FOUGHT_BACK = frozenset({"Attack", "Ambush"})
# Fusion compares reports of these families with each other, for that one fight.
_ARMED = frozenset({_FAMILY.get(_FIGHT), *(_FAMILY.get(k) for k in _FOUGHT_BACK)}) - {None}
# An operation a source may tell by the men it killed, as though they had done the fighting.
_OPERATION = "MilitaryOperation"
_TOLD_BY_THE_DEAD = frozenset({"Attack", _FIGHT})
# A follow-up story dates an incident by its own news (the siege that ended, the editorial's
# day): its date may lie this many days after the first report's.
FOLLOW_UP_DAYS = 2
# An undated report (an editorial, an analysis) comments on an incident of the days before
# its article appeared, up to this many.
COMMENT_DAYS = 7
# A town the gazetteer knows only by its province lies in some district of it: a place of
# that province this near it may be the same place told at another grain (about a district's
# reach).
NEAR_KM = 60.0
# A fight between tribes or gangs may go on for days, each report dating it by the day it
# tells of, its toll mounting: two such reports this many days apart may tell one fight.
RUNNING_DAYS = 7
# Two places of one province this near each other are one spot whatever the gazetteer's
# hierarchy says (a district split in two, a village placed in the district next door).
SPOT_KM = 10.0


def pairing_window(window_days: int) -> int:
    """How many days apart two exact dates may be for fusion to compare the reports at all."""
    return max(window_days, FOLLOW_UP_DAYS)


def running_reach(a_kind: str, b_kind: str, window_days: int) -> int:
    """How many days apart two exact dates of reports of these kinds may be for fusion to
    compare them at all: :func:`pairing_window`, or :data:`RUNNING_DAYS` for two clashes.

    >>> running_reach("Clash", "Clash", 1), running_reach("Clash", "Attack", 1)
    (7, 2)
    """
    window = pairing_window(window_days)
    return max(window, RUNNING_DAYS) if a_kind == b_kind == _FIGHT else window


@dataclass(frozen=True)
class Report:
    """One article's report of an incident, as read back from its named graph."""

    iri: URIRef
    source: URIRef  # the article
    kind: str
    date: str | None = None
    location: URIRef | None = None
    perpetrator: URIRef | None = None
    basis: str | None = None
    targets: frozenset[URIRef] = frozenset()
    fatalities: int | None = None  # the source's best figure (its latest)
    fatalities_max: int | None = None
    injured: int | None = None
    background: bool = False
    confidence: float | None = None
    fatalities_min: int | None = None  # the source's lowest figure, when it gave several
    published: str | None = None  # the article's publication date, "YYYY-MM-DD"
    acled: tuple[str | None, str | None] = (None, None)
    kept: tuple[tuple[URIRef, Node], ...] = ()


@dataclass(frozen=True)
class FusionContext:
    """What fusion knows beyond the reports: place and actor hierarchies, generic actors."""

    places: Mapping[URIRef, frozenset[URIRef]] = field(default_factory=dict)  # place -> ancestors
    actors: Mapping[URIRef, frozenset[URIRef]] = field(
        default_factory=dict
    )  # actor -> groups above
    generic: frozenset[URIRef] = frozenset()
    window_days: int = 1
    towns: frozenset[URIRef] = frozenset()  # places that are cities or towns
    # place -> (latitude, longitude), for the places whose position is known
    coordinates: Mapping[URIRef, tuple[float, float]] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Comparing reports
# ---------------------------------------------------------------------------


def event_family(kind: str) -> str:
    """Return the family of an event kind; reports of one incident share a family.

    >>> event_family("SuicideBombing"), event_family("Ambush"), event_family("MilitaryOperation")
    ('violence', 'violence', 'operation')
    """
    return _FAMILY.get(kind, kind)


def paired_families(kind: str) -> tuple[str, ...]:
    """The families of the reports fusion compares a report of ``kind`` with: its own, and
    for violence and operations both (one fight may be an attack to one source and a clash
    to another).

    >>> paired_families("Kidnapping"), paired_families("Ambush")
    (('kidnapping',), ('operation', 'violence'))
    """
    family = event_family(kind)
    return tuple(sorted(_ARMED)) if family in _ARMED else (family,)


def _pairing_group(kind: str) -> str:
    return "|".join(paired_families(kind))


@lru_cache(maxsize=4096)
def date_interval(value: str | None) -> tuple[date, date] | None:
    """Return the first and last day a date of any precision covers, or None.

    >>> date_interval("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> date_interval("2024-11-09")[0] == date_interval("2024-11-09")[1]
    True
    """
    found = parse_partial_date(value.strip() if value else None)
    return found.interval() if found is not None else None


def dates_compatible(a: str | None, b: str | None, window_days: int = 1) -> bool:
    """True when two dates may name the same day.

    Two days may be up to ``window_days`` apart (an overnight attack, a next-day report); a
    month or a year must contain the other date. A missing date is compatible with anything.

    >>> dates_compatible("2024-11", "2024-11-09"), dates_compatible("2024-11-09", "2024-11-10")
    (True, True)
    >>> dates_compatible("2024-10", "2024-11-01"), dates_compatible("2024-11-09", "2024-11-12")
    (False, False)
    """
    first = parse_partial_date(a.strip() if a else None)
    second = parse_partial_date(b.strip() if b else None)
    if first is None or second is None:
        return True
    return first.agrees(second, window_days)


def places_compatible(
    a: URIRef | None, b: URIRef | None, ancestors: Mapping[URIRef, frozenset]
) -> bool:
    """True when two places are the same, one lies inside the other, or one is unknown.

    >>> up = {"station": frozenset({"quetta", "balochistan"}), "kech": frozenset({"balochistan"})}
    >>> places_compatible("station", "balochistan", up), places_compatible("station", "kech", up)
    (True, False)
    """
    return a is None or b is None or _related(a, b, ancestors)


def _related(a, b, ancestors: Mapping) -> bool:
    return a == b or a in ancestors.get(b, ()) or b in ancestors.get(a, ())


def nested_below_province(a: URIRef | None, b: URIRef | None, ancestors: Mapping) -> bool:
    """True when one of two different places lies inside the other, and the wider one is
    below its province (a district or a town): a village and its district.

    >>> up = {
    ...     "village": frozenset({"district", "province", "country"}),
    ...     "district": frozenset({"province", "country"}),
    ...     "province": frozenset({"country"}),
    ... }
    >>> nested_below_province("village", "district", up), nested_below_province("district", "province", up)
    (True, False)
    """
    if a is None or b is None or a == b:
        return False
    if a in ancestors.get(b, ()):
        wider = a
    elif b in ancestors.get(a, ()):
        wider = b
    else:
        return False
    return len(ancestors.get(wider, ())) >= 2


def _kinds_agree(a: Report, b: Report) -> bool:
    """The same kind of incident, or one a less exact report of the other."""
    return (
        a.kind == b.kind
        or a.kind in _GENERALISES.get(b.kind, ())
        or b.kind in _GENERALISES.get(a.kind, ())
    )


def _perpetrators_compatible(a: Report, b: Report, ctx: FusionContext) -> bool:
    if a.perpetrator is None or b.perpetrator is None:
        return True
    if a.perpetrator in ctx.generic or b.perpetrator in ctx.generic:
        return True
    return (
        _related(a.perpetrator, b.perpetrator, ctx.actors)
        or _joint_forces(a, b, ctx)
        or _same_occurrence(a, b, ctx)
    )


def _joint_forces(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two operations credited to two forces of one service ("a joint raid by the police and
    the CTD": the police in one report, its counter-terrorism wing in another): the
    perpetrators are both members of one body, so the raid may be one."""
    if a.kind != _OPERATION or b.kind != _OPERATION:
        return False
    return bool(
        ctx.actors.get(a.perpetrator, frozenset()) & ctx.actors.get(b.perpetrator, frozenset())
    )


def _placed_same_day(a: Report, b: Report) -> bool:
    """Both reports placed, and dated to the same exact day."""
    return (
        a.location is not None
        and b.location is not None
        and a.date is not None
        and a.date == b.date
        and len(a.date) == 10
    )


def _next_day_same_toll(a: Report, b: Report) -> bool:
    """Both reports placed, dated to exact days one day apart, and giving the same death toll."""
    if a.location is None or b.location is None or a.fatalities is None:
        return False
    if a.fatalities != b.fatalities or a.date is None or b.date is None:
        return False
    if len(a.date) != 10 or len(b.date) != 10:
        return False
    first, second = date_interval(a.date)[0], date_interval(b.date)[0]
    return abs((first - second).days) == 1


def _same_occurrence(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Same day, same place, same kind of incident: one incident however it is blamed.

    Sources name perpetrators differently (a group's name in one, the state's label for it
    or "no claim yet" in another), so a naming disagreement becomes a flagged conflicting
    claim, not a second event. The place must be the same, or one inside the other below
    the province, and the kinds equal or one a less exact report of the other.
    """
    if not _placed_same_day(a, b):
        return False
    first, second = _namesake_pair(a.location, b.location, ctx) or (a.location, b.location)
    return _close_below_province(first, second, ctx) and _kinds_agree(a, b)


def _close_below_province(first: URIRef, second: URIRef, ctx: FusionContext) -> bool:
    """The same place or one close inside the other, the narrower below its province (a
    province or a country is too wide to be sure of one incident)."""
    if _place_score(first, second, ctx) < 2:
        return False
    narrower = first if first in ctx.places.get(second, ()) else second
    return len(ctx.places.get(narrower, ())) >= 2


def _sibling_sites(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two sites of one town, the same day, the same kind of incident: one incident told at
    different landmarks ("on Jail Road" in one report, "near Thandi Sarak" in another, the
    seminary under two names).

    The town must be below the district (a city, with its district, province and country
    above it) or a city, the day exact, and the kinds equal or one a less exact report of the other.
    """
    if not _placed_same_day(a, b):
        return False
    if not _kinds_agree(a, b):
        return False
    shared = _within(a.location, ctx) & _within(b.location, ctx)
    # A city with no district between it and its province (a capital territory) is a town too.
    return any(len(ctx.places.get(town, ())) >= 3 or town in ctx.towns for town in shared)


def _within(place: URIRef, ctx: FusionContext) -> set[URIRef]:
    """The places ``place`` lies in, and for a locality the gazetteer does not hold that a
    report put straight in a district, the town the district is named after: "a blast on
    Station Road in Sibi" read as the district in one report is a site of the town another
    report places it in."""
    above = set(ctx.places.get(place, ()))
    if place in ctx.coordinates or len(above) != 3:
        return above
    for district in tuple(above):
        town = _namesake_town(district, ctx)
        if town is not None and town != place and len(ctx.places.get(district, ())) == 2:
            above.add(town)
    return above


def _namesake_town(district: URIRef, ctx: FusionContext) -> URIRef | None:
    """The town a district is named after (``place:pk-ba-sibi-city`` of ``place:pk-ba-sibi``)."""
    town = URIRef(f"{district}-city")
    return town if district in ctx.places.get(town, ()) else None


def _district_sites(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two sites of one district, the same day, the same kind of incident and the same death
    toll given by both: one incident told at two landmarks ("at the border crossing" in one
    report, "in the pass" in another).

    Without an agreeing toll two incidents of one district and day stay apart.
    """
    if a.fatalities is None or a.fatalities != b.fatalities or a.kind != b.kind:
        return False
    if not _placed_same_day(a, b):
        return False
    shared = set(ctx.places.get(a.location, ())) & set(ctx.places.get(b.location, ()))
    return any(len(ctx.places.get(district, ())) >= 2 for district in shared)


def _district_unknown(place: URIRef, ctx: FusionContext) -> bool:
    """A town the gazetteer places directly in its province (with its country above), its
    district unknown."""
    return place in ctx.towns and len(ctx.places.get(place, ())) == 2


def _town_without_district(a: Report, b: Report, ctx: FusionContext) -> bool:
    """A town known only by its province and a place of that province below it, within
    :data:`NEAR_KM` of each other, the same day and the same kind of incident: the town lies
    in some district, perhaps the other report's ("in Ghotki" in one report and a village
    of the district in the next).
    """
    if not _placed_same_day(a, b) or not _kinds_agree(a, b):
        return False
    for town, other in ((a.location, b.location), (b.location, a.location)):
        if not _district_unknown(town, ctx) or len(ctx.places.get(other, ())) < 2:
            continue
        if not set(ctx.places.get(town, ())) <= set(ctx.places.get(other, ())):
            continue  # another province
        here, there = ctx.coordinates.get(town), ctx.coordinates.get(other)
        if here is not None and there is not None and distance_km(here, there) <= NEAR_KM:
            return True
    return False


def _one_spot(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two places below one province, within :data:`SPOT_KM` of each other, the same day and
    the same kind of incident: one spot, though the hierarchy holds them apart (a town in one
    report and, in another, the district it headed before the district was split).
    """
    if not _placed_same_day(a, b) or not _kinds_agree(a, b):
        return False
    above_a, above_b = set(ctx.places.get(a.location, ())), set(ctx.places.get(b.location, ()))
    if len(above_a) < 2 or len(above_b) < 2:
        return False  # a province or a country is no spot
    if not any(len(ctx.places.get(p, ())) == 1 for p in above_a & above_b):
        return False  # another province
    here, there = ctx.coordinates.get(a.location), ctx.coordinates.get(b.location)
    return here is not None and there is not None and distance_km(here, there) <= SPOT_KM


def _locality_name(place: URIRef, ctx: FusionContext) -> str | None:
    """A place's own name as its identifier gives it after the place it lies in
    (``kotla-saidan-adda`` in ``place:pk-kp-tank-kotla-saidan-adda``), or None when the
    identifier does not extend its parent's or the place is the town its district is named
    after."""
    text = str(place)
    parents = [str(p) for p in ctx.places.get(place, ()) if text.startswith(f"{p}-")]
    if not parents or _namesake_district(place, ctx) is not None:
        return None
    return text[len(max(parents, key=len)) + 1 :]


def _plain_name(name: str) -> str | None:
    """A name spelt plainly: without a landmark word at its end (:func:`_locality_suffixes`)
    or a number, doubled letters written once and the words run together, so that two
    spellings of one name agree ("Saidan", "Saiddan"); None when little is left.

    >>> _plain_name("kotla-saiddan-morr") == _plain_name("kotla-saidan")
    True
    """
    words = [w for w in name.split("-") if not w.isdigit()]
    suffixes = _locality_suffixes()
    while words and words[-1] in suffixes:
        words.pop()
    joined = "".join(words).replace("ee", "i").replace("oo", "u")
    plain = "".join(c for i, c in enumerate(joined) if i == 0 or c != joined[i - 1])
    return plain if len(plain) >= 4 else None


@lru_cache(maxsize=1)
def _locality_suffixes() -> frozenset[str]:
    return frozenset(w.lower() for w in get_words()["locality_suffix"])


def _one_locality(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two villages of one province that the gazetteer does not hold, each put in a
    district, named alike but for a landmark word or a spelling, both reports dated to a
    day and of the same kind of incident: one locality told two ways ("at Kotla Saidan
    Adda" in one report, "at Kotla Saiddan Morr" in another), though each report put it in
    a different district (a locality on the road between two district towns is told by
    either).

    The very same name in two districts is two places (many towns have a Saddar or a Model
    Town), and so are sites within towns and places the gazetteer holds (their positions
    tell how far apart they are).
    """
    if a.location is None or b.location is None or a.location == b.location:
        return False
    if a.date is None or b.date is None or len(a.date) != 10 or len(b.date) != 10:
        return False
    if not _kinds_agree(a, b) or a.location in ctx.coordinates or b.location in ctx.coordinates:
        return False
    above_a, above_b = ctx.places.get(a.location, ()), ctx.places.get(b.location, ())
    if len(above_a) != 3 or len(above_b) != 3:
        return False  # only a village in its district, its province and its country
    if any(p in ctx.towns for p in (*above_a, *above_b)):
        return False  # a site of a town
    if not any(len(ctx.places.get(p, ())) == 1 for p in set(above_a) & set(above_b)):
        return False  # another province
    first, second = _locality_name(a.location, ctx), _locality_name(b.location, ctx)
    if first is None or second is None or first == second:
        return False
    plain = _plain_name(first)
    return plain is not None and plain == _plain_name(second)


def _one_locality_two_grains(a: Report, b: Report, ctx: FusionContext) -> bool:
    """One locality the gazetteer does not hold, put by one report straight in its district
    and by another under a town of that district ("on Sarki Road" of the district in a first
    flash, of the town in the follow-up), named alike, both reports dated to the same day (or
    to days a day apart, giving one toll: a report that dates the incident "a day earlier"
    than another it tells) and of the same kind of incident: one place told at two grains.

    The same name under a town of another district, or under two towns, stays two places.
    """
    if a.location == b.location or not _kinds_agree(a, b):
        return False
    if not (_placed_same_day(a, b) or _next_day_same_toll(a, b)):
        return False
    if a.location in ctx.coordinates or b.location in ctx.coordinates:
        return False
    above_a, above_b = ctx.places.get(a.location, ()), ctx.places.get(b.location, ())
    wide, narrow = sorted((above_a, above_b), key=len)
    if len(wide) != 3 or len(narrow) != 4 or not set(wide) < set(narrow):
        return False  # a village of a district, and a village of a town of that district
    if not any(p in ctx.towns for p in set(narrow) - set(wide)):
        return False
    first, second = _locality_name(a.location, ctx), _locality_name(b.location, ctx)
    if first is None or second is None:
        return False
    plain = _plain_name(first)
    return plain is not None and plain == _plain_name(second)


def _unplaced(place: URIRef | None, ctx: FusionContext) -> bool:
    """A place no report could put anywhere: not in the gazetteer, nothing above it."""
    return place is not None and place not in ctx.coordinates and not ctx.places.get(place)


def _unplaced_spot(a: Report, b: Report, ctx: FusionContext) -> bool:
    """A locality no report could place in one report ("at Khan Kili" with no district) and a
    placed report of the same day, the same kind of incident and the same death toll: the
    locality may lie anywhere, so the day, the kind and the toll must all agree (and
    :func:`affinity` links the two only through an actor both name).
    """
    if a.location == b.location or not _placed_same_day(a, b) or not _kinds_agree(a, b):
        return False
    if a.fatalities is None or a.fatalities != b.fatalities:
        return False
    return _unplaced(a.location, ctx) != _unplaced(b.location, ctx)


def _one_fight(a: Report, b: Report, ctx: FusionContext) -> bool:
    """An attack in one report and a clash in the other, the same day at the same place (or
    one inside the other below the province) with the same death toll: one fight, told by one
    source as the attack and by the other as the exchange of fire that repelled it.

    The tolls may differ when both reports name the same victim (an attack on a post, and
    the exchange of fire at that post): one source counts the defenders who died, the other
    the attackers too.

    Without an agreeing toll or a shared victim an attack and a clash of one day and
    district stay two incidents (a raid can follow the attack it answers, its victims the
    attackers), and so do an attack by a group and a clash credited to the forces (the
    raid), even where one of them is a generic name.
    """
    kinds = {a.kind, b.kind}
    if _FIGHT not in kinds or not kinds - {_FIGHT} or not kinds - {_FIGHT} <= _FOUGHT_BACK:
        return False
    same_toll = a.fatalities is not None and a.fatalities == b.fatalities
    if not same_toll and not a.targets & b.targets:
        return False
    named = a.perpetrator is not None and b.perpetrator is not None
    if named and not _related(a.perpetrator, b.perpetrator, ctx.actors):
        return False
    if not _placed_same_day(a, b) or not _related(a.location, b.location, ctx.places):
        return False
    return _close_below_province(a.location, b.location, ctx)


def _one_encounter(a: Report, b: Report, ctx: FusionContext) -> bool:
    """An operation in one report and, in the other, an attack or a clash blamed on the
    very side the operation was against and naming no victim, the same day at the same place
    (or one inside the other below the province), both giving dead: one encounter, told by
    one source as the forces' raid and by another by the men who died in it ("six dacoits
    were gunned down in the katcha" in a first flash, "police killed eight dacoits in an
    encounter" the next day).

    A report naming neither who killed nor who died ("six killed near the town") is the raid
    when it gives the raid's very toll.

    An attack on someone (a post, a patrol) stays apart from the raid that answered it, and
    so do an attack without dead, one blamed on a side the operation was not against, and
    an unblamed one with another toll.
    """
    for raid, told in ((a, b), (b, a)):
        if raid.kind != _OPERATION or told.kind not in _TOLD_BY_THE_DEAD or told.targets:
            continue
        if told.perpetrator is None:
            if told.fatalities != raid.fatalities:
                continue
        elif not any(_related(told.perpetrator, t, ctx.actors) for t in raid.targets):
            continue
        if not (raid.fatalities and told.fatalities) or not _placed_same_day(a, b):
            continue
        first, second = _namesake_pair(a.location, b.location, ctx) or (a.location, b.location)
        if _close_below_province(first, second, ctx):
            return True
    return False


def comment_reach(report: Report) -> tuple[date, date] | None:
    """The first and last day an undated report may comment on: the :data:`COMMENT_DAYS`
    before its article appeared, and that day (None for a dated report or an undated article).
    """
    span = date_interval(report.published) if report.date is None else None
    if span is None:
        return None
    # An article dated in the first days of the calendar reaches back only to its start.
    first = span[0] - min(timedelta(days=COMMENT_DAYS), span[0] - date.min)
    return first, span[0]


def _comment(a: Report, b: Report, ctx: FusionContext) -> bool:
    """An undated report of the incident another source dated: an editorial or an analysis
    giving the same kind of incident and the same death toll, at the place or one inside the
    other below the province, in an article published within :data:`COMMENT_DAYS` of that day.
    """
    undated, dated = (a, b) if a.date is None else (b, a)
    if undated.date is not None or dated.date is None or len(dated.date) != 10:
        return False
    if a.fatalities is None or a.fatalities != b.fatalities or not undated.published:
        return False
    if not _kinds_agree(a, b):
        return False
    if a.location is None or b.location is None:
        return False
    if a.location != b.location and not nested_below_province(a.location, b.location, ctx.places):
        return False
    reach, day = comment_reach(undated), date_interval(dated.date)[0]
    return reach is not None and reach[0] <= day <= reach[1]


def _follow_up(a: Report, b: Report, ctx: FusionContext) -> bool:
    """A later story dated by its own news: the same kind of incident at the same place
    (or one inside the other below the province), its date up to :data:`FOLLOW_UP_DAYS`
    after the first report's, published no earlier, on the day it is dated or the next.

    A three-day siege told first by its start and then by the operation that ended it, or
    an editorial dated to the day it appeared, stays one incident.
    """
    if a.date is None or b.date is None or len(a.date) != 10 or len(b.date) != 10:
        return False
    if a.location is None or b.location is None:
        return False
    early, late = (a, b) if a.date <= b.date else (b, a)
    if not (early.published and late.published) or late.published < early.published:
        return False
    first, last, issued = (date_interval(r)[0] for r in (early.date, late.date, late.published))
    if (last - first).days > FOLLOW_UP_DAYS or not 0 <= (issued - last).days <= 1:
        return False
    if not _kinds_agree(a, b):
        return False
    return _related(a.location, b.location, ctx.places) and (
        _place_score(a.location, b.location, ctx) >= 2
    )


def _running_fight(a: Report, b: Report, ctx: FusionContext) -> bool:
    """Two clashes that no report blames on anyone, in one district, the later dated up to
    :data:`RUNNING_DAYS` after the earlier, published no earlier, with a higher toll: one
    fight between tribes or gangs that went on for days, told as it went ("two more were
    killed on Saturday, bringing the toll from four days of fighting to 13", then "the toll
    rose to 43 on the sixth day").

    A toll that does not mount, a named side, another district or a longer gap leaves two
    fights.
    """
    if a.kind != _FIGHT or b.kind != _FIGHT or a.perpetrator or b.perpetrator:
        return False
    if a.date is None or b.date is None or len(a.date) != 10 or len(b.date) != 10:
        return False
    if a.location is None or b.location is None or a.fatalities is None or b.fatalities is None:
        return False
    early, late = (a, b) if a.date <= b.date else (b, a)
    if not (early.published and late.published) or late.published < early.published:
        return False
    first, last = date_interval(early.date)[0], date_interval(late.date)[0]
    if not 0 < (last - first).days <= RUNNING_DAYS or late.fatalities <= early.fatalities:
        return False
    return bool(_districts(a.location, ctx) & _districts(b.location, ctx))


def _districts(place: URIRef, ctx: FusionContext) -> set[URIRef]:
    """The place itself or the place above it that lies just below its province."""
    return {p for p in (place, *ctx.places.get(place, ())) if len(ctx.places.get(p, ())) == 2}


def compatible(a: Report, b: Report, ctx: FusionContext) -> bool:
    """True when nothing rules out that two reports describe the same incident.

    Two reports from one article never do: the extractor already told them apart.
    """
    if a.source == b.source:
        return False
    if _running_fight(a, b, ctx):
        return True
    encounter = _one_encounter(a, b, ctx)
    return (
        (event_family(a.kind) == event_family(b.kind) or _one_fight(a, b, ctx) or encounter)
        and (dates_compatible(a.date, b.date, ctx.window_days) or _follow_up(a, b, ctx))
        and (
            places_compatible(a.location, b.location, ctx.places)
            or _sibling_sites(a, b, ctx)
            or _district_sites(a, b, ctx)
            or _town_without_district(a, b, ctx)
            or _one_spot(a, b, ctx)
            or _one_locality(a, b, ctx)
            or _one_locality_two_grains(a, b, ctx)
            or _unplaced_spot(a, b, ctx)
            or _namesake_pair(a.location, b.location, ctx) is not None
        )
        and (_perpetrators_compatible(a, b, ctx) or encounter)
    )


def _namesake_district(place: URIRef, ctx: FusionContext) -> URIRef | None:
    """The district a town shares its name with (``place:pk-kp-bannu-city`` in
    ``place:pk-kp-bannu``): a report "in Bannu" may mean the town or the whole district."""
    return _namesake_of(place, ctx.places)


def _namesake_of(place: URIRef, places: Mapping) -> URIRef | None:
    """:func:`_namesake_district` with the place hierarchy ``places``."""
    text = str(place)
    if not text.endswith("-city"):
        return None
    district = URIRef(text[: -len("-city")])
    return district if district in places.get(place, ()) else None


def _namesake_pair(
    a: URIRef | None, b: URIRef | None, ctx: FusionContext
) -> tuple[URIRef, URIRef] | None:
    """The two places, one read as the district it names, when that makes them related: a
    village of Bannu district and "Bannu" are one place told at two grains."""
    if a is None or b is None:
        return None
    for first, second in ((_namesake_district(a, ctx), b), (a, _namesake_district(b, ctx))):
        if first is not None and second is not None and _related(first, second, ctx.places):
            return first, second
    return None


def affinity(a: Report, b: Report, ctx: FusionContext) -> int:
    """Return how well two reports agree, or 0 when they cannot or need not be one incident.

    Exact agreement on place, date, type, perpetrator, targets and toll scores higher than
    agreement at a coarser level, so a report joins the incident it matches most closely.
    """
    if not compatible(a, b, ctx):
        return 0
    shared = bool(a.targets & b.targets) or (
        a.perpetrator is not None
        and b.perpetrator is not None
        and a.perpetrator not in ctx.generic
        and b.perpetrator not in ctx.generic
        and _related(a.perpetrator, b.perpetrator, ctx.actors)
    )
    dated = a.date is not None and b.date is not None
    placed = a.location is not None and b.location is not None
    if placed and not shared and a.location != b.location:
        # a locality no report placed is tied to a placed report only by a shared actor
        placed = not (_unplaced(a.location, ctx) or _unplaced(b.location, ctx))
    if not (
        (dated and (placed or shared))
        or (placed and a.location == b.location and shared)
        or _comment(a, b, ctx)
    ):
        return 0
    score = 2 if a.kind == b.kind else 1
    if placed:
        score += _place_score(a.location, b.location, ctx)
    if dated:
        score += 3 if a.date == b.date else 1
    if a.perpetrator is not None and a.perpetrator == b.perpetrator:
        score += 2
    score += min(2, len(a.targets & b.targets))
    # The same exact toll rarely coincides by chance; it ties a sub-incident ("six bodies
    # were found") to its own report rather than to the day's umbrella story.
    if a.fatalities is not None and a.fatalities == b.fatalities:
        score += 3
    # Of two otherwise equal matches, a report recalled as background pairs with the other
    # source's recalled incident, not with the news that source leads with (and news with news).
    return 2 * score + (a.background == b.background)


def _place_score(a: URIRef, b: URIRef, ctx: FusionContext) -> int:
    """3 for the same place, 2 when one lies inside the other below province level, else 1.

    A report placed in a district matches a report placed at a village of that district
    more closely than a province-wide umbrella report does.
    """
    if a == b:
        return 3
    if not _related(a, b, ctx.places):
        return 1  # two sites of one town
    general = a if a in ctx.places.get(b, ()) else b
    return 1 if len(ctx.places.get(general, ())) <= 1 else 2


def cluster_reports(reports: Iterable[Report], ctx: FusionContext) -> list[list[Report]]:
    """Group reports of the same incident; every report ends up in exactly one group.

    A pair is linked only if each is the other's unique best match in its article; links are
    taken best first, and two groups merge only if all their members are compatible.
    The result does not depend on the order of ``reports``.
    """
    ordered = sorted(set(reports), key=lambda r: str(r.iri))
    return merge_links(ordered, report_links(ordered, ctx), ctx)


def report_links(reports: Iterable[Report], ctx: FusionContext) -> list[tuple[int, Report, Report]]:
    """The links :func:`cluster_reports` merges along: ``(score, a, b)`` for each pair of
    reports that are each other's unique best match in the other's article.

    Whether two reports are linked depends only on their affinities to the reports of each
    other's article, so a changed article changes only the links of the reports near it
    (:mod:`kg.graph.incremental` relies on this).
    """
    families: dict[str, list[Report]] = defaultdict(list)
    for report in sorted(set(reports), key=lambda r: str(r.iri)):
        families[_pairing_group(report.kind)].append(report)
    links: list[tuple[int, Report, Report]] = []
    for members in families.values():
        links.extend(_mutual_best_links(members, ctx))
    return links


def merge_links(
    reports: Iterable[Report], links: Iterable[tuple[int, Report, Report]], ctx: FusionContext
) -> list[list[Report]]:
    """Group ``reports`` along ``links``, best link first, while all members stay compatible.

    Every report ends up in exactly one group. A group only grows along links, so the
    groups of one connected part of the links do not depend on the others.
    """
    ordered = sorted(set(reports), key=lambda r: str(r.iri))
    links = sorted(links, key=lambda link: (-link[0], str(link[1].iri), str(link[2].iri)))
    group = {r.iri: [r] for r in ordered}
    for _, a, b in links:
        ga, gb = group[a.iri], group[b.iri]
        if ga is gb or not all(compatible(x, y, ctx) for x in ga for y in gb):
            continue
        ga.extend(gb)
        for member in gb:
            group[member.iri] = ga
    unique = {id(g): g for g in group.values()}
    return sorted(
        (sorted(g, key=lambda r: str(r.iri)) for g in unique.values()), key=lambda g: str(g[0].iri)
    )


def _mutual_best_links(
    reports: list[Report], ctx: FusionContext
) -> list[tuple[int, Report, Report]]:
    scores: dict[tuple[URIRef, URIRef], int] = {}
    best: dict[tuple[URIRef, URIRef], dict[URIRef, int]] = defaultdict(dict)
    for a, b in candidate_pairs(reports, pairing_window(ctx.window_days), ctx.places):
        # One orientation per pair, so that links tied on score are taken in an order that
        # does not depend on how the candidate pairs were found.
        if str(a.iri) > str(b.iri):
            a, b = b, a
        score = affinity(a, b, ctx)
        if score:
            scores[a.iri, b.iri] = score
            best[a.iri, b.source][b.iri] = score
            best[b.iri, a.source][a.iri] = score

    def unique_best(x: Report, y: Report) -> bool:
        candidates = best[x.iri, y.source]
        top = max(candidates.values())
        return candidates[y.iri] == top and sum(s == top for s in candidates.values()) == 1

    by_iri = {r.iri: r for r in reports}
    return [
        (score, by_iri[a], by_iri[b])
        for (a, b), score in scores.items()
        if unique_best(by_iri[a], by_iri[b]) and unique_best(by_iri[b], by_iri[a])
    ]


def candidate_pairs(reports: list[Report], window_days: int, places: Mapping | None = None):
    """Yield, once each, the pairs of reports that :func:`affinity` could link.

    Two dated reports can only be linked when their dates are compatible, and a report
    without a date only to one at the very same place or to one of the days
    :func:`comment_reach` gives it at a place :func:`nested_below_province` with its own
    (``places`` maps each place to those it lies in), and two clashes up to
    :func:`running_reach` days apart; indexing the reports by day, by
    coarse date and by place finds those pairs without comparing every report with every
    other, so fusion grows with the number of reports per day, not with the corpus. A month-
    or year-dated report is paired only with the reports at places it may share an incident
    with (:func:`_coarse_pairs`), not with every report of its month or year.
    """
    by_day: dict[date, list[Report]] = defaultdict(list)
    coarse: list[tuple[Report, tuple[date, date]]] = []
    undated: list[Report] = []
    by_place: dict[URIRef, list[Report]] = defaultdict(list)
    for report in reports:
        span = date_interval(report.date)
        if span is None:
            undated.append(report)
        elif span[0] == span[1]:
            by_day[span[0]].append(report)
        else:
            coarse.append((report, span))
        if report.location is not None:
            by_place[report.location].append(report)
    for day, members in by_day.items():  # a day with itself and the next window_days days
        for i, a in enumerate(members):
            yield from ((a, b) for b in members[i + 1 :])
        for step in range(1, window_days + 1):
            if day > date.max - timedelta(days=step):  # 9999-12-31 has no next day
                break
            later = by_day.get(day + timedelta(days=step), ())
            yield from ((a, b) for a in members for b in later)
        fights = [a for a in members if a.kind == _FIGHT]
        for step in range(window_days + 1, running_reach(_FIGHT, _FIGHT, window_days) + 1):
            if not fights or day > date.max - timedelta(days=step):
                break
            later = [b for b in by_day.get(day + timedelta(days=step), ()) if b.kind == _FIGHT]
            yield from ((a, b) for a in fights for b in later)
    yield from _coarse_pairs(coarse, by_day, places)
    no_date = {id(r) for r in undated}
    for members in by_place.values():  # an undated report with the others at its place
        for i, a in enumerate(members):
            if id(a) in no_date:
                for j, b in enumerate(members):
                    if j != i and (j > i or id(b) not in no_date):
                        yield a, b
    if not places:
        return
    for a in undated:  # and with the days it may comment on, at a place inside or around its own
        reach = comment_reach(a)
        if a.location is None or reach is None:
            continue
        for step in range((reach[1] - reach[0]).days + 1):
            for b in by_day.get(reach[0] + timedelta(days=step), ()):
                if nested_below_province(a.location, b.location, places):
                    yield a, b


def _coarse_pairs(
    coarse: list[tuple[Report, tuple[date, date]]],
    by_day: Mapping[date, list[Report]],
    places: Mapping | None,
) -> Iterator[tuple[Report, Report]]:
    """The candidate pairs of each month- or year-dated report: with the reports of the days
    it contains and with the coarse reports it overlaps, once each.

    Such a pair can only be linked when its places may be one incident's
    (:func:`_meeting_places`): every rule that links places the hierarchy holds apart needs
    both dates to be exact days. So a placed coarse report is looked up only against the
    reports at those places and the unplaced ones, by day, and the pairs grow with the
    reports near it, not with every report of its month. Without ``places``, or for a report
    without a place or with a date of a day's length, every pair is yielded.
    """
    days_at = _by_place(
        ((day.toordinal(), b) for day, members in by_day.items() for b in members),
        key=lambda entry: entry[1].location,
    )
    coarse_at = _by_place(
        (
            (first.toordinal(), (i, last.toordinal(), b))
            for i, (b, (first, last)) in enumerate(coarse)
        ),
        key=lambda entry: entry[1][2].location,
    )
    longest = max(((last - first).days for _, (first, last) in coarse), default=0)
    meeting = _meeting_places(places, set(days_at) | set(coarse_at)) if places is not None else None
    for i, (a, (first, last)) in enumerate(coarse):
        if meeting is None or a.location is None or len(a.date) == 10:
            for step in range((last - first).days + 1):
                yield from ((a, b) for b in by_day.get(first + timedelta(days=step), ()))
            for b, (b_first, b_last) in coarse[i + 1 :]:
                if b_first <= last and first <= b_last:
                    yield a, b
            continue
        low, high = first.toordinal(), last.toordinal()
        for place in (*meeting(a.location), None):
            ordinals, members = days_at.get(place, ((), ()))
            for k in range(bisect_left(ordinals, low), bisect_right(ordinals, high)):
                yield a, members[k][1]
            ordinals, members = coarse_at.get(place, ((), ()))
            for k in range(bisect_left(ordinals, low - longest), bisect_right(ordinals, high)):
                j, b_last, b = members[k][1]
                if j > i and b_last >= low:
                    yield a, b


def _by_place(entries: Iterable[tuple[int, object]], key: Callable) -> dict:
    """``(day, value)`` entries grouped by ``key(entry)``, each group as (its days in order,
    its entries in that order), for looking up a span of days by bisection."""
    groups: dict = defaultdict(list)
    for entry in entries:
        groups[key(entry)].append(entry)
    found = {}
    for place, members in groups.items():
        members.sort(key=lambda entry: entry[0])
        found[place] = ([day for day, _ in members], members)
    return found


def _meeting_places(places: Mapping, present: set) -> Callable[[URIRef], set]:
    """For a place, the places of ``present`` that a report there may be one incident with
    when a date is not an exact day: itself, those it lies in or that lie in it
    (:func:`_related`), and those related through a town's namesake district
    (:func:`_namesake_pair`). Each place's set is made once."""
    below: dict = defaultdict(set)
    for inner, wider in places.items():
        for w in wider:
            below[w].add(inner)
    named_by: dict = defaultdict(set)  # district -> the towns of present named after it
    for town in present:
        district = _namesake_of(town, places) if town is not None else None
        if district is not None:
            named_by[district].add(town)

    def related(place) -> set:
        return {place, *places.get(place, ()), *below.get(place, ())}

    found: dict = {}

    def meeting(place) -> set:
        if place not in found:
            near = related(place)
            district = _namesake_of(place, places)
            if district is not None:
                near |= related(district)
            near |= {town for x in related(place) for town in named_by.get(x, ())}
            found[place] = near & present
        return found[place]

    return meeting


# ---------------------------------------------------------------------------
# Choosing fused values
# ---------------------------------------------------------------------------


def most_specific_date(dates: Iterable[str]) -> tuple[str | None, bool]:
    """Return the most specific date and whether the sources disagree.

    A coarser date that contains a finer one agrees with it; of several dates at the finest
    precision, the most frequent (then the earliest) wins and the disagreement is flagged.

    >>> most_specific_date(["2024-11", "2024-11-09", "2024-11-09"])
    ('2024-11-09', False)
    >>> most_specific_date(["2024-08-26", "2024-08-25", "2024-08-26"])
    ('2024-08-26', True)
    """
    values = [d for d in dates if date_interval(d) is not None]
    spans = {d: date_interval(d) for d in values}
    finest = [
        d
        for d in values
        if not any(
            o != d and spans[d][0] <= spans[o][0] and spans[o][1] <= spans[d][1] for o in spans
        )
    ]
    if not finest:
        return None, False
    counts = Counter(finest)
    choice = min(counts, key=lambda d: (-counts[d], spans[d][0], -len(d)))
    return choice, len(counts) > 1


def most_specific_kind(kinds: Iterable[str]) -> tuple[str, bool]:
    """Return the most specific event kind and whether the sources disagree.

    >>> most_specific_kind(["Attack", "SuicideBombing", "Bombing"])
    ('SuicideBombing', False)
    >>> most_specific_kind(["Ambush", "Bombing", "Bombing"])
    ('Bombing', True)
    """
    kinds = list(kinds)
    present = set(kinds)
    specific = [k for k in kinds if not _GENERALISES.get(k, set()) & present]
    counts = Counter(specific)
    return min(counts, key=lambda k: (-counts[k], k)), len(counts) > 1


def _deepest(places: Iterable[URIRef], ancestors: Mapping) -> tuple[URIRef | None, bool]:
    places = list(places)
    present = set(places)
    deepest = Counter(p for p in places if not any(p in ancestors.get(o, ()) for o in present))
    if not deepest:
        return None, False
    # Of places the hierarchy does not relate (two sites, a town and a district beside it),
    # the one named most often, then the one deepest in the hierarchy.
    choice = min(deepest, key=lambda p: (-deepest[p], -len(ancestors.get(p, ())), str(p)))
    return choice, len(deepest) > 1


def _perpetrator(
    cluster: list[Report], ctx: FusionContext
) -> tuple[URIRef | None, str | None, bool]:
    named = [r.perpetrator for r in cluster if r.perpetrator is not None]
    specific = [p for p in named if p not in ctx.generic] or named
    if not specific:
        return None, None, False
    counts = Counter(specific)
    choice = min(counts, key=lambda p: (-counts[p], str(p)))
    bases = [r.basis for r in cluster if r.perpetrator == choice and r.basis in _BASIS_STRENGTH]
    basis = max(bases, key=_BASIS_STRENGTH.__getitem__) if bases else None
    return choice, basis, len(counts) > 1


def most_common(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value, the first in text order on a tie."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


@dataclass
class Incident:
    """The values chosen for one incident, and the fields its sources disagree on."""

    kind: str
    date: str | None
    location: URIRef | None
    perpetrator: URIRef | None
    basis: str | None
    conflicts: list[str]
    key: str


@dataclass(frozen=True)
class Tolls:
    """An incident's death toll as UCDP gives it: the lowest claim, a best estimate, the highest."""

    low: int
    best: int
    high: int


def fuse_tolls(cluster: Iterable[Report]) -> Tolls | None:
    """Return the lowest, best and highest toll that the reports of one incident give.

    The best estimate is the figure of the most recently published report that is about
    the incident itself (a background mention only counts when nothing else gives a toll):
    early reports undercount, and ACLED likewise overwrites a toll as it mounts. Reports
    published the same day tie, and a tie goes to the lower figure.

    >>> a = Report(URIRef("urn:a"), URIRef("urn:d1"), "Bombing", fatalities=24, published="2024-11-09")
    >>> b = Report(URIRef("urn:b"), URIRef("urn:d2"), "Bombing", fatalities=26, published="2024-11-10")
    >>> fuse_tolls([a, b])
    Tolls(low=24, best=26, high=26)
    """
    tolls = [r for r in cluster if r.fatalities is not None]
    if not tolls:
        return None
    own = [r for r in tolls if not r.background] or tolls
    latest = max(r.published or "" for r in own)
    best = min(r.fatalities for r in own if (r.published or "") == latest)
    low = min(min(r.fatalities, r.fatalities_min or r.fatalities) for r in tolls)
    high = max(max(r.fatalities, r.fatalities_max or 0) for r in tolls)
    return Tolls(low, best, high)


def _told_by_the_dead(cluster: list[Report], ctx: FusionContext) -> list[Report]:
    """The reports of a cluster that give an operation of it as an attack or a clash by the
    side it was against, naming no victim (:func:`_one_encounter`): their kind and
    perpetrator are the men the raid killed, not the incident's."""
    against = [t for r in cluster if r.kind == _OPERATION for t in r.targets]
    return [
        r
        for r in cluster
        if r.kind in _TOLD_BY_THE_DEAD
        and r.perpetrator is not None
        and not r.targets
        and any(_related(r.perpetrator, t, ctx.actors) for t in against)
    ]


def fuse_cluster(cluster: list[Report], ctx: FusionContext) -> Incident:
    """Choose an incident's type, date, place and perpetrator from the reports of one cluster.

    An operation told by another source as the fight of the men it killed is the operation,
    by the forces that carried it out.
    """
    dead = _told_by_the_dead(cluster, ctx)
    voices = [r for r in cluster if r not in dead]
    kind, kind_conflict = most_specific_kind(r.kind for r in voices)
    kind_conflict = kind_conflict or bool(dead)
    when, date_conflict = most_specific_date(r.date for r in cluster if r.date)
    where, place_conflict = _deepest((r.location for r in cluster if r.location), ctx.places)
    who, basis, who_conflict = _perpetrator(voices, ctx)
    who_conflict = who_conflict or bool(dead)
    tolls = {
        (r.fatalities, max(r.fatalities, r.fatalities_max or 0))
        for r in cluster
        if r.fatalities is not None
    }
    injured = {r.injured for r in cluster if r.injured is not None}
    flags = {
        "fatalities": len(tolls) > 1,
        "injured": len(injured) > 1,
        "date": date_conflict,
        "location": place_conflict,
        "perpetrator": who_conflict,
        "type": kind_conflict,
    }
    key = "|".join(str(v or "") for v in (event_family(kind), when, where, who))
    return Incident(kind, when, where, who, basis, [f for f, on in flags.items() if on], key)
