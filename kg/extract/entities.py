"""spaCy components that find actors, places and projects, and the Entity records built from them.

:func:`add_entity_components` adds one component, ``kg_entities``, to a (blank English) pipeline.
After it, ``doc.ents`` holds spans whose ``label_`` is the ontology kind (``ArmedGroup``,
``District`` ...) and whose ``ent_id_`` is the entity key (``actor:bla``, ``place:pk-ba-kech``,
``person:<slug>`` ...). :func:`collect_entities` turns them into :class:`kg.core.model.Entity` records.

The component works in passes over plain token lists (:mod:`kg.extract.entity_state`, with the
passes of :mod:`kg.extract.entity_places` and :mod:`kg.extract.entity_names`), each cheap enough
for news at scale:

1. literal names from the lexicon and gazetteer (two PhraseMatchers: ORTH for acronyms such as
   ``BLA`` and ``FC``, LOWER for the rest, then a case check per alias);
2. facilities ("Karachi's airport", "the railway station") resolved to the city's site;
3. spelling slips before a place noun ("Ketch district" -> Kech District, lower confidence);
4. acronyms the text teaches ("Foo Bar Front (FBF)") and unknown groups by their head noun
   ("... Students Organization") or armed prefix ("Jaish al-Fursan");
5. people: after titles ("SSP Zohaib Mohsin"), in appositions ("X, a spokesman for ..."), from
   common given names and surnames, and later surname-only references ("Bugti");
6. capitals that act ("Islamabad accused ...") become their government or country;
7. demonyms ("Pakistani"), unknown localities ("the Dasht area", "near X") and references
   ("the group", "the city") to the nearest fitting entity; "the country" and "the provincial
   government" to the country and province the document is mostly about.

Keys of entities no lexicon holds: ``person:<slug>``, ``organization:<slug>``,
``armedgroup:<slug>``, and ``place:<parent id>-<slug>`` for sites. Cue words live in
``lexicons/entity_cues.yaml`` (a pack may add its own). Besides ``doc.ents`` the component sets ``doc._.kg_confidence``
(``{(start_char, end_char): confidence}``), ``doc._.kg_minted`` (``{key: MintedEntity}``),
``doc._.kg_nested`` (places named inside a site's name) and ``doc._.kg_acronyms``
(``{acronym: entity key or expansion}``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc

from kg.core.model import Document, Entity, Evidence, Extraction, Mention
from kg.core.packs import LexiconError
from kg.core.resources import lexicons_dir
from kg.extract.components import entity_spans, sentence_bounds
from kg.extract.entity_names import NameRules
from kg.extract.entity_places import PlaceRules
from kg.extract.entity_state import Candidate, DocState, MintedEntity, generic_key
from kg.extract.gazetteer import Gazetteer, get_gazetteer
from kg.extract.lexicon import Lexicon, get_lexicon

__all__ = [
    "add_entity_components",
    "collect_entities",
    "describe_keys",
    "EntityRecognizer",
    "MintedEntity",
    "COMPONENT",
    "load_cues",
]

COMPONENT = "kg_entities"
_SENTENCE_COMPONENTS = ("kg_paragraphs", "sentencizer", "senter", "parser")


def load_cues(packs: Iterable[Path] = ()) -> dict:
    """Read ``lexicons/entity_cues.yaml``, extended by each pack's ``entity_cues.yaml``.

    A pack's list adds to the list of the same name; its mapping adds to (and overrides
    entries of) the mapping of the same name.

    Raises:
        LexiconError: a file is not YAML, or a key holds another shape than the shipped one.
    """
    data = _read_cue_file(lexicons_dir() / "entity_cues.yaml")
    for pack in packs:
        path = Path(pack) / "entity_cues.yaml"
        if path.is_file():
            for key, value in _read_cue_file(path).items():
                old = data.get(key)
                if old is not None and type(old) is not type(value):
                    raise LexiconError(path, f"{key}: expected a {type(old).__name__}")
                if isinstance(value, list):
                    data[key] = [*(old or []), *value]
                elif isinstance(value, dict):
                    data[key] = {**(old or {}), **value}
                else:
                    data[key] = value
    return {
        k: frozenset(str(x).lower() for x in v) if isinstance(v, list) else v
        for k, v in data.items()
    }


def _read_cue_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(path, f"cannot read ({error})") from None
    if not isinstance(data, dict):
        raise LexiconError(path, "expected a mapping of cue names")
    return data


def _current():
    from kg.extract.config import current_data  # late: the config module loads this one

    return current_data()


def _alias_rule(alias: str, ambiguous: frozenset[str]) -> str:
    """How an alias must look in the text: exact capitals, some capital, any case, or a place cue."""
    uppers = sum(c.isupper() for c in alias)
    if " " not in alias and uppers >= 2 and not alias.istitle():
        return "exact"
    if alias.lower() in ambiguous:
        return "cue"
    return "cap" if uppers else "any"


def _variants(alias: str) -> set[str]:
    out = {alias}
    if "'" in alias:
        out.add(alias.replace("'", "\u2019"))
    if "-" in alias and " " in alias:
        out.add(alias.replace("-", "\u2013"))
    return out


class EntityRecognizer:
    """The ``kg_entities`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        lexicon: Lexicon | None = None,
        gazetteer: Gazetteer | None = None,
        forces: Mapping[str, Mapping[str, str]] | None = None,
        default_countries: tuple[str, ...] | None = None,
    ):
        data = _current()
        self.lexicon = lexicon if lexicon is not None else data.lexicon
        self.gazetteer = gazetteer if gazetteer is not None else data.gazetteer
        self.cues = data.cues
        # Country key -> generic force word -> actor key (pack.yaml "forces").
        self.forces = forces if forces is not None else data.forces
        self.default_countries = (
            default_countries if default_countries is not None else data.default_countries
        )
        # Actor key -> the country of the pack that lists it (a vote for the document's country).
        self.home_countries = data.home_countries
        self.generic_forces = frozenset(k for words in self.forces.values() for k in words.values())
        self.orth_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.candidates: dict[int, list[Candidate]] = {}
        self.cue_kinds: dict[int, tuple[str, str]] = {}
        # Per-word attributes by ORTH hash; it grows with the vocabulary, like the StringStore.
        self.words: dict[int, tuple[str, str, bool, bool]] = {}
        # Umbrella force key -> its regional members by jurisdiction, read off the lexicon once.
        self.force_members: dict[str, dict[str, list[str]]] = {}
        self._build(nlp)

    def word(self, orth: int, strings: StringStore) -> tuple[str, str, bool, bool]:
        """``(text, lower, could be part of a name, starts with a capital)`` of a word, cached."""
        text = strings[orth]
        low = text.lower()
        cap = text[:1].isupper()
        name = (
            cap
            and text.isalpha()
            and not (len(text) > 1 and text.isupper())
            and low not in self.cues["non_name_words"]
            and low not in STOP_WORDS
        )
        row = self.words[orth] = (text, low, name, cap)
        return row

    def _build(self, nlp: Language) -> None:
        ambiguous = self.cues["ambiguous_places"]
        names: list[tuple[str, Candidate]] = []
        for entry in self.lexicon:
            for i, alias in enumerate(entry.names):
                names.append(
                    (
                        alias,
                        Candidate(
                            entry.key,
                            entry.kind,
                            1.0 if i == 0 else 0.95,
                            _alias_rule(alias, ambiguous),
                        ),
                    )
                )
        # Generic force words mean a force only once the document's country is known
        # (kg.extract.entity_state resolves them after the literal names).
        for word in dict.fromkeys(w for words in self.forces.values() for w in words):
            cand = Candidate(generic_key(word), "StateForce", 0.95, _alias_rule(word, ambiguous))
            names.append((word, cand))
        for surface, key, conf in self.gazetteer.surfaces():
            kind = self.gazetteer.place(key).kind
            names.append((surface, Candidate(key, kind, conf, _alias_rule(surface, ambiguous))))
        tables: dict[str, dict[str, list[Candidate]]] = {"x": {}, "l": {}}
        for alias, cand in names:
            for variant in _variants(alias):
                table, text = (
                    (tables["x"], variant)
                    if cand.rule == "exact"
                    else (tables["l"], variant.lower())
                )
                bucket = table.setdefault(text, [])
                if all((c.key, c.rule) != (cand.key, cand.rule) for c in bucket):
                    bucket.append(cand)
        for prefix, matcher in (("x", self.orth_matcher), ("l", self.lower_matcher)):
            texts = list(tables[prefix])
            for text, pattern in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
                label = f"kg{prefix}:{text}"
                self.candidates[nlp.vocab.strings.add(label)] = tables[prefix][text]
                matcher.add(label, [pattern])
        phrases = [("title", "", t) for t in self.cues["titles"]]
        phrases += [("ref", kind, p) for kind, ps in self.cues["references"].items() for p in ps]
        phrases += [("facility", f, p) for f, ps in self.cues["facilities"].items() for p in ps]
        phrases += [
            ("ref", "province:" + word, p) for p, word in self.cues["provincial_references"].items()
        ]
        # Bodies with a province as jurisdiction, by (province key, word of the label).
        self.provincial: dict[tuple[str, str], str] = {}
        for entry in self.lexicon:
            place = self.gazetteer.place(entry.jurisdiction) if entry.jurisdiction else None
            if place is not None and place.kind == "Province":
                for word in entry.label.lower().split():
                    self.provincial.setdefault((place.key, word), entry.key)
        for group, value, phrase in phrases:
            label = f"kgc:{group}:{value}:{phrase}"
            self.cue_kinds[nlp.vocab.strings.add(label)] = (group, value)
            self.cue_matcher.add(label, [nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        state = _State(doc, self)
        for step in (
            state.match_names,
            state.drop_namesake_towns,
            state.match_facilities,
            state.match_named_sites,
            state.match_force_posts,
            state.match_led_sites,
            state.match_fuzzy_places,
            state.match_acronyms,
            state.match_groups,
            state.match_people,
            state.resolve_metonyms,
            state.match_demonyms,
            state.match_localities,
            state.match_district_towns,
            state.match_references,
        ):
            step()
        state.write()
        return doc


for _name in ("kg_confidence", "kg_minted", "kg_acronyms", "kg_nested"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class _State(NameRules, PlaceRules, DocState):
    """One document's pass, with every rule."""


@Language.factory(COMPONENT)
def _make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(nlp)


def add_entity_components(nlp: Language) -> None:
    """Add the entity component to a pipeline, after its sentence splitter if it has one.

    Args:
        nlp: a (blank English) pipeline; the new component sets ``doc.ents``.
    """
    if COMPONENT in nlp.pipe_names:
        return
    splitters = [name for name in nlp.pipe_names if name in _SENTENCE_COMPONENTS]
    if splitters:
        nlp.add_pipe(COMPONENT, after=splitters[-1])
    else:
        nlp.add_pipe(COMPONENT)


def collect_entities(doc: Doc, document: Document) -> list[Entity]:
    """Turn the entity spans of a processed document into one :class:`Entity` per key.

    Every admin ancestor of every place found is added too, with no mentions, so the graph can
    link District -> Province -> Country.

    Args:
        doc: the spaCy doc made from ``document.content`` by a pipeline with the entity component.
        document: the document it was made from (its id goes into every Evidence).

    Returns:
        Entities in order of first mention, then the ancestors.
    """
    lexicon, gazetteer = get_lexicon(), get_gazetteer()
    confidence = doc._.kg_confidence or {}
    minted = doc._.kg_minted or {}
    content = _content(doc, document)
    sentences = (
        [(s[2], s[3]) for s in sentence_bounds(doc)] if doc.has_annotation("SENT_START") else []
    )
    if not sentences:
        sentences = [(0, len(content.rstrip()))]
    starts = [s for s, _ in sentences]
    found = [
        (e.start_char, e.end_char, e.ent_id_, e.label_) for e in entity_spans(doc) if e.ent_id_
    ]
    found += doc._.kg_nested or ()
    found.sort()
    entities: dict[str, Entity] = {}
    evidences: dict[int, Evidence] = {}
    for start, end, key, kind in found:
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = _new_entity(key, kind, lexicon, gazetteer, minted)
            entity.confidence = 0.0
        sentence = max(0, bisect_right(starts, start) - 1)
        evidence = evidences.get(sentence)
        if evidence is None:
            s_start, s_end = sentences[sentence]
            evidence = evidences[sentence] = Evidence(
                document.id, content[s_start:s_end], s_start, s_end
            )
        text = content[start:end]
        entity.mentions.append(Mention(text, start, end, evidence))
        entity.confidence = max(entity.confidence, confidence.get((start, end), 1.0))
        if text not in entity.aliases:
            entity.aliases = (*entity.aliases, text)
    for entity in list(entities.values()):
        if entity.is_place:
            chain = gazetteer.ancestors(entity.key)
            if entity.key not in gazetteer and entity.parent in gazetteer:
                chain = [gazetteer.place(entity.parent), *gazetteer.ancestors(entity.parent)]
            for ancestor in chain:
                if ancestor.key not in entities:
                    entities[ancestor.key] = _new_entity(
                        ancestor.key, ancestor.kind, lexicon, gazetteer, minted
                    )
    _add_referenced(entities, lexicon, gazetteer, minted)
    return list(entities.values())


def _add_referenced(entities: dict[str, Entity], lexicon: Lexicon, gazetteer, minted) -> None:
    """Add the lexicon parents and funders of the actors found, with no mentions.

    The graph links an actor to its parent (memberOf) and funder (fundedBy) by key; without an
    entity of its own such a key would reach the graph with no label or kind.
    """
    pending = [e.key for e in entities.values() if not e.is_place]
    while pending:
        entry = lexicon.entry(pending.pop())
        for ref in (entry.parent, entry.funded_by) if entry is not None else ():
            if not ref or ref in entities:
                continue
            known = lexicon.entry(ref) or gazetteer.place(ref)
            if known is None:
                continue
            entities[ref] = _new_entity(ref, known.kind, lexicon, gazetteer, minted)
            pending.append(ref)


# Kinds of keys no lexicon holds, by their prefix (see the module docstring).
_PREFIX_KINDS = {
    "person": "Person",
    "organization": "Organization",
    "armedgroup": "ArmedGroup",
    "place": "Site",
}


def describe_keys(extraction: Extraction) -> None:
    """Add a mention-less Entity for every key the events, statistics and relations use
    that no entity of the extraction describes yet (a lexicon funder, a gazetteer area)."""
    lexicon, gazetteer = get_lexicon(), get_gazetteer()
    known = {e.key for e in extraction.entities}
    events = {e.id for e in extraction.events}
    used: list[str | None] = []
    for event in extraction.events:
        used += [event.location, event.perpetrator, *event.targets]
    for stat in extraction.statistics:
        used += [stat.scope, stat.source]
    for relation in extraction.relations:
        used += [relation.subject, relation.object]
    used += [e.parent for e in extraction.entities]
    for key in used:
        if not key or key in known or key in events or ":" not in key:
            continue
        place, entry = gazetteer.place(key), lexicon.entry(key)
        kind = place.kind if place else entry.kind if entry else None
        kind = kind or _PREFIX_KINDS.get(key.split(":", 1)[0])
        if kind is None:
            continue
        entity = _new_entity(key, kind, lexicon, gazetteer, {})
        extraction.entities.append(entity)
        known.add(key)
        # A gazetteer place brings its admin chain, as the places the text names do.
        for ancestor in gazetteer.ancestors(key) if place else ():
            if ancestor.key not in known:
                extraction.entities.append(
                    _new_entity(ancestor.key, ancestor.kind, lexicon, gazetteer, {})
                )
                known.add(ancestor.key)


def _content(doc: Doc, document: Document) -> str:
    """The text the doc was made from; ``Doc.text`` rebuilds it token by token, so prefer the document's."""
    content = document.content
    if (
        len(doc)
        and doc[-1].idx + len(doc[-1].text_with_ws) == len(content)
        and content.startswith(doc[0].text)
    ):
        return content
    return doc.text


def _new_entity(
    key: str, kind: str, lexicon: Lexicon, gazetteer: Gazetteer, minted: dict
) -> Entity:
    place = gazetteer.place(key)
    if place is not None:
        return Entity(
            key,
            place.label,
            place.kind,
            wikidata=place.wikidata,
            parent=place.parent,
            lat=place.lat,
            lon=place.lon,
        )
    entry = lexicon.entry(key)
    if entry is not None:
        return Entity(
            key,
            entry.label,
            entry.kind,
            wikidata=entry.wikidata,
            parent=entry.parent,
            generic=entry.generic,
        )
    info = minted.get(key)
    if info is not None:
        parent = gazetteer.place(info.parent) if info.parent else None
        return Entity(
            key,
            info.label,
            info.kind,
            parent=info.parent,
            lat=parent.lat if parent else None,
            lon=parent.lon if parent else None,
            from_lexicon=False,
        )
    return Entity(key, key.split(":", 1)[-1], kind, from_lexicon=False)


def drop_background_umbrellas(
    extraction: Extraction, cues: Mapping[str, Any] | None = None
) -> None:
    """Drop an umbrella armed group ("Baloch separatist groups") that the text only describes
    in background ("a long-running insurgency by Baloch separatists"): no event blames it and
    no mention calls it by a name of its own (the state's label "Fitna al-Hindustan" is one)."""
    words = frozenset((cues if cues is not None else _current().cues)["umbrella_group_words"])
    blamed = {e.perpetrator for e in extraction.events}
    kept = []
    for entity in extraction.entities:
        if (
            entity.generic
            and entity.kind == "ArmedGroup"
            and entity.key not in blamed
            and entity.mentions
            and all(words & set(m.text.lower().split()) for m in entity.mentions)
        ):
            continue
        kept.append(entity)
    extraction.entities = kept
