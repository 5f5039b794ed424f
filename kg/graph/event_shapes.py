"""The SHACL shapes that check an event's class, written from the taxonomy table.

``ontology/shapes.ttl`` holds them between two marker lines; everything else in that file
is written by hand. Run ``python -m kg.graph.event_shapes`` after changing
``kg/lexicons/taxonomy/event_kinds.tsv`` to rewrite them, and ``--check`` to see whether
they are current (``tests/test_taxonomy.py`` does the same).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from kg.core.errors import KgError
from kg.core.resources import shapes_file
from kg.core.taxonomy import ROOT, EventKind, ancestors, descendants, taxonomy

__all__ = ["BEGIN", "END", "event_kind_shapes", "write_event_kind_shapes", "main"]

BEGIN = "# BEGIN event kinds: written by `python -m kg.graph.event_shapes`; edit the table instead."
END = "# END event kinds"

_WIDTH = 100
_INDENT = " " * 41  # under the first class of a `sh:qualifiedValueShape [ sh:in (` line


def _in_list(names: Sequence[str]) -> str:
    line = " ".join(f"ckg:{n}" for n in names)
    lines = textwrap.wrap(line, width=_WIDTH - len(_INDENT), break_on_hyphens=False)
    return f"\n{_INDENT}".join(lines)


def _type_property(names: Sequence[str], count: str, message: str) -> str:
    return (
        "    sh:property [\n"
        "        sh:path rdf:type ;\n"
        f"        sh:qualifiedValueShape [ sh:in ( {_in_list(names)} ) ] ;\n"
        f"        {count} ;\n"
        f'        sh:message "{message}" ;\n'
        "    ]"
    )


def event_kind_shapes(kinds: Sequence[EventKind] | None = None) -> str:
    """Return the Turtle that checks an event has exactly one event class.

    Every event has one class among the kinds; among the kinds directly under ``ckg:Event``
    it has at most one, since RDFS inference adds a kind's ancestors; and a node of a kind
    lower down has no class beside its own, its ancestors and its descendants.

    Args:
        kinds: the event kinds, parents before children; the table's kinds by default.

    Returns:
        The lines between :data:`BEGIN` and :data:`END`, without them.
    """
    kinds = list(taxonomy() if kinds is None else kinds)
    names = [k.name for k in kinds]
    top = [k.name for k in kinds if k.parent == ROOT]
    message = f"An event has exactly one event class ({', '.join(names[:3])}, ...)."
    blocks = [
        "# A SuicideBombing is also a Bombing once RDFS inference runs, so the count that must\n"
        "# be one leaves out kinds below another kind, and a shape for each such kind makes sure\n"
        "# nothing but its ancestors and descendants comes with it.\n"
        "ckgsh:EventShape\n"
        + _type_property(names, "sh:qualifiedMinCount 1", message)
        + " ;\n"
        + _type_property(top, "sh:qualifiedMaxCount 1", message)
        + " .\n"
    ]
    for kind in kinds:
        if kind.parent == ROOT:
            continue
        allowed = {kind.name, *ancestors(kind.name), *descendants(kind.name)}
        others = [n for n in names if n not in allowed]
        blocks.append(
            f"ckgsh:{kind.name}Shape a sh:NodeShape ;\n"
            f"    sh:targetClass ckg:{kind.name} ;\n"
            + _type_property(others, "sh:qualifiedMaxCount 0", message)
            + " .\n"
        )
    return "\n".join(blocks)


def _split(text: str, path: Path) -> tuple[str, str, str]:
    head, begin, rest = text.partition(BEGIN + "\n")
    body, end, tail = rest.partition(END + "\n")
    if not begin or not end:
        raise KgError(f"{path}: the lines {BEGIN!r} and {END!r} are missing")
    return head, body, tail


def write_event_kind_shapes(path: Path | None = None, check: bool = False) -> bool:
    """Rewrite the event-class shapes in a shapes file from the taxonomy table.

    Args:
        path: the shapes file; ``ontology/shapes.ttl`` by default.
        check: only compare, write nothing.

    Returns:
        True when the file's shapes differ(ed) from the table's.
    """
    path = path or shapes_file()
    text = path.read_text(encoding="utf-8")
    head, body, tail = _split(text, path)
    wanted = event_kind_shapes()
    if body == wanted:
        return False
    if not check:
        path.write_text(f"{head}{BEGIN}\n{wanted}{END}\n{tail}", encoding="utf-8")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or ``--check``) the event-class shapes; exit 1 when a check finds them stale."""
    parser = argparse.ArgumentParser(prog="python -m kg.graph.event_shapes", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--shapes", type=Path, default=None, help="shapes file to rewrite")
    args = parser.parse_args(argv)
    path = args.shapes or shapes_file()
    stale = write_event_kind_shapes(path, check=args.check)
    if args.check:
        print(f"{path}: {'out of date' if stale else 'up to date'}")
        return int(stale)
    print(f"{path}: {'rewritten' if stale else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
