"""Read input files into :class:`~kg.core.model.Document` records.

Accepted inputs: plain text (``.txt``), Markdown with optional YAML front matter
(``.md``: ``title``, ``published``, ``source``, ``url``, ``id``), HTML
(``.html``/``.htm``) and JSON Lines (``.jsonl``: one document per line with ``text``
and optional ``id``, ``title``, ``published``, ``source``, ``url``). A ``.txt`` or
``.html`` file may have a sidecar ``<stem>.meta.yaml`` with the same keys.

Folders are walked recursively; hidden files and names listed in a ``.kgignore``
file (fnmatch patterns, one a line) are skipped.

A file that cannot be read yields an :class:`~kg.core.errors.InputError` naming the
file (and the line, for JSON Lines) in place of a document, so the caller can
report it and go on with the rest. A document longer than :data:`MAX_CHARS` is cut
there and built from the part kept; the cut is passed to the caller's ``warn``
callback as an :class:`~kg.core.errors.InputWarning` (logged when there is none).
"""

from __future__ import annotations

import codecs
import fnmatch
import json
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kg.core.errors import InputError, InputWarning
from kg.core.limits import MAX_BYTES, MAX_CHARS, MAX_LINE_CHARS
from kg.core.model import Document

__all__ = [
    "load_documents",
    "find_input_files",
    "read_file",
    "normalize_text",
    "html_to_text",
    "SUFFIXES",
    "MAX_BYTES",
    "MAX_LINE_CHARS",
    "MAX_CHARS",
]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
_MAX_FRONT_MATTER = 64 * 1024
_MAX_SIDE_FILE = 64 * 1024
_MAX_YAML_DEPTH = 32
_BRACKETS = re.compile(r"[\[\]{}]")
_META_KEYS = ("id", "title", "published", "source", "url")

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


Warn = Callable[[InputWarning], None]


