"""The event kinds, read from the one table that defines them.

``event_kinds.tsv`` (in the folder :func:`kg.core.resources.taxonomy_dir` finds) has one row
per kind: its place in the class tree, the families extraction and fusion group it in, its
ACLED codes and how the viewer draws it. ``acled_by_target.tsv`` refines the ACLED codes of
kinds whose codes depend on whom the event hit. The model, the RDF mapping, fusion, the
exports, the viewer and the SHACL shapes all read the kinds from here, so adding a kind
means adding a row (and its class to ``ontology/conflict.ttl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.core.errors import KgError
from kg.core.resources import taxonomy_dir

__all__ = [
    "ROOT",
    "EventKind",
    "AcledCode",
    "TaxonomyError",
    "taxonomy",
    "event_kind",
    "parent_of",
    "ancestors",
    "descendants",
    "family_of",
    "fusion_family_of",
    "generalises",
    "acled_for",
    "acled_codes",
]

#: The class every event kind is below.
ROOT = "Event"

_KIND_COLUMNS = (
    "kind",
    "parent",
    "rank",
    "family",
    "fusion_family",
    "fusion_general",
    "event_type",
    "sub_event_type",
    "colour",
    "shape",
    "label",
)
_TARGET_COLUMNS = ("kind", "target", "event_type", "sub_event_type")
_TARGETS = ("forces", "civilians")


class TaxonomyError(KgError):
    """The taxonomy table is malformed."""


@dataclass(frozen=True)
class EventKind:
    """One event kind: a class under ``ckg:Event`` and everything the pipeline needs of it."""

    name: str
    parent: str
    rank: int
    family: str  # extraction: which sentences of one article form one incident
    fusion_family: str  # fusion: which reports of different articles may be one incident
    fusion_general: bool
    event_type: str | None
    sub_event_type: str | None
    colour: str
    shape: str
    label: str


@dataclass(frozen=True)
class AcledCode:
    """ACLED's codes for a kind when the event hit ``target`` ("*": anyone)."""

    kind: str
    family: str
    target: str
    event_type: str | None
    sub_event_type: str | None


@cache
def _tables(folder: Path) -> tuple[tuple[EventKind, ...], tuple[AcledCode, ...]]:
    kinds: dict[str, EventKind] = {}
    for number, row in _rows(folder / "event_kinds.tsv", _KIND_COLUMNS):
        name, parent = row["kind"], row["parent"]
        if name in kinds or name == ROOT:
            raise TaxonomyError(f"{folder / 'event_kinds.tsv'}:{number}: {name!r} again")
        if parent != ROOT and parent not in kinds:
            raise TaxonomyError(
                f"{folder / 'event_kinds.tsv'}:{number}: parent {parent!r} of {name!r} "
                f"is not {ROOT!r} or a kind listed above it"
            )
        try:
            rank = int(row["rank"])
        except ValueError:
            raise TaxonomyError(
                f"{folder / 'event_kinds.tsv'}:{number}: rank {row['rank']!r} is not a number"
            ) from None
        kinds[name] = EventKind(
            name=name,
            parent=parent,
            rank=rank,
            family=row["family"],
            fusion_family=row["fusion_family"],
            fusion_general=row["fusion_general"].lower() == "yes",
            event_type=row["event_type"] or None,
            sub_event_type=row["sub_event_type"] or None,
            colour=row["colour"],
            shape=row["shape"],
            label=row["label"],
        )
    by_target = folder / "acled_by_target.tsv"
    refined = list(_rows(by_target, _TARGET_COLUMNS)) if by_target.is_file() else []
    for number, row in refined:
        if row["kind"] not in kinds:
            raise TaxonomyError(f"{by_target}:{number}: {row['kind']!r} is no event kind")
        if row["target"] not in _TARGETS:
            raise TaxonomyError(f"{by_target}:{number}: the target is one of {_TARGETS}")
    codes: list[AcledCode] = []
    for kind in kinds.values():
        # Target rows first: the first code whose target matches is the one that applies.
        codes += [
            AcledCode(kind.name, kind.family, row["target"], row["event_type"] or None,
                      row["sub_event_type"] or None)
            for _, row in refined
            if row["kind"] == kind.name
        ]  # fmt: skip
        codes.append(AcledCode(kind.name, kind.family, "*", kind.event_type, kind.sub_event_type))
    return tuple(kinds.values()), tuple(codes)


