"""The traceability graph: DOT that parses back with the same labels, whatever the text."""

from __future__ import annotations

import re

import pygraphviz
import pytest

import journeykit as jk

from .test_mermaid import HOSTILE


def _parse(source: str) -> pygraphviz.AGraph:
    return pygraphviz.AGraph(string=source)


def _label(graph: pygraphviz.AGraph, node: str) -> str:
    # DOT keeps escString escapes: a literal backslash is written "\\"
    return str(graph.get_node(node).attr["label"]).replace("\\\\", "\\")


def test_the_example_traces_personas_steps_actions_and_requirements(portal: jk.Program) -> None:
    journey = portal.journey("deal-registration-future")
    dot = jk.render.traceability(portal, journey=journey.id)
    graph = _parse(dot.source)
    labels = {_label(graph, n) for n in graph.nodes()}
    assert {s.name for s in journey.steps} <= labels
    backlog = jk.derive_requirements(portal, journey=journey.id, include_available=True)
    for row in backlog:
        assert f"{row.title}\n{row.status}, wave {row.wave}" in labels
    assert all(n.startswith("n") and n[1:].isdigit() for n in graph.nodes())  # generated names only
    requirement_nodes = [n for n in graph.nodes() if graph.get_node(n).attr["shape"] == "note"]
    assert len(requirement_nodes) == len(backlog)
    critical = [n for n in requirement_nodes if graph.get_node(n).attr["penwidth"] == "2.5"]
    assert len(critical) == sum(row.critical for row in backlog)


def test_every_journey_by_default(portal: jk.Program) -> None:
    graph = _parse(jk.render.traceability(portal).source)
    step_nodes = [n for n in graph.nodes() if graph.get_node(n).attr["style"] == "rounded,filled"]
    assert len(step_nodes) == sum(len(j.steps) for j in portal.journeys)


def test_the_same_programme_gives_the_same_dot(portal: jk.Program) -> None:
    assert jk.render.traceability(portal).source == jk.render.traceability(jk.example()).source


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_a_label_and_comes_back_intact(text: str) -> None:
    program = jk.Program(
        name=text,
        personas=[jk.Persona(id="p", name=text)],
        requirements=[jk.Requirement(id="r", title=text)],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                personas=["p"],
                stages=[
                    jk.Stage(
                        id="s",
                        name="S",
                        steps=[
                            jk.Step(
                                id="a",
                                name=text,
                                requires=["r"],
                                actions=[jk.Action(id="x", name=text, lane="backstage", requires=["r"])],
                            )
                        ],
                    )
                ],
            )
        ],
    )
    graph = _parse(jk.render.traceability(program).source)
    assert sorted(graph.nodes()) == ["n1", "n2", "n3", "n4"]  # persona, step, requirement, action
    labels = {n: _label(graph, n) for n in graph.nodes()}
    # characters XML cannot hold (a vertical tab, NUL) become U+FFFD, so that the SVG parses
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)
    assert labels["n1"] == text  # the step
    assert text in labels.values()
    assert f"{text}\nmissing, wave 0" in labels.values()
    assert f"{text}\n[backstage]" in labels.values()
    assert graph.number_of_edges() == 4
