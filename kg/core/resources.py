"""The one place that finds the data files conflict-kg ships.

``ontology/`` sits at the top of the source tree and is copied into the wheel as
``kg/ontology`` (see ``pyproject.toml``); lexicons live in ``kg/lexicons``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = [
    "ontology_dir",
    "ontology_file",
    "shapes_file",
    "queries_dir",
    "lexicons_dir",
    "words_dir",
]

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


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def lexicons_dir() -> Path:
    return _PACKAGE / "lexicons"


def words_dir() -> Path:
    """Return the folder of word-class files (``word``, ``class``, ``value`` rows)."""
    return lexicons_dir() / "words"
