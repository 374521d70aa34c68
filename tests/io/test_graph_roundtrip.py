"""Graphs that `journeykit graph` writes read back, with `jk.load`, as the same programme."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import journeykit as jk
from journeykit.cli import main
from journeykit.io.graphfiles import from_graphml, from_node_link, graphml, node_link
from journeykit.testing import programs

_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize(("fmt", "suffix"), [("graphml", ".graphml"), ("node-link", ".json")])
def test_the_cli_graph_loads_back_as_the_example(fmt: str, suffix: str, tmp_path: Path) -> None:
    out = tmp_path / f"portal{suffix}"
    assert main(["graph", str(jk.example_path()), "--format", fmt, "-o", str(out)]) == 0
    assert jk.load(out) == jk.example()


@_SETTINGS
@given(program=programs())
def test_graphml_and_node_link_files_round_trip(program: jk.Program, tmp_path: Path) -> None:
    # texts are any Unicode: NUL, control characters and carriage returns included
    source = tmp_path / "p.json"
    jk.save(program, source)
    for fmt, suffix in (("graphml", ".xml"), ("node-link", ".json")):
        out = tmp_path / f"graph{suffix}"
        assert main(["graph", str(source), "--format", fmt, "-o", str(out)]) == 0
        assert jk.load(out) == program


@_SETTINGS
@given(program=programs())
def test_graph_texts_round_trip(program: jk.Program) -> None:
    assert from_graphml(graphml(program)) == program
    assert from_node_link(node_link(program)) == program


def test_a_graph_keeps_the_kind_of_roles_and_requirements(portal: jk.Program) -> None:
    graph = portal.graph()
    requirement = portal.requirements[0]
    assert graph.nodes[f"requirement:{requirement.id}"]["kind"] == "requirement"
    assert graph.nodes[f"requirement:{requirement.id}"]["requirement_kind"] == requirement.kind
    assert graph.graph["rules"][0]["id"] == portal.rules[0].id


def test_a_graph_that_is_not_journeykits_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": "x"},
        "nodes": [{"id": "a"}],
        "edges": [],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(jk.SchemaError, match=r"other\.json: node 'a': no 'kind' attribute"):
        jk.load(path)


def test_a_bad_attribute_names_the_node(portal: jk.Program, tmp_path: Path) -> None:
    data = json.loads(node_link(portal))
    step = next(node for node in data["nodes"] if node["kind"] == "step")
    step["emotion"] = 9
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(jk.SchemaError, match=rf"bad\.json: node '{step['id']}', attribute emotion: "):
        jk.load(path)


def test_graphml_with_a_dtd_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        '<node id="&b;"/></graph></graphml>'
    )
    path = tmp_path / "bomb.graphml"
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(jk.ParseError, match=r"bomb\.graphml:1: the XML declares a DTD"):
        jk.load(path)
    xxe = '<?xml version="1.0"?><!DOCTYPE g SYSTEM "file:///etc/passwd"><graphml/>'
    path.write_text(xxe, encoding="utf-8")
    with pytest.raises(jk.ParseError, match="DTD"):
        jk.load(path)


def test_broken_graphml_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.graphml"
    path.write_text("<graphml><graph>", encoding="utf-8")
    with pytest.raises(jk.ParseError, match=r"broken\.graphml:1: not well-formed XML"):
        jk.load(path)


def test_a_node_link_graph_in_a_folder_is_refused(portal: jk.Program, tmp_path: Path) -> None:
    (tmp_path / "graph.json").write_text(node_link(portal), encoding="utf-8")
    jk.save(portal, tmp_path / "portal.yaml")
    with pytest.raises(jk.ParseError, match="node-link graph"):
        jk.load(tmp_path)
