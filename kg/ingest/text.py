"""The text of a document: normalisation and the bounds on what the extractor reads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from kg.core.errors import InputError, InputWarning
from kg.core.model import Document
from kg.ingest import limits

__all__ = ["normalize_text", "check_lines", "cut_document", "bound_runs", "RUN_MARK"]

#: Put after a run of characters cut to :data:`~kg.ingest.limits.MAX_RUN_CHARS`, with a space before it.
RUN_MARK = "[\u2026]"

# Zero-width, bidirectional and other invisible formatting characters (Unicode category
# Cf, less the Arabic signs that print) carry no meaning in news text but split names
# ("Ba\u200bloch") and hide text direction tricks; Unicode TR 36 section 3. The tag
# characters (U+E0000 block) can carry a whole hidden text.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates come only from JSON "\ud800" escapes; they cannot be encoded as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalize_text(text: str) -> str:
    """Return NFC text with newlines unified and invisible/control characters removed.

    >>> normalize_text("Ba\\u200bloch\\r\\nLiberation")
    'Baloch\\nLiberation'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text)


def check_lines(path: Path, text: str, line: int | None = None, *, numbered: bool = True) -> None:
    """Refuse text with a line longer than MAX_LINE_CHARS.

    The error names ``line`` if given (a JSON Lines record), else the line of ``text``
    when ``numbered`` (text read straight from the file).

    Raises:
        InputError: a line is too long.
    """
    max_line = limits.MAX_LINE_CHARS
    if len(text) <= max_line:
        return
    lengths = [len(part) for part in text.split("\n")]
    longest = max(lengths)
    if longest > max_line:
        if line is None and numbered:
            line = lengths.index(longest) + 1
        raise InputError(
            str(path),
            f"a line of text is {longest:,} characters long; the limit is {max_line:,}",
            line,
        )


def cut_document(document: Document, line: int | None) -> tuple[Document, InputWarning]:
    """The document with its body cut to fit :data:`MAX_CHARS`, and the warning saying so.

    The cut falls at the last line break before the limit, as the extractor's own cut
    does, unless that would drop more than half of the body; no line is ever longer
    than :data:`MAX_LINE_CHARS`, so it never does for a file read here.
    """
    max_chars = limits.MAX_CHARS
    total, text = len(document.content), document.text
    room = max_chars - (total - len(text))  # the title and blank line stay whole
    newline = text.rfind("\n", 0, room + 1)
    kept = text[: newline if newline > room // 2 else room].rstrip()
    lines = kept.count("\n") + 1
    message = (
        f"the text is {total:,} characters long, more than the {max_chars:,} read from one "
        f"document: it was cut after line {lines:,} of the text ({total - len(text) + len(kept):,} "
        f"characters kept) and the rest was left out"
    )
    return replace(document, text=kept), InputWarning(document.path or document.id, message, line)


def bound_runs(text: str) -> tuple[str, int]:
    """Cut the long runs without a space that make tokenizing slow.

    A run of more than MAX_PUNCTUATION_RUN punctuation and symbol characters, then a
    run of more than MAX_RUN_CHARS characters without a space, keeps its first that many
    characters, followed by a space and :data:`RUN_MARK`.

    Returns:
        The text, and the number of runs cut.

    >>> bound_runs("a " + "=" * 101 + " b")
    ('a ========== [\u2026] b', 1)
    """
    punctuation, run = limits.MAX_PUNCTUATION_RUN, limits.MAX_RUN_CHARS
    text, cut = _cut_runs(rf"(?:[^\w\s]|_){{{punctuation + 1},}}", punctuation, text)
    # The lookbehind anchors a match at the start of a run, so a run shorter than the
    # limit is scanned once, not once from each of its characters.
    text, cut_long = _cut_runs(rf"(?<!\S)\S{{{run + 1},}}", run, text)
    return text, cut + cut_long


def _cut_runs(pattern: str, keep: int, text: str) -> tuple[str, int]:
    def cut(match: re.Match) -> str:
        end = match.end()
        # A run of punctuation can end at a letter ("!?!?Kech"): keep the mark apart from it.
        after = " " if end < len(text) and not text[end].isspace() else ""
        return f"{match.group()[:keep]} {RUN_MARK}{after}"

    return re.subn(pattern, cut, text)