def load_documents(
    paths: Iterable[str | Path], *, published: date | None = None, warn: Warn | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document (or an InputError) for every input file under ``paths``.

    Args:
        paths: files and folders.
        published: publication date for documents that do not carry one.
        warn: called with an InputWarning for a document built from part of its file
            (cut at :data:`MAX_CHARS`), before that document is yielded; by default the
            warning is logged.
    """
    seen: set[str] = set()
    for path in find_input_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for item, line in _read_items(path, published, warn):
            if isinstance(item, Document):
                if item.id in seen:
                    item = InputError(str(path), f"duplicate document id {item.id!r}", line)
                else:
                    seen.add(item.id)
            yield item


def read_file(
    path: Path, *, published: date | None = None, warn: Warn | None = None
) -> Iterator[Document | InputError]:
    """Yield the document(s) in one file, or an InputError saying why not (``warn``: see :func:`load_documents`)."""
    for item, _line in _read_items(path, published, warn):
        yield item


def _read_items(
    path: Path, published: date | None, warn: Warn | None
) -> Iterator[tuple[Document | InputError, int | None]]:
    """Like :func:`read_file`, with the line of each JSON Lines record."""
    for item, line in _parse_items(path, published):
        if isinstance(item, Document) and len(item.content) > MAX_CHARS:
            item, warning = _cut(item, line)
            (warn or _log_warning)(warning)
        yield item, line


def _log_warning(warning: InputWarning) -> None:
    log.warning("%s", warning)


def _cut(document: Document, line: int | None) -> tuple[Document, InputWarning]:
    """The document with its body cut to fit :data:`MAX_CHARS`, and the warning saying so.

    The cut falls at the last line break before the limit, as the extractor's own cut
    does, unless that would drop more than half of the body; no line is ever longer
    than :data:`MAX_LINE_CHARS`, so it never does for a file read here.
    """
    total, text = len(document.content), document.text
    room = MAX_CHARS - (total - len(text))  # the title and blank line stay whole
    newline = text.rfind("\n", 0, room + 1)
    kept = text[: newline if newline > room // 2 else room].rstrip()
    lines = kept.count("\n") + 1
    message = (
        f"the text is {total:,} characters long, more than the {MAX_CHARS:,} read from one "
        f"document: it was cut after line {lines:,} of the text ({total - len(text) + len(kept):,} "
        f"characters kept) and the rest was left out"
    )
    return replace(document, text=kept), InputWarning(document.path or document.id, message, line)


def _parse_items(
    path: Path, published: date | None
) -> Iterator[tuple[Document | InputError, int | None]]:
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, published)
            return
        raw = _read_bytes(path)
        text = _decode(path, raw)
        meta = _sidecar(path)
        if path.suffix.lower() in (".html", ".htm"):
            # Minified HTML is one long line; the limit applies to the text shown.
            html_title, text = html_to_text(text)
            text = normalize_text(text)  # character references can spell invisible characters
            meta.setdefault("title", html_title)
            _check_lines(path, text, numbered=False)
        else:
            _check_lines(path, text)
        if path.suffix.lower() in (".md", ".markdown"):
            front, text = _split_front_matter(path, text)
            meta.update(front)
        yield _document(path, path.stem, text, meta, published), None
    except InputError as error:
        yield error, error.line


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


def find_input_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Yield the input files under ``paths`` (or an InputError for a missing path)."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif path.is_dir():
            yield from _walk_dir(path, [])
        else:
            yield path


def _walk_dir(
    folder: Path, ignores: list[tuple[Path, str]], seen: set[Path] | None = None
) -> Iterator[Path | InputError]:
    # A symbolic link back up the tree would otherwise be walked forever.
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    ignore_file = folder / ".kgignore"
    try:
        if ignore_file.is_file():
            patterns = _read_side_file(ignore_file).splitlines()
            ignores = ignores + [
                (folder, p.strip()) for p in patterns if p.strip() and not p.startswith("#")
            ]
        children = sorted(folder.iterdir())
    except InputError as error:
        yield error
        return
    except OSError as error:
        yield InputError(str(folder), f"cannot read the folder: {error.strerror or error}")
        return
    for child in children:
        if child.name.startswith(".") or _ignored(child, ignores):
            continue
        if child.is_dir():
            yield from _walk_dir(child, ignores, seen)
        elif child.suffix.lower() in SUFFIXES and not child.name.endswith(".meta.yaml"):
            yield child


def _ignored(path: Path, ignores: list[tuple[Path, str]]) -> bool:
    for base, pattern in ignores:
        relative = path.relative_to(base).as_posix()
        if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(relative, pattern):
            return True
    return False


def _open_regular(path: Path):
    """Open a regular file for reading in binary; anything else is an InputError."""
    try:
        # O_NONBLOCK: opening a FIFO named like an article must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    handle = os.fdopen(fd, "rb")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(str(path), "not a regular file (a device, pipe or socket)")
    except BaseException:
        handle.close()
        raise
    return handle


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    """Read a regular file of at most ``limit`` (default MAX_BYTES) bytes, never holding more."""
    limit = MAX_BYTES if limit is None else limit
    with _open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputError(str(path), f"file is {size:,} bytes; the limit is {limit:,}")
            # The size can change between fstat and read: read one byte past the limit to know.
            raw = handle.read(limit + 1)
        except OSError as error:
            raise InputError(str(path), f"cannot read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise InputError(str(path), f"file is more than {limit:,} bytes; the limit is {limit:,}")
    return raw


def _read_lines(path: Path) -> Iterator[tuple[int, bytes | InputError]]:
    """Yield ``(number, line)`` of a JSON Lines file, one line in memory at a time.

    A feed has no size limit; each line (one article) has MAX_BYTES. A longer line is
    reported and skipped without being held.
    """
    with _open_regular(path) as handle:
        number = 0
        try:
            while line := handle.readline(MAX_BYTES + 1):
                number += 1
                if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                    while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass
                    yield (
                        number,
                        InputError(
                            str(path),
                            f"the line is more than {MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}",
                            number,
                        ),
                    )
                    continue
                yield number, line
        except OSError as error:
            raise InputError(
                str(path), f"cannot read: {error.strerror or error}", number + 1
            ) from None


def _read_side_file(path: Path) -> str:
    """The text of a small helper file (sidecar metadata, .kgignore)."""
    return _read_bytes(path, _MAX_SIDE_FILE).decode("utf-8", errors="replace")


def _check_lines(path: Path, text: str, line: int | None = None, *, numbered: bool = True) -> None:
    """Refuse text with a line longer than MAX_LINE_CHARS.

    The error names ``line`` if given (a JSON Lines record), else the line of ``text``
    when ``numbered`` (text read straight from the file).
    """
    if len(text) <= MAX_LINE_CHARS:
        return
    lengths = [len(part) for part in text.split("\n")]
    longest = max(lengths)
    if longest > MAX_LINE_CHARS:
        if line is None and numbered:
            line = lengths.index(longest) + 1
        raise InputError(
            str(path),
            f"a line of text is {longest:,} characters long; the limit is {MAX_LINE_CHARS:,}",
            line,
        )


def _decode(path: Path, raw: bytes, line: int | None = None) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
    elif _looks_utf16(raw):
        text = raw.decode(
            "utf-16-le" if raw[1::2].count(0) > raw[0::2].count(0) else "utf-16-be",
            errors="replace",
        )
    else:
        if b"\x00" in raw:
            raise InputError(str(path), "binary file (contains NUL bytes), not text", line)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            # Windows newsroom exports are the usual non-UTF-8 input; cp1252 maps every
            # byte but five, which then become U+FFFD rather than failing the file.
            text = raw.decode("cp1252", errors="replace")
    if _looks_binary(text):
        raise InputError(str(path), "binary file (mostly non-text characters), not text", line)
    return normalize_text(text)


def _looks_utf16(raw: bytes) -> bool:
    """True for UTF-16 text without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    sample = raw[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    return max(odd, even) > 0.4 * (len(sample) / 2) and min(odd, even) < 0.05 * (len(sample) / 2)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\t\r")
    )
    return bad > 0.1 * len(sample)


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"---[ \t]*\n(.*?)\n---[ \t]*(?:\n|$)", text, re.DOTALL)
    if not match:
        raise InputError(str(path), "front matter starts with '---' but has no closing '---' line")
    return _parse_yaml(path, match.group(1)), text[match.end() :]


