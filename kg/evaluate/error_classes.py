"""Errors by class: what went wrong, counted, so the next fix is chosen from counts.

The classes follow how news reports of violence mislead an extractor:

- **place**: the event was put in the city of the *dateline* (where the story was filed),
  at a *hospital* or other place people were taken to or spoke from, in a *parent
  region* of the right place (the province for the district), or elsewhere;
- **extra events**: a *duplicate* of an incident the article already reported (a siege
  and the operation that ended it, a toll update), an event in an article that reports
  *no incident*, *a missed incident placed elsewhere* or *dated elsewhere* (the same
  error as its "missed" line, seen from the other side), a *background incident* the gold
  does not list, or another extra;
- **missed events**: found but put in the *wrong place* or on the *wrong date*
  (*dated to publication* when a follow-up's "Monday's blast" was missed), or not found;
- **toll**: the best figure *lower* or *higher* than the gold's best, or *missing*;
- **type**, **perpetrator**: what was given for what;
- **across articles** (with a build): reports of one incident left *unfused* (the matched
  reports of one gold incident lie in two or more fused incidents), or reports of several
  incidents *over-fused* (one fused incident joins matched reports of two or more); extra
  events, fused or not, are counted only as extras
  (:func:`kg.evaluate.scoring.fusion_errors`).

>>> errors = ErrorClasses()
>>> errors.add("place: dateline", "d1: Quetta for Kalat")
>>> errors.count("place: dateline")
1
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from kg.extract.words import get_words

__all__ = ["ErrorClasses", "dateline_of", "place_error", "toll_error"]

# "QUETTA, Pakistan (AP) —", "PESHAWAR:", "Islamabad, Mar 18 (PTI)": the capitalised place
# that opens the body.
_DATELINE = re.compile(r"\s*([A-Z][A-Za-z .'-]{2,40}?)\s*(?:,|:|\(|—|–|-\s)")


@dataclass
class ErrorClasses:
    """Counts of errors by class, with up to ``examples`` examples each."""

    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    keep: int = 5

    def add(self, name: str, example: str) -> None:
        self.counts[name] += 1
        if len(self.examples[name]) < self.keep:
            self.examples[name].append(example)

    def count(self, name: str) -> int:
        return self.counts[name]

    def merge(self, other: ErrorClasses) -> None:
        for name, n in other.counts.items():
            self.counts[name] += n
            room = self.keep - len(self.examples[name])
            self.examples[name].extend(other.examples[name][: max(room, 0)])

    def as_dict(self) -> dict:
        return {
            name: {"count": n, "examples": self.examples[name]}
            for name, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        }

    def format(self) -> str:
        """One line per class, most frequent first, with one example."""
        lines = ["errors by class:"] if self.counts else []
        for name, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            example = self.examples[name][0] if self.examples[name] else ""
            lines.append(f"  {n:4}  {name:34} e.g. {example}")
        return "\n".join(lines)


@cache
def _where_taken() -> re.Pattern:
    """Words in a place's name that say people were taken there or spoke there, not that
    the violence happened there: the extractor's own word classes (kg/lexicons/words)."""
    words = get_words()
    alternation = "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted({*words["where_taken"], *words["where_spoken"]}, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


def dateline_of(body: str) -> str | None:
    """The place a story was filed from, when its body opens with a dateline.

    >>> dateline_of("QUETTA, Pakistan (AP) — Gunmen stormed a post in Kalat.")
    'QUETTA'
    >>> dateline_of("Islamabad, Mar 18 (PTI) Pakistan said ...")
    'Islamabad'
    >>> dateline_of("Gunmen stormed a post.") is None
    True
    """
    match = _DATELINE.match(body)
    if not match:
        return None
    words = match.group(1).split()
    if not words or len(words) > 3 or not all(w[0].isupper() for w in words):
        return None
    return match.group(1)


def place_error(predicted: str | None, gold: str, *, dateline: str | None, is_parent: bool) -> str:
    """The class of a wrong place: dateline, where taken, parent region, missing or other.

    >>> place_error("Quetta", "Kalat", dateline="QUETTA", is_parent=False)
    'place: dateline'
    >>> place_error("Civil Hospital Quetta", "Mastung", dateline=None, is_parent=False)
    'place: hospital or where officials spoke'
    >>> place_error("Balochistan", "Kalat", dateline=None, is_parent=True)
    'place: parent region'
    """
    if predicted is None:
        return "place: missing"
    if dateline and predicted.casefold() == dateline.casefold():
        return "place: dateline"
    if _where_taken().search(predicted):
        return "place: hospital or where officials spoke"
    if is_parent:
        return "place: parent region"
    return "place: other place"


def toll_error(predicted: int | None, best: int | None) -> str | None:
    """The class of a wrong best toll, or None when it is right.

    >>> toll_error(20, 26), toll_error(30, 26), toll_error(None, 26), toll_error(26, 26)
    ('toll: lower than the best', 'toll: higher than the best', 'toll: missing', None)
    """
    if predicted == best:
        return None
    if predicted is None:
        return "toll: missing"
    if best is None:
        return "toll: given where the text has none"
    return "toll: lower than the best" if predicted < best else "toll: higher than the best"
