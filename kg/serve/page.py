"""The endpoint's offline query page: ``templates/query.html`` with its style and script.

The page loads nothing from the network. Its style and script are inlined and allowed
by their hashes in the Content-Security-Policy (:data:`CSP`); every value reaches the
page through ``textContent`` or ``option.text``, never ``innerHTML``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from pathlib import Path
from string import Template

from kg.sparql import named

__all__ = ["query_page", "CSP"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"


def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


_STYLE = _template("query.css")
_SCRIPT = _template("query.js")

#: The page's Content-Security-Policy: no network but the endpoint itself; the inline
#: style and script allowed only by their hashes.
CSP = (
    f"default-src 'none'; script-src {_digest(_SCRIPT)}; style-src {_digest(_STYLE)}; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@cache
def _page_template() -> Template:
    return Template(_template("query.html").rstrip("\n"))


def query_page() -> bytes:
    """The query page: a textarea, the named queries as examples, and a run button.

    Returns:
        The page as UTF-8 HTML, to be sent with :data:`CSP`.
    """
    try:
        examples = [
            {"name": q.name, "description": q.description, "text": q.text}
            for q in named.list_queries()
        ]
    except (FileNotFoundError, OSError):
        examples = []  # ontology/queries/ missing or empty: the page works without examples
    # JSON in a data block: escape <, > and & so no text can close the script element.
    data = (
        json.dumps(examples).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return (
        _page_template()
        .substitute(
            style=_STYLE,
            script=_SCRIPT,
            default_query=html.escape(_template("default.rq")),
            queries=data,
        )
        .encode()
    )
