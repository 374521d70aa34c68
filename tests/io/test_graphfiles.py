import json
from pathlib import Path

import networkx as nx
import pytest

import journeykit as jk
from journeykit.io.graphfiles import graph_text, graphml, node_link


def _edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in graph.edges(keys=True)}


def test_node_link_json_reads_back_as_the_same_graph(portal: jk.Program) -> None:
    original = portal.graph()
    back = nx.node_link_graph(json.loads(node_link(portal)), edges="edges")
    assert back.is_multigraph()
    assert back.is_directed()
    assert dict(back.nodes(data="kind")) == dict(original.nodes(data="kind"))
    assert _edge_set(back) == _edge_set(original)
    step = next(n for n, kind in original.nodes(data="kind") if kind == "step")
    assert back.nodes[step]["pain_points"] == list(original.nodes[step]["pain_points"])


def test_graphml_reads_back_with_lists_as_json_text(portal: jk.Program, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    path.write_text(graphml(portal), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    original = portal.graph()
    assert set(back.nodes) == set(original.nodes)
    assert {(u, v, d["relation"]) for u, v, d in back.edges(data=True)} == _edge_set(original)
    persona = back.nodes["persona:sales-manager"]
    assert json.loads(persona["goals"]) == list(portal.persona("sales-manager").goals)


def test_graph_text_refuses_unknown_formats(portal: jk.Program) -> None:
    with pytest.raises(jk.UnsupportedFormatError, match="'dot'"):
        graph_text(portal, "dot")  # type: ignore[arg-type]
