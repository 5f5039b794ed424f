"""The typed records that pipeline stages pass to each other.

Extractors return these plain dataclasses and never touch RDF; only
:mod:`kg.graph.mapping` turns them into triples and mints IRIs. Entity and place
*keys* are stable identifiers: a lexicon id such as ``actor:bla`` or
``place:pk-ba-kech``, or ``<kind>:<normalised label>`` for something the
lexicons do not know.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from kg.core.taxonomy import taxonomy

__all__ = [
    "Document",
    "Mention",
    "Evidence",
    "Entity",
    "EventRecord",
    "Statistic",
    "Relation",
    "Extraction",
    "PLACE_KINDS",
    "ACTOR_KINDS",
    "EVENT_KINDS",
]

#: Ontology classes (local names under ``ckg:``) an entity may have.
ACTOR_KINDS = (
    "ArmedGroup",
    "StateForce",
    "Government",
    "CivilianGroup",
    "Person",
    "Organization",
)
PLACE_KINDS = ("Country", "Province", "District", "City", "Site")
EVENT_KINDS = tuple(kind.name for kind in taxonomy())  # kg/lexicons/taxonomy/event_kinds.tsv


@dataclass(frozen=True)
class Document:
    """One input article.

    ``text`` is the body; ``content`` (title, blank line, body) is what the
    extractor reads, and every character offset in an :class:`Evidence` or
    :class:`Mention` points into ``content``.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None

    @property
    def content(self) -> str:
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    @property
    def content_hash(self) -> str:
        """sha256 of the text and the metadata that extraction reads (a change means re-extract)."""
        meta = "\x1f".join(str(v or "") for v in (self.published, self.source, self.url))
        return hashlib.sha256(f"{meta}\x1e{self.content}".encode()).hexdigest()


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact came from, with its offsets in ``Document.content``."""

    doc_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity in a document."""

    text: str
    start: int
    end: int
    evidence: Evidence


@dataclass
class Entity:
    """An actor, place or project found in (or implied by) one document.

    Places carry their admin ``parent`` key; the parent itself is in the same
    :class:`Extraction` (with no mentions when the text never names it).
    """

    key: str
    label: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None
    confidence: float = 1.0
    from_lexicon: bool = True
    generic: bool = False  # an umbrella actor ("security forces") that names no specific group

    @property
    def is_place(self) -> bool:
        return self.kind in PLACE_KINDS


@dataclass
class EventRecord:
    """One incident as one document reports it."""

    id: str
    kind: str
    evidence: list[Evidence]
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    date: str | None = None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY": the precision the text allows
    date_text: str | None = None
    location: str | None = None  # entity key
    perpetrator: str | None = None  # entity key
    perpetrator_basis: str | None = None  # "claimed" | "attributed" | "stated"
    targets: list[str] = field(default_factory=list)  # entity keys
    fatalities: int | None = None  # lower bound
    fatalities_max: int | None = None
    injured: int | None = None
    background: bool = False
    trigger: str | None = None
    confidence: float = 0.5


@dataclass
class Statistic:
    """An aggregate figure such as "383 soldiers were killed in 2024"."""

    id: str
    measure: str
    value: int
    evidence: Evidence
    period: str | None = None  # "YYYY" or "YYYY-MM"
    scope: str | None = None  # place key
    source: str | None = None  # entity key of the body that published it
    confidence: float = 0.5


@dataclass
class Relation:
    """A typed link between two entities, e.g. ``fundedBy`` or ``bordersWith``."""

    subject: str
    predicate: str  # ontology property local name: partOf, bordersWith, fundedBy, opposes, memberOf, targets
    object: str
    evidence: Evidence | None = None
    confidence: float = 0.5


@dataclass
class Extraction:
    """Everything the extractor found in one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: What was left out of this document and why; the build reports each as a warning.
    warnings: list[str] = field(default_factory=list)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
