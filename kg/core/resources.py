"""The one place that finds the data files conflict-kg ships.

``ontology/`` sits at the top of the source tree and is copied into the wheel as
``kg/ontology`` (see ``pyproject.toml``); lexicons live in ``kg/lexicons``, the table of
event kinds in ``kg/lexicons/taxonomy`` unless ``KG_TAXONOMY`` names another folder.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

__all__ = [
    "ontology_dir",
    "ontology_file",
    "shapes_file",
    "context_file",
    "acled_scheme_file",
    "queries_dir",
    "lexicons_dir",
    "acled_dir",
    "taxonomy_dir",
    "TAXONOMY_ENV_VAR",
    "words_dir",
]

#: Names a folder whose event_kinds.tsv (and acled_by_target.tsv) replace the shipped ones.
TAXONOMY_ENV_VAR = "KG_TAXONOMY"

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def ontology_dir() -> Path:
    """Return the folder holding conflict.ttl, shapes.ttl and queries/."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parent / "ontology"):
        if (candidate / "conflict.ttl").is_file():
            return candidate
    raise FileNotFoundError("ontology/conflict.ttl is not installed with the kg package")


def ontology_file() -> Path:
    return ontology_dir() / "conflict.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def context_file() -> Path:
    """Return ontology/context.jsonld, the JSON-LD context graph.jsonld is compacted with."""
    return ontology_dir() / "context.jsonld"


def acled_scheme_file() -> Path:
    """Return ontology/acled.ttl, ACLED's event types as a SKOS concept scheme."""
    return ontology_dir() / "acled.ttl"


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def lexicons_dir() -> Path:
    return _PACKAGE / "lexicons"


def acled_dir() -> Path:
    """Return the folder of ACLED's code lists: countries.tsv and disorder_types.tsv."""
    return lexicons_dir() / "acled"


def taxonomy_dir() -> Path:
    """Return the folder holding event_kinds.tsv and acled_by_target.tsv.

    ``KG_TAXONOMY`` may name a folder of one's own (a copy of ``kg/lexicons/taxonomy`` with
    kinds added), read instead of the shipped one. Set it before importing kg: the list of
    kinds is read once, at import.
    """
    override = os.environ.get(TAXONOMY_ENV_VAR)
    return Path(override) if override else lexicons_dir() / "taxonomy"


def words_dir() -> Path:
    """Return the folder of word-class files (``word``, ``class``, ``value`` rows)."""
    return lexicons_dir() / "words"
