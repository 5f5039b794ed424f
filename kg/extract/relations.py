"""Relations the text states between entities: bordersWith, fundedBy, memberOf, opposes, targets.

- ``bordersWith``: "X shares borders with A and B", "X borders A", "X, a district
  bordering A"; "neighbouring A" (a country) links the article's own country to A.
- ``fundedBy``: a project's ``funded_by`` in the project lexicon, and "<project> ...
  funded/financed by <funder>" in one clause.
- ``memberOf``: a group's ``parent`` in the actor lexicon ("Majeed Brigade" -> BLA), and
  "its <group>" after a named group in the same sentence.
- ``opposes`` and ``targets``: from events, a group that attacks state forces or a
  government opposes them (and targets whatever it hit); forces that run an operation
  against a group oppose it.

``partOf`` between places comes from the gazetteer (each place Entity's ``parent``), so it
is not repeated here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from kg.core.model import Entity, EventRecord, Evidence, Relation
from kg.extract.caseless import Caseless, lowered
from kg.extract.clauses import doc_text, sentence_spans
from kg.extract.gazetteer import get_gazetteer
from kg.extract.lexicon import get_lexicon

__all__ = ["extract_relations", "main_country"]

# Read in every sentence with an entity: run on lower-cased text, and only where the word is.
_BORDER_CUE = Caseless(
    r"\b(?:share[sd]?|sharing|has|have|had)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+){0,2}?borders?\s+with\b"
    r"|\bborder(?:s|ed|ing)\b(?!\s+(?:areas?|regions?|districts?|town|crossing|security|police|force))",
    needs=("border",),
)
_NEIGHBOUR_CUE = Caseless(r"\bneighbou?ring\b", needs=("neighbo",))
_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:district|province|city|town|region|area|country)\s+(?:that\s+|which\s+)?$",
    re.IGNORECASE,
)
_FUNDED = re.compile(
    r"\b(?:funded|financed|bankrolled|backed|built|sponsored)\s+(?:\w+\s+){0,3}?by\s+$", re.I
)
_LIST_GAP = re.compile(r"^\s*(?:,|and|,\s*and|as\s+well\s+as)?\s*$", re.IGNORECASE)
_PLACE_OBJECTS = ("Country", "Province", "District")
_BORDER_KINDS = (*_PLACE_OBJECTS, "City")
_FUNDER_KINDS = ("Country", "Organization", "Government")


def extract_relations(
    doc: Doc, doc_id: str, entities: Iterable[Entity], events: Iterable[EventRecord]
) -> list[Relation]:
    """Return the relations stated in a processed document.

    Args:
        doc: the spaCy doc (sentences and entity spans).
        doc_id: the document id, for evidence.
        entities: the document's entities (from the entity component).
        events: the document's events.
    """
    entities = list(entities)
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(
        subject: str, predicate: str, obj: str, evidence: Evidence | None, confidence: float
    ) -> None:
        if subject and obj and subject != obj and (subject, predicate, obj) not in seen:
            seen.add((subject, predicate, obj))
            relations.append(Relation(subject, predicate, obj, evidence, confidence))

    country = main_country(entities)
    text = doc_text(doc)
    lower = lowered(text)  # one lower-casing for every cue search (kg.extract.caseless)
    for sent, sent_ents, _ in sentence_spans(doc):
        ents = [e for e in sent_ents if e.ent_id_]
        if not ents:
            continue
        # Each reader needs entities of some kinds; most sentences have none of them.
        kinds = [e.label_ for e in ents]
        groups = kinds.count("ArmedGroup")
        found = []
        if any(k in kinds for k in _BORDER_KINDS):
            found += [
                (s, "bordersWith", o, 0.8) for s, o in _borders(text, lower, sent, ents, country)
            ]
        if "Project" in kinds and any(k in kinds for k in _FUNDER_KINDS):
            found += [(s, "fundedBy", o, 0.8) for s, o in _funding(text, ents)]
        if groups >= 2:  # a member and the group it belongs to
            found += [(s, "memberOf", o, 0.7) for s, o in _membership(text, sent, ents)]
        if groups and any(k in kinds for k in _TARGET_KINDS):
            for subject, obj, kind in _stated_targets(text, lower, sent, ents):
                found.append((subject, "targets", obj, 0.6))
                if kind in ("StateForce", "Government"):
                    found.append((subject, "opposes", obj, 0.6))
        # Most sentences state no relation: make their evidence only when one does.
        evidence = _evidence(doc_id, sent) if found else None
        for subject, predicate, obj, confidence in found:
            add(subject, predicate, obj, evidence, confidence)
    lexicon = get_lexicon()
    for entity in entities:
        entry = lexicon.entry(entity.key)
        evidence = entity.mentions[0].evidence if entity.mentions else None
        if entry is None or evidence is None:
            continue
        if entry.funded_by:
            add(entity.key, "fundedBy", entry.funded_by, evidence, 0.9)
        if entry.parent and entity.kind == "ArmedGroup":
            add(entity.key, "memberOf", entry.parent, evidence, 0.9)
    kinds = {e.key: e.kind for e in entities}
    for event in events:
        for subject, predicate, obj in _from_event(event, kinds):
            add(subject, predicate, obj, event.evidence[0] if event.evidence else None, 0.6)
    return relations


def _evidence(doc_id: str, sent) -> Evidence:
    return Evidence(doc_id, sent.text, sent.start_char, sent.end_char)


def _borders(
    doc_text: str, doc_lower: str | None, sent, ents, country: str | None
) -> list[tuple[str, str]]:
    text, base = doc_text[sent.start_char : sent.end_char], sent.start_char
    lower = doc_lower[sent.start_char : sent.end_char] if doc_lower is not None else None
    pairs = []
    places = [e for e in ents if e.label_ in _BORDER_KINDS]
    for cue in _BORDER_CUE.finditer(text, lower):
        cue_start, cue_end = base + cue.start(), base + cue.end()
        before = [e for e in places if e.end_char <= cue_start]
        if not before:
            continue
        subject = before[0]
        for candidate in reversed(before):
            # "In Musakhail, a district bordering Punjab": the place the apposition describes.
            if _APPOSITION.search(text[candidate.end_char - base : cue_start - base]):
                subject = candidate
                break
        for obj in _listed_after(doc_text, places, cue_end):
            pairs.append((subject.ent_id_, obj.ent_id_))
    for cue in _NEIGHBOUR_CUE.finditer(text, lower):
        after = [e for e in places if e.start_char >= base + cue.end() and e.label_ == "Country"]
        if country and after and after[0].start_char - (base + cue.end()) <= 2:
            pairs.append((country, after[0].ent_id_))
    return pairs


def _listed_after(text: str, places, position: int) -> list:
    found = []
    for ent in places:
        if ent.start_char < position:
            continue
        gap = text[position : ent.start_char]
        if found and not _LIST_GAP.match(gap):
            break
        if not found and len(gap.strip()) > 0 and not re.fullmatch(r"\s*(?:the\s+)?", gap):
            break
        found.append(ent)
        position = ent.end_char
    return [e for e in found if e.label_ in _PLACE_OBJECTS]


def _funding(text: str, ents) -> list[tuple[str, str]]:
    pairs = []
    projects = [e for e in ents if e.label_ == "Project"]
    funders = [e for e in ents if e.label_ in _FUNDER_KINDS]
    for project in projects:
        for funder in funders:
            if funder.start_char > project.end_char and _FUNDED.search(
                text[max(project.end_char, funder.start_char - 40) : funder.start_char]
            ):
                pairs.append((project.ent_id_, funder.ent_id_))
    return pairs


def _membership(text: str, sent, ents) -> list[tuple[str, str]]:
    pairs = []
    groups = [e for e in ents if e.label_ == "ArmedGroup"]
    for i, group in enumerate(groups):
        before = text[max(sent.start_char, group.start_char - 6) : group.start_char]
        if _ITS.search(before) and i > 0 and groups[i - 1].ent_id_ != group.ent_id_:
            pairs.append((group.ent_id_, groups[i - 1].ent_id_))
        possessive = text[group.end_char : group.end_char + 3]
        if possessive.startswith(("'s ", "’s ")) and i + 1 < len(groups):
            following = groups[i + 1]
            if following.start_char - group.end_char <= 4 and following.ent_id_ != group.ent_id_:
                pairs.append((following.ent_id_, group.ent_id_))
    return pairs


def _stated_targets(text: str, lower: str | None, sent, ents) -> list[tuple[str, str, str]]:
    """ "The Baloch insurgency primarily targets projects linked to the CPEC": a group and what
    it attacks, said in general terms (no single incident needed)."""
    triples = []
    groups = [e for e in ents if e.label_ == "ArmedGroup"]
    if not groups:
        return triples
    objects = [e for e in ents if e.label_ in _TARGET_KINDS]
    for verb in _TARGET_VERB.finditer(text, lower, sent.start_char, sent.end_char):
        subject = next((g for g in reversed(groups) if g.end_char <= verb.start()), None)
        if subject is None or verb.start() - subject.end_char > 90:
            continue
        window_end = min(sent.end_char, verb.end() + 90)
        stop = _TARGET_STOP.search(text[verb.end() : window_end])
        if stop:
            window_end = verb.end() + stop.start()
        for obj in objects:
            if verb.end() <= obj.start_char and obj.end_char <= window_end:
                triples.append((subject.ent_id_, obj.ent_id_, obj.label_))
    return triples


# Run over one sentence of the whole text (pos, endpos), so no test of the whole text first.
_TARGET_VERB = Caseless(
    r"\b(?:target(?:s|ed|ing)?|attack(?:s|ed|ing)?(?:\s+on)?|strikes?|struck|hit(?:s|ting)?)\b"
)
_TARGET_KINDS = ("Project", "StateForce", "Government", "CivilianGroup", "Site")
_TARGET_STOP = re.compile(r"[;.]|\b(?:while|but|accusing|saying)\b")
_ITS = re.compile(r"\bits\s+$")


def _from_event(event: EventRecord, kinds: dict[str, str]) -> list[tuple[str, str, str]]:
    out = []
    perpetrator = event.perpetrator
    if not perpetrator:
        return out
    own = kinds.get(perpetrator)
    for target in event.targets:
        kind = kinds.get(target)
        if own == "ArmedGroup":
            out.append((perpetrator, "targets", target))
            if kind in ("StateForce", "Government"):
                out.append((perpetrator, "opposes", target))
        elif own == "StateForce" and kind == "ArmedGroup":
            out.append((perpetrator, "opposes", target))
    return out


def main_country(entities: Iterable[Entity]) -> str | None:
    """The country the article's places lie in, weighted by how often each is mentioned."""
    gazetteer = get_gazetteer()
    counts: dict[str, int] = {}
    for entity in entities:
        if not entity.is_place or not entity.mentions:
            continue
        country = gazetteer.country_of(entity.key)
        if country is not None:
            counts[country.key] = counts.get(country.key, 0) + len(entity.mentions)
    return max(counts, key=counts.get) if counts else None
