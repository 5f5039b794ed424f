"""Caps on what one document contributes to the graph, so memory stays bounded.

The input limits (:mod:`kg.core.limits`) bound the text; these bound what is found in it.
A document over a cap is still built, from what came first in it, and each cut is
reported as a warning that names the file.
"""

from __future__ import annotations

from kg.core.limits import MAX_EVIDENCE, MAX_MENTIONS, MAX_RECORDS
from kg.core.model import Extraction

__all__ = ["cap_extraction"]


def cap_extraction(
    extraction: Extraction,
    max_mentions: int = MAX_MENTIONS,
    max_records: int = MAX_RECORDS,
    max_evidence: int = MAX_EVIDENCE,
) -> list[str]:
    """Cut ``extraction`` to the caps, in place, and say what was cut.

    Every entity keeps its first mention (so none loses its evidence); the others are
    kept in order until ``max_mentions`` are. Events, statistics and relations keep
    their first ``max_records`` each, and each event its first ``max_evidence`` sentences.

    Returns:
        One message per cut, for the build's warnings.

    >>> from kg.core.model import Document, Entity, Mention, Evidence
    >>> ev = Evidence("d", "Kech.", 0, 4)
    >>> x = Extraction(Document(id="d", text="Kech."),
    ...                entities=[Entity("kech", "Kech", "District", [Mention("Kech", 0, 4, ev)] * 3)])
    >>> cap_extraction(x, max_mentions=2), len(x.entities[0].mentions)
    (['3 mentions of entities; kept the first 2'], 2)
    """
    notes = []
    total = sum(len(e.mentions) for e in extraction.entities)
    if total > max_mentions:
        budget = max_mentions - sum(1 for e in extraction.entities if e.mentions)
        for entity in extraction.entities:
            extra = min(max(budget, 0), max(len(entity.mentions) - 1, 0))
            entity.mentions = entity.mentions[: 1 + extra]
            budget -= extra
        kept = sum(len(e.mentions) for e in extraction.entities)
        notes.append(f"{total} mentions of entities; kept the first {kept}")
    for name in ("events", "statistics", "relations"):
        records = getattr(extraction, name)
        if len(records) > max_records:
            notes.append(f"{len(records)} {name}; kept the first {max_records}")
            setattr(extraction, name, records[:max_records])
    long = [event for event in extraction.events if len(event.evidence) > max_evidence]
    for event in long:
        event.evidence = event.evidence[:max_evidence]
    if long:
        notes.append(
            f"{len(long)} event(s) with more than {max_evidence} sentences of evidence; "
            f"kept the first {max_evidence} of each"
        )
    return notes
