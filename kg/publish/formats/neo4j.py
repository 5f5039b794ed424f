"""neo4j/: the network as ``neo4j-admin database import`` CSV files and a LOAD CSV script.

``nodes.csv`` has ``id:ID`` (the IRI), ``:LABEL`` (``Resource`` and the node's group and
class, ``;``-separated, e.g. ``Resource;Event;SuicideBombing``) and typed property
columns (``fatalities:int``, ``lat:float``, ``aliases:string[]``...);
``relationships.csv`` has ``:START_ID``, ``:END_ID``, ``:TYPE`` (the relation in upper
snake case: ``PERPETRATOR``, ``PART_OF``) and ``evidence_count:int``. Events are nodes,
linked to their perpetrators, targets and places. Evidence sentences span lines, hence
``--multiline-fields=true``::

    neo4j-admin database import full --nodes=neo4j/nodes.csv \\
        --relationships=neo4j/relationships.csv --multiline-fields=true neo4j

``import.cypher`` loads the same files into a running database with ``LOAD CSV`` (copy
them into its ``import/`` folder first); it needs no plugin: one statement per label set
and per relationship type, written for the labels and types the files hold.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import networkx as nx

from kg.publish.formats.base import atomic_target

__all__ = ["NODE_COLUMNS", "write_neo4j", "neo4j_type"]

#: Every node property, with its neo4j-admin type; the order of nodes.csv's columns.
NODE_COLUMNS = {
    "label": "string", "type": "string", "group": "string", "iri": "string",
    "date": "string", "fatalities:int": "int", "fatalities_max:int": "int",
    "injured:int": "int", "lat:float": "float", "lon:float": "float",
    "event_type": "string", "sub_event_type": "string", "wikidata": "string",
    "aliases:string[]": "string[]", "sources:string[]": "string[]", "evidence": "string",
}  # fmt: skip
_BASE_LABEL = "Resource"  # the label neosemantics (n10s) gives RDF resources, with .iri
_ARRAY = ";"  # neo4j-admin's default array delimiter


def neo4j_type(relation: str) -> str:
    """A relation's name as a Neo4j relationship type.

    >>> neo4j_type("partOf"), neo4j_type("perpetrator")
    ('PART_OF', 'PERPETRATOR')
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", relation).upper()


def _property(data: dict, column: str):
    name, _, kind = column.partition(":")
    value = data.get(name)
    if value is None:
        return ""
    if kind == "string[]":
        return _ARRAY.join(part.strip() for part in str(value).split(";") if part.strip())
    return value


def _labels(data: dict) -> str:
    labels = [_BASE_LABEL, data.get("group"), data.get("type")]
    return ";".join(dict.fromkeys(label for label in labels if label))


def write_neo4j(network: nx.MultiDiGraph, out_dir: Path) -> dict[str, Path]:
    """Write neo4j/nodes.csv, neo4j/relationships.csv and neo4j/import.cypher.

    Returns:
        ``{"neo4j_nodes": path, "neo4j_relationships": path, "neo4j_cypher": path}``.
    """
    folder = out_dir / "neo4j"
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "neo4j_nodes": folder / "nodes.csv",
        "neo4j_relationships": folder / "relationships.csv",
        "neo4j_cypher": folder / "import.cypher",
    }
    label_sets: set[str] = set()
    with (
        atomic_target(files["neo4j_nodes"]) as tmp,
        open(tmp, "w", newline="", encoding="utf-8") as h,
    ):
        writer = csv.writer(h)
        writer.writerow(["id:ID", ":LABEL", *NODE_COLUMNS])
        for node, data in network.nodes(data=True):
            labels = _labels(data)
            label_sets.add(labels)
            writer.writerow([node, labels, *(_property(data, c) for c in NODE_COLUMNS)])
    types: set[str] = set()
    with (
        atomic_target(files["neo4j_relationships"]) as tmp,
        open(tmp, "w", newline="", encoding="utf-8") as h,
    ):
        writer = csv.writer(h)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", "evidence_count:int"])
        for u, v, key, data in network.edges(keys=True, data=True):
            kind = neo4j_type(str(data.get("relation", key)))
            types.add(kind)
            writer.writerow([u, v, kind, data.get("evidence_count", 0)])
    with atomic_target(files["neo4j_cypher"]) as tmp:
        Path(tmp).write_text(_cypher(sorted(label_sets), sorted(types)), encoding="utf-8")
    return files


def _cypher_value(column: str) -> str:
    name, _, kind = column.partition(":")
    cell = f"row.`{column}`"
    if kind == "int":
        return f"toInteger({cell})"
    if kind == "float":
        return f"toFloat({cell})"
    if kind == "string[]":
        return f"CASE WHEN {cell} IS NULL THEN null ELSE split({cell}, '{_ARRAY}') END"
    return cell


def _cypher(label_sets: list[str], types: list[str]) -> str:
    sets = ",\n    ".join(
        f"n.{column.partition(':')[0]} = {_cypher_value(column)}" for column in NODE_COLUMNS
    )
    lines = [
        "// Load nodes.csv and relationships.csv into a running Neo4j (4.4 or 5):",
        "// copy both into the database's import/ folder, then run this file, e.g.",
        "//   cypher-shell -u neo4j -p <password> -f import.cypher",
        f"CREATE CONSTRAINT ckg_resource_id IF NOT EXISTS FOR (n:{_BASE_LABEL}) REQUIRE n.id IS UNIQUE;",
        "",
    ]
    for labels in label_sets:
        names = ":".join(f"`{label}`" for label in labels.split(";"))
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
            f"WITH row WHERE row.`:LABEL` = '{labels}'",
            f"MERGE (n:{names} {{id: row.`id:ID`}})",
            f"SET {sets};",
            "",
        ]
    for kind in types:
        lines += [
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{kind}'",
            f"MATCH (a:{_BASE_LABEL} {{id: row.`:START_ID`}}), (b:{_BASE_LABEL} {{id: row.`:END_ID`}})",
            f"CREATE (a)-[:`{kind}` {{evidence_count: toInteger(row.`evidence_count:int`)}}]->(b);",
            "",
        ]
    return "\n".join(lines)
