"""The graph as files: networkx node-link JSON and GraphML, written and read back."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import networkx as nx

    from journeykit.program import Program

__all__ = [
    "GraphFormat",
    "from_graphml",
    "from_node_link",
    "graph_text",
    "graphml",
    "is_node_link",
    "node_link",
]

GraphFormat = Literal["node-link", "graphml"]


def node_link(program: Program) -> str:
    """The programme's graph as networkx node-link JSON.

    Read it back with ``nx.node_link_graph(json.loads(text), edges="edges")``.

    Examples
    --------
    >>> data = json.loads(jk.io.graphfiles.node_link(jk.example()))
    >>> data["multigraph"], data["nodes"][0]["id"]
    (True, 'persona:sales-manager')
    """
    import networkx as nx

    data = nx.node_link_data(program.graph(), edges="edges")
    return json.dumps(data, indent=2, ensure_ascii=False, default=list) + "\n"


def graphml(program: Program) -> str:
    """The programme's graph as GraphML.

    GraphML holds only scalar attributes, so lists and mappings are written
    as JSON text and absent (None) values are left out.

    Examples
    --------
    >>> "<graphml" in jk.io.graphfiles.graphml(jk.example())
    True
    """
    import networkx as nx

    graph = _scalar_copy(program.graph())
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def is_node_link(data: object) -> bool:
    """Whether parsed JSON is a node-link graph rather than a programme.

    Examples
    --------
    >>> is_node_link(json.loads(node_link(jk.example()))), is_node_link({"name": "Portal"})
    (True, False)
    """
    return (
        isinstance(data, dict)
        and {"directed", "multigraph", "nodes"} <= data.keys()
        and ("edges" in data or "links" in data)
    )


def from_node_link(data: object, *, source: str = "<string>") -> Program:
    """The programme in node-link JSON that ``node_link`` wrote (the text, or it parsed).

    Raises a ``SchemaError`` naming ``source`` and the node at fault when it
    is not a journeykit graph.

    Examples
    --------
    >>> program = jk.example()
    >>> from_node_link(node_link(program)) == program
    True
    """
    import networkx as nx

    from journeykit.exceptions import JourneyKitError, SchemaError
    from journeykit.io._from_graph import program_from_graph

    if isinstance(data, (str, bytes)):
        from journeykit.io._files import _parse_json

        try:
            data = _parse_json(data.encode() if isinstance(data, str) else data, source)
        except JourneyKitError as err:
            raise type(err)(err.message, file=source, line=err.line) from None
    if not is_node_link(data):
        raise SchemaError(
            "not a node-link graph: it needs directed, multigraph, nodes and edges", file=source
        )
    assert isinstance(data, dict)
    try:
        graph = nx.node_link_graph(data, edges="edges" if "edges" in data else "links")
    except (nx.NetworkXError, KeyError, TypeError, ValueError, AttributeError) as err:
        raise SchemaError(f"not a node-link graph journeykit can read: {err}", file=source) from None
    return program_from_graph(graph, display=source, graphml=False)


def from_graphml(text: str | bytes, *, source: str = "<string>") -> Program:
    """The programme in GraphML that ``graphml`` wrote.

    The XML may not declare a DTD, so that no entity is ever expanded or
    fetched (no "billion laughs", no external entities).

    Examples
    --------
    >>> program = jk.example()
    >>> from_graphml(graphml(program)) == program
    True
    """
    import networkx as nx

    from journeykit.exceptions import SchemaError
    from journeykit.io._from_graph import program_from_graph

    raw = text.encode("utf-8") if isinstance(text, str) else text
    _check_xml(raw, source)
    try:
        graph = nx.parse_graphml(raw, force_multigraph=True)
    except (nx.NetworkXError, KeyError, TypeError, ValueError) as err:
        raise SchemaError(f"not a GraphML graph journeykit can read: {err}", file=source) from None
    return program_from_graph(graph, display=source, graphml=True)


def _check_xml(raw: bytes, source: str) -> None:
    """Parse ``raw`` once with expat, refusing any DTD (hence every entity declaration)."""
    from xml.parsers import expat

    from journeykit.exceptions import ParseError

    def refuse(*_: object) -> None:
        raise ValueError("the XML declares a DTD; journeykit's GraphML has none (entities are refused)")

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: 0  # never fetch anything
    try:
        parser.Parse(raw, True)
    except ValueError as err:
        raise ParseError(str(err), file=source, line=parser.CurrentLineNumber) from None
    except expat.ExpatError as err:
        raise ParseError(
            f"not well-formed XML: {expat.errors.messages[err.code]}", file=source, line=err.lineno
        ) from None


def graph_text(program: Program, format: GraphFormat) -> str:
    """The graph in ``format`` ('node-link' or 'graphml')."""
    if format == "node-link":
        return node_link(program)
    if format == "graphml":
        return graphml(program)
    from journeykit.exceptions import UnsupportedFormatError

    raise UnsupportedFormatError(f"unknown graph format {format!r} (must be 'node-link' or 'graphml')")


def _scalar(value: Any) -> Any:
    from journeykit._text import _NOT_XML

    if isinstance(value, (tuple, list, dict)):
        text = json.dumps(value, ensure_ascii=False)  # control characters escaped by json
        return json.dumps(value) if _NOT_XML.search(text) else text
    # XML cannot hold a NUL or most control characters, and its readers turn a
    # carriage return into a line feed: such a text is written as JSON text
    # (ASCII, every such character escaped), and so is a text that starts with
    # a quote, so that the reader knows which texts to decode.
    if isinstance(value, str) and (value.startswith('"') or "\r" in value or _NOT_XML.search(value)):
        return json.dumps(value)
    return value


def _scalar_copy(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    import networkx as nx

    copy = nx.MultiDiGraph(**{k: _scalar(v) for k, v in graph.graph.items() if v is not None})
    copy.add_nodes_from(
        (n, {k: _scalar(v) for k, v in attrs.items() if v is not None}) for n, attrs in graph.nodes(data=True)
    )
    copy.add_edges_from(
        (u, v, key, {k: _scalar(x) for k, x in attrs.items() if x is not None})
        for u, v, key, attrs in graph.edges(keys=True, data=True)
    )
    return copy
