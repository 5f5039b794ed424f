"""One incident told twice in one article: a later sentence that restates it as another record.

A report often comes back to its incident in a sentence of its own ("the device went off as
the van passed", "police believe the driver was a suicide bomber"), with its day and place
but no toll of its own. When grouping leaves such a sentence as a record beside the incident
it restates, :func:`merge_restatements` folds it into that incident: same exact day, the same
kind (or one a less exact name of the other), the same town or site or one place inside the
other below the province, no toll (where the incident gives dead; a toll of 0 with no wounded
tells no dead of its own), no perpetrator or the incident's,
and no victim the incident lacks.
A record that could restate two incidents of the article is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from kg.core.model import EventRecord
from kg.core.taxonomy import generalises, taxonomy

__all__ = ["merge_restatements"]


def merge_restatements(
    records: list[EventRecord], places: Mapping[str, tuple[str, str | None]]
) -> list[EventRecord]:
    """Return ``records`` with each record that restates an earlier one folded into it.

    Args:
        records: one article's event records, in text order.
        places: place key -> (kind, parent key), for the article's places.
    """
    if len(records) < 2:
        return records
    kinds = {kind.name: generalises(kind.name) for kind in taxonomy()}
    absorbed: dict[int, int] = {}
    for i, told in enumerate(records):
        hosts = [j for j, host in enumerate(records[:i]) if _restates(told, host, places, kinds)]
        if len(hosts) == 1:
            absorbed[i] = hosts[0]
    if not absorbed:
        return records
    kept: dict[int, EventRecord] = {}
    for j, host in enumerate(records):
        if j in absorbed:
            continue
        extra = [e for i, to in absorbed.items() if to == j for e in records[i].evidence]
        seen = {(e.start, e.end) for e in host.evidence}
        more = [e for e in extra if (e.start, e.end) not in seen]
        kept[j] = replace(host, evidence=[*host.evidence, *more]) if more else host
    prefix = records[0].id.rsplit("/", 1)[0]
    return [replace(r, id=f"{prefix}/{n}") for n, r in enumerate(kept.values(), start=1)]


def _restates(told: EventRecord, host: EventRecord, places, kinds) -> bool:
    """True when ``told`` adds nothing to ``host`` but a sentence about it."""
    if told.background or host.background or told.fatalities:
        return False
    if told.fatalities == 0 and told.injured is not None:
        return False  # its own wounded and no dead: a toll the host may not tell
    if not host.fatalities:
        return False  # no dead in either: nothing tells which record is the incident
    if not told.date or told.date != host.date or len(told.date) != 10:
        return False
    if not (
        told.kind == host.kind
        or told.kind in kinds.get(host.kind, ())
        or host.kind in kinds.get(told.kind, ())
    ):
        return False
    if told.perpetrator is not None and told.perpetrator != host.perpetrator:
        return False
    if not set(told.targets) <= set(host.targets):
        return False
    return _same_spot(told.location, host.location, places)


def _same_spot(a: str | None, b: str | None, places) -> bool:
    """The same place, or one inside the other with the wider below its province."""
    if a is None or b is None:
        return False
    if a == b:
        # a town or a site: a district is told of each part of a round-up ("in the second
        # incident, a constable was shot dead") and a province or a country is no spot
        return len(_ancestors(a, places)) >= 3
    above_a, above_b = _ancestors(a, places), _ancestors(b, places)
    if b in above_a:
        wider = b
    elif a in above_b:
        wider = a
    else:
        return False
    return len(_ancestors(wider, places)) >= 2


def _ancestors(key: str, places) -> list[str]:
    found: list[str] = []
    current = places.get(key, (None, None))[1]
    while current is not None and current not in found and current != key:
        found.append(current)
        current = places.get(current, (None, None))[1]
    return found