def _parse_yaml(path: Path, source: str) -> dict:
    if len(source) > _MAX_FRONT_MATTER:
        raise InputError(str(path), f"front matter is longer than {_MAX_FRONT_MATTER:,} characters")
    if _flow_depth(source) > _MAX_YAML_DEPTH:
        raise InputError(
            str(path), f"front matter is nested more than {_MAX_YAML_DEPTH} levels deep"
        )
    try:
        # Anchors and aliases have no use in article metadata and are how "billion laughs"
        # documents blow up memory, so any alias is refused before the data is built.
        for event in yaml.parse(source, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(str(path), "front matter uses YAML aliases, which are not allowed")
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(str(path), f"front matter is not valid YAML{where}: {problem}") from None
    except ValueError as error:  # e.g. an impossible date such as 2024-02-30
        raise InputError(str(path), f"front matter has an invalid value: {error}") from None
    except RecursionError:
        raise InputError(str(path), "front matter is nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "front matter must be a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


def _flow_depth(source: str) -> int:
    """The deepest nesting of ``[`` and ``{``, counted over the whole text (strings too).

    PyYAML's scanner takes time quadratic in the flow nesting: 30,000 ``[`` take about a
    minute. Counting inside quoted strings as well errs on the safe side; metadata nests
    two or three levels.
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(source):
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest


def _sidecar(path: Path) -> dict:
    meta = path.with_name(path.stem + ".meta.yaml")
    if not meta.is_file():
        return {}
    return _parse_yaml(meta, _read_side_file(meta))


def _read_jsonl(path: Path, published: date | None) -> Iterator[tuple[Document | InputError, int]]:
    for number, line in _read_lines(path):
        if isinstance(line, InputError):
            yield line, number
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(_decode(path, line, number))
        except json.JSONDecodeError as error:
            yield InputError(str(path), f"not valid JSON ({error.msg})", number), number
            continue
        except RecursionError:
            yield InputError(str(path), "not valid JSON (nested too deeply)", number), number
            continue
        except ValueError as error:  # e.g. an integer of more than 4,300 digits
            yield (
                InputError(str(path), f"not valid JSON ({str(error).split(';')[0]})", number),
                number,
            )
            continue
        except InputError as error:
            yield error, number
            continue
        if not isinstance(record, dict):
            yield InputError(str(path), "a line must be a JSON object", number), number
            continue
        text = record.get("text")
        if not isinstance(text, str):
            yield InputError(str(path), "the object has no string field 'text'", number), number
            continue
        doc_id = record.get("id")
        if doc_id is None or doc_id == "":
            doc_id = f"{path.stem}-{number}"
        elif not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
            yield (
                InputError(str(path), "the field 'id' must be a string or an integer", number),
                number,
            )
            continue
        try:
            for value in (text, record.get("title")):
                if isinstance(value, str):
                    _check_lines(path, value, number)
            yield (
                _document(path, str(doc_id), normalize_text(text), record, published, number),
                number,
            )
        except InputError as error:
            yield error, number


def _document(
    path: Path, doc_id: str, text: str, meta: dict, published: date | None, line: int | None = None
) -> Document:
    text = text.strip()
    if not text:
        raise InputError(str(path), "no text", line)
    doc_id = normalize_text(str(meta.get("id") or doc_id)).strip()
    if not doc_id:
        raise InputError(str(path), "empty document id", line)
    title = meta.get("title")
    if isinstance(title, str) and len(title) > MAX_LINE_CHARS:  # an HTML <title> has no other check
        raise InputError(
            str(path),
            f"the title is {len(title):,} characters long; the limit is {MAX_LINE_CHARS:,}",
            line,
        )
    return Document(
        id=doc_id,
        text=text,
        title=normalize_text(str(title)).strip() or None if title else None,
        published=_date(path, meta.get("published"), line) or published,
        source=_text_or_none(meta.get("source")),
        url=_text_or_none(meta.get("url")),
        path=str(path),
    )


def _date(path: Path, value: object, line: int | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(
            str(path), f"'published' is not a valid YYYY-MM-DD date: {value!r}", line
        ) from None


def _text_or_none(value: object) -> str | None:
    return normalize_text(str(value)).strip() or None if value not in (None, "") else None


class _TextExtractor(HTMLParser):
    """Collect the visible text of an HTML page, paragraph by paragraph."""

    # Elements whose content is never shown. <head> is handled apart: its end tag is
    # optional (HTML 5.2 section 8.1.2.4), so <body> also ends it, and its <title> is kept.
    _SKIP = {"script", "style", "template", "noscript", "svg", "iframe", "object"}
    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "article",
        "section",
        "blockquote",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_head = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "head":
            self._in_head = False
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip:
            return  # a <title> inside <svg> or <template> is not the page's title
        if self._in_title:
            self.title.append(data)
        elif not self._in_head:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str | None, str]:
    """Return (title, visible text) of an HTML page; scripts, styles and comments are dropped.

    >>> html_to_text("<title>T</title><p>A<script>x()</script></p><!-- c --><p>B</p>")
    ('T', 'A\\n\\nB')
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in text.split("\n")]
    title = " ".join("".join(parser.title).split()) or None
    return title, "\n\n".join(p for p in paragraphs if p)
