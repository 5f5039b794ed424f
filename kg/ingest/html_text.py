"""The visible text of an HTML page.

Not text: scripts, styles, templates, ``<noscript>``, comments, and any element a
browser does not show — the ``hidden`` attribute, ``style="display:none"`` or
``visibility:hidden``, and ``aria-hidden="true"`` (content kept from readers, often
an icon, sometimes text planted for search engines).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]


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

    # Elements with no content and no end tag (HTML Living Standard, "void elements").
    _VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_head = False
        self._in_title = False
        # The open elements from the outermost hidden one in, to know where it ends.
        self._hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._hidden or (tag not in self._VOID and _is_hidden(attrs)):
            if tag not in self._VOID:
                self._hidden.append(tag)
            return
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
        if self._hidden:
            if tag in self._hidden:  # an end tag that closes nothing open is ignored
                del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag) :]
            return
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "head":
            self._in_head = False
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip or self._hidden:
            return  # a <title> inside <svg> or <template> is not the page's title
        if self._in_title:
            self.title.append(data)
        elif not self._in_head:
            self.parts.append(data)


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """True for the attributes of an element a browser does not show."""
    for name, value in attrs:
        value = (value or "").lower()
        if name == "hidden" or (name == "aria-hidden" and value.strip() == "true"):
            return True
        if name == "style":
            style = "".join(value.split())
            if any(rule in style for rule in _HIDING_STYLES):
                return True
    return False


_HIDING_STYLES = ("display:none", "visibility:hidden", "visibility:collapse")


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
