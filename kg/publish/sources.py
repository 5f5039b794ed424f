"""The articles behind the graph and what each one claimed, as the viewer and report cite them.

The network projection keeps, per node, the sentences and the ids of the documents
they came from; an analyst also wants the outlet, the publication date and a link for
each document, and, where sources disagree on a toll, what each of them said. Both sit
beside the fused graph: articles in the default graph, per-report claims in the
article graphs (``ckg:hasClaim``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Graph
from rdflib.graph import ConjunctiveGraph
from rdflib.term import Literal

from kg.sparql.named import internal_query

__all__ = [
    "Article",
    "Claim",
    "Sources",
    "collect_sources",
    "graph_sources",
    "safe_url",
    "store_sources",
]


@dataclass(frozen=True)
class Article:
    """One input document as a citation."""

    doc: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Claim:
    """What one article said of an incident."""

    doc: str
    fatalities: int | None = None
    fatalities_max: int | None = None
    injured: int | None = None
    date: str | None = None


@dataclass
class Sources:
    """Articles by document id, and claims by incident IRI."""

    articles: dict[str, Article] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)

    def conflicting(self, event: str) -> list[Claim]:
        """The claims about ``event`` when they disagree on the toll, else an empty list."""
        claims = self.claims.get(event, [])
        tolls = {(c.fatalities, c.fatalities_max) for c in claims}
        return claims if len(tolls) > 1 else []

    def to_dict(self) -> dict:
        """Plain dicts and lists, for JSON."""
        return {
            "articles": {d: asdict(a) for d, a in self.articles.items()},
            "claims": {e: [asdict(c) for c in cs] for e, cs in self.claims.items()},
        }


def safe_url(value) -> str | None:
    """``value`` if it is an http(s) URL, else None: no ``javascript:`` or ``data:`` link.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    text = str(value).strip() if value is not None else ""
    if text.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in text):
        return text
    return None


def _text(value) -> str | None:
    return None if value is None else str(value)


def _int(value) -> int | None:
    try:
        return int(value.toPython() if isinstance(value, Literal) else value)
    except (TypeError, ValueError):
        return None


def _collect(article_rows, claim_rows) -> Sources:
    out = Sources()
    for doc, outlet, published, url, title in article_rows:
        out.articles[str(doc)] = Article(
            str(doc), _text(outlet), _text(published), safe_url(url), _text(title)
        )
    seen = set()
    for event, claim, doc, dead, dead_max, injured, date in claim_rows:
        if (str(event), str(claim)) in seen:
            continue
        seen.add((str(event), str(claim)))
        out.claims.setdefault(str(event), []).append(
            Claim(str(doc), _int(dead), _int(dead_max), _int(injured), _text(date))
        )
    return out


def store_sources(store) -> Sources:
    """The articles and per-report claims in a store."""
    articles = store.query(internal_query("viewer_articles"), union=True).rows
    claims = store.query(internal_query("viewer_claims")).rows
    return _collect(articles, claims)


def graph_sources(graph: Graph) -> Sources:
    """The articles and per-report claims in an rdflib graph or dataset (e.g. a .trig export)."""
    # Claims live in the article graphs, which only a dataset has.
    named = isinstance(graph, ConjunctiveGraph)
    return _collect(
        list(graph.query(internal_query("viewer_articles"))),
        list(graph.query(internal_query("viewer_claims"))) if named else [],
    )


def collect_sources(article_rows, claim_rows) -> Sources:
    """:class:`Sources` from rows of the ``viewer_articles`` and ``viewer_claims`` queries."""
    return _collect(article_rows, claim_rows)
