"""graph.jsonld: every graph as compacted JSON-LD 1.1, with the ontology's context.

The context is ``ontology/context.jsonld`` (:func:`kg.core.resources.context_file`):
classes as terms (``"@type": "Bombing"``), properties as terms, object properties typed
``@id``, instance IRIs as ``id:`` compact IRIs. It is written inline rather than by URL,
because Oxigraph and pyoxigraph, like most processors used offline, load no remote
context; a document of one's own can still reference the shipped file.

Integers and booleans are JSON numbers and ``true``/``false``; a decimal (``confidence``,
``lat``) is a string its term types ``xsd:decimal``, since a JSON number with a fraction
would read back as ``xsd:double``; dates keep their datatype in a value object, as
``ckg:date`` may be an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``. The fused
default graph is the top-level ``@graph``; each article's graph follows as a named graph
(``{"@id": "id:graph/<doc>", "@graph": [...]}``).

The file is written from N-Quads in one pass, node by node, in IRI order: rdflib's JSON-LD
serializer takes minutes on a graph this writer handles in a second or two.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.core.resources import context_file
from kg.publish.formats.base import atomic_target

__all__ = ["Compactor", "compact_nodes", "load_context", "write_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9]\d*)")


@cache
def load_context() -> dict:
    """The ``@context`` object of ``ontology/context.jsonld``."""
    return json.loads(context_file().read_text(encoding="utf-8"))["@context"]


class Compactor:
    """IRIs and terms as the context writes them."""

    def __init__(self, context: dict):
        self.prefixes = sorted(
            ((iri, name) for name, iri in context.items()
             if isinstance(iri, str) and not name.startswith("@") and iri[-1:] in "/#"),
            key=lambda item: -len(item[0]),
        )  # fmt: skip
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in context.items():
            if name.startswith("@"):
                continue
            iri, coercion = (definition, None) if isinstance(definition, str) else (
                definition.get("@id"), definition.get("@type"))  # fmt: skip
            if iri and iri[-1:] not in "/#":
                self.terms[self.expand(iri)] = (name, self.expand(coercion) if coercion else None)
        # A graph repeats a few thousand IRIs hundreds of thousands of times: each is
        # compacted once (the prefix scan is linear in the context's prefixes).
        self._compact: dict[str, str] = {}

    def expand(self, value: str) -> str:
        if value.startswith("@"):
            return value
        prefix, sep, local = value.partition(":")
        for iri, name in self.prefixes:
            if sep and name == prefix:
                return iri + local
        return value

    def iri(self, value: str) -> str:
        """A compact IRI (``id:event/...``) where a prefix covers ``value``."""
        compact = self._compact.get(value)
        if compact is None:
            compact = self._compact[value] = self._iri(value)
        return compact

    def _iri(self, value: str) -> str:
        for iri, name in self.prefixes:
            if value.startswith(iri) and not value[len(iri) :].startswith("//"):
                return f"{name}:{value[len(iri) :]}"
        return value

    def vocab(self, value: str) -> str:
        """A term, else a compact IRI: for ``@type`` values and property keys."""
        term = self.terms.get(value)
        return term[0] if term else self.iri(value)

    def node(self, term) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def value(self, term, coercion: str | None):
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            node = self.node(term)
            return node if coercion == "@id" else {"@id": node}
        lexical, datatype = term.value, term.datatype.value
        if term.language:
            return {"@value": lexical, "@language": term.language}
        if coercion is not None and coercion == datatype:
            return lexical
        if coercion is None:
            if datatype == _XSD + "string":
                return lexical
            if datatype == _XSD + "integer" and _CANONICAL_INTEGER.fullmatch(lexical):
                return int(lexical)
            if datatype == _XSD + "boolean" and lexical in ("true", "false"):
                return lexical == "true"
        return {"@value": lexical, "@type": self.vocab(datatype)}


def compact_nodes(compactor: Compactor, triples: dict) -> list[dict]:
    out = []
    for subject in sorted(triples, key=lambda s: (isinstance(s, ox.BlankNode), s.value)):
        node: dict = {"@id": compactor.node(subject)}
        properties = triples[subject]
        types = sorted(compactor.vocab(t.value) for t in properties.pop(_RDF_TYPE, ()))
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for predicate in sorted(properties, key=compactor.vocab):
            name, coercion = compactor.terms.get(predicate, (compactor.iri(predicate), None))
            objects = properties[predicate]
            if len(objects) == 1:
                node[name] = compactor.value(objects[0], coercion)
                continue
            values = [compactor.value(o, coercion) for o in objects]
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[name] = values
        out.append(node)
    return out


def write_jsonld(nquads: Path, target: Path) -> None:
    """Write ``target``, compacted JSON-LD of every graph in the N-Quads file ``nquads``."""
    context = load_context()
    compactor = Compactor(context)
    graphs: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    with open(nquads, "rb") as source:
        for quad in ox.parse(source, ox.RdfFormat.N_QUADS):
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
            graphs[graph][quad.subject][quad.predicate.value].append(quad.object)
    with atomic_target(target) as tmp, open(tmp, "w", encoding="utf-8") as sink:
        sink.write('{\n"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n"@graph": [')
        first = True
        for node in compact_nodes(compactor, graphs.pop(None, {})):
            sink.write(("\n" if first else ",\n") + json.dumps(node, ensure_ascii=False))
            first = False
        for name in sorted(graphs, key=lambda g: g.value):
            named = {"@id": compactor.node(name), "@graph": compact_nodes(compactor, graphs[name])}
            sink.write(("\n" if first else ",\n") + json.dumps(named, ensure_ascii=False))
            first = False
        sink.write("\n]}\n")
