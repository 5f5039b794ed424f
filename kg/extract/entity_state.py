"""The per-document state the entity rules share: token lists, accepted hits, output.

A :class:`DocState` holds plain lists of token attributes (built once per document from a
per-word cache, since indexing a ``Doc`` builds a ``Token`` object every time), the hits the
passes have accepted (at most one per token) and what they learn on the way. The literal-name
pass and the output live here; the other passes are mixins in
:mod:`kg.extract.entity_places` and :mod:`kg.extract.entity_names`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress
from typing import Any

import numpy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, IDX, ORTH
from spacy.tokens import Doc

from kg.core.model import PLACE_KINDS
from kg.extract.components import sentence_bounds
from kg.extract.gazetteer import normalize_surface
from kg.extract.patterns import get_patterns

_FREE_RULES = frozenset(("exact", "any"))

# Confidence of spans the rules add; a literal lexicon match has 0.95-1.0.
CONF_FACILITY = 0.85
CONF_ACRONYM = 0.8
CONF_PERSON = 0.75
CONF_METONYM = 0.75
CONF_SURNAME = 0.7
CONF_DEMONYM = 0.7
CONF_GROUP = 0.6
CONF_REFERENCE = 0.6
CONF_LOCALITY = 0.5


@dataclass(frozen=True)
class MintedEntity:
    """What the component knows of an entity that no lexicon holds."""

    label: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True)
class Candidate:
    key: str
    kind: str
    confidence: float
    rule: str  # "exact" | "cap" | "any" | "cue": how the alias must look (kg.extract.entities)


@dataclass(eq=False)
class Hit:
    start: int
    end: int
    key: str
    kind: str
    confidence: float
    rule: str = "any"
    generic: str | None = None  # the generic force word ("soldiers") the hit was read from


# Key prefix of a generic force word before the document's country resolves it.
_GENERIC = "generic:"


def generic_key(word: str) -> str:
    """The placeholder key of a generic force word ("soldiers"), until its country is known.

    >>> generic_key("Security forces")
    'generic:security forces'
    """
    return _GENERIC + word.lower()


def indices(
    items: tuple[str, ...], words: str | Iterable[str], start: int = 0, stop: int | None = None
) -> list[int]:
    """Indices in ``items[start:stop]`` of ``words`` (one string or a few), in order.

    ``tuple.index`` scans in C; for a few words that is far cheaper than a Python loop over
    every token.

    >>> indices(("a", "(", "b", ")", "("), "(", 1)
    [1, 4]
    """
    stop = len(items) if stop is None else stop
    found: list[int] = []
    if stop <= start:
        return found
    for word in (words,) if isinstance(words, str) else words:
        i = start
        while True:
            try:
                i = items.index(word, i, stop)
            except ValueError:
                break
            found.append(i)
            i += 1
    if len(found) > 1:
        found.sort()
    return found


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_surface(text)).strip("-")


class DocState:
    """One document's pass: token attributes as lists, accepted hits, and what the rules learn."""

    def __init__(self, doc: Doc, recognizer: Any):
        self.doc, self.r, self.cues = doc, recognizer, recognizer.cues
        # Plain lists, filled from a per-word cache: indexing a Doc builds a Token object every time.
        words, strings = recognizer.words, doc.vocab.strings
        rows = (
            [
                words.get(orth) or recognizer.word(orth, strings)
                for orth in doc.to_array(ORTH).tolist()
            ]
            if len(doc)
            else []
        )
        self.n = len(rows)
        # One transpose in C rather than a list comprehension per column (the passes only read
        # these, so they stay tuples).
        text, lower, name, cap = zip(*rows, strict=True) if rows else ((), (), (), ())
        self.text, self.lower, self.name = text, lower, name
        self.caps = list(compress(range(self.n), cap))
        self.sent = [0] * self.n  # index of each token's sentence start
        if doc.has_annotation("SENT_START"):
            for start, end, _, _ in sentence_bounds(doc, keep=False):
                self.sent[start:end] = [start] * (end - start)
        self.hits: list[Hit] = []
        self.owner: list[Hit | None] = [None] * self.n
        self.minted: dict[str, MintedEntity] = {}
        self.acronyms: dict[str, str] = {}
        self.inside: list[Hit] = []
        self.titles: list[tuple[int, int]] = []
        self.refs: list[tuple[int, int, str]] = []
        self.facilities: list[tuple[int, int, str]] = []
        for match_id, start, end in recognizer.cue_matcher(doc):
            group, value = recognizer.cue_kinds[match_id]
            if group == "title":
                self.titles.append((start, end))
            elif group == "ref":
                self.refs.append((start, end, value))
            else:
                self.facilities.append((start, end, value))

    # -- bookkeeping ----------------------------------------------------------------------
    def free(self, start: int, end: int) -> bool:
        return 0 <= start < end <= self.n and all(self.owner[i] is None for i in range(start, end))

    def accept(self, hit: Hit) -> None:
        self.hits.append(hit)
        for i in range(hit.start, hit.end):
            self.owner[i] = hit

    def drop(self, hit: Hit) -> None:
        self.hits.remove(hit)
        for i in range(hit.start, hit.end):
            if self.owner[i] is hit:
                self.owner[i] = None

    def preceding(self, before: int, kinds: Iterable[str]) -> Hit | None:
        """The accepted hit of one of ``kinds`` that ends last before token ``before``."""
        i = before - 1
        while i >= 0:
            hit = self.owner[i]
            if hit is not None:
                if hit.kind in kinds:
                    return hit
                i = hit.start
            i -= 1
        return None

    def where(self, words: str | Iterable[str], start: int = 0) -> list[int]:
        """Indices (from ``start``) of the tokens whose lower-case form is ``words`` or one of
        them, in order: a rule that reads only such tokens skips the rest of the document in C
        rather than testing each token in a Python loop."""
        return indices(self.lower, words, start, self.n)

    def lower_at(self, i: int) -> str:
        return self.lower[i] if 0 <= i < self.n else ""

    def sentence_text_has(self, i: int, words: frozenset[str]) -> bool:
        start = self.sent[i]
        j = start
        while j < self.n and self.sent[j] == start:
            if self.lower[j] in words:
                return True
            j += 1
        return False

    # -- 1. literal names -----------------------------------------------------------------

    def match_names(self) -> None:
        best: dict[tuple[int, int], Candidate] = {}
        candidates = self.r.candidates
        for matcher in (self.r.orth_matcher, self.r.lower_matcher):
            for match_id, start, end in matcher(self.doc):
                for cand in candidates[match_id]:
                    old = best.get((start, end))
                    if (old is None or cand.confidence > old.confidence) and (
                        cand.rule in _FREE_RULES or self._rule_holds(cand.rule, start, end)
                    ):
                        best[(start, end)] = cand
        # Titles such as "superintendent of police" hide the force inside them.
        hidden = {i for s, e in self.titles if e - s > 1 for i in range(s, e)}
        for (start, end), cand in sorted(
            best.items(), key=lambda item: (item[0][0] - item[0][1], item[0][0])
        ):
            hit = Hit(start, end, cand.key, cand.kind, cand.confidence, cand.rule)
            if cand.kind in PLACE_KINDS and self._joined_on(start):
                continue
            if self.free(start, end) and not hidden.issuperset(range(start, end)):
                self.accept(hit)
            elif cand.kind in PLACE_KINDS:
                self.inside.append(hit)
        self._drop_wire_credits()
        self._resolve_generic_forces()

    def _joined_on(self, start: int) -> bool:
        """Whether the words at ``start`` end a name joined with "-i-", "-e-", "-ul-" ("Kart-i-
        Parwan", "Bagh-e-Jinnah"): there the place's name is only part of another name."""
        return (
            start >= 3
            and self.text[start - 1] == "-"
            and self.text[start - 3] == "-"
            and self.lower[start - 2] in self.cues["name_particles"]
            and not self.doc[start - 3].whitespace_
            and not self.doc[start - 1].whitespace_
        )

    def _drop_wire_credits(self) -> None:
        """Drop an actor read from a wire service's dateline credit: in "Quetta, Nov 3 (PTI)"
        or "KABUL (AFP) --" the acronym is the agency that filed the report, not the party or
        group of that name. An agency listed under its own name keeps it."""
        credits = self.cues.get("wire_credits") or frozenset()
        credited: set[str] = set()
        for hit in list(self.hits):
            start, end = hit.start, hit.end
            if (
                end - start == 1
                and self.lower[start] in credits
                and self.lower_at(start - 1) == "("
                and self.lower_at(end) == ")"
                and self._dateline_before(start - 1)
            ):
                credited.add(self.lower[start])
                if not self._names_agency(hit):
                    self._credit_agency(hit)
        if not credited:
            return
        # The agency the dateline credits, named again: its sign-off at the end of a paragraph
        # ("... deplorable. PTI") or as the one told or asking ("told PTI", "When PTI asked").
        told = self.cues.get("agency_told_before") or frozenset()
        asking = self.cues.get("agency_verbs_after") or frozenset()
        for hit in list(self.hits):
            start, end = hit.start, hit.end
            if end - start != 1 or self.lower[start] not in credited or self._names_agency(hit):
                continue
            if (
                self._signs_off(start)
                or self.lower_at(start - 1) in told
                or self.lower_at(end) in asking
            ):
                self._credit_agency(hit)

    def _credit_agency(self, hit: Hit) -> None:
        """Read ``hit``, a credit whose letters another entry also has ("PTI", a party), as
        the agency that credit stands for (``wire_agencies``); drop it where none is listed."""
        agencies = self.cues.get("wire_agencies") or {}
        entry = self.r.lexicon.entry(str(agencies.get(self.lower[hit.start], "")))
        if entry is None:
            self.drop(hit)
            return
        hit.key, hit.kind = entry.key, entry.kind

    def _names_agency(self, hit: Hit) -> bool:
        """Whether the entry ``hit`` resolved to is the agency itself ("Xinhua", "Reuters")."""
        entry = self.r.lexicon.entry(hit.key)
        label = entry.label.lower() if entry is not None else ""
        return self.lower[hit.start] in label.split() or label == self.lower[hit.start]

    def _signs_off(self, i: int) -> bool:
        """Whether token ``i`` stands alone after a sentence's end and closes its paragraph."""
        closes = i + 1 >= self.n or "\n" in self.text[i + 1] or "\n" in self.doc[i].whitespace_
        return closes and self.text[i - 1] in (".", '"', "\u201d", "'") if i > 0 else False

    def _dateline_before(self, i: int) -> bool:
        """Whether token ``i`` ends a dateline: a day or month ("Nov 3", "Jan. 30") or a
        place in capitals ("QUETTA", "KARACHI, Pakistan")."""
        prev = self.text[i - 1] if i > 0 else ""
        low = prev.lower().rstrip(".")
        if prev.isdigit() or low in get_patterns().month_numbers:
            return True
        j = i - 1
        while j >= 0 and self.sent[j] == self.sent[i] and j >= i - 4:
            if len(self.text[j]) > 2 and self.text[j].isupper() and self.text[j].isalpha():
                return True
            j -= 1
        return False

    def _resolve_generic_forces(self) -> None:
        """Give each generic force word ("soldiers", "police") the force it means in the
        document's country (pack.yaml ``forces``); drop it where no country settles that."""
        pending = [h for h in self.hits if h.key.startswith(_GENERIC)]
        if not pending:
            return
        country = self.force_country()
        words = {w.lower(): k for w, k in self.r.forces.get(country, {}).items()}
        local: dict[str, str | None] = {}
        for hit in pending:
            word = hit.key[len(_GENERIC) :]
            entry = self.r.lexicon.entry(words.get(word, ""))
            if entry is None:
                self.drop(hit)
                continue
            if entry.key not in local:
                local[entry.key] = self._local_force(entry.key)
            key = local[entry.key] or entry.key
            kind = entry.kind
            if word in self.cues["rank_and_file_words"]:
                own = self._own_force(hit, key)
                if own is not None:
                    key, kind = own.key, own.kind
            hit.key, hit.kind, hit.generic = key, kind, word
        self._drop_source_forces(pending)

    def _own_force(self, hit: Hit, army: str) -> Hit | None:
        """The named force whose "soldiers" a report means when it never names the army and
        calls that force's men soldiers: after "two Levies soldiers died", "the soldiers"
        are the Levies' (the nearest such force named before the word, else after it); None
        when the army is named or no force is named so."""
        lexicon, police = self.r.lexicon, self.cues["police_umbrellas"]
        forces = []
        for other in self.hits:
            if other.kind != "StateForce" or other.generic is not None:
                continue
            if other.key == army:
                return None
            entry = lexicon.entry(other.key)
            if entry is None or entry.generic or other.key.startswith(_GENERIC):
                continue
            chain, seen = entry, set()
            while chain is not None and chain.parent and chain.parent not in seen:
                seen.add(chain.parent)
                if chain.parent in police:
                    break
                chain = lexicon.entry(chain.parent)
            else:
                if self.lower_at(other.end) in self.cues["rank_and_file_words"]:
                    forces.append(other)
        if not forces:
            return None
        forces.sort(key=lambda f: f.start)
        before = [f for f in forces if f.start < hit.start]
        return before[-1] if before else min(forces, key=lambda f: f.start)

    def _drop_source_forces(self, generic: list[Hit]) -> None:
        """Drop a force read only from generic words that only give the news: in "two
        people were hurt, police said" the police report the attack and take no part in
        it. A force the text also names, or that acts once, stays."""
        by_key: dict[str, list[Hit]] = {}
        for hit in generic:
            if hit in self.hits:
                by_key.setdefault(hit.key, []).append(hit)
        for key, hits in by_key.items():
            named = any(h.key == key and h.generic is None for h in self.hits)
            if not named and all(self._gives_news(h) for h in hits):
                for hit in hits:
                    self.drop(hit)

    def _gives_news(self, hit: Hit) -> bool:
        """Whether a name stands as the source of what is told: before a verb of saying
        ("police said", "police have confirmed") or after "according to"."""
        verbs, fillers = self.cues["source_verbs"], self.cues["verb_fillers"]
        i = hit.end + (self.lower_at(hit.end) == ",")
        while i < self.n and i < hit.end + 3 and self.lower[i] in fillers:
            i += 1
        if self.lower_at(i) in verbs:
            return True
        i = hit.start - 1
        if self.lower_at(i) in ("the", "local"):
            i -= 1
        leads = self.cues["source_leads"]
        return self.lower_at(i) in leads or f"{self.lower_at(i - 1)} {self.lower_at(i)}" in leads

    def _local_force(self, umbrella: str) -> str | None:
        """The regional force a generic word means: "police" in a report that names the
        Sindh Police is the Sindh Police.

        The regional forces are the umbrella's members with a jurisdiction; the one the text
        names most often wins. When the text names none, the force of the province the
        report is mostly about, if only one of the umbrella's members serves it ("police"
        in a report from Bannu is the Khyber Pakhtunkhwa Police); else None.
        """
        members = self._force_members(umbrella)
        if not members:
            return None
        keys = {k for ks in members.values() for k in ks}
        named: dict[str, int] = {}
        for hit in self.hits:
            if hit.key in keys:
                named[hit.key] = named.get(hit.key, 0) + 1
        if named:
            return max(named, key=named.__getitem__)
        province = self._main_province()
        serving = members.get(province, []) if province else []
        return serving[0] if len(serving) == 1 else None

    def _force_members(self, umbrella: str) -> dict[str, list[str]]:
        """The umbrella's regional forces by jurisdiction, read off the lexicon once per
        recognizer (a recognizer without the memo reads them every time)."""
        memo = getattr(self.r, "force_members", None)
        members = memo.get(umbrella) if memo is not None else None
        if members is None:
            members = {}
            for e in self.r.lexicon:
                if e.parent == umbrella and e.jurisdiction and e.kind == "StateForce":
                    members.setdefault(e.jurisdiction, []).append(e.key)
            if memo is not None:
                memo[umbrella] = members
        return members

    def _main_province(self) -> str | None:
        """The province the document's places lie in most often (None on a tie)."""
        votes: dict[str, int] = {}
        for hit in self.hits:
            if hit.kind not in PLACE_KINDS or not hit.key.startswith("place:"):
                continue
            for p in self.r.gazetteer.ancestors(hit.key):
                if p.kind == "Province":
                    votes[p.key] = votes.get(p.key, 0) + 1
            place = self.r.gazetteer.place(hit.key)
            if place is not None and place.kind == "Province":
                votes[place.key] = votes.get(place.key, 0) + 1
        if not votes:
            return None
        ranked = sorted(votes.values(), reverse=True)
        if len(ranked) > 1 and ranked[0] == ranked[1]:
            return None
        return max(votes, key=votes.__getitem__)

    def force_country(self) -> str | None:
        """The country whose forces the document's generic force words mean: of the countries
        a pack maps force words for, the one its places lie in, and its known actors come
        from, most often (a pack's default country first on a tie); None when nothing in
        the text points to one ("soldiers were killed in Mopti" names no force)."""
        votes: dict[str, int] = {}
        for hit in self.hits:
            if hit.kind in PLACE_KINDS:
                country = self.r.gazetteer.country_of(hit.key)
                key = country.key if country is not None else None
            else:
                key = self.r.home_countries.get(hit.key)
            if key in self.r.forces:
                votes[key] = votes.get(key, 0) + 1
        if not votes:
            return None
        defaults = self.r.default_countries
        return max(
            votes,
            key=lambda k: (votes[k], len(defaults) - defaults.index(k) if k in defaults else 0),
        )

    def _rule_holds(self, rule: str, start: int, end: int) -> bool:
        if rule in ("exact", "any"):
            return True
        if not any(self.text[i] != self.lower[i] for i in range(start, end)):
            return False
        if rule == "cap":
            return True
        # "cue": an ambiguous one-word name needs title case and a locative word or place noun,
        # or to head a paragraph with a colon ("Hub: ..." in a round-up told place by place).
        return (
            self.text[start].istitle()
            and (
                self.lower_at(start - 1) in self.cues["locative_words"]
                or self.lower_at(end) in self.cues["place_nouns"]
                or (self.lower_at(end) == ":" and (start == 0 or "\n" in self.text[start - 1]))
                # "District Headquarters Hospital Tank": an institution named after its town.
                or (
                    start > 0
                    and self.lower[start - 1] in self.cues["town_after_heads"]
                    and self.text[start - 1][:1].isupper()
                )
            )
        )

    def _department_of(self, actor: str, province: str) -> bool:
        """Whether an actor of the lexicon is a body of the province's own government (its
        jurisdiction the province, its parent a government serving it)."""
        entry = self.r.lexicon.entry(actor)
        if entry is None or entry.jurisdiction != province or not entry.parent:
            return False
        parent = self.r.lexicon.entry(entry.parent)
        return (
            parent is not None and parent.kind == "Government" and parent.jurisdiction == province
        )

    def nested_places(self) -> list[Hit]:
        """Places named inside an accepted site that lies in them ("Quetta" in "Quetta railway
        station"), the force named in a post's name, and the city a mission is in ("Tehran" in "the Pakistani embassy in Tehran")."""
        out = []
        for hit in self.inside:
            outer = self.owner[hit.start]
            if outer is None or outer.end < hit.end:
                continue
            if self.lower_at(outer.end - 1) in self.cues["crossing_nouns"]:
                continue  # "the Chaman border crossing": a gate in the frontier, not the town
            if hit.kind == "StateForce" and outer.kind == "Site":
                # "the Zam FC check post": the force manning the post, as the text spelled out
                # its acronym ("the Frontier Constabulary (FC)").
                taught = (
                    self.acronyms.get(self.text[hit.start]) if hit.end - hit.start == 1 else None
                )
                if taught is not None and any(h.key == taught for h in self.hits):
                    hit = Hit(hit.start, hit.end, taught, hit.kind, hit.confidence)
                out.append(hit)
                continue
            if outer.kind != "Site":
                # "the Pakistani embassy in Tehran": a mission names the city it sits in.
                if outer.kind == "Government" and self.lower_at(hit.start - 1) == "in":
                    out.append(hit)
                elif hit.kind == "Province" and self._department_of(outer.key, hit.key):
                    # "the Balochistan Home Department": a department of the province's
                    # government names the province.
                    out.append(hit)
                continue
            minted = self.minted.get(outer.key)
            if (minted is not None and minted.parent == hit.key) or any(
                a.key == hit.key for a in self.r.gazetteer.ancestors(outer.key)
            ):
                out.append(hit)
        return out

    # -- 2. facilities --------------------------------------------------------------------

    def write(self) -> None:
        doc = self.doc
        idx = doc.to_array(IDX).tolist() if self.n else []

        def chars(hit: Hit) -> tuple[int, int]:
            return idx[hit.start], idx[hit.end - 1] + len(self.text[hit.end - 1])

        hits = sorted(self.hits, key=lambda h: h.start)
        _set_entities(doc, hits)
        confidence = {chars(h): h.confidence for h in hits}
        nested = []
        for hit in self.nested_places():
            start, end = chars(hit)
            nested.append((start, end, hit.key, hit.kind))
            confidence[(start, end)] = hit.confidence
        used = {h.key for h in self.hits}
        doc._.kg_confidence = confidence
        doc._.kg_nested = nested
        doc._.kg_minted = {k: v for k, v in self.minted.items() if k in used}
        doc._.kg_acronyms = dict(self.acronyms)


_ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
_B, _I, _O = 3, 1, 2  # ENT_IOB values (Token.iob_strings())


def _set_entities(doc: Doc, hits: list[Hit]) -> None:
    """Write the hits as ``doc.ents``, token by token as ``Doc.set_ents`` does, in one array.

    ``doc.ents = spans`` builds two Span objects per entity and then visits every token in
    Python; this writes the same values (B/I with the kind and the key for an entity's tokens,
    O and no kind elsewhere, knowledge-base ids cleared on entities and kept elsewhere) through
    ``Doc.from_array``. The hits never overlap: each token has at most one owner.
    """
    if not len(doc):
        return
    strings = doc.vocab.strings
    rows = numpy.empty((len(doc), 4), dtype="uint64")
    rows[:, 0], rows[:, 1] = _O, 0
    rows[:, 2:] = doc.to_array([ENT_KB_ID, ENT_ID])  # kept where no entity is
    for hit in hits:
        rows[hit.start : hit.end] = (_I, strings.add(hit.kind), 0, strings.add(hit.key))
        rows[hit.start, 0] = _B
    doc.from_array(_ENT_ATTRS, rows)
