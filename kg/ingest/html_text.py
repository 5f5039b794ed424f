"""The visible text of an HTML page."""

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
