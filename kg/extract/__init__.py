"""The extraction API: one spaCy pipeline, a registry of extractors, Documents in, Extractions out.

The pipeline (:func:`build_nlp`) is a blank English spaCy pipeline with rank and
title abbreviations kept whole, paragraph-aware sentence splitting (``kg_sentences``), the entity
component (:mod:`kg.extract.entities`) and the event trigger matcher. Extractors then
read the processed doc, in the order they were registered:

- ``entities``: :func:`kg.extract.entities.collect_entities`;
- ``events``: :mod:`kg.extract.clauses` and :mod:`kg.extract.events`;
- ``statistics``: :mod:`kg.extract.statistics`;
- ``relations``: :mod:`kg.extract.relations`.

Every character offset points into ``document.content``. A document longer than
:data:`MAX_CHARS` is read up to that point (news articles are a few thousand
characters; a longer text is a dump, and reading it whole would not be bounded).

Example:
    >>> from datetime import date
    >>> from kg.core.model import Document
    >>> ex = extract(Document("d1", "Militants stormed a police station in Turbat on Saturday, killing four policemen.", published=date(2025, 1, 5)))
    >>> [(e.kind, e.date, e.fatalities) for e in ex.events]
    [('Attack', '2025-01-04', 4)]
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from typing import Protocol

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.core.errors import KgError
from kg.core.limits import MAX_CHARS
from kg.core.model import Document, Extraction
from kg.extract import components as _components
from kg.extract.caps import cap_extraction
from kg.extract.clauses import doc_text, find_dateline, read_clauses, sentence_spans
from kg.extract.config import ExtractorConfig, activated, data_for, iterate_within
from kg.extract.dates import dates_out_of_calendar
from kg.extract.events import build_events
from kg.extract.incidents import group_incidents
from kg.extract.relations import extract_relations, main_country
from kg.extract.restatements import merge_restatements
from kg.extract.site_places import place_sites
from kg.extract.statistics import (
    SentenceInfo,
    continues_aggregate,
    extract_statistics,
    is_aggregate,
    tells_incident_day,
)

__all__ = [
    "ExtractorConfig",
    "build_nlp",
    "extract",
    "extract_many",
    "Extractor",
    "UnknownExtractor",
    "register",
    "get",
    "available",
    "MAX_CHARS",
]

log = logging.getLogger(__name__)


class UnknownExtractor(KgError):
    """No extractor is registered under the name asked for."""


class Extractor(Protocol):
    """Reads a processed spaCy doc and adds what it finds to the Extraction."""

    name: str

    def extract(self, doc: Doc, extraction: Extraction) -> None: ...


_REGISTRY: dict[str, Callable[..., Extractor]] = {}


def register(name: str, factory: Callable[..., Extractor]) -> None:
    """Register an extractor factory under ``name``; it runs after those registered before it."""
    _REGISTRY[name] = factory
    _extractors.cache_clear()


def get(name: str, **config) -> Extractor:
    """Return a new extractor of the given name."""
    try:
        return _REGISTRY[name](**config)
    except KeyError:
        raise UnknownExtractor(f"No extractor {name!r}; available: {sorted(_REGISTRY)}") from None


def available() -> list[str]:
    """Names of the registered extractors, in the order they run."""
    return list(_REGISTRY)


def build_nlp(config: ExtractorConfig | None = None) -> Language:
    """Return the spaCy pipeline every extractor reads from, made once per config fingerprint.

    Args:
        config: the packs to read (default: the shipped ones and ``$KG_LEXICONS``'s).
    """
    return data_for(config).memo("nlp", _new_nlp)


def _new_nlp() -> Language:
    nlp = spacy.blank("en")
    _components.add_abbreviations(nlp)
    _components.add_components(nlp)
    try:
        from kg.extract.entities import add_entity_components
    except ImportError:  # pragma: no cover - the entity component ships with the package
        log.warning("kg.extract.entities is missing; extracting without entities")
    else:
        add_entity_components(nlp)
    nlp.add_pipe("kg_triggers")
    nlp.max_length = MAX_CHARS + 1
    # The pipeline, its lexicon, gazetteer and matchers (over a hundred thousand objects) live
    # as long as the process: moved out of the collector's generations, they are no longer
    # scanned by every full collection while documents are read (8% of the extraction's time).
    gc.freeze()
    return nlp


def extract(document: Document, config: ExtractorConfig | None = None) -> Extraction:
    """Extract entities, events, statistics and relations from one document.

    Args:
        document: the document; its ``content`` (title, blank line, body) is read.
        config: the packs to read (default: the shipped ones and ``$KG_LEXICONS``'s).

    Returns:
        An :class:`~kg.core.model.Extraction` whose offsets point into ``document.content``.
    """
    return next(extract_many([document], config=config))


def extract_many(
    documents: Iterable[Document],
    n_process: int = 1,
    batch_size: int = 32,
    config: ExtractorConfig | None = None,
) -> Iterator[Extraction]:
    """Extract from many documents, streaming them through ``nlp.pipe``.

    Args:
        documents: documents to read.
        n_process: worker processes (1 runs in this process).
        batch_size: documents per batch.
        config: the packs to read (default: the shipped ones and ``$KG_LEXICONS``'s).

    Yields:
        One Extraction per document, in input order.

    Raises:
        LexiconError: a pack folder is missing or one of its files is malformed.
    """
    config = config if config is not None else ExtractorConfig.from_env()
    data = data_for(config)
    nlp = build_nlp(config)
    if n_process > 1:
        # Workers run the whole extraction and return plain dataclasses: the extractors
        # cost more than the spaCy pipeline, and spaCy's own workers would have to
        # serialise every Doc (with its entity annotations) back to this process.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(n_process) as pool:
            work = partial(extract, config=config)
            yield from pool.imap(work, documents, chunksize=max(1, batch_size // n_process))
        return
    pairs = ((_make_doc(nlp, _readable(d)), d) for d in documents)
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    for doc, document in iterate_within(data, docs):
        with activated(data):
            extraction = _run(doc, document)
        yield extraction


def _make_doc(nlp: Language, content: str) -> Doc:
    """Tokenize ``content`` and keep it on the doc: ``Doc.text`` would rebuild it token by token."""
    doc = nlp.make_doc(content)
    doc.user_data["kg_text"] = content
    return doc


def _readable(document: Document) -> str:
    content = document.content
    if len(content) > MAX_CHARS:
        log.warning(
            "%s: reading the first %d of %d characters", document.id, MAX_CHARS, len(content)
        )
        cut = content.rfind("\n", 0, MAX_CHARS)
        content = content[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
    return content


def _run(doc: Doc, document: Document) -> Extraction:
    extraction = Extraction(document)
    with dates_out_of_calendar() as undated:
        for extractor in _extractors():
            extractor.extract(doc, extraction)
    extraction.warnings += [
        f"the date {phrase!r} falls outside the calendar; built without it" for phrase in undated
    ]
    extraction.warnings += cap_extraction(extraction)
    try:
        from kg.extract.entities import describe_keys
    except ImportError:  # pragma: no cover - the entity component ships with the package
        return extraction
    describe_keys(extraction)
    return extraction


@cache
def _extractors() -> tuple[Extractor, ...]:
    return tuple(get(name) for name in _REGISTRY)


class EntityExtractor:
    """Entities from the entity component's spans."""

    name = "entities"

    def extract(self, doc: Doc, extraction: Extraction) -> None:
        try:
            from kg.extract.entities import collect_entities
        except ImportError:  # pragma: no cover
            return
        extraction.entities = collect_entities(doc, extraction.document)


class EventExtractor:
    """Incidents, grouped from clauses with event triggers."""

    name = "events"

    def extract(self, doc: Doc, extraction: Extraction) -> None:
        document = extraction.document
        title_end = len(document.title) if document.title else 0
        body_start = title_end + 2 if document.title else 0
        text = doc_text(doc)
        dateline = find_dateline(text, body_start)
        state = {"aggregate": False}
        # Places finer than a country that the text names, outside the dateline: where a
        # day's incident is told.
        filed = range(*dateline) if dateline else range(0)
        named = {
            m.text
            for e in extraction.entities
            if e.is_place and e.kind != "Country"
            for m in e.mentions
            if m.start not in filed
        }

        def skip(sentence: str) -> bool:
            follows = state["aggregate"]
            aggregate = is_aggregate(sentence, follows_aggregate=follows)
            state["aggregate"] = continues_aggregate(sentence, aggregate, follows)
            # "Gunmen attacked a polio team in Kohat on Tuesday, the second day of a nationwide
            # drive": a sentence that opens no run of figures and names the day and the place
            # something happened tells an incident, whatever period or share it also names.
            return aggregate and (
                follows
                or not any(name in sentence for name in named)
                or not tells_incident_day(sentence)
            )

        moved = place_sites(extraction, text, dateline)
        clauses = read_clauses(doc, document.published, title_end, dateline, skip)
        if moved:
            for clause in clauses:
                clause.rename_places(moved)
        places = {e.key: (e.kind, e.parent) for e in extraction.entities if e.is_place}
        incidents = group_incidents(clauses, document.published, places)
        generic = frozenset(e.key for e in extraction.entities if getattr(e, "generic", False))
        extraction.events = merge_restatements(
            build_events(
                incidents, document.id, text, document.published, generic=generic, places=places
            ),
            places,
        )
        try:
            from kg.extract.entities import drop_background_umbrellas
        except ImportError:  # pragma: no cover - the entity component ships with the package
            return
        drop_background_umbrellas(extraction)


class StatisticsExtractor:
    """Aggregate figures: counts over a period, rates and shares."""

    name = "statistics"

    def extract(self, doc: Doc, extraction: Extraction) -> None:
        sentences = []
        for sent, sent_ents, _ in sentence_spans(doc):
            base = sent.start_char
            ents = [
                (e.start_char - base, e.end_char - base, e.ent_id_, e.label_)
                for e in sent_ents
                if e.ent_id_
            ]
            sentences.append(SentenceInfo(sent.text, base, ents))
        document = extraction.document
        country = main_country(extraction.entities)
        extraction.statistics = extract_statistics(
            sentences,
            document.id,
            document.published,
            country=country,
            headline_end=len(document.title) if document.title else 0,
        )


class RelationExtractor:
    """bordersWith, fundedBy, memberOf, opposes and targets."""

    name = "relations"

    def extract(self, doc: Doc, extraction: Extraction) -> None:
        extraction.relations = extract_relations(
            doc, extraction.document.id, extraction.entities, extraction.events
        )


# Built-ins, listed once, in the order they run.
register("entities", EntityExtractor)
register("events", EventExtractor)
register("statistics", StatisticsExtractor)
register("relations", RelationExtractor)
