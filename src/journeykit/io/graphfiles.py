"""The graph as files: networkx node-link JSON and GraphML."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import networkx as nx

    from journeykit.program import Program

__all__ = ["GraphFormat", "graph_text", "graphml", "node_link"]

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


def graph_text(program: Program, format: GraphFormat) -> str:
    """The graph in ``format`` ('node-link' or 'graphml')."""
    if format == "node-link":
        return node_link(program)
    if format == "graphml":
        return graphml(program)
    from journeykit.exceptions import UnsupportedFormatError

    raise UnsupportedFormatError(f"unknown graph format {format!r} (must be 'node-link' or 'graphml')")


def _scalar(value: Any) -> Any:
    from journeykit._text import xml_chars

    if isinstance(value, (tuple, list, dict)):
        return json.dumps(value, ensure_ascii=False)  # control characters escaped by json
    # GraphML is XML, which cannot hold a NUL or most control characters: U+FFFD instead
    return xml_chars(value) if isinstance(value, str) else value


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
