"""Read input files into :class:`~kg.model.Document` records.

Accepted inputs: plain text (``.txt``), Markdown with optional YAML front matter
(``.md``: ``title``, ``published``, ``source``, ``url``, ``id``), HTML
(``.html``/``.htm``) and JSON Lines (``.jsonl``: one document per line with ``text``
and optional ``id``, ``title``, ``published``, ``source``, ``url``). A ``.txt`` or
``.html`` file may have a sidecar ``<stem>.meta.yaml`` with the same keys.

Folders are walked recursively; hidden files and names listed in a ``.kgignore``
file (fnmatch patterns, one a line) are skipped.

A file that cannot be read yields an :class:`~kg.errors.InputError` naming the
file (and the line, for JSON Lines) in place of a document, so the caller can
report it and go on with the rest.
"""

from __future__ import annotations

import codecs
import fnmatch
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.model import Document

__all__ = ["load_documents", "find_input_files", "read_file", "normalize_text", "html_to_text", "SUFFIXES", "MAX_BYTES"]

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
#: Largest input file read, in bytes. News articles are a few kB; a larger file is
#: almost always a mistake (a data dump, a binary), and reading it whole would cost memory.
MAX_BYTES = 5 * 1024 * 1024
_MAX_FRONT_MATTER = 64 * 1024
_META_KEYS = ("id", "title", "published", "source", "url")

# Zero-width and bidirectional formatting characters carry no meaning in news text but
# split names ("Ba\u200bloch") and hide text direction tricks; Unicode TR 36 section 3.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def load_documents(
    paths: Iterable[str | Path], *, published: date | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document (or an InputError) for every input file under ``paths``.

    Args:
        paths: files and folders.
        published: publication date for documents that do not carry one.
    """
    seen: set[str] = set()
    for path in find_input_files(paths):
        if isinstance(path, InputError):
            yield path
            continue
        for item in read_file(path, published=published):
            if isinstance(item, Document):
                if item.id in seen:
                    item = InputError(str(path), f"duplicate document id {item.id!r}")
                else:
                    seen.add(item.id)
            yield item


def read_file(path: Path, *, published: date | None = None) -> Iterator[Document | InputError]:
    """Yield the document(s) in one file, or an InputError saying why not."""
    try:
        raw = _read_bytes(path)
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path, raw, published)
            return
        text = _decode(path, raw)
        meta = _sidecar(path)
        if path.suffix.lower() in (".md", ".markdown"):
            front, text = _split_front_matter(path, text)
            meta.update(front)
        elif path.suffix.lower() in (".html", ".htm"):
            html_title, text = html_to_text(text)
            meta.setdefault("title", html_title)
        yield _document(path, path.stem, text, meta, published)
    except InputError as error:
        yield error


def normalize_text(text: str) -> str:
    """Return NFC text with newlines unified and invisible/control characters removed.

    >>> normalize_text("Ba\\u200bloch\\r\\nLiberation")
    'Baloch\\nLiberation'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
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


def _walk_dir(folder: Path, ignores: list[tuple[Path, str]]) -> Iterator[Path]:
    ignore_file = folder / ".kgignore"
    if ignore_file.is_file():
        patterns = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
        ignores = ignores + [
            (folder, p.strip()) for p in patterns if p.strip() and not p.startswith("#")
        ]
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or _ignored(child, ignores):
            continue
        if child.is_dir():
            yield from _walk_dir(child, ignores)
        elif child.suffix.lower() in SUFFIXES and not child.name.endswith(".meta.yaml"):
            yield child


def _ignored(path: Path, ignores: list[tuple[Path, str]]) -> bool:
    for base, pattern in ignores:
        relative = path.relative_to(base).as_posix()
        if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(relative, pattern):
            return True
    return False


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(path), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from None


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
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "front matter must be a mapping of keys to values")
    return {str(k): v for k, v in data.items()}


def _sidecar(path: Path) -> dict:
    meta = path.with_name(path.stem + ".meta.yaml")
    if not meta.is_file():
        return {}
    return _parse_yaml(meta, meta.read_text(encoding="utf-8", errors="replace"))


def _read_jsonl(path: Path, raw: bytes, published: date | None) -> Iterator[Document | InputError]:
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(_decode(path, line, number))
        except json.JSONDecodeError as error:
            yield InputError(str(path), f"not valid JSON ({error.msg})", number)
            continue
        except InputError as error:
            yield error
            continue
        if not isinstance(record, dict):
            yield InputError(str(path), "a line must be a JSON object", number)
            continue
        text = record.get("text")
        if not isinstance(text, str):
            yield InputError(str(path), "the object has no string field 'text'", number)
            continue
        doc_id = record.get("id", f"{path.stem}-{number}")
        try:
            yield _document(path, str(doc_id), normalize_text(text), record, published, number)
        except InputError as error:
            yield error


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

    _SKIP = {"script", "style", "template", "noscript", "head", "svg", "iframe", "object"}
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
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
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
