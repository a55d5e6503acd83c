"""Graph export: GraphML, JSON Lines, and CSV for Neo4j and Gephi (docs/export.md). No SQL here.

The graph comes from `warta.store.graph.read_graph`; the writers only format it. Output is deterministic: the
same graph gives the same bytes (nodes by id, edges by source, target and type, `kb` with sorted keys).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from warta.errors import InputError, WartaError
from warta.store.graph import Graph, GraphEdge, Node

FORMATS = ("graphml", "jsonl", "csv")

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_GRAPHML_XSD = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

# (attr.name, attr.type) of the GraphML data keys; "label" repeats the name for Gephi, which displays it.
NODE_KEYS = (
    ("label", "string"),
    ("name", "string"),
    ("type", "string"),
    ("named", "boolean"),
    ("aliases", "string"),
    ("mention_count", "int"),
    ("article_count", "int"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("kb", "string"),
)
EDGE_KEYS = (
    ("type", "string"),
    ("weight", "int"),
    ("article_count", "int"),
    ("first_seen", "string"),
    ("last_seen", "string"),
)

NEO4J_NODE_HEADER = (
    "id:ID", "name", "type", ":LABEL", "named:boolean", "aliases:string[]", "mention_count:int",
    "article_count:int", "first_seen", "last_seen", "kb",
)  # fmt: skip
NEO4J_EDGE_HEADER = (":START_ID", ":END_ID", ":TYPE", "weight:int", "article_count:int", "first_seen", "last_seen")
GEPHI_NODE_HEADER = ("Id", "Label", "type", "mention_count", "article_count")
GEPHI_EDGE_HEADER = ("Source", "Target", "Type", "Weight", "Label")
NEO4J_ARRAY_DELIMITER = ";"
ENTITY_LABEL = "Entity"

# Characters XML 1.0 does not allow, even escaped (C0 controls other than tab and line breaks, U+FFFE/U+FFFF,
# lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LINE_BREAK = re.compile(r"[\r\n]+")


# --- GraphML -------------------------------------------------------------------------------------------


def write_graphml(graph: Graph, path: Path) -> list[Path]:
    """Write the graph as directed GraphML (every attribute declared by a `<key>`); returns [path]."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
        xml.startDocument()
        _start(
            xml,
            "graphml",
            {"xmlns": GRAPHML_NS, "xmlns:xsi": _XSI_NS, "xsi:schemaLocation": f"{GRAPHML_NS} {_GRAPHML_XSD}"},
        )
        _write_keys(xml)
        _newline(xml, 1)
        _start(xml, "graph", {"id": "warta", "edgedefault": "directed"})
        for node in graph.nodes:
            _write_item(xml, "node", {"id": _xml_text(node.id)}, "n", _node_data(node))
        for number, edge in enumerate(graph.edges):
            attrs = {"id": f"e{number}", "source": _xml_text(edge.source), "target": _xml_text(edge.target)}
            _write_item(xml, "edge", attrs, "e", _edge_data(edge))
        _newline(xml, 1)
        xml.endElement("graph")
        _newline(xml, 0)
        xml.endElement("graphml")
        xml.endDocument()
        out.write("\n")
    return [path]


def _write_keys(xml: XMLGenerator) -> None:
    """The `<key>` declarations; ids are n_NAME for node attributes and e_NAME for edge attributes."""
    for prefix, target, keys in (("n", "node", NODE_KEYS), ("e", "edge", EDGE_KEYS)):
        for name, attr_type in keys:
            _newline(xml, 1)
            attrs = {"id": f"{prefix}_{name}", "for": target, "attr.name": name, "attr.type": attr_type}
            _start(xml, "key", attrs)
            xml.endElement("key")


def _write_item(
    xml: XMLGenerator, tag: str, attrs: Mapping[str, str], prefix: str, data: Sequence[tuple[str, object]]
) -> None:
    """One `<node>` or `<edge>` with a `<data>` child per attribute that has a value (None is left out)."""
    _newline(xml, 2)
    _start(xml, tag, attrs)
    for name, value in data:
        if value is None:
            continue
        _newline(xml, 3)
        _start(xml, "data", {"key": f"{prefix}_{name}"})
        xml.characters(_graphml_value(value))
        xml.endElement("data")
    _newline(xml, 2)
    xml.endElement(tag)


def _node_data(node: Node) -> list[tuple[str, object]]:
    """A node's GraphML attributes, in the order of NODE_KEYS."""
    return [
        ("label", node.name),
        ("name", node.name),
        ("type", node.type),
        ("named", node.named),
        ("aliases", "|".join(node.aliases)),
        ("mention_count", node.mention_count),
        ("article_count", node.article_count),
        ("first_seen", node.first_seen),
        ("last_seen", node.last_seen),
        ("kb", _json(node.kb)),
    ]


def _edge_data(edge: GraphEdge) -> list[tuple[str, object]]:
    """An edge's GraphML attributes, in the order of EDGE_KEYS."""
    return [
        ("type", edge.type),
        ("weight", edge.weight),
        ("article_count", edge.article_count),
        ("first_seen", edge.first_seen),
        ("last_seen", edge.last_seen),
    ]


def _graphml_value(value: object) -> str:
    """The text of a GraphML value: booleans as true/false, characters XML cannot hold removed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _xml_text(str(value))


def _xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot represent (the XML writer escapes the rest)."""
    return _NOT_XML.sub("", text)


