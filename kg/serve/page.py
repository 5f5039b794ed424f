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
import re
from functools import cache
from pathlib import Path
from string import Template

from kg.core.namespaces import PREFIXES
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


def _params(text: str) -> list[dict]:
    r"""``# param: NAME (kind) — description`` lines of a named query, as input fields.

    >>> _params("# param: group (IRI) — the armed group\nSELECT ?x {}")
    [{'name': 'group', 'kind': 'IRI', 'description': 'the armed group'}]
    """
    found = []
    for line in text.splitlines():
        match = re.match(r"#\s*param:\s*\??([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*[—–-]*\s*(.*)", line)
        if match:
            name, kind, description = match.groups()
            found.append({"name": name, "kind": kind or "", "description": description.strip()})
    return found


def _json_block(value) -> str:
    # JSON in a data block: escape <, > and & so no text can close the script element.
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def query_page() -> bytes:
    """The query page: a textarea, the named queries as examples, and a run button.

    A named query's parameters become input fields; results show labels and prefixed
    names (the full IRI on hover) and download as CSV.

    Returns:
        The page as UTF-8 HTML, to be sent with :data:`CSP`.
    """
    try:
        examples = [
            {
                "name": q.name,
                "description": q.description,
                "text": q.text,
                "params": _params(q.text),
            }
            for q in named.list_queries()
        ]
    except (FileNotFoundError, OSError):
        examples = []  # ontology/queries/ missing or empty: the page works without examples
    prefixes = dict(PREFIXES)  # the longest namespace first wins in the page
    return (
        _page_template()
        .substitute(
            style=_STYLE,
            script=_SCRIPT,
            default_query=html.escape(_template("default.rq")),
            queries=_json_block(examples),
            prefixes=_json_block(prefixes),
        )
        .encode()
    )
