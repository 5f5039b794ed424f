"""conflict-kg: build a knowledge graph of political violence from news articles.

>>> import kg
>>> report = kg.build(["seeds/"], "exports")            # doctest: +SKIP
>>> from kg.extract import extract                        # one document -> Extraction
>>> kg.run_query(kg.open_store("exports", read_only=True), "attacks_by_group")  # doctest: +SKIP
"""

from __future__ import annotations

# The submodules named like the functions below are imported first: importing a
# submodule later would rebind the package attribute and hide the function.
import kg.publish.export as _export_module  # noqa: F401
import kg.publish.validate as _validate_module  # noqa: F401
from kg.core.errors import (
    InputError,
    InputWarning,
    KgError,
    LexiconError,
    QueryError,
    StoreError,
    StoreLocked,
)
from kg.core.model import Document, Entity, EventRecord, Extraction, Relation, Statistic
from kg.ingest import load_documents
from kg.pipeline import BuildReport, build
from kg.publish.export import ExportError
from kg.sparql.named import list_queries, run_query

__all__ = [
    "BuildReport",
    "Document",
    "Entity",
    "EventRecord",
    "Extraction",
    "InputError",
    "InputWarning",
    "ExportError",
    "KgError",
    "LexiconError",
    "QueryError",
    "Relation",
    "Statistic",
    "StoreError",
    "StoreLocked",
    "analyze",
    "build",
    "entities_frame",
    "events_frame",
    "network",
    "export",
    "list_queries",
    "load_documents",
    "open_store",
    "run_query",
    "validate",
]


def open_store(out="exports", url: str | None = None, *, read_only: bool = False):
    """Open the graph store in ``out`` (or the remote store at ``url``)."""
    from pathlib import Path

    from kg.store.embedded import open_store as _open

    return _open(Path(out) if out else None, url=url, read_only=read_only)


def export(out="exports", formats=None):
    """Rewrite the export files of the graph in ``out``; returns {format: path}."""
    from pathlib import Path

    from kg.publish.export import DEFAULT_FORMATS
    from kg.publish.export import export as _export

    with open_store(out) as store:
        return _export(store, Path(out), formats=tuple(formats) if formats else DEFAULT_FORMATS)


def analyze(out="exports", top: int = 10):
    """Network analysis of the fused graph in ``out`` (see :mod:`kg.publish.analysis`)."""
    from kg.publish.analysis import analyze as _analyze
    from kg.publish.analysis import store_network

    with open_store(out, read_only=True) as store:
        return _analyze(store_network(store), top=top)


def validate(out="exports"):
    """SHACL-validate the graph in ``out``; returns a report with ``.conforms`` and ``.text``."""
    from kg.publish.validate import validate_store

    with open_store(out, read_only=True) as store:
        return validate_store(store)


def events_frame(out="exports"):
    """The fused events in ``out`` as a pandas DataFrame (events.csv's columns, typed).

    Needs the ``pandas`` extra: ``pip install 'conflict-kg[pandas]'``.
    """
    from kg.publish.frames import events_frame as _frame

    with open_store(out, read_only=True) as store:
        return _frame(store)


def entities_frame(out="exports"):
    """The actors, places and projects in ``out`` as a pandas DataFrame (entities.csv's columns)."""
    from kg.publish.frames import entities_frame as _frame

    with open_store(out, read_only=True) as store:
        return _frame(store)


def network(out="exports"):
    """The actor, place, event and project network of ``out`` as a networkx MultiDiGraph."""
    from kg.publish.analysis import store_network

    with open_store(out, read_only=True) as store:
        return store_network(store)
