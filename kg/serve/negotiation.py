"""Content negotiation: which format answers a query, from its form and the ``Accept`` header.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE in
Turtle, N-Triples, JSON-LD or RDF/XML (SPARQL 1.1 Protocol §2.1, RFC 9110 §12.5.1).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Format",
    "negotiate",
    "offered",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "JSON",
    "XML",
    "CSV",
    "TSV",
    "TURTLE",
    "NTRIPLES",
    "JSONLD",
    "RDFXML",
]


@dataclass(frozen=True)
class Format:
    """A response format: its pyoxigraph writer and its media type."""

    name: str  # a pyoxigraph QueryResultsFormat or RdfFormat attribute
    media_type: str


JSON = Format("JSON", "application/sparql-results+json")
XML = Format("XML", "application/sparql-results+xml")
CSV = Format("CSV", "text/csv; charset=utf-8")
TSV = Format("TSV", "text/tab-separated-values; charset=utf-8")
TURTLE = Format("TURTLE", "text/turtle; charset=utf-8")
NTRIPLES = Format("N_TRIPLES", "application/n-triples")
JSONLD = Format("JSON_LD", "application/ld+json")
RDFXML = Format("RDF_XML", "application/rdf+xml")
#: Media types offered for SELECT and ASK, then for CONSTRUCT and DESCRIBE.
# Server preference first: the first format wins ties and answers */* or no Accept.
RESULT_TYPES = (
    ("application/sparql-results+json", JSON),
    ("application/json", JSON),
    ("application/sparql-results+xml", XML),
    ("application/xml", XML),
    ("text/xml", XML),
    ("text/csv", CSV),
    ("text/tab-separated-values", TSV),
)
GRAPH_TYPES = (
    ("text/turtle", TURTLE),
    ("application/x-turtle", TURTLE),
    ("application/n-triples", NTRIPLES),
    ("text/plain", NTRIPLES),
    ("application/ld+json", JSONLD),
    ("application/json", JSONLD),
    ("application/rdf+xml", RDFXML),
)


def negotiate(form: str, accept: str | None) -> Format | None:
    """Pick the response format for a query ``form`` from an ``Accept`` header (RFC 9110 §12.5.1).

    Returns ``None`` when nothing acceptable is offered (answer 406).

    >>> negotiate("SELECT", "text/csv;q=0.9, application/sparql-results+xml").media_type
    'application/sparql-results+xml'
    >>> negotiate("CONSTRUCT", "image/png") is None
    True
    """
    offers = offered(form)
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))
    # A type refused outright (q=0) is never sent, whichever alias matched (§12.4.2).
    refused = {r for r, q in ranges if q <= 0}
    best, best_q = None, 0.0
    for media_type, fmt in offers:
        if fmt.media_type.split(";")[0] in refused:
            continue
        kind = media_type.split("/")[0]
        # The most specific range that matches sets the quality (RFC 9110 §12.5.1).
        matches = [
            (3 if r == media_type else 2 if r == f"{kind}/*" else 1, q)
            for r, q in ranges
            if r in (media_type, f"{kind}/*", "*/*")
        ]
        q = max(matches)[1] if matches else 0.0
        if q > best_q:
            best, best_q = fmt, q
    return best


def offered(form: str) -> tuple[tuple[str, Format], ...]:
    """The media types offered for a query ``form``, server preference first.

    >>> offered("ASK")[0][0]
    'application/sparql-results+json'
    """
    return GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
