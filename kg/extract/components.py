"""spaCy components of the event extractor: sentences and event triggers.

``kg_sentences`` splits sentences as spaCy's sentencizer does, and also starts
a sentence after a blank line, or after a line break that follows
sentence-final punctuation or a short heading line; a line break inside
running text (hard-wrapped copy) is left alone. ``kg_triggers`` marks event
trigger phrases from
``triggers.jsonl`` (matched on lower-case text; the blank pipeline has no
lemmatizer, so inflections are listed) in ``doc.spans["kg_triggers"]``, each
span labelled with its lower-cased phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.extract.wordlists import get_wordlists

__all__ = [
    "TRIGGER_SPANS",
    "CUE_SPANS",
    "CUE_TYPES",
    "add_abbreviations",
    "add_components",
    "split_sentences",
    "doc_text",
    "sentence_bounds",
    "entity_spans",
    "EntitySpan",
]

#: The ``doc.spans`` key holding trigger spans.
TRIGGER_SPANS = "kg_triggers"
#: The ``doc.spans`` key holding cue spans, labelled with their cue type.
CUE_SPANS = "kg_cues"
#: Cue types (``cues.tsv``) the component marks.
CUE_TYPES = (
    "habitual",
    "response",
    "claim",
    "attribution",
    "umbrella",
    "reaction",
    "separate",
    "hedge",
)
_HEADING_MAX_CHARS = 80
_FINAL = ".!?:\"\u201d'\u2019)"


def add_abbreviations(nlp: Language) -> None:
    """Keep ranks and titles ("Lt.", "Brig.", "Govt.") as one token so they do not end sentences."""
    for abbreviation in get_wordlists().abbreviations:
        for form in {abbreviation, abbreviation.upper()}:
            nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


def add_components(nlp: Language) -> None:
    """Add the sentence splitter (``kg_sentences``) if the pipeline has none."""
    if "kg_sentences" not in nlp.pipe_names:
        nlp.add_pipe("kg_sentences")


@Language.component("kg_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Mark sentence starts: after sentence-final punctuation, a blank line or a heading line.

    The punctuation rule is spaCy's sentencizer's (the first token that is not
    punctuation after a full stop, question or exclamation mark starts a sentence),
    run on a string of one letter per token rather than on token objects; abbreviations
    such as "Lt." are single tokens and never end a sentence.
    """
    n = len(doc)
    if n == 0:
        return doc
    text = doc_text(doc)
    starts = _punctuation_starts(doc)
    if "\n" in text:
        starts += _paragraph_starts(text, doc.to_array(IDX).tolist())
    # SENT_START is stored as uint64: -1 ("not a start") wraps around, as in Doc.to_array.
    values = numpy.full((n, 1), -1, dtype="int64").astype("uint64")
    values[starts] = 1
    doc.from_array([SENT_START], values)
    return doc


def _punctuation_starts(doc: Doc) -> list[int]:
    """The sentencizer's rule, read off a string with one letter per token.

    The loop form is: a final mark (".", "!", "?") sets a flag, and the next token that is
    neither punctuation, space nor a final mark starts a sentence and clears the flag. With
    tokens written as ``f`` (final mark), ``p`` (punctuation or space) and ``r`` (the rest),
    that is a regular token preceded by a run of ``f``/``p`` holding an ``f``; one regex scan
    finds them all. The letter of each word is cached by ORTH.
    """
    kinds = _token_kinds(doc.vocab)
    letters = "".join(
        [kinds.get(orth) or _kind(doc.vocab, orth) for orth in doc.to_array(ORTH).tolist()]
    )
    return [0, *(match.end() for match in _SENTENCE_END.finditer(letters))]


_SENTENCE_END = re.compile(r"f[fp]*(?=r)")
_TOKEN_KINDS: dict[int, dict[int, str]] = {}


def _token_kinds(vocab) -> dict[int, str]:
    return _TOKEN_KINDS.setdefault(id(vocab), {})


def _kind(vocab, orth: int) -> str:
    """``f``, ``p`` or ``r`` for a word (see :func:`_punctuation_starts`), cached."""
    lexeme = vocab[orth]
    if lexeme.orth_ in _FINAL_MARKS:
        kind = "f"
    elif lexeme.is_punct or lexeme.is_space:
        kind = "p"
    else:
        kind = "r"
    _token_kinds(vocab)[orth] = kind
    return kind


