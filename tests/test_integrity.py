"""Whole-programme checks, against an independent oracle (networkx)."""

from __future__ import annotations

import itertools
import re

import networkx as nx
import pydantic
from hypothesis import given, settings
from hypothesis import strategies as st

import journeykit as jk

NAMES = [f"r{i}" for i in range(7)]


@st.composite
def dependency_graphs(draw: st.DrawFn) -> dict[str, list[str]]:
    count = draw(st.integers(1, len(NAMES)))
    nodes = NAMES[:count]
    return {n: draw(st.lists(st.sampled_from(nodes), max_size=3, unique=True)) for n in nodes}


@settings(max_examples=300, deadline=None)
@given(dependency_graphs())
def test_a_cycle_is_reported_exactly_when_there_is_one(graph: dict[str, list[str]]) -> None:
    oracle = nx.DiGraph()
    oracle.add_nodes_from(graph)
    oracle.add_edges_from((a, b) for a, targets in graph.items() for b in targets)
    requirements = [jk.Requirement(id=n, title=n, depends_on=deps) for n, deps in graph.items()]
    if nx.is_directed_acyclic_graph(oracle):
        assert len(jk.Program(name="P", requirements=requirements).requirements) == len(graph)
        return
    try:
        jk.Program(name="P", requirements=requirements)
    except pydantic.ValidationError as err:
        [error] = err.errors()
    else:
        raise AssertionError("a cycle went unreported")
    assert error["type"] == "dependency_cycle"
    cycle = re.search(r"cycle: ([\w >-]+);", error["msg"]).group(1).split(" -> ")  # type: ignore[union-attr]
    assert cycle[0] == cycle[-1]
    for a, b in itertools.pairwise(cycle):
        assert oracle.has_edge(a, b), (a, b, error["msg"])
    loc = error["loc"]
    assert graph[requirements[loc[1]].id][loc[3]] == cycle[1]  # the loc is the link that starts the cycle