def _rows(path: Path, columns: tuple[str, ...]):
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise TaxonomyError(f"{path}: cannot read ({error.strerror or error})") from None
    header = None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            if tuple(header) != columns:
                raise TaxonomyError(f"{path}:{number}: the columns are {', '.join(columns)}")
            continue
        if len(cells) > len(columns):
            raise TaxonomyError(f"{path}:{number}: more than {len(columns)} columns")
        yield number, dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))


def taxonomy() -> tuple[EventKind, ...]:
    """Return every event kind, in the table's order (broadest first, parents before children).

    >>> [k.name for k in taxonomy()][:3]
    ['Attack', 'Bombing', 'SuicideBombing']
    """
    return _tables(taxonomy_dir())[0]


def acled_codes() -> tuple[AcledCode, ...]:
    """Return the ACLED codes of every kind; a kind's target-specific codes come first."""
    return _tables(taxonomy_dir())[1]


def event_kind(name: str) -> EventKind | None:
    """Return the kind called ``name``, or None when the table has no such kind."""
    return _by_name(taxonomy()).get(name)


@cache
def _by_name(kinds: tuple[EventKind, ...]) -> dict[str, EventKind]:
    return {kind.name: kind for kind in kinds}


def parent_of(name: str) -> str | None:
    """Return the class directly above a kind (``Event`` at the top), or None for no kind.

    >>> parent_of("SuicideBombing"), parent_of("Ambush"), parent_of("Riot")
    ('Bombing', 'Event', None)
    """
    kind = event_kind(name)
    return kind.parent if kind else None


def ancestors(name: str) -> tuple[str, ...]:
    """Return the kinds above a kind, nearest first, without ``Event``.

    >>> ancestors("SuicideBombing"), ancestors("Attack")
    (('Bombing',), ())
    """
    found: list[str] = []
    parent = parent_of(name)
    while parent not in (None, ROOT):
        found.append(parent)
        parent = parent_of(parent)
    return tuple(found)


def descendants(name: str) -> frozenset[str]:
    """Return the kinds below a kind.

    >>> sorted(descendants("Bombing"))
    ['AirStrike', 'SuicideBombing']
    """
    return frozenset(k.name for k in taxonomy() if name in ancestors(k.name))


def family_of(name: str | None) -> str | None:
    """Return extraction's family of a kind, or None for no kind.

    >>> family_of("Hijacking"), family_of("Clash")
    ('abduction', 'engagement')
    """
    kind = event_kind(name) if name else None
    return kind.family if kind else None


def fusion_family_of(name: str) -> str:
    """Return fusion's family of a kind; an unknown kind is a family of its own.

    >>> fusion_family_of("Hijacking"), fusion_family_of("Clash"), fusion_family_of("Riot")
    ('violence', 'operation', 'Riot')
    """
    kind = event_kind(name)
    return kind.fusion_family if kind else name


def generalises(name: str) -> frozenset[str]:
    """Return the kinds a report of kind ``name`` may be a less exact report of.

    A kind generalises the kinds below it, and a ``fusion_general`` kind every other kind
    of its fusion family.

    >>> sorted(generalises("Bombing"))
    ['AirStrike', 'SuicideBombing']
    """
    kind = event_kind(name)
    if kind is None:
        return frozenset()
    below = descendants(name)
    if kind.fusion_general:
        below |= {k.name for k in taxonomy() if k.fusion_family == kind.fusion_family}
    return frozenset(below - {name})


def acled_for(name: str, target: str = "*") -> tuple[str | None, str | None]:
    """Return ACLED's (event_type, sub_event_type) for a kind whose event hit ``target``.

    Args:
        name: an event kind.
        target: "forces" (a state force among the targets), "civilians" (only civilians)
            or "*" (anyone, or unknown).

    Returns:
        The first code of the kind whose target is ``target`` or "*"; (None, None) when the
        kind and target do not settle it.

    >>> acled_for("Attack", "forces"), acled_for("Attack")
    (('Battles', 'Armed clash'), (None, None))
    """
    code = next((c for c in acled_codes() if c.kind == name and c.target in (target, "*")), None)
    return (code.event_type, code.sub_event_type) if code else (None, None)
