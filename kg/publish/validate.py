"""SHACL validation of a built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.core.resources import ontology_file, shapes_file

__all__ = ["ValidationReport", "validate_graph", "validate_store"]


@dataclass
class ValidationReport:
    conforms: bool
    text: str
    violations: int


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (the union of the article graphs and the fused graph)."""
    from pyshacl import validate

    shapes = Graph().parse(shapes_file())
    ontology = Graph().parse(ontology_file())
    conforms, results, text = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        advanced=True,
        allow_warnings=True,
    )
    from rdflib.namespace import SH

    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    summary = "conforms: the graph passes every shape" if conforms else text
    return ValidationReport(bool(conforms), summary, violations)


def validate_store(store) -> ValidationReport:
    """Validate everything in ``store``: every article's graph and the fused default graph."""
    data = Graph()
    data += store.default_graph()
    for _doc_id, graph in store.document_graphs():
        data += graph
    return validate_graph(data)