_FINAL_MARKS = frozenset(Sentencizer.default_punct_chars)


def _paragraph_starts(text: str, token_starts: list[int]) -> list[int]:
    """Tokens that open a paragraph or follow a heading line; hard-wrapped lines run on."""
    found = []
    for start, end in _line_breaks(text):
        if end >= len(text):
            break
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start:start].rstrip()
        blank = text.count("\n", start, end) >= 2
        heading = 0 < len(line) <= _HEADING_MAX_CHARS and text[end].isupper()
        if blank or (line and line[-1] in _FINAL) or heading:
            i = bisect_left(token_starts, end)
            if i < len(token_starts) and token_starts[i] == end:
                found.append(i)
    return found


def _line_breaks(text: str):
    """Spans of ``[ \\t]*\\n\\s*`` in ``text``, left to right, as ``re.finditer`` gives them.

    Scanning for the newline first lets the regex engine jump between newlines instead of
    trying the pattern at every character; the spaces before it are then added back.
    """
    pos = 0
    for match in _NEWLINE_RUN.finditer(text):
        start = match.start()
        while start > pos and text[start - 1] in " \t":
            start -= 1
        pos = match.end()
        yield start, pos


_NEWLINE_RUN = re.compile(r"\n\s*")


@Language.factory("kg_triggers")
def make_trigger_matcher(nlp: Language, name: str) -> _TriggerMatcher:
    return _TriggerMatcher(nlp)


class _TriggerMatcher:
    """Mark event triggers in ``doc.spans["kg_triggers"]`` and cue phrases in ``doc.spans["kg_cues"]``."""

    def __init__(self, nlp: Language):
        lists = get_wordlists()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in lists.triggers:
            self.matcher.add(phrase, [nlp.make_doc(phrase)])
        # One pass of a phrase matcher finds the cues far faster than a regex per cue list.
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for kind in CUE_TYPES:
            self.cues.add(kind, [nlp.make_doc(phrase) for phrase in lists.cues.get(kind, ())])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[TRIGGER_SPANS] = filter_spans(self.matcher(doc, as_spans=True))
        doc.spans[CUE_SPANS] = self.cues(doc, as_spans=True)
        return doc


def doc_text(doc: Doc) -> str:
    """The doc's text, built once (``Doc.text`` joins every token on each call).

    :func:`kg.extract.extract_many` stores the text a doc was made from before the
    pipeline runs, so no component has to rebuild it.
    """
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


class EntitySpan(NamedTuple):
    """An entity span as plain values (spaCy builds a new Span on every attribute access)."""

    start_char: int
    end_char: int
    text: str
    label_: str
    ent_id_: str


def entity_spans(doc: Doc) -> list[EntitySpan]:
    """``doc.ents`` as :class:`EntitySpan` tuples in text order, made once per doc.

    The entity extractor and the clause, statistics and relation readers all read them;
    ``Span.text`` joins tokens, and the slice of the doc's text is the same string.
    """
    spans = doc.user_data.get("kg_ents")
    if spans is None:
        text = doc_text(doc)
        spans = []
        for ent in doc.ents:
            start, end = ent.start_char, ent.end_char
            spans.append(EntitySpan(start, end, text[start:end], ent.label_, ent.ent_id_))
        spans.sort(key=lambda e: e.start_char)
        doc.user_data["kg_ents"] = spans
    return spans


def sentence_bounds(doc: Doc, *, keep: bool = True) -> list[tuple[int, int, int, int]]:
    """``(start, end, start_char, end_char)`` of each of ``doc.sents``, read once per doc.

    The extractors all need the sentences; ``doc.sents`` builds a Span per sentence (and
    Token objects for its offsets) on every call, so the bounds are kept in
    ``doc.user_data``. A pipeline component passes ``keep=False``: a component after it may
    still move the sentences.
    """
    bounds = doc.user_data.get("kg_sent_bounds")
    if bounds is None:
        bounds = [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents] if len(doc) else []
        if keep:
            doc.user_data["kg_sent_bounds"] = bounds
    return bounds