def _start(xml: XMLGenerator, tag: str, attrs: Mapping[str, str]) -> None:
    """Open an element with attributes (in the given order; the writer escapes their values)."""
    xml.startElement(tag, AttributesImpl(dict(attrs)))


def _newline(xml: XMLGenerator, depth: int) -> None:
    """A line break and indentation between elements."""
    xml.ignorableWhitespace("\n" + "  " * depth)


# --- JSON Lines ----------------------------------------------------------------------------------------


def write_jsonl(graph: Graph, path: Path) -> list[Path]:
    """Write one JSON object per line: every node (`"kind": "node"`), then every edge; returns [path]."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in _records(graph):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [path]


def _records(graph: Graph) -> Iterator[dict[str, Any]]:
    """The JSON Lines records: nodes, then edges, each with its `kind` first."""
    for node in graph.nodes:
        yield {"kind": "node", **asdict(node)}
    for edge in graph.edges:
        yield {"kind": "edge", **asdict(edge)}


# --- CSV -----------------------------------------------------------------------------------------------


def write_csv(graph: Graph, folder: Path) -> list[Path]:
    """Write nodes.csv and edges.csv (neo4j-admin import headers) and gephi_nodes.csv and gephi_edges.csv
    (Gephi's spreadsheet import) into `folder`; returns the four paths."""
    folder.mkdir(parents=True, exist_ok=True)
    tables: list[tuple[str, Sequence[str], Iterator[list[object]]]] = [
        ("nodes.csv", NEO4J_NODE_HEADER, (_neo4j_node(node) for node in graph.nodes)),
        ("edges.csv", NEO4J_EDGE_HEADER, (_neo4j_edge(edge) for edge in graph.edges)),
        ("gephi_nodes.csv", GEPHI_NODE_HEADER, (_gephi_node(node) for node in graph.nodes)),
        ("gephi_edges.csv", GEPHI_EDGE_HEADER, (_gephi_edge(edge) for edge in graph.edges)),
    ]
    written = []
    for name, header, rows in tables:
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as out:
            _write_table(out, header, rows)
        written.append(path)
    return written


def _write_table(out: TextIO, header: Sequence[str], rows: Iterator[list[object]]) -> None:
    """A header line and rows, comma-separated, quoted where needed, lines ending in \\n."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def _neo4j_node(node: Node) -> list[object]:
    """A nodes.csv row, in the order of NEO4J_NODE_HEADER."""
    aliases = NEO4J_ARRAY_DELIMITER.join(_one_line(a).replace(NEO4J_ARRAY_DELIMITER, ",") for a in node.aliases)
    return [
        node.id,
        _one_line(node.name),
        node.type,
        neo4j_labels(node.type),
        "true" if node.named else "false",
        aliases,
        node.mention_count,
        node.article_count,
        node.first_seen,
        node.last_seen,
        _json(node.kb),
    ]


def _neo4j_edge(edge: GraphEdge) -> list[object]:
    """An edges.csv row, in the order of NEO4J_EDGE_HEADER (the relationship type upper-cased: SAID)."""
    return [
        edge.source,
        edge.target,
        edge.type.upper(),
        edge.weight,
        edge.article_count,
        edge.first_seen,
        edge.last_seen,
    ]


def _gephi_node(node: Node) -> list[object]:
    """A gephi_nodes.csv row: the name is the label Gephi shows."""
    return [node.id, _one_line(node.name), node.type, node.mention_count, node.article_count]


def _gephi_edge(edge: GraphEdge) -> list[object]:
    """A gephi_edges.csv row: every edge is Directed; the relation goes in Label."""
    return [edge.source, edge.target, "Directed", edge.weight, edge.type]


def neo4j_labels(node_type: str) -> str:
    """Neo4j labels of a node type: "Entity;GovernmentBody" for an entity, "Quote" for a quote."""
    label = "".join(part.capitalize() for part in node_type.split("_"))
    return label if node_type == "quote" else f"{ENTITY_LABEL}{NEO4J_ARRAY_DELIMITER}{label}"


def _one_line(text: str) -> str:
    """`text` with line breaks turned into spaces (neo4j-admin reads one record per line by default)."""
    return _LINE_BREAK.sub(" ", text)


def _json(value: Mapping[str, Any]) -> str:
    """A compact JSON object with sorted keys (deterministic bytes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- dispatch ------------------------------------------------------------------------------------------

Writer = Callable[[Graph, Path], list[Path]]
WRITERS: dict[str, Writer] = {"graphml": write_graphml, "jsonl": write_jsonl, "csv": write_csv}


def export(graph: Graph, fmt: str, target: Path) -> list[Path]:
    """Write the graph in one of FORMATS: a file for graphml and jsonl, a folder for csv; returns the files.

    Missing parent folders are created. InputError for an unknown format, WartaError when writing fails.
    """
    writer = WRITERS.get(fmt)
    if writer is None:
        raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    try:
        return writer(graph, target)
    except OSError as exc:
        raise WartaError(f"{target}: cannot write the export ({exc.strerror or exc})") from exc


__all__ = ["FORMATS", "export", "neo4j_labels", "write_csv", "write_graphml", "write_jsonl"]
