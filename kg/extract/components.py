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

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, ORTH, SENT_START
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
]

#: The ``doc.spans`` key holding trigger spans.
TRIGGER_SPANS = "kg_triggers"
#: The ``doc.spans`` key holding cue spans, labelled with their cue type.
CUE_SPANS = "kg_cues"
#: Cue types (``cues.tsv``) the component marks.
CUE_TYPES = ("habitual", "response", "claim", "attribution", "umbrella")
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
    run on integer arrays rather than token objects; abbreviations such as "Lt."
    are single tokens and never end a sentence.
    """
    n = len(doc)
    if n == 0:
        return doc
    text = doc.text
    doc.user_data["kg_text"] = text  # Doc.text is rebuilt on every call; keep it
    orths = doc.to_array(ORTH).tolist()
    punct = doc.to_array(IS_PUNCT).tolist()
    space = doc.to_array(IS_SPACE).tolist()
    finals = _final_hashes(doc.vocab)
    starts = [False] * n
    starts[0] = True
    seen = False
    for i in range(n):
        final = orths[i] in finals
        if seen and not punct[i] and not final and not space[i]:
            starts[i], seen = True, False
        elif final:
            seen = True
    if "\n" in text:
        token_starts = doc.to_array(IDX).tolist()
        for i in _paragraph_starts(text, token_starts):
            starts[i] = True
    # SENT_START is stored as uint64: -1 ("not a start") wraps around, as in Doc.to_array.
    values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return doc


def _paragraph_starts(text: str, token_starts: list[int]):
    """Tokens that open a paragraph or follow a heading line; hard-wrapped lines run on."""
    for match in _LINE_BREAK.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()].rstrip()
        blank = match.group().count("\n") >= 2
        heading = 0 < len(line) <= _HEADING_MAX_CHARS and text[end].isupper()
        if blank or (line and line[-1] in _FINAL) or heading:
            i = bisect_left(token_starts, end)
            if i < len(token_starts) and token_starts[i] == end:
                yield i


_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
_FINAL_HASHES: dict[int, frozenset[int]] = {}


def _final_hashes(vocab) -> frozenset[int]:
    key = id(vocab)
    if key not in _FINAL_HASHES:
        _FINAL_HASHES[key] = frozenset(
            vocab.strings.add(c) for c in Sentencizer.default_punct_chars
        )
    return _FINAL_HASHES[key]


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
